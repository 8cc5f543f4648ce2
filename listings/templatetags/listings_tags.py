from django import template
from django.utils.translation import gettext_lazy

from core.formatting import format_number
from core.places import place_name
from listings import territories

register = template.Library()


@register.filter
def territory_list(codes):
    return territories.describe(codes or [])


@register.filter
def place(code):
    """A country's or patent office's name in the reader's language (新加坡, not SG)."""
    return place_name(code)


@register.filter
def amount(value):
    """An amount without its currency, digits grouped as in core.formatting; whole amounts without cents."""
    text = format_number(value, 2)
    return text.removesuffix(".00")


@register.filter
def get_item(mapping, key):
    return mapping.get(key, "") if hasattr(mapping, "get") else ""


SIGNALS = {
    "semantic": gettext_lazy("Meaning"),
    "lexical": gettext_lazy("Shared words"),
    "structured": gettext_lazy("Criteria"),
    "buyer": gettext_lazy("Fit with your portfolio"),
    "listing": gettext_lazy("Listing terms"),
}


@register.filter
def signal_label(signal):
    """A matching signal's name in the reader's language."""
    return SIGNALS.get(signal, signal)


@register.filter
def plain_why(why) -> str:
    """A match's reasons in plain words (see matching.explain); the engine's own details without it."""
    try:
        from matching.explain import plain_summary
    except ImportError:  # the matching engine is optional in a minimal install
        return "; ".join(str(reason.get("detail", "")) for reason in why or [])
    return plain_summary(why or [])
