"""The API answers every error with problem details and the status that says what went wrong."""

import json

import pytest

from assets.models import Asset
from tests.factories import make_asset

pytestmark = pytest.mark.django_db


def _is_problem(response, status: int) -> dict:
    assert response.status_code == status, response.content
    assert response["Content-Type"] == "application/problem+json"
    return response.json()


def test_a_method_the_path_does_not_take_is_a_405_problem_with_allow(client):
    problem = _is_problem(client.delete("/api/v1/assets"), 405)
    assert "DELETE" in problem["detail"]
    assert "GET" in client.delete("/api/v1/assets")["Allow"]


def test_an_unknown_api_path_is_a_404_problem(client):
    _is_problem(client.post("/api/v1/no/such/thing", "{}", content_type="application/json"), 404)


def test_a_text_body_where_json_is_read_is_a_415_and_writes_nothing(client, alice):
    client.force_login(alice)
    body = json.dumps({"organisation": "alice-bio", "jurisdiction": "CN", "title": "x"})
    problem = _is_problem(client.post("/api/v1/assets", body, content_type="text/plain"), 415)
    assert "text/plain" in problem["detail"]
    assert not Asset.objects.exists()


def test_json_with_a_charset_is_still_json(client, alice):
    client.force_login(alice)
    body = json.dumps({"organisation": "alice-bio", "jurisdiction": "CN", "title": "Oral SERD"})
    response = client.post("/api/v1/assets", body, content_type="application/json; charset=utf-8")
    assert response.status_code == 201


@pytest.mark.parametrize("body", ["{", "[" * 5000 + "]" * 5000, b"\xff\xfe"])
def test_a_body_that_is_not_json_is_a_400_problem(client, alice, body):
    client.force_login(alice)
    _is_problem(client.post("/api/v1/assets", body, content_type="application/json"), 400)
    assert not Asset.objects.exists()


@pytest.mark.parametrize("signed_in", [False, True])
def test_multipart_without_a_boundary_is_a_400_problem(client, alice, signed_in):
    if signed_in:
        client.force_login(alice)
    response = client.post("/api/v1/assets/imports", b"--x\r\n", content_type="multipart/form-data")
    assert _is_problem(response, 400)["title"] == "Bad request"
    assert not Asset.objects.exists()


def test_a_page_past_the_last_is_a_404_problem_that_says_how_many_there_are(client, alice_org):
    make_asset(alice_org, number="CN1A")
    problem = _is_problem(client.get("/api/v1/assets?page=999999"), 404)
    assert "999999" in problem["detail"] and "1 page" in problem["detail"]


def test_a_page_that_exists_is_answered(client, alice_org):
    make_asset(alice_org, number="CN1A")
    assert client.get("/api/v1/assets?page=1").json()["items"][0]["number"] == "CN1A"


def test_an_offset_past_the_end_is_a_404_problem(client, alice_org):
    make_asset(alice_org, number="CN1A")
    problem = _is_problem(client.get("/api/v1/trials?offset=999999"), 404)
    assert "999999" in problem["detail"]


@pytest.mark.parametrize("path", ["/assets/", "/trials/", "/organisations/", "/certification/certified/"])
def test_a_page_past_the_last_on_the_site_is_the_404_page(client, path):
    response = client.get(f"{path}?page=999999")
    assert response.status_code == 404
    assert "999999" in response.content.decode() and "site.css" in response.content.decode()


def test_the_405_problem_speaks_the_callers_language(client):
    problem = _is_problem(client.delete("/api/v1/assets", HTTP_ACCEPT_LANGUAGE="zh-hans"), 405)
    assert problem["title"] == "不允许的方法"


@pytest.mark.django_db
def test_a_nul_in_an_uploads_form_field_is_a_422_problem_and_imports_nothing(client_as, alice, alice_org):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from assets.models import ImportRun

    response = client_as(alice).post(
        "/api/v1/assets/imports",
        {"organisation": f"{alice_org.slug}\x00", "file": SimpleUploadedFile("p.csv", b"number\n")},
    )
    assert response.status_code == 422 and response.json()["field"] == "organisation"
    assert response["Content-Type"].startswith("application/problem+json")
    assert not ImportRun.objects.exists()
