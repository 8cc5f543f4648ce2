"""Subscriptions and alerts: a new listing that matches a need, a saved search or the regular digest
becomes an in-app notification, then an e-mail (at once, daily or weekly) in the member's language,
each with its unsubscribe link."""

from datetime import datetime, timedelta
from typing import Any

from django.conf import settings
from django.core.mail import EmailMessage
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from accounts.models import Membership, User
from assets.models import Asset
from core.errors import Forbidden, InvalidInput
from core.events import record_event
from listings import matches, search
from listings.models import Listing, Need, Notification, Subscription

INTERVALS: dict[str, timedelta] = {
    Subscription.Frequency.DAILY: timedelta(days=1),
    Subscription.Frequency.WEEKLY: timedelta(days=7),
}
MAX_ITEMS = 50
CERTIFIED_LOOKBACK = timedelta(days=31)  # how far back a digest looks for new attestations


def _clean_search(value: dict | None) -> dict:
    value = dict(value or {})
    query = str(value.pop("q", "") or "").strip()[:200]
    filters = search.clean_filters({k: v for k, v in value.items() if k in search.PREFIX})
    if not query and not filters:
        raise InvalidInput(_("A saved search needs words or at least one filter."), field="search")
    return {"q": query, **filters}


@transaction.atomic
def subscribe(
    *,
    user: User,
    kind: str,
    frequency: str = Subscription.Frequency.DAILY,
    need: Need | None = None,
    search_params: dict | None = None,
    label: str = "",
) -> Subscription:
    """Subscribe a member to a need of their organisation, a saved search, or every new listing."""
    if not getattr(user, "is_authenticated", False):
        raise Forbidden(_("Sign in to subscribe."))
    if kind not in Subscription.Kind.values:
        raise InvalidInput(_("Unknown kind of subscription."), field="kind")
    if frequency not in Subscription.Frequency.values:
        raise InvalidInput(_("Unknown frequency."), field="frequency")
    fields: dict[str, Any] = {"need": None, "search": {}}
    if kind == Subscription.Kind.NEED:
        if need is None or not Need.objects.of_member(user).filter(pk=need.pk).exists():
            raise InvalidInput(_("Choose one of your organisation's needs."), field="need")
        fields["need"] = need
        label = label or need.title
    elif kind == Subscription.Kind.SEARCH:
        fields["search"] = _clean_search(search_params)
        label = label or fields["search"].get("q") or _("Saved search")
    else:
        label = label or _("New listings and certified assets")
    subscription = Subscription.objects.create(
        user=user, kind=kind, frequency=frequency, label=label[:200], **fields
    )
    record_event(subscription, "subscription.created", actor=user, kind=kind, frequency=frequency)
    return subscription


@transaction.atomic
def unsubscribe(*, subscription: Subscription, by: User | None = None) -> Subscription:
    """Stop a subscription (from the member's page, or by the link in an e-mail, which needs no login)."""
    if subscription.active:
        subscription.active = False
        subscription.save(update_fields=["active"])
        record_event(subscription, "subscription.stopped", actor=by)
    return subscription


def _wants(subscription: Subscription, listing: Listing) -> bool:
    if subscription.kind == Subscription.Kind.DIGEST:
        return True
    if subscription.kind == Subscription.Kind.SEARCH:
        return search.listing_matches(listing, subscription.search)
    need = subscription.need
    if need is None or need.status != Need.Status.OPEN or need.organisation_id == listing.organisation_id:
        return False
    return matches.listing_matches_need(need, listing, user=subscription.user)


def _sellers(listing: Listing) -> set[int]:
    return set(Membership.objects.filter(organisation=listing.organisation).values_list("user", flat=True))


def alert_new_listing(listing: Listing) -> list[Notification]:
    """Notify every subscriber the new listing interests (once per subscription, however often run)."""
    if not listing.is_public:
        return []
    sellers, created = _sellers(listing), []
    subscriptions = (
        Subscription.objects.filter(active=True).exclude(user__in=sellers).select_related("need", "user")
    )
    for subscription in subscriptions:
        if _wants(subscription, listing):
            created += _notify(subscription, kind=Notification.Kind.NEW_LISTING, listing=listing)
    return created


def alert_certified_asset(asset: Asset) -> list[Notification]:
    """For the certification app: a newly certified public asset goes to the digest subscribers."""
    if asset.visibility != Asset.Visibility.PUBLIC:
        return []
    created = []
    for subscription in Subscription.objects.filter(active=True, kind=Subscription.Kind.DIGEST):
        created += _notify(subscription, kind=Notification.Kind.CERTIFIED_ASSET, asset=asset)
    return created


def collect_certified_assets(*, now: datetime | None = None) -> int:
    """Bring assets certified since each digest subscription began into its digest (once each).

    Reads the certification app's attestations in force; a no-op where that app is not installed.
    """
    try:
        from certification.models import Attestation
    except ImportError:
        return 0
    now = now or timezone.now()
    created = 0
    subscriptions = Subscription.objects.filter(active=True, kind=Subscription.Kind.DIGEST)
    for subscription in subscriptions:
        since = max(subscription.created_at, now - CERTIFIED_LOOKBACK)
        issued = Attestation.objects.current(now).filter(issued_at__gte=since).values("asset")
        for asset in Asset.objects.filter(pk__in=issued, visibility=Asset.Visibility.PUBLIC):
            created += len(_notify(subscription, kind=Notification.Kind.CERTIFIED_ASSET, asset=asset))
    return created


def _notify(subscription: Subscription, **about) -> list[Notification]:
    try:
        with transaction.atomic():
            return [Notification.objects.create(user=subscription.user, subscription=subscription, **about)]
    except IntegrityError:  # already notified: the task ran twice
        return []


def _due(subscription: Subscription, now: datetime) -> bool:
    interval = INTERVALS.get(subscription.frequency)
    last = subscription.last_sent_at
    return interval is None or last is None or last <= now - interval


def _absolute(path: str) -> str:
    return settings.SITE_URL.rstrip("/") + path


def _send(subscription: Subscription, items: list[Notification]) -> None:
    user = subscription.user
    unsubscribe_url = _absolute(reverse("listings:unsubscribe", args=[subscription.token]))
    with translation.override(user.language or settings.LANGUAGE_CODE):
        context = {
            "user": user,
            "subscription": subscription,
            "items": items,
            "site": settings.SITE_URL.rstrip("/"),
            "unsubscribe_url": unsubscribe_url,
        }
        subject = settings.ACCOUNT_EMAIL_SUBJECT_PREFIX + _("%(n)d new for “%(label)s”") % {
            "n": len(items),
            "label": subscription.label,
        }
        body = render_to_string("listings/email/digest.txt", context)
    headers = {
        "List-Unsubscribe": f"<{unsubscribe_url}>",
        "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
    }
    EmailMessage(subject, body, settings.DEFAULT_FROM_EMAIL, [user.email], headers=headers).send()


def send_digests(
    *, now: datetime | None = None, frequency: str | None = None, subscription_id: int | None = None
) -> int:
    """E-mail every due subscription its notifications not yet sent; returns how many e-mails went out."""
    now = now or timezone.now()
    subscriptions = Subscription.objects.filter(
        active=True, notifications__emailed_at__isnull=True
    ).distinct()
    if frequency:
        subscriptions = subscriptions.filter(frequency=frequency)
    if subscription_id:
        subscriptions = subscriptions.filter(pk=subscription_id)
    sent = 0
    for subscription in subscriptions.select_related("user"):
        if not _due(subscription, now):
            continue
        pending = subscription.notifications.filter(emailed_at__isnull=True).select_related(
            "listing", "asset"
        )
        items = list(pending.order_by("created_at", "id")[:MAX_ITEMS])
        _send(subscription, items)
        Notification.objects.filter(pk__in=[n.pk for n in items]).update(emailed_at=now)
        Subscription.objects.filter(pk=subscription.pk).update(last_sent_at=now)
        sent += 1
    return sent


@transaction.atomic
def mark_read(*, notification: Notification, by: User) -> Notification:
    if notification.user_id != by.pk:
        raise Forbidden(_("This notification is addressed to someone else."))
    if notification.read_at is None:
        notification.read_at = timezone.now()
        notification.save(update_fields=["read_at"])
    return notification
