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
def time_left(due_on: datetime.date | None) -> str:
    """How long until a date, in the platform's time zone: "in 3 days", "today", "2 days late"."""
    if due_on is None:
        return ""
    days = (due_on - timezone.localdate()).days
    if days == 0:
        return _("due today")
    if days > 0:
        return ngettext("in %(n)s day", "in %(n)s days", days) % {"n": days}
    return ngettext("%(n)s day late", "%(n)s days late", -days) % {"n": -days}


@register.filter
def fee_kind(code: str) -> str:
    from disputes.models import Fee

    return str(Fee.Kind(code).label) if code in Fee.Kind.values else code
