"""Starting values for a drug model, drawn from the registry (phase, indications, expiry) and the figures
(phase-transition tables, tax rate, the operator's own valuation defaults). Nothing here is a literal
assumption: a default without a figure behind it is left for the valuer to fill in."""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field

from django.utils import timezone

from assets.models import Asset, BiomedicalProfile
from core.errors import NotFound
from core.figures import figure
from valuation import figures

# The registry counts discovery as its own phase; a drug model starts at the first costed stage.
PHASE_OF_PROFILE = {
    BiomedicalProfile.Phase.DISCOVERY: "preclinical",
    BiomedicalProfile.Phase.PRECLINICAL: "preclinical",
    BiomedicalProfile.Phase.PHASE_1: "phase1",
    BiomedicalProfile.Phase.PHASE_2: "phase2",
    BiomedicalProfile.Phase.PHASE_3: "phase3",
    BiomedicalProfile.Phase.FILED: "filing",
    BiomedicalProfile.Phase.APPROVED: "approved",
}
# Assumptions the operator may set in the back office (core.FigureSetting); absent from figures.json.
OPERATOR_DEFAULTS = (
    "discount_rate",
    "ramp_up_years",
    "peak_years",
    "decline_rate",
    "loss_of_exclusivity_erosion",
    "post_exclusivity_years",
    "cost_of_goods_rate",
    "selling_cost_rate",
)
OPERATOR_KEY = "valuation_defaults.{name}"


@dataclass
class ModelDefaults:
    """Initial form values and, for each, where it came from (shown beside the field)."""

    values: dict = field(default_factory=dict)
    sources: dict[str, str] = field(default_factory=dict)
    registry_expiry: datetime.date | None = None
    tax_rate: str | None = None


def _indication_group(profile: BiomedicalProfile) -> str | None:
    known = set(figures.indication_groups())
    indications = list(profile.indications.all())
    for indication in indications:
        if indication.group and indication.group in known:
            return indication.group
    if any(indication.is_cancer for indication in indications) and "oncology" in known:
        return "oncology"
    return None


def _from_registry(asset: Asset, found: ModelDefaults) -> None:
    found.registry_expiry = asset.expiry_date
    profile = BiomedicalProfile.objects.filter(asset=asset).first()
    if profile is None:
        return
    if profile.phase is not None:
        found.values["current_phase"] = PHASE_OF_PROFILE[BiomedicalProfile.Phase(profile.phase)]
        found.sources["current_phase"] = str(profile.get_phase_display())
    group = _indication_group(profile)
    if group:
        found.values["indication_group"] = group
        found.sources["indication_group"] = ", ".join(str(i) for i in profile.indications.all())


def _from_figures(found: ModelDefaults) -> None:
    for name in OPERATOR_DEFAULTS:
        try:
            setting = figure(OPERATOR_KEY.format(name=name))
        except NotFound:
            continue
        found.values[name] = setting.value
        found.sources[name] = setting.source
    tax = figures.tax_rate()
    if tax is not None:
        found.tax_rate = str(tax.value)
        found.sources["tax_rate"] = tax.source


def model_defaults(asset: Asset | None = None, *, currency: str | None = None) -> ModelDefaults:
    found = ModelDefaults(values={"valuation_date": timezone.localdate()})
    if currency:
        found.values["currency"] = currency
    if asset is not None:
        _from_registry(asset, found)
    _from_figures(found)
    return found
