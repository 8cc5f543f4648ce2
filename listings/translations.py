"""A listing in more than one language: the owner's own translation of its headline and teaser, and what a
reader is shown.

The listing is stored as its author wrote it (its original language detected from the text); the owner
adds the headline and teaser in another language. A reader gets the original when it is written in their
language (either Chinese script for a reader of Chinese), else the owner's translation into it (for a
reader of Chinese, one in the other script will do), else the original; Chinese is always shown in the
reader's script (OpenCC)."""

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.utils.translation import gettext as _

from accounts.permissions import can_edit_for
from core.errors import Forbidden, InvalidInput
from core.events import record_event
from core.templatetags.scripts import in_reader_script
from core.validators import LONG_TEXT
from listings.models import Listing, ListingTranslation

LANGUAGES = ("en", "zh-hant", "zh-hans")
CHINESE = ("zh-hant", "zh-hans")
TITLE_LENGTH = 300


def _same_language(a: str, b: str) -> bool:
    return a == b or (a in CHINESE and b in CHINESE)


def _checked(listing: Listing, language_code: str, title: str, summary: str) -> dict[str, str]:
    if language_code not in LANGUAGES:
        raise InvalidInput(
            _("Choose English, Traditional or Simplified Chinese."), field="translation_language"
        )
    if _same_language(language_code, listing.original_language):
        raise InvalidInput(_("This is the listing's original language."), field="translation_language")
    title = (title or "").strip()
    if not title or len(title) > TITLE_LENGTH:
        raise InvalidInput(
            _("Give a headline of at most %(n)d characters.") % {"n": TITLE_LENGTH}, field="translation_title"
        )
    summary = (summary or "").strip()
    if len(summary) > LONG_TEXT:
        raise InvalidInput(
            _("Give a teaser of at most %(n)d characters.") % {"n": LONG_TEXT}, field="translation_summary"
        )
    return {"title": title, "summary": summary}


def save_translations(*, listing: Listing, by: Any, translations: Iterable[dict[str, str]]) -> None:
    """Store the owner's translations (language_code, title, summary) of a listing they may edit; called
    by the listing services inside their transaction, while the listing may still be changed."""
    if not can_edit_for(by, listing.organisation):
        message = _("Only members of %(org)s can manage its listings.")
        raise Forbidden(message % {"org": listing.organisation.name})
    for item in translations:
        language = item.get("language_code", "")
        values = _checked(listing, language, item.get("title", ""), item.get("summary", ""))
        ListingTranslation.objects.update_or_create(listing=listing, language_code=language, defaults=values)
        record_event(listing, "listing.translated", actor=by, language=language)


@dataclass(frozen=True)
class Shown:
    """A listing's headline and teaser as one reader sees them."""

    title: str
    summary: str
    translated: bool = False


def for_reader(listing: Listing, language: str) -> Shown:
    """The listing's headline and teaser in the reader's language and script, as far as the owner gave
    them."""
    language = (language or "en").lower()
    chosen: ListingTranslation | None = None
    if not _same_language(language, listing.original_language):
        found = {t.language_code: t for t in listing.translations.all()}
        others = [code for code in CHINESE if code != language] if language in CHINESE else []
        chosen = next((found[code] for code in (language, *others) if code in found), None)
    if chosen is None:
        return Shown(in_reader_script(listing.title, language), in_reader_script(listing.summary, language))
    return Shown(
        in_reader_script(chosen.title, language), in_reader_script(chosen.summary, language), translated=True
    )
