"""Valuation records: create, run, reconcile, finalise, share, and who sees them."""

import json
from decimal import Decimal
from pathlib import Path

import pytest
from django.urls import reverse

from core.errors import Conflict, Forbidden, InvalidInput, NotFound
from core.events import events_for
from tests.factories import make_asset
from valuation import services
from valuation.models import Valuation

WORKED = json.loads(
    (Path(__file__).resolve().parents[2] / "docs" / "valuation-worked-example.json").read_text()
)
pytestmark = pytest.mark.django_db


def inputs(**extra):
    return {
        "rnpv": {"model": WORKED, "paths": 2000, "seed": 1},
        "cost": {"currency": "USD", "cost_items": [{"description": "trials", "amount": "64000000"}]},
        **extra,
    }


@pytest.fixture
def asset(alice_org):
    return make_asset(alice_org, number="CN900A", visibility="confidential")


@pytest.fixture
def valuation(asset, alice):
    return services.create_valuation(
        asset=asset, by=alice, purpose="licensing", methods=["rnpv", "cost"], inputs=inputs(), currency="USD"
    )


def test_a_new_valuation_is_a_numbered_draft(valuation, asset, alice):
    second = services.create_valuation(
        asset=asset, by=alice, purpose="financing", methods=["cost"], inputs=inputs(), currency="USD"
    )
    assert (valuation.version, second.version) == (1, 2)
    assert valuation.status == Valuation.Status.DRAFT
    assert events_for(valuation).filter(kind="valuation.created").exists()


def test_running_reconciles_the_methods_into_a_conclusion(valuation, alice):
    services.run_valuation(valuation=valuation, by=alice)
    valuation.refresh_from_db()
    rnpv = Decimal(valuation.outputs["rnpv"]["deterministic"]["value"])
    assert rnpv == Decimal("-27641001.83")
    assert valuation.outputs["rnpv"]["monte_carlo"]["paths"] == 2000
    # equal weights: the point is the mean of the rNPV and the cost approach's 64,000,000
    assert valuation.conclusion_point == ((rnpv + Decimal(64000000)) / 2).quantize(Decimal("0.01"))
    assert valuation.conclusion_low <= valuation.conclusion_point <= valuation.conclusion_high
    assert valuation.runs.count() == 1


def test_weights_and_an_indicator_score_move_the_conclusion(valuation, alice):
    from valuation import indicator_defaults

    scores = {code: "80" for code, *_r, kind, _m in indicator_defaults.TREE if kind != "derived"}
    changed = inputs(weights={"rnpv": "3", "cost": "1"}, indicators={"scores": scores})
    services.update_inputs(
        valuation=valuation, by=alice, inputs=changed, methods=["rnpv", "cost", "indicators"]
    )
    services.run_valuation(valuation=valuation, by=alice)
    valuation.refresh_from_db()
    conclusion = valuation.outputs["conclusion"]
    assert Decimal(conclusion["indicator_score"]) == Decimal(valuation.outputs["indicators"]["value"])
    assert conclusion["rows"][0]["weight"] == "3"


def test_a_drug_model_without_expiry_takes_the_registry_expiry(asset, alice):
    model = dict(WORKED)
    model["commercial"] = {k: v for k, v in WORKED["commercial"].items() if k != "commercial_years"}
    valuation = services.create_valuation(
        asset=asset,
        by=alice,
        purpose="licensing",
        methods=["rnpv"],
        inputs={"rnpv": {"model": model}},
        currency="USD",
    )
    services.run_valuation(valuation=valuation, by=alice)
    valuation.refresh_from_db()
    used = valuation.outputs["rnpv"]["deterministic"]["inputs"]["model"]["expiry_date"]
    assert used == asset.expiry_date.isoformat()


def test_a_bad_input_changes_nothing(valuation, alice):
    broken = inputs()
    broken["rnpv"]["model"] = {**WORKED, "discount_rate": 0.1}
    services.update_inputs(valuation=valuation, by=alice, inputs=broken)
    with pytest.raises(InvalidInput, match="float"):
        services.run_valuation(valuation=valuation, by=alice)
    valuation.refresh_from_db()
    assert valuation.conclusion_point is None and valuation.runs.count() == 0


def test_a_currency_mismatch_is_refused(valuation, alice):
    services.update_inputs(
        valuation=valuation,
        by=alice,
        inputs=inputs(cost={"currency": "HKD", "cost_items": [{"description": "x", "amount": "1"}]}),
    )
    with pytest.raises(InvalidInput, match="HKD"):
        services.run_valuation(valuation=valuation, by=alice)


def test_a_final_valuation_cannot_change(valuation, alice):
    with pytest.raises(Conflict):
        services.finalise_valuation(valuation=valuation, by=alice)  # never run
    services.run_valuation(valuation=valuation, by=alice)
    services.finalise_valuation(valuation=valuation, by=alice)
    with pytest.raises(Conflict):
        services.run_valuation(valuation=valuation, by=alice)
    with pytest.raises(Conflict):
        services.update_inputs(valuation=valuation, by=alice, inputs=inputs())


def test_outsiders_cannot_see_or_value_a_confidential_asset(asset, valuation, charlie):
    with pytest.raises(NotFound):
        services.create_valuation(
            asset=asset, by=charlie, purpose="licensing", methods=["cost"], inputs=inputs(), currency="USD"
        )
    with pytest.raises(NotFound):
        services.run_valuation(valuation=valuation, by=charlie)
    assert not Valuation.objects.visible_to(charlie).exists()


def test_sharing_lets_another_organisation_read_but_not_change(valuation, alice, charlie, charlie_org):
    services.share_valuation(valuation=valuation, organisation=charlie_org, by=alice)
    assert Valuation.objects.visible_to(charlie).get() == valuation
    with pytest.raises(Forbidden):
        services.run_valuation(valuation=valuation, by=charlie)
    with pytest.raises(Forbidden):
        services.share_valuation(valuation=valuation, organisation=charlie_org, by=charlie)
    services.unshare_valuation(valuation=valuation, organisation=charlie_org, by=alice)
    assert not Valuation.objects.visible_to(charlie).exists()


def test_the_operator_does_not_stop_sharing_for_the_owner(client_as, valuation, alice, charlie_org, staff):
    services.share_valuation(valuation=valuation, organisation=charlie_org, by=alice)
    with pytest.raises(Forbidden, match="operator's staff do not stop sharing"):
        services.unshare_valuation(valuation=valuation, organisation=charlie_org, by=staff)
    assert valuation.shares.filter(organisation=charlie_org).exists()
    unshare = reverse("valuation:unshare", args=[valuation.pk, charlie_org.slug])
    detail = reverse("valuation:detail", args=[valuation.pk])
    assert unshare in client_as(alice).get(detail).content.decode()
    assert unshare not in client_as(staff).get(detail).content.decode()


def test_a_valuer_organisation_values_an_asset_it_can_see(alice_org, make_organisation, make_user, alice):
    public = make_asset(alice_org, number="CN901A", visibility="public")
    valuer_org = make_organisation("Harbour Valuers", "valuer")
    valuer = make_user("vera@example.com", valuer_org, "member")
    valuation = services.create_valuation(
        asset=public,
        by=valuer,
        purpose="financing",
        methods=["cost"],
        inputs=inputs(),
        currency="USD",
        valuer=valuer_org,
    )
    assert Valuation.objects.visible_to(valuer).get() == valuation
    assert Valuation.objects.visible_to(alice).get() == valuation  # the owner sees valuations of its asset
    with pytest.raises(Forbidden):
        services.share_valuation(valuation=valuation, organisation=valuer_org, by=valuer)
