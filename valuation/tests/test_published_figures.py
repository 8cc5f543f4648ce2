"""The engine reproduces the published likelihood of approval from each published phase table."""

from decimal import Decimal

import pytest

from conftest import shared_data
from core.figures import phase_transition_tables
from valuation.figures import load_drug_model, phase_table
from valuation.methods import drug
from valuation.models import PhaseTransitionTable

from .samples import drug_model

# The source prints rates and the likelihood to three decimals (0.1 %); products agree within that rounding.
ROUNDING = Decimal("0.0005")


@pytest.fixture
def tables():
    shared_data("reference/figures.json")
    found = phase_transition_tables()
    assert len(found) >= 4, "figures.json lists the oncology and all-indications tables"
    return found


def test_likelihood_of_approval_is_the_product_of_the_published_rates(tables):
    for table in tables:
        assert table.likelihood_of_approval is not None
        product = Decimal(1)
        for rate in table.rates.values():
            product *= rate
        assert abs(product - table.likelihood_of_approval) <= ROUNDING, table


def test_the_engine_reproduces_each_published_likelihood_from_phase_one(tables):
    for table in tables:
        model = drug.parse_drug_model(
            drug_model(phase_probabilities={}),
            phase_table=drug.PhaseTable(table.dataset, table.group, table.rates, table.source),
        )
        result = drug.drug_rnpv(model)
        assert abs(result.likelihood_of_approval - table.likelihood_of_approval) <= ROUNDING, table
        assert any(table.dataset in source.key for source in result.sources)


@pytest.mark.django_db
def test_seeded_tables_match_figures_json(tables):
    for table in tables:
        row = PhaseTransitionTable.objects.get(dataset=table.dataset, indication_group=table.group)
        assert row.rates() == table.rates
        assert abs(row.likelihood_of_approval - table.likelihood_of_approval) <= ROUNDING


@pytest.mark.django_db
@pytest.mark.parametrize("group", ["oncology", "oncology_solid", "oncology_haematologic", "all_indications"])
def test_a_model_naming_its_indication_group_gets_that_table(tables, group):
    model = load_drug_model(drug_model(phase_probabilities={}, indication_group=group))
    expected = next(table for table in tables if table.group == group)
    assert model.probabilities == expected.rates


@pytest.mark.django_db
def test_the_operator_can_correct_a_table(tables):
    PhaseTransitionTable.objects.filter(indication_group="oncology", is_default=True).update(
        phase2_to_phase3=Decimal("0.5")
    )
    model = load_drug_model(drug_model(phase_probabilities={}, indication_group="oncology"))
    assert model.probabilities["phase2_to_phase3"] == Decimal("0.5")
    assert phase_table("oncology") is not None


@pytest.mark.django_db
def test_model_probabilities_override_the_table(tables):
    data = drug_model(indication_group="oncology", phase_probabilities={"phase2_to_phase3": "0.9"})
    model = load_drug_model(data)
    assert model.probabilities["phase2_to_phase3"] == Decimal("0.9")
    assert model.probabilities["phase1_to_phase2"] == Decimal("0.628")
