"""Characters an imported record may not bring in, handled the same way by every importer.

A NUL (U+0000) never belongs in text: the API refuses it and PostgreSQL cannot store it, so a record (or a
CSV line) holding one is rejected with that reason; it usually means a binary or damaged file. Other control
characters (U+0001–U+001F except tab, line feed and carriage return, and U+007F) are invisible, break XML
and spreadsheet exports and carry no meaning in a patent or trial record: they are removed.
"""

import re
from typing import Any

from django.utils.translation import gettext as _

from core.importing.result import RejectRecord

NUL = "\x00"
CONTROL = re.compile("[\x01-\x08\x0b\x0c\x0e-\x1f\x7f]")
# A JSON line can only carry control characters as \u escapes; lines without one need no walk.
ESCAPED_CONTROL = re.compile(rb"\\u00[01][0-9a-fA-F]|\\u007[fF]")


def nul_reason() -> str:
    return _("contains a NUL character (U+0000), which text never holds; the file may be binary or damaged")


def clean_line(text: str) -> str:
    """A decoded line without its control characters (the caller has checked it holds no NUL)."""
    return CONTROL.sub("", text) if CONTROL.search(text) else text


def clean(value: Any) -> Any:
    """The strings of a decoded record (nested dicts and lists) without control characters; RejectRecord
    if one holds a NUL."""
    if isinstance(value, str):
        if NUL in value:
            raise RejectRecord(nul_reason())
        return clean_line(value)
    if isinstance(value, dict):
        return {clean(key): clean(item) for key, item in value.items()}
    if isinstance(value, list):
        return [clean(item) for item in value]
    return value
