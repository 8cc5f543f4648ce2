import json
from decimal import Decimal
from pathlib import Path

import pytest

from core.errors import InvalidInput
from valuation.methods import cost, deals, drug, income, indicators, market, reconcile
from valuation.methods.results import FigureSource

WORKED = Path(__file__).resolve().parents[2] / "docs" / "valuation-worked-example.json"


def worked_model():
    return drug.parse_drug_model(json.loads(WORKED.read_text()))


def test_deal_pays_milestones_by_the_chance_and_date_of_their_event():
    sheet = deals.parse_term_sheet(
        {
            "upfront": "10000000",
            "milestones": [
                {"event": "filing", "amount": "5000000"},
                {"event": "approval", "amount": "20000000"},
            ],
            "royalty_tiers": [{"from": "0", "rate": "0.10"}, {"from": "80000000", "rate": "0.15"}],
            "royalty_years": 4,
        }
    )
    result = deals.value_deal(worked_model(), sheet)
    approval = Decimal("0.330424")
    royalty_first = Decimal(5000000)  # 10 % of 50M
    royalty_full = Decimal(8000000) + Decimal(3000000)  # 10 % of 80M + 15 % of the 20M above it
    expected = (
        Decimal(10000000)
        + Decimal(5000000) * Decimal("0.401") / Decimal("1.21")
        + (Decimal(20000000) + royalty_first) * approval / Decimal("1.331")
        + royalty_full * approval * sum(1 / Decimal("1.1") ** t for t in (4, 5, 6))
    )
    assert abs(result.licensor_value - expected) <= Decimal("0.01")
    assert result.licensee_value == result.asset_value - result.licensor_value
    assert [row["payment"] for row in result.rows][:3] == ["upfront", "filing", "approval"]


def test_deductible_payments_cost_the_licensee_less():
    base = {"upfront": "10000000", "royalty_tiers": [{"from": "0", "rate": "0.1"}]}
    plain = deals.value_deal(worked_model(), deals.parse_term_sheet(base))
    deductible = deals.value_deal(
        worked_model(), deals.parse_term_sheet({**base, "payments_tax_deductible": True})
    )
    assert deductible.licensee_value > plain.licensee_value
    assert deductible.licensor_value == plain.licensor_value


def test_a_milestone_for_a_stage_already_passed_is_refused():
    sheet = deals.parse_term_sheet({"milestones": [{"event": "phase2_start", "amount": "1"}]})
    with pytest.raises(InvalidInput):
        deals.value_deal(worked_model(), sheet)


def test_tiers_are_marginal():
    tiers = (deals.Tier(Decimal(0), Decimal("0.05")), deals.Tier(Decimal(100), Decimal("0.10")))
    assert deals.tiered_royalty(Decimal(150), tiers) == Decimal("10.00")  # 5 + 5


def test_relief_from_royalty_discounts_the_after_tax_royalty_saved():
    data = {
        "currency": "USD",
        "discount_rate": "0.10",
        "tax_rate": "0.2",
        "royalty_rate": {"low": "0.05", "point": "0.10", "high": "0.12"},
        "revenues": [{"year": 1, "amount": "1000"}, {"year": 2, "amount": "1210"}],
    }
    result = income.relief_from_royalty(data)
    assert result.value == Decimal("152.73")  # 1000·0.1·0.8/1.1 + 1210·0.1·0.8/1.21
    assert result.low < result.value < result.high


def test_relief_from_royalty_takes_the_stage_rate_and_range_from_figures():
    figures = {
        "preclinical": FigureSource(
            "licensing_royalty_rates.by_development_stage.preclinical", Decimal("0.113"), "Edwards"
        )
    }
    band = (
        FigureSource("low", Decimal("0.04"), "Corey & Kahn"),
        FigureSource("high", Decimal("0.12"), "Corey & Kahn"),
    )
    data = {
        "currency": "USD",
        "discount_rate": "0",
        "tax_rate": "0",
        "stage": "preclinical",
        "revenues": [{"year": 0, "amount": "1000"}],
    }
    result = income.relief_from_royalty(data, stage_rates=figures, royalty_range=band)
    assert (result.low, result.value, result.high) == (Decimal("40.00"), Decimal("113.00"), Decimal("120.00"))
    assert [source.source for source in result.sources] == ["Edwards", "Corey & Kahn", "Corey & Kahn"]


def test_dcf_takes_the_technology_share_of_cash_flow():
    data = {
        "currency": "CNY",
        "discount_rate": "0.10",
        "contribution_ratio": {"low": "0.2", "point": "0.25", "high": "0.3"},
        "cash_flows": [{"year": 1, "amount": "1100"}, {"year": 2, "amount": "1210"}],
    }
    result = income.dcf_contribution(data)
    assert (result.low, result.value, result.high) == (
        Decimal("400.00"),
        Decimal("500.00"),
        Decimal("600.00"),
    )


def test_market_approach_converts_and_adjusts_each_comparable():
    data = {
        "currency": "USD",
        "comparables": [
            {
                "name": "A",
                "value": "100",
                "currency": "USD",
                "adjustments": [
                    {"factor": "phase", "multiplier": "1.2", "reason": "later phase than the subject"},
                    {"factor": "territory", "multiplier": "0.5", "reason": "worldwide rights vs Asia only"},
                ],
            },
            {"name": "B", "value": "1000", "currency": "CNY", "fx_rate": "0.14"},
        ],
    }
    result = market.market_approach(data)
    assert [row["adjusted_value"] for row in result.rows] == [Decimal("60.0"), Decimal("140.00")]
    assert (result.low, result.value, result.median, result.high) == (
        Decimal("60.00"),
        Decimal("100.00"),
        Decimal("100.00"),
        Decimal("140.00"),
    )


def test_market_approach_needs_a_rate_for_another_currency():
    data = {"currency": "USD", "comparables": [{"value": "1000", "currency": "CNY"}]}
    with pytest.raises(InvalidInput, match="fx_rate"):
        market.market_approach(data)


def test_cost_approach_restates_marks_up_and_deducts_obsolescence():
    data = {
        "currency": "HKD",
        "cost_items": [
            {"description": "lab work", "amount": "1000", "index_factor": "1.1"},
            {"description": "filing fees", "amount": "500"},
        ],
        "developer_profit_rate": "0.25",
        "obsolescence": {
            "functional": "0.1",
            "economic": "0.2",
            "remaining_life_years": "15",
            "elapsed_life_years": "5",
        },
    }
    result = cost.cost_approach(data)
    assert result.gross_cost == Decimal("2000.00")
    assert result.value == Decimal("1080.00")  # 2000 · 0.9 · 0.8 · 15/20


def test_indicator_scores_roll_up_by_weight():
    nodes = [
        indicators.Node("A", None, "legal", Decimal("0.6")),
        indicators.Node("A1", "A", "claims", Decimal(1)),
        indicators.Node("A2", "A", "term", Decimal(3)),
        indicators.Node("B", None, "economic", Decimal("0.4")),
        indicators.Node("C", None, "ignored", Decimal(0)),
    ]
    result = indicators.score_tree(nodes, {"A1": Decimal(80), "A2": Decimal(40), "B": Decimal(100)})
    assert result.value == Decimal("70.00")  # 0.6 · (80/4 + 40·3/4) + 0.4 · 100
    assert result.by_first_level["A"] == Decimal(50)


def test_indicator_scores_must_be_complete_and_within_range():
    nodes = [indicators.Node("A", None, "a", Decimal(1)), indicators.Node("B", None, "b", Decimal(1))]
    with pytest.raises(InvalidInput, match="B"):
        indicators.score_tree(nodes, {"A": Decimal(50)})
    with pytest.raises(InvalidInput):
        indicators.score_tree(nodes, {"A": Decimal(50), "B": Decimal(101)})


def test_reconciliation_weighs_methods_and_places_the_score_in_the_range():
    values = [
        reconcile.MethodValue("rnpv", Decimal(80), Decimal(100), Decimal(120), Decimal(2)),
        reconcile.MethodValue("market", Decimal(50), Decimal(60), Decimal(70), Decimal(1)),
    ]
    plain = reconcile.reconcile(values, currency="USD")
    assert (plain.low, plain.value, plain.high) == (Decimal("70.00"), Decimal("86.67"), Decimal("103.33"))
    scored = reconcile.reconcile(values, currency="USD", indicator_score=Decimal(100))
    assert scored.value == Decimal("95.00")  # (86.67 + 103.33) / 2
    assert scored.monetary_point == plain.value


def test_reconciliation_needs_a_weighted_method():
    with pytest.raises(InvalidInput):
        reconcile.reconcile(
            [reconcile.MethodValue("x", Decimal(1), Decimal(1), Decimal(1), Decimal(0))], currency="USD"
        )
