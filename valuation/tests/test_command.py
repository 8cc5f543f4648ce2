import json
from decimal import Decimal
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from .samples import drug_model, simple_model

WORKED = Path(__file__).resolve().parents[2] / "docs" / "valuation-worked-example.json"


def run(*args) -> str:
    out = StringIO()
    call_command("value", "rnpv", *args, stdout=out)
    return out.getvalue()


def write(tmp_path, data) -> str:
    path = tmp_path / "model.json"
    path.write_text(json.dumps(data))
    return str(path)


@pytest.mark.django_db
def test_json_output_ends_with_the_rnpv_as_a_decimal_string():
    result = json.loads(run(str(WORKED), "--json").strip().splitlines()[-1])
    assert result["rnpv"] == "-27641001.83"
    assert result["inputs"]["model"]["current_phase"] == "phase3"
    assert "percentiles" not in result


@pytest.mark.django_db
def test_monte_carlo_adds_percentiles_and_repeats_with_a_seed(tmp_path):
    path = write(tmp_path, drug_model())
    first = json.loads(run(path, "--json", "--paths", "10000", "--seed", "4").splitlines()[-1])
    second = json.loads(run(path, "--json", "--paths", "10000", "--seed", "4").splitlines()[-1])
    assert first["percentiles"] == second["percentiles"]
    assert set(first["percentiles"]) == {"P5", "P10", "P25", "P50", "P75", "P90", "P95"}
    assert first["monte_carlo"]["paths"] == 10000
    assert Decimal(first["rnpv"]) == Decimal(first["monte_carlo"]["deterministic"])


@pytest.mark.django_db
def test_simple_form_is_accepted(tmp_path):
    result = json.loads(run(write(tmp_path, simple_model()), "--json").splitlines()[-1])
    assert result["rnpv"] == "-350.00"


@pytest.mark.django_db
def test_human_output_is_a_table_with_the_rnpv():
    text = run(str(WORKED))
    assert "rNPV: USD -27,641,001.83" in text
    assert "commercial" in text


@pytest.mark.django_db
def test_a_bad_model_is_a_clear_error(tmp_path):
    data = drug_model()
    data["development"][0]["duration_years"] = "-2"
    with pytest.raises(CommandError, match="cannot be negative"):
        run(write(tmp_path, data))


@pytest.mark.django_db
def test_floats_in_the_file_are_refused(tmp_path):
    path = tmp_path / "float.json"
    path.write_text(
        '{"currency": "USD", "discount_rate": 0.1, "cash_flows": [{"year": 0, "amount": "1", "probability": "1"}]}'
    )
    with pytest.raises(CommandError, match="decimal string"):
        run(str(path))


def test_a_missing_file_is_a_clear_error():
    with pytest.raises(CommandError, match="Cannot read"):
        run("/nonexistent/model.json")
