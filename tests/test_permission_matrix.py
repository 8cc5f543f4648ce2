"""Every page and endpoint seen from the five viewpoints: anonymous, outsider, participant, owner, staff.

Each case says what each viewpoint gets; a 404 for outsiders means the object's existence does not leak.
"""

import json

import pytest
from django.urls import reverse

from assets.models import Asset
from tests.factories import make_asset
from tests.matrix import LOGIN, VIEWPOINTS, Row, check

pytestmark = pytest.mark.django_db


@pytest.fixture
def objects(alice_org):
    return {
        "public": make_asset(alice_org, number="CN1A", visibility="public"),
        "secret": make_asset(alice_org, number="CN2A", visibility="confidential", title="Secret know-how"),
        "org": alice_org,
    }


def _resolve(objects):
    return lambda key: objects[key].slug if key == "org" else objects[key].pk


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
]


@pytest.mark.parametrize("row", MATRIX, ids=str)
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
    [("public", [401, 403, 200, 200, 200]), ("secret", [401, 404, 200, 200, 200])],
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

    expected = {
        "anonymous": (LOGIN, 401),
        "outsider": (404, 404),
        "participant": (404, 404),
        "staff": (404, 404),
    }
    record, token = tokens.create_api_token(user=users["owner"], name="laptop")
    for viewpoint, (page_status, api_status) in expected.items():
        client = client_as(users[viewpoint])
        assert client.post(reverse("accounts:token_revoke", args=[record.pk])).status_code == page_status
        assert client.post(f"/api/v1/tokens/{record.pk}/revoke").status_code == api_status
        assert tokens.user_for_token(token) == users["owner"], viewpoint
        listed = client.get("/api/v1/tokens").content.decode()
        assert record.prefix not in listed, viewpoint
    owner = client_as(users["owner"])
    assert owner.post(f"/api/v1/tokens/{record.pk}/revoke").status_code == 200
    assert tokens.user_for_token(token) is None


def test_only_an_administrator_removes_a_member_and_the_member_stays_otherwise(client_as, users, objects):
    from accounts.models import Membership

    bob = users["participant"]
    url = reverse("accounts:member_remove", args=[objects["org"].slug, bob.pk])
    for viewpoint, status in {"anonymous": LOGIN, "outsider": 404, "participant": 404, "staff": 404}.items():
        assert client_as(users[viewpoint]).post(url).status_code == status, viewpoint
        assert Membership.objects.filter(user=bob, organisation=objects["org"]).exists(), viewpoint
    assert client_as(users["owner"]).post(url).status_code == 302
    assert not Membership.objects.filter(user=bob, organisation=objects["org"]).exists()
