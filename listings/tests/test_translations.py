"""A listing written in one language carries the seller's own headline and teaser in another; each reader
gets their language, Chinese in their script, with the original marked."""

import json

import pytest
from django.urls import reverse

from core.errors import Conflict, InvalidInput
from listings import services
from listings.models import Listing, ListingTranslation
from listings.translations import for_reader

pytestmark = pytest.mark.django_db

CHINESE_TITLE = "KRAS G12C抑制剂，东盟独家许可"
CHINESE_SUMMARY = "口服小分子抑制剂，肺癌二期。"
ENGLISH = {
    "language_code": "en",
    "title": "KRAS G12C inhibitor, ASEAN exclusive",
    "summary": "Oral, phase 2.",
}


@pytest.fixture
def chinese(make_listing, asset):
    return make_listing([asset], title=CHINESE_TITLE, summary=CHINESE_SUMMARY, translations=[ENGLISH])


def test_a_chinese_listing_reads_in_english_with_the_sellers_translation(chinese):
    assert chinese.original_language == "zh-hans"
    shown = for_reader(chinese, "en")
    assert (shown.title, shown.summary, shown.translated) == (ENGLISH["title"], ENGLISH["summary"], True)


@pytest.mark.parametrize(
    ("language", "title"),
    [("zh-hans", CHINESE_TITLE), ("zh-hant", "KRAS G12C抑制劑，東盟獨家許可")],
)
def test_readers_of_chinese_get_the_original_in_their_script(chinese, language, title):
    shown = for_reader(chinese, language)
    assert shown.title == title and not shown.translated


def test_an_english_listing_with_a_simplified_translation_reads_in_traditional_too(make_listing, asset):
    listing = make_listing(
        [asset], translations=[{"language_code": "zh-hans", "title": "口服抑制剂", "summary": "肺癌"}]
    )
    assert for_reader(listing, "zh-hant").title == "口服抑制劑"
    assert for_reader(listing, "en").translated is False


@pytest.mark.parametrize(
    ("translation", "field"),
    [
        ({"language_code": "zh-hant", "title": "同一種語言"}, "translation_language"),
        ({"language_code": "fr", "title": "Inhibiteur"}, "translation_language"),
        ({"language_code": "en", "title": "   "}, "translation_title"),
        ({"language_code": "en", "title": "x" * 301}, "translation_title"),
    ],
)
def test_a_bad_translation_is_refused_with_its_field_and_nothing_is_saved(
    make_listing, asset, translation, field
):
    with pytest.raises(InvalidInput) as refused:
        make_listing([asset], title=CHINESE_TITLE, summary=CHINESE_SUMMARY, translations=[translation])
    assert refused.value.field == field
    assert not Listing.objects.exists()


def test_a_published_listings_translation_cannot_be_changed(chinese, alice, staff):
    services.submit_listing(listing=chinese, by=alice)
    services.approve_listing(listing=chinese, by=staff)
    with pytest.raises(Conflict):
        services.update_listing(listing=chinese, by=alice, translations=[{**ENGLISH, "title": "Changed"}])
    assert ListingTranslation.objects.get().title == ENGLISH["title"]


def test_the_page_shows_the_translation_and_marks_the_original(client, chinese, alice):
    client.force_login(alice)
    html = client.get(reverse("listings:detail", args=[chinese.pk])).content.decode()
    assert f"<h1>{ENGLISH['title']}</h1>" in html
    assert "Translated by the seller; written in 简体中文." in html
    assert CHINESE_TITLE in html
    client.cookies["django_language"] = "zh-hant"
    html = client.get(reverse("listings:detail", args=[chinese.pk])).content.decode()
    assert "<h1>KRAS G12C抑制劑，東盟獨家許可</h1>" in html


def test_the_form_saves_a_translation(client_as, alice, asset):
    data = {
        "title": CHINESE_TITLE,
        "summary": CHINESE_SUMMARY,
        "deal_type": "exclusive_licence",
        "corridor": "any",
        "currency": "USD",
        "assets": [asset.pk],
        "translation_language": "en",
        "translation_title": ENGLISH["title"],
        "translation_summary": ENGLISH["summary"],
    }
    response = client_as(alice).post(reverse("listings:create", args=["alice-bio"]), data)
    assert response.status_code == 302
    assert ListingTranslation.objects.get().title == ENGLISH["title"]


def test_the_form_shows_a_refused_translation_on_its_field(client_as, alice, asset):
    data = {
        "title": CHINESE_TITLE,
        "deal_type": "exclusive_licence",
        "corridor": "any",
        "currency": "USD",
        "assets": [asset.pk],
        "translation_language": "zh-hant",
        "translation_title": "同一種語言",
    }
    response = client_as(alice).post(reverse("listings:create", args=["alice-bio"]), data)
    assert response.status_code == 200
    assert "This is the original language." in response.content.decode()
    assert not Listing.objects.exists()


def test_the_api_takes_and_shows_translations(client_as, alice, asset):
    body = {
        "organisation": "alice-bio",
        "assets": [asset.pk],
        "title": CHINESE_TITLE,
        "summary": CHINESE_SUMMARY,
        "deal_type": "exclusive_licence",
        "translations": [ENGLISH],
    }
    client = client_as(alice)
    created = client.post("/api/v1/listings", json.dumps(body), content_type="application/json")
    assert created.status_code == 201, created.content
    assert created.json()["original_language"] == "zh-hans"
    assert created.json()["translations"] == [ENGLISH]
    patch = {"translations": [{**ENGLISH, "title": "KRAS G12C inhibitor"}]}
    url = f"/api/v1/listings/{created.json()['id']}"
    changed = client.patch(url, json.dumps(patch), content_type="application/json")
    assert changed.json()["translations"][0]["title"] == "KRAS G12C inhibitor"
    bad = client.patch(
        url,
        json.dumps({"translations": [{"language_code": "zh-hant", "title": "同"}]}),
        content_type="application/json",
    )
    assert bad.status_code == 422 and bad.json()["field"] == "translation_language"


def test_the_market_search_finds_a_listing_by_its_translation(make_listing, asset, staff):
    from listings.search import search_listings

    make_listing(
        [asset],
        title=CHINESE_TITLE,
        summary=CHINESE_SUMMARY,
        translations=[ENGLISH],
        publish=True,
        staff=staff,
    )
    assert search_listings(query="ASEAN exclusive").total == 1
    ListingTranslation.objects.all().delete()
    from listings.indexing import index_listing

    index_listing(Listing.objects.get())
    assert search_listings(query="ASEAN exclusive").total == 0


NEED_ENGLISH = {"language_code": "en", "title": "KRAS inhibitor wanted", "text": "In-licence for Singapore."}


@pytest.fixture
def chinese_need(charlie_org, charlie):
    from listings import needs

    return needs.create_need(
        organisation=charlie_org,
        by=charlie,
        title="寻求KRAS抑制剂",
        text="新加坡许可引进。",
        translations=[NEED_ENGLISH],
    )


def test_a_chinese_need_reads_in_english_and_in_the_readers_chinese_script(chinese_need):
    from listings.translations import need_for_reader

    assert need_for_reader(chinese_need, "en").title == NEED_ENGLISH["title"]
    assert need_for_reader(chinese_need, "zh-hant").title == "尋求KRAS抑制劑"
    assert not need_for_reader(chinese_need, "zh-hans").translated


def test_a_need_translation_in_its_own_language_is_refused(charlie_org, charlie):
    from listings import needs
    from listings.models import Need

    with pytest.raises(InvalidInput) as refused:
        needs.create_need(
            organisation=charlie_org,
            by=charlie,
            title="寻求KRAS抑制剂",
            text="新加坡许可引进。",
            translations=[{"language_code": "zh-hant", "title": "尋求"}],
        )
    assert refused.value.field == "translation_language"
    assert not Need.objects.exists()


def test_the_need_page_form_and_api_carry_the_translation(client_as, charlie, chinese_need):
    client = client_as(charlie)
    html = client.get(reverse("listings:need", args=[chinese_need.pk])).content.decode()
    assert f"<h1>{NEED_ENGLISH['title']}</h1>" in html and "寻求KRAS抑制剂" in html
    edit = client.get(reverse("listings:need_edit", args=[chinese_need.pk])).content.decode()
    assert 'value="KRAS inhibitor wanted"' in edit
    shown = client.get(f"/api/v1/listings/needs/{chinese_need.pk}").json()
    assert shown["translations"] == [NEED_ENGLISH]
    patch = {"translations": [{**NEED_ENGLISH, "title": "KRAS G12C inhibitor wanted"}]}
    changed = client.patch(
        f"/api/v1/listings/needs/{chinese_need.pk}", json.dumps(patch), content_type="application/json"
    )
    assert (
        changed.status_code == 200
        and changed.json()["translations"][0]["title"] == "KRAS G12C inhibitor wanted"
    )


def test_an_outsider_sees_no_private_needs_translation(client_as, alice, chinese_need):
    client = client_as(alice)
    assert client.get(reverse("listings:need", args=[chinese_need.pk])).status_code == 404
    assert client.get(f"/api/v1/listings/needs/{chinese_need.pk}").status_code == 404
