"""The obligations calendar laid out on signature, milestone claims, reminders before a due date and late
alerts."""

import calendar
from datetime import date, timedelta

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import User
from core.errors import Conflict, Forbidden, InvalidInput
from core.events import record_event
from deals.models import DealRoom, Obligation, RoomMember
from deals.models.room import Side
from deals.notify import notify_room
from deals.permissions import require_party_seat

# How many report periods the calendar shows ahead; the next is added as each report is filed. The cadence
# itself (period, days to report, days to pay a milestone) is part of the locked terms.
PERIODS_AHEAD = 4
# How many days before a due date both sides are reminded; the operator may change it (DEALS_REMINDER_DAYS).
DEFAULT_REMINDER_DAYS = 7


def add_months(day: date, months: int) -> date:
    month = day.month - 1 + months
    year, month = day.year + month // 12, month % 12 + 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def period_after(start: date, months: int) -> tuple[date, date]:
    end = add_months(start, months) - timedelta(days=1)
    return start, end


def report_obligation(room: DealRoom, start: date, terms: dict) -> Obligation:
    first, last = period_after(start, terms["report_period_months"])
    return Obligation(
        room=room,
        kind=Obligation.Kind.ROYALTY_REPORT,
        title=f"Royalty report {first.isoformat()} – {last.isoformat()}",
        due_on=last + timedelta(days=terms["report_due_days"]),
        note=f"{first.isoformat()}/{last.isoformat()}",
    )


def lay_out(room: DealRoom, terms: dict, *, signed_on: date) -> list[Obligation]:
    """Milestones (dated when they happen), royalty reports for the next periods, diligence duties."""
    rows = [
        Obligation(
            room=room,
            kind=Obligation.Kind.MILESTONE,
            title=f"Milestone: {m['event']}",
            amount=m["amount"],
            currency=terms["currency"],
            event=m["event"],
        )
        for m in terms["milestones"]
    ]
    if terms["royalty_tiers"]:
        start = signed_on
        for _n in range(PERIODS_AHEAD):
            rows.append(report_obligation(room, start, terms))
            start = add_months(start, terms["report_period_months"])
    if terms["diligence"]:
        rows.append(
            Obligation(
                room=room,
                kind=Obligation.Kind.DILIGENCE,
                title=terms["diligence"][:300],
                due_on=add_months(signed_on, 12),
            )
        )
    return Obligation.objects.bulk_create(rows)


def _terms_of(room: DealRoom) -> dict:
    from deals.services.terms import locked_terms

    sheet = locked_terms(room)
    return sheet.terms if sheet is not None else {}


def _signed(room: DealRoom) -> None:
    if DealRoom.objects.values_list("status", flat=True).get(pk=room.pk) != DealRoom.Status.SIGNED:
        raise Conflict(_("This step follows the signature of the agreement."))


@transaction.atomic
def claim_milestone(*, obligation: Obligation, by: User, reached_on: date, note: str = "") -> Obligation:
    """The licensor claims a milestone reached; the payment falls due as many days later as the terms say."""
    seat = require_party_seat(by, obligation.room, (RoomMember.Role.LEAD, RoomMember.Role.SIGNATORY))
    _signed(obligation.room)
    if seat.side != Side.SELLER:
        raise Forbidden(_("The licensor claims milestones."))
    if obligation.kind != Obligation.Kind.MILESTONE or obligation.status not in (
        Obligation.Status.OPEN,
        Obligation.Status.DISPUTED,
    ):
        raise Conflict(_("Only an open or disputed milestone can be claimed."))
    if reached_on > timezone.localdate():
        raise InvalidInput(_("A milestone cannot be reached in the future."), field="reached_on")
    obligation.status, obligation.due_on, obligation.note = (
        Obligation.Status.CLAIMED,
        reached_on + timedelta(days=_terms_of(obligation.room)["milestone_payment_days"]),
        note.strip()[:2000],
    )
    obligation.save(update_fields=["status", "due_on", "note"])
    record_event(obligation.room, "deal.milestone_claimed", actor=by, obligation=obligation.pk)
    notify_room(obligation.room, "milestone_claimed", note=obligation.title, side=Side.BUYER)
    return obligation


@transaction.atomic
def answer_claim(*, obligation: Obligation, by: User, confirm: bool, note: str = "") -> Obligation:
    """The licensee confirms or disputes a claimed milestone."""
    seat = require_party_seat(by, obligation.room, (RoomMember.Role.LEAD, RoomMember.Role.SIGNATORY))
    if seat.side != Side.BUYER:
        raise Forbidden(_("The licensee confirms or disputes milestones."))
    if obligation.status != Obligation.Status.CLAIMED:
        raise Conflict(_("This milestone has not been claimed."))
    obligation.status = Obligation.Status.CONFIRMED if confirm else Obligation.Status.DISPUTED
    obligation.note = (obligation.note + "\n" + note.strip()).strip()[:2000]
    obligation.save(update_fields=["status", "note"])
    record_event(obligation.room, f"deal.milestone_{obligation.status}", actor=by, obligation=obligation.pk)
    notify_room(obligation.room, f"milestone_{obligation.status}", note=obligation.title, side=Side.SELLER)
    return obligation


def due_reminders(*, today: date | None = None, days: int | None = None) -> int:
    """Remind both sides, once, of each report or payment falling due within `days` (DEALS_REMINDER_DAYS)."""
    today = today or timezone.localdate()
    if days is None:
        days = int(getattr(settings, "DEALS_REMINDER_DAYS", DEFAULT_REMINDER_DAYS))
    soon = Obligation.objects.filter(
        due_on__gte=today,
        due_on__lte=today + timedelta(days=days),
        reminded_at__isnull=True,
        room__status=DealRoom.Status.SIGNED,
    ).select_related("room")
    count = 0
    for obligation in soon:
        if not _payable(obligation):
            continue
        note = f"{obligation.title} · {obligation.due_on.isoformat()}"
        notify_room(obligation.room, "due_soon", note=note)
        Obligation.objects.filter(pk=obligation.pk).update(reminded_at=timezone.now())
        record_event(obligation.room, "deal.obligation_due_soon", obligation=obligation.pk)
        count += 1
    return count


def _payable(obligation: Obligation) -> bool:
    """Whether something is owed: a report or a claimed milestone; an unclaimed milestone has not happened."""
    if obligation.kind == Obligation.Kind.MILESTONE:
        return obligation.status in (Obligation.Status.CLAIMED, Obligation.Status.CONFIRMED)
    return obligation.status == Obligation.Status.OPEN


def late_alerts(*, today: date | None = None) -> int:
    """Raise one alert per overdue report or payment (reports not filed, claims not paid) to both sides."""
    today = today or timezone.localdate()
    overdue = Obligation.objects.filter(
        due_on__lt=today,
        alerted_at__isnull=True,
        status__in=[Obligation.Status.OPEN, Obligation.Status.CLAIMED, Obligation.Status.CONFIRMED],
        room__status=DealRoom.Status.SIGNED,
    ).select_related("room")
    count = 0
    for obligation in overdue:
        if obligation.kind == Obligation.Kind.MILESTONE and obligation.status == Obligation.Status.OPEN:
            continue  # an unclaimed milestone is not late: it has not happened
        notify_room(obligation.room, "late", note=obligation.title)
        Obligation.objects.filter(pk=obligation.pk).update(alerted_at=timezone.now())
        record_event(obligation.room, "deal.obligation_late", obligation=obligation.pk)
        count += 1
    return count
