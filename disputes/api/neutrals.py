"""Appointments, the list procedure and challenges in a case."""

from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from ninja import Status

from core.access import CHANGE
from core.bounds import Id
from core.errors import InvalidInput
from disputes.api.base import case_for, router
from disputes.models import Appointment, Neutral
from disputes.schemas import (
    AppointmentIn,
    AppointmentOut,
    ChallengeDecisionIn,
    ChallengeIn,
    ChallengeOut,
    ListIn,
    ListOut,
    RankingIn,
)
from disputes.services import neutrals


def _neutral(request, pk: Id) -> Neutral:
    found = Neutral.objects.visible_to(request.user).filter(pk=pk).first()
    if found is None:
        raise InvalidInput(_("There is no such neutral on the roster."), field="neutral")
    return found


@router.get("/cases/{pk}/conflict-check/{neutral_id}")
def conflict_check(request, pk: Id, neutral_id: Id):
    """What the conflict check says of a neutral for this case, before anyone nominates it."""
    case = case_for(request, pk)
    reasons = neutrals.conflict_check(case=case, neutral=_neutral(request, neutral_id), reader=request.user)
    return {"neutral": neutral_id, "may_sit": not reasons, "reasons": reasons}


@router.post("/cases/{pk}/appointments", response={201: AppointmentOut})
def appoint(request, pk: Id, payload: AppointmentIn):
    """A party nominates (method "party"), or a case officer appoints (method "institution")."""
    case = case_for(request, pk, CHANGE)
    neutral = _neutral(request, payload.neutral)
    if payload.method == Appointment.Method.PARTY:
        action = neutrals.nominate
    elif payload.method == Appointment.Method.INSTITUTION:
        action = neutrals.appoint
    else:
        raise InvalidInput(
            _("Nominate as a party or appoint as the institution; lists have their own steps."),
            field="method",
        )
    made = action(
        case=case, by=request.user, neutral=neutral, role=payload.role, declaration=payload.declaration
    )
    return Status(201, made)


@router.post("/cases/{pk}/lists", response={201: ListOut})
def propose_list(request, pk: Id, payload: ListIn):
    case = case_for(request, pk, CHANGE)
    candidates = [_neutral(request, n) for n in payload.candidates]
    made = neutrals.propose_list(case=case, by=request.user, role=payload.role, candidates=candidates)
    return Status(201, made)


@router.post("/cases/{pk}/lists/{list_id}/ranking", response=ListOut)
def rank_list(request, pk: Id, list_id: Id, payload: RankingIn):
    case = case_for(request, pk, CHANGE)
    proposal = get_object_or_404(case.lists, pk=list_id)
    return neutrals.rank_list(proposal=proposal, by=request.user, ranking=payload.ranking)


@router.get("/cases/{pk}/challenges", response=list[ChallengeOut])
def challenge_list(request, pk: Id):
    return case_for(request, pk).challenges.all()


@router.post("/cases/{pk}/challenges", response={201: ChallengeOut})
def raise_challenge(request, pk: Id, payload: ChallengeIn):
    case = case_for(request, pk, CHANGE)
    appointment = case.appointments.filter(pk=payload.appointment).first()
    if appointment is None:
        raise InvalidInput(_("There is no such appointment in the case."), field="appointment")
    return Status(
        201, neutrals.raise_challenge(appointment=appointment, by=request.user, grounds=payload.grounds)
    )


@router.post("/cases/{pk}/challenges/{challenge_id}/decision", response=ChallengeOut)
def decide_challenge(request, pk: Id, challenge_id: Id, payload: ChallengeDecisionIn):
    case = case_for(request, pk, CHANGE)
    challenge = get_object_or_404(case.challenges, pk=challenge_id)
    return neutrals.decide_challenge(
        challenge=challenge, by=request.user, uphold=payload.uphold, reason=payload.reason
    )
