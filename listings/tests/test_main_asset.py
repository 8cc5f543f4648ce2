"""A listing's main asset is explicit: one of the assets offered, shown first, the same rule for the form,
the API and every other caller of the services."""

import json

import pytest
from django.apps import apps
from django.core.exceptions import ValidationError
from django.urls import reverse

from core.errors import InvalidInput
from listings import services
from listings.models import Listing
from tests.factories import make_asset

pytestmark = pytest.mark.django_db


@pytest.fixture
def second(alice_org):
    return make_asset(alice_org, number="CN200002A", title="Companion diagnostic for KRAS G12C")


@pytest.fixture
def stranger(charlie_org):
    return make_asset(charlie_org, number="CN300003A", title="Someone else's antibody")


def _order(listing) -> list[tuple[str, str]]:
    return [(item.asset.number, item.role) for item in listing.items.select_related("asset")]


def test_without_a_choice_the_first_asset_is_the_main_one(make_listing, asset, second):
    listing = make_listing([asset, second])
    assert listing.main_asset == asset
    assert _order(listing) == [("CN100001A", "main"), ("CN200002A", "portfolio")]


def test_the_chosen_main_asset_comes_first(make_listing, asset, second):
    listing = make_listing([asset, second], main_asset=second)
    assert listing.main_asset == second
    assert _order(listing) == [("CN200002A", "main"), ("CN100001A", "portfolio")]


def test_a_main_asset_outside_the_bundle_is_refused_and_nothing_is_saved(make_listing, asset, second):
    with pytest.raises(InvalidInput) as refused:
        make_listing([asset], main_asset=second)
    assert refused.value.field == "main_asset"
    assert not Listing.objects.exists()


def test_changing_the_main_asset_alone_reorders_the_bundle(make_listing, alice, asset, second):
    listing = make_listing([asset, second])
    services.update_listing(listing=listing, by=alice, main_asset=second)
    listing.refresh_from_db()
    assert listing.main_asset == second
    assert _order(listing)[0] == ("CN200002A", "main")


def test_dropping_the_main_asset_from_the_bundle_makes_the_first_remaining_one_main(
    make_listing, alice, asset, second
):
    listing = make_listing([asset, second], main_asset=second)
    services.update_listing(listing=listing, by=alice, assets=[asset])
    listing.refresh_from_db()
    assert listing.main_asset == asset


def test_the_model_refuses_a_main_asset_that_is_not_offered(make_listing, asset, stranger):
    listing = make_listing([asset])
    listing.main_asset = stranger
    with pytest.raises(ValidationError) as refused:
        listing.full_clean()
    assert "main_asset" in refused.value.message_dict


def test_existing_listings_get_their_first_asset_as_the_main_one(make_listing, asset, second):
    listing = make_listing([asset, second])
    Listing.objects.filter(pk=listing.pk).update(main_asset=None)
    migration = __import__("listings.migrations.0004_listing_main_asset", fromlist=["x"])
    migration.choose_the_implicit_main_asset(apps, None)
    assert Listing.objects.get(pk=listing.pk).main_asset == asset


def _post(client, url, body, method="post"):
    return getattr(client, method)(url, json.dumps(body), content_type="application/json")


def test_the_api_takes_and_shows_the_main_asset(client_as, alice, asset, second):
    body = {"organisation": "alice-bio", "assets": [asset.pk, second.pk], "main_asset": second.pk}
    created = _post(
        client_as(alice), "/api/v1/listings", {**body, "title": "Bundle", "deal_type": "exclusive_licence"}
    )
    assert created.status_code == 201, created.content
    shown = created.json()
    assert shown["main_asset"] == second.pk
    assert [(row["number"], row["main"]) for row in shown["assets"]] == [
        ("CN200002A", True),
        ("CN100001A", False),
    ]
    changed = _post(client_as(alice), f"/api/v1/listings/{shown['id']}", {"main_asset": asset.pk}, "patch")
    assert changed.status_code == 200 and changed.json()["main_asset"] == asset.pk


@pytest.mark.parametrize("main", ["second", "stranger"])
def test_the_api_refuses_a_main_asset_outside_the_bundle_as_a_problem(
    client_as, alice, asset, second, stranger, main
):
    chosen = {"second": second, "stranger": stranger}[main]
    body = {
        "organisation": "alice-bio",
        "assets": [asset.pk],
        "main_asset": chosen.pk,
        "title": "Bundle",
        "deal_type": "exclusive_licence",
    }
    response = _post(client_as(alice), "/api/v1/listings", body)
    assert response.status_code == 422 and response["Content-Type"] == "application/problem+json"
    assert response.json().get("field") == "main_asset"
    assert not Listing.objects.exists()


def _form(asset_ids, main=""):
    return {
        "title": "KRAS bundle",
        "deal_type": "exclusive_licence",
        "corridor": "any",
        "currency": "USD",
        "assets": asset_ids,
        "main_asset": main,
    }


def test_the_form_picks_the_main_asset_and_the_page_shows_it_first(client_as, alice, asset, second):
    client = client_as(alice)
    response = client.post(
        reverse("listings:create", args=["alice-bio"]), _form([asset.pk, second.pk], second.pk)
    )
    listing = Listing.objects.get()
    assert response.status_code == 302 and listing.main_asset == second
    html = client.get(reverse("listings:detail", args=[listing.pk])).content.decode()
    assert html.index("CN200002A") < html.index("CN100001A")
    edit = client.get(reverse("listings:edit", args=[listing.pk])).content.decode()
    assert f'<option value="{second.pk}" selected>' in edit


def test_the_form_refuses_a_main_asset_that_is_not_offered(client_as, alice, asset, second):
    response = client_as(alice).post(
        reverse("listings:create", args=["alice-bio"]), _form([asset.pk], second.pk)
    )
    assert response.status_code == 200
    assert "The main asset must be one of the assets offered." in response.content.decode()
    assert not Listing.objects.exists()
