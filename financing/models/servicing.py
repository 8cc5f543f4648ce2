"""What happens to a loan after disbursement: its instalments, payments, subsidy claims and alerts."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from core.money import CURRENCY_CHOICES
from financing.models.fields import money_field, share_field
from financing.models.loan import Loan


class Instalment(models.Model):
    """One line of the repayment schedule; `paid_*` grow as payments are applied."""

    loan = models.ForeignKey(
        Loan, verbose_name=_("loan"), on_delete=models.CASCADE, related_name="instalments"
    )
    number = models.PositiveSmallIntegerField(_("number"))
    due_date = models.DateField(_("due date"))
    days = models.PositiveSmallIntegerField(_("days in the period"))
    principal = money_field(_("principal"))
    interest = money_field(_("interest"))
    paid_principal = money_field(_("principal paid"), default=0)
    paid_interest = money_field(_("interest paid"), default=0)
    late_fees = money_field(_("late fees charged"), default=0)
    paid_fees = money_field(_("late fees paid"), default=0)
    fees_accrued_to = models.DateField(_("late fees charged up to"), null=True, blank=True)
    paid_on = models.DateField(_("settled on"), null=True, blank=True)

    class Meta:
        verbose_name = _("instalment")
        verbose_name_plural = _("instalments")
        ordering = ["loan", "number"]
        constraints = [models.UniqueConstraint(fields=["loan", "number"], name="instalment_number_once")]

    def __str__(self) -> str:
        return f"{self.loan_id} #{self.number} {self.due_date}"

    @property
    def amount(self):
        return self.principal + self.interest

    @property
    def paid(self):
        return self.paid_principal + self.paid_interest

    @property
    def unpaid(self):
        return self.amount - self.paid

    @property
    def unpaid_fees(self):
        return self.late_fees - self.paid_fees


class Payment(models.Model):
    """Money received from the borrower, and how it was applied (late fees, interest, then principal)."""

    loan = models.ForeignKey(Loan, verbose_name=_("loan"), on_delete=models.CASCADE, related_name="payments")
    amount = money_field(_("amount"))
    currency = models.CharField(_("currency"), max_length=3, choices=CURRENCY_CHOICES)
    paid_on = models.DateField(_("paid on"))
    reference = models.CharField(_("reference"), max_length=120, blank=True)
    to_fees = money_field(_("applied to late fees"), default=0)
    to_interest = money_field(_("applied to interest"), default=0)
    to_principal = money_field(_("applied to principal"), default=0)
    unapplied = money_field(_("not applied (overpayment)"), default=0)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("recorded by"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="loan_payments_recorded",
    )
    created_at = models.DateTimeField(_("recorded at"), auto_now_add=True)

    class Meta:
        verbose_name = _("loan payment")
        verbose_name_plural = _("loan payments")
        ordering = ["paid_on", "id"]
        constraints = [models.CheckConstraint(condition=models.Q(amount__gt=0), name="loan_payment_positive")]

    def __str__(self) -> str:
        return f"{self.loan_id}: {self.currency} {self.amount} on {self.paid_on}"


class SubsidyClaim(models.Model):
    """A borrower's claim of the programme's interest or premium subsidy, counted against its budget."""

    class Kind(models.TextChoices):
        INTEREST = "interest", _("Interest subsidy")
        PREMIUM = "premium", _("Premium subsidy")

    class Status(models.TextChoices):
        CLAIMED = "claimed", _("Claimed")
        PAID = "paid", _("Paid")

    loan = models.ForeignKey(
        Loan, verbose_name=_("loan"), on_delete=models.CASCADE, related_name="subsidy_claims"
    )
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices)
    amount = money_field(_("amount"))
    status = models.CharField(_("status"), max_length=8, choices=Status.choices, default=Status.CLAIMED)
    claimed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("claimed by"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    claimed_at = models.DateTimeField(_("claimed at"), auto_now_add=True)
    paid_on = models.DateField(_("paid on"), null=True, blank=True)

    class Meta:
        verbose_name = _("subsidy claim")
        verbose_name_plural = _("subsidy claims")
        ordering = ["claimed_at", "id"]
        constraints = [
            models.CheckConstraint(condition=models.Q(amount__gt=0), name="subsidy_claim_positive")
        ]

    def __str__(self) -> str:
        return f"{self.loan_id} {self.kind}: {self.amount}"


class CovenantAlert(models.Model):
    """A revaluation that took the loan-to-value above the programme's covenant."""

    loan = models.ForeignKey(Loan, verbose_name=_("loan"), on_delete=models.CASCADE, related_name="alerts")
    collateral_value = money_field(_("collateral value"))
    ltv = share_field(_("loan-to-value"))
    threshold = share_field(_("covenant"))
    created_at = models.DateTimeField(_("raised at"), auto_now_add=True)

    class Meta:
        verbose_name = _("covenant alert")
        verbose_name_plural = _("covenant alerts")
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"{self.loan_id}: LTV {self.ltv} > {self.threshold}"
