"""What the marketplace puts on a member's home: leads to answer, listings to fix, unread notifications."""

from typing import Any

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from accounts.models import AnyUser, Organisation
from core.home import InboxItem, Shortcut
from listings.models import Interest, Listing, Need, Notification
from listings.translations import for_reader, need_for_reader


def inbox(user: AnyUser) -> list[InboxItem]:
    orgs = Organisation.objects.of_member(user).values("pk")
    leads = Interest.objects.visible_to(user).filter(
        listing__organisation__in=orgs, status=Interest.Status.PENDING
    )
    rejected = Listing.objects.of_seller(user).filter(status=Listing.Status.REJECTED)
    items = [
        InboxItem(_("Leads to answer"), reverse("listings:inbox"), leads.count()),
        InboxItem(_("Listings to fix after screening"), reverse("listings:inbox"), rejected.count()),
    ]
    if user.is_staff:
        submitted = Listing.objects.restrict(user).filter(status=Listing.Status.SUBMITTED)
        items.append(InboxItem(_("Listings to screen"), reverse("listings:review_queue"), submitted.count()))
    return items


def shortcuts(user: AnyUser) -> list[Shortcut]:
    links = [
        Shortcut(_("My deals"), reverse("listings:inbox")),
        Shortcut(_("My needs"), reverse("listings:needs")),
    ]
    if user.is_staff:
        links.append(Shortcut(_("Screening"), reverse("listings:review_queue")))
    return links


def unread(user: AnyUser) -> int:
    return Notification.objects.visible_to(user).filter(read_at__isnull=True).count()


def own_listings(user: AnyUser):
    return Listing.objects.of_seller(user)


def own_needs(user: AnyUser):
    return Need.objects.of_member(user)


def latest_listings(user: AnyUser, language: str, limit: int = 8) -> list[dict[str, Any]]:
    """The organisations' latest listings for the member's home, each with its headline as the reader is
    shown it (the seller's translation where they gave one)."""
    found = Listing.objects.of_seller(user).select_related("organisation").prefetch_related("translations")
    latest = found.order_by("-pk")[:limit]
    return [{"listing": listing, "shown": for_reader(listing, language)} for listing in latest]


def latest_needs(user: AnyUser, language: str, limit: int = 8) -> list[dict[str, Any]]:
    """The organisations' latest needs for the member's home, each with its title as the reader is shown
    it."""
    found = Need.objects.of_member(user).select_related("organisation").prefetch_related("translations")
    latest = found.order_by("-pk")[:limit]
    return [{"need": need, "shown": need_for_reader(need, language)} for need in latest]
