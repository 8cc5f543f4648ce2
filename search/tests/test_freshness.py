"""Every write that changes what a result shows reaches the same search URLs (registry page and API,
marketplace page and API) through the one hook, whoever writes: a service, the back office (a plain
save()), a translation, a certifier."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile, UploadedFile
from django.utils.datastructures import MultiValueDict

from accounts.forms import OrganisationForm
from accounts.services import update_organisation
from assets.models import AssetTranslation

REGISTRY_PAGE, REGISTRY_API = "/assets/", "/api/v1/assets"
MARKET_PAGE, MARKET_API = "/marketplace/", "/api/v1/listings"


@pytest.fixture
def committed(django_capture_on_commit_callbacks):
    """Run a write as a request would: its on-commit work (the registry's index task) runs at the end."""

    def run(write):
        with django_capture_on_commit_callbacks(execute=True):
            return write()

    return run


@pytest.fixture
def market(published, committed):
    from matching.indexing import index_assets

    index_assets([item.asset_id for item in published.items.all()])
    return published


def texts(client, query: str, **filters) -> dict[str, str]:
    params = {"q": query, **filters}
    return {url: client.get(url, params).content.decode() for url in (REGISTRY_PAGE, REGISTRY_API)} | {
        url: client.get(url, params).content.decode() for url in (MARKET_PAGE, MARKET_API)
    }


def test_an_asset_edited_in_the_back_office_is_found_by_its_new_title(client, market, asset, committed):
    before = texts(client, "quokka")
    assert not any("Quokka" in text for text in before.values())
    asset.title = "Quokka-derived KRAS G12C inhibitor"
    committed(asset.save)  # what the admin's change form does
    found = texts(client, "quokka")
    assert "Quokka-derived" in found[REGISTRY_PAGE]
    assert "Quokka-derived" in found[REGISTRY_API]
    assert market.title in found[MARKET_PAGE]  # the listing that offers it
    assert market.title in found[MARKET_API]


def test_a_translation_makes_the_asset_and_its_listing_found_in_chinese(client, market, asset, committed):
    committed(
        lambda: AssetTranslation.objects.create(
            asset=asset, language_code="zh-hant", title="袋鼠來源的抑制劑", abstract="袋鼠"
        )
    )
    found = texts(client, "袋鼠")
    assert asset.number in found[REGISTRY_API]
    assert asset.number in found[REGISTRY_PAGE]
    assert market.title in found[MARKET_API]
    assert market.title in found[MARKET_PAGE]


def test_an_organisation_renamed_through_its_service_shows_its_new_name(
    client, market, asset, alice, alice_org, committed
):
    data = {
        field: getattr(alice_org, field)
        for field in OrganisationForm.Meta.fields
        if field not in {"registration_document", "logo"}
    }
    data |= {"name": "Wombat Therapeutics", "website": ""}
    document: UploadedFile = SimpleUploadedFile("r.pdf", b"%PDF-1.4 r")
    files = MultiValueDict({"registration_document": [document]})
    form = OrganisationForm(data, files, instance=alice_org)
    assert form.is_valid(), form.errors
    committed(lambda: update_organisation(organisation=alice_org, by=alice, form=form))
    found = texts(client, "wombat")
    assert "Wombat Therapeutics" in found[MARKET_PAGE]
    assert "Wombat Therapeutics" in found[MARKET_API]
    assert asset.number in found[REGISTRY_API]  # the member that manages it on the exchange
    assert asset.number in found[REGISTRY_PAGE]


def test_a_seller_country_changed_in_the_back_office_moves_the_facet(client, market, alice_org, committed):
    sellers = client.get(MARKET_API).json()["facets"]["seller_country"]
    assert [value["value"] for value in sellers] == ["CN"]
    alice_org.country = "SG"
    committed(alice_org.save)
    sellers = client.get(MARKET_API).json()["facets"]["seller_country"]
    assert [value["value"] for value in sellers] == ["SG"]
    api = client.get(MARKET_API, {"seller_country": "SG"}).json()
    assert [item["id"] for item in api["items"]] == [market.pk]
    page = client.get(MARKET_PAGE, {"seller_country": "SG"}).content.decode()
    assert market.title in page
    assert " · Singapore" in page  # the card names the country in the reader's language


def test_a_listing_retitled_in_the_back_office_shows_its_new_title(client, market, committed):
    market.title = "Platypus licence for ASEAN"
    committed(market.save)
    assert "Platypus licence" in client.get(MARKET_PAGE, {"q": "platypus"}).content.decode()
    assert client.get(MARKET_API, {"q": "platypus"}).json()["items"][0]["title"] == market.title


def test_a_listing_withdrawn_in_the_back_office_leaves_the_results(client, market, committed):
    assert client.get(MARKET_API).json()["total"] == 1
    market.status = market.Status.CLOSED
    committed(market.save)
    assert client.get(MARKET_API).json()["total"] == 0
    assert market.title not in client.get(MARKET_PAGE).content.decode()


def test_an_attestation_shows_in_the_registry_certified_facet(client, open_request, cara, committed):
    from certification import services

    url_params = {"certified": "validity"}
    assert open_request.asset.number not in client.get(REGISTRY_API, url_params).content.decode()
    requested = open_request.claims.get(claim="validity")
    committed(lambda: services.decide(requested=requested, by=cara, grant=True, reasons="Registry checked."))
    assert open_request.asset.number in client.get(REGISTRY_API, url_params).content.decode()
    assert open_request.asset.number in client.get(REGISTRY_PAGE, url_params).content.decode()
