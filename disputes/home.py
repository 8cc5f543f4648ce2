"""What disputes puts on a member's home: the cases waiting for the member's action, and a link to them."""

import datetime

from django.db.models import Q, QuerySet
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.models import AnyUser, Organisation, User
from core.access import CHANGE
from core.home import InboxItem, Shortcut
from disputes.models import (
    Case,
    Challenge,
    Deadline,
    Decision,
    Neutral,
    NeutralList,
    RosterApplication,
    ServiceRecord,
)
from disputes.permissions import PARTY_ROLES
from disputes.services.timetable import reminder_days


def _party_sides(user: User) -> dict[int, set[str]]:
    """For each open case, the sides the person acts for (as representative or counsel)."""
    sides: dict[int, set[str]] = {}
    seats = (
        Case.objects.visible_to(user)
        .exclude(status__in=Case.CLOSED)
        .filter(participants__user=user, participants__active=True, participants__role__in=PARTY_ROLES)
    )
    for case_id, side in seats.values_list("pk", "participants__party__side"):
        sides.setdefault(case_id, set()).add(side)
    return sides


def _to_sign(user: User, sides: dict[int, set[str]]) -> int:
    settlements = Decision.objects.visible_to(user).filter(
        case__in=list(sides), kind=Decision.Kind.SETTLEMENT, signed_at__isnull=True
    )
    return sum(
        1
        for decision in settlements.prefetch_related("signatures")
        if sides[decision.case_id] - {s.side for s in decision.signatures.all()}
    )


def _to_rank(user: User, sides: dict[int, set[str]]) -> int:
    lists = NeutralList.objects.visible_to(user).filter(case__in=list(sides), appointment__isnull=True)
    return sum(1 for proposal in lists if sides[proposal.case_id] - set(proposal.rankings))


def _officer_cases(user: User) -> QuerySet[Case]:
    """Open cases the person runs as a case officer of the institution."""
    centres = Organisation.objects.of_member(user).values("pk")
    return (
        Case.objects.visible_to(user)
        .exclude(status__in=Case.CLOSED)
        .filter(
            Q(rules__institution__in=centres) | Q(participants__user=user, participants__role="case_officer")
        )
    )


def inbox(user: AnyUser) -> list[InboxItem]:
    """Everything in disputes waiting for this person's action (items with count 0 included)."""
    if not user.is_authenticated:
        return []
    cases = reverse("disputes:index")
    sides = _party_sides(user)
    unopened = ServiceRecord.objects.visible_to(user).filter(
        participant__user=user, participant__active=True, opened_at__isnull=True
    )
    horizon = timezone.localdate() + datetime.timedelta(days=reminder_days())
    mine = Case.objects.visible_to(user).filter(participants__user=user, participants__active=True)
    soon = Deadline.objects.visible_to(user).filter(
        case__in=mine.exclude(status__in=Case.CLOSED).values("pk"),
        status=Deadline.Status.OPEN,
        due_on__lte=horizon,
    )
    challenges = Challenge.objects.visible_to(user).filter(
        status=Challenge.Status.PENDING, case__in=_officer_cases(user).values("pk")
    )
    applications = RosterApplication.objects.restrict(user, CHANGE).filter(
        status=RosterApplication.Status.PENDING
    )
    return [
        InboxItem(_("Dispute submissions served on you, not yet opened"), cases, unopened.count()),
        InboxItem(_("Deadlines coming up in your disputes"), cases, soon.count()),
        InboxItem(_("Settlement agreements waiting for your side's signature"), cases, _to_sign(user, sides)),
        InboxItem(_("Lists of candidate neutrals for your side to rank"), cases, _to_rank(user, sides)),
        InboxItem(_("Challenges to neutrals to decide"), cases, challenges.count()),
        InboxItem(
            _("Applications to your centre's roster to decide"),
            reverse("disputes:roster_applications"),
            applications.count(),
        ),
    ]


def shortcuts(user: AnyUser) -> list[Shortcut]:
    involved = (
        Case.objects.visible_to(user).exists()
        or Neutral.objects.restrict(user, CHANGE).filter(user=user).exists()
        or Organisation.objects.of_member(user).filter(kind=Organisation.Kind.DISPUTE_INSTITUTION).exists()
    )
    return [Shortcut(_("My disputes"), reverse("disputes:index"))] if involved else []
