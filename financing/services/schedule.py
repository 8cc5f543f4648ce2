"""Repayment schedules as pure functions, exact in Decimal.

Conventions (stated once, used everywhere):
- Day count ACT/365 Fixed: a period's interest is balance × annual rate × actual days / 365.
- Instalments fall due monthly on the disbursement's day of the month (the month's last day when it is
  shorter), the first one month after disbursement.
- Every amount is rounded to the currency's minor unit, half up; the last instalment takes whatever
  principal is left, so the principal column sums exactly to the loan.
- Annuity: the level instalment is computed at the nominal monthly rate (annual / 12) and rounded to the
  cent; each period's interest is then charged by ACT/365, so the last instalment absorbs the difference.
- Interest only: each period's interest, the whole principal with the last one (the balloon).
- Bullet: one instalment at maturity with the principal and the interest of the whole term.
"""

from __future__ import annotations

import calendar
import datetime
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

DAYS_IN_YEAR = Decimal(365)
ANNUITY, INTEREST_ONLY, BULLET = "annuity", "interest_only", "bullet"


@dataclass(frozen=True)
class Line:
    number: int
    due_date: datetime.date
    days: int
    principal: Decimal
    interest: Decimal

    @property
    def amount(self) -> Decimal:
        return self.principal + self.interest


def cents(value: Decimal, places: int = 2) -> Decimal:
    return value.quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)


def add_months(start: datetime.date, months: int) -> datetime.date:
    """The same day `months` later, or that month's last day when it has fewer days."""
    month_index = start.month - 1 + months
    year, month = start.year + month_index // 12, month_index % 12 + 1
    return datetime.date(year, month, min(start.day, calendar.monthrange(year, month)[1]))


def interest_for(balance: Decimal, annual_rate: Decimal, days: int) -> Decimal:
    """Unrounded ACT/365 Fixed interest on `balance` over `days`."""
    return balance * annual_rate * Decimal(days) / DAYS_IN_YEAR


def level_payment(principal: Decimal, annual_rate: Decimal, months: int, places: int = 2) -> Decimal:
    monthly = annual_rate / 12
    if monthly == 0:
        return cents(principal / months, places)
    return cents(principal * monthly / (1 - (1 + monthly) ** -months), places)


def schedule(
    *,
    principal: Decimal,
    annual_rate: Decimal,
    months: int,
    start: datetime.date,
    repayment_type: str,
    places: int = 2,
) -> list[Line]:
    """The instalments of a loan disbursed on `start`; see the module's conventions."""
    if principal <= 0 or months < 1 or annual_rate < 0:
        raise ValueError("principal must be positive, months at least 1 and the rate not negative")
    if repayment_type == BULLET:
        due = add_months(start, months)
        days = (due - start).days
        return [Line(1, due, days, principal, cents(interest_for(principal, annual_rate, days), places))]
    if repayment_type not in (ANNUITY, INTEREST_ONLY):
        raise ValueError(f"unknown repayment type {repayment_type!r}")
    payment = level_payment(principal, annual_rate, months, places) if repayment_type == ANNUITY else None
    lines, balance, previous = [], principal, start
    for number in range(1, months + 1):
        due = add_months(start, number)
        days = (due - previous).days
        interest = cents(interest_for(balance, annual_rate, days), places)
        if number == months:
            part = balance
        elif payment is None:
            part = Decimal(0)
        else:
            part = min(max(payment - interest, Decimal(0)), balance)
        lines.append(Line(number, due, days, part, interest))
        balance -= part
        previous = due
    return lines


def late_fee(unpaid: Decimal, late_rate: Decimal, days_late: int, places: int = 2) -> Decimal:
    """ACT/365 Fixed late-payment charge on an overdue amount."""
    if days_late <= 0 or unpaid <= 0:
        return Decimal(0)
    return cents(interest_for(unpaid, late_rate, days_late), places)
