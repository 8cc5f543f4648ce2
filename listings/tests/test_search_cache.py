"""The cards each worker keeps for results pages: reused while their row is unchanged, never stale, never
holding the confidential part."""

import pytest

from accounts.models import Organisation
from listings.cards import card_cache
from listings.models import Listing
from listings.search import search_listings

pytestmark = pytest.mark.django_db


@pytest.fixture
def listing(make_listing, asset, staff):
    return make_listing([asset], publish=True, staff=staff, title="KRAS G12C inhibitor, cached")


def first_card(**arguments):
    return search_listings(**arguments).listings[0]


def test_an_unchanged_listing_reuses_its_card(listing):
    assert first_card() is first_card()


def test_a_change_made_outside_the_services_shows_in_the_next_search(listing):
    first_card()
    Listing.objects.filter(pk=listing.pk).update(title="Renamed behind the index", upfront_min="1250.50")
    card = first_card()
    assert card.title == "Renamed behind the index"
    assert str(card.upfront_min) == "1250.50"


def test_a_renamed_seller_shows_in_the_next_search(listing):
    first_card()
    Organisation.objects.filter(pk=listing.organisation_id).update(name="Alice Biotherapeutics")
    assert first_card().organisation.name == "Alice Biotherapeutics"


def test_a_listing_off_the_market_is_not_shown_even_before_the_index_knows(listing):
    assert first_card().pk == listing.pk
    Listing.objects.filter(pk=listing.pk).update(status=Listing.Status.DRAFT)  # no reindex
    assert search_listings().listings == []


def test_a_listing_under_negotiation_shows_its_new_status(listing):
    first_card()
    Listing.objects.filter(pk=listing.pk).update(status=Listing.Status.UNDER_NEGOTIATION)
    assert first_card().status == "under_negotiation"


def test_no_cached_card_holds_the_confidential_part(listing):
    first_card()
    cached = card_cache.entries[listing.pk]
    assert "CONFIDENTIAL-DOSSIER-77" in Listing.objects.get(pk=listing.pk).confidential_details
    assert "CONFIDENTIAL-DOSSIER-77" not in repr(cached.row) + repr(vars(cached))
