"""The valuation API's calculators, open to every viewpoint, and what its records API returns to whom.

Who gets which status on each valuation endpoint is in the permission matrix of test_pages.py (reads, and
writes tried by every viewpoint on a fresh world that a refusal leaves unchanged)."""

import json
from pathlib import Path

import pytest

from tests.factories import make_asset
from tests.matrix import Row, check, generic
from valuation import services
from valuation.models import Valuation

WORKED = json.loads(
    (Path(__file__).resolve().parents[2] / "docs" / "valuation-worked-example.json").read_text()
)
COST = {"currency": "USD", "cost_items": [{"description": "trials", "amount": "1000"}]}
TERM_SHEET = {
    "upfront": "20000000",
    "milestones": [
        {"event": "phase3_start", "amount": "30000000"},
        {"event": "approval", "amount": "80000000"},
    ],
    "royalty_tiers": [{"from": "0", "rate": "0.08"}, {"from": "500000000", "rate": "0.12"}],
}
pytestmark = pytest.mark.django_db
ALL = (200, 200, 200, 200, 200)

# The calculators store nothing and are open to all: the same answer for every viewpoint.
MATRIX = [
    Row(
        "POST /api/v1/valuation/rnpv",
        ALL,
        body=WORKED,
        note="the calculator is open to all",
        checked_by="test_rnpv_calculator_is_open_to_every_viewpoint",
    ),
    Row("POST /api/v1/valuation/deal", ALL, body={"model": WORKED, "term_sheet": TERM_SHEET}),
    Row(
        "POST /api/v1/valuation/deal",
        (422, 422, 422, 422, 422),
        body={"model": WORKED, "term_sheet": {**TERM_SHEET, "upfront": "a lot"}},
        note="a bad term sheet",
    ),
]


@pytest.mark.parametrize("row", generic(MATRIX), ids=str)
def test_matrix(client_as, users, row):
    nothing: dict[str, int] = {}
    check(row, lambda viewpoint: client_as(users[viewpoint]), nothing.__getitem__)
    assert not Valuation.objects.exists()


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


def test_each_new_valuation_of_an_asset_is_its_next_version(client_as, alice, asset):
    body = {"asset": asset.pk, "purpose": "financing", "methods": ["cost"], "inputs": {"cost": COST}}
    for _ in range(2):
        assert (
            post(client_as(alice), "/api/v1/valuation/valuations", {**body, "currency": "USD"}).status_code
            == 201
        )
    assert list(Valuation.objects.order_by("version").values_list("version", flat=True)) == [1, 2]


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


def test_a_run_gives_the_conclusion_and_a_final_valuation_does_not_run_again(client_as, alice, valuation):
    owner = client_as(alice)
    assert owner.post(f"/api/v1/valuation/valuations/{valuation.pk}/run").json()["status"] == "draft"
    valuation.refresh_from_db()
    assert str(valuation.conclusion_point) == "1000.00"
    response = owner.post(f"/api/v1/valuation/valuations/{valuation.pk}/finalise")
    assert response.status_code == 200 and response.json()["status"] == "final"
    assert owner.post(f"/api/v1/valuation/valuations/{valuation.pk}/run").status_code == 409


def test_a_share_lets_the_other_organisation_read_the_valuation(client_as, users, valuation, charlie_org):
    url = f"/api/v1/valuation/valuations/{valuation.pk}"
    assert client_as(users["outsider"]).get(url).status_code == 404
    response = post(client_as(users["owner"]), f"{url}/shares", {"organisation": charlie_org.slug})
    assert response.status_code == 201
    detail = client_as(users["outsider"]).get(url)
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
    (row,) = [row for row in MATRIX if row.checked_by]
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
