"""Money is a Decimal amount with an ISO 4217 currency; never a float."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from django.utils.translation import gettext as _

from core.errors import InvalidInput

# Currencies the exchange settles in; extend here when a corridor needs another.
CURRENCIES = {
    "HKD": 2,
    "CNY": 2,
    "USD": 2,
    "EUR": 2,
    "GBP": 2,
    "JPY": 0,
    "SGD": 2,
    "MOP": 2,
    "AED": 2,
    "SAR": 2,
    "MYR": 2,
    "THB": 2,
    "IDR": 2,
    "VND": 0,
    "KRW": 0,
    "CHF": 2,
}
CURRENCY_CHOICES = [(code, code) for code in sorted(CURRENCIES)]


def to_decimal(value: object, *, field: str = "amount") -> Decimal:
    """Parse a Decimal from a string or int; floats are refused because they are not exact."""
    if isinstance(value, float):
        raise InvalidInput(_("%(field)s must be given as a decimal string, not a float.") % {"field": field})
    try:
        number = Decimal(str(value).strip())
    except (InvalidOperation, ValueError):
        raise InvalidInput(
            _("%(field)s is not a number: %(value)s") % {"field": field, "value": value}
        ) from None
    if not number.is_finite():
        raise InvalidInput(_("%(field)s must be a finite number.") % {"field": field})
    return number


def check_currency(code: str) -> str:
    code = (code or "").strip().upper()
    if code not in CURRENCIES:
        raise InvalidInput(_("Unknown currency: %(code)s") % {"code": code or "—"})
    return code


@dataclass(frozen=True)
class Money:
    amount: Decimal
    currency: str

    @classmethod
    def of(cls, amount: object, currency: str) -> Money:
        return cls(to_decimal(amount), check_currency(currency))

    def __add__(self, other: Money) -> Money:
        self._same_currency(other)
        return Money(self.amount + other.amount, self.currency)

    def __sub__(self, other: Money) -> Money:
        self._same_currency(other)
        return Money(self.amount - other.amount, self.currency)

    def __mul__(self, factor: Decimal | int) -> Money:
        return Money(self.amount * Decimal(factor), self.currency)

    def rounded(self) -> Money:
        places = CURRENCIES[self.currency]
        return Money(self.amount.quantize(Decimal(1).scaleb(-places)), self.currency)

    def _same_currency(self, other: Money) -> None:
        if other.currency != self.currency:
            raise InvalidInput(
                _("Cannot combine %(a)s with %(b)s.") % {"a": self.currency, "b": other.currency}
            )

    def __str__(self) -> str:
        return f"{self.currency} {self.rounded().amount:,}"
