"""Monte Carlo rNPV: many seeded paths through development, approval and sales, vectorised with numpy.

Each path draws whether every phase succeeds (Bernoulli with the model's transition probabilities) and
draws each uncertain input from its distribution; a distribution replaces the base-case value on every
path. The path's value is the present value of the costs it incurred and, if approved, of its sales.
Floats live only inside the simulation; every reported figure is converted back to Decimal.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from decimal import Decimal

import numpy as np

from valuation.methods import drug
from valuation.methods.results import MethodResult, money

PERCENTILES = (5, 10, 25, 50, 75, 90, 95)
HISTOGRAM_BINS = 40
DEFAULT_PATHS = 10_000
FORMULA = (
    "value_path = Σ_stages reached_stage · cost_factor · PV(stage costs) "
    "+ approved · peak_sales · PV(sales per unit of peak | launch delay); "
    "reached_stage = Π Bernoulli(p) of the transitions before it; "
    "rNPV ≈ mean over paths; P5…P95 are percentiles of value_path"
)


@dataclass(frozen=True)
class MonteCarloResult(MethodResult):
    paths: int
    seed: int | None
    mean: Decimal
    std: Decimal
    standard_error: Decimal
    percentiles: dict[str, Decimal]
    probability_positive: Decimal
    probability_approved: Decimal
    deterministic: Decimal
    histogram: dict[str, list[Decimal] | list[int]]
    values: np.ndarray = field(metadata={"serialise": False}, repr=False, compare=False)


def _decimal(value: float) -> Decimal:
    return money(Decimal(float(value)))


def _stage_present_values(model: drug.DrugModel) -> np.ndarray:
    """Present value of each stage's costs at a cost factor of 1, as if the stage were certain."""
    unit = replace(model, development_cost_factor=Decimal(1))
    rows = drug.development_rows(unit, [Decimal(1)] * len(model.stages))
    totals = dict.fromkeys((stage.phase for stage in model.stages), 0.0)
    for row in rows:
        totals[row["stage"]] += float(row["present_value"])
    return np.array(list(totals.values()), dtype=float)


def _unit_sales_value(model: drug.DrugModel, delays: np.ndarray) -> np.ndarray:
    """Present value of after-tax sales per unit of peak sales, for each launch delay."""
    commercial = model.commercial
    base_launch = float(drug.launch_year(replace(model, launch_delay_years=Decimal(0))))
    count = drug.sales_year_count(model, Decimal(str(base_launch + float(delays.min()))))
    if count == 0:
        return np.zeros_like(delays)
    k = np.arange(count, dtype=float)
    shape = np.array([float(drug.sales_shape(commercial, int(year))) for year in k])
    t = base_launch + delays[:, None] + k[None, :]
    end = drug.expiry_year(model)
    if end is None or commercial.commercial_years is not None:
        exclusive = np.ones_like(t) if end is None else np.clip(float(end) - t, 0.0, 1.0)
        included = np.ones_like(t, dtype=bool)
    else:
        exclusive = np.clip(float(end) - t, 0.0, 1.0)
        included = t < float(end) + commercial.post_exclusivity_years
    revenue = shape[None, :] * (exclusive + (1.0 - exclusive) * (1.0 - float(commercial.erosion)))
    margin = 1.0 - float(commercial.cost_of_goods_rate) - float(commercial.selling_cost_rate)
    after_tax = margin * (1.0 - float(commercial.tax_rate)) if margin > 0 else margin
    discount = (1.0 + float(model.discount_rate)) ** -t
    return (revenue * after_tax * discount * included).sum(axis=1)


def simulate(model: drug.DrugModel, *, paths: int, seed: int | None) -> np.ndarray:
    """The value of every path (floats, in the model's currency)."""
    rng = np.random.default_rng(seed)
    uncertain = model.uncertainty
    chances = np.array([float(model.probabilities[drug.TRANSITION[s.phase]]) for s in model.stages])
    success = rng.random((paths, len(chances))) < chances
    reached = np.ones((paths, len(chances) + 1), dtype=bool)
    if len(chances):
        reached[:, 1:] = np.logical_and.accumulate(success, axis=1)

    def draw(distribution, base: Decimal) -> np.ndarray:
        if distribution is None:
            return np.full(paths, float(base))
        return distribution.sample(rng, paths)

    cost_factor = draw(uncertain.development_cost_factor, model.development_cost_factor)
    peak = draw(uncertain.peak_sales, model.commercial.peak_sales)
    delays = draw(uncertain.launch_delay_years, model.launch_delay_years)
    development = (reached[:, :-1] * _stage_present_values(model)).sum(axis=1) * cost_factor
    if uncertain.launch_delay_years is None:
        sales = np.full(paths, _unit_sales_value(model, delays[:1])[0])
    else:
        sales = _unit_sales_value(model, delays)
    return development + reached[:, -1] * peak * sales


def monte_carlo(
    model: drug.DrugModel, *, paths: int = DEFAULT_PATHS, seed: int | None = None
) -> MonteCarloResult:
    values = simulate(model, paths=paths, seed=seed)
    std = float(values.std(ddof=1)) if paths > 1 else 0.0
    counts, edges = np.histogram(values, bins=HISTOGRAM_BINS)
    deterministic = drug.drug_rnpv(model)
    return MonteCarloResult(
        method="rnpv_monte_carlo",
        currency=model.currency,
        value=_decimal(values.mean()),
        formula=FORMULA,
        inputs={"model": model, "paths": paths, "seed": seed},
        rows=[],
        sources=deterministic.sources,
        paths=paths,
        seed=seed,
        mean=_decimal(values.mean()),
        std=_decimal(std),
        standard_error=_decimal(std / paths**0.5),
        percentiles={
            f"P{p}": _decimal(v) for p, v in zip(PERCENTILES, np.percentile(values, PERCENTILES), strict=True)
        },
        probability_positive=Decimal(int((values > 0).sum())) / paths,
        probability_approved=deterministic.likelihood_of_approval,
        deterministic=deterministic.value,
        histogram={"edges": [_decimal(edge) for edge in edges], "counts": [int(c) for c in counts]},
        values=values,
    )
