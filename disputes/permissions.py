"""Small predicates about a person's place in a case they can already see."""

from django.db.models import QuerySet
from django.utils.translation import gettext as _

from accounts.models import AnyUser, Membership, Organisation
from core.access import CHANGE
from core.errors import Conflict, Forbidden, InvalidInput
from disputes.models import Appointment, Case, CaseParty, Participant

PARTY_ROLES = (Participant.Role.REPRESENTATIVE, Participant.Role.COUNSEL)


def party_on(case: Case, side: str) -> CaseParty:
    """The case's party on `side`; an unknown side is the caller's mistake, never a 500."""
    party = case.parties.filter(side=side).first()
    if party is None:
        raise InvalidInput(_("Choose the claimant or the respondent."), field="side")
    return party


def seats_of(user: AnyUser, case: Case) -> QuerySet[Participant]:
    if not user.is_authenticated:
        return Participant.objects.none()
    return Participant.objects.filter(case=case, user=user, active=True).select_related("party")


def party_seat(user: AnyUser, case: Case) -> Participant | None:
    return seats_of(user, case).filter(role__in=PARTY_ROLES).first()


def is_officer(user: AnyUser, case: Case) -> bool:
    """Staff, a member of the institution whose rules govern the case, or a named case officer."""
    if user.is_staff:
        return True
    if not user.is_authenticated:
        return False
    institution = case.rules.institution_id
    if institution and Membership.objects.filter(organisation_id=institution, user=user).exists():
        return True
    return seats_of(user, case).filter(role=Participant.Role.CASE_OFFICER).exists()


def sitting_neutral(user: AnyUser, case: Case) -> Appointment | None:
    if not user.is_authenticated:
        return None
    return (
        case.appointments.filter(neutral__user=user, status__in=Appointment.SITTING)
        .select_related("neutral")
        .first()
    )


def require_party(user: AnyUser, case: Case) -> CaseParty:
    """The party the user acts for (as its representative or counsel); Forbidden otherwise."""
    seat = party_seat(user, case)
    if seat is None or seat.party is None:
        raise Forbidden(_("Only a party's representatives or counsel can do this."))
    return seat.party


def require_officer(user: AnyUser, case: Case) -> None:
    if not is_officer(user, case):
        raise Forbidden(_("Only the institution's case officers can do this."))


def require_neutral(user: AnyUser, case: Case) -> Appointment:
    appointment = sitting_neutral(user, case)
    if appointment is None:
        raise Forbidden(_("Only a sitting arbitrator or mediator can do this."))
    return appointment


def require_open(case: Case) -> None:
    if not case.is_open:
        raise Conflict(
            _("The case is closed (%(status)s); nothing more can be done in it.")
            % {"status": case.get_status_display()}
        )


def is_centre_officer(user: AnyUser, centre: Organisation) -> bool:
    """Staff, or a person who acts for the centre (an administrator or member of the arbitration or mediation
    institution; its viewers only read)."""
    if user.is_staff:
        return True
    return Organisation.objects.restrict(user, CHANGE).filter(pk=centre.pk).exists()
