"""A pledge loan from its application to its end, the assets it pledges and every party's decision."""

from typing import Any

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from accounts.models import Organisation
from core.access import CHANGE, RestrictedQuerySet
from core.money import CURRENCY_CHOICES
from financing.models.fields import money_field, share_field
from financing.models.programme import Programme


class LoanQuerySet(RestrictedQuerySet):
    def for_member(self, user: Any, action: str) -> "LoanQuerySet":
        """The parties of a loan (borrower, recommender, guarantor, insurer, bank) and the programme's
        officers; nobody else learns that the application exists."""
        orgs = (
            Organisation.objects.restrict(user, CHANGE)
            if action == CHANGE
            else Organisation.objects.of_member(user)
        )
        parties = (
            Q(borrower__in=orgs)
            | Q(recommender__in=orgs)
            | Q(guarantor__in=orgs)
            | Q(insurer__in=orgs)
            | Q(bank__in=orgs)
            | Q(programme__officers__in=orgs)
        )
        return self.filter(pk__in=self.model.objects.filter(parties).values("pk"))


class Loan(models.Model):
    """An application for a pledge loan, and the loan it becomes once the bank approves it."""

    class Stage(models.TextChoices):
        APPLIED = "applied", _("Applied")
        RECOMMENDED = "recommended", _("Recommended")
        GUARANTEED = "guaranteed", _("Guaranteed")
        INSURED = "insured", _("Insured")
        APPROVED = "approved", _("Approved, pledge registered")
        ACTIVE = "active", _("Disbursed")
        REPAID = "repaid", _("Repaid")
        DEFAULTED = "defaulted", _("In default")
        DISPOSED = "disposed", _("Collateral disposed of")
        REFUSED = "refused", _("Refused")

    # Stages in which the loan still pledges its assets.
    LIVE = (Stage.APPROVED, Stage.ACTIVE, Stage.DEFAULTED)
    OPEN = (Stage.APPLIED, Stage.RECOMMENDED, Stage.GUARANTEED, Stage.INSURED, *LIVE)

    programme = models.ForeignKey(
        Programme, verbose_name=_("programme"), on_delete=models.PROTECT, related_name="loans"
    )
    borrower = models.ForeignKey(
        Organisation, verbose_name=_("borrower"), on_delete=models.PROTECT, related_name="+"
    )
    recommender = models.ForeignKey(
        Organisation, verbose_name=_("recommender"), on_delete=models.PROTECT, related_name="+"
    )
    guarantor = models.ForeignKey(
        Organisation, verbose_name=_("guarantor"), on_delete=models.PROTECT, related_name="+"
    )
    insurer = models.ForeignKey(
        Organisation, verbose_name=_("insurer"), on_delete=models.PROTECT, related_name="+"
    )
    bank = models.ForeignKey(Organisation, verbose_name=_("bank"), on_delete=models.PROTECT, related_name="+")
    applicant = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("applicant"), null=True, on_delete=models.SET_NULL
    )
    stage = models.CharField(_("stage"), max_length=12, choices=Stage.choices, default=Stage.APPLIED)
    currency = models.CharField(_("currency"), max_length=3, choices=CURRENCY_CHOICES)
    technology_field = models.CharField(_("technology field"), max_length=100, blank=True)
    purpose = models.TextField(_("purpose of the loan"), blank=True)
    requested_amount = money_field(_("amount requested"))
    requested_term_months = models.PositiveSmallIntegerField(_("term requested (months)"))
    collateral_value = money_field(_("collateral value"))
    ltv = share_field(_("loan-to-value at application"))
    guarantee_fee = money_field(_("guarantee fee"), null=True, blank=True)
    premium = money_field(_("insurance premium"), null=True, blank=True)
    principal = money_field(_("principal approved"), null=True, blank=True)
    annual_rate = share_field(_("interest rate per year"), null=True, blank=True)
    term_months = models.PositiveSmallIntegerField(_("term (months)"), null=True, blank=True)
    repayment_type = models.CharField(
        _("repayment type"), max_length=16, choices=Programme.RepaymentType.choices, blank=True
    )
    disbursed_on = models.DateField(_("disbursed on"), null=True, blank=True)
    current_value = money_field(_("current collateral value"), null=True, blank=True)
    current_ltv = share_field(_("current loan-to-value"), null=True, blank=True)
    covenant_breached = models.BooleanField(_("loan-to-value covenant breached"), default=False)
    defaulted_on = models.DateField(_("defaulted on"), null=True, blank=True)
    closed_on = models.DateField(_("closed on"), null=True, blank=True)
    created_at = models.DateTimeField(_("applied at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)
    is_demo = models.BooleanField(_("demo data"), default=False)

    objects = LoanQuerySet.as_manager()

    class Meta:
        verbose_name = _("pledge loan")
        verbose_name_plural = _("pledge loans")
        ordering = ["-created_at", "-id"]
        constraints = [
            models.CheckConstraint(condition=Q(requested_amount__gt=0), name="loan_requested_positive"),
            models.CheckConstraint(
                condition=Q(principal__isnull=True) | Q(principal__gt=0), name="loan_principal_positive"
            ),
        ]

    def __str__(self) -> str:
        return f"#{self.pk} {self.borrower} · {self.programme}"


class LoanAsset(models.Model):
    """One asset pledged by a loan, with the valuation that gave its collateral value."""

    loan = models.ForeignKey(Loan, verbose_name=_("loan"), on_delete=models.CASCADE, related_name="pledged")
    asset = models.ForeignKey(
        "assets.Asset", verbose_name=_("asset"), on_delete=models.PROTECT, related_name="+"
    )
    valuation = models.ForeignKey(
        "valuation.Valuation", verbose_name=_("valuation"), on_delete=models.PROTECT, related_name="+"
    )
    value = money_field(_("collateral value"))
    current_value = money_field(_("value after the latest revaluation"), null=True, blank=True)
    registration_number = models.CharField(_("patent-office registration number"), max_length=120, blank=True)
    encumbrance = models.OneToOneField(
        "assets.Encumbrance",
        verbose_name=_("pledge"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        verbose_name = _("pledged asset")
        verbose_name_plural = _("pledged assets")
        constraints = [models.UniqueConstraint(fields=["loan", "asset"], name="asset_pledged_once_per_loan")]

    def __str__(self) -> str:
        return f"{self.loan_id}: {self.asset}"


class Decision(models.Model):
    """One party's decision on a loan, with its reasons and the terms it set (fee, premium, loan terms)."""

    class Step(models.TextChoices):
        APPLY = "apply", _("Application")
        RECOMMEND = "recommend", _("Recommendation")
        EVALUATE = "evaluate", _("Evaluation")
        GUARANTEE = "guarantee", _("Guarantee")
        INSURE = "insure", _("Insurance")
        LEND = "lend", _("Lending")
        DEFAULT = "default", _("Default")
        DISPOSE = "dispose", _("Disposal")

    class Outcome(models.TextChoices):
        APPROVED = "approved", _("Approved")
        REFUSED = "refused", _("Refused")

    loan = models.ForeignKey(Loan, verbose_name=_("loan"), on_delete=models.CASCADE, related_name="decisions")
    step = models.CharField(_("step"), max_length=12, choices=Step.choices)
    outcome = models.CharField(_("outcome"), max_length=10, choices=Outcome.choices)
    organisation = models.ForeignKey(
        Organisation, verbose_name=_("organisation"), null=True, on_delete=models.PROTECT, related_name="+"
    )
    reasons = models.TextField(_("reasons"), blank=True)
    terms = models.JSONField(_("terms"), default=dict, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("decided by"), null=True, on_delete=models.SET_NULL
    )
    decided_at = models.DateTimeField(_("decided at"), auto_now_add=True)

    class Meta:
        verbose_name = _("loan decision")
        verbose_name_plural = _("loan decisions")
        ordering = ["decided_at", "id"]

    def __str__(self) -> str:
        return f"{self.loan_id} {self.step}: {self.outcome}"
