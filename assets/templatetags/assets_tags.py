from django import template
from django.utils.html import escape, format_html
from django.utils.safestring import mark_safe

register = template.Library()


@register.filter
def get_item(mapping, key):
    return mapping.get(key, "") if hasattr(mapping, "get") else ""


@register.filter
def highlight(text, terms):
    """The text with the words a search matched marked, the rest escaped."""
    from assets.search import terms_pattern

    text = str(text or "")
    pattern = terms_pattern(tuple(terms or ()))
    if pattern is None:
        return text
    parts, last = [], 0
    for found in pattern.finditer(text):
        parts += [escape(text[last : found.start()]), format_html("<mark>{}</mark>", found.group())]
        last = found.end()
    parts.append(escape(text[last:]))
    return mark_safe("".join(parts))
