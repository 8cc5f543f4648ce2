"""The marketplace API from the five viewpoints, with problem details for every refusal."""

import json

import pytest

from listings import alerts, needs, services
from listings.models import Interest, Listing, Need, OpenLicenceGrant

pytestmark = pytest.mark.django_db

VIEWPOINTS = ["anonymous", "outsider", "participant", "owner", "staff"]
SECRET = "CONFIDENTIAL-DOSSIER-77"


@pytest.fixture(autouse=True)
def _no_engine(monkeypatch):
    from listings import matches

    monkeypatch.setattr(matches, "_engine", lambda: None)


@pytest.fixture
def objects(make_listing, asset, staff, alice, alice_org, charlie, charlie_org):
    from tests.factories import make_asset

    draft_asset = make_asset(alice_org, number="CN777A", title="Draft asset")
    return {
        "published": make_listing([asset], publish=True, staff=staff),
        "draft": make_listing([draft_asset], title="Draft offer"),
        "open": make_listing(
            [asset],
            publish=True,
            staff=staff,
            title="Open licence",
            deal_type="open_licence",
            territories=[],
            open_fee="10",
            open_payment_method="lump_sum",
        ),
        "private": needs.create_need(organisation=alice_org, by=alice, title="Private need", text="ADC"),
        "shared": needs.create_need(
            organisation=alice_org, by=alice, title="Shared need", text="ADC", visibility="sellers"
        ),
        "lead": None,
    }


READS = [
    ("/api/v1/listings", [200, 200, 200, 200, 200]),
    ("/api/v1/listings/{published}", [200, 200, 200, 200, 200]),
    ("/api/v1/listings/{draft}", [404, 404, 200, 200, 200]),
    ("/api/v1/listings/{draft}/screening", [401, 404, 200, 200, 200]),
    ("/api/v1/listings/{published}/screening", [401, 403, 200, 200, 200]),
    ("/api/v1/listings/{published}/organisations", [401, 403, 200, 200, 200]),
    ("/api/v1/listings/{published}/interests", [401, 200, 200, 200, 200]),
    ("/api/v1/listings/{open}/open-licences", [401, 200, 200, 200, 200]),
    ("/api/v1/listings/mine", [401, 200, 200, 200, 200]),
    ("/api/v1/listings/review", [401, 403, 403, 403, 200]),
    ("/api/v1/listings/leads", [401, 200, 200, 200, 200]),
    ("/api/v1/listings/needs", [401, 200, 200, 200, 200]),
    ("/api/v1/listings/needs/{private}", [401, 404, 200, 200, 200]),
    ("/api/v1/listings/needs/{shared}", [401, 200, 200, 200, 200]),
    ("/api/v1/listings/needs/{shared}/matches", [401, 403, 200, 200, 200]),
    ("/api/v1/listings/needs/{private}/matches", [401, 404, 200, 200, 200]),
    ("/api/v1/listings/subscriptions", [401, 200, 200, 200, 200]),
    ("/api/v1/listings/notifications", [401, 200, 200, 200, 200]),
]


def _fill(url, objects):
    return url.format(**{k: v.pk for k, v in objects.items() if v is not None})


@pytest.mark.parametrize(("url", "expected"), READS, ids=[r[0] for r in READS])
def test_read_permissions(client_as, users, objects, url, expected):
    url = _fill(url, objects)
    for viewpoint, status in zip(VIEWPOINTS, expected, strict=True):
        response = client_as(users[viewpoint]).get(url)
        assert response.status_code == status, f"{viewpoint} got {response.status_code} on {url}"
        if status >= 400:
            assert response["Content-Type"] == "application/problem+json"


@pytest.mark.parametrize("viewpoint", VIEWPOINTS)
def test_the_confidential_part_and_the_rejection_reason_only_reach_insiders(
    client_as, users, objects, viewpoint
):
    body = client_as(users[viewpoint]).get(f"/api/v1/listings/{objects['published'].pk}").json()
    insider = viewpoint in {"participant", "owner", "staff"}
    assert (body["confidential_details"] == SECRET) is insider
    assert (body["confidential_details"] is None) is not insider


def test_lists_leak_nothing_to_outsiders(
    client_as, objects, charlie, charlie_org, make_organisation, make_user
):
    services.express_interest(
        listing=objects["published"], organisation=charlie_org, by=charlie, message="Charlie's"
    )
    eve = make_user("eve@example.com", make_organisation("Eve Co"), "admin")
    client = client_as(eve)
    assert client.get(f"/api/v1/listings/{objects['published'].pk}/interests").json() == []
    assert client.get("/api/v1/listings/leads").json()["items"] == []
    assert client.get("/api/v1/listings/mine").json()["items"] == []
    titles = [n["title"] for n in client.get("/api/v1/listings/needs").json()["items"]]
    assert titles == ["Shared need"]
    search = json.dumps(client.get("/api/v1/listings").json())
    assert "Draft offer" not in search and SECRET not in search


WRITES = [
    # method, url, body, expected status per viewpoint
    ("post", "/api/v1/listings/{draft}/submit", {}, [401, 404, 200, 409, 409]),
    ("post", "/api/v1/listings/{published}/approve", {}, [401, 403, 403, 403, 409]),
    ("post", "/api/v1/listings/{published}/close", {"outcome": "withdrawn"}, [401, 403, 200, 409, 409]),
    ("patch", "/api/v1/listings/{draft}", {"title": "Renamed"}, [401, 404, 200, 200, 200]),
    ("patch", "/api/v1/listings/needs/{shared}", {"title": "Renamed"}, [401, 403, 200, 200, 200]),
    ("post", "/api/v1/listings/needs/{private}/close", {}, [401, 404, 200, 409, 409]),
]


@pytest.mark.parametrize(("method", "url", "body", "expected"), WRITES, ids=[w[1] for w in WRITES])
def test_write_permissions(client_as, users, objects, method, url, body, expected):
    url = _fill(url, objects)
    for viewpoint, status in zip(VIEWPOINTS, expected, strict=True):
        client = client_as(users[viewpoint])
        response = getattr(client, method)(url, json.dumps(body), content_type="application/json")
        assert response.status_code == status, (
            f"{viewpoint} got {response.status_code} on {method} {url}: {response.content[:200]}"
        )


@pytest.mark.parametrize("viewpoint", ["anonymous", "outsider"])
def test_refused_writes_change_nothing(client_as, users, objects, viewpoint):
    client = client_as(users[viewpoint])
    draft, published = objects["draft"], objects["published"]
    for url, body in [
        (f"/api/v1/listings/{draft.pk}/submit", {}),
        (f"/api/v1/listings/{published.pk}/close", {"outcome": "deal"}),
        (f"/api/v1/listings/{published.pk}/approve", {}),
        (f"/api/v1/listings/{published.pk}/reject", {"reason": "x"}),
    ]:
        client.post(url, json.dumps(body), content_type="application/json")
    client.patch(
        f"/api/v1/listings/{draft.pk}", json.dumps({"title": "Hijacked"}), content_type="application/json"
    )
    assert Listing.objects.get(pk=draft.pk).status == "draft"
    assert Listing.objects.get(pk=draft.pk).title == "Draft offer"
    assert Listing.objects.get(pk=published.pk).status == "published"


def post(client, url, body):
    return client.post(url, json.dumps(body), content_type="application/json")


def test_the_whole_flow_through_the_api(client_as, alice, charlie, staff, asset, charlie_org):
    seller = client_as(alice)
    created = post(
        seller,
        "/api/v1/listings",
        {
            "organisation": "alice-bio",
            "assets": [asset.pk],
            "title": "API listing",
            "deal_type": "sole_licence",
            "territories": ["GCC"],
            "upfront_min": "250000",
            "currency": "USD",
            "confidential_details": "API-SECRET",
        },
    )
    assert created.status_code == 201, created.content
    listing_id = created.json()["id"]
    assert created.json()["upfront_min"] == "250000.00"
    assert post(seller, f"/api/v1/listings/{listing_id}/submit", {}).json()["status"] == "submitted"
    assert (
        post(client_as(staff), f"/api/v1/listings/{listing_id}/approve", {}).json()["status"] == "published"
    )
    found = client_as(None).get("/api/v1/listings", {"territory": "SA", "deal_type": "sole_licence"}).json()
    assert [item["id"] for item in found["items"]] == [listing_id] and found["total"] == 1
    lead = post(
        client_as(charlie),
        f"/api/v1/listings/{listing_id}/interests",
        {"organisation": "charlie-pharma", "message": "Hi"},
    )
    assert lead.status_code == 201
    assert client_as(charlie).get(f"/api/v1/listings/{listing_id}").json()["confidential_details"] is None
    assert (
        post(
            client_as(alice), f"/api/v1/listings/leads/{lead.json()['id']}/accept", {"note": "Welcome"}
        ).json()["status"]
        == "accepted"
    )
    assert (
        client_as(charlie).get(f"/api/v1/listings/{listing_id}").json()["confidential_details"]
        == "API-SECRET"
    )
    assert client_as(charlie).get(f"/api/v1/listings/{listing_id}").json()["status"] == "under_negotiation"


def test_taking_an_open_licence_through_the_api(client_as, objects, charlie, alice):
    listing = objects["open"]
    response = post(
        client_as(charlie),
        f"/api/v1/listings/{listing.pk}/open-licences",
        {"organisation": "charlie-pharma", "payment_reference": "PAY-7"},
    )
    assert (
        response.status_code == 201
        and response.json()["fee_paid"] == "10.00"
        and len(response.json()["licences"]) == 1
    )
    again = post(
        client_as(charlie),
        f"/api/v1/listings/{listing.pk}/open-licences",
        {"organisation": "charlie-pharma", "payment_reference": "PAY-8"},
    )
    assert again.status_code == 409 and again["Content-Type"] == "application/problem+json"
    seller_view = client_as(alice).get(f"/api/v1/listings/{listing.pk}/open-licences").json()
    assert [g["organisation"] for g in seller_view] == ["charlie-pharma"]


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"organisation": "alice-bio", "assets": [], "title": "X", "deal_type": "assignment"}, "assets"),
        (
            {"organisation": "charlie-pharma", "assets": [1], "title": "X", "deal_type": "assignment"},
            "organisation",
        ),
        (
            {"organisation": "alice-bio", "assets": [999999], "title": "X", "deal_type": "assignment"},
            "assets",
        ),
        ({"organisation": "alice-bio", "assets": ["ASSET"], "title": "X", "deal_type": "assignment"}, None),
        ({"organisation": "alice-bio", "assets": "ASSET", "title": "X", "deal_type": "assignment"}, None),
        ({"organisation": "alice-bio", "title": "X", "deal_type": "assignment"}, None),
        ({"organisation": "alice-bio", "assets": "{asset}", "title": "X", "deal_type": "swap"}, "deal_type"),
        (
            {
                "organisation": "alice-bio",
                "assets": "{asset}",
                "title": "X",
                "deal_type": "assignment",
                "upfront_min": 10.5,
            },
            None,
        ),
        (
            {
                "organisation": "alice-bio",
                "assets": "{asset}",
                "title": "X",
                "deal_type": "assignment",
                "upfront_min": "ten",
            },
            "upfront_min",
        ),
        (
            {
                "organisation": "alice-bio",
                "assets": "{asset}",
                "title": "X",
                "deal_type": "assignment",
                "territories": ["Mars"],
            },
            "territories",
        ),
        (
            {
                "organisation": "alice-bio",
                "assets": "{asset}",
                "title": "X",
                "deal_type": "assignment",
                "currency": "BTC",
            },
            None,
        ),
    ],
)
def test_bad_input_is_a_422_problem_and_changes_nothing(client_as, alice, asset, body, field):
    if body.get("assets") == "{asset}":
        body = {**body, "assets": [asset.pk]}
    response = post(client_as(alice), "/api/v1/listings", body)
    assert response.status_code == 422, response.content
    assert response["Content-Type"] == "application/problem+json"
    if field:
        assert response.json().get("field") == field
    assert not Listing.objects.exists()


@pytest.mark.parametrize(
    "params",
    [
        {"deal_type": "swap"},
        {"cursor": "%%%"},
        {"cursor": "ci4tMw"},  # r.-3: a negative count of ranked listings shown
        {"cursor": "ci4y"},  # r.2: a cursor into ranked results, for a search without words
        {"per_page": "0"},
        {"per_page": "abc"},
        {"phase": "12"},
    ],
)
def test_bad_search_parameters_are_422(client, params):
    response = client.get("/api/v1/listings", params)
    assert response.status_code == 422 and response["Content-Type"] == "application/problem+json"


def test_needs_subscriptions_and_notifications_through_the_api(client_as, charlie, objects, indications):
    client = client_as(charlie)
    need = post(
        client,
        "/api/v1/listings/needs",
        {
            "organisation": "charlie-pharma",
            "title": "需要",
            "text": "寻找非小细胞肺癌药物",
            "indications": ["nsclc"],
        },
    )
    assert need.status_code == 201 and need.json()["original_language"] == "zh-hans"
    matches = client.get(f"/api/v1/listings/needs/{need.json()['id']}/matches").json()
    assert objects["published"].pk in [m["listing"]["id"] for m in matches]
    assert all(m["why"] for m in matches)
    bad = post(
        client,
        "/api/v1/listings/needs",
        {"organisation": "charlie-pharma", "title": "x", "text": "y", "phase_min": 9},
    )
    assert bad.status_code == 422 and Need.objects.filter(organisation__slug="charlie-pharma").count() == 1
    subscription = post(
        client,
        "/api/v1/listings/subscriptions",
        {"kind": "search", "search": {"q": "KRAS"}, "frequency": "weekly"},
    )
    assert subscription.status_code == 201
    other = post(client, "/api/v1/listings/subscriptions", {"kind": "need", "need": objects["private"].pk})
    assert other.status_code == 422
    alerts.alert_new_listing(objects["published"])
    items = client.get("/api/v1/listings/notifications").json()["items"]
    assert [n["listing"] for n in items] == [objects["published"].pk]
    assert post(client, f"/api/v1/listings/notifications/{items[0]['id']}/read", {}).json()["read_at"]
    assert client.delete(f"/api/v1/listings/subscriptions/{subscription.json()['id']}").status_code == 204


def test_nobody_reads_or_stops_someone_elses_subscription(client_as, alice, charlie):
    subscription = alerts.subscribe(user=alice, kind="digest")
    assert client_as(charlie).delete(f"/api/v1/listings/subscriptions/{subscription.pk}").status_code == 404
    assert client_as(charlie).get("/api/v1/listings/subscriptions").json()["items"] == []
    subscription.refresh_from_db()
    assert subscription.active


def test_pledgee_consent_through_the_api(client_as, make_listing, asset, charlie, charlie_org, alice):
    from listings.tests.conftest import pledge

    encumbrance = pledge(asset, charlie_org)
    listing = make_listing([asset], deal_type="assignment")
    assert (
        client_as(charlie).get(f"/api/v1/listings/{listing.pk}").status_code == 200
    )  # the pledgee sees the offer
    refused = post(
        client_as(alice), f"/api/v1/listings/{listing.pk}/pledgee-consents", {"encumbrance": encumbrance.pk}
    )
    assert refused.status_code == 403
    given = post(
        client_as(charlie), f"/api/v1/listings/{listing.pk}/pledgee-consents", {"encumbrance": encumbrance.pk}
    )
    assert given.status_code == 201
    assert post(client_as(alice), f"/api/v1/listings/{listing.pk}/submit", {}).status_code == 200


def test_interest_conflicts_are_409(client_as, objects, charlie):
    url = f"/api/v1/listings/{objects['published'].pk}/interests"
    assert post(client_as(charlie), url, {"organisation": "charlie-pharma"}).status_code == 201
    assert post(client_as(charlie), url, {"organisation": "charlie-pharma"}).status_code == 409
    assert post(client_as(charlie), url, {"organisation": "alice-bio"}).status_code == 422
    assert Interest.objects.count() == 1
    assert not OpenLicenceGrant.objects.exists()


def test_the_search_body_follows_its_schema(client, objects):
    from listings.schemas import FacetOut, ListingSearchItem, SearchOut

    body = client.get("/api/v1/listings", {"deal_type": "exclusive_licence"}).json()
    assert set(body) == set(SearchOut.model_fields)
    assert [item["id"] for item in body["items"]] == [objects["published"].pk]
    assert set(body["items"][0]) == set(ListingSearchItem.model_fields)
    assert body["items"][0]["snippet"] == ""  # no words, nothing matched
    assert body["items"][0]["seller"] == "alice-bio" and body["items"][0]["upfront_min"] is None
    assert all(set(row) == set(FacetOut.model_fields) for rows in body["facets"].values() for row in rows)
    assert body["facets"]["deal_type"][0] == {
        "value": "exclusive_licence",
        "label": "Exclusive licence",
        "count": 1,
    }
