"""Reading model dictionaries (parsed JSON) into exact numbers, with translated errors that name the field.

Money and rates are decimal strings (integers are accepted too); floats are refused because a binary float
cannot carry an exact amount.
"""

from __future__ import annotations

import datetime
from decimal import ROUND_CEILING, Decimal
from typing import Any

from django.utils.translation import gettext as _

from core.errors import InvalidInput
from core.money import check_currency, to_decimal

ZERO = Decimal(0)
ONE = Decimal(1)


class MissingInputs(InvalidInput):
    """A method's inputs are not all given yet (as opposed to given but wrong): a run goes ahead with the
    other methods and says what this one still needs.

    It keeps its untranslated message and parameters, so that a page can say what is missing in the
    language of whoever reads it, not of whoever ran the valuation."""

    def __init__(self, message: str, params: dict[str, str], *, field: str | None = None):
        super().__init__(_(message) % params, field=field)
        self.message, self.params = message, params

    def in_reader_language(self) -> str:
        return _(self.message) % self.params


def join(path: str, key: str | int) -> str:
    if isinstance(key, int):
        return f"{path}[{key}]"
    return f"{path}.{key}" if path else key


def mapping(value: Any, path: str) -> dict:
    if not isinstance(value, dict):
        raise InvalidInput(_("%(field)s must be an object.") % {"field": path or _("the model")}, field=path)
    return value


def sequence(value: Any, path: str) -> list:
    if not isinstance(value, list):
        raise InvalidInput(_("%(field)s must be a list.") % {"field": path}, field=path)
    return value


def required(data: dict, key: str, path: str) -> Any:
    if key not in data or data[key] is None:
        raise InvalidInput(_("%(field)s is missing.") % {"field": join(path, key)}, field=join(path, key))
    return data[key]


def number(
    data: dict,
    key: str,
    path: str = "",
    *,
    default: Decimal | None = None,
    minimum: Decimal | None = None,
    maximum: Decimal | None = None,
) -> Decimal:
    """A decimal field; missing fields take `default` or are an error when there is none."""
    field = join(path, key)
    if key not in data or data[key] is None:
        if default is None:
            raise InvalidInput(_("%(field)s is missing.") % {"field": field}, field=field)
        return default
    value = to_decimal(data[key], field=field)
    if minimum is not None and value < minimum:
        raise InvalidInput(
            _("%(field)s must be at least %(minimum)s.") % {"field": field, "minimum": minimum}, field=field
        )
    if maximum is not None and value > maximum:
        raise InvalidInput(
            _("%(field)s must be at most %(maximum)s.") % {"field": field, "maximum": maximum}, field=field
        )
    return value


def probability(data: dict, key: str, path: str = "", *, default: Decimal | None = None) -> Decimal:
    field = join(path, key)
    value = number(data, key, path, default=default)
    if not ZERO <= value <= ONE:
        raise InvalidInput(
            _("%(field)s is a probability and must lie between 0 and 1.") % {"field": field}, field=field
        )
    return value


def rate(data: dict, key: str, path: str = "", *, default: Decimal | None = None) -> Decimal:
    """A share between 0 and 1 (a cost ratio, a tax rate, a royalty rate)."""
    field = join(path, key)
    value = number(data, key, path, default=default)
    if not ZERO <= value <= ONE:
        raise InvalidInput(_("%(field)s must lie between 0 and 1.") % {"field": field}, field=field)
    return value


def duration(data: dict, key: str, path: str = "", *, default: Decimal | None = None) -> Decimal:
    field = join(path, key)
    value = number(data, key, path, default=default)
    if value < 0:
        raise InvalidInput(
            _("%(field)s is a duration and cannot be negative.") % {"field": field}, field=field
        )
    return value


def whole_years(data: dict, key: str, path: str = "", *, default: int | None = None) -> int:
    field = join(path, key)
    value = duration(data, key, path, default=None if default is None else Decimal(default))
    if value != value.to_integral_value():
        raise InvalidInput(_("%(field)s must be a whole number of years.") % {"field": field}, field=field)
    return int(value)


def discount_rate(data: dict, path: str = "") -> Decimal:
    field = join(path, "discount_rate")
    value = number(data, "discount_rate", path)
    if not ZERO <= value < ONE:
        raise InvalidInput(
            _('%(field)s must be a yearly rate from 0 up to (not including) 1, e.g. "0.11".')
            % {"field": field},
            field=field,
        )
    return value


def currency(data: dict, path: str = "") -> str:
    field = join(path, "currency")
    value = required(data, "currency", path)
    if not isinstance(value, str):
        raise InvalidInput(
            _("%(field)s must be a currency code such as USD.") % {"field": field}, field=field
        )
    try:
        return check_currency(value)
    except InvalidInput as error:
        raise InvalidInput(error.detail, field=field) from None


def date(data: dict, key: str, path: str = "", *, default: datetime.date | None = None) -> datetime.date:
    field = join(path, key)
    if key not in data or data[key] is None:
        if default is None:
            raise InvalidInput(_("%(field)s is missing.") % {"field": field}, field=field)
        return default
    value = data[key]
    if isinstance(value, datetime.date):
        return value
    try:
        return datetime.date.fromisoformat(str(value))
    except ValueError:
        raise InvalidInput(
            _("%(field)s must be a date written as YYYY-MM-DD.") % {"field": field}, field=field
        ) from None


def choice(
    data: dict, key: str, options: tuple[str, ...], path: str = "", *, default: str | None = None
) -> str:
    field = join(path, key)
    value = data.get(key, default)
    if value is None:
        raise InvalidInput(_("%(field)s is missing.") % {"field": field}, field=field)
    if value not in options:
        raise InvalidInput(
            _("%(field)s must be one of: %(options)s.") % {"field": field, "options": ", ".join(options)},
            field=field,
        )
    return str(value)


def text(data: dict, key: str, path: str = "", *, default: str | None = None) -> str:
    field = join(path, key)
    value = data.get(key, default)
    if value is None:
        raise InvalidInput(_("%(field)s is missing.") % {"field": field}, field=field)
    if not isinstance(value, str):
        raise InvalidInput(_("%(field)s must be text.") % {"field": field}, field=field)
    return value


def years_between(start: datetime.date, end: datetime.date) -> Decimal:
    """Years from `start` to `end` on a 365.25-day year (negative when `end` is earlier)."""
    return Decimal((end - start).days) / Decimal("365.25")


def ceiling(value: Decimal) -> int:
    return int(value.to_integral_value(rounding=ROUND_CEILING))
