"""Risk-adjusted NPV of a drug asset: stage-by-stage development, approval, launch, sales until and after
loss of exclusivity, each cash flow weighted by the probability of reaching its stage.

Timing: t is in years from the valuation date; each phase starts when the previous one ends; its cost is
spread evenly over its years, paid at the start of each year. Sales year k starts at launch + k.
Exclusivity ends at the expiry date the registry computed; in the year it ends, the share of the year after
expiry loses `loss_of_exclusivity_erosion` of its sales. Tax applies to positive operating profit only;
development costs are taken before tax (no tax shield assumed).
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field, replace
from decimal import Decimal

from django.utils.translation import gettext as _

from core.errors import InvalidInput
from valuation.methods import inputs
from valuation.methods.results import FigureSource, MethodResult, money
from valuation.methods.simple import discount_factor
from valuation.methods.uncertainty import Distribution, parse_distribution

STAGES = ("preclinical", "phase1", "phase2", "phase3", "filing")
CURRENT_PHASES = (*STAGES, "approved")
TRANSITION = {
    "preclinical": "preclinical_to_phase1",
    "phase1": "phase1_to_phase2",
    "phase2": "phase2_to_phase3",
    "phase3": "phase3_to_filing",
    "filing": "filing_to_approval",
}
MAX_COMMERCIAL_YEARS = 100

FORMULA = (
    "rNPV = Σ_stages Σ_years P(reach stage) · (−cost_t) / (1 + r)^t "
    "+ Σ_k P(approval) · (R_k − COGS_k − S_k − tax_k) / (1 + r)^(t_launch + k); "
    "R_k = peak · ramp_k · decline_k · (x_k + (1 − x_k)(1 − erosion)), "
    "x_k = share of sales year k before expiry; "
    "P(reach stage) = Π of the transition probabilities of the stages before it; "
    "tax_k = tax rate · max(0, R_k − COGS_k − S_k)"
)


@dataclass(frozen=True)
class PhaseTable:
    """Transition probabilities for one indication group, with the source they were taken from."""

    dataset: str
    group: str
    rates: dict[str, Decimal]
    source: str


@dataclass(frozen=True)
class Stage:
    phase: str
    duration_years: Decimal
    cost: Decimal


@dataclass(frozen=True)
class Commercial:
    peak_sales: Decimal
    ramp_up_years: int
    peak_years: int | None
    decline_rate: Decimal
    erosion: Decimal
    post_exclusivity_years: int
    commercial_years: int | None
    cost_of_goods_rate: Decimal
    selling_cost_rate: Decimal
    tax_rate: Decimal


@dataclass(frozen=True)
class Uncertainty:
    peak_sales: Distribution | None = None
    development_cost_factor: Distribution | None = None
    launch_delay_years: Distribution | None = None


@dataclass(frozen=True)
class DrugModel:
    currency: str
    discount_rate: Decimal
    valuation_date: datetime.date
    current_phase: str
    stages: tuple[Stage, ...]
    probabilities: dict[str, Decimal]
    expiry_date: datetime.date | None
    commercial: Commercial
    uncertainty: Uncertainty = field(default_factory=Uncertainty)
    development_cost_factor: Decimal = Decimal(1)
    launch_delay_years: Decimal = Decimal(0)
    indication_group: str = ""
    sources: tuple[FigureSource, ...] = ()

    def with_probabilities(self, value: Decimal) -> DrugModel:
        return replace(self, probabilities=dict.fromkeys(self.probabilities, value))


@dataclass(frozen=True)
class DrugRnpvResult(MethodResult):
    npv: Decimal
    likelihood_of_approval: Decimal
    launch_year: Decimal
    expiry_year: Decimal | None
    development_value: Decimal
    commercial_value: Decimal


# -- parsing ---------------------------------------------------------------------------------------------


def _stages(data: dict, current: str) -> tuple[Stage, ...]:
    expected = STAGES[STAGES.index(current) :] if current in STAGES else ()
    raw = inputs.sequence(data.get("development", []), "development")
    stages = []
    for index, item in enumerate(raw):
        path = inputs.join("development", index)
        row = inputs.mapping(item, path)
        stages.append(
            Stage(
                phase=inputs.choice(row, "phase", STAGES, path),
                duration_years=inputs.duration(row, "duration_years", path),
                cost=inputs.number(row, "cost", path, minimum=Decimal(0)),
            )
        )
    if tuple(stage.phase for stage in stages) != expected:
        raise InvalidInput(
            _("development must list, in order, the stages from the current phase to filing: %(stages)s.")
            % {"stages": ", ".join(expected) or _("none (the drug is approved)")},
            field="development",
        )
    return tuple(stages)


def _probabilities(
    data: dict, stages: tuple[Stage, ...], table: PhaseTable | None
) -> tuple[dict[str, Decimal], list[FigureSource]]:
    overrides = inputs.mapping(data.get("phase_probabilities", {}), "phase_probabilities")
    for key in overrides:
        if key not in TRANSITION.values():
            raise InvalidInput(
                _("phase_probabilities.%(key)s is not a phase transition; use one of: %(keys)s.")
                % {"key": key, "keys": ", ".join(TRANSITION.values())},
                field="phase_probabilities",
            )
    probabilities: dict[str, Decimal] = {}
    sources: list[FigureSource] = []
    for stage in stages:
        key = TRANSITION[stage.phase]
        if key in overrides:
            probabilities[key] = inputs.probability(overrides, key, "phase_probabilities")
            sources.append(FigureSource(f"phase_probabilities.{key}", probabilities[key], _("model input")))
        elif table is not None and key in table.rates:
            probabilities[key] = table.rates[key]
            figure_key = f"phase_transition_probabilities.{table.dataset}.{table.group}.{key}"
            sources.append(FigureSource(figure_key, probabilities[key], table.source))
        else:
            raise InvalidInput(
                _("No probability for %(key)s: give it in phase_probabilities or choose an indication group.")
                % {"key": key},
                field="phase_probabilities",
            )
    return probabilities, sources


def _commercial(data: dict, tax_rate: FigureSource | None, has_expiry: bool) -> tuple[Commercial, list]:
    path = "commercial"
    row = inputs.mapping(inputs.required(data, "commercial", ""), path)
    sources = []
    if row.get("tax_rate") is None and tax_rate is not None:
        tax = inputs.rate({"tax_rate": tax_rate.value}, "tax_rate", path)
        sources.append(tax_rate)
    else:
        tax = inputs.rate(row, "tax_rate", path)
    commercial_years = None
    if not has_expiry or row.get("commercial_years") is not None:
        commercial_years = inputs.whole_years(row, "commercial_years", path)
    commercial = Commercial(
        peak_sales=inputs.number(row, "peak_sales", path, minimum=Decimal(0)),
        ramp_up_years=inputs.whole_years(row, "ramp_up_years", path),
        peak_years=(
            inputs.whole_years(row, "peak_years", path) if row.get("peak_years") is not None else None
        ),
        decline_rate=inputs.rate(row, "decline_rate", path, default=Decimal(0)),
        erosion=inputs.rate(row, "loss_of_exclusivity_erosion", path),
        post_exclusivity_years=inputs.whole_years(row, "post_exclusivity_years", path, default=0),
        commercial_years=commercial_years,
        cost_of_goods_rate=inputs.rate(row, "cost_of_goods_rate", path),
        selling_cost_rate=inputs.rate(row, "selling_cost_rate", path),
        tax_rate=tax,
    )
    return commercial, sources


def _uncertainty(data: dict) -> Uncertainty:
    spec = inputs.mapping(data.get("uncertainty", {}), "uncertainty")
    known = ("peak_sales", "development_cost_factor", "launch_delay_years")
    for key in spec:
        if key not in known:
            raise InvalidInput(
                _("uncertainty.%(key)s is not an uncertain input; use one of: %(keys)s.")
                % {"key": key, "keys": ", ".join(known)},
                field="uncertainty",
            )
    parsed = {key: parse_distribution(spec[key], f"uncertainty.{key}") for key in known if key in spec}
    return Uncertainty(**parsed)


def parse_drug_model(
    data: object,
    *,
    phase_table: PhaseTable | None = None,
    tax_rate: FigureSource | None = None,
    today: datetime.date | None = None,
) -> DrugModel:
    """Check and read a full drug-asset model; `phase_table` and `tax_rate` supply defaults with sources."""
    model = inputs.mapping(data, "")
    current = inputs.choice(model, "current_phase", CURRENT_PHASES)
    stages = _stages(model, current)
    probabilities, sources = _probabilities(model, stages, phase_table)
    expiry = inputs.date(model, "expiry_date") if model.get("expiry_date") is not None else None
    commercial, tax_sources = _commercial(model, tax_rate, expiry is not None)
    return DrugModel(
        currency=inputs.currency(model),
        discount_rate=inputs.discount_rate(model),
        valuation_date=inputs.date(model, "valuation_date", default=today or datetime.date.today()),
        current_phase=current,
        stages=stages,
        probabilities=probabilities,
        expiry_date=expiry,
        commercial=commercial,
        uncertainty=_uncertainty(model),
        development_cost_factor=inputs.number(
            model, "development_cost_factor", default=Decimal(1), minimum=Decimal(0)
        ),
        launch_delay_years=inputs.duration(model, "launch_delay_years", default=Decimal(0)),
        indication_group=inputs.text(model, "indication_group", default=""),
        sources=tuple(sources + tax_sources),
    )


# -- timing and probabilities ----------------------------------------------------------------------------


def stage_starts(model: DrugModel) -> list[Decimal]:
    starts, clock = [], Decimal(0)
    for stage in model.stages:
        starts.append(clock)
        clock += stage.duration_years
    return starts


def launch_year(model: DrugModel) -> Decimal:
    return sum((stage.duration_years for stage in model.stages), Decimal(0)) + model.launch_delay_years


def reach_probabilities(model: DrugModel) -> list[Decimal]:
    """P(reach stage i) for each stage, then P(approval) last."""
    reached, chance = [], Decimal(1)
    for stage in model.stages:
        reached.append(chance)
        chance *= model.probabilities[TRANSITION[stage.phase]]
    return [*reached, chance]


def expiry_year(model: DrugModel) -> Decimal | None:
    if model.expiry_date is None:
        return None
    return inputs.years_between(model.valuation_date, model.expiry_date)


def sales_shape(commercial: Commercial, k: int) -> Decimal:
    """Share of peak sales in sales year k before any loss of exclusivity: ramp-up, plateau, decline."""
    ramp = (
        min(Decimal(1), Decimal(k + 1) / commercial.ramp_up_years) if commercial.ramp_up_years else Decimal(1)
    )
    if commercial.peak_years is None:
        return ramp
    years_declining = k + 1 - commercial.ramp_up_years - commercial.peak_years
    if years_declining <= 0:
        return ramp
    return ramp * (1 - commercial.decline_rate) ** years_declining


def sales_year_count(model: DrugModel, launch: Decimal) -> int:
    """How many sales years the model runs: its commercial_years, else until expiry plus the tail."""
    commercial = model.commercial
    if commercial.commercial_years is not None:
        count = commercial.commercial_years
    else:
        end = expiry_year(model)
        assert end is not None
        remaining = end + commercial.post_exclusivity_years - launch
        count = max(0, inputs.ceiling(remaining))
    if count > MAX_COMMERCIAL_YEARS:
        raise InvalidInput(
            _("The model runs %(count)s years of sales; at most %(max)s are allowed.")
            % {"count": count, "max": MAX_COMMERCIAL_YEARS},
            field="commercial",
        )
    return count


# -- valuation -------------------------------------------------------------------------------------------


def development_rows(model: DrugModel, reached: list[Decimal]) -> list[dict]:
    rows = []
    for stage, start, chance in zip(model.stages, stage_starts(model), reached, strict=False):
        cost = stage.cost * model.development_cost_factor
        slices = inputs.ceiling(stage.duration_years) or 1
        for index in range(slices):
            share = (
                min(Decimal(1), stage.duration_years - index) / stage.duration_years
                if stage.duration_years
                else 1
            )
            rows.append(_row(model, start + index, stage.phase, -cost * share, chance))
    return rows


def commercial_rows(model: DrugModel, approval: Decimal) -> list[dict]:
    commercial, launch, end = model.commercial, launch_year(model), expiry_year(model)
    rows = []
    for k in range(sales_year_count(model, launch)):
        t = launch + k
        exclusive = Decimal(1) if end is None else min(Decimal(1), max(Decimal(0), end - t))
        revenue = commercial.peak_sales * sales_shape(commercial, k)
        revenue *= exclusive + (1 - exclusive) * (1 - commercial.erosion)
        goods = revenue * commercial.cost_of_goods_rate
        selling = revenue * commercial.selling_cost_rate
        operating = revenue - goods - selling
        tax = max(Decimal(0), operating) * commercial.tax_rate
        row = _row(model, t, "commercial", operating - tax, approval)
        row.update(
            revenue=revenue, cost_of_goods=goods, selling_costs=selling, tax=tax, exclusive_share=exclusive
        )
        rows.append(row)
    return rows


def _row(model: DrugModel, t: Decimal, stage: str, cash_flow: Decimal, chance: Decimal) -> dict:
    factor = discount_factor(model.discount_rate, t)
    return {
        "year": t,
        "stage": stage,
        "cash_flow": cash_flow,
        "probability": chance,
        "discount_factor": factor,
        "present_value": cash_flow * factor,
        "risk_adjusted_present_value": cash_flow * factor * chance,
    }


def drug_rnpv(model: DrugModel) -> DrugRnpvResult:
    """Deterministic rNPV of the drug model at its base-case inputs."""
    reached = reach_probabilities(model)
    development = development_rows(model, reached[:-1])
    commercial = commercial_rows(model, reached[-1])
    development_value = sum((row["risk_adjusted_present_value"] for row in development), Decimal(0))
    commercial_value = sum((row["risk_adjusted_present_value"] for row in commercial), Decimal(0))
    npv = sum((row["present_value"] for row in development + commercial), Decimal(0))
    return DrugRnpvResult(
        method="rnpv_drug",
        currency=model.currency,
        value=money(development_value + commercial_value),
        formula=FORMULA,
        inputs={"model": model},
        rows=development + commercial,
        sources=list(model.sources),
        npv=money(npv),
        likelihood_of_approval=reached[-1],
        launch_year=launch_year(model),
        expiry_year=expiry_year(model),
        development_value=money(development_value),
        commercial_value=money(commercial_value),
    )
