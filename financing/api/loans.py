"""Loan endpoints: each party sees only its loans (outsiders get 404) and acts only at its own step."""

from __future__ import annotations

from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from ninja import Router, Status

from accounts.api import require_user
from accounts.models import AnyUser, Organisation
from assets.models import Asset
from core.bounds import Id
from core.errors import InvalidInput
from financing.api.programmes import programme_for
from financing.models import Loan
from financing.permissions import loan_for
from financing.schemas import (
    ArrearsOut,
    DisburseIn,
    DisposalIn,
    DisposalOut,
    GuaranteeIn,
    InstalmentOut,
    InsureIn,
    LendIn,
    LoanIn,
    LoanOut,
    LoanSummary,
    PaymentIn,
    PaymentOut,
    ReasonsIn,
    RefuseIn,
    StatementOut,
    SubsidyIn,
    SubsidyOut,
)
from financing.services import applications, default, servicing, subsidies
from financing.services.evaluation import Pledge
from valuation.models import Valuation

router = Router(tags=["financing"])


def _organisation(user: AnyUser, slug: str, field: str) -> Organisation:
    """An organisation named in the payload; one the caller may not see is as unknown as one that does not
    exist."""
    organisation = Organisation.objects.visible_to(user).filter(slug=slug).first()
    if organisation is None:
        raise InvalidInput(_("Unknown organisation: %(slug)s") % {"slug": slug}, field=field)
    return organisation


def _pledges(user: AnyUser, payload: LoanIn) -> list[Pledge]:
    pledges = []
    for item in payload.assets:
        asset = get_object_or_404(Asset.objects.visible_to(user), pk=item.asset)
        valuation = get_object_or_404(Valuation.objects.visible_to(user), pk=item.valuation)
        pledges.append(Pledge(asset, valuation, item.registration_number))
    return pledges


@router.get("", response=list[LoanSummary], summary="Loans you are a party to")
def list_loans(request, stage: str | None = None):
    loans = Loan.objects.restrict(require_user(request)).select_related("borrower", "bank")
    return list(loans.filter(stage=stage) if stage else loans)


@router.post("", response={201: LoanOut}, summary="Apply for a pledge loan (borrower)")
def apply(request, payload: LoanIn):
    user = require_user(request)
    programme = programme_for(user, payload.programme)
    roles = ("recommender", "guarantor", "insurer", "bank")
    loan = applications.apply(
        programme=programme,
        borrower=_organisation(user, payload.borrower, "borrower"),
        by=user,
        parties={role: _organisation(user, getattr(payload, role), role) for role in roles},
        amount=payload.amount,
        term_months=payload.term_months,
        pledges=_pledges(user, payload),
        technology_field=payload.technology_field,
        purpose=payload.purpose,
    )
    return Status(201, loan)


@router.get("/{int:loan_id}", response=LoanOut, summary="A loan")
def get_loan(request, loan_id: Id):
    return loan_for(require_user(request), loan_id)


@router.post("/{int:loan_id}/recommend", response=LoanOut, summary="Recommend (recommender)")
def recommend(request, loan_id: Id, payload: ReasonsIn):
    user = require_user(request)
    return applications.recommend(loan=loan_for(user, loan_id), by=user, reasons=payload.reasons)


@router.post("/{int:loan_id}/guarantee", response=LoanOut, summary="Guarantee (guarantor)")
def guarantee(request, loan_id: Id, payload: GuaranteeIn):
    user = require_user(request)
    return applications.guarantee(
        loan=loan_for(user, loan_id), by=user, fee=payload.fee, reasons=payload.reasons
    )


@router.post("/{int:loan_id}/insure", response=LoanOut, summary="Underwrite (insurer)")
def insure(request, loan_id: Id, payload: InsureIn):
    user = require_user(request)
    loan = loan_for(user, loan_id)
    return applications.insure(loan=loan, by=user, premium=payload.premium, reasons=payload.reasons)


@router.post("/{int:loan_id}/lend", response=LoanOut, summary="Approve the loan (bank)")
def lend(request, loan_id: Id, payload: LendIn):
    user = require_user(request)
    return applications.lend(loan=loan_for(user, loan_id), by=user, **payload.dict())


@router.post(
    "/{int:loan_id}/refuse", response=LoanOut, summary="Refuse, with a reason (the party whose turn it is)"
)
def refuse(request, loan_id: Id, payload: RefuseIn):
    user = require_user(request)
    return applications.refuse(
        loan=loan_for(user, loan_id), by=user, role=payload.role, reasons=payload.reasons
    )


@router.post("/{int:loan_id}/disburse", response=LoanOut, summary="Disburse (bank)")
def disburse(request, loan_id: Id, payload: DisburseIn):
    user = require_user(request)
    return servicing.disburse(loan=loan_for(user, loan_id), by=user, day=payload.day)


@router.get("/{int:loan_id}/schedule", response=list[InstalmentOut], summary="Repayment schedule")
def schedule(request, loan_id: Id):
    return list(loan_for(require_user(request), loan_id).instalments.all())


@router.get("/{int:loan_id}/arrears", response=ArrearsOut, summary="What is overdue today")
def arrears(request, loan_id: Id):
    loan = loan_for(require_user(request), loan_id)
    return {**servicing.arrears(loan), "outstanding": servicing.outstanding(loan)}


@router.get("/{int:loan_id}/evidence", summary="Licence income recorded for the pledged assets")
def evidence(request, loan_id: Id) -> dict:
    from financing.services.evidence import licence_income

    return licence_income(loan_for(require_user(request), loan_id))


@router.post("/{int:loan_id}/payments", response={201: PaymentOut}, summary="Record a payment (bank)")
def record_payment(request, loan_id: Id, payload: PaymentIn):
    user = require_user(request)
    loan = loan_for(user, loan_id)
    payment = servicing.record_payment(
        loan=loan,
        by=user,
        amount=payload.amount,
        currency=payload.currency,
        day=payload.paid_on,
        reference=payload.reference,
    )
    return Status(201, payment)


@router.get("/{int:loan_id}/payments", response=list[PaymentOut], summary="Payments")
def payments(request, loan_id: Id):
    return list(loan_for(require_user(request), loan_id).payments.all())


@router.post("/{int:loan_id}/subsidies", response={201: SubsidyOut}, summary="Claim a subsidy (borrower)")
def claim_subsidy(request, loan_id: Id, payload: SubsidyIn):
    user = require_user(request)
    return Status(201, subsidies.claim(loan=loan_for(user, loan_id), by=user, kind=payload.kind))


@router.post(
    "/{int:loan_id}/subsidies/{int:claim_id}/pay",
    response=SubsidyOut,
    summary="Record a subsidy paid (officer)",
)
def pay_subsidy(request, loan_id: Id, claim_id: Id):
    user = require_user(request)
    claim = get_object_or_404(loan_for(user, loan_id).subsidy_claims, pk=claim_id)
    return subsidies.pay(subsidy=claim, by=user)


@router.post("/{int:loan_id}/default", response=LoanOut, summary="Declare a default (bank)")
def declare_default(request, loan_id: Id, payload: ReasonsIn):
    user = require_user(request)
    return default.declare_default(loan=loan_for(user, loan_id), by=user, reasons=payload.reasons)


@router.post(
    "/{int:loan_id}/disposals", response={201: DisposalOut}, summary="Dispose of the collateral (bank)"
)
def start_disposal(request, loan_id: Id, payload: DisposalIn):
    user = require_user(request)
    loan = loan_for(user, loan_id)
    if payload.method == "auction":
        if payload.ends_at is None or payload.reserve_price is None:
            raise InvalidInput(_("An auction needs a reserve price and an end time."), field="ends_at")
        disposal = default.start_auction(
            loan=loan,
            by=user,
            reserve_price=payload.reserve_price,
            ends_at=payload.ends_at,
            sealed=payload.sealed,
        )
    elif payload.method == "recovery_fund":
        disposal = default.offer_to_fund(
            loan=loan, by=user, fund=_organisation(user, payload.fund or "", "fund")
        )
    else:
        raise InvalidInput(_("Choose an auction or a recovery fund."), field="method")
    return Status(201, disposal)


@router.get(
    "/{int:loan_id}/statement", response=StatementOut, summary="Loss statement (each party its own share)"
)
def statement(request, loan_id: Id):
    user = require_user(request)
    loan = loan_for(user, loan_id)
    allocation = getattr(loan, "loss", None)
    if allocation is None:
        from core.errors import NotFound

        raise NotFound(_("This loan has no loss to allocate."))
    from financing.views.common import party_organisations, sees_everything

    lines = default.statement(loan, party_organisations(user), everyone=sees_everything(user, loan))
    fields = ("debt", "proceeds", "loss", "government_compensation", "surplus")
    return {
        "loan_id": loan.pk,
        "currency": loan.currency,
        "lines": lines,
        **{f: getattr(allocation, f) for f in fields},
    }
