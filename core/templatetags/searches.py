"""{% save_search %}: the "Save this search" button for the results page being shown."""

from django import template

register = template.Library()


@register.inclusion_tag("core/_save_search.html", takes_context=True)
def save_search(context, label: str = ""):
    request = context["request"]
    get = getattr(request, "GET", None)
    return {
        "request": request,
        "user": context.get("user") or getattr(request, "user", None),
        "path": getattr(request, "path", ""),
        "query": get.urlencode() if get is not None else "",
        "label": label,
        "csrf_token": context.get("csrf_token"),
    }
