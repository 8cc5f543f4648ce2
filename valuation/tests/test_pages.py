"""Every valuation page, and the valuation API's reads and writes, from the five viewpoints; refusals leak
nothing and change nothing (each write is tried by every viewpoint on a fresh world)."""

import dataclasses

import pytest
from django.urls import reverse

from core.models import Event
from tests.factories import make_asset
from tests.matrix import LOGIN, Row, check, check_viewpoint, each_viewpoint, generic
from valuation import services
from valuation.models import Valuation, ValuationShare

pytestmark = pytest.mark.django_db
COST = {"currency": "USD", "cost_items": [{"description": "SECRET-COST-ITEM", "amount": "1000"}]}


@pytest.fixture
def asset(alice_org):
    return make_asset(alice_org, number="CN990A", visibility="confidential")


@pytest.fixture
def valuation(asset, alice):
    created = services.create_valuation(
        asset=asset, by=alice, purpose="licensing", methods=["cost"], inputs={"cost": COST}, currency="USD"
    )
    return services.run_valuation(valuation=created, by=alice)


PK = {"pk": "valuation"}
MEMBERS = (LOGIN, 404, 200, 200, 200)
API_MEMBERS = (401, 404, 200, 200, 200)

API_WRITERS = (401, 404, 200, 200, 200)
ID = {"valuation_id": "valuation"}
# Each viewpoint tries these on a fresh world (test_writes).
WRITES = [
    Row(
        "POST /api/v1/valuation/valuations/{valuation_id}/run",
        API_WRITERS,
        params=ID,
        checked_by="test_writes",
    ),
    Row(
        "POST /api/v1/valuation/valuations/{valuation_id}/finalise",
        API_WRITERS,
        params=ID,
        checked_by="test_writes",
    ),
    Row(
        "PUT /api/v1/valuation/valuations/{valuation_id}/inputs",
        API_WRITERS,
        params=ID,
        body={"inputs": {"cost": COST}, "methods": ["cost"]},
        checked_by="test_writes",
    ),
    Row(
        "POST /api/v1/valuation/valuations/{valuation_id}/shares",
        (401, 404, 201, 201, 201),
        params=ID,
        body={"organisation": "charlie-pharma"},
        checked_by="test_writes",
    ),
    Row(
        "valuation:finalise", (LOGIN, 404, 302, 302, 302), params=PK, method="post", checked_by="test_writes"
    ),
    Row(
        "POST /api/v1/valuation/valuations",
        (401, 404, 201, 201, 201),
        body={
            "asset": "@asset",
            "purpose": "licensing",
            "methods": ["cost"],
            "inputs": {"cost": COST},
            "currency": "USD",
        },
        checked_by="test_writes",
    ),
    Row(
        "valuation:share",
        (LOGIN, 404, 302, 302, 302),
        params=PK,
        method="post",
        body={"organisation": "charlie_org"},
        checked_by="test_writes",
    ),
]

# The valuation shared with Charlie Pharma: only the owning side decides who sees it; Charlie, who now sees it,
# is refused (403), and so is the operator, which does not take that decision for the owner. Each viewpoint
# tries on a fresh world (test_unsharing).
UNSHARES = [
    Row(
        "valuation:unshare",
        (LOGIN, 403, 302, 302, 403),
        params={"pk": "valuation", "slug": "=charlie-pharma"},
        method="post",
        checked_by="test_unsharing",
    ),
]

MATRIX = [
    *WRITES,
    *UNSHARES,
    Row("valuation:list", (LOGIN, 200, 200, 200, 200)),
    Row("valuation:create", (LOGIN, 200, 200, 200, 200)),
    Row("valuation:detail", MEMBERS, params=PK),
    Row("valuation:inputs", MEMBERS, params=PK),
    Row("valuation:report", MEMBERS, params=PK),
    Row("valuation:report_pdf", MEMBERS, params=PK),
    Row("valuation:calculator", (200, 200, 200, 200, 200)),
    Row("valuation:deal", (200, 200, 200, 200, 200)),
    Row("valuation:deal", (404, 404, 200, 200, 200), query="valuation={valuation}", note="of one"),
    Row("valuation:subsidy", (LOGIN, 200, 200, 200, 200)),
    Row("valuation:subsidy_apply", (LOGIN, 200, 200, 200, 200)),
    Row("valuation:subsidy_review", (LOGIN, 404, 404, 404, 200)),
    # No valuation is public: an anonymous caller is asked to sign in (401), an outsider lists none.
    Row("GET /api/v1/valuation/valuations", (401, 200, 200, 200, 200)),
    Row("GET /api/v1/valuation/valuations/{valuation_id}", API_MEMBERS, params={"valuation_id": "valuation"}),
    Row(
        "valuation:run",
        (LOGIN, 404, 302, 302, 302),
        params=PK,
        method="post",
        checked_by="test_running_from_the_page",
    ),
]


@pytest.mark.parametrize("row", generic(MATRIX), ids=str)
def test_matrix(client_as, users, valuation, row):
    resolve = {"valuation": valuation.pk}.__getitem__
    check(row, lambda viewpoint: client_as(users[viewpoint]), resolve, secret=b"SECRET-COST-ITEM")


def test_the_list_shows_only_visible_valuations(client_as, users, valuation):
    for viewpoint in ["outsider", "participant", "owner", "staff"]:
        page = client_as(users[viewpoint]).get(reverse("valuation:list")).content.decode()
        assert ("CN990A" in page) is (viewpoint != "outsider"), viewpoint


def test_an_organisation_it_was_shared_with_reads_but_cannot_edit(
    client_as, charlie, charlie_org, alice, valuation
):
    services.share_valuation(valuation=valuation, organisation=charlie_org, by=alice)
    client = client_as(charlie)
    assert client.get(reverse("valuation:detail", args=[valuation.pk])).status_code == 200
    assert client.get(reverse("valuation:inputs", args=[valuation.pk])).status_code == 403
    before = valuation.runs.count()
    client.post(reverse("valuation:run", args=[valuation.pk]))
    assert valuation.runs.count() == before


def test_running_from_the_page(client_as, users, valuation):
    url = reverse("valuation:run", args=[valuation.pk])
    (row,) = [row for row in MATRIX if row.checked_by == "test_running_from_the_page"]
    for viewpoint, status in row.statuses().items():
        added = 1 if status == 302 and viewpoint != "anonymous" else 0
        before = valuation.runs.count()
        response = client_as(users[viewpoint]).post(url)
        assert response.status_code == status, viewpoint
        assert valuation.runs.count() == before + added, viewpoint


def test_finalising_from_the_page(client_as, users, valuation):
    url = reverse("valuation:finalise", args=[valuation.pk])
    assert client_as(users["owner"]).post(url).status_code == 302
    valuation.refresh_from_db()
    assert valuation.status == Valuation.Status.FINAL
    # a final valuation's inputs page sends the valuer back to the valuation
    response = client_as(users["owner"]).get(reverse("valuation:inputs", args=[valuation.pk]))
    assert response.status_code == 302


def _state() -> tuple:
    valuations = sorted(Valuation.objects.values_list("pk", "status", "inputs", "conclusion_point"))
    return Event.objects.count(), valuations, ValuationShare.objects.count()


@pytest.mark.parametrize(("row", "viewpoint"), each_viewpoint(WRITES))
def test_writes(client_as, users, valuation, charlie_org, row, viewpoint):
    if row.body and row.body.get("organisation") == "charlie_org":
        row = dataclasses.replace(row, body={"organisation": charlie_org.pk})
    world = {"valuation": valuation.pk, "asset": valuation.asset_id}
    before = _state()
    check_viewpoint(row, viewpoint, client_as(users[viewpoint]), world.__getitem__)
    refused = viewpoint == "anonymous" or row.statuses()[viewpoint] >= 400
    assert (_state() == before) is refused, viewpoint


@pytest.mark.parametrize(("row", "viewpoint"), each_viewpoint(UNSHARES))
def test_unsharing(client_as, users, valuation, alice, charlie_org, row, viewpoint):
    services.share_valuation(valuation=valuation, organisation=charlie_org, by=alice)
    check_viewpoint(row, viewpoint, client_as(users[viewpoint]), {"valuation": valuation.pk}.__getitem__)
    assert valuation.shares.exists() is (row.statuses()[viewpoint] != 302 or viewpoint == "anonymous")
