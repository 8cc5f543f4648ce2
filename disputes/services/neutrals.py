"""Appointing neutrals (party nomination, institution appointment, list procedure), their declarations
of conflicts, and challenges. Every appointment passes the conflict check first; a conflicted nomination
is refused with the reasons and nothing is recorded."""

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import Organisation, User
from core.errors import Conflict, Forbidden, InvalidInput
from core.events import record_event
from disputes import conflicts
from disputes.models import (
    Appointment,
    Case,
    Challenge,
    Kind,
    Neutral,
    NeutralConflict,
    NeutralList,
    Participant,
)
from disputes.permissions import is_officer, require_officer, require_open, require_party
from disputes.services import timetable

# The seat that makes a case constituted: a sole or presiding arbitrator, or a mediator.
CONSTITUTING: dict[str, tuple[str, ...]] = {
    Kind.ARBITRATION: (Appointment.Role.SOLE, Appointment.Role.PRESIDING),
    Kind.MEDIATION: (Appointment.Role.MEDIATOR,),
}


def _check_role(case: Case, neutral: Neutral, role: str) -> None:
    if role not in Appointment.Role.values:
        raise InvalidInput(_("Unknown role: %(role)s") % {"role": role}, field="role")
    mediation = role == Appointment.Role.MEDIATOR
    if mediation != (case.kind == Kind.MEDIATION):
        raise InvalidInput(_("This role does not exist in this kind of case."), field="role")
    if not neutral.active or not (neutral.mediator if mediation else neutral.arbitrator):
        raise InvalidInput(_("This neutral is not on the roster for this role."), field="neutral")
    if case.appointments.filter(neutral=neutral, status__in=Appointment.SITTING).exists():
        raise Conflict(_("This neutral already sits in the case."))
    single = (Appointment.Role.SOLE, Appointment.Role.PRESIDING, Appointment.Role.MEDIATOR)
    if role in single and case.appointments.filter(role=role, status__in=Appointment.SITTING).exists():
        raise Conflict(_("This seat is already filled."))


def conflict_check(*, case: Case, neutral: Neutral, reader: User | None = None) -> list[str]:
    """Why the neutral may not sit; with a reader, as that person may read it (`conflicts.as_read_by`)."""
    if reader is None:
        return conflicts.conflicts(neutral, case)
    return conflicts.as_read_by(reader, neutral, case)


def _seat(
    case: Case,
    neutral: Neutral,
    role: str,
    method: str,
    by: User,
    nominated_by: str = "",
    declaration: str = "",
) -> Appointment:
    _check_role(case, neutral, role)
    reasons = conflict_check(case=case, neutral=neutral, reader=by)
    if reasons:
        raise Conflict(
            _("%(name)s cannot be appointed: %(reasons)s")
            % {"name": neutral.name, "reasons": " ".join(reasons)},
            field="neutral",
        )
    appointment = Appointment.objects.create(
        case=case,
        neutral=neutral,
        role=role,
        method=method,
        nominated_by=nominated_by,
        declaration=declaration.strip(),
        conflict_check={"checked_at": timezone.now().isoformat(), "reasons": []},
        appointed_by=by,
    )
    if neutral.user_id:
        seat, _created = Participant.objects.get_or_create(
            case=case, user_id=neutral.user_id, role=Participant.Role.NEUTRAL, defaults={"added_by": by}
        )
        if not seat.active:
            seat.active = True
            seat.save(update_fields=["active"])
    record_event(case, "dispute.neutral_appointed", actor=by, neutral=neutral.pk, role=role, method=method)
    _maybe_constituted(case)
    return appointment


def _maybe_constituted(case: Case) -> None:
    if case.constituted_at is not None:
        return
    if case.appointments.filter(role__in=CONSTITUTING[case.kind], status__in=Appointment.SITTING).exists():
        case.status, case.constituted_at = Case.Status.CONSTITUTED, timezone.now()
        case.save(update_fields=["status", "constituted_at"])
        timetable.on_constitution(case)
        record_event(case, "dispute.constituted")


@transaction.atomic
def nominate(*, case: Case, by: User, neutral: Neutral, role: str, declaration: str = "") -> Appointment:
    """A party nominates a neutral (a co-arbitrator, or a sole arbitrator or mediator the parties agreed)."""
    require_open(case)
    party = require_party(by, case)
    return _seat(case, neutral, role, Appointment.Method.PARTY, by, party.side, declaration)


@transaction.atomic
def appoint(*, case: Case, by: User, neutral: Neutral, role: str, declaration: str = "") -> Appointment:
    """The institution appoints a neutral (a presiding or emergency arbitrator, or when a party defaults)."""
    require_open(case)
    require_officer(by, case)
    return _seat(case, neutral, role, Appointment.Method.INSTITUTION, by, "", declaration)


@transaction.atomic
def propose_list(*, case: Case, by: User, role: str, candidates: list[Neutral]) -> NeutralList:
    """The institution proposes candidates; only those without a conflict may be on the list."""
    require_open(case)
    require_officer(by, case)
    if len(candidates) < 2 or len({c.pk for c in candidates}) != len(candidates):
        raise InvalidInput(_("Propose at least two different candidates."), field="candidates")
    for neutral in candidates:
        _check_role(case, neutral, role)
        reasons = conflict_check(case=case, neutral=neutral, reader=by)
        if reasons:
            raise Conflict(
                _("%(name)s cannot be on the list: %(reasons)s")
                % {"name": neutral.name, "reasons": " ".join(reasons)},
                field="candidates",
            )
    proposal = NeutralList.objects.create(case=case, role=role)
    proposal.candidates.set(candidates)
    record_event(case, "dispute.list_proposed", actor=by, candidates=[c.pk for c in candidates])
    return proposal


@transaction.atomic
def rank_list(*, proposal: NeutralList, by: User, ranking: list[int]) -> NeutralList:
    """A party ranks every candidate (best first); when both sides have ranked, the best is appointed."""
    case = proposal.case
    require_open(case)
    party = require_party(by, case)
    proposal = NeutralList.objects.select_for_update().get(pk=proposal.pk)
    if proposal.appointment_id:
        raise Conflict(_("The list procedure is over."))
    ids = set(proposal.candidates.values_list("pk", flat=True))
    if sorted(ranking) != sorted(ids):
        raise InvalidInput(_("Rank every candidate on the list exactly once."), field="ranking")
    proposal.rankings[party.side] = ranking
    proposal.save(update_fields=["rankings"])
    record_event(case, "dispute.list_ranked", actor=by, side=party.side)
    if len(proposal.rankings) == 2:
        best = min(ranking, key=lambda pk: (sum(r.index(pk) for r in proposal.rankings.values()), pk))
        proposal.appointment = _seat(
            case, Neutral.objects.get(pk=best), proposal.role, Appointment.Method.LIST, by
        )
        proposal.save(update_fields=["appointment"])
    return proposal


@transaction.atomic
def declare_conflict(
    *, neutral: Neutral, by: User, reason: str, organisation: Organisation | None = None, name: str = ""
) -> NeutralConflict:
    """A neutral declares an organisation (on the platform or by name) it must not sit against."""
    if neutral.user_id != by.pk and not by.is_staff:
        raise Forbidden(_("Only the neutral can declare its conflicts."))
    if not reason.strip():
        raise InvalidInput(_("Give the reason for the conflict."), field="reason")
    if organisation is None and not name.strip():
        raise InvalidInput(_("Name the organisation."), field="name")
    declared = NeutralConflict.objects.create(
        neutral=neutral, organisation=organisation, name=name.strip()[:300], reason=reason.strip()[:500]
    )
    record_event(
        neutral, "dispute.conflict_declared", actor=by, organisation=getattr(organisation, "pk", None)
    )
    return declared


@transaction.atomic
def raise_challenge(*, appointment: Appointment, by: User, grounds: str) -> Challenge:
    """A party challenges a sitting neutral; the neutral stays until the institution decides."""
    case = appointment.case
    require_open(case)
    party = require_party(by, case)
    if appointment.status != Appointment.Status.CONFIRMED:
        raise Conflict(_("Only a confirmed neutral can be challenged."))
    if not grounds.strip():
        raise InvalidInput(_("State the grounds of the challenge."), field="grounds")
    challenge = Challenge.objects.create(
        case=case, appointment=appointment, side=party.side, grounds=grounds.strip(), raised_by=by
    )
    appointment.status = Appointment.Status.CHALLENGED
    appointment.save(update_fields=["status"])
    record_event(case, "dispute.challenge_raised", actor=by, appointment=appointment.pk, side=party.side)
    return challenge


@transaction.atomic
def decide_challenge(*, challenge: Challenge, by: User, uphold: bool, reason: str) -> Challenge:
    """The institution upholds (the neutral leaves the case) or dismisses a challenge, with reasons."""
    case = challenge.case
    if not is_officer(by, case):
        raise Forbidden(_("Only the institution's case officers can do this."))
    if challenge.status != Challenge.Status.PENDING:
        raise Conflict(_("This challenge has been decided."))
    if not reason.strip():
        raise InvalidInput(_("Give the reasons for the decision."), field="reason")
    challenge.status = Challenge.Status.UPHELD if uphold else Challenge.Status.DISMISSED
    challenge.decision_reason, challenge.decided_by, challenge.decided_at = reason.strip(), by, timezone.now()
    challenge.save()
    appointment = challenge.appointment
    appointment.status = Appointment.Status.REMOVED if uphold else Appointment.Status.CONFIRMED
    appointment.save(update_fields=["status"])
    if uphold and appointment.neutral.user_id:
        case.participants.filter(user_id=appointment.neutral.user_id, role=Participant.Role.NEUTRAL).update(
            active=False
        )
    record_event(case, "dispute.challenge_decided", actor=by, challenge=challenge.pk, upheld=uphold)
    return challenge
