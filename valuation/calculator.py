"""The stateless rNPV calculator behind the API endpoint and the report previews."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _

from core.errors import InvalidInput
from valuation.figures import load_drug_model
from valuation.methods import montecarlo, sensitivity
from valuation.methods.drug import drug_rnpv
from valuation.methods.simple import is_simple_form, parse_simple_model, simple_rnpv


def calculate_rnpv(
    data: Any, *, paths: int | None, seed: int | None, max_paths: int, tornado: bool = False
) -> dict:
    """rNPV of a model with its inputs, formula, rows and sources; optionally Monte Carlo and a tornado."""
    if paths is not None and not 1 <= paths <= max_paths:
        raise InvalidInput(_("paths must be from 1 to %(max)s.") % {"max": max_paths}, field="paths")
    if is_simple_form(data):
        if paths is not None:
            raise InvalidInput(
                _("Monte Carlo needs a full drug model; the simple form has no distributions.")
            )
        simple = simple_rnpv(parse_simple_model(data))
        return {"rnpv": str(simple.value), "npv": str(simple.npv), "result": simple.to_dict()}
    model = load_drug_model(data)
    result = drug_rnpv(model)
    body: dict[str, Any] = {"rnpv": str(result.value), "npv": str(result.npv), "result": result.to_dict()}
    if tornado:
        body["tornado"] = sensitivity.tornado(model).to_dict()
    if paths is not None:
        simulated = montecarlo.monte_carlo(model, paths=paths, seed=seed)
        body["monte_carlo"] = simulated.to_dict()
        body["percentiles"] = body["monte_carlo"]["percentiles"]
    return body


def calculate_deal(model_data: Any, term_sheet: Any, *, valuation: Any = None) -> dict:
    """What a term sheet is worth to the licensor and the licensee, on the asset's drug model; within a
    valuation the model takes the registry's expiry when it gives none (as a run would)."""
    from valuation.methods.deals import parse_term_sheet, value_deal
    from valuation.runner import drug_model_for

    model = drug_model_for(valuation, model_data) if valuation is not None else load_drug_model(model_data)
    result = value_deal(model, parse_term_sheet(term_sheet, "deal.term_sheet"))
    return {
        "licensor_value": str(result.licensor_value),
        "licensee_value": str(result.licensee_value),
        "asset_value": str(result.asset_value),
        "result": result.to_dict(),
    }
