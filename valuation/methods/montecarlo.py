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
    """Present value of after-tax sales per unit of peak sales, for each launch delay.

    Sales year k earns w_k = shape_k · after-tax margin · (1 + r)^-(launch + k) per unit of peak, times
    (1 − erosion) + erosion · x_k, where x_k is the share of the year before expiry. With a = expiry − launch,
    x_k is 1 up to year floor(a), a fraction in that year and 0 after; years run while k < a + tail. Both
    sums are read off the running total of w, so each path costs O(1) instead of one row per year.
    """
    commercial = model.commercial
    base_launch = float(drug.launch_year(replace(model, launch_delay_years=Decimal(0))))
    count = drug.sales_year_count(model, Decimal(str(base_launch + float(delays.min()))))
    if count == 0:
        return np.zeros_like(delays)
    k = np.arange(count, dtype=float)
    shape = np.array([float(drug.sales_shape(commercial, int(year))) for year in k])
    margin = 1.0 - float(commercial.cost_of_goods_rate) - float(commercial.selling_cost_rate)
    after_tax = margin * (1.0 - float(commercial.tax_rate)) if margin > 0 else margin
    growth = np.log1p(float(model.discount_rate))
    weights = shape * after_tax * np.exp(-(base_launch + k) * growth)
    running = np.concatenate(([0.0], np.cumsum(weights)))
    delay_discount = np.exp(-delays * growth)
    end = drug.expiry_year(model)
    if end is None:
        return running[count] * delay_discount
    years = float(end) - base_launch - delays
    whole = np.clip(np.floor(years), 0, count).astype(int)
    fraction = np.where((years >= 0) & (whole < count), years - np.floor(years), 0.0)
    exclusive = running[whole] + fraction * np.append(weights, 0.0)[whole]
    if commercial.commercial_years is not None:
        selling = np.full(delays.shape, count)
    else:
        selling = np.clip(np.ceil(years + commercial.post_exclusivity_years), 0, count).astype(int)
    erosion = float(commercial.erosion)
    return ((1.0 - erosion) * running[selling] + erosion * exclusive) * delay_discount


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
