"""Subscriptions to needs, saved searches and the regular digest; the notifications they produce."""

import secrets

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from assets.models import Asset
from core.access import RestrictedQuerySet
from listings.models.listing import Interest, Listing
from listings.models.need import Need


def _token() -> str:
    return secrets.token_urlsafe(24)


class SubscriptionQuerySet(RestrictedQuerySet):
    def for_member(self, user, action: str) -> "SubscriptionQuerySet":
        """A subscription belongs to one person (the operator sees all)."""
        return self.filter(user=user)


class Subscription(models.Model):
    """A member's standing request to hear about new listings: for a need, a saved search, or all of them."""

    class Kind(models.TextChoices):
        NEED = "need", _("Listings matching a need")
        SEARCH = "search", _("Listings matching a saved search")
        DIGEST = "digest", _("Every new listing and certified asset")

    class Frequency(models.TextChoices):
        IMMEDIATE = "immediate", _("At once")
        DAILY = "daily", _("Daily digest")
        WEEKLY = "weekly", _("Weekly digest")

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("person"),
        on_delete=models.CASCADE,
        related_name="subscriptions",
    )
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices)
    need = models.ForeignKey(
        Need,
        verbose_name=_("need"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="subscriptions",
    )
    search = models.JSONField(_("saved search"), default=dict, blank=True)
    label = models.CharField(_("name"), max_length=200, blank=True)
    frequency = models.CharField(
        _("e-mail"), max_length=10, choices=Frequency.choices, default=Frequency.DAILY
    )
    active = models.BooleanField(_("active"), default=True)
    token = models.CharField(
        _("unsubscribe token"), max_length=64, unique=True, default=_token, editable=False
    )
    last_sent_at = models.DateTimeField(_("last e-mail sent at"), null=True, blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    objects = SubscriptionQuerySet.as_manager()

    class Meta:
        verbose_name = _("subscription")
        verbose_name_plural = _("subscriptions")
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return self.label or self.get_kind_display()


class NotificationQuerySet(RestrictedQuerySet):
    """Notifications are private to their addressee, the operator included."""

    staff_see_all = False

    def for_member(self, user, action: str) -> "NotificationQuerySet":
        return self.filter(user=user)


class Notification(models.Model):
    """One in-app message; those from subscriptions also go into the addressee's next e-mail."""

    class Kind(models.TextChoices):
        NEW_LISTING = "new_listing", _("New listing for you")
        CERTIFIED_ASSET = "certified_asset", _("Newly certified asset")
        INTEREST_RECEIVED = "interest_received", _("New lead")
        INTEREST_ACCEPTED = "interest_accepted", _("Interest accepted")
        INTEREST_DECLINED = "interest_declined", _("Interest declined")
        LISTING_PUBLISHED = "listing_published", _("Listing published")
        LISTING_REJECTED = "listing_rejected", _("Listing rejected")
        OPEN_LICENCE_TAKEN = "open_licence_taken", _("Open licence taken")

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("addressee"),
        on_delete=models.CASCADE,
        related_name="notifications",
    )
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    subscription = models.ForeignKey(
        Subscription,
        verbose_name=_("subscription"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="notifications",
    )
    listing = models.ForeignKey(
        Listing, verbose_name=_("listing"), null=True, blank=True, on_delete=models.CASCADE
    )
    asset = models.ForeignKey(Asset, verbose_name=_("asset"), null=True, blank=True, on_delete=models.CASCADE)
    interest = models.ForeignKey(
        Interest, verbose_name=_("lead"), null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    note = models.CharField(_("note"), max_length=500, blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    read_at = models.DateTimeField(_("read at"), null=True, blank=True)
    emailed_at = models.DateTimeField(_("e-mailed at"), null=True, blank=True)

    objects = NotificationQuerySet.as_manager()

    class Meta:
        verbose_name = _("notification")
        verbose_name_plural = _("notifications")
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["user", "read_at"])]
        constraints = [
            models.UniqueConstraint(
                fields=["subscription", "listing"],
                condition=models.Q(subscription__isnull=False, listing__isnull=False),
                name="one_notification_per_subscription_and_listing",
            ),
            models.UniqueConstraint(
                fields=["subscription", "asset"],
                condition=models.Q(subscription__isnull=False, asset__isnull=False),
                name="one_notification_per_subscription_and_asset",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.user} {self.kind}"
