"""Facets name their values in the reader's language, count each listing once per value so that the counts
of a one-valued facet add up to the total, and an empty filter box is not drawn."""

import pytest

MARKET_PAGE, MARKET_API = "/marketplace/", "/api/v1/listings"


@pytest.fixture
def corridors(make_listing, asset, staff):
    return [
        make_listing([asset], publish=True, staff=staff, corridor=corridor, title=f"Offer {corridor}")
        for corridor in ("mainland_to_overseas", "overseas_to_mainland", "any")
    ]


def counts(client, facet: str, **params) -> dict[str, int]:
    body = client.get(MARKET_API, params).json()
    return {value["value"]: value["count"] for value in body["facets"][facet]}


def test_corridor_counts_add_up_to_the_listings_counted(client, corridors):
    found = counts(client, "corridor")
    assert sum(found.values()) == client.get(MARKET_API).json()["total"] == 3
    assert found == {"mainland_to_overseas": 1, "overseas_to_mainland": 1, "any": 1}


def test_one_direction_also_finds_the_offers_open_to_either(client, corridors):
    body = client.get(MARKET_API, {"corridor": "mainland_to_overseas"}).json()
    assert sorted(item["corridor"] for item in body["items"]) == ["any", "mainland_to_overseas"]


@pytest.mark.parametrize(
    ("language", "singapore"), [("en", "Singapore"), ("zh-hant", "新加坡"), ("zh-hans", "新加坡")]
)
def test_territories_and_countries_are_named_in_the_readers_language(client, published, language, singapore):
    body = client.get(MARKET_API, HTTP_ACCEPT_LANGUAGE=language).json()
    territories = {value["value"]: value["label"] for value in body["facets"]["territory"]}
    assert territories["SG"] == singapore
    assert territories["ASEAN"] != "ASEAN" or language == "en"
    assert body["facets"]["seller_country"][0]["label"] != "CN"
    page = client.get(MARKET_PAGE, HTTP_ACCEPT_LANGUAGE=language).content.decode()
    assert singapore in page


def test_registry_facets_name_jurisdictions_and_countries(client, asset):
    body = client.get("/api/v1/assets", HTTP_ACCEPT_LANGUAGE="zh-hans").json()
    labels = {value["value"]: value["label"] for value in body["facets"]["jurisdiction"]}
    assert labels[asset.jurisdiction] not in ("", asset.jurisdiction)


def test_an_empty_filter_box_is_not_drawn(client, db):
    assert client.get(MARKET_API).json()["total"] == 0
    assert 'class="facet card"' not in client.get(MARKET_PAGE).content.decode()
    assert 'class="facet card"' not in client.get("/assets/").content.decode()
