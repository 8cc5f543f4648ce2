from django import template

from disputes.models.rules import STEP_LABELS

register = template.Library()


@register.filter
def step_label(code: str) -> str:
    return str(STEP_LABELS.get(code, code))


@register.filter
def step_start(after: str) -> str:
    from django.utils.translation import gettext as _

    labels = {
        "filing": _("the filing"),
        "constitution": _("the tribunal's constitution"),
        "emergency": _("the application for emergency relief"),
    }
    return str(labels.get(after, after))
