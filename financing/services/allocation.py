"""Splitting an amount among parties by shares, exactly to the minor unit (largest-remainder method)."""

from __future__ import annotations

from decimal import ROUND_FLOOR, Decimal


def check_shares(shares: dict[str, Decimal]) -> None:
    if any(share < 0 for share in shares.values()):
        raise ValueError("shares cannot be negative")
    if sum(shares.values(), Decimal(0)) != 1:
        raise ValueError("shares must sum to exactly 1")


def allocate(amount: Decimal, shares: dict[str, Decimal], places: int = 2) -> dict[str, Decimal]:
    """Each party's part of `amount`; the parts sum exactly to `amount`.

    Every part is first rounded down to the minor unit; the units left over go one each to the parties
    with the largest remainders (ties to the party named first), so nobody is off by more than one unit.
    """
    check_shares(shares)
    unit = Decimal(1).scaleb(-places)
    amount = amount.quantize(unit)
    sign = Decimal(-1) if amount < 0 else Decimal(1)
    raw = {name: abs(amount) * share for name, share in shares.items()}
    parts = {name: value.quantize(unit, rounding=ROUND_FLOOR) for name, value in raw.items()}
    left = int((abs(amount) - sum(parts.values(), Decimal(0))) / unit)
    order = sorted(shares, key=lambda name: (-(raw[name] - parts[name]), list(shares).index(name)))
    for name in order[:left]:
        parts[name] += unit
    return {name: sign * part for name, part in parts.items()}
