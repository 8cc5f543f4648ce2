"""The timetable, the docket, hearings, decisions, med-arb and fees of a case."""

from django.http import HttpResponse
from django.shortcuts import get_object_or_404
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _
from ninja import Status

from core.access import CHANGE
from core.bounds import Id
from core.errors import InvalidInput
from disputes.api.base import case_for, decoded, party_on, router
from disputes.models import FeeSubsidyProgramme, RuleTemplate
from disputes.schemas import (
    CaseOut,
    DeadlineIn,
    DeadlineOut,
    DecisionIn,
    DecisionOut,
    DepositIn,
    FeeOut,
    HearingIn,
    HearingOut,
    NeutralFeeIn,
    PaymentIn,
    ReferIn,
    SignIn,
    SubmissionIn,
    SubmissionOut,
    SubsidyIn,
    SubsidyOut,
)
from disputes.services import decisions, docket, fees, timetable


@router.get("/cases/{pk}/deadlines", response=list[DeadlineOut])
def deadline_list(request, pk: Id):
    return case_for(request, pk).deadlines.all()


@router.post("/cases/{pk}/deadlines", response={201: DeadlineOut})
def set_deadline(request, pk: Id, payload: DeadlineIn):
    case = case_for(request, pk, CHANGE)
    return Status(
        201, timetable.set_deadline(case=case, by=request.user, title=payload.title, due_on=payload.due_on)
    )


@router.post("/cases/{pk}/emergency", response={201: list[DeadlineOut]})
def emergency_relief(request, pk: Id):
    """A party applies for an emergency arbitrator; the rules' emergency time limits start."""
    case = case_for(request, pk, CHANGE)
    return Status(201, timetable.apply_for_emergency_relief(case=case, by=request.user))


@router.get("/cases/{pk}/submissions", response=list[SubmissionOut])
def submission_list(request, pk: Id):
    return case_for(request, pk).submissions.all()


@router.post("/cases/{pk}/submissions", response={201: SubmissionOut})
def file_submission(request, pk: Id, payload: SubmissionIn):
    """File in the docket; documents come base64-encoded; everyone else in the case is served."""
    case = case_for(request, pk, CHANGE)
    documents = [(d.filename, decoded(d.content_base64)) for d in payload.documents]
    made = docket.file_submission(
        case=case,
        by=request.user,
        kind=payload.kind,
        title=payload.title,
        body=payload.body,
        documents=documents,
    )
    return Status(201, made)


@router.get("/cases/{pk}/submissions/{number}", response=SubmissionOut)
def submission_detail(request, pk: Id, number: Id):
    """Reading a submission records, the first time, that the person served opened it."""
    submission = get_object_or_404(case_for(request, pk).submissions, number=number)
    docket.mark_opened(submission=submission, by=request.user)
    return submission


@router.get("/cases/{pk}/submissions/{number}/documents/{document_id}")
def submission_document(request, pk: Id, number: Id, document_id: Id):
    submission = get_object_or_404(case_for(request, pk).submissions, number=number)
    document = get_object_or_404(submission.documents, pk=document_id)
    docket.mark_opened(submission=submission, by=request.user)
    response = HttpResponse(bytes(document.content), content_type=document.content_type)
    response["Content-Disposition"] = content_disposition_header(True, document.filename) or "attachment"
    return response


@router.get("/cases/{pk}/hearings", response=list[HearingOut])
def hearing_list(request, pk: Id):
    return case_for(request, pk).hearings.all()


@router.post("/cases/{pk}/hearings", response={201: HearingOut})
def schedule_hearing(request, pk: Id, payload: HearingIn):
    case = case_for(request, pk, CHANGE)
    return Status(201, docket.schedule_hearing(case=case, by=request.user, **payload.dict()))


@router.get("/cases/{pk}/decisions", response=list[DecisionOut])
def decision_list(request, pk: Id):
    return case_for(request, pk).decisions.all()


@router.post("/cases/{pk}/decisions", response={201: DecisionOut})
def issue_decision(request, pk: Id, payload: DecisionIn):
    """The tribunal issues an order or an award; a settlement is put up for the parties' signatures."""
    case = case_for(request, pk, CHANGE)
    return Status(201, decisions.issue_decision(case=case, by=request.user, **payload.dict()))


@router.post("/cases/{pk}/decisions/{decision_id}/signature", response=DecisionOut)
def sign_settlement(request, pk: Id, decision_id: Id, payload: SignIn):
    decision = get_object_or_404(case_for(request, pk, CHANGE).decisions, pk=decision_id)
    decisions.sign_settlement(decision=decision, by=request.user, text_sha256=payload.text_sha256)
    decision.refresh_from_db()
    return decision


@router.post("/cases/{pk}/decisions/{decision_id}/registry", response=DecisionOut)
def apply_effects(request, pk: Id, decision_id: Id):
    """The operator applies what the award orders in the registry."""
    decision = get_object_or_404(case_for(request, pk, CHANGE).decisions, pk=decision_id)
    return decisions.apply_effects(decision=decision, by=request.user)


@router.post("/cases/{pk}/arbitration", response={201: CaseOut})
def refer_to_arbitration(request, pk: Id, payload: ReferIn):
    """Med-arb: a mediation that did not settle moves to arbitration."""
    case = case_for(request, pk, CHANGE)
    rules = None
    if payload.rules:
        rules = RuleTemplate.objects.filter(code=payload.rules, active=True).first()
        if rules is None:
            raise InvalidInput(_("There are no such rules."), field="rules")
    return Status(201, decisions.refer_to_arbitration(case=case, by=request.user, rules=rules))


@router.post("/cases/{pk}/withdrawal", response=CaseOut)
def withdraw(request, pk: Id):
    return decisions.withdraw(case=case_for(request, pk, CHANGE), by=request.user)


@router.get("/cases/{pk}/fees", response=list[FeeOut])
def fee_list(request, pk: Id):
    return fees.fees_read_by(request.user, case_for(request, pk))


@router.post("/cases/{pk}/fees/deposits", response={201: FeeOut})
def request_deposit(request, pk: Id, payload: DepositIn):
    case = case_for(request, pk, CHANGE)
    made = fees.request_deposit(
        case=case,
        by=request.user,
        party=party_on(case, payload.side),
        amount=payload.amount,
        currency=payload.currency,
        description=payload.description,
    )
    return Status(201, made)


@router.post("/cases/{pk}/fees/neutrals", response={201: FeeOut})
def charge_neutral_fee(request, pk: Id, payload: NeutralFeeIn):
    case = case_for(request, pk, CHANGE)
    appointment = case.appointments.filter(pk=payload.appointment).first()
    if appointment is None:
        raise InvalidInput(_("There is no such appointment in the case."), field="appointment")
    made = fees.charge_neutral_fee(
        case=case,
        by=request.user,
        appointment=appointment,
        party=party_on(case, payload.side),
        hours=payload.hours,
    )
    return Status(201, made)


@router.post("/cases/{pk}/fees/{fee_id}/payment", response=FeeOut)
def record_payment(request, pk: Id, fee_id: Id, payload: PaymentIn):
    fee = get_object_or_404(case_for(request, pk, CHANGE).fees, pk=fee_id)
    return fees.record_payment(fee=fee, by=request.user, reference=payload.reference, paid_on=payload.paid_on)


@router.post("/cases/{pk}/subsidies", response={201: SubsidyOut})
def grant_subsidy(request, pk: Id, payload: SubsidyIn):
    case = case_for(request, pk, CHANGE)
    programme = FeeSubsidyProgramme.objects.filter(pk=payload.programme).first()
    if programme is None:
        raise InvalidInput(_("There is no such programme."), field="programme")
    made = fees.grant_subsidy(programme=programme, party=party_on(case, payload.side), by=request.user)
    return Status(201, made)


@router.get("/cases/{pk}/statement/{side}")
def statement(request, pk: Id, side: str):
    """A party's statement of fees, payments and subsidies."""
    case = case_for(request, pk)
    return fees.statement(case=case, party=party_on(case, side), by=request.user)
