import datetime
from decimal import Decimal

from valuation.methods import drug
from valuation.methods.simple import parse_simple_model, simple_rnpv

from .samples import drug_model, simple_model


def value(data):
    return drug.drug_rnpv(drug.parse_drug_model(data))


def test_simple_form_weights_and_discounts_each_cash_flow():
    # -1000 + 0.5 · 550 / 1.1 + 0.4 · 1210 / 1.21 = -1000 + 250 + 400
    result = simple_rnpv(parse_simple_model(simple_model()))
    assert result.value == Decimal("-350.00")
    assert result.npv == Decimal("500.00")  # -1000 + 500 + 1000


def test_year_zero_is_not_discounted():
    data = simple_model()
    data["cash_flows"] = [{"year": 0, "amount": "123.45", "probability": "1"}]
    assert simple_rnpv(parse_simple_model(data)).value == Decimal("123.45")


def test_all_probabilities_one_give_the_plain_npv():
    data = drug_model()
    data["phase_probabilities"] = dict.fromkeys(data["phase_probabilities"], "1")
    result = value(data)
    assert result.value == result.npv
    plain = sum(row["cash_flow"] / Decimal("1.11") ** row["year"] for row in result.rows)
    assert abs(result.npv - plain) < Decimal("0.01")
    assert result.likelihood_of_approval == 1


def test_costs_of_later_stages_are_weighted_by_the_chance_of_reaching_them():
    result = value(drug_model())
    chances = {row["stage"]: row["probability"] for row in result.rows}
    assert chances["phase1"] == 1
    assert chances["phase2"] == Decimal("0.6")
    assert chances["phase3"] == Decimal("0.6") * Decimal("0.35")
    assert chances["filing"] == Decimal("0.6") * Decimal("0.35") * Decimal("0.55")
    assert chances["commercial"] == result.likelihood_of_approval == Decimal("0.098175")


def test_fractional_phase_costs_are_spread_over_their_years():
    rows = [row for row in value(drug_model()).rows if row["stage"] == "phase1"]
    assert [row["year"] for row in rows] == [0, 1]
    assert [row["cash_flow"] for row in rows] == [Decimal(-8000000), Decimal(-4000000)]


def test_launch_follows_the_last_stage_and_sales_ramp_up():
    result = value(drug_model())
    sales = [row for row in result.rows if row["stage"] == "commercial"]
    assert result.launch_year == Decimal("7.5")
    assert sales[0]["year"] == Decimal("7.5")
    assert sales[0]["revenue"] == Decimal(200000000)  # a quarter of peak in the first of four ramp years
    assert sales[3]["revenue"] == Decimal(800000000)


def test_sales_lose_exclusivity_at_the_expiry_date():
    result = value(drug_model())
    expiry = result.expiry_year
    after = [row for row in result.rows if row["stage"] == "commercial" and row["year"] >= expiry]
    before = [row for row in result.rows if row["stage"] == "commercial" and row["year"] + 1 <= expiry]
    assert after and before
    assert all(row["exclusive_share"] == 0 for row in after)
    assert after[-1]["year"] < expiry + 2  # two post-exclusivity years, then the model stops
    last_exclusive = before[-1]
    assert after[0]["revenue"] < last_exclusive["revenue"] * Decimal("0.26")


def test_an_earlier_expiry_lowers_the_value():
    later = value(drug_model()).value
    earlier = value(drug_model(expiry_date="2038-03-31")).value
    assert earlier < later


def test_a_launch_delay_lowers_the_value():
    assert value(drug_model(launch_delay_years="1")).value < value(drug_model()).value


def test_cash_flows_are_after_tax_only_when_profitable():
    data = drug_model()
    data["commercial"]["cost_of_goods_rate"] = "0.7"
    data["commercial"]["selling_cost_rate"] = "0.4"
    sales = [row for row in value(data).rows if row["stage"] == "commercial"]
    assert all(row["tax"] == 0 and row["cash_flow"] < 0 for row in sales)


def test_an_approved_drug_has_no_development_and_certain_sales():
    data = drug_model(current_phase="approved", development=[], phase_probabilities={})
    result = value(data)
    assert result.likelihood_of_approval == 1
    assert {row["stage"] for row in result.rows} == {"commercial"}
    assert result.value == result.npv > 0


def test_valuation_date_defaults_to_today():
    data = drug_model()
    del data["valuation_date"]
    model = drug.parse_drug_model(data, today=datetime.date(2030, 1, 1))
    assert model.valuation_date == datetime.date(2030, 1, 1)


def test_result_carries_inputs_formula_rows_and_sources():
    result = value(drug_model()).to_dict()
    assert result["value"] == str(value(drug_model()).value)
    assert "P(reach stage)" in result["formula"]
    assert result["inputs"]["model"]["commercial"]["peak_sales"] == "800000000"
    assert {source["source"] for source in result["sources"]} == {"model input"}
    assert len(result["rows"]) > 10
