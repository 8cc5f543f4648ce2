"""The stateless rNPV calculator behind the API endpoint and the report previews."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _

from core.errors import InvalidInput
from valuation.figures import load_drug_model
from valuation.methods import montecarlo
from valuation.methods.drug import drug_rnpv
from valuation.methods.simple import is_simple_form, parse_simple_model, simple_rnpv


def calculate_rnpv(data: Any, *, paths: int | None, seed: int | None, max_paths: int) -> dict:
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
    if paths is not None:
        simulated = montecarlo.monte_carlo(model, paths=paths, seed=seed)
        body["monte_carlo"] = simulated.to_dict()
        body["percentiles"] = body["monte_carlo"]["percentiles"]
    return body
