import json

import pytest

from accounts.models import Organisation
from accounts.services import create_api_token
from assets.models import Asset

pytestmark = pytest.mark.django_db


def _post(client, path, body, **headers):
    return client.post(path, json.dumps(body), content_type="application/json", **headers)


def test_bearer_token_authenticates(client, alice):
    _record, token = create_api_token(user=alice, name="ci", scope="read-write")
    response = client.get("/api/v1/me", HTTP_AUTHORIZATION=f"Bearer {token}")
    assert response.status_code == 200
    assert response.json()["email"] == "alice@example.com"


def test_wrong_token_is_anonymous_and_gets_problem_details(client):
    response = client.get("/api/v1/me", HTTP_AUTHORIZATION="Bearer iph_wrong")
    assert response.status_code == 401
    assert response["Content-Type"] == "application/problem+json"
    assert response.json()["status"] == 401


def test_member_creates_an_asset_through_the_api(client, alice):
    _record, token = create_api_token(user=alice, name="ci", scope="read-write")
    response = _post(
        client,
        "/api/v1/assets",
        {"organisation": "alice-bio", "jurisdiction": "CN", "title": "Oral SERD", "number": "CN9A"},
        HTTP_AUTHORIZATION=f"Bearer {token}",
    )
    assert response.status_code == 201, response.content
    assert Asset.objects.get(number="CN9A").owner == Organisation.objects.get(slug="alice-bio")


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"organisation": "alice-bio", "jurisdiction": "CN"}, "title"),
        ({"organisation": "alice-bio", "jurisdiction": "CN", "title": "x", "kind": "spaceship"}, "kind"),
        (
            {
                "organisation": "alice-bio",
                "jurisdiction": "CN",
                "title": "x",
                "application_date": "2021-02-30",
            },
            "application_date",
        ),
        (
            {"organisation": "alice-bio", "jurisdiction": "CN", "title": "x", "visibility": "everyone"},
            "visibility",
        ),
    ],
)
def test_bad_asset_input_is_a_422_problem_and_writes_nothing(client, alice, body, field):
    client.force_login(alice)
    response = _post(client, "/api/v1/assets", body)
    assert response.status_code == 422
    problem = response.json()
    assert response["Content-Type"] == "application/problem+json"
    assert field in json.dumps(problem)
    assert not Asset.objects.exists()


def test_session_post_without_csrf_token_is_refused(alice):
    from django.test import Client

    client = Client(enforce_csrf_checks=True)
    client.force_login(alice)
    response = _post(
        client, "/api/v1/assets", {"organisation": "alice-bio", "jurisdiction": "CN", "title": "x"}
    )
    assert response.status_code == 403
    assert not Asset.objects.exists()


def test_organisation_registered_through_the_api_awaits_approval(client, charlie):
    client.force_login(charlie)
    response = _post(
        client, "/api/v1/organisations", {"name": "New Bio", "kind": "company", "jurisdiction": "HK"}
    )
    assert response.status_code == 201
    assert Organisation.objects.get(name="New Bio").status == "pending"


def test_unknown_organisation_type_is_refused(client, charlie):
    client.force_login(charlie)
    response = _post(client, "/api/v1/organisations", {"name": "X", "kind": "pirate", "jurisdiction": "HK"})
    assert response.status_code == 422
    assert not Organisation.objects.filter(name="X").exists()


def test_openapi_schema_lists_the_registry_endpoints(client):
    schema = client.get("/api/v1/openapi.json").json()
    assert {"/api/v1/assets", "/api/v1/assets/{asset_id}", "/api/v1/organisations", "/api/v1/trials"} <= set(
        schema["paths"]
    )


def test_pagination_bounds_are_checked(client):
    assert client.get("/api/v1/assets?per_page=1000").status_code == 422
    assert client.get("/api/v1/assets?page=0").status_code == 422


def test_unrouted_api_paths_answer_with_problem_details(client):
    response = client.get("/api/v1/no-such-endpoint/-1")
    assert response.status_code == 404
    assert response["Content-Type"] == "application/problem+json"


def test_unrouted_pages_answer_with_the_site_404(client):
    response = client.get("/no-such-page/")
    assert response.status_code == 404
    assert "text/html" in response["Content-Type"]


@pytest.mark.parametrize(
    "path",
    ["/api/v1/assets?cpc_section=A%00", "/api/v1/trials?q=x%00y", "/api/v1/listings?q=%00", "/assets/?q=%00"],
)
def test_nul_characters_in_a_query_are_a_400_and_reach_no_database(client, path):
    response = client.get(path)
    assert response.status_code == 400
    if path.startswith("/api/"):
        assert response["Content-Type"] == "application/problem+json"


def test_nul_characters_in_a_json_body_are_refused(client, alice):
    client.force_login(alice)
    response = _post(
        client, "/api/v1/organisations", {"name": "X\u0000", "kind": "company", "jurisdiction": "HK"}
    )
    assert response.status_code == 400
    assert not Organisation.objects.filter(name__startswith="X").exists()
