from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from core.access import RestrictedQuerySet
from core.money import CURRENCY_CHOICES


class SubsidyProgramme(models.Model):
    """The operator's settings of one subsidy programme, seeded from figures.json when it has one."""

    name = models.CharField(_("name"), max_length=200)
    share_of_fee = models.DecimalField(_("share of the fee paid"), max_digits=5, decimal_places=4)
    max_subsidy_per_case = models.DecimalField(_("maximum per case"), max_digits=14, decimal_places=2)
    currency = models.CharField(_("currency"), max_length=3, choices=CURRENCY_CHOICES, default="HKD")
    max_cases_per_year = models.PositiveIntegerField(_("cases per year"))
    fields = models.JSONField(_("eligible technology fields"), default=list, blank=True)
    starts_on = models.DateField(_("starts on"))
    ends_on = models.DateField(_("ends on"), null=True, blank=True)
    requires_indicator_score = models.BooleanField(
        _("requires a GB/T 42748-2023 indicator score"), default=True
    )
    source = models.CharField(_("source"), max_length=500)
    active = models.BooleanField(_("open for applications"), default=True)

    class Meta:
        verbose_name = _("subsidy programme")
        verbose_name_plural = _("subsidy programmes")

    def __str__(self) -> str:
        return self.name


class SubsidyApplicationQuerySet(RestrictedQuerySet):
    def for_member(self, user, action: str) -> "SubsidyApplicationQuerySet":
        """The applicant organisation's members (and the operator)."""
        return self.filter(organisation__memberships__user=user).distinct()


class SubsidyApplication(models.Model):
    class Status(models.TextChoices):
        SUBMITTED = "submitted", _("Submitted")
        INELIGIBLE = "ineligible", _("Not eligible")
        APPROVED = "approved", _("Approved")
        REJECTED = "rejected", _("Rejected")
        PAID = "paid", _("Paid")

    programme = models.ForeignKey(
        SubsidyProgramme, verbose_name=_("programme"), on_delete=models.PROTECT, related_name="applications"
    )
    organisation = models.ForeignKey(
        "accounts.Organisation", verbose_name=_("applicant"), on_delete=models.PROTECT, related_name="+"
    )
    asset = models.ForeignKey(
        "assets.Asset", verbose_name=_("asset"), on_delete=models.PROTECT, related_name="+"
    )
    valuation = models.ForeignKey(
        "valuation.Valuation", verbose_name=_("valuation"), null=True, blank=True, on_delete=models.PROTECT
    )
    technology_field = models.CharField(_("technology field"), max_length=100)
    valuation_fee = models.DecimalField(_("valuation fee"), max_digits=14, decimal_places=2)
    quota_year = models.PositiveSmallIntegerField(_("quota year"))
    status = models.CharField(_("status"), max_length=12, choices=Status.choices, default=Status.SUBMITTED)
    eligibility = models.JSONField(_("eligibility checks"), default=list, blank=True)
    approved_amount = models.DecimalField(
        _("approved amount"), max_digits=14, decimal_places=2, null=True, blank=True
    )
    decision_reason = models.TextField(_("reason for the decision"), blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("decided by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("submitted by"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(_("submitted at"), auto_now_add=True)

    objects = SubsidyApplicationQuerySet.as_manager()

    class Meta:
        verbose_name = _("subsidy application")
        verbose_name_plural = _("subsidy applications")
        ordering = ["-created_at"]
        constraints = [
            models.CheckConstraint(condition=models.Q(valuation_fee__gt=0), name="subsidy_fee_positive"),
        ]

    def __str__(self) -> str:
        return f"{self.organisation} · {self.asset} ({self.get_status_display()})"


class SubsidyPayout(models.Model):
    application = models.OneToOneField(
        SubsidyApplication, verbose_name=_("application"), on_delete=models.PROTECT, related_name="payout"
    )
    amount = models.DecimalField(_("amount"), max_digits=14, decimal_places=2)
    currency = models.CharField(_("currency"), max_length=3, choices=CURRENCY_CHOICES)
    paid_on = models.DateField(_("paid on"))
    reference = models.CharField(_("payment reference"), max_length=120)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("recorded by"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(_("recorded at"), auto_now_add=True)

    class Meta:
        verbose_name = _("subsidy payout")
        verbose_name_plural = _("subsidy payouts")

    def __str__(self) -> str:
        return f"{self.application_id}: {self.currency} {self.amount}"
