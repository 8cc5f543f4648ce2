"""The marketplace's records: listings and what happens to them, needs, subscriptions and the search index."""

from listings.models.alert import Notification, Subscription
from listings.models.listing import (
    Interest,
    Listing,
    ListingAsset,
    ListingTranslation,
    OpenLicenceGrant,
    PledgeeConsent,
)
from listings.models.need import Need, NeedTranslation
from listings.models.search import ListingKey, SearchChange, SearchState

__all__ = [
    "Interest",
    "Listing",
    "ListingAsset",
    "ListingKey",
    "ListingTranslation",
    "Need",
    "NeedTranslation",
    "Notification",
    "OpenLicenceGrant",
    "PledgeeConsent",
    "SearchChange",
    "SearchState",
    "Subscription",
]
