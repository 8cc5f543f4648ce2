"""Listings and needs in more than one language: the owner's own translation of a listing's headline and
teaser (of a need's title and description), and what a reader is shown.

A record is stored as its author wrote it (its original language detected from the text); the owner
adds the headline and teaser in another language. A reader gets the original when it is written in their
language (either Chinese script for a reader of Chinese), else the owner's translation into it (for a
reader of Chinese, one in the other script will do), else the original; Chinese is always shown in the
reader's script (OpenCC)."""

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.utils.translation import gettext as _

from accounts.models import Organisation, User
from accounts.permissions import can_edit_for
from core.errors import Forbidden, InvalidInput
from core.events import record_event
from core.templatetags.scripts import in_reader_script
from core.validators import LONG_TEXT
from listings.models import Listing, ListingTranslation, Need, NeedTranslation

LANGUAGES = ("en", "zh-hant", "zh-hans")
CHINESE = ("zh-hant", "zh-hans")
TITLE_LENGTH = 300


def _same_language(a: str, b: str) -> bool:
    return a == b or (a in CHINESE and b in CHINESE)


def _checked(original_language: str, item: dict[str, str], body: str) -> dict[str, str]:
    """The translation's title and body (`body` names the listing's teaser or the need's description),
    checked."""
    language_code = item.get("language_code", "")
    if language_code not in LANGUAGES:
        raise InvalidInput(
            _("Choose English, Traditional or Simplified Chinese."), field="translation_language"
        )
    if _same_language(language_code, original_language):
        raise InvalidInput(_("This is the original language."), field="translation_language")
    title = (item.get("title") or "").strip()
    if not title or len(title) > TITLE_LENGTH:
        raise InvalidInput(
            _("Give a title of at most %(n)d characters.") % {"n": TITLE_LENGTH}, field="translation_title"
        )
    text = (item.get(body) or "").strip()
    if len(text) > LONG_TEXT:
        raise InvalidInput(
            _("Give a text of at most %(n)d characters.") % {"n": LONG_TEXT}, field=f"translation_{body}"
        )
    return {"title": title, body: text}


def _require_editor(by: User, organisation: Organisation, message: str) -> None:
    if not can_edit_for(by, organisation):
        raise Forbidden(message % {"org": organisation.name})


def save_translations(*, listing: Listing, by: User, translations: Iterable[dict[str, str]]) -> None:
    """Store the owner's translations (language_code, title, summary) of a listing they may edit; called
    by the listing services inside their transaction, while the listing may still be changed."""
    _require_editor(by, listing.organisation, _("Only members of %(org)s can manage its listings."))
    for item in translations:
        values = _checked(listing.original_language, item, "summary")
        language = item["language_code"]
        ListingTranslation.objects.update_or_create(listing=listing, language_code=language, defaults=values)
        record_event(listing, "listing.translated", actor=by, language=language)


def save_need_translations(*, need: Need, by: User, translations: Iterable[dict[str, str]]) -> None:
    """Store the organisation's translations (language_code, title, text) of an open need; called by the
    need services inside their transaction."""
    _require_editor(by, need.organisation, _("Only members of %(org)s can change its needs."))
    for item in translations:
        values = _checked(need.original_language, item, "text")
        language = item["language_code"]
        NeedTranslation.objects.update_or_create(need=need, language_code=language, defaults=values)
        record_event(need, "need.translated", actor=by, language=language)


@dataclass(frozen=True)
class Shown:
    """A record's title and text (a listing's teaser, a need's description) as one reader sees them."""

    title: str
    summary: str
    translated: bool = False


def _chosen(original_language: str, translations: Iterable[Any], language: str) -> Any:
    if _same_language(language, original_language):
        return None
    found = {t.language_code: t for t in translations}
    others = [code for code in CHINESE if code != language] if language in CHINESE else []
    return next((found[code] for code in (language, *others) if code in found), None)


def _shown(title: str, text: str, language: str, translated: bool) -> Shown:
    return Shown(in_reader_script(title, language), in_reader_script(text, language), translated)


def shown_for(
    original_language: str, title: str, text: str, translations: Iterable[Any], language: str
) -> Shown:
    """A listing's `title` and `text` for a reader of `language`, given its translations (each with
    language_code, title and summary): the rule of this module for callers holding plain values (the
    marketplace's cards)."""
    language = (language or "en").lower()
    chosen = _chosen(original_language, translations, language)
    if chosen is None:
        return _shown(title, text, language, False)
    return _shown(chosen.title, chosen.summary, language, True)


def for_reader(listing: Listing, language: str) -> Shown:
    """The listing's headline and teaser in the reader's language and script, as far as the owner gave
    them."""
    language = (language or "en").lower()
    chosen = _chosen(listing.original_language, listing.translations.all(), language)
    if chosen is None:
        return _shown(listing.title, listing.summary, language, False)
    return _shown(chosen.title, chosen.summary, language, True)


def need_for_reader(need: Need, language: str) -> Shown:
    """The need's title and description in the reader's language and script, as far as its organisation
    gave them."""
    language = (language or "en").lower()
    chosen = _chosen(need.original_language, need.translations.all(), language)
    if chosen is None:
        return _shown(need.title, need.text, language, False)
    return _shown(chosen.title, chosen.text, language, True)
