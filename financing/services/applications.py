"""The chain of an application: apply → recommend → evaluate → guarantee → insure → lend.

Each step is one party's decision, recorded with its reasons; any party may refuse at its step."""

from __future__ import annotations

import datetime
from decimal import Decimal
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import Organisation, User
from accounts.services import require_approved
from assets.models import Asset
from core.errors import Conflict, InvalidInput, NotFound
from core.events import record_event
from core.money import to_decimal
from financing.models import Decision, Loan, LoanAsset, Programme
from financing.permissions import require_decision, require_role
from financing.services import evaluation
from financing.services.evaluation import Pledge
from financing.services.programmes import loans_used
from valuation.models import Valuation

Stage = Loan.Stage
Step = Decision.Step
# Which party decides at each stage, the step it takes, and where approval leads.
CHAIN = {
    Stage.APPLIED: ("recommender", Step.RECOMMEND, Stage.RECOMMENDED),
    Stage.RECOMMENDED: ("guarantor", Step.GUARANTEE, Stage.GUARANTEED),
    Stage.GUARANTEED: ("insurer", Step.INSURE, Stage.INSURED),
    Stage.INSURED: ("bank", Step.LEND, Stage.APPROVED),
}
ROLE_LISTS = {
    "recommender": "recommenders",
    "guarantor": "guarantors",
    "insurer": "insurers",
    "bank": "banks",
}


def decide(
    loan: Loan,
    step: str,
    outcome: str,
    by: User | None,
    organisation: Organisation | None,
    reasons: str = "",
    **terms: Any,
) -> Decision:
    decision = Decision.objects.create(
        loan=loan,
        step=step,
        outcome=outcome,
        organisation=organisation,
        reasons=reasons,
        decided_by=by,
        terms=terms,
    )
    record_event(loan, f"financing.{step}.{outcome}", actor=by, reasons=reasons, **terms)
    return decision


def _check_eligible(
    programme: Programme, borrower: Organisation, parties: dict[str, Organisation], field: str
) -> None:
    if not programme.active:
        raise Conflict(_("The programme is not open for applications."))
    if programme.eligible_borrower_kinds and borrower.kind not in programme.eligible_borrower_kinds:
        raise InvalidInput(_("The programme does not lend to this kind of organisation."), field="borrower")
    if programme.eligible_fields and field not in programme.eligible_fields:
        raise InvalidInput(
            _("The programme covers only these fields: %(fields)s.")
            % {"fields": ", ".join(programme.eligible_fields)},
            field="technology_field",
        )
    for role, organisation in parties.items():
        if not getattr(programme, ROLE_LISTS[role]).filter(pk=organisation.pk).exists():
            raise InvalidInput(
                _("%(org)s does not take part in the programme in this role.") % {"org": organisation.name},
                field=role,
            )
    if loans_used(programme) >= programme.max_loans:
        raise Conflict(_("The programme's quota of loans is used up."))


def _check_pledges(borrower: Organisation, pledges: list[Pledge], by: User) -> None:
    for pledge in pledges:
        if pledge.asset.owner_id != borrower.pk:
            raise InvalidInput(_("Only the borrower's own assets can be pledged."), field="assets")
        if not Valuation.objects.visible_to(by).filter(pk=pledge.valuation.pk).exists():
            raise NotFound(_("There is no such valuation."))
        evaluation.check_not_pledged(pledge.asset)


@transaction.atomic
def apply(
    *,
    programme: Programme,
    borrower: Organisation,
    by: User,
    parties: dict[str, Organisation],
    amount: object,
    term_months: int,
    pledges: list[Pledge],
    technology_field: str = "",
    purpose: str = "",
) -> Loan:
    """A borrower's application with the assets it pledges; the collateral is evaluated at once, and the
    valuations are shared with the guarantor, insurer and bank so that they can read them."""
    require_decision(by, borrower, _("Only the borrower's members can apply for it."))
    require_approved(borrower)
    _check_eligible(programme, borrower, parties, technology_field)
    if not 1 <= term_months <= programme.max_term_months:
        raise InvalidInput(
            _("The term must be between 1 and %(max)s months.") % {"max": programme.max_term_months},
            field="term_months",
        )
    requested = to_decimal(amount, field="amount")
    # Lock the assets so that two applications cannot pledge the same one at once.
    list(Asset.objects.select_for_update().filter(pk__in=[pledge.asset.pk for pledge in pledges]))
    _check_pledges(borrower, pledges, by)
    result = evaluation.evaluate(programme, pledges, requested)
    loan = Loan.objects.create(
        programme=programme,
        borrower=borrower,
        applicant=by,
        currency=programme.currency,
        technology_field=technology_field,
        purpose=purpose,
        requested_amount=requested,
        requested_term_months=term_months,
        collateral_value=result["collateral_value"],
        ltv=result["ltv"],
        **parties,
    )
    for pledge, value in zip(pledges, result["values"], strict=True):
        LoanAsset.objects.create(
            loan=loan,
            asset=pledge.asset,
            valuation=pledge.valuation,
            value=value,
            registration_number=pledge.registration_number,
        )
        _share(pledge.valuation, loan, by)
    decide(
        loan,
        Step.APPLY,
        Decision.Outcome.APPROVED,
        by,
        borrower,
        purpose,
        amount=str(requested),
        term_months=term_months,
    )
    decide(
        loan,
        Step.EVALUATE,
        Decision.Outcome.APPROVED,
        by,
        None,
        collateral_value=str(result["collateral_value"]),
        ltv=str(result["ltv"]),
        valuations=[pledge.valuation.pk for pledge in pledges],
    )
    return loan


def _share(valuation: Valuation, loan: Loan, by: User) -> None:
    from valuation.services import share_valuation

    for organisation in (loan.guarantor, loan.insurer, loan.bank):
        share_valuation(valuation=valuation, organisation=organisation, by=by)


def _step(loan: Loan, by: User, expected: str) -> tuple[str, Step, Stage]:
    """The party, step and next stage for `loan`, after checking it waits for the `expected` party."""
    link = CHAIN.get(Stage(loan.stage))
    if link is None or link[0] != expected:
        raise Conflict(
            _("This loan is %(stage)s; it is not waiting for the %(role)s.")
            % {"stage": loan.get_stage_display(), "role": expected}
        )
    require_role(by, loan, expected)
    return link


def _locked(loan: Loan) -> Loan:
    return Loan.objects.select_for_update().get(pk=loan.pk)


@transaction.atomic
def recommend(*, loan: Loan, by: User, reasons: str = "") -> Loan:
    """The recommending organisation vouches for the borrower."""
    loan = _locked(loan)
    _role, step, following = _step(loan, by, "recommender")
    decide(loan, step, Decision.Outcome.APPROVED, by, loan.recommender, reasons)
    return _advance(loan, following)


@transaction.atomic
def guarantee(*, loan: Loan, by: User, fee: object, reasons: str = "") -> Loan:
    """The guarantor stands behind its share of the loss for `fee`."""
    loan = _locked(loan)
    _role, step, following = _step(loan, by, "guarantor")
    loan.guarantee_fee = _non_negative(fee, "fee")
    decide(loan, step, Decision.Outcome.APPROVED, by, loan.guarantor, reasons, fee=str(loan.guarantee_fee))
    return _advance(loan, following)


def default_premium(loan: Loan) -> Decimal:
    """The programme's premium rate on the requested amount for the requested term."""
    from financing.services.schedule import cents

    return cents(loan.requested_amount * loan.programme.premium_rate * loan.requested_term_months / 12)


@transaction.atomic
def insure(*, loan: Loan, by: User, premium: object = None, reasons: str = "") -> Loan:
    """The insurer underwrites its share of the loss for `premium` (the programme's rate when not given)."""
    loan = _locked(loan)
    _role, step, following = _step(loan, by, "insurer")
    loan.premium = default_premium(loan) if premium in (None, "") else _non_negative(premium, "premium")
    decide(loan, step, Decision.Outcome.APPROVED, by, loan.insurer, reasons, premium=str(loan.premium))
    return _advance(loan, following)


@transaction.atomic
def lend(
    *,
    loan: Loan,
    by: User,
    principal: object,
    annual_rate: object,
    term_months: int,
    repayment_type: str,
    reasons: str = "",
    day: datetime.date | None = None,
) -> Loan:
    """The bank approves the loan's amount, rate, term and repayment type; the pledges are registered."""
    from financing.services.pledges import register_pledges

    loan = _locked(loan)
    _role, step, following = _step(loan, by, "bank")
    amount = to_decimal(principal, field="principal")
    rate = _non_negative(annual_rate, "annual_rate")
    if repayment_type not in Programme.RepaymentType.values:
        raise InvalidInput(
            _("Unknown repayment type: %(type)s") % {"type": repayment_type}, field="repayment_type"
        )
    if not 1 <= int(term_months) <= loan.programme.max_term_months:
        raise InvalidInput(
            _("The term must be between 1 and %(max)s months.") % {"max": loan.programme.max_term_months},
            field="term_months",
        )
    for item in loan.pledged.select_related("valuation", "asset"):
        evaluation.check_valuation(loan.programme, Pledge(item.asset, item.valuation), timezone.localdate())
    evaluation.check_amount(loan.programme, amount, loan.collateral_value)
    loan.principal, loan.annual_rate, loan.term_months, loan.repayment_type = (
        amount,
        rate,
        int(term_months),
        repayment_type,
    )
    terms = {
        "principal": str(amount),
        "annual_rate": str(rate),
        "term_months": int(term_months),
        "repayment_type": repayment_type,
    }
    decide(loan, step, Decision.Outcome.APPROVED, by, loan.bank, reasons, **terms)
    loan = _advance(loan, following)
    register_pledges(loan=loan, by=by, day=day)
    return loan


@transaction.atomic
def refuse(*, loan: Loan, by: User, role: str, reasons: str) -> Loan:
    """The party whose turn it is turns the application down; the reason is required and recorded."""
    loan = _locked(loan)
    _role, step, _following = _step(loan, by, role)
    if not reasons.strip():
        raise InvalidInput(_("Give the reason for refusing."), field="reasons")
    decide(loan, step, Decision.Outcome.REFUSED, by, getattr(loan, role), reasons.strip())
    return _advance(loan, Stage.REFUSED)


def _advance(loan: Loan, stage: str) -> Loan:
    loan.stage = stage
    if stage == Stage.REFUSED:
        loan.closed_on = timezone.localdate()
    loan.save()
    return loan


def _non_negative(value: object, field: str) -> Decimal:
    number = to_decimal(value, field=field)
    if number < 0:
        raise InvalidInput(_("%(field)s cannot be negative.") % {"field": field}, field=field)
    return number


def waiting_for(loan: Loan) -> str | None:
    """The role whose decision the application waits for, if any."""
    link = CHAIN.get(Stage(loan.stage))
    return link[0] if link else None
