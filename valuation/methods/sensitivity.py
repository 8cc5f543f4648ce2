"""Tornado sensitivity: the deterministic rNPV with one input at a time set to the low and high ends of
its range, the others at base case; bars sorted by their swing."""

from __future__ import annotations

from dataclasses import dataclass, replace
from decimal import Decimal

from valuation.methods import drug
from valuation.methods.results import MethodResult, money

FORMULA = "swing_i = rNPV(input_i = high) − rNPV(input_i = low), other inputs at base case"


@dataclass(frozen=True)
class TornadoResult(MethodResult):
    base: Decimal


def _with(model: drug.DrugModel, name: str, value: Decimal) -> drug.DrugModel:
    if name == "peak_sales":
        return replace(model, commercial=replace(model.commercial, peak_sales=value))
    if name == "discount_rate":
        return replace(model, discount_rate=value)
    if name in model.probabilities:
        return replace(model, probabilities={**model.probabilities, name: value})
    if name == "development_cost_factor":
        return replace(model, development_cost_factor=value)
    return replace(model, launch_delay_years=value)


def ranges_of(model: drug.DrugModel) -> dict[str, tuple[Decimal, Decimal]]:
    """The ranges the model's uncertainty block gives (normal inputs span their P5 to P95)."""
    uncertain = model.uncertainty
    named = {
        "peak_sales": uncertain.peak_sales,
        "development_cost_factor": uncertain.development_cost_factor,
        "launch_delay_years": uncertain.launch_delay_years,
    }
    return {name: (spec.low, spec.high) for name, spec in named.items() if spec is not None}


def tornado(model: drug.DrugModel, extra: dict[str, tuple[Decimal, Decimal]] | None = None) -> TornadoResult:
    """Bars for the uncertain inputs plus any `extra` ranges (e.g. discount_rate or a transition)."""
    base = drug.drug_rnpv(model).value
    rows: list[dict] = []
    for name, (low, high) in {**ranges_of(model), **(extra or {})}.items():
        at_low = drug.drug_rnpv(_with(model, name, low)).value
        at_high = drug.drug_rnpv(_with(model, name, high)).value
        rows.append(
            {
                "input": name,
                "low": low,
                "high": high,
                "value_at_low": at_low,
                "value_at_high": at_high,
                "swing": money(abs(at_high - at_low)),
            }
        )
    rows.sort(key=lambda row: Decimal(str(row["swing"])), reverse=True)
    return TornadoResult(
        method="tornado",
        currency=model.currency,
        value=base,
        formula=FORMULA,
        inputs={"ranges": {row["input"]: [row["low"], row["high"]] for row in rows}},
        rows=rows,
        sources=list(model.sources),
        base=base,
    )
