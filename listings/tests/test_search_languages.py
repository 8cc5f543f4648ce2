"""Marketplace search across languages: the matching engine's glossary bridges English and Chinese."""

import pytest

from core.templatetags.scripts import in_reader_script
from listings.search import listing_matches, search_listings
from tests.factories import make_asset

pytestmark = pytest.mark.django_db


@pytest.fixture
def bilingual(make_listing, alice_org, staff, indications):
    chinese = make_asset(alice_org, number="CN500005A", title="一种双特异性抗体及其用途")
    english = make_asset(alice_org, number="US500006B2", title="Anti-PD-1 monoclonal antibody")
    return {
        "chinese": make_listing(
            [chinese],
            publish=True,
            staff=staff,
            title="雙特異性抗體 全球授權",
            summary="靶向PD-1和VEGF的雙特異性抗體。",
        ),
        "english": make_listing(
            [english],
            publish=True,
            staff=staff,
            title="Bispecific antibody against PD-L1, worldwide licence",
            summary="A bispecific antibody in phase 2.",
        ),
        "other": make_listing(
            [english], publish=True, staff=staff, title="Monoclonal antibody licence", summary="Phase 1."
        ),
    }


def found(query: str) -> set[int]:
    return {card.pk for card in search_listings(query=query).listings}


def test_english_word_finds_the_chinese_listing(bilingual):
    assert bilingual["chinese"].pk in found("bispecific")
    assert bilingual["chinese"].pk in found("Bispecific antibodies")


@pytest.mark.parametrize("query", ["双特异性抗体", "雙特異性抗體"])
def test_chinese_term_finds_the_english_listing_in_either_script(bilingual, query):
    assert found(query) == {bilingual["chinese"].pk, bilingual["english"].pk}


def test_a_term_the_listing_lacks_still_narrows_the_results(bilingual):
    assert bilingual["other"].pk not in found("bispecific")
    assert bilingual["other"].pk not in found("双特异性抗体")


def test_saved_search_alerts_agree_with_the_page(bilingual):
    assert listing_matches(bilingual["english"], {"q": "双特异性抗体"})
    assert listing_matches(bilingual["chinese"], {"q": "bispecific"})
    assert not listing_matches(bilingual["other"], {"q": "双特异性抗体"})


def test_the_api_gives_the_stretch_of_the_summary_a_chinese_query_matched(bilingual, client):
    listing = bilingual["english"]
    listing.summary = (
        "Background of the programme. " * 12 + "A bispecific antibody in phase 2." + " Data." * 20
    )
    listing.save()
    body = client.get("/api/v1/listings", {"q": "双特异性抗体"}).json()
    snippets = {item["id"]: item["snippet"] for item in body["items"]}
    assert snippets[listing.pk].startswith("…") and "bispecific antibody in phase 2" in snippets[listing.pk]
    # Short: all of it, in the reader's script (an English reader gets Chinese in the operator's script).
    assert snippets[bilingual["chinese"].pk] == in_reader_script("靶向PD-1和VEGF的雙特異性抗體。", "en")
