"""Bad models are refused with a message that names the field; nothing is computed from them."""

import pytest

from core.errors import InvalidInput
from valuation.methods import drug
from valuation.methods.simple import parse_simple_model

from .samples import drug_model, simple_model


def refused(data, parse=drug.parse_drug_model):
    with pytest.raises(InvalidInput) as caught:
        parse(data)
    return caught.value


def test_negative_duration_is_refused():
    data = drug_model()
    data["development"][1]["duration_years"] = "-1"
    error = refused(data)
    assert error.field == "development[1].duration_years"
    assert "cannot be negative" in error.detail


@pytest.mark.parametrize("bad", ["1.2", "-0.1"])
def test_probability_outside_zero_and_one_is_refused(bad):
    data = drug_model()
    data["phase_probabilities"]["phase2_to_phase3"] = bad
    assert "between 0 and 1" in refused(data).detail


def test_probability_in_the_simple_form_is_checked_too():
    data = simple_model()
    data["cash_flows"][1]["probability"] = "1.5"
    assert refused(data, parse_simple_model).field == "cash_flows[1].probability"


def test_unknown_currency_is_refused():
    assert "Unknown currency" in refused(drug_model(currency="XYZ")).detail
    data = simple_model()
    data["currency"] = "ABC"
    assert refused(data, parse_simple_model).field == "currency"


def test_floats_are_refused_because_they_are_not_exact():
    data = drug_model()
    data["commercial"]["peak_sales"] = 800000000.0
    assert "not a float" in refused(data).detail
    simple = simple_model()
    simple["cash_flows"][0]["amount"] = -1000.5
    assert "not a float" in refused(simple, parse_simple_model).detail


@pytest.mark.parametrize("field", ["currency", "discount_rate", "current_phase", "commercial"])
def test_missing_top_level_fields_are_named(field):
    data = drug_model()
    del data[field]
    error = refused(data)
    assert field in error.detail


def test_missing_commercial_field_is_named_with_its_path():
    data = drug_model()
    del data["commercial"]["peak_sales"]
    assert refused(data).field == "commercial.peak_sales"


def test_missing_cash_flows_are_refused():
    assert refused({"currency": "USD", "discount_rate": "0.1"}, parse_simple_model).field == "cash_flows"


def test_development_must_run_from_the_current_phase_to_filing():
    data = drug_model()
    data["development"].pop(2)
    assert refused(data).field == "development"


def test_a_missing_probability_without_a_table_is_refused():
    data = drug_model()
    del data["phase_probabilities"]["phase3_to_filing"]
    assert "phase3_to_filing" in refused(data).detail


def test_discount_rate_of_one_or_more_is_refused():
    assert refused(drug_model(discount_rate="1.1")).field == "discount_rate"


def test_whole_years_are_required_for_sales_years():
    data = drug_model()
    data["commercial"]["ramp_up_years"] = "2.5"
    assert "whole number" in refused(data).detail


def test_a_badly_ordered_distribution_is_refused():
    data = drug_model(
        uncertainty={"peak_sales": {"distribution": "triangular", "low": "9", "mode": "1", "high": "5"}}
    )
    assert refused(data).field == "uncertainty.peak_sales"


def test_a_model_that_is_not_an_object_is_refused():
    assert refused([1, 2, 3]).detail
