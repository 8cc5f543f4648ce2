"""Sale-and-licence-back (the Korean model): an investor buys a patent and licenses it back to the former
owner for royalties; the former owner may buy it back at an agreed price until an agreed date."""

from typing import Any

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from accounts.models import Organisation
from core.access import CHANGE, RestrictedQuerySet
from core.money import CURRENCY_CHOICES
from financing.models.fields import money_field


class LicenceBackQuerySet(RestrictedQuerySet):
    def for_member(self, user: Any, action: str) -> "LicenceBackQuerySet":
        """The former owner and the investor; nobody else learns of the agreement."""
        orgs = (
            Organisation.objects.restrict(user, CHANGE)
            if action == CHANGE
            else Organisation.objects.of_member(user)
        )
        return self.filter(Q(seller__in=orgs) | Q(investor__in=orgs))


class LicenceBack(models.Model):
    """One sale-and-licence-back agreement over one asset."""

    class Status(models.TextChoices):
        PROPOSED = "proposed", _("Proposed")
        ACTIVE = "active", _("Sold and licensed back")
        BOUGHT_BACK = "bought_back", _("Bought back")
        DECLINED = "declined", _("Declined")

    asset = models.ForeignKey(
        "assets.Asset", verbose_name=_("asset"), on_delete=models.PROTECT, related_name="+"
    )
    seller = models.ForeignKey(
        Organisation, verbose_name=_("former owner"), on_delete=models.PROTECT, related_name="+"
    )
    investor = models.ForeignKey(
        Organisation, verbose_name=_("investor"), on_delete=models.PROTECT, related_name="+"
    )
    currency = models.CharField(_("currency"), max_length=3, choices=CURRENCY_CHOICES)
    price = money_field(_("purchase price"))
    annual_royalty = money_field(_("royalty per year"))
    licence_end = models.DateField(_("licence ends on"))
    buyback_price = money_field(_("buyback price"))
    buyback_deadline = models.DateField(_("buyback option ends on"))
    status = models.CharField(_("status"), max_length=12, choices=Status.choices, default=Status.PROPOSED)
    proposed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("proposed by"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    accepted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("accepted by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    licence = models.OneToOneField(
        "assets.Encumbrance",
        verbose_name=_("licence back"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    sold_on = models.DateField(_("sold on"), null=True, blank=True)
    bought_back_on = models.DateField(_("bought back on"), null=True, blank=True)
    created_at = models.DateTimeField(_("proposed at"), auto_now_add=True)

    objects = LicenceBackQuerySet.as_manager()

    class Meta:
        verbose_name = _("sale and licence back")
        verbose_name_plural = _("sales and licences back")
        ordering = ["-created_at", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(price__gt=0, buyback_price__gt=0, annual_royalty__gte=0),
                name="licence_back_amounts",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.asset} → {self.investor} ({self.get_status_display()})"


class RoyaltyPayment(models.Model):
    """A royalty the former owner paid the investor under the licence back."""

    agreement = models.ForeignKey(
        LicenceBack, verbose_name=_("agreement"), on_delete=models.CASCADE, related_name="royalties"
    )
    amount = money_field(_("amount"))
    paid_on = models.DateField(_("paid on"))
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("recorded by"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        verbose_name = _("royalty payment")
        verbose_name_plural = _("royalty payments")
        ordering = ["paid_on", "id"]
        constraints = [models.CheckConstraint(condition=Q(amount__gt=0), name="royalty_payment_positive")]

    def __str__(self) -> str:
        return f"{self.agreement_id}: {self.amount} on {self.paid_on}"
