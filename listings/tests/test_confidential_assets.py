"""A listing that bundles a confidential asset shows, facets and finds nothing of that asset."""

import json

import pytest

from assets import services as registry
from assets.models import BiomedicalProfile
from tests.factories import make_asset

SECRET_DRUG = "QF-7781"


@pytest.fixture
def secret(alice_org, indications):
    asset = make_asset(
        alice_org, number="CN118999777A", title="Quillfeather degrader", visibility="confidential"
    )
    profile = BiomedicalProfile.objects.create(
        asset=asset, modality="antibody", phase=1, drug_name=SECRET_DRUG, inn="quillfemab"
    )
    profile.indications.set([indications["gastric"]])
    return asset


@pytest.fixture
def bundle(make_listing, alice_org, secret, staff):
    plain = make_asset(alice_org, number="CN100200300B", title="Oral formulation", cpc_codes=["A61K9/20"])
    return make_listing([plain, secret], publish=True, staff=staff)


def _search(client, **params) -> list[int]:
    response = client.get("/api/v1/listings", params)
    assert response.status_code == 200
    return [item["id"] for item in response.json()["items"]]


def test_the_public_listing_shows_no_profile_of_a_confidential_asset(client, bundle):
    data = client.get(f"/api/v1/listings/{bundle.pk}").json()
    assert data["modality"] == "" and data["phase"] is None and data["indications"] == []
    page = client.get(f"/marketplace/{bundle.pk}/").content.decode()
    assert "Gastric" not in page and "antibody" not in page.lower() and SECRET_DRUG not in page


@pytest.mark.parametrize(
    "params",
    [
        {"indication": "gastric"},
        {"modality": "antibody"},
        {"phase": "1"},
        {"q": "gastric"},
        {"q": SECRET_DRUG},
        {"q": "quillfemab"},
        {"q": "Quillfeather"},
    ],
)
def test_search_and_facets_do_not_find_a_listing_by_a_confidential_asset(client, bundle, params):
    assert bundle.pk not in _search(client, **params)
    facets = client.get("/api/v1/listings", {"facets": "true"}).json()["facets"]
    values = json.dumps(facets)
    assert '"gastric"' not in values and '"antibody"' not in values


def test_only_the_public_assets_feed_the_listing_profile(client, make_listing, asset, secret, staff):
    listing = make_listing([secret, asset], publish=True, staff=staff)
    data = client.get(f"/api/v1/listings/{listing.pk}").json()
    assert (data["modality"], data["phase"], data["indications"]) == ("small_molecule", 3, ["nsclc"])
    assert listing.pk in _search(client, indication="nsclc")
    assert listing.pk not in _search(client, indication="gastric")


def test_an_asset_turned_confidential_leaves_the_listing_it_is_offered_in(client, published, asset, alice):
    assert published.pk in _search(client, indication="nsclc")
    registry.update_asset(asset=asset, by=alice, visibility="confidential")
    data = client.get(f"/api/v1/listings/{published.pk}").json()
    assert data["modality"] == "" and data["indications"] == []
    assert published.pk not in _search(client, indication="nsclc")


def test_a_portfolio_upload_that_makes_an_asset_confidential_leaves_its_listing(
    client, make_listing, alice, alice_org, staff
):
    from assets.importers import import_portfolio
    from assets.models import Asset
    from assets.tests.test_import_portfolio import filled_template, row

    ours = {"applicants / 申请人": alice_org.name}
    import_portfolio(
        filled_template(row(**ours, **{"visibility / 可见性": "公开"})), organisation=alice_org, user=alice
    )
    listing = make_listing([Asset.objects.get(number="CN115000001B")], publish=True, staff=staff)
    assert client.get(f"/api/v1/listings/{listing.pk}").json()["modality"] == "small_molecule"
    import_portfolio(
        filled_template(row(**ours, **{"visibility / 可见性": "保密"})), organisation=alice_org, user=alice
    )
    data = client.get(f"/api/v1/listings/{listing.pk}").json()
    assert (data["modality"], data["phase"], data["indications"]) == ("", None, [])
    assert listing.pk not in _search(client, q="exampletinib")
    assert listing.pk not in _search(client, indication="breast")
