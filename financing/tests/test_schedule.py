"""Repayment schedules: exact Decimal, ACT/365 Fixed, the last instalment absorbing the remainder."""

import datetime
from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from financing.services.schedule import (
    ANNUITY,
    BULLET,
    INTEREST_ONLY,
    add_months,
    cents,
    interest_for,
    late_fee,
    level_payment,
    schedule,
)

START = datetime.date(2026, 1, 31)


def test_due_dates_keep_the_day_of_month_or_take_the_months_last_day():
    assert add_months(START, 1) == datetime.date(2026, 2, 28)
    assert add_months(START, 2) == datetime.date(2026, 3, 31)
    assert add_months(datetime.date(2027, 12, 15), 2) == datetime.date(2028, 2, 15)


def test_interest_is_actual_days_over_365():
    lines = schedule(
        principal=Decimal("1000000"),
        annual_rate=Decimal("0.0365"),
        months=1,
        start=START,
        repayment_type=BULLET,
    )
    days = (datetime.date(2026, 2, 28) - START).days
    assert lines[0].days == days
    assert lines[0].interest == cents(Decimal("1000000") * Decimal("0.0365") * days / 365)


def test_annuity_principal_sums_to_the_loan_and_instalments_are_level_but_the_last():
    principal = Decimal("500000.00")
    lines = schedule(
        principal=principal, annual_rate=Decimal("0.045"), months=12, start=START, repayment_type=ANNUITY
    )
    assert len(lines) == 12
    assert sum(line.principal for line in lines) == principal
    payment = level_payment(principal, Decimal("0.045"), 12)
    assert all(line.amount == payment for line in lines[:-1])
    # Only the drift between ACT/365 and the nominal monthly rate is absorbed: a small part of one payment.
    assert abs(lines[-1].amount - payment) < payment / 100


def test_interest_only_charges_interest_each_month_and_the_principal_at_the_end():
    principal = Decimal("300000")
    lines = schedule(
        principal=principal, annual_rate=Decimal("0.05"), months=6, start=START, repayment_type=INTEREST_ONLY
    )
    assert [line.principal for line in lines[:-1]] == [Decimal(0)] * 5
    assert lines[-1].principal == principal
    for line in lines:
        assert line.interest == cents(interest_for(principal, Decimal("0.05"), line.days))


def test_bullet_is_one_instalment_at_maturity():
    lines = schedule(
        principal=Decimal("100000"),
        annual_rate=Decimal("0.04"),
        months=12,
        start=START,
        repayment_type=BULLET,
    )
    assert len(lines) == 1
    assert lines[0].due_date == add_months(START, 12)
    assert lines[0].principal == Decimal("100000")


def test_a_zero_rate_annuity_repays_the_principal_in_equal_parts():
    lines = schedule(
        principal=Decimal("100.00"), annual_rate=Decimal(0), months=3, start=START, repayment_type=ANNUITY
    )
    assert [line.principal for line in lines] == [Decimal("33.33"), Decimal("33.33"), Decimal("33.34")]
    assert all(line.interest == 0 for line in lines)


def test_no_instalment_has_more_than_two_decimal_places():
    lines = schedule(
        principal=Decimal("123456.78"),
        annual_rate=Decimal("0.0777"),
        months=7,
        start=START,
        repayment_type=ANNUITY,
    )
    for line in lines:
        assert line.principal == cents(line.principal) and line.interest == cents(line.interest)


def test_bad_inputs_are_refused():
    with pytest.raises(ValueError):
        schedule(
            principal=Decimal(0), annual_rate=Decimal("0.05"), months=12, start=START, repayment_type=ANNUITY
        )
    with pytest.raises(ValueError):
        schedule(
            principal=Decimal(1),
            annual_rate=Decimal("0.05"),
            months=12,
            start=START,
            repayment_type="balloon-ish",
        )


def test_late_fee_is_act_365_on_the_overdue_amount():
    assert late_fee(Decimal("10000"), Decimal("0.0730"), 10) == cents(
        Decimal("10000") * Decimal("0.0730") * 10 / 365
    )
    assert late_fee(Decimal("10000"), Decimal("0.0730"), 0) == 0


amounts = st.decimals(min_value=Decimal("100"), max_value=Decimal("50000000"), places=2)
rates = st.decimals(min_value=Decimal("0"), max_value=Decimal("0.25"), places=4)
kinds = st.sampled_from([ANNUITY, INTEREST_ONLY, BULLET])
days = st.dates(min_value=datetime.date(2020, 1, 1), max_value=datetime.date(2040, 12, 31))


@settings(max_examples=150, deadline=None)
@given(principal=amounts, rate=rates, months=st.integers(1, 120), kind=kinds, start=days)
def test_every_schedule_repays_exactly_the_principal_with_non_negative_lines(
    principal, rate, months, kind, start
):
    lines = schedule(principal=principal, annual_rate=rate, months=months, start=start, repayment_type=kind)
    assert sum(line.principal for line in lines) == principal
    assert all(line.principal >= 0 and line.interest >= 0 for line in lines)
    assert [line.due_date for line in lines] == sorted({line.due_date for line in lines})
    assert sum(line.days for line in lines) == (lines[-1].due_date - start).days
