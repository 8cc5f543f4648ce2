"""In Chromium: a Chinese query on the registry page and on the marketplace page finds the English records."""

import pytest

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


@pytest.fixture
def english_records(settings, tmp_path, alice, alice_org, staff):
    from listings import services
    from tests.factories import make_asset

    settings.DATA_DIR = tmp_path  # the matching engine's indexes for this test only
    kras = make_asset(
        alice_org,
        number="US11000001B2",
        jurisdiction="US",
        title="KRAS G12C inhibitors for treating non-small cell lung cancer",
        abstract="Covalent small-molecule inhibitors of mutant KRAS G12C for non-small cell lung cancer.",
        cpc_codes=["A61K31/519", "A61P35/00"],
    )
    make_asset(
        alice_org,
        number="US11000002B2",
        jurisdiction="US",
        title="Dry powder inhaler of a bronchodilator for asthma",
        abstract="An inhalable dry powder of a long-acting beta-2 agonist for asthma.",
        cpc_codes=["A61K9/0075", "A61P11/06"],
    )
    pytest.importorskip("matching.indexing").rebuild_asset_index()
    listing = services.create_listing(
        organisation=alice_org,
        by=alice,
        assets=[kras],
        title="Bispecific antibody platform — worldwide licence",
        summary="English teaser.",
        deal_type="exclusive_licence",
        territories=["ASEAN"],
    )
    services.submit_listing(listing=listing, by=alice)
    services.approve_listing(listing=listing, by=staff)
    return kras


def test_chinese_query_on_the_registry_page_finds_the_english_patent_first(page, english_records):
    page.goto("/assets/")
    page.fill("#q", "肺癌 KRAS抑制剂")
    page.click("#search button[type=submit]")
    page.wait_for_selector("#results article.result .why")  # the ranked results have replaced the list
    first = page.locator("#results article.result").first.inner_text()
    assert "KRAS G12C inhibitors" in first
    assert "Matched:" in first


def test_chinese_query_on_the_marketplace_page_finds_the_english_listing(page, english_records):
    page.goto("/marketplace/")
    page.fill("#q", "雙特異性抗體")
    page.click("#search button[type=submit]")
    # The page lists every listing newest first before the search: wait for the ranked results to replace it.
    page.wait_for_selector("#results >> text=Best matches first")
    results = page.locator("#results").inner_text()
    assert "Bispecific antibody platform" in results
    assert "1 listing" in results
