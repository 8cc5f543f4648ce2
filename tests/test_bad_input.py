"""Hostile or careless input to the registry is refused with a clear 4xx and changes nothing; the API and
the web forms enforce the same limits, which live in the models and services."""

import json

import pytest

from assets.models import Asset
from tests.factories import make_asset

pytestmark = pytest.mark.django_db


def _post(client, path, body):
    return client.post(path, json.dumps(body), content_type="application/json")


def _problem(response, status: int) -> dict:
    assert response.status_code == status, response.content
    assert response["Content-Type"] == "application/problem+json"
    return response.json()


ASSET = {"organisation": "alice-bio", "jurisdiction": "CN", "title": "Oral SERD", "number": "CN9A"}


@pytest.mark.parametrize(
    ("fields", "field"),
    [
        ({"application_date": "9999-12-31"}, "application_date"),
        ({"application_date": "0001-01-01"}, "application_date"),
        ({"grant_date": "9999-12-31", "application_date": "2020-01-01"}, "grant_date"),
        ({"publication_date": "0001-01-01"}, "publication_date"),
        ({"abstract": "x" * 100_000}, "abstract"),
        ({"title": "x" * 100_000}, "title"),
    ],
)
def test_an_impossible_asset_is_a_422_problem_and_writes_nothing(client, alice, fields, field):
    client.force_login(alice)
    problem = _problem(_post(client, "/api/v1/assets", {**ASSET, **fields}), 422)
    assert field in json.dumps(problem)
    assert not Asset.objects.exists()


@pytest.mark.parametrize(
    "fields",
    [{"abstract": None}, {"confidential_notes": None}, {"know_how_description": None}, {"title": None}],
)
def test_null_for_a_text_field_is_a_422_problem_and_changes_nothing(client, alice, alice_org, fields):
    asset = make_asset(alice_org, number="CN1A")
    client.force_login(alice)
    response = client.patch(f"/api/v1/assets/{asset.pk}", json.dumps(fields), content_type="application/json")
    _problem(response, 422)
    asset.refresh_from_db()
    assert (
        asset.abstract == "A humanised antibody against PD-1."
        and asset.confidential_notes == "SECRET-NOTE-42"
    )


def test_an_asset_dated_in_year_9999_is_refused_by_the_service_too(alice, alice_org):
    from assets import services
    from core.errors import InvalidInput

    with pytest.raises(InvalidInput):
        services.create_asset(
            organisation=alice_org,
            by=alice,
            title="x",
            jurisdiction="CN",
            application_date=_date("9999-12-31"),
        )
    assert not Asset.objects.exists()


def _date(text):
    from datetime import date

    return date.fromisoformat(text)


@pytest.mark.parametrize("day", ["9999-12-31", "0001-01-01"])
def test_the_asset_form_refuses_the_dates_the_api_refuses(client, alice, day):
    client.force_login(alice)
    data = {"kind": "invention", "jurisdiction": "CN", "title": "Oral SERD", "number": "CN9A"}
    data |= {
        "visibility": "public",
        "legal_status": "pending",
        "original_language": "en",
        "application_date": day,
    }
    response = client.post("/assets/new/alice-bio/", data)
    assert response.status_code == 200
    assert "application_date" in response.context["form"].errors
    assert not Asset.objects.exists()


def test_a_legal_event_in_year_9999_is_a_422_problem(client, alice, alice_org):
    asset = make_asset(alice_org, number="CN1A")
    client.force_login(alice)
    response = _post(
        client, f"/api/v1/assets/{asset.pk}/legal-events", {"date": "9999-12-31", "effect": "note"}
    )
    _problem(response, 422)
    assert not asset.legal_events.exists()


def test_a_valuation_dated_in_year_9999_is_a_422_problem(client, alice, alice_org):
    from valuation.models import Valuation

    asset = make_asset(alice_org, number="CN1A")
    client.force_login(alice)
    body = {
        "asset": asset.pk,
        "purpose": "licensing",
        "methods": ["cost"],
        "inputs": {},
        "currency": "USD",
        "valuation_date": "9999-12-31",
    }
    problem = _problem(_post(client, "/api/v1/valuation/valuations", body), 422)
    assert problem.get("field") == "valuation_date", problem
    assert not Valuation.objects.exists()
