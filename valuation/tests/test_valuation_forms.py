"""The valuation forms: a new draft, its inputs (the rNPV model form with registry defaults, JSON methods),
the rNPV calculator and the deal page; bad input gets an error on its field and changes nothing."""

import json
from decimal import Decimal
from pathlib import Path

import pytest
from django.urls import reverse

from assets.models import BiomedicalProfile, Indication
from tests.factories import make_asset
from valuation import figures, services
from valuation.calculator import calculate_deal, calculate_rnpv
from valuation.calculator_views import example_model
from valuation.models import Valuation
from valuation.rnpv_form import initial_from_model
from valuation.runner import MAX_PATHS
from valuation.templatetags.valuation_tags import amount

pytestmark = pytest.mark.django_db
DOCS = Path(__file__).resolve().parents[2] / "docs"
TERM_SHEET = {
    "upfront": "20000000",
    "milestones": [
        {"event": "phase3_start", "amount": "30000000"},
        {"event": "approval", "amount": "80000000"},
    ],
    "royalty_tiers": [{"from": "0", "rate": "0.08"}, {"from": "500000000", "rate": "0.12"}],
    "payments_tax_deductible": False,
}


def form_data(initial: dict, prefix: str = "") -> dict:
    return {
        f"{prefix}-{key}" if prefix else key: value for key, value in initial.items() if value is not None
    }


def example_without_expiry() -> dict:
    model = example_model()
    del model["expiry_date"], model["uncertainty"]
    return model


@pytest.fixture
def asset(alice_org):
    asset = make_asset(alice_org, number="CN998A", visibility="confidential")
    profile = BiomedicalProfile.objects.create(
        asset=asset, drug_name="Harbourmab", phase=BiomedicalProfile.Phase.PHASE_2
    )
    indication, _created = Indication.objects.get_or_create(
        code="test-nsclc",
        defaults={
            "name_en": "NSCLC",
            "name_zh_hans": "非小细胞肺癌",
            "name_zh_hant": "非小細胞肺癌",
            "group": "oncology_solid",
        },
    )
    profile.indications.add(indication)
    return asset


@pytest.fixture
def draft(asset, alice):
    return services.create_valuation(
        asset=asset, by=alice, purpose="licensing", methods=["rnpv"], inputs={}, currency="USD"
    )


# -- a new valuation -------------------------------------------------------------------------------------


def test_the_owner_creates_a_draft_and_is_sent_to_its_inputs(client_as, alice, asset):
    data = {"asset": asset.pk, "purpose": "licensing", "methods": ["rnpv", "cost"], "currency": "USD"}
    response = client_as(alice).post(reverse("valuation:create"), data)
    valuation = Valuation.objects.get()
    assert response.status_code == 302 and response.url == reverse("valuation:inputs", args=[valuation.pk])
    assert (valuation.methods, valuation.status, valuation.version) == (["rnpv", "cost"], "draft", 1)


def test_an_outsider_cannot_choose_someone_elses_asset(client_as, charlie, asset):
    data = {"asset": asset.pk, "purpose": "licensing", "methods": ["cost"], "currency": "USD"}
    page = client_as(charlie).post(reverse("valuation:create"), data).content.decode()
    assert "Select a valid choice." in page
    assert "CN998A" not in page
    assert not Valuation.objects.exists()


def test_a_draft_needs_a_method(client_as, alice, asset):
    data = {"asset": asset.pk, "purpose": "licensing", "currency": "USD"}
    assert client_as(alice).post(reverse("valuation:create"), data).status_code == 200
    assert not Valuation.objects.exists()


# -- inputs ----------------------------------------------------------------------------------------------


def test_the_rnpv_form_starts_from_the_registry_and_the_figures(client_as, alice, draft):
    page = client_as(alice).get(reverse("valuation:inputs", args=[draft.pk])).content.decode()
    assert '<option value="phase2" selected>' in page  # the profile's phase 2
    assert '<option value="oncology_solid" selected>' in page  # the indication's group
    tax = figures.tax_rate()
    if tax is not None:
        assert f'placeholder="{tax.value}"' in page
    table = figures.phase_table("oncology_solid")
    if table is not None:
        assert f'placeholder="{table.rates["phase2_to_phase3"]}"' in page
    assert draft.asset.expiry_date.isoformat() in page  # the registry's expiry, used when left blank


def test_saving_and_running_the_rnpv_form(client_as, bob, draft):
    initial, left_out = initial_from_model(example_without_expiry())
    assert left_out == []
    data = {**form_data(initial, "rnpv"), "methods": ["rnpv"], "run": "1"}
    response = client_as(bob).post(reverse("valuation:inputs", args=[draft.pk]), data)
    assert response.status_code == 302, response.content.decode()[:2000]
    draft.refresh_from_db()
    model = draft.inputs["rnpv"]["model"]
    assert "expiry_date" not in model  # left to the registry, so that it follows the registry
    expected = calculate_rnpv(
        {**model, "expiry_date": draft.asset.expiry_date.isoformat()},
        paths=None,
        seed=None,
        max_paths=MAX_PATHS,
    )
    assert draft.conclusion_point == Decimal(expected["rnpv"])


def test_a_missing_input_is_shown_on_its_field_and_nothing_is_saved(client_as, alice, draft):
    initial, _left_out = initial_from_model(example_without_expiry())
    initial.pop("peak_sales")
    data = {**form_data(initial, "rnpv"), "methods": ["rnpv"], "run": "1"}
    response = client_as(alice).post(reverse("valuation:inputs", args=[draft.pk]), data)
    assert response.status_code == 200
    page = response.content.decode()
    assert "This field is required." in page
    draft.refresh_from_db()
    assert draft.inputs == {} and draft.runs.count() == 0


def test_an_error_found_on_running_is_shown_and_the_inputs_are_kept(client_as, alice, alice_org):
    asset = make_asset(alice_org, number="CN999A", application_date=None)  # no expiry on record
    assert asset.expiry_date is None
    draft = services.create_valuation(
        asset=asset, by=alice, purpose="licensing", methods=["rnpv"], inputs={}, currency="USD"
    )
    initial, _left_out = initial_from_model(example_without_expiry())
    data = {**form_data(initial, "rnpv"), "methods": ["rnpv"], "run": "1"}
    page = client_as(alice).post(reverse("valuation:inputs", args=[draft.pk]), data).content.decode()
    assert "The asset has no expiry date on record" in page
    draft.refresh_from_db()
    assert "rnpv" in draft.inputs and draft.conclusion_point is None


def test_json_methods_and_their_errors(client_as, alice, draft):
    url = reverse("valuation:inputs", args=[draft.pk])
    bad = {"methods": ["cost"], "json_cost": '{"currency": "USD", "cost_items": [', "run": "1"}
    assert "This is not valid JSON" in client_as(alice).post(url, bad).content.decode()
    wrong = {
        "methods": ["cost"],
        "json_cost": json.dumps({"currency": "USD", "cost_items": [{"description": "x", "amount": "abc"}]}),
        "run": "1",
    }
    assert "is not a number" in client_as(alice).post(url, wrong).content.decode()
    draft.refresh_from_db()
    assert draft.conclusion_point is None
    good = {
        "methods": ["cost"],
        "json_cost": json.dumps({"currency": "USD", "cost_items": [{"description": "x", "amount": "2500"}]}),
        "run": "1",
    }
    assert client_as(alice).post(url, good).status_code == 302
    draft.refresh_from_db()
    assert draft.conclusion_point == Decimal("2500.00") and draft.methods == ["cost"]


def test_the_rnpv_model_can_be_edited_as_json(client_as, alice, draft):
    model = example_model()  # with its uncertainty block and expiry date
    data = {"methods": ["rnpv"], "rnpvjson-use_json": "on", "rnpvjson-model": json.dumps(model), "run": "1"}
    assert client_as(alice).post(reverse("valuation:inputs", args=[draft.pk]), data).status_code == 302
    draft.refresh_from_db()
    assert draft.inputs["rnpv"]["model"] == model
    expected = calculate_rnpv(model, paths=None, seed=None, max_paths=MAX_PATHS)
    assert draft.conclusion_point == Decimal(expected["rnpv"])


# -- the rNPV calculator ---------------------------------------------------------------------------------


def test_the_calculator_gives_the_engines_figure_with_its_inputs_formula_sources_and_charts(client):
    worked = json.loads((DOCS / "valuation-worked-example.json").read_text())
    data = {"json-use_json": "on", "json-model": json.dumps(worked)}
    page = client.post(reverse("valuation:calculator"), data).content.decode()
    assert "-27,641,001.83" in page  # docs/valuation-worked-example.md
    assert "rNPV = Σ_stages" in page and "<svg" in page
    assert "phase_probabilities.phase3_to_filing" in page  # the sources table


def test_the_calculator_form_with_monte_carlo(client):
    initial, _left_out = initial_from_model(example_model())
    data = {**form_data(initial), "paths": "2000", "seed": "7"}
    response = client.post(reverse("valuation:calculator"), data)
    page = response.content.decode()
    expected = calculate_rnpv(example_model(), paths=2000, seed=7, max_paths=MAX_PATHS)
    assert amount(expected["rnpv"]) in page
    assert amount(expected["monte_carlo"]["mean"]) in page
    assert page.count("<svg") >= 3  # cash flows, histogram, tornado


def test_the_calculator_refuses_a_bad_rate_without_a_result(client):
    initial, _left_out = initial_from_model(example_model())
    page = client.post(
        reverse("valuation:calculator"), {**form_data(initial), "discount_rate": "1.5"}
    ).content.decode()
    assert "Ensure this value is less than or equal to 0.99." in page
    assert 'id="result"' not in page


# -- deal economics --------------------------------------------------------------------------------------


def term_sheet_form(sheet: dict) -> dict:
    from valuation.deal_form import initial_from_term_sheet

    return form_data(initial_from_term_sheet(sheet))


def test_anyone_values_a_term_sheet_on_a_model(client):
    model = example_model()
    data = {**term_sheet_form(TERM_SHEET), "model": json.dumps(model)}
    data.pop("payments_tax_deductible")
    page = client.post(reverse("valuation:deal"), data).content.decode()
    expected = calculate_deal(model, TERM_SHEET)
    assert amount(expected["licensor_value"]) in page
    assert amount(expected["licensee_value"]) in page


def test_a_milestone_without_an_amount_is_refused(client):
    data = {"m0_event": "approval", "model": json.dumps(example_model())}
    page = client.post(reverse("valuation:deal"), data).content.decode()
    assert "Give both the event and the amount, or neither." in page
    assert 'id="result"' not in page


def test_saving_a_term_sheet_to_a_valuation(client_as, users, draft):
    draft.inputs = {"rnpv": {"model": example_model()}}
    draft.save()
    url = f"{reverse('valuation:deal')}?valuation={draft.pk}"
    data = {**term_sheet_form(TERM_SHEET), "save": "1"}
    data.pop("payments_tax_deductible")
    assert client_as(users["outsider"]).post(url, data).status_code == 404
    draft.refresh_from_db()
    assert "deal" not in draft.inputs
    assert client_as(users["participant"]).post(url, data).status_code == 302
    draft.refresh_from_db()
    assert draft.methods == ["rnpv", "deal"]
    assert draft.inputs["deal"]["term_sheet"]["milestones"] == TERM_SHEET["milestones"]
    assert draft.inputs["rnpv"]["model"] == example_model()
