"""A financing programme: who takes part, how the risk is shared, and the limits every loan must meet."""

from decimal import Decimal
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from accounts.models import Organisation
from core.access import CHANGE, RestrictedQuerySet
from core.money import CURRENCY_CHOICES
from financing.models.fields import money_field, share_field


class ProgrammeQuerySet(RestrictedQuerySet):
    def for_anonymous(self, action: str) -> "ProgrammeQuerySet":
        # The terms of an open programme are public so that borrowers and lenders can find it.
        return self.filter(active=True) if action != CHANGE else self.none()

    def for_member(self, user: Any, action: str) -> "ProgrammeQuerySet":
        orgs = (
            Organisation.objects.restrict(user, CHANGE)
            if action == CHANGE
            else Organisation.objects.of_member(user)
        )
        officers = Q(officers__in=orgs)
        if action == CHANGE:
            return self.filter(pk__in=self.model.objects.filter(officers).values("pk"))
        return self.filter(pk__in=self.model.objects.filter(officers | Q(active=True)).values("pk"))


class Programme(models.Model):
    """One financing scheme run side by side with others (a sandbox pilot, a Qingdao-style insured pledge)."""

    class RepaymentType(models.TextChoices):
        ANNUITY = "annuity", _("Annuity (level instalments)")
        INTEREST_ONLY = "interest_only", _("Interest only with a balloon")
        BULLET = "bullet", _("Bullet (all at maturity)")

    name = models.CharField(_("name"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    currency = models.CharField(_("currency"), max_length=3, choices=CURRENCY_CHOICES)
    eligible_fields = models.JSONField(_("eligible technology fields"), default=list, blank=True)
    eligible_borrower_kinds = models.JSONField(_("eligible kinds of borrower"), default=list, blank=True)
    officers = models.ManyToManyField(
        Organisation, verbose_name=_("programme officers"), related_name="financing_programmes_run"
    )
    banks = models.ManyToManyField(Organisation, verbose_name=_("banks"), related_name="+")
    insurers = models.ManyToManyField(Organisation, verbose_name=_("insurers"), related_name="+")
    guarantors = models.ManyToManyField(Organisation, verbose_name=_("guarantors"), related_name="+")
    recommenders = models.ManyToManyField(
        Organisation, verbose_name=_("recommending organisations"), related_name="+"
    )
    valuers = models.ManyToManyField(Organisation, verbose_name=_("approved valuers"), related_name="+")
    recovery_funds = models.ManyToManyField(
        Organisation, verbose_name=_("recovery funds"), related_name="+", blank=True
    )
    insurer_share = share_field(_("insurer's share of a loss"))
    guarantor_share = share_field(_("guarantor's share of a loss"))
    bank_share = share_field(_("bank's share of a loss"))
    premium_rate = share_field(_("insurance premium rate per year"))
    guarantee_fee_rate = share_field(_("guarantee fee rate per year"))
    interest_subsidy_share = share_field(_("share of interest subsidised"))
    interest_subsidy_cap = money_field(_("interest subsidy cap per loan"))
    premium_subsidy_share = share_field(_("share of premium subsidised"))
    premium_subsidy_cap = money_field(_("premium subsidy cap per loan"))
    subsidy_budget = money_field(_("subsidy budget"))
    government_compensation_share = share_field(
        _("share of a loss compensated by the government"), default=Decimal(0)
    )
    max_loan = money_field(_("maximum loan"))
    max_term_months = models.PositiveSmallIntegerField(_("maximum term (months)"))
    max_ltv = share_field(_("maximum loan-to-value at approval"))
    covenant_ltv = share_field(
        _("loan-to-value covenant"), help_text=_("A revaluation that pushes the loan above this alerts.")
    )
    valuation_max_age_days = models.PositiveSmallIntegerField(_("maximum age of the valuation (days)"))
    max_loans = models.PositiveIntegerField(_("quota of loans"))
    default_days_past_due = models.PositiveSmallIntegerField(_("days past due that make a default"))
    late_fee_rate = share_field(_("late-payment rate per year"))
    source = models.CharField(_("source of the figures"), max_length=500, blank=True)
    active = models.BooleanField(_("open for applications"), default=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("created by"), null=True, on_delete=models.SET_NULL
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    is_demo = models.BooleanField(_("demo data"), default=False)

    objects = ProgrammeQuerySet.as_manager()

    class Meta:
        verbose_name = _("financing programme")
        verbose_name_plural = _("financing programmes")
        ordering = ["name", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(insurer_share__gte=0, guarantor_share__gte=0, bank_share__gte=0),
                name="financing_shares_not_negative",
            ),
            models.CheckConstraint(condition=Q(max_loan__gt=0), name="financing_max_loan_positive"),
        ]

    def __str__(self) -> str:
        return self.name

    def risk_shares(self) -> dict[str, Decimal]:
        return {"insurer": self.insurer_share, "guarantor": self.guarantor_share, "bank": self.bank_share}

    def clean(self) -> None:
        total = sum(self.risk_shares().values(), Decimal(0))
        if total != 1:
            raise ValidationError(
                _(
                    "The insurer's, guarantor's and bank's shares must sum to exactly 1 "
                    "(they sum to %(total)s)."
                )
                % {"total": total}
            )
        if self.covenant_ltv is not None and self.max_ltv is not None and self.covenant_ltv < self.max_ltv:
            raise ValidationError(_("The loan-to-value covenant cannot be below the maximum at approval."))
