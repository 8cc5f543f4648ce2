"""The procedural timetable: deadlines derived from the rules' steps, set by the tribunal, and reminders."""

import datetime
import functools

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from accounts.models import User
from core.errors import InvalidInput
from core.events import record_event
from disputes.models import Case, Deadline
from disputes.models.rules import STEP_LABELS

# How many days ahead of a deadline the participants are reminded; the operator may set
# DISPUTES_REMINDER_DAYS.
DEFAULT_REMINDER_DAYS = 7


def reminder_days() -> int:
    return int(getattr(settings, "DISPUTES_REMINDER_DAYS", DEFAULT_REMINDER_DAYS))


def _derive(case: Case, after: str, start: datetime.date) -> list[Deadline]:
    made = []
    for step in case.rules.steps_for(case.kind, after):
        if step["code"] == "expedited_award" and not case.expedited:
            continue
        made.append(
            Deadline.objects.create(
                case=case,
                code=step["code"],
                title=str(STEP_LABELS[step["code"]]),
                due_on=start + datetime.timedelta(days=step["days"]),
                rule_days=step["days"],
            )
        )
    return made


def on_filing(case: Case) -> list[Deadline]:
    return _derive(case, "filing", timezone.localdate())


def on_constitution(case: Case) -> list[Deadline]:
    met(case, "constitution")
    met(case, "mediator_appointment")
    return _derive(case, "constitution", timezone.localdate())


def met(case: Case, code: str) -> None:
    case.deadlines.filter(code=code, status=Deadline.Status.OPEN).update(status=Deadline.Status.MET)


@transaction.atomic
def apply_for_emergency_relief(*, case: Case, by: User) -> list[Deadline]:
    """A party asks for an emergency arbitrator: the rules' emergency steps start today."""
    from disputes.permissions import require_open, require_party

    require_open(case)
    require_party(by, case)
    made = _derive(case, "emergency", timezone.localdate())
    if not made:
        raise InvalidInput(_("These rules provide no emergency arbitrator."))
    record_event(case, "dispute.emergency_relief_requested", actor=by)
    return made


@transaction.atomic
def set_deadline(*, case: Case, by: User, title: str, due_on: datetime.date) -> Deadline:
    """The tribunal or a case officer adds a date to the timetable."""
    from disputes.permissions import is_officer, require_neutral, require_open

    require_open(case)
    if not is_officer(by, case):
        require_neutral(by, case)
    if not title.strip():
        raise InvalidInput(_("Say what is due."), field="title")
    if due_on < timezone.localdate():
        raise InvalidInput(_("A deadline cannot be in the past."), field="due_on")
    deadline = Deadline.objects.create(case=case, title=title.strip()[:300], due_on=due_on)
    record_event(case, "dispute.deadline_set", actor=by, title=deadline.title, due_on=due_on.isoformat())
    return deadline


def _remind(deadline: Deadline, today: datetime.date) -> list[str]:
    """Mail each person in the case, in their own language, once the reminder is recorded."""
    from disputes.templatetags.disputes import time_left

    people = deadline.case.participants.filter(active=True).select_related("user")
    users = {p.user.pk: p.user for p in people if p.user.email}
    url = f"{settings.SITE_URL.rstrip('/')}{reverse('disputes:case', args=[deadline.case_id])}"
    for user in users.values():
        with translation.override(user.language or settings.LANGUAGE_CODE):
            subject = _("Deadline on %(date)s in case %(ref)s") % {
                "date": deadline.due_on,
                "ref": deadline.case.reference,
            }
            body = _("%(title)s is due on %(date)s (%(left)s). The case: %(url)s") % {
                "title": deadline.label,
                "date": deadline.due_on,
                "left": time_left(deadline.due_on, today),
                "url": url,
            }
        transaction.on_commit(functools.partial(send_mail, subject, body, None, [user.email]))
    return sorted(u.email for u in users.values())


@transaction.atomic
def _remind_once(pk: int, today: datetime.date) -> bool:
    """Remind of one deadline unless another run already did (the row is locked while deciding)."""
    deadline = (
        Deadline.objects.select_for_update()
        .filter(pk=pk, status=Deadline.Status.OPEN, reminded_on__isnull=True)
        .select_related("case")
        .first()
    )
    if deadline is None or not deadline.case.is_open:
        return False
    deadline.reminded_on = today
    deadline.save(update_fields=["reminded_on"])
    sent_to = _remind(deadline, today)
    record_event(deadline.case, "dispute.reminder_sent", deadline=deadline.pk, to=sent_to)
    return True


def send_reminders(*, today: datetime.date | None = None) -> dict[str, int]:
    """Remind the participants of open deadlines coming up, once each; mark past ones as lapsed.
    Idempotent: a deadline reminded of is never reminded of again, however often this runs."""
    today = today or timezone.localdate()
    horizon = today + datetime.timedelta(days=reminder_days())
    lapsed = Deadline.objects.filter(status=Deadline.Status.OPEN, due_on__lt=today).update(
        status=Deadline.Status.LAPSED
    )
    due = Deadline.objects.filter(
        status=Deadline.Status.OPEN, due_on__gte=today, due_on__lte=horizon, reminded_on__isnull=True
    ).exclude(case__status__in=Case.CLOSED)
    reminded = sum(_remind_once(pk, today) for pk in due.values_list("pk", flat=True))
    return {"reminded": reminded, "lapsed": lapsed}
