"""What the marketplace puts on a member's home: leads to answer, listings to fix, unread notifications."""

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from accounts.models import AnyUser, Organisation
from core.home import InboxItem, Shortcut
from listings.models import Interest, Listing, Need, Notification


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
