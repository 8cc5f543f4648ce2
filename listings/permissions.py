"""Small predicates about what a person may do with a listing or need they can already see."""

from accounts.models import AnyUser, Membership, Organisation
from accounts.permissions import can_edit_for, is_member
from core.access import DECIDE, may
from listings.models import Interest, Listing, Need, OpenLicenceGrant


def is_seller(user: AnyUser, listing: Listing) -> bool:
    return is_member(user, listing.organisation)


def can_manage(user: AnyUser, listing: Listing) -> bool:
    """The seller's admins and members change the listing; the operator too (its leads: can_decide_leads)."""
    return can_edit_for(user, listing.organisation)


def can_decide_leads(user: AnyUser, listing: Listing) -> bool:
    """Accepting or declining a lead is the seller's members' own decision, never the operator's."""
    return may(user, listing, DECIDE)


def can_see_confidential(user: AnyUser, listing: Listing) -> bool:
    """The confidential part: the seller, the operator, and organisations whose interest was accepted
    (or that hold an open licence under the listing)."""
    if getattr(user, "is_staff", False) or is_seller(user, listing):
        return True
    if not user.is_authenticated:
        return False
    orgs = Organisation.objects.of_member(user).values("pk")
    accepted = Interest.objects.filter(
        listing=listing, organisation__in=orgs, status=Interest.Status.ACCEPTED
    )
    return (
        accepted.exists() or OpenLicenceGrant.objects.filter(listing=listing, organisation__in=orgs).exists()
    )


def acting_organisations(user: AnyUser):
    """The approved organisations in which the user may act (express interest, take a licence)."""
    if not user.is_authenticated:
        return Organisation.objects.none()
    return Organisation.objects.filter(
        memberships__user=user,
        memberships__role__in=Membership.WRITING_ROLES,
        status=Organisation.Status.APPROVED,
    )


def can_manage_need(user: AnyUser, need: Need) -> bool:
    return can_edit_for(user, need.organisation)


def can_see_matches(user: AnyUser, need: Need) -> bool:
    """Matches draw on the buyer's own portfolio: its members and the operator only."""
    return getattr(user, "is_staff", False) or is_member(user, need.organisation)
