"""User content in the reader's script: {% load scripts %} … {{ listing.title|reader_script }}.

Chinese text is stored as its author wrote it; a reader of Traditional Chinese sees it in Traditional, a
reader of Simplified Chinese in Simplified (OpenCC). Pages in English show all Chinese in one script, the
operator's choice (settings.CHINESE_SCRIPT_ELSEWHERE, Simplified unless said). Other text is shown as
written."""

from django import template
from django.conf import settings
from django.utils.translation import get_language

from core.languages import has_cjk, to_simplified, to_traditional

register = template.Library()


def in_reader_script(text, language: str | None = None) -> str:
    text = "" if text is None else str(text)
    language = (language or get_language() or "").lower()
    if not has_cjk(text):
        return text
    if not language.startswith("zh"):
        language = settings.CHINESE_SCRIPT_ELSEWHERE
    if language == "zh-hant":
        return to_traditional(text)
    if language == "zh-hans":
        return to_simplified(text)
    return text


@register.filter
def reader_script(text) -> str:
    """The text in the script of the page's language (Traditional or Simplified Chinese)."""
    return in_reader_script(text)
