"""Numbers, money and time as a reader expects them: grouped digits, the currency in their language, one zone.

Pages format through these functions (and the filters in core.templatetags.numbers) so that an amount
looks the same wherever it appears.
"""

import datetime
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from typing import Any

from django.conf import settings
from django.utils import formats, timezone
from django.utils.translation import gettext as _
from django.utils.translation import pgettext_lazy

from core.money import CURRENCIES, Money

# A currency's name where the reader's language has a usual one; English readers see the ISO code.
CURRENCY_NAMES = {
    "HKD": pgettext_lazy("currency", "HKD"),
    "CNY": pgettext_lazy("currency", "CNY"),
    "USD": pgettext_lazy("currency", "USD"),
    "EUR": pgettext_lazy("currency", "EUR"),
    "GBP": pgettext_lazy("currency", "GBP"),
    "JPY": pgettext_lazy("currency", "JPY"),
    "SGD": pgettext_lazy("currency", "SGD"),
    "MOP": pgettext_lazy("currency", "MOP"),
    "CHF": pgettext_lazy("currency", "CHF"),
}


def decimal_or_none(value: Any) -> Decimal | None:
    if value is None or value == "" or isinstance(value, bool):
        return None
    try:
        number = Decimal(str(value))
    except (InvalidOperation, ValueError, TypeError):
        return None
    return number if number.is_finite() else None


def format_number(value: Any, places: int | None = None) -> str:
    """Digits grouped in the reader's locale, rounded half up to `places` (kept as given when None)."""
    if type(value) is int and not places:  # counts: the usual case of a page, at a fifth of the cost
        grouped = _grouped(value)
        if grouped is not None:
            return grouped
    number = decimal_or_none(value)
    if number is None:
        return "" if value is None else str(value)
    if places is not None:
        number = number.quantize(Decimal(1).scaleb(-int(places)), rounding=ROUND_HALF_UP)
    return formats.number_format(number, decimal_pos=places, use_l10n=True, force_grouping=True)


def _grouped(value: int) -> str | None:
    """An integer grouped by thousands with the reader's separator, as `formats.number_format` groups it;
    None for a locale that groups otherwise."""
    if formats.get_format("NUMBER_GROUPING") != 3:
        return None
    separator = formats.get_format("THOUSAND_SEPARATOR")
    return f"{value:,}" if separator == "," else f"{value:,}".replace(",", separator)


def format_money(value: Any, currency: str = "", places: int | None = None) -> str:
    """An amount with its currency in the reader's language: "USD 1,250,000.00" / "1,250,000.00 美元"."""
    if isinstance(value, Money):
        value, currency = value.amount, value.currency
    if decimal_or_none(value) is None:
        return "" if value is None else str(value)
    if places is None:
        places = CURRENCIES.get(currency, 2)
    amount = format_number(value, places)
    if not currency:
        return amount
    name = str(CURRENCY_NAMES.get(currency, currency))
    return _("%(currency)s %(amount)s") % {"currency": name, "amount": amount}


def time_zone_label(moment: datetime.datetime | None = None) -> str:
    """The one time zone every page shows times in, with its offset from UTC (now, or at `moment`)."""
    offset = timezone.localtime(moment).strftime("%z")
    return f"{settings.TIME_ZONE} (UTC{offset[:3]}:{offset[3:]})"


def local_moment(moment: datetime.datetime) -> str:
    """A moment in the platform's time zone, to the minute, as certificates and reports print it."""
    return timezone.localtime(moment).strftime("%Y-%m-%d %H:%M")
