"""Income approach for any patent: relief from royalty, and DCF with a technology contribution ratio.

Relief from royalty: the owner is spared the royalty it would otherwise pay, after tax:
    V = Σ_t R_t · royalty rate · (1 − tax) / (1 + r)^t
DCF with a contribution ratio (收益分成法): the share of the product's cash flow owed to the technology:
    V = Σ_t CF_t · contribution ratio / (1 + r)^t
Both give low / point / high values from a low / point / high rate.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from django.utils.translation import gettext as _

from core.errors import InvalidInput
from valuation.methods import inputs
from valuation.methods.results import FigureSource, MethodResult, money
from valuation.methods.simple import discount_factor

RELIEF_FORMULA = "V = Σ_t R_t · royalty rate · (1 − tax rate) / (1 + r)^t"
DCF_FORMULA = "V = Σ_t CF_t · technology contribution ratio / (1 + r)^t"
STAGES = ("discovery", "lead_molecule", "preclinical")


@dataclass(frozen=True)
class RangeResult(MethodResult):
    low: Decimal
    high: Decimal


def _flows(data: dict, key: str) -> list[tuple[Decimal, Decimal]]:
    raw = inputs.sequence(inputs.required(data, key, ""), key)
    flows = []
    for index, item in enumerate(raw):
        path = inputs.join(key, index)
        row = inputs.mapping(item, path)
        flows.append((inputs.duration(row, "year", path), inputs.number(row, "amount", path)))
    if not flows:
        raise InvalidInput(_("%(field)s needs at least one year.") % {"field": key}, field=key)
    return flows


def _rate_range(data: dict, key: str) -> tuple[Decimal, Decimal, Decimal]:
    value = data.get(key)
    if isinstance(value, dict):
        low, point, high = (inputs.rate(value, name, key) for name in ("low", "point", "high"))
    else:
        low = point = high = inputs.rate(data, key)
    if not low <= point <= high:
        raise InvalidInput(_("%(field)s must have low ≤ point ≤ high.") % {"field": key}, field=key)
    return low, point, high


def _present_values(flows, rate: Decimal, multiplier: Decimal) -> tuple[list[dict], Decimal]:
    rows, total = [], Decimal(0)
    for year, amount in flows:
        factor = discount_factor(rate, year)
        present = amount * multiplier * factor
        total += present
        rows.append({"year": year, "amount": amount, "discount_factor": factor, "present_value": present})
    return rows, total


def relief_from_royalty(
    data: object,
    *,
    stage_rates: dict[str, FigureSource] | None = None,
    royalty_range: tuple[FigureSource, FigureSource] | None = None,
) -> RangeResult:
    """`royalty_rate` may be given (one rate or low/point/high); else `stage` picks the published rate
    for the development stage as the point and the published therapeutics range as low and high."""
    model = inputs.mapping(data, "")
    sources: list[FigureSource] = []
    if model.get("royalty_rate") is None and model.get("stage") is not None:
        stage = inputs.choice(model, "stage", STAGES)
        if not stage_rates or stage not in stage_rates or royalty_range is None:
            raise InvalidInput(
                _("No published royalty rate for this stage; give royalty_rate."), field="stage"
            )
        point_figure, low_figure, high_figure = stage_rates[stage], *royalty_range
        sources = [point_figure, low_figure, high_figure]
        point_rate = inputs.rate({"rate": str(point_figure.value)}, "rate", "royalty_rate")
        low = min(inputs.rate({"rate": str(low_figure.value)}, "rate", "royalty_rate"), point_rate)
        high = max(inputs.rate({"rate": str(high_figure.value)}, "rate", "royalty_rate"), point_rate)
    else:
        low, point_rate, high = _rate_range(model, "royalty_rate")
    tax = inputs.rate(model, "tax_rate")
    rate, flows = inputs.discount_rate(model), _flows(model, "revenues")
    rows, point_value = _present_values(flows, rate, point_rate * (1 - tax))
    return RangeResult(
        method="relief_from_royalty",
        currency=inputs.currency(model),
        value=money(point_value),
        formula=RELIEF_FORMULA,
        inputs={
            "discount_rate": rate,
            "tax_rate": tax,
            "royalty_rate": [low, point_rate, high],
            "revenues": flows,
        },
        rows=rows,
        sources=sources,
        low=money(_present_values(flows, rate, low * (1 - tax))[1]),
        high=money(_present_values(flows, rate, high * (1 - tax))[1]),
    )


def dcf_contribution(data: object) -> RangeResult:
    model = inputs.mapping(data, "")
    low, point, high = _rate_range(model, "contribution_ratio")
    rate, flows = inputs.discount_rate(model), _flows(model, "cash_flows")
    rows, point_value = _present_values(flows, rate, point)
    return RangeResult(
        method="dcf_contribution",
        currency=inputs.currency(model),
        value=money(point_value),
        formula=DCF_FORMULA,
        inputs={"discount_rate": rate, "contribution_ratio": [low, point, high], "cash_flows": flows},
        rows=rows,
        sources=[],
        low=money(_present_values(flows, rate, low)[1]),
        high=money(_present_values(flows, rate, high)[1]),
    )
