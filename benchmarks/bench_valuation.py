"""Valuation benchmark: rNPV Monte Carlo of 10,000 paths per asset, and 10,000 assets revalued.

Targets (DESIGN.md): ≤ 20 ms per asset for 10,000 paths; 10,000 assets revalued ≤ 2 minutes.
The models are synthetic (seeded, varied phase, costs, sales, expiry and uncertainty); revaluing one asset
means parsing its model, the deterministic rNPV and a 10,000-path Monte Carlo, all in one process.

    python -m benchmarks.bench_valuation [--assets N] [--paths N]
"""

import argparse
import os
import random
import statistics
import time

import django

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "ipharbour.settings")
django.setup()

from benchmarks.report import table, write_section  # noqa: E402
from valuation.methods import drug, montecarlo  # noqa: E402

PHASES = ["phase1", "phase2", "phase3", "filing"]
# Synthetic rates of the same order as the published all-indications table; the benchmark times the engine,
# it does not value anything.
RATES = {
    "phase1_to_phase2": "0.63",
    "phase2_to_phase3": "0.31",
    "phase3_to_filing": "0.58",
    "filing_to_approval": "0.85",
}
TRANSITION = {
    "phase1": "phase1_to_phase2",
    "phase2": "phase2_to_phase3",
    "phase3": "phase3_to_filing",
    "filing": "filing_to_approval",
}


def synthetic_model(rng: random.Random) -> dict:
    start = rng.randrange(len(PHASES))
    stages = PHASES[start:]
    peak = rng.randrange(100, 2000) * 1_000_000
    return {
        "currency": rng.choice(["USD", "CNY", "HKD"]),
        "discount_rate": f"0.{rng.randrange(8, 15):02d}",
        "valuation_date": "2026-01-01",
        "current_phase": stages[0],
        "phase_probabilities": {TRANSITION[s]: RATES[TRANSITION[s]] for s in stages},
        "development": [
            {
                "phase": s,
                "duration_years": str(rng.choice([1, 1.5, 2, 3])),
                "cost": str(rng.randrange(5, 200) * 1_000_000),
            }
            for s in stages
        ],
        "expiry_date": f"{rng.randrange(2034, 2046)}-{rng.randrange(1, 13):02d}-15",
        "commercial": {
            "peak_sales": str(peak),
            "ramp_up_years": rng.randrange(2, 7),
            "peak_years": rng.randrange(1, 6),
            "decline_rate": "0.05",
            "loss_of_exclusivity_erosion": "0.8",
            "post_exclusivity_years": rng.randrange(0, 5),
            "cost_of_goods_rate": "0.15",
            "selling_cost_rate": "0.25",
            "tax_rate": "0.165",
        },
        "uncertainty": {
            "peak_sales": {
                "distribution": "triangular",
                "low": str(peak // 2),
                "mode": str(peak),
                "high": str(peak * 3 // 2),
            },
            "development_cost_factor": {"distribution": "normal", "mean": "1", "sd": "0.15"},
            "launch_delay_years": {"distribution": "triangular", "low": "0", "mode": "0", "high": "2"},
        },
    }


def time_per_asset(models: list[dict], paths: int) -> list[float]:
    timings = []
    for index, data in enumerate(models):
        model = drug.parse_drug_model(data)
        started = time.perf_counter()
        montecarlo.monte_carlo(model, paths=paths, seed=index)
        timings.append((time.perf_counter() - started) * 1000)
    return timings


def revalue_all(models: list[dict], paths: int) -> float:
    started = time.perf_counter()
    for index, data in enumerate(models):
        model = drug.parse_drug_model(data)
        drug.drug_rnpv(model)
        montecarlo.monte_carlo(model, paths=paths, seed=index)
    return time.perf_counter() - started


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--assets", type=int, default=10_000)
    parser.add_argument("--paths", type=int, default=10_000)
    parser.add_argument("--sample", type=int, default=300, help="assets timed one by one")
    args = parser.parse_args()
    rng = random.Random(20260101)
    models = [synthetic_model(rng) for _ in range(args.assets)]
    timings = time_per_asset(models[: args.sample], args.paths)
    median, p95 = statistics.median(timings), statistics.quantiles(timings, n=20)[-1]
    total = revalue_all(models, args.paths)
    rows: list[list[object]] = [
        [
            f"Monte Carlo, {args.paths:,} paths, per asset (median of {args.sample})",
            f"{median:.2f} ms",
            "≤ 20 ms",
            "yes" if median <= 20 else "NO",
        ],
        [
            f"Monte Carlo, {args.paths:,} paths, per asset (p95 of {args.sample})",
            f"{p95:.2f} ms",
            "≤ 20 ms",
            "yes" if p95 <= 20 else "NO",
        ],
        [
            f"{args.assets:,} assets revalued (parse + rNPV + Monte Carlo)",
            f"{total:.1f} s",
            "≤ 120 s",
            "yes" if total <= 120 else "NO",
        ],
        ["throughput", f"{args.assets / total:,.0f} assets/s", "", ""],
    ]
    body = table(["measure", "result", "target", "met"], rows) + (
        "\n\nSynthetic drug models (seeded): phase 1 to filing, triangular peak sales, normal cost factor, "
        "triangular launch delay, Bernoulli phase success; one process on one core; "
        "`python -m benchmarks.bench_valuation`."
    )
    write_section("valuation", "Valuation: rNPV Monte Carlo", body)
    print(body)


if __name__ == "__main__":
    main()
