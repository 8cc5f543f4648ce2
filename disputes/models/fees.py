"""Fees of a case (registration, deposits, neutrals' fees) and the government fee-subsidy programme."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from core.money import CURRENCY_CHOICES
from disputes.models.case import Case, CaseChildQuerySet, CaseParty


class Fee(models.Model):
    """An amount a party owes in the case; paid or still due."""

    class Kind(models.TextChoices):
        REGISTRATION = "registration", _("Registration fee")
        DEPOSIT = "deposit", _("Deposit")
        NEUTRAL = "neutral", _("Neutral's fee")

    case = models.ForeignKey(Case, verbose_name=_("case"), on_delete=models.CASCADE, related_name="fees")
    party = models.ForeignKey(
        CaseParty, verbose_name=_("payable by"), on_delete=models.CASCADE, related_name="fees"
    )
    kind = models.CharField(_("kind"), max_length=12, choices=Kind.choices)
    description = models.CharField(_("description"), max_length=300, blank=True)
    amount = models.DecimalField(_("amount"), max_digits=14, decimal_places=2)
    currency = models.CharField(_("currency"), max_length=3, choices=CURRENCY_CHOICES)
    appointment = models.ForeignKey(
        "disputes.Appointment",
        verbose_name=_("for the neutral"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="fees",
    )
    paid_on = models.DateField(_("paid on"), null=True, blank=True)
    payment_reference = models.CharField(_("payment reference"), max_length=120, blank=True)
    created_at = models.DateTimeField(_("charged at"), auto_now_add=True)

    objects = CaseChildQuerySet.as_manager()

    class Meta:
        verbose_name = _("fee")
        verbose_name_plural = _("fees")
        ordering = ["case", "created_at", "id"]
        constraints = [models.CheckConstraint(condition=Q(amount__gt=0), name="dispute_fee_positive")]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.currency} {self.amount}"


class FeeSubsidyProgramme(models.Model):
    """A government programme that pays part of the parties' fees, within a cap per case and a budget."""

    name = models.CharField(_("name"), max_length=200)
    share_of_fees = models.DecimalField(_("share of the fees paid"), max_digits=5, decimal_places=4)
    cap_per_case = models.DecimalField(_("maximum per party and case"), max_digits=14, decimal_places=2)
    budget = models.DecimalField(_("budget"), max_digits=16, decimal_places=2)
    currency = models.CharField(_("currency"), max_length=3, choices=CURRENCY_CHOICES, default="HKD")
    fee_kinds = models.JSONField(_("fees it covers"), default=list, blank=True)
    starts_on = models.DateField(_("starts on"))
    ends_on = models.DateField(_("ends on"), null=True, blank=True)
    source = models.CharField(_("source"), max_length=500)
    active = models.BooleanField(_("open for applications"), default=True)

    class Meta:
        verbose_name = _("fee-subsidy programme for disputes")
        verbose_name_plural = _("fee-subsidy programmes for disputes")
        constraints = [
            models.CheckConstraint(
                condition=Q(share_of_fees__gt=0) & Q(share_of_fees__lte=1),
                name="dispute_subsidy_share_in_range",
            ),
            models.CheckConstraint(condition=Q(budget__gte=0), name="dispute_subsidy_budget_not_negative"),
        ]

    def __str__(self) -> str:
        return self.name


class FeeSubsidy(models.Model):
    """The part of a party's fees the programme pays, granted within the cap and the budget left."""

    programme = models.ForeignKey(
        FeeSubsidyProgramme, verbose_name=_("programme"), on_delete=models.PROTECT, related_name="grants"
    )
    case = models.ForeignKey(Case, verbose_name=_("case"), on_delete=models.CASCADE, related_name="subsidies")
    party = models.ForeignKey(
        CaseParty, verbose_name=_("party"), on_delete=models.CASCADE, related_name="subsidies"
    )
    fees_covered = models.DecimalField(_("fees considered"), max_digits=14, decimal_places=2)
    amount = models.DecimalField(_("amount granted"), max_digits=14, decimal_places=2)
    currency = models.CharField(_("currency"), max_length=3, choices=CURRENCY_CHOICES)
    granted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("granted by"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    granted_at = models.DateTimeField(_("granted at"), auto_now_add=True)

    objects = CaseChildQuerySet.as_manager()

    class Meta:
        verbose_name = _("fee subsidy")
        verbose_name_plural = _("fee subsidies")
        constraints = [
            models.UniqueConstraint(
                fields=["programme", "party"], name="one_subsidy_per_party_and_programme"
            ),
            models.CheckConstraint(condition=Q(amount__gt=0), name="dispute_subsidy_positive"),
        ]

    def __str__(self) -> str:
        return f"{self.programme}: {self.currency} {self.amount}"
