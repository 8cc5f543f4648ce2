"""Deal economics: what a licence term sheet is worth to the licensor and to the licensee.

Payments follow the asset's drug model: a milestone tied to a phase event is paid when the stage starts,
with the probability of reaching it; approval and first-sale milestones at launch with the probability of
approval; sales milestones in the first sales year that reaches the threshold; royalties on each sales
year's revenue by marginal tiers, while the royalty term runs. Licensee value = asset rNPV − the
licensee's after-tax cost of the payments.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from django.utils.translation import gettext as _

from core.errors import InvalidInput
from valuation.methods import drug, inputs
from valuation.methods.results import MethodResult, money
from valuation.methods.simple import discount_factor

EVENTS = ("phase1_start", "phase2_start", "phase3_start", "filing", "approval", "first_sale", "annual_sales")
FORMULA = (
    "licensor value = upfront + Σ_milestones P(event) · M / (1 + r)^t_event "
    "+ Σ_k P(approval) · royalty(R_k) / (1 + r)^t_k; "
    "royalty(R) = Σ_tiers rate_i · max(0, min(R, from_(i+1)) − from_i); "
    "licensee value = asset rNPV − (1 − tax rate · deductible) · licensor value"
)


@dataclass(frozen=True)
class Milestone:
    event: str
    amount: Decimal
    threshold: Decimal | None = None


@dataclass(frozen=True)
class Tier:
    start: Decimal
    rate: Decimal


@dataclass(frozen=True)
class TermSheet:
    upfront: Decimal
    milestones: tuple[Milestone, ...]
    tiers: tuple[Tier, ...]
    royalty_years: int | None
    payments_tax_deductible: bool


@dataclass(frozen=True)
class DealResult(MethodResult):
    licensor_value: Decimal
    licensee_value: Decimal
    asset_value: Decimal


def parse_term_sheet(data: object, path: str = "deal") -> TermSheet:
    sheet = inputs.mapping(data, path)
    milestones = []
    for index, item in enumerate(inputs.sequence(sheet.get("milestones", []), f"{path}.milestones")):
        where = f"{path}.milestones[{index}]"
        row = inputs.mapping(item, where)
        event = inputs.choice(row, "event", EVENTS, where)
        threshold = (
            inputs.number(row, "threshold", where, minimum=Decimal(0)) if event == "annual_sales" else None
        )
        milestones.append(
            Milestone(event, inputs.number(row, "amount", where, minimum=Decimal(0)), threshold)
        )
    tiers = []
    for index, item in enumerate(inputs.sequence(sheet.get("royalty_tiers", []), f"{path}.royalty_tiers")):
        where = f"{path}.royalty_tiers[{index}]"
        row = inputs.mapping(item, where)
        tiers.append(
            Tier(inputs.number(row, "from", where, minimum=Decimal(0)), inputs.rate(row, "rate", where))
        )
    if [tier.start for tier in tiers] != sorted({tier.start for tier in tiers}):
        raise InvalidInput(
            _("Royalty tiers must start at increasing sales levels."), field=f"{path}.royalty_tiers"
        )
    deductible = sheet.get("payments_tax_deductible", False)
    if not isinstance(deductible, bool):
        raise InvalidInput(_("payments_tax_deductible must be true or false."), field=path)
    return TermSheet(
        upfront=inputs.number(sheet, "upfront", path, default=Decimal(0), minimum=Decimal(0)),
        milestones=tuple(milestones),
        tiers=tuple(tiers),
        royalty_years=(
            inputs.whole_years(sheet, "royalty_years", path)
            if sheet.get("royalty_years") is not None
            else None
        ),
        payments_tax_deductible=deductible,
    )


def tiered_royalty(revenue: Decimal, tiers: tuple[Tier, ...]) -> Decimal:
    total = Decimal(0)
    for index, tier in enumerate(tiers):
        ceiling = tiers[index + 1].start if index + 1 < len(tiers) else None
        top = revenue if ceiling is None else min(revenue, ceiling)
        total += tier.rate * max(Decimal(0), top - tier.start)
    return total


def _event_timing(model: drug.DrugModel, event: str, reached: list[Decimal]) -> tuple[Decimal, Decimal]:
    if event in ("approval", "first_sale"):
        return drug.launch_year(model), reached[-1]
    phase = "filing" if event == "filing" else event.removesuffix("_start")
    phases = [stage.phase for stage in model.stages]
    if phase not in phases:
        raise InvalidInput(
            _("The milestone %(event)s is for a stage the asset has already passed.") % {"event": event},
            field="deal.milestones",
        )
    index = phases.index(phase)
    return drug.stage_starts(model)[index], reached[index]


def _payment_row(model: drug.DrugModel, year: Decimal, label: str, amount: Decimal, chance: Decimal) -> dict:
    factor = discount_factor(model.discount_rate, year)
    return {
        "year": year,
        "payment": label,
        "amount": amount,
        "probability": chance,
        "discount_factor": factor,
        "risk_adjusted_present_value": amount * chance * factor,
    }


def value_deal(model: drug.DrugModel, sheet: TermSheet) -> DealResult:
    asset = drug.drug_rnpv(model)
    reached = drug.reach_probabilities(model)
    rows = [_payment_row(model, Decimal(0), "upfront", sheet.upfront, Decimal(1))] if sheet.upfront else []
    sales = [row for row in asset.rows if row["stage"] == "commercial"]
    for milestone in sheet.milestones:
        if milestone.event == "annual_sales":
            hit = next((row for row in sales if row["revenue"] >= (milestone.threshold or 0)), None)
            if hit is not None:
                rows.append(
                    _payment_row(model, hit["year"], "annual_sales", milestone.amount, hit["probability"])
                )
            continue
        year, chance = _event_timing(model, milestone.event, reached)
        rows.append(_payment_row(model, year, milestone.event, milestone.amount, chance))
    for k, row in enumerate(sales):
        in_term = k < sheet.royalty_years if sheet.royalty_years is not None else True
        base = row["revenue"] if sheet.royalty_years is not None else row["revenue"] * row["exclusive_share"]
        royalty = tiered_royalty(base, sheet.tiers) if in_term else Decimal(0)
        if royalty:
            rows.append(_payment_row(model, row["year"], "royalty", royalty, row["probability"]))
    licensor = sum((row["risk_adjusted_present_value"] for row in rows), Decimal(0))
    relief = model.commercial.tax_rate if sheet.payments_tax_deductible else Decimal(0)
    licensee = asset.value - licensor * (1 - relief)
    return DealResult(
        method="deal",
        currency=model.currency,
        value=money(licensor),
        formula=FORMULA,
        inputs={"term_sheet": sheet, "model": model},
        rows=rows,
        sources=asset.sources,
        licensor_value=money(licensor),
        licensee_value=money(licensee),
        asset_value=asset.value,
    )
