"""{% related_links place [object] %}: the links other apps put on this page (see core.links)."""

from django import template

from core.links import links_for

register = template.Library()


@register.inclusion_tag("core/_related_links.html", takes_context=True)
def related_links(context, place: str, obj=None):
    request = context.get("request")
    user = context.get("user") or getattr(request, "user", None)
    return {"links": links_for(place, user, obj)}
