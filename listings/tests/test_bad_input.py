"""Hostile or careless input to listings and needs is refused with a clear 4xx and writes nothing."""

import json

import pytest

from core.bounds import MAX_INTEGER
from listings.models import Listing, Need

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _no_engine(monkeypatch):
    from listings import matches

    monkeypatch.setattr(matches, "_engine", lambda: None)


def _post(client, path, body):
    return client.post(path, json.dumps(body), content_type="application/json")


def _listing(asset, **fields):
    body = {
        "organisation": "alice-bio",
        "assets": [asset.pk],
        "title": "KRAS offer",
        "deal_type": "exclusive_licence",
    }
    return {**body, **fields}


def _problem(response, status: int) -> dict:
    assert response.status_code == status, response.content
    assert response["Content-Type"] == "application/problem+json"
    return response.json()


@pytest.mark.parametrize(
    ("fields", "status"),
    [
        ({"assets": [MAX_INTEGER + 1]}, 422),
        ({"title": "\ud800"}, 400),
        ({"title": "x" * 100_000}, 422),
        ({"summary": "x" * 100_000}, 422),
        ({"expires_on": "9999-12-31"}, 422),
        ({"expires_on": "2500-01-01"}, 422),
    ],
)
def test_a_bad_listing_is_a_problem_and_writes_nothing(client, alice, asset, fields, status):
    client.force_login(alice)
    _problem(_post(client, "/api/v1/listings", _listing(asset, **fields)), status)
    assert not Listing.objects.exists()


def test_a_bad_listing_change_is_a_problem_and_changes_nothing(client, alice, asset, make_listing):
    listing = make_listing([asset])
    client.force_login(alice)
    response = client.patch(
        f"/api/v1/listings/{listing.pk}",
        json.dumps({"title": "x" * 100_000}),
        content_type="application/json",
    )
    _problem(response, 422)
    listing.refresh_from_db()
    assert listing.title.startswith("KRAS")


@pytest.mark.parametrize(
    ("fields", "status"),
    [({"title": "\ud800"}, 400), ({"title": "x" * 100_000}, 422), ({"text": "x" * 100_000}, 422)],
)
def test_a_bad_need_is_a_problem_and_writes_nothing(client, alice, fields, status):
    client.force_login(alice)
    body = {"organisation": "alice-bio", "title": "ADC wanted", "text": "An ADC for gastric cancer", **fields}
    _problem(_post(client, "/api/v1/listings/needs", body), status)
    assert not Need.objects.exists()


@pytest.mark.parametrize("assets", [[str(MAX_INTEGER + 1)], ["-1"], ["abc"]])
def test_the_listing_form_refuses_an_impossible_asset_id(client, alice, asset, assets):
    client.force_login(alice)
    data = {"title": "KRAS offer", "deal_type": "exclusive_licence", "corridor": "any", "currency": "USD"}
    response = client.post("/marketplace/new/alice-bio/", {**data, "assets": assets})
    assert response.status_code == 200
    assert "assets" in response.context["form"].errors
    assert not Listing.objects.exists()


def test_the_listing_form_refuses_an_offer_valid_for_centuries(client, alice, asset):
    client.force_login(alice)
    data = {"title": "KRAS offer", "deal_type": "exclusive_licence", "corridor": "any", "currency": "USD"}
    response = client.post(
        "/marketplace/new/alice-bio/", {**data, "assets": [asset.pk], "expires_on": "2700-01-01"}
    )
    assert response.status_code == 200
    assert "expires_on" in response.context["form"].errors
    assert not Listing.objects.exists()


def test_a_too_long_message_with_interest_is_refused_not_cut(client, charlie, asset, make_listing, staff):
    from listings.models import Interest

    listing = make_listing([asset], publish=True, staff=staff)
    client.force_login(charlie)
    body = {"organisation": "charlie-pharma", "message": "x" * 6000}
    _problem(_post(client, f"/api/v1/listings/{listing.pk}/interests", body), 422)
    assert not Interest.objects.exists()
