"""docs/valuation-worked-example.md computes an rNPV by hand; the engine must give the same figure."""

import json
import re
from decimal import Decimal
from pathlib import Path

from valuation.methods import drug

DOC = Path(__file__).resolve().parents[2] / "docs" / "valuation-worked-example.md"
HAND_RNPV = Decimal("-27641001.83")
HAND_NPV = Decimal("33111247.65")


def test_the_page_states_the_hand_figures_this_test_checks():
    text = DOC.read_text()
    assert "**rNPV = USD −27,641,001.83**" in text
    assert "**USD 33,111,247.65**" in text


def test_the_engine_equals_the_hand_computation():
    model_json = re.findall(r"```json\n(.*?)```", DOC.read_text(), re.S)[0]
    result = drug.drug_rnpv(drug.parse_drug_model(json.loads(model_json)))
    assert result.value == HAND_RNPV
    assert result.npv == HAND_NPV
    assert result.likelihood_of_approval == Decimal("0.330424")


def test_the_json_file_beside_the_page_is_the_same_model():
    model_json = re.findall(r"```json\n(.*?)```", DOC.read_text(), re.S)[0]
    assert json.loads(DOC.with_suffix(".json").read_text()) == json.loads(model_json)
