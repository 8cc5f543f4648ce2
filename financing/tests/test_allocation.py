"""Loss allocation by shares, to the cent, by the largest-remainder method."""

from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from financing.services.allocation import allocate

QINGDAO = {"insurer": Decimal("0.6"), "guarantor": Decimal("0.2"), "bank": Decimal("0.2")}


def test_an_even_split_is_exact():
    assert allocate(Decimal("1000.00"), QINGDAO) == {
        "insurer": Decimal("600.00"),
        "guarantor": Decimal("200.00"),
        "bank": Decimal("200.00"),
    }


def test_the_leftover_cent_goes_to_the_largest_remainder():
    thirds = {"insurer": Decimal("0.5"), "guarantor": Decimal("0.3"), "bank": Decimal("0.2")}
    parts = allocate(Decimal("0.07"), thirds)
    assert sum(parts.values()) == Decimal("0.07")
    assert parts == {"insurer": Decimal("0.04"), "guarantor": Decimal("0.02"), "bank": Decimal("0.01")}


def test_ties_go_to_the_party_named_first():
    parts = allocate(
        Decimal("0.01"), {"insurer": Decimal("0.5"), "guarantor": Decimal("0.5"), "bank": Decimal(0)}
    )
    assert parts == {"insurer": Decimal("0.01"), "guarantor": Decimal("0.00"), "bank": Decimal("0.00")}


def test_shares_not_summing_to_one_are_refused():
    with pytest.raises(ValueError):
        allocate(
            Decimal("100"), {"insurer": Decimal("0.6"), "guarantor": Decimal("0.2"), "bank": Decimal("0.1")}
        )


def test_negative_shares_are_refused():
    with pytest.raises(ValueError):
        allocate(
            Decimal("100"), {"insurer": Decimal("1.2"), "guarantor": Decimal("-0.2"), "bank": Decimal(0)}
        )


share_units = st.lists(st.integers(0, 1000), min_size=2, max_size=5).filter(lambda units: sum(units) > 0)


@settings(max_examples=300, deadline=None)
@given(amount=st.decimals(min_value=Decimal("-1e9"), max_value=Decimal("1e9"), places=2), units=share_units)
def test_parts_always_sum_to_the_whole_and_stay_within_a_cent_of_the_exact_share(amount, units):
    total = sum(units)
    # Shares with six decimals, the first taking what the others leave, so that they sum exactly to 1.
    shares = {
        f"p{i}": (Decimal(unit) / Decimal(total)).quantize(Decimal("0.000001"))
        for i, unit in enumerate(units)
    }
    shares["p0"] = Decimal(1) - sum(share for name, share in shares.items() if name != "p0")
    if shares["p0"] < 0:
        return
    parts = allocate(amount, shares)
    assert sum(parts.values()) == amount
    for name, share in shares.items():
        assert abs(parts[name] - amount * share) < Decimal("0.01")
