"""The API's documentation works offline, explains tokens legibly, lists allowed values and every invalid field."""

import json
import re

import pytest

from accounts.services import create_api_token

pytestmark = pytest.mark.django_db


def test_api_docs_load_swagger_ui_from_the_platform_not_a_cdn(client):
    response = client.get("/api/v1/docs")
    assert response.status_code == 200
    html = response.content.decode()
    sources = re.findall(r'(?:src|href)="([^"]+)"', html)
    assert any(source.endswith("swagger-ui-bundle.js") for source in sources)
    assert all(source.startswith("/") for source in sources), sources


def test_api_docs_assets_ship_with_the_platform(client, settings):
    from django.contrib.staticfiles import finders

    html = client.get("/api/v1/docs").content.decode()
    for source in re.findall(r'(?:src|href)="([^"]+)"', html):
        assert finders.find(source.removeprefix(settings.STATIC_URL)), source


def test_api_docs_turn_off_the_online_validator(client):
    html = client.get("/api/v1/docs").content.decode()
    settings_json = re.findall(r'id="swagger-settings">(.*?)</script>', html, re.S)[0]
    assert json.loads(settings_json)["validatorUrl"] is None


def test_api_description_shows_the_token_header_as_code(client):
    description = client.get("/api/v1/openapi.json").json()["info"]["description"]
    assert "`Authorization: Bearer <token>`" in description


def test_token_page_shows_the_placeholder_escaped(client, alice):
    client.force_login(alice)
    html = client.get("/my/tokens/").content.decode()
    assert "Authorization: Bearer &lt;token&gt;" in html
    assert "<token>" not in html


def test_schema_lists_the_allowed_values_of_enumerations(client):
    schemas = client.get("/api/v1/openapi.json").json()["components"]["schemas"]
    assert "exclusive_licence" in schemas["ListingIn"]["properties"]["deal_type"]["enum"]
    assert "confidential" in schemas["AssetIn"]["properties"]["visibility"]["enum"]
    assert "antibody" in json.dumps(schemas["NeedIn"]["properties"]["modalities"])
    assert "indicators" in json.dumps(schemas["ValuationIn"]["properties"]["methods"])


def test_every_invalid_field_is_reported_at_once(client, alice):
    _record, token = create_api_token(user=alice, name="ci", scope="read-write")
    response = client.post(
        "/api/v1/assets",
        json.dumps({"organisation": "alice-bio", "title": "", "jurisdiction": "C", "cpc_codes": "A61K"}),
        content_type="application/json",
        HTTP_AUTHORIZATION=f"Bearer {token}",
    )
    assert response.status_code == 422
    assert response["Content-Type"] == "application/problem+json"
    locations = {error["location"] for error in response.json()["errors"]}
    assert {"body.payload.title", "body.payload.jurisdiction", "body.payload.cpc_codes"} <= locations


def test_invalid_query_and_body_are_reported_together(client, alice):
    _record, token = create_api_token(user=alice, name="ci", scope="read-write")
    response = client.post(
        "/api/v1/assets?limit=abc",
        json.dumps({"organisation": "alice-bio", "title": ""}),
        content_type="application/json",
        HTTP_AUTHORIZATION=f"Bearer {token}",
    )
    assert response.status_code == 422
    assert len(response.json()["errors"]) >= 2
