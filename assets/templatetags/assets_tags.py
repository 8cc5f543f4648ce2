from django import template

register = template.Library()


@register.filter
def get_item(mapping, key):
    return mapping.get(key, "") if hasattr(mapping, "get") else ""


@register.simple_tag
def toggle_filter(request, name, value):
    """The query string with filter `name` set to `value`, or removed when it already is."""
    params = request.GET.copy()
    params.pop("page", None)
    if params.get(name) == str(value):
        params.pop(name)
    else:
        params[name] = value
    return params.urlencode()


@register.simple_tag
def page_query(request, number):
    params = request.GET.copy()
    params["page"] = number
    return params.urlencode()


@register.filter
def in_script(text, language):
    """Chinese text in the reader's script (Traditional for zh-hant, Simplified for zh-hans)."""
    from core.languages import to_simplified, to_traditional

    if language == "zh-hant":
        return to_traditional(text or "")
    if language == "zh-hans":
        return to_simplified(text or "")
    return text
