from django import template

register = template.Library()


@register.filter
def get_item(mapping, key):
    return mapping.get(key, "") if hasattr(mapping, "get") else ""


@register.filter
def in_script(text, language):
    """Chinese text in the reader's script (Traditional for zh-hant, Simplified for zh-hans)."""
    from core.languages import to_simplified, to_traditional

    if language == "zh-hant":
        return to_traditional(text or "")
    if language == "zh-hans":
        return to_simplified(text or "")
    return text
