"""Market approach: the value of comparable deals, each converted to the target currency and adjusted
for its differences with the subject asset by documented multipliers.

    adjusted_i = value_i · fx_i · Π_j (multiplier_ij);   V = Σ w_i · adjusted_i / Σ w_i
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from django.utils.translation import gettext as _

from core.errors import InvalidInput
from valuation.methods import inputs
from valuation.methods.results import MethodResult, money

FORMULA = "adjusted_i = value_i · fx_i · Π_j multiplier_ij;  V = Σ w_i · adjusted_i / Σ w_i"


@dataclass(frozen=True)
class MarketResult(MethodResult):
    low: Decimal
    high: Decimal
    median: Decimal


def _adjusted(item: object, path: str, currency: str) -> dict:
    row = inputs.mapping(item, path)
    deal_currency = inputs.currency(row, path)
    default_fx = Decimal(1) if deal_currency == currency else None
    fx = inputs.number(row, "fx_rate", path, default=default_fx, minimum=Decimal(0))
    value = inputs.number(row, "value", path, minimum=Decimal(0))
    adjustments, factor = [], Decimal(1)
    for index, raw in enumerate(inputs.sequence(row.get("adjustments", []), f"{path}.adjustments")):
        where = f"{path}.adjustments[{index}]"
        adjustment = inputs.mapping(raw, where)
        multiplier = inputs.number(adjustment, "multiplier", where, minimum=Decimal(0))
        reason = inputs.text(adjustment, "reason", where)
        factor *= multiplier
        adjustments.append(
            {"factor": inputs.text(adjustment, "factor", where), "multiplier": multiplier, "reason": reason}
        )
    return {
        "name": inputs.text(row, "name", path, default=""),
        "date": inputs.date(row, "date", path) if row.get("date") else None,
        "value": value,
        "currency": deal_currency,
        "fx_rate": fx,
        "adjustments": adjustments,
        "weight": inputs.number(row, "weight", path, default=Decimal(1), minimum=Decimal(0)),
        "adjusted_value": value * fx * factor,
    }


def market_approach(data: object) -> MarketResult:
    model = inputs.mapping(data, "")
    currency = inputs.currency(model)
    raw = inputs.sequence(inputs.required(model, "comparables", ""), "comparables")
    rows = [_adjusted(item, f"comparables[{index}]", currency) for index, item in enumerate(raw)]
    weight = sum((row["weight"] for row in rows), Decimal(0))
    if not rows or weight == 0:
        raise InvalidInput(
            _("The market approach needs at least one comparable with a weight."), field="comparables"
        )
    values = sorted(row["adjusted_value"] for row in rows)
    middle = len(values) // 2
    median = values[middle] if len(values) % 2 else (values[middle - 1] + values[middle]) / 2
    return MarketResult(
        method="market",
        currency=currency,
        value=money(sum((row["weight"] * row["adjusted_value"] for row in rows), Decimal(0)) / weight),
        formula=FORMULA,
        inputs={"comparables": rows},
        rows=rows,
        sources=[],
        low=money(values[0]),
        high=money(values[-1]),
        median=money(median),
    )
