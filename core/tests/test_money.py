from decimal import Decimal

import pytest

from core.errors import InvalidInput
from core.money import Money, to_decimal


def test_money_adds_in_the_same_currency():
    assert Money.of("1.10", "usd") + Money.of("2.20", "USD") == Money(Decimal("3.30"), "USD")


def test_money_refuses_to_mix_currencies():
    with pytest.raises(InvalidInput):
        Money.of("1", "USD") + Money.of("1", "HKD")


def test_floats_are_refused_because_they_are_not_exact():
    with pytest.raises(InvalidInput):
        to_decimal(0.1)


@pytest.mark.parametrize("bad", ["abc", "NaN", "Infinity", ""])
def test_non_numbers_are_refused(bad):
    with pytest.raises(InvalidInput):
        to_decimal(bad)


def test_unknown_currency_is_refused():
    with pytest.raises(InvalidInput, match="Unknown currency"):
        Money.of("1", "XYZ")


def test_rounding_follows_the_currency():
    assert Money.of("1234.567", "JPY").rounded().amount == Decimal("1235")
    assert str(Money.of("1234.567", "HKD")) == "HKD 1,234.57"
