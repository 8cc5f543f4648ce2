"""Everyday use in Chromium: a member lands on their own home, in each language with nothing left in English;
on a phone the header and the search filters fold away and the results come first."""

import pytest

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

# The interface's own words on the member home: headings, the header's links, the waiting items.
CHROME = "main h2, header nav a, header .account a, header .account button, .inbox li a, footer"


@pytest.fixture
def seller(alice, alice_org, charlie, charlie_org):
    from listings import services
    from listings.models import Interest
    from tests.factories import make_asset

    asset = make_asset(alice_org, number="CN7A", title="Bispecific antibody against HER2 and CLDN18.2")
    listing = services.create_listing(
        organisation=alice_org, by=alice, assets=[asset], title="Bispecific for gastric cancer", summary="."
    )
    Interest.objects.create(listing=listing, organisation=charlie_org, created_by=charlie)
    return listing


def _texts(page) -> list[str]:
    return [text.strip() for text in page.locator(CHROME).all_inner_texts() if text.strip()]


def test_member_lands_on_their_home_with_what_waits_for_them(page, login, alice, seller):
    login(alice)
    page.goto("/")
    assert "Waiting for you" in page.locator("main").inner_text()
    assert "Leads to answer" in page.locator(".inbox").inner_text()
    assert "Bispecific for gastric cancer" in page.locator("main").inner_text()
    page.goto("/assets/")
    assert "My deals" in page.locator("header nav.mine").inner_text()


@pytest.mark.parametrize("language", ["zh-hant", "zh-hans"])
def test_member_home_leaves_nothing_in_english(page, login, alice, seller, language):
    login(alice)
    page.goto("/")
    english = set(_texts(page))
    page.context.add_cookies([{"name": "django_language", "value": language, "url": page.url}])
    page.goto("/")
    assert page.locator("html").get_attribute("lang") == language
    left = [
        text for text in _texts(page) if text in english and any(c.isascii() and c.isalpha() for c in text)
    ]
    assert left == [], f"untranslated in {language}: {left}"


def test_on_a_phone_the_header_and_filters_fold_and_results_come_first(page, alice_org):
    from tests.factories import make_asset

    make_asset(alice_org, number="CN8A", title="Oral SERD for breast cancer")
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto("/assets/")
    assert not page.locator("header nav").first.is_visible()
    assert not page.locator("aside.facet").is_visible()
    results = page.locator(".search-layout > section").bounding_box()
    assert results is not None and results["y"] < 844
    page.click("label[for=show-menu]")
    assert page.locator("header nav").first.is_visible()
    page.click("label[for=show-filters]")
    assert page.locator("aside.facet").is_visible()
