import math
from decimal import Decimal

import numpy as np
import pytest

from valuation.methods import drug, montecarlo, sensitivity

from .samples import drug_model

SYMMETRIC = {
    "peak_sales": {
        "distribution": "triangular",
        "low": "400000000",
        "mode": "800000000",
        "high": "1200000000",
    },
    "development_cost_factor": {"distribution": "normal", "mean": "1", "sd": "0.1"},
}


def model(uncertainty=None, **changes):
    return drug.parse_drug_model(drug_model(uncertainty=uncertainty or {}, **changes))


def test_mean_converges_to_the_deterministic_rnpv():
    # Inputs enter linearly and their distributions are centred on the base case, so the expected path value
    # is the deterministic rNPV; the tolerance is four standard errors of the mean (fails ~1 time in 16,000).
    subject = model(SYMMETRIC)
    result = montecarlo.monte_carlo(subject, paths=40_000, seed=11)
    assert abs(result.mean - result.deterministic) <= 4 * result.standard_error
    assert result.standard_error > 0


def test_the_share_of_approved_paths_matches_the_likelihood_of_approval():
    subject = model()
    values = montecarlo.simulate(subject, paths=50_000, seed=3)
    approved = float(drug.reach_probabilities(subject)[-1])
    # Paths that fail only pay costs (value < 0); approved ones earn the NPV of success, which is positive here.
    assert drug.drug_rnpv(subject).npv > 0
    share = float((values > 0).mean())
    assert abs(share - approved) <= 4 * math.sqrt(approved * (1 - approved) / 50_000)


def test_without_risk_or_uncertainty_every_path_is_the_plain_npv():
    data = drug_model()
    data["phase_probabilities"] = dict.fromkeys(data["phase_probabilities"], "1")
    subject = drug.parse_drug_model(data)
    result = montecarlo.monte_carlo(subject, paths=1_000, seed=1)
    assert result.std == 0
    assert abs(result.mean - drug.drug_rnpv(subject).npv) <= Decimal("1")
    assert result.probability_positive == 1


def test_the_same_seed_gives_the_same_distribution():
    first = montecarlo.monte_carlo(model(SYMMETRIC), paths=10_000, seed=5)
    second = montecarlo.monte_carlo(model(SYMMETRIC), paths=10_000, seed=5)
    other = montecarlo.monte_carlo(model(SYMMETRIC), paths=10_000, seed=6)
    assert first.percentiles == second.percentiles
    assert first.mean != other.mean


def test_percentiles_are_ordered_and_histogram_counts_every_path():
    result = montecarlo.monte_carlo(model(SYMMETRIC), paths=10_000, seed=2)
    values = list(result.percentiles.values())
    assert list(result.percentiles) == ["P5", "P10", "P25", "P50", "P75", "P90", "P95"]
    assert values == sorted(values)
    assert sum(result.histogram["counts"]) == 10_000
    assert Decimal(0) <= result.probability_positive <= 1
    assert result.to_dict()["percentiles"]["P50"] == str(result.percentiles["P50"])
    assert "values" not in result.to_dict()


def test_a_launch_delay_distribution_lowers_the_mean():
    delayed = {"launch_delay_years": {"distribution": "uniform", "low": "0", "high": "2"}}
    base = montecarlo.monte_carlo(model(), paths=20_000, seed=9)
    late = montecarlo.monte_carlo(model(delayed), paths=20_000, seed=9)
    assert late.mean < base.mean


def test_delay_paths_match_the_deterministic_model_at_the_same_delay():
    # A degenerate delay distribution (always 1.25 years) must give the deterministic value at that delay.
    fixed = {"launch_delay_years": {"distribution": "uniform", "low": "1.25", "high": "1.25"}}
    data = drug_model(uncertainty=fixed)
    data["phase_probabilities"] = dict.fromkeys(data["phase_probabilities"], "1")
    subject = drug.parse_drug_model(data)
    values = montecarlo.simulate(subject, paths=10, seed=1)
    expected = drug.drug_rnpv(drug.parse_drug_model({**data, "launch_delay_years": "1.25"})).npv
    assert np.allclose(values, float(expected), rtol=1e-9)


def test_tornado_bars_are_sorted_by_swing():
    subject = model({**SYMMETRIC, "launch_delay_years": {"distribution": "uniform", "low": "0", "high": "2"}})
    result = sensitivity.tornado(subject, {"discount_rate": (Decimal("0.09"), Decimal("0.13"))})
    swings = [row["swing"] for row in result.rows]
    assert swings == sorted(swings, reverse=True)
    assert {row["input"] for row in result.rows} == {
        "peak_sales",
        "development_cost_factor",
        "launch_delay_years",
        "discount_rate",
    }
    peak = next(row for row in result.rows if row["input"] == "peak_sales")
    assert peak["value_at_low"] < result.base < peak["value_at_high"]


@pytest.mark.parametrize("delay", ["0", "0.3", "1", "1.7", "2.5", "9"])
@pytest.mark.parametrize("tail", [0, 2])
def test_simulated_sales_match_the_deterministic_rows_at_any_delay(delay, tail):
    fixed = {"launch_delay_years": {"distribution": "uniform", "low": delay, "high": delay}}
    data = drug_model(uncertainty=fixed)
    data["commercial"]["post_exclusivity_years"] = tail
    data["phase_probabilities"] = dict.fromkeys(data["phase_probabilities"], "1")
    values = montecarlo.simulate(drug.parse_drug_model(data), paths=3, seed=1)
    expected = drug.drug_rnpv(drug.parse_drug_model({**data, "launch_delay_years": delay})).npv
    assert np.allclose(values, float(expected), rtol=1e-9)
