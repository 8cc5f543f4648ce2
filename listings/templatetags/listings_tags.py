from django import template
from django.utils.translation import gettext_lazy

from listings import territories

register = template.Library()


@register.simple_tag
def toggle(request, name, value):
    """The query string with filter `name` set to `value`, or removed when it already is (first page)."""
    params = request.GET.copy()
    params.pop("cursor", None)
    if params.get(name) == str(value):
        params.pop(name)
    else:
        params[name] = value
    return params.urlencode()


@register.simple_tag
def with_cursor(request, cursor):
    params = request.GET.copy()
    params["cursor"] = cursor
    return params.urlencode()


@register.filter
def territory_list(codes):
    return territories.describe(codes or [])


@register.filter
def amount(value):
    if value is None or value == "":
        return ""
    text = f"{value:,.2f}"
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
