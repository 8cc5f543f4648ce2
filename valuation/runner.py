"""Running a valuation's methods on its inputs and reconciling them into one conclusion.

inputs = {
  "rnpv": {"model": {...full drug model...}, "paths": 10000, "seed": 1},
  "rnpv_simple": {...simple cash-flow form...},
  "relief_from_royalty": {...}, "dcf_contribution": {...}, "market": {...}, "cost": {...},
  "deal": {"term_sheet": {...}, "model": {...}}      (the model defaults to the rnpv one),
  "indicators": {"scores": {"L1.2": "70", ...}},      (the scenario is the valuation's purpose)
  "weights": {"rnpv": "2", "market": "1"}              (default 1 each; deal 0)
}
A drug model without an expiry date (and without commercial_years) takes the asset's registry expiry.
"""

from __future__ import annotations

import datetime
import hashlib
import json
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from core.errors import InvalidInput
from core.money import to_decimal
from valuation import figures, scoring
from valuation.methods import cost, deals, drug, income, market, montecarlo, sensitivity
from valuation.methods.inputs import MissingInputs
from valuation.methods.reconcile import Conclusion, MethodValue, reconcile
from valuation.methods.simple import parse_simple_model, simple_rnpv
from valuation.models import Valuation

MAX_PATHS = 100_000
DEFAULT_WEIGHTS = {"deal": Decimal(0)}


@dataclass(frozen=True)
class MethodOutput:
    output: dict
    low: Decimal | None = None
    point: Decimal | None = None
    high: Decimal | None = None
    score: Decimal | None = None


def inputs_digest(inputs: dict) -> str:
    return hashlib.sha256(json.dumps(inputs, sort_keys=True, ensure_ascii=False).encode()).hexdigest()


def drug_model_for(valuation: Valuation, data: object) -> drug.DrugModel:
    if isinstance(data, dict) and not data.get("expiry_date"):
        commercial = data.get("commercial")
        if not (isinstance(commercial, dict) and commercial.get("commercial_years") is not None):
            expiry = valuation.asset.expiry_date
            if expiry is None:
                raise InvalidInput(
                    _("The asset has no expiry date on record; give expiry_date or commercial_years."),
                    field="rnpv.model.expiry_date",
                )
            data = {**data, "expiry_date": expiry.isoformat()}
    return figures.load_drug_model(data, today=valuation.valuation_date)


def _paths(spec: dict) -> int | None:
    paths = spec.get("paths")
    if paths is None:
        return None
    if not isinstance(paths, int) or not 1 <= paths <= MAX_PATHS:
        raise InvalidInput(
            _("paths must be a whole number from 1 to %(max)s.") % {"max": MAX_PATHS}, field="paths"
        )
    return paths


def run_rnpv(valuation: Valuation, spec: dict) -> MethodOutput:
    model = drug_model_for(valuation, spec.get("model"))
    result = drug.drug_rnpv(model)
    output: dict[str, Any] = {"deterministic": result.to_dict()}
    paths = _paths(spec)
    if paths is not None:
        seed = spec.get("seed")
        output["monte_carlo"] = montecarlo.monte_carlo(
            model, paths=paths, seed=seed if isinstance(seed, int) else None
        ).to_dict()
    tornado = sensitivity.tornado(model)
    output["tornado"] = tornado.to_dict()
    bars = [row[end] for row in tornado.rows for end in ("value_at_low", "value_at_high")]
    return MethodOutput(output, min([result.value, *bars]), result.value, max([result.value, *bars]))


def run_simple(valuation: Valuation, spec: dict) -> MethodOutput:
    result = simple_rnpv(parse_simple_model(spec))
    return MethodOutput(result.to_dict(), result.value, result.value, result.value)


def run_relief(valuation: Valuation, spec: dict) -> MethodOutput:
    stage_rates, royalty_range = figures.royalty_figures()
    result = income.relief_from_royalty(spec, stage_rates=stage_rates, royalty_range=royalty_range)
    return MethodOutput(result.to_dict(), result.low, result.value, result.high)


def run_dcf(valuation: Valuation, spec: dict) -> MethodOutput:
    result = income.dcf_contribution(spec)
    return MethodOutput(result.to_dict(), result.low, result.value, result.high)


def run_market(valuation: Valuation, spec: dict) -> MethodOutput:
    from valuation.comparables import with_recorded_deals

    result = market.market_approach(with_recorded_deals(spec))
    return MethodOutput(result.to_dict(), result.low, result.value, result.high)


def run_cost(valuation: Valuation, spec: dict) -> MethodOutput:
    result = cost.cost_approach(spec)
    return MethodOutput(result.to_dict(), result.value, result.value, result.value)


def run_deal(valuation: Valuation, spec: dict) -> MethodOutput:
    model_data = spec.get("model") or (valuation.inputs.get("rnpv") or {}).get("model")
    model = drug_model_for(valuation, model_data)
    result = deals.value_deal(model, deals.parse_term_sheet(spec.get("term_sheet"), "deal.term_sheet"))
    return MethodOutput(result.to_dict(), result.value, result.value, result.value)


def run_indicators(valuation: Valuation, spec: dict) -> MethodOutput:
    scores = spec.get("scores", {})
    if not isinstance(scores, dict):
        raise InvalidInput(
            _("indicators.scores must be an object of code: score."), field="indicators.scores"
        )
    result = scoring.score_asset(
        asset=valuation.asset,
        scenario=valuation.purpose,
        expert_scores=scores,
        today=valuation.valuation_date,
    )
    return MethodOutput(result.to_dict(), score=result.value)


RUNNERS: dict[str, Callable[[Valuation, dict], MethodOutput]] = {
    "rnpv": run_rnpv,
    "rnpv_simple": run_simple,
    "relief_from_royalty": run_relief,
    "dcf_contribution": run_dcf,
    "market": run_market,
    "cost": run_cost,
    "deal": run_deal,
    "indicators": run_indicators,
}


def _weight(valuation: Valuation, method: str) -> Decimal:
    weights = valuation.inputs.get("weights") or {}
    if method in weights:
        return to_decimal(weights[method], field=f"weights.{method}")
    return DEFAULT_WEIGHTS.get(method, Decimal(1))


def _field_in_inputs(method: str, field: str | None) -> str:
    """Where in the valuation's inputs a method's error lies, so that a form can point at it."""
    if not field:
        return method
    if field.startswith("inputs.") or field.split(".")[0].split("[")[0] in RUNNERS:
        return field
    if method == "rnpv" and field != "paths":
        return f"rnpv.model.{field}"
    if method == "deal":
        return f"deal.model.{field}"
    return f"{method}.{field}"


def _run_one(valuation: Valuation, method: str) -> MethodOutput:
    spec = valuation.inputs.get(method, {} if method == "indicators" else None)
    if not isinstance(spec, dict):
        message = gettext_noop("Give the inputs of %(method)s.")
        raise MissingInputs(message, {"method": method}, field=f"inputs.{method}")
    try:
        result = RUNNERS[method](valuation, spec)
    except MissingInputs as error:
        error.field = _field_in_inputs(method, error.field)
        raise
    except InvalidInput as error:
        raise InvalidInput(error.detail, field=_field_in_inputs(method, error.field)) from None
    currency = result.output.get("currency")
    if currency and currency != valuation.currency:
        raise InvalidInput(
            _("%(method)s is in %(found)s but the valuation is in %(currency)s.")
            % {"method": method, "found": currency, "currency": valuation.currency},
            field=f"inputs.{method}",
        )
    return result


def run_methods(valuation: Valuation) -> tuple[dict, Conclusion | None]:
    """Run every method whose inputs are complete; the others are listed under "pending" with what they
    still need, so that a valuation can start with what the user has (e.g. before all the expert scores of
    GB/T 42748 are in). A wrong input is still refused; only when no method can run at all is the first
    method's missing input raised."""
    outputs: dict[str, Any] = {}
    pending: dict[str, dict[str, Any]] = {}
    first_error: MissingInputs | None = None
    values, score = [], None
    for method in valuation.methods:
        try:
            result = _run_one(valuation, method)
        except MissingInputs as error:
            first_error = first_error or error
            pending[method] = {
                "detail": str(error.detail),
                "message": error.message,
                "params": error.params,
                "field": error.field or f"inputs.{method}",
            }
            continue
        outputs[method] = result.output
        if result.score is not None:
            score = result.score
        elif result.point is not None:
            assert result.low is not None and result.high is not None
            values.append(
                MethodValue(method, result.low, result.point, result.high, _weight(valuation, method))
            )
    if first_error is not None and len(pending) == len(valuation.methods):
        raise first_error
    conclusion = reconcile(values, currency=valuation.currency, indicator_score=score) if values else None
    if conclusion is not None:
        outputs["conclusion"] = conclusion.to_dict()
    if pending:
        outputs["pending"] = pending
    outputs["ran_on"] = datetime.date.today().isoformat()
    return outputs, conclusion
