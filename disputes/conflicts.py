"""Conflicts of interest of a neutral, in the certification app's pattern (a list of translated reasons;
empty when the neutral may sit), checked against the case's parties, their declared affiliates and
earlier cases.

A neutral may not sit when:
- its chambers or firm is a party or an affiliate of one, or its person belongs to one;
- it declared a conflict with a party or affiliate (on the platform, or by name);
- it acted for a party (as representative or counsel) in an earlier case;
- it was nominated by the same party in two or more cases in the last three years (the IBA Guidelines
  on Conflicts of Interest, Orange List 3.1.3);
- it already takes part in this case in another role.

The reasons are confidential: they name other cases and what a neutral declared in private. `as_read_by`
gives them in full only to the operator, the case's officers and the neutral itself (and even then an
earlier case's reference only to who may see that case); the parties read that the neutral is conflicted.
"""

import datetime

from django.contrib.auth.models import AnonymousUser
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import AnyUser, Membership, User
from disputes.models import Appointment, Case, Neutral, NeutralConflict, Participant
from disputes.permissions import is_officer

REPEAT_NOMINATIONS = 2
REPEAT_WINDOW_DAYS = 3 * 365


def _fold(name: str) -> str:
    return " ".join(name.casefold().split())


def connected(case: Case) -> tuple[dict[int, str], set[str]]:
    """The organisations on the platform that count as a party (the parties and their affiliates), by id,
    and every name (folded) of parties and affiliates, including those not on the platform."""
    organisations: dict[int, str] = {}
    names: set[str] = set()
    for party in case.parties.prefetch_related("affiliates").select_related("organisation"):
        names.add(_fold(party.name))
        names.update(_fold(n) for n in party.affiliate_names)
        if party.organisation_id:
            organisations[party.organisation_id] = party.organisation.name
        for affiliate in party.affiliates.all():
            organisations[affiliate.pk] = affiliate.name
            names.add(_fold(affiliate.name))
    return organisations, names


def _organisational(neutral: Neutral, organisations: dict[int, str]) -> list[str]:
    reasons = []
    if neutral.organisation_id in organisations:
        reasons.append(
            _("The neutral's chambers or firm is %(org)s, a party or its affiliate.")
            % {"org": organisations[neutral.organisation_id]}
        )
    if neutral.user_id:
        shared = Membership.objects.filter(user_id=neutral.user_id, organisation_id__in=list(organisations))
        for membership in shared.select_related("organisation"):
            reasons.append(
                _("The neutral belongs to %(org)s, a party or its affiliate.")
                % {"org": membership.organisation}
            )
    return reasons


def _declared(neutral: Neutral, organisations: dict[int, str], names: set[str]) -> list[str]:
    declarations = NeutralConflict.objects.filter(neutral=neutral).filter(
        Q(organisation_id__in=list(organisations)) | Q(organisation__isnull=True)
    )
    return [
        _("The neutral declared a conflict: %(reason)s") % {"reason": d.reason}
        for d in declarations
        if d.organisation_id or _fold(d.name) in names
    ]


def _earlier_cases(neutral: Neutral, case: Case, organisations: dict[int, str], reader: object) -> list[str]:
    reasons = []
    if neutral.user_id:
        acted = Participant.objects.filter(
            user_id=neutral.user_id,
            role__in=(Participant.Role.REPRESENTATIVE, Participant.Role.COUNSEL),
            party__organisation_id__in=list(organisations),
        ).exclude(case=case)
        seats = list(acted.select_related("case", "party"))
        readable = {seat.case_id for seat in seats}
        if reader is not _EVERYTHING:
            person = reader if isinstance(reader, User | AnonymousUser) else None
            readable = set(
                Case.objects.visible_to(person).filter(pk__in=readable).values_list("pk", flat=True)
            )
        for seat in seats:
            if seat.case_id in readable:
                reasons.append(
                    _("The neutral acted for %(party)s in an earlier case (%(ref)s).")
                    % {"party": seat.party.name, "ref": seat.case.reference}
                )
            else:
                reasons.append(
                    _("The neutral acted for %(party)s in an earlier case.") % {"party": seat.party.name}
                )
    since = timezone.now() - datetime.timedelta(days=REPEAT_WINDOW_DAYS)
    earlier = list(
        Appointment.objects.filter(neutral=neutral, method=Appointment.Method.PARTY, created_at__gte=since)
        .exclude(case=case)
        .select_related("case")
    )
    for party in case.parties.filter(organisation_id__isnull=False):
        count = sum(1 for a in earlier if _nominated_by(a, party.organisation_id))
        if count >= REPEAT_NOMINATIONS:
            reasons.append(
                _("%(party)s nominated the neutral %(n)s times in the last three years.")
                % {"party": party.name, "n": count}
            )
    return reasons


def _nominated_by(appointment: Appointment, organisation_id: int) -> bool:
    return appointment.case.parties.filter(
        side=appointment.nominated_by, organisation_id=organisation_id
    ).exists()


_EVERYTHING = object()  # the rules themselves read every reason


def conflicts(neutral: Neutral, case: Case, reader: object = _EVERYTHING) -> list[str]:
    """Why `neutral` may not sit in `case`; empty when it may. An earlier case's reference is named only when
    `reader` may see that case (the rules themselves, without a reader, read everything)."""
    organisations, names = connected(case)
    reasons = _organisational(neutral, organisations)
    reasons += _declared(neutral, organisations, names)
    reasons += _earlier_cases(neutral, case, organisations, reader)
    if (
        neutral.user_id
        and case.participants.filter(user_id=neutral.user_id, active=True)
        .exclude(role=Participant.Role.NEUTRAL)
        .exists()
    ):
        reasons.append(_("The neutral already takes part in this case in another role."))
    return reasons


def may_read_reasons(user: AnyUser, case: Case, neutral: Neutral) -> bool:
    """The operator, the case's officers and the neutral itself read why a neutral is conflicted."""
    if not user.is_authenticated:
        return False
    return is_officer(user, case) or (neutral.user_id is not None and neutral.user_id == user.pk)


def as_read_by(user: AnyUser, neutral: Neutral, case: Case) -> list[str]:
    """The conflict check as `user` may read it: the reasons, or for the parties only that there is one."""
    if not may_read_reasons(user, case, neutral):
        return [_("The neutral has a conflict of interest in this case.")] if conflicts(neutral, case) else []
    return conflicts(neutral, case, reader=user)
