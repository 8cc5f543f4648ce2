"""The valuation API from the five viewpoints; refusals leak nothing and change nothing."""

import json
from pathlib import Path

import pytest

from tests.factories import make_asset
from tests.matrix import Row
from valuation import services
from valuation.models import Valuation, ValuationShare

WORKED = json.loads(
    (Path(__file__).resolve().parents[2] / "docs" / "valuation-worked-example.json").read_text()
)
VIEWPOINTS = ["anonymous", "outsider", "participant", "owner", "staff"]
COST = {"currency": "USD", "cost_items": [{"description": "trials", "amount": "1000"}]}
pytestmark = pytest.mark.django_db

MATRIX = [
    Row(
        "POST /api/v1/valuation/rnpv",
        (200, 200, 200, 200, 200),
        body=WORKED,
        note="the calculator is open to all",
        checked_by="test_rnpv_calculator_is_open_to_every_viewpoint",
    ),
]


@pytest.fixture
def asset(alice_org):
    return make_asset(alice_org, number="CN950A", visibility="confidential")


@pytest.fixture
def valuation(asset, alice):
    return services.create_valuation(
        asset=asset, by=alice, purpose="licensing", methods=["cost"], inputs={"cost": COST}, currency="USD"
    )


def post(client, url, body):
    return client.post(url, json.dumps(body), content_type="application/json")


def test_list_shows_only_what_each_viewpoint_may_see(client_as, users, valuation):
    expected = {"outsider": 0, "participant": 1, "owner": 1, "staff": 1}
    for viewpoint in expected:
        response = client_as(users[viewpoint]).get("/api/v1/valuation/valuations")
        assert response.status_code == 200, viewpoint
        assert response.json()["count"] == expected[viewpoint], viewpoint


def test_detail_is_404_for_those_who_may_not_see_it(client_as, users, valuation):
    expected = {"anonymous": 401, "outsider": 404, "participant": 200, "owner": 200, "staff": 200}
    for viewpoint in VIEWPOINTS:
        response = client_as(users[viewpoint]).get(f"/api/v1/valuation/valuations/{valuation.pk}")
        assert response.status_code == expected[viewpoint], viewpoint
        if response.status_code >= 400:
            assert "1000" not in response.content.decode()
            assert response["Content-Type"] == "application/problem+json"


def test_create(client_as, users, asset):
    body = {
        "asset": asset.pk,
        "purpose": "financing",
        "methods": ["cost"],
        "inputs": {"cost": COST},
        "currency": "USD",
    }
    expected = {"anonymous": 401, "outsider": 404, "participant": 201, "owner": 201, "staff": 201}
    for viewpoint in VIEWPOINTS:
        before = Valuation.objects.count()
        response = post(client_as(users[viewpoint]), "/api/v1/valuation/valuations", body)
        assert response.status_code == expected[viewpoint], (viewpoint, response.content)
        assert Valuation.objects.count() == before + (1 if response.status_code == 201 else 0)
    assert list(Valuation.objects.order_by("version").values_list("version", flat=True)) == [1, 2, 3]


def test_an_outsider_cannot_value_a_public_asset_it_does_not_own(client_as, charlie, alice_org):
    public = make_asset(alice_org, number="CN951A", visibility="public")
    body = {
        "asset": public.pk,
        "purpose": "financing",
        "methods": ["cost"],
        "inputs": {"cost": COST},
        "currency": "USD",
    }
    response = post(client_as(charlie), "/api/v1/valuation/valuations", body)
    assert response.status_code == 403
    assert not Valuation.objects.exists()


def test_run_and_finalise(client_as, users, valuation):
    expected = {"anonymous": 401, "outsider": 404, "participant": 200, "owner": 200, "staff": 200}
    for viewpoint in VIEWPOINTS:
        response = client_as(users[viewpoint]).post(f"/api/v1/valuation/valuations/{valuation.pk}/run")
        assert response.status_code == expected[viewpoint], viewpoint
    valuation.refresh_from_db()
    assert valuation.runs.count() == 3
    assert str(valuation.conclusion_point) == "1000.00"
    response = client_as(users["owner"]).post(f"/api/v1/valuation/valuations/{valuation.pk}/finalise")
    assert response.status_code == 200 and response.json()["status"] == "final"
    response = client_as(users["owner"]).post(f"/api/v1/valuation/valuations/{valuation.pk}/run")
    assert response.status_code == 409


def test_share(client_as, users, valuation, charlie_org):
    body = {"organisation": charlie_org.slug}
    expected = {"anonymous": 401, "outsider": 404, "participant": 201, "owner": 201, "staff": 201}
    for viewpoint in VIEWPOINTS:
        ValuationShare.objects.all().delete()
        response = post(
            client_as(users[viewpoint]), f"/api/v1/valuation/valuations/{valuation.pk}/shares", body
        )
        assert response.status_code == expected[viewpoint], viewpoint
        assert ValuationShare.objects.exists() == (response.status_code == 201)
    detail = client_as(users["outsider"]).get(f"/api/v1/valuation/valuations/{valuation.pk}")
    assert detail.status_code == 200  # now shared with the outsider's organisation
    assert detail.json()["shared_with"] == [charlie_org.slug]


def test_inputs_can_be_changed_by_editors_only(
    client_as, users, valuation, charlie_org, alice, django_capture_on_commit_callbacks
):
    services.share_valuation(valuation=valuation, organisation=charlie_org, by=alice)
    body = {"inputs": {"cost": {**COST, "cost_items": [{"description": "x", "amount": "2000"}]}}}
    response = client_as(users["outsider"]).put(
        f"/api/v1/valuation/valuations/{valuation.pk}/inputs",
        json.dumps(body),
        content_type="application/json",
    )
    assert response.status_code == 403
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        response = client_as(users["participant"]).put(
            f"/api/v1/valuation/valuations/{valuation.pk}/inputs",
            json.dumps(body),
            content_type="application/json",
        )
    assert response.status_code == 200
    assert len(callbacks) == 1
    valuation.refresh_from_db()
    assert str(valuation.conclusion_point) == "2000.00"  # the revaluation task ran on commit


def test_rnpv_calculator_is_open_to_every_viewpoint(client_as, users):
    (row,) = MATRIX
    for viewpoint, status in row.statuses().items():
        response = post(client_as(users[viewpoint]), row.url(str), WORKED)
        assert response.status_code == status, viewpoint
        assert response.json()["rnpv"] == "-27641001.83"


def test_rnpv_calculator_runs_monte_carlo_when_asked(client):
    response = post(client, "/api/v1/valuation/rnpv?paths=10000&seed=3", {**WORKED})
    body = response.json()
    assert set(body["percentiles"]) == {"P5", "P10", "P25", "P50", "P75", "P90", "P95"}
    assert body["monte_carlo"]["paths"] == 10000


def test_rnpv_calculator_explains_a_bad_model(client):
    response = post(client, "/api/v1/valuation/rnpv", {**WORKED, "currency": "XYZ"})
    assert response.status_code == 422
    assert response["Content-Type"] == "application/problem+json"
    assert response.json()["field"] == "currency"
    assert "Unknown currency" in response.json()["detail"]
