"""The marketplace's result cards, on the page and in the search API, show the seller's translation to a
reader of another language (Chinese in the reader's script), at once when it changes, and the number of
the listing's main asset unless that asset is confidential."""

import pytest
from django.conf import settings
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from listings.models import ListingTranslation
from tests.factories import make_asset

pytestmark = pytest.mark.django_db

BROWSE = reverse("listings:browse")
ENGLISH_TITLE = "KRAS G12C inhibitor, exclusive licence for ASEAN"
SIMPLIFIED = {
    "language_code": "zh-hans",
    "title": "口服KRAS抑制剂东盟独家许可",
    "summary": "肺癌二期口服小分子。",
}
TRADITIONAL_TITLE = "口服KRAS抑制劑東盟獨家許可"


@pytest.fixture
def translated(make_listing, asset, staff):
    return make_listing([asset], publish=True, staff=staff, translations=[SIMPLIFIED])


def reader(language: str) -> Client:
    client = Client()
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    return client


def page(client: Client) -> str:
    response = client.get(BROWSE)
    assert response.status_code == 200
    return response.content.decode()


def api_items(client: Client) -> list[dict]:
    response = client.get("/api/v1/listings")
    assert response.status_code == 200
    return response.json()["items"]


def test_a_reader_of_simplified_chinese_sees_the_sellers_translation_on_the_page(translated):
    shown = page(reader("zh-hans"))
    assert SIMPLIFIED["title"] in shown and SIMPLIFIED["summary"] in shown
    assert ENGLISH_TITLE not in shown


def test_a_reader_of_traditional_chinese_sees_it_in_their_script_and_english_the_original(translated):
    assert TRADITIONAL_TITLE in page(reader("zh-hant"))
    english = page(reader("en"))
    assert ENGLISH_TITLE in english and SIMPLIFIED["title"] not in english


def test_the_search_api_gives_each_reader_their_translation(translated):
    [chinese] = api_items(reader("zh-hans"))
    assert (chinese["title"], chinese["summary"]) == (SIMPLIFIED["title"], SIMPLIFIED["summary"])
    [english] = api_items(reader("en"))
    assert english["title"] == ENGLISH_TITLE


def test_the_search_api_marks_the_words_matched_in_the_translated_teaser(translated):
    response = reader("zh-hans").get("/api/v1/listings", {"q": "KRAS"})
    [item] = response.json()["items"]
    assert item["title"] == SIMPLIFIED["title"] and "肺癌" in item["snippet"]


def test_an_edited_translation_shows_at_once_on_the_same_url(translated):
    client = reader("zh-hans")
    assert SIMPLIFIED["title"] in page(client) and api_items(client)[0]["title"] == SIMPLIFIED["title"]
    row = ListingTranslation.objects.get(listing=translated)
    row.title = "新标题：KRAS抑制剂"
    row.save()  # as the back office does
    shown = page(client)
    assert "新标题：KRAS抑制剂" in shown and SIMPLIFIED["title"] not in shown
    assert api_items(client)[0]["title"] == "新标题：KRAS抑制剂"
    row.delete()
    assert ENGLISH_TITLE in page(client)
    assert api_items(client)[0]["title"] == ENGLISH_TITLE


def test_the_cards_of_a_page_are_read_in_one_query(make_listing, asset, staff, alice_org):
    for number in range(3):
        other = make_asset(alice_org, number=f"CN90000{number}A", title=f"Inhibitor {number}")
        make_listing([other], publish=True, staff=staff, translations=[SIMPLIFIED])
    with CaptureQueriesContext(connection) as queries:
        page(reader("zh-hans"))
    reads = [q["sql"] for q in queries.captured_queries if "listingtranslation" in q["sql"].lower()]
    assert len(reads) == 1


def test_the_card_shows_the_main_assets_number(translated):
    assert "CN100001A" in page(reader("en"))
    assert api_items(reader("en"))[0]["main_asset_number"] == "CN100001A"


def test_the_card_does_not_show_a_confidential_main_assets_number(make_listing, alice_org, staff):
    plain = make_asset(alice_org, number="CN100200300B", title="Oral formulation")
    secret = make_asset(
        alice_org, number="CN118999777A", title="Quillfeather degrader", visibility="confidential"
    )
    listing = make_listing([secret, plain], main_asset=secret, publish=True, staff=staff)
    assert listing.main_asset == secret
    shown = page(reader("en"))
    assert listing.title in shown and "CN118999777A" not in shown
    [item] = api_items(reader("en"))
    assert item["main_asset_number"] == "" and "CN118999777A" not in str(item)


def test_the_sellers_name_is_shown_in_the_readers_script(translated, alice_org):
    from accounts.models import Organisation

    Organisation.objects.filter(pk=alice_org.pk).update(name="上海肿瘤生物")
    client = reader("zh-hant")
    assert "上海腫瘤生物" in page(client) and "上海肿瘤生物" not in page(client)
    assert api_items(client)[0]["seller_name"] == "上海腫瘤生物"


def test_a_cards_address_is_the_listing_pages(published):
    from django.urls import reverse

    from listings.cards import cards

    assert cards([published.pk])[0].url == reverse("listings:detail", args=[published.pk])
