"""Model dictionaries for the tests, built fresh each time so a test can change them."""

import copy

DRUG_MODEL = {
    "currency": "USD",
    "discount_rate": "0.11",
    "valuation_date": "2026-01-01",
    "current_phase": "phase1",
    "phase_probabilities": {
        "phase1_to_phase2": "0.6",
        "phase2_to_phase3": "0.35",
        "phase3_to_filing": "0.55",
        "filing_to_approval": "0.85",
    },
    "development": [
        {"phase": "phase1", "duration_years": "1.5", "cost": "12000000"},
        {"phase": "phase2", "duration_years": "2", "cost": "40000000"},
        {"phase": "phase3", "duration_years": "3", "cost": "150000000"},
        {"phase": "filing", "duration_years": "1", "cost": "5000000"},
    ],
    "expiry_date": "2042-03-31",
    "commercial": {
        "peak_sales": "800000000",
        "ramp_up_years": 4,
        "peak_years": 3,
        "decline_rate": "0.04",
        "loss_of_exclusivity_erosion": "0.75",
        "post_exclusivity_years": 2,
        "cost_of_goods_rate": "0.15",
        "selling_cost_rate": "0.25",
        "tax_rate": "0.165",
    },
}

SIMPLE_MODEL = {
    "currency": "USD",
    "discount_rate": "0.10",
    "cash_flows": [
        {"year": 0, "amount": "-1000", "probability": "1"},
        {"year": 1, "amount": "550", "probability": "0.5"},
        {"year": 2, "amount": "1210", "probability": "0.4"},
    ],
}


def drug_model(**changes) -> dict:
    data = copy.deepcopy(DRUG_MODEL)
    for key, value in changes.items():
        data[key] = value
    return data


def simple_model() -> dict:
    return copy.deepcopy(SIMPLE_MODEL)
