"""The marketplace in Chromium: a need posted in Chinese finds an English listing, with its explanation;
the buyer expresses interest, the seller accepts, and the buyer then sees the confidential part."""

import re

import pytest

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

SECRET = "Dossier: phase 2 ORR 41%, CMC package available"


@pytest.fixture
def market(settings, tmp_path, alice, alice_org, staff, charlie_org):
    from assets.models import BiomedicalProfile, Indication
    from listings import services
    from tests.factories import make_asset

    settings.DATA_DIR = tmp_path  # the matching engine's indexes for this test only
    nsclc, _created = Indication.objects.get_or_create(
        code="nsclc",
        defaults={
            "name_en": "Non-small-cell lung cancer",
            "name_zh_hant": "非小細胞肺癌",
            "name_zh_hans": "非小细胞肺癌",
        },
    )
    kras = make_asset(
        alice_org,
        number="US11000001B2",
        jurisdiction="US",
        title="KRAS G12C inhibitors for treating non-small cell lung cancer",
        abstract="Covalent small-molecule inhibitors of mutant KRAS G12C for non-small cell lung cancer.",
        cpc_codes=["A61K31/519", "A61P35/00"],
    )
    BiomedicalProfile.objects.create(asset=kras, modality="small_molecule", phase=3).indications.set([nsclc])
    inhaler = make_asset(
        alice_org,
        number="US11000002B2",
        jurisdiction="US",
        title="Dry powder inhaler of a bronchodilator for asthma",
        abstract="An inhalable dry powder of a long-acting beta-2 agonist for asthma.",
        cpc_codes=["A61K9/0075", "A61P11/06"],
    )
    pytest.importorskip("matching.indexing").rebuild_asset_index()
    listings = {}
    for asset, title in (
        (kras, "Oral KRAS G12C inhibitor — exclusive licence for South-East Asia"),
        (inhaler, "Asthma inhaler — assignment"),
    ):
        listing = services.create_listing(
            organisation=alice_org,
            by=alice,
            assets=[asset],
            title=title,
            summary="English teaser.",
            confidential_details=SECRET,
            deal_type="exclusive_licence" if asset == kras else "assignment",
            territories=["ASEAN"],
        )
        services.submit_listing(listing=listing, by=alice)
        listings[asset.number] = services.approve_listing(listing=listing, by=staff)
    return listings


def test_a_chinese_need_to_the_confidential_part(page, login, market, alice, charlie):
    login(charlie)
    page.goto("/needs/new/")
    page.fill("input[name=title]", "肺癌靶向药")
    page.fill("textarea[name=text]", "寻找治疗非小细胞肺癌的KRAS抑制剂，希望在东南亚获得独家许可。")
    page.click("main button[type=submit]")
    page.wait_for_url(re.compile(r"/needs/\d+/matches/"))
    first = page.locator("article.match").first
    assert "Oral KRAS G12C inhibitor" in first.locator("h3").inner_text()
    assert "semantic" in first.locator(".why-plain").inner_text()
    assert "cosine" not in first.locator(".why-plain").inner_text()
    first.locator("details summary").click()  # the engine's own figures, for those who want them
    assert "Meaning" in first.locator("table.why").inner_text()
    assert "cosine" in first.locator("table.why").inner_text()

    first.locator("h3 a").click()
    page.wait_for_url(re.compile(r"/marketplace/\d+/"))
    assert SECRET not in page.content()
    page.fill("textarea[name=message]", "We would like to evaluate this asset.")
    page.click("#express-interest")
    page.wait_for_selector("text=Your interest has been sent to the seller.")
    assert "Awaiting the seller" in page.locator(".interest-status").first.inner_text()

    page.context.clear_cookies()
    login(alice)
    page.goto("/marketplace/inbox/")
    lead = page.locator(".lead", has_text="Charlie Pharma")
    lead.locator("button", has_text="Accept").click()
    page.wait_for_selector("text=Accepted: they can now see the confidential part.")

    page.context.clear_cookies()
    login(charlie)
    page.goto(f"/marketplace/{market['US11000001B2'].pk}/")
    assert SECRET in page.locator("#confidential").inner_text()
    assert "Under negotiation" in page.locator("#status").inner_text()
