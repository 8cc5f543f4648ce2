"""After signature: the obligations calendar, milestone claims, royalty reports, payments, revenue."""

from datetime import date
from typing import Any

from django.http import HttpResponse
from django.shortcuts import get_object_or_404
from ninja import Router, Schema, Status

from core.bounds import Id
from deals.api import serialize
from deals.api.common import child_for, room_for
from deals.models import Obligation, Payment, RoyaltyReport
from deals.services import invoices, obligations, royalties

router = Router(tags=["deals"])


class ClaimIn(Schema):
    reached_on: date
    note: str = ""


class NoteIn(Schema):
    note: str = ""


class ReportIn(Schema):
    period_start: date
    period_end: date
    sales_currency: str
    exchange_rate: str = "1"
    lines: list[dict[str, Any]]
    step_downs_applied: list[str] = []


class PaymentIn(Schema):
    amount: str
    currency: str
    paid_on: date
    reference: str
    report: Id | None = None
    obligation: Id | None = None


@router.get("/rooms/{int:room_id}/obligations", response=list[dict[str, Any]], summary="Obligations calendar")
def calendar(request, room_id: Id):
    user, found = room_for(request, room_id)
    return [serialize.obligation(o) for o in Obligation.objects.visible_to(user).filter(room=found)]


@router.post("/obligations/{int:obligation_id}/claim", response=dict[str, Any], summary="Claim a milestone")
def claim(request, obligation_id: Id, payload: ClaimIn):
    user, found = child_for(request, Obligation, obligation_id)
    done = obligations.claim_milestone(
        obligation=found, by=user, reached_on=payload.reached_on, note=payload.note
    )
    return serialize.obligation(done)


@router.post("/obligations/{int:obligation_id}/confirm", response=dict[str, Any], summary="Confirm a claim")
def confirm(request, obligation_id: Id, payload: NoteIn):
    user, found = child_for(request, Obligation, obligation_id)
    return serialize.obligation(
        obligations.answer_claim(obligation=found, by=user, confirm=True, note=payload.note)
    )


@router.post("/obligations/{int:obligation_id}/dispute", response=dict[str, Any], summary="Dispute a claim")
def dispute(request, obligation_id: Id, payload: NoteIn):
    user, found = child_for(request, Obligation, obligation_id)
    return serialize.obligation(
        obligations.answer_claim(obligation=found, by=user, confirm=False, note=payload.note)
    )


@router.get("/rooms/{int:room_id}/royalty-reports", response=list[dict[str, Any]], summary="Royalty reports")
def reports(request, room_id: Id):
    user, found = room_for(request, room_id)
    return [serialize.report(r) for r in RoyaltyReport.objects.visible_to(user).filter(room=found)]


@router.post(
    "/rooms/{int:room_id}/royalty-reports", response={201: dict[str, Any]}, summary="Report net sales"
)
def submit(request, room_id: Id, payload: ReportIn):
    user, found = room_for(request, room_id)
    report = royalties.submit_report(room=found, by=user, **payload.dict())
    return Status(201, serialize.report(report))


@router.get(
    "/royalty-reports/{int:report_id}/invoice.pdf",
    response={200: None},
    summary="The royalty invoice of a report (PDF)",
    openapi_extra={"responses": {200: {"content": {"application/pdf": {}}}}},
)
def invoice(request, report_id: Id):
    _user, found = child_for(request, RoyaltyReport, report_id)
    response = HttpResponse(invoices.royalty_invoice(found), content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="invoice-{invoices.invoice_number(found)}.pdf"'
    return response


@router.get("/rooms/{int:room_id}/payments", response=list[dict[str, Any]], summary="Payments recorded")
def payments(request, room_id: Id):
    user, found = room_for(request, room_id)
    return [serialize.payment(p) for p in Payment.objects.visible_to(user).filter(room=found)]


@router.post("/rooms/{int:room_id}/payments", response={201: dict[str, Any]}, summary="Record a payment")
def pay(request, room_id: Id, payload: PaymentIn):
    user, found = room_for(request, room_id)
    report = (
        get_object_or_404(RoyaltyReport.objects.visible_to(user), pk=payload.report)
        if payload.report
        else None
    )
    due = (
        get_object_or_404(Obligation.objects.visible_to(user), pk=payload.obligation)
        if payload.obligation
        else None
    )
    payment = royalties.record_payment(
        room=found, by=user, amount=payload.amount, currency=payload.currency, paid_on=payload.paid_on,
        reference=payload.reference, report=report, obligation=due,
    )  # fmt: skip
    return Status(201, serialize.payment(payment))


@router.get("/rooms/{int:room_id}/revenue", response=dict[str, Any], summary="Royalties due and received")
def revenue(request, room_id: Id):
    _user, found = room_for(request, room_id)
    return royalties.revenue(found)
