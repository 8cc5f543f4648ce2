"""Valuers' published services with their fees, and the requests owners send them."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from core.access import CHANGE, RestrictedQuerySet
from core.money import CURRENCY_CHOICES


class ValuerServiceQuerySet(RestrictedQuerySet):
    def for_member(self, user, action):
        """Every member reads the active fee list; the valuer's own people change theirs."""
        if action == CHANGE:
            return self.filter(organisation__memberships__user=user)
        return self.filter(active=True)

    def offered(self):
        """What owners may choose from: active services of approved valuer organisations."""
        from accounts.models import Organisation

        approved = Organisation.Status.APPROVED
        return self.filter(active=True, organisation__status=approved).select_related("organisation")


class ValuerService(models.Model):
    """A valuation service a valuer organisation offers, with its fee and turnaround."""

    organisation = models.ForeignKey(
        "accounts.Organisation",
        verbose_name=_("valuer organisation"),
        on_delete=models.CASCADE,
        related_name="valuer_services",
    )
    title = models.CharField(_("service"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    fee_amount = models.DecimalField(_("fee"), max_digits=14, decimal_places=2)
    fee_currency = models.CharField(_("currency of the fee"), max_length=3, choices=CURRENCY_CHOICES)
    turnaround_days = models.PositiveIntegerField(_("turnaround (days)"), default=20)
    active = models.BooleanField(_("offered"), default=True)

    objects = ValuerServiceQuerySet.as_manager()

    class Meta:
        verbose_name = _("valuer service")
        verbose_name_plural = _("valuer services")
        ordering = ["organisation__name", "fee_amount", "id"]
        constraints = [
            models.CheckConstraint(condition=models.Q(fee_amount__gte=0), name="valuer_fee_not_negative")
        ]

    def __str__(self) -> str:
        return f"{self.organisation} · {self.title}"


class ValuationRequestQuerySet(RestrictedQuerySet):
    def for_member(self, user, action):
        """The asking organisation's members and the valuer's members; nobody else."""
        return self.filter(
            models.Q(organisation__memberships__user=user) | models.Q(valuer__memberships__user=user)
        ).distinct()


class ValuationRequest(models.Model):
    """An owner's request that a valuer organisation value one of its assets, for the service's fee."""

    class Status(models.TextChoices):
        REQUESTED = "requested", _("Requested")
        ACCEPTED = "accepted", _("Accepted: the valuer is working on it")
        DECLINED = "declined", _("Declined by the valuer")
        WITHDRAWN = "withdrawn", _("Withdrawn by the owner")
        DELIVERED = "delivered", _("Delivered")

    asset = models.ForeignKey(
        "assets.Asset", verbose_name=_("asset"), on_delete=models.PROTECT, related_name="valuation_requests"
    )
    organisation = models.ForeignKey(
        "accounts.Organisation",
        verbose_name=_("asked by"),
        on_delete=models.PROTECT,
        related_name="valuation_requests_sent",
    )
    valuer = models.ForeignKey(
        "accounts.Organisation",
        verbose_name=_("valuer organisation"),
        on_delete=models.PROTECT,
        related_name="valuation_requests_received",
    )
    service = models.ForeignKey(
        ValuerService, verbose_name=_("service"), on_delete=models.PROTECT, related_name="requests"
    )
    purpose = models.CharField(_("purpose"), max_length=24)
    message = models.TextField(_("message to the valuer"), blank=True)
    fee_amount = models.DecimalField(_("fee"), max_digits=14, decimal_places=2)
    fee_currency = models.CharField(_("currency of the fee"), max_length=3, choices=CURRENCY_CHOICES)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.REQUESTED)
    note = models.TextField(_("valuer's note"), blank=True)
    valuation = models.OneToOneField(
        "valuation.Valuation",
        verbose_name=_("valuation"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="request",
    )
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("requested by"), null=True, on_delete=models.SET_NULL
    )
    created_at = models.DateTimeField(_("requested at"), auto_now_add=True)
    decided_at = models.DateTimeField(_("answered at"), null=True, blank=True)
    delivered_at = models.DateTimeField(_("delivered at"), null=True, blank=True)

    objects = ValuationRequestQuerySet.as_manager()

    class Meta:
        verbose_name = _("valuation request")
        verbose_name_plural = _("valuation requests")
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"{self.asset} → {self.valuer}"
