import datetime

from django import template
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from disputes.models.rules import STEP_LABELS

register = template.Library()


@register.filter
def step_label(code: str) -> str:
    return str(STEP_LABELS.get(code, code))


@register.filter
def step_start(after: str) -> str:
    labels = {
        "filing": _("the filing"),
        "constitution": _("the tribunal's constitution"),
        "emergency": _("the application for emergency relief"),
    }
    return str(labels.get(after, after))


@register.filter
def time_left(due_on: datetime.date | None, today: datetime.date | None = None) -> str:
    """How long from `today` (by default today in the platform's time zone) until a date: "in 3 days",
    "due today", "2 days late"."""
    if due_on is None:
        return ""
    days = (due_on - (today or timezone.localdate())).days
    if days == 0:
        return _("due today")
    if days > 0:
        return ngettext("in %(n)s day", "in %(n)s days", days) % {"n": days}
    return ngettext("%(n)s day late", "%(n)s days late", -days) % {"n": -days}


@register.filter
def fee_kind(code: str) -> str:
    from disputes.models import Fee

    return str(Fee.Kind(code).label) if code in Fee.Kind.values else code


@register.filter
def article_note(note: str) -> str:
    """A rule template's article note in the reader's language: the platform's own notes are in the
    catalogue (`disputes.rule_templates`); a note the operator wrote reads as written."""
    return _(note) if note else "—"
