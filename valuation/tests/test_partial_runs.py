"""A valuation starts where the user is: it runs with the methods whose inputs are complete and says what the
others still need; a wrong input is still refused, and a final report leaves out no chosen method."""

import re

import pytest

from core.errors import Conflict, InvalidInput
from tests.factories import make_asset
from valuation import services
from valuation.models import Valuation

pytestmark = pytest.mark.django_db

COST = {"currency": "USD", "cost_items": [{"description": "trials", "amount": "64000000"}]}


@pytest.fixture
def valuation(alice, alice_org):
    asset = make_asset(alice_org, number="CN901A", visibility="confidential")
    return services.create_valuation(
        asset=asset,
        by=alice,
        purpose="licensing",
        methods=["cost", "indicators", "market"],
        inputs={"cost": COST, "indicators": {"scores": {}}},
        currency="USD",
    )


def _run(valuation, alice) -> Valuation:
    services.run_valuation(valuation=valuation, by=alice)
    valuation.refresh_from_db()
    return valuation


def test_a_run_goes_ahead_without_the_expert_scores(valuation, alice):
    valuation = _run(valuation, alice)
    assert valuation.conclusion_point is not None
    assert "cost" in valuation.outputs
    assert valuation.runs.count() == 1


def test_the_run_says_which_indicator_scores_are_still_missing(valuation, alice):
    pending = _run(valuation, alice).outputs["pending"]
    assert "indicators" in pending
    assert "have no score" in pending["indicators"]["detail"]
    assert pending["indicators"]["field"].startswith("indicators")


def test_a_method_without_any_inputs_waits_for_them(valuation, alice):
    pending = _run(valuation, alice).outputs["pending"]
    assert pending["market"]["field"] == "inputs.market"


def test_a_wrong_input_is_still_refused_and_changes_nothing(valuation, alice):
    services.update_inputs(
        valuation=valuation, by=alice, inputs={"cost": {**COST, "cost_items": [{"amount": 1.5}]}}
    )
    with pytest.raises(InvalidInput):
        services.run_valuation(valuation=valuation, by=alice)
    valuation.refresh_from_db()
    assert valuation.conclusion_point is None and valuation.runs.count() == 0


def test_nothing_to_run_at_all_is_refused_with_what_is_missing(alice, alice_org):
    asset = make_asset(alice_org, number="CN902A")
    valuation = services.create_valuation(
        asset=asset, by=alice, purpose="licensing", methods=["market"], inputs={}, currency="USD"
    )
    with pytest.raises(InvalidInput, match="inputs"):
        services.run_valuation(valuation=valuation, by=alice)
    valuation.refresh_from_db()
    assert valuation.runs.count() == 0


def test_finalising_with_methods_still_waiting_is_refused(valuation, alice):
    valuation = _run(valuation, alice)
    with pytest.raises(Conflict, match="GB/T 42748"):
        services.finalise_valuation(valuation=valuation, by=alice)
    valuation.refresh_from_db()
    assert valuation.status == Valuation.Status.DRAFT


def test_the_valuation_page_lists_what_each_waiting_method_needs(client, valuation, alice):
    _run(valuation, alice)
    client.force_login(alice)
    html = client.get(f"/valuations/{valuation.pk}/").content.decode()
    assert 'id="pending-methods"' in html
    assert "Market approach (comparable deals)" in html


def test_outsider_does_not_see_the_waiting_methods(client, valuation, alice, charlie):
    _run(valuation, alice)
    client.force_login(charlie)
    assert client.get(f"/valuations/{valuation.pk}/").status_code == 404


def test_the_valuation_page_draws_the_rnpv_charts(client, alice, alice_org):
    import json
    from pathlib import Path

    worked = json.loads(
        (Path(__file__).resolve().parents[2] / "docs" / "valuation-worked-example.json").read_text()
    )
    asset = make_asset(alice_org, number="CN903A")
    valuation = services.create_valuation(
        asset=asset,
        by=alice,
        purpose="licensing",
        methods=["rnpv"],
        inputs={"rnpv": {"model": worked, "paths": 500, "seed": 1}},
        currency="USD",
    )
    rnpv = _run(valuation, alice).outputs["rnpv"]
    client.force_login(alice)
    html = client.get(f"/valuations/{valuation.pk}/").content.decode()
    captions = re.findall(r"<figcaption>(.*?)</figcaption>\s*<svg", html[html.index('id="charts"') :])
    expected = ["Cash flows", "Distribution of the net present value (Monte Carlo)"]
    if rnpv["tornado"]["rows"]:  # only inputs with a stated range have a bar
        expected.append("Sensitivity (tornado)")
    assert captions == expected


def test_a_valuation_without_an_rnpv_shows_no_empty_charts(client, valuation, alice):
    _run(valuation, alice)
    client.force_login(alice)
    assert 'id="charts"' not in client.get(f"/valuations/{valuation.pk}/").content.decode()


def test_what_a_method_needs_is_told_in_the_readers_language(client, valuation, alice):
    _run(valuation, alice)  # run in English
    client.force_login(alice)
    html = client.get(f"/valuations/{valuation.pk}/", HTTP_ACCEPT_LANGUAGE="zh-hans").content.decode()
    pending = html[html.index('id="pending-methods"') :]
    assert "have no score" not in pending
    assert "E1.1" in pending
