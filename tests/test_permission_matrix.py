"""Every page and endpoint seen from the five viewpoints: anonymous, outsider, participant, owner, staff.

Each case says what each viewpoint gets; a 404 for outsiders means the object's existence does not leak.
"""

import json

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from assets.importers.portfolio import portfolio_template_csv
from assets.models import Asset, ImportRun
from core.models import Event
from tests.factories import make_asset
from tests.matrix import LOGIN, VIEWPOINTS, Row, check, check_viewpoint, each_viewpoint, generic

pytestmark = pytest.mark.django_db


@pytest.fixture
def objects(alice_org, alice):
    from accounts.services import invite
    from trials.models import Trial

    return {
        "public": make_asset(alice_org, number="CN1A", visibility="public"),
        "secret": make_asset(alice_org, number="CN2A", visibility="confidential", title="Secret know-how"),
        "org": alice_org,
        "trial": Trial.objects.create(registry_id="NCT01234567", title="A phase 2 trial"),
        "invitation": invite(organisation=alice_org, by=alice, email="newcomer@example.com"),
    }


def _resolve(objects):
    values = {
        "org": objects["org"].slug,
        "trial": objects["trial"].registry_id,
        "invitation": objects["invitation"].token,
        "public_number": objects["public"].number,
        "secret_number": objects["secret"].number,
        "effect": "fee_paid",
    }
    return lambda key: values[key] if key in values else objects[key].pk


PUBLIC, SECRET, ORG = {"pk": "public"}, {"pk": "secret"}, {"org": "org"}
ALL = (200, 200, 200, 200, 200)

# Expected status per viewpoint: anonymous, outsider, participant (Bob, member of Alice Bio), owner (Alice,
# its administrator), staff.
MATRIX = [
    Row("home", ALL),
    Row("assets:search", ALL),
    Row("assets:detail", ALL, params=PUBLIC),
    Row("assets:detail", (404, 404, 200, 200, 200), params=SECRET),
    Row("assets:edit", (LOGIN, 404, 200, 200, 200), params=PUBLIC),
    Row("assets:edit", (LOGIN, 404, 200, 200, 200), params=SECRET),
    Row("assets:create", (LOGIN, 404, 200, 200, 404), params=ORG),
    Row("assets:portfolio_import", (LOGIN, 404, 200, 200, 404), params=ORG),
    Row("assets:portfolio_template", ALL),
    Row("accounts:directory", ALL),
    Row("accounts:profile", ALL, params={"slug": "org"}),
    Row("accounts:edit", (LOGIN, 404, 404, 200, 404), params={"slug": "org"}),
    Row("accounts:members", (LOGIN, 404, 200, 200, 404), params={"slug": "org"}),
    Row("accounts:mine", (LOGIN, 200, 200, 200, 200)),
    Row("accounts:document", (LOGIN, 404, 404, 200, 200), params={"slug": "org"}),
    Row("accounts:tokens", (LOGIN, 200, 200, 200, 200)),
    Row("accounts:register", (LOGIN, 200, 200, 200, 200)),
    Row("trials:list", ALL),
    # Saving a search only takes a POST (tests/test_saved_searches.py has who may save and remove what).
    Row("core:save_search", (LOGIN, 405, 405, 405, 405)),
    Row("GET /api/v1/assets/{asset_id}", ALL, params={"asset_id": "public"}),
    Row("GET /api/v1/assets/{asset_id}", (404, 404, 200, 200, 200), params={"asset_id": "secret"}),
    Row("GET /api/v1/assets", ALL),
    Row("GET /api/v1/organisations/{slug}", ALL, params={"slug": "org"}),
    Row("GET /api/v1/me", (401, 200, 200, 200, 200)),
    Row("GET /api/v1/tokens", (401, 200, 200, 200, 200)),
    Row("GET /api/v1/organisations", ALL),
    Row("GET /api/v1/assets/imports", (401, 200, 200, 200, 200)),
    Row("trials:detail", ALL, params={"registry_id": "trial"}),
    # The invitation's token is the proof: whoever signs in with it sees the invitation.
    Row("accounts:accept", (LOGIN, 200, 200, 200, 200), params={"token": "invitation"}),
    Row("accounts:accept", (LOGIN, 404, 404, 404, 404), params={"token": "=no-such-invitation"}),
    Row("GET /api/v1/trials", ALL),
    Row("GET /api/v1/trials/{registry_id}", ALL, params={"registry_id": "trial"}),
    Row("GET /api/v1/matching/assets", ALL, query="q=antibody"),
    Row("GET /api/v1/matching/assets/{number}/similar", ALL, params={"number": "public_number"}),
    Row(
        "GET /api/v1/matching/assets/{number}/similar",
        (404, 404, 200, 200, 200),
        params={"number": "secret_number"},
    ),
    # Writes whose tests below also prove that a refusal changes nothing.
    Row(
        "PATCH /api/v1/assets/{asset_id}",
        (401, 403, 200, 200, 200),
        params={"asset_id": "public"},
        checked_by="test_api_update_permissions_and_nothing_changes_when_refused",
    ),
    Row(
        "PATCH /api/v1/assets/{asset_id}",
        (401, 404, 200, 200, 200),
        params={"asset_id": "secret"},
        checked_by="test_api_update_permissions_and_nothing_changes_when_refused",
    ),
    Row(
        "accounts:token_revoke",
        (LOGIN, 404, 404, 302, 404),
        method="post",
        checked_by="test_only_the_owner_revokes_a_token_on_the_web_and_the_api",
    ),
    Row(
        "POST /api/v1/tokens/{token_id}/revoke",
        (401, 404, 404, 200, 404),
        checked_by="test_only_the_owner_revokes_a_token_on_the_web_and_the_api",
    ),
    Row(
        "accounts:member_remove",
        (LOGIN, 404, 404, 302, 404),
        method="post",
        checked_by="test_only_an_administrator_removes_a_member_and_the_member_stays_otherwise",
    ),
]


# Each viewpoint tries these on a fresh world (test_writes).
WRITES = [
    Row("POST /api/v1/tokens", (401, 201, 201, 201, 201), body={"name": "laptop"}, checked_by="test_writes"),
    Row(
        "POST /api/v1/organisations/{slug}/invitations",
        (401, 403, 403, 201, 201),
        params={"slug": "org"},
        body={"email": "newcomer2@example.com"},
        checked_by="test_writes",
    ),
    Row(
        "POST /api/v1/assets/{asset_id}/transfers",
        (401, 404, 201, 201, 201),
        params={"asset_id": "secret"},
        body={"date": "2024-01-01", "to_name": "Harbour Holdings Ltd"},
        checked_by="test_writes",
    ),
    Row(
        "POST /api/v1/assets/{asset_id}/legal-events",
        (401, 404, 201, 201, 201),
        params={"asset_id": "secret"},
        body={"date": "2024-01-01", "effect": "@effect"},
        checked_by="test_writes",
    ),
    Row(
        "POST /api/v1/assets",
        (401, 404, 201, 201, 404),
        body={"organisation": "@org", "jurisdiction": "CN", "number": "CN3A", "title": "A new antibody"},
        checked_by="test_writes",
    ),
    Row(
        "POST /api/v1/organisations",
        (401, 201, 201, 201, 201),
        body={"name": "Newco Bio", "kind": "company", "jurisdiction": "HK"},
        checked_by="test_writes",
    ),
]
MATRIX += WRITES

# A portfolio file is uploaded (multipart), so its own test sends it: the organisation's members import, the
# operator (a member of none) and outsiders do not learn that the organisation takes imports.
IMPORTS = [
    Row(
        "POST /api/v1/assets/imports",
        (401, 404, 201, 201, 404),
        body={"organisation": "@org"},
        checked_by="test_importing_a_portfolio",
    ),
]
MATRIX += IMPORTS


@pytest.mark.parametrize(("row", "viewpoint"), each_viewpoint(WRITES))
def test_writes(client_as, users, objects, row, viewpoint):
    events = Event.objects.count()
    check_viewpoint(row, viewpoint, client_as(users[viewpoint]), _resolve(objects))
    if viewpoint == "anonymous" or row.statuses()[viewpoint] >= 400:
        assert Event.objects.count() == events, f"{viewpoint} was refused but something changed"


def _portfolio() -> SimpleUploadedFile:
    header = portfolio_template_csv().lstrip("\ufeff").strip().split(",")
    cells = {
        "type": "invention",
        "jurisdiction": "CN",
        "number": "CN7777777A",
        "title": "A bispecific antibody",
    }
    keys = [name.split("/")[0].strip().replace(" ", "_") for name in header]
    row = ",".join(cells.get(key, "") for key in keys)
    return SimpleUploadedFile("portfolio.csv", (portfolio_template_csv() + row + "\r\n").encode(), "text/csv")


@pytest.mark.parametrize(("row", "viewpoint"), each_viewpoint(IMPORTS))
def test_importing_a_portfolio(client_as, users, objects, row, viewpoint):
    resolve = _resolve(objects)
    events, assets = Event.objects.count(), Asset.objects.count()
    body = {**row.payload(resolve), "file": _portfolio()}
    response = client_as(users[viewpoint]).post(row.url(resolve), body)
    status = row.statuses()[viewpoint]
    assert response.status_code == status, (viewpoint, response.content)
    imported = status == 201
    assert Asset.objects.filter(number="CN7777777A").exists() is imported, viewpoint
    assert ImportRun.objects.exists() is imported, viewpoint
    if not imported:
        assert response["Content-Type"].startswith("application/problem+json"), viewpoint
        assert (Event.objects.count(), Asset.objects.count()) == (events, assets), viewpoint


def _written(endpoint: str) -> list[Row]:
    return [row for row in MATRIX if row.endpoint == endpoint and row.checked_by]


@pytest.mark.parametrize("row", generic(MATRIX), ids=str)
def test_matrix(client_as, users, objects, row):
    check(row, lambda viewpoint: client_as(users[viewpoint]), _resolve(objects), secret=b"SECRET-NOTE-42")


@pytest.mark.parametrize("viewpoint", VIEWPOINTS)
def test_confidential_fields_only_reach_the_owning_organisation(client_as, users, objects, viewpoint):
    client = client_as(users[viewpoint])
    page = client.get(reverse("assets:detail", args=[objects["public"].pk])).content.decode()
    api = client.get(f"/api/v1/assets/{objects['public'].pk}").content.decode()
    insider = viewpoint in {"participant", "owner", "staff"}
    assert ("SECRET-NOTE-42" in page) is insider
    assert ("SECRET-NOTE-42" in api) is insider


def test_search_api_hides_confidential_assets_from_outsiders(client_as, users, objects):
    for viewpoint in VIEWPOINTS:
        body = client_as(users[viewpoint]).get("/api/v1/assets?facets=false").json()
        numbers = {item["number"] for item in body["items"]}
        assert ("CN2A" in numbers) is (viewpoint in {"participant", "owner", "staff"}), viewpoint


@pytest.mark.parametrize(
    ("asset", "expected"),
    [(row.params["asset_id"], row.expected) for row in _written("PATCH /api/v1/assets/{asset_id}")],
)
def test_api_update_permissions_and_nothing_changes_when_refused(client_as, users, objects, asset, expected):
    target = objects[asset]
    for viewpoint, status in zip(VIEWPOINTS, expected, strict=True):
        response = client_as(users[viewpoint]).patch(
            f"/api/v1/assets/{target.pk}",
            json.dumps({"title": f"Renamed by {viewpoint}"}),
            content_type="application/json",
        )
        assert response.status_code == status, f"{viewpoint} got {response.status_code}"
        title = Asset.objects.get(pk=target.pk).title
        assert (title == f"Renamed by {viewpoint}") is (status == 200)


def test_outsider_post_to_edit_page_changes_nothing(client_as, users, objects):
    before = Asset.objects.get(pk=objects["public"].pk).title
    response = client_as(users["outsider"]).post(
        reverse("assets:edit", args=[objects["public"].pk]), {"title": "Hijacked", "jurisdiction": "CN"}
    )
    assert response.status_code == 404
    assert Asset.objects.get(pk=objects["public"].pk).title == before


def test_uploaded_files_have_no_public_path(client, alice_org, settings):
    settings.DEBUG = True
    name = alice_org.registration_document.name
    assert client.get(f"/media/{name}").status_code == 404


def test_only_the_owner_revokes_a_token_on_the_web_and_the_api(client_as, users, objects):
    """Alice's token: anonymous must sign in, everyone else gets 404 and the token keeps working."""
    from accounts import tokens

    (page,) = _written("accounts:token_revoke")
    (api,) = _written("POST /api/v1/tokens/{token_id}/revoke")
    page_statuses, api_statuses = page.statuses(), api.statuses()
    record, token = tokens.create_api_token(user=users["owner"], name="laptop")
    for viewpoint in ("anonymous", "outsider", "participant", "staff"):
        page_status, api_status = page_statuses[viewpoint], api_statuses[viewpoint]
        client = client_as(users[viewpoint])
        assert client.post(reverse("accounts:token_revoke", args=[record.pk])).status_code == page_status
        assert client.post(f"/api/v1/tokens/{record.pk}/revoke").status_code == api_status
        assert tokens.user_for_token(token) == users["owner"], viewpoint
        listed = client.get("/api/v1/tokens").content.decode()
        assert record.prefix not in listed, viewpoint
    owner = client_as(users["owner"])
    assert owner.post(f"/api/v1/tokens/{record.pk}/revoke").status_code == api_statuses["owner"]
    assert tokens.user_for_token(token) is None
    other, _ = tokens.create_api_token(user=users["owner"], name="phone")
    assert owner.post(reverse("accounts:token_revoke", args=[other.pk])).status_code == page_statuses["owner"]


def test_only_an_administrator_removes_a_member_and_the_member_stays_otherwise(client_as, users, objects):
    from accounts.models import Membership

    bob = users["participant"]
    url = reverse("accounts:member_remove", args=[objects["org"].slug, bob.pk])
    (row,) = _written("accounts:member_remove")
    statuses = row.statuses()
    for viewpoint in ("anonymous", "outsider", "participant", "staff"):
        assert client_as(users[viewpoint]).post(url).status_code == statuses[viewpoint], viewpoint
        assert Membership.objects.filter(user=bob, organisation=objects["org"]).exists(), viewpoint
    assert client_as(users["owner"]).post(url).status_code == statuses["owner"]
    assert not Membership.objects.filter(user=bob, organisation=objects["org"]).exists()
