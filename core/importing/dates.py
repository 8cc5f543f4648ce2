"""Dates as files write them."""

from datetime import date

from django.utils.functional import Promise
from django.utils.translation import gettext as _

from core.importing.result import RejectRecord


def parse_date(value: str | None, what: "str | Promise") -> date | None:
    """YYYYMMDD or YYYY-MM-DD (YYYY-MM means the first of the month); impossible dates are rejected."""
    text = (value or "").strip()
    if not text:
        return None
    digits = text.replace("-", "")
    if len(digits) == 6 and "-" in text:
        digits += "01"
    if len(digits) != 8 or not digits.isdigit():
        raise RejectRecord(_("%(what)s is not a date: %(value)s") % {"what": what, "value": text})
    try:
        return date(int(digits[:4]), int(digits[4:6]), int(digits[6:]))
    except ValueError:
        raise RejectRecord(
            _("%(what)s is an impossible date: %(value)s") % {"what": what, "value": text}
        ) from None
