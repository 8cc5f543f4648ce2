"""Query-string helpers for faceted pages: toggle one filter, or move to another page, keeping the rest."""

from django import template

register = template.Library()

# Parameters that point into one result list; a new filter starts the list again.
POSITION = ("page", "cursor")


@register.simple_tag
def toggled(request, name, value):
    """The query string with filter `name` set to `value`, or removed when it already is (first page)."""
    params = request.GET.copy()
    for position in POSITION:
        params.pop(position, None)
    if params.get(name) == str(value):
        params.pop(name)
    else:
        params[name] = value
    return params.urlencode()


@register.simple_tag
def with_param(request, name, value):
    params = request.GET.copy()
    params[name] = value
    return params.urlencode()
