"""Reconciliation: the methods' values weighed into one conclusion, a low–high range and a point.

    low = Σ w_i · low_i / Σ w_i;  high = Σ w_i · high_i / Σ w_i;  monetary point = Σ w_i · point_i / Σ w_i
With an indicator score s (0–100), the score places a value in the range, low + (high − low) · s / 100,
and the point is the mean of that placement and the monetary point: the qualitative assessment moves the
conclusion within the monetary range and never outside it.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from django.utils.translation import gettext as _

from core.errors import InvalidInput
from valuation.methods.results import MethodResult, money

FORMULA = (
    "low = Σ w_i·low_i / Σ w_i; high = Σ w_i·high_i / Σ w_i; point_m = Σ w_i·point_i / Σ w_i; "
    "with score s: point = (point_m + low + (high − low)·s/100) / 2, else point = point_m"
)


@dataclass(frozen=True)
class MethodValue:
    method: str
    low: Decimal
    point: Decimal
    high: Decimal
    weight: Decimal


@dataclass(frozen=True)
class Conclusion(MethodResult):
    low: Decimal
    high: Decimal
    monetary_point: Decimal
    indicator_score: Decimal | None


def reconcile(
    values: list[MethodValue], *, currency: str, indicator_score: Decimal | None = None
) -> Conclusion:
    weight = sum((value.weight for value in values if value.weight > 0), Decimal(0))
    if weight == 0:
        raise InvalidInput(_("Give at least one method a weight above zero."), field="weights")
    for value in values:
        if not value.low <= value.point <= value.high:
            raise InvalidInput(
                _("The %(method)s range must have low ≤ point ≤ high.") % {"method": value.method},
                field="methods",
            )

    def mean(attribute: str) -> Decimal:
        return sum((getattr(v, attribute) * v.weight for v in values if v.weight > 0), Decimal(0)) / weight

    low, high, point = mean("low"), mean("high"), mean("point")
    conclusion = point
    if indicator_score is not None:
        conclusion = (point + low + (high - low) * indicator_score / 100) / 2
    return Conclusion(
        method="reconciliation",
        currency=currency,
        value=money(conclusion),
        formula=FORMULA,
        inputs={"methods": values, "indicator_score": indicator_score},
        rows=[
            {
                "method": v.method,
                "low": v.low,
                "point": v.point,
                "high": v.high,
                "weight": v.weight,
                "share": v.weight / weight if v.weight > 0 else Decimal(0),
            }
            for v in values
        ],
        sources=[],
        low=money(low),
        high=money(high),
        monetary_point=money(point),
        indicator_score=indicator_score,
    )
