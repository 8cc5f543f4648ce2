"""An assignment moves title in the chain of title; the back office shows every deal record."""

import io

import pytest
from pypdf import PdfReader

from assets.models import Asset, TitleTransfer
from deals.models import Agreement, DealRoom, NdaTemplate
from deals.services import agreement as agreements
from deals.services import nda, terms
from deals.tests.conftest import licence_terms


def sign_everything(room, asset, alice, alice_signs, dan, **changes):
    nda.prepare_nda(room=room, by=alice)
    nda.sign_nda(room=room, by=alice_signs)
    nda.sign_nda(room=room, by=dan)
    room.refresh_from_db()
    sheet = terms.offer_terms(room=room, by=alice, terms=licence_terms(asset, **changes))
    terms.accept_terms(sheet=sheet, by=dan)
    agreement = agreements.generate_agreement(room=room, by=alice, second_language="zh-hans")
    agreements.sign_agreement(agreement=agreement, by=dan)
    agreements.sign_agreement(agreement=agreement, by=alice_signs)
    agreement.refresh_from_db()
    return agreement


def test_an_assignment_moves_title_to_the_buyer(room, asset, alice, alice_signs, dan, dana_org):
    DealRoom.objects.filter(pk=room.pk).update(deal_type="assignment")
    room.refresh_from_db()
    agreement = sign_everything(
        room, asset, alice, alice_signs, dan, deal_type="assignment", royalty_tiers=[], step_downs=[]
    )
    transfer = TitleTransfer.objects.get(asset=asset)
    assert (transfer.from_name, transfer.to_name, transfer.to_organisation) == (
        "Alice Bio",
        "Dana Pharma",
        dana_org,
    )
    assert Asset.objects.get(pk=asset.pk).owner == dana_org
    assert (
        agreement.status == Agreement.Status.SIGNED
        and not room.obligations.filter(kind="royalty_report").exists()
    )


def test_the_agreement_pdf_carries_the_terms_the_parties_and_the_signatures(
    room, asset, alice, alice_signs, dan
):
    agreement = sign_everything(room, asset, alice, alice_signs, dan)
    text = "".join(
        page.extract_text() for page in PdfReader(io.BytesIO(agreements.signed_pdf(agreement))).pages
    )
    assert "Alice Bio" in text and "Dana Pharma" in text and asset.number in text
    assert agreement.seal["signature"] in text.replace("\n", "")


@pytest.mark.parametrize(
    "url",
    [
        "/admin/deals/dealroom/",
        "/admin/deals/ndatemplate/",
        "/admin/deals/nda/",
        "/admin/deals/document/",
        "/admin/deals/accesslog/",
        "/admin/deals/agreement/",
        "/admin/deals/obligation/",
        "/admin/deals/royaltyreport/",
        "/admin/deals/payment/",
        "/admin/deals/question/",
        "/admin/deals/checklistitem/",
    ],
)
def test_the_back_office_lists_every_deal_record(admin_client, full_room, url):
    assert admin_client.get(url).status_code == 200


def test_the_operator_edits_nda_templates_but_not_a_version_in_use(admin_client, full_room):
    used = full_room["room"].nda.template
    page = admin_client.get(f"/admin/deals/ndatemplate/{used.pk}/change/").content.decode()
    assert 'name="body_en"' not in page
    fresh = NdaTemplate.objects.exclude(pk=used.pk)[0]
    assert (
        'name="body_en"' in admin_client.get(f"/admin/deals/ndatemplate/{fresh.pk}/change/").content.decode()
    )


def test_the_licensor_sees_royalties_due_and_received_by_deal_and_period(
    client_as, room, asset, alice, alice_signs, dan
):
    from datetime import date

    from deals.services import royalties

    sign_everything(room, asset, alice, alice_signs, dan)
    report = royalties.submit_report(
        room=room, by=dan, period_start=date(2026, 1, 1), period_end=date(2026, 3, 31), sales_currency="USD",
        exchange_rate="1", lines=[{"product": "AB-1", "territory": "SG", "net_sales": "1000000"}],
    )  # fmt: skip
    royalties.record_payment(
        room=room,
        by=dan,
        amount="30000",
        currency="USD",
        paid_on=date(2026, 5, 1),
        reference="W-1",
        report=report,
    )
    index = client_as(alice).get("/deals/").content.decode()
    assert "Royalty revenue by deal" in index and "USD 50,000.00" in index
    assert str(report.royalty - 30000) not in index  # amounts are shown with their digits grouped
    page = client_as(alice).get(f"/deals/{room.pk}/after-signature/").content.decode()
    assert "2026-01-01/2026-03-31" in page and 'class="bar"' in page


@pytest.fixture
def royalty_report(room, asset, alice, alice_signs, dan):
    from datetime import date

    from deals.services import royalties

    sign_everything(room, asset, alice, alice_signs, dan)
    return royalties.submit_report(
        room=room, by=dan, period_start=date(2026, 1, 1), period_end=date(2026, 3, 31), sales_currency="USD",
        exchange_rate="1", lines=[{"product": "AB-1", "territory": "SG", "net_sales": "1000000"}],
    )  # fmt: skip


INVOICE_SEEN_BY = {
    "anonymous": 302,
    "outsider": 404,
    "colleague": 404,
    "participant": 200,
    "owner": 200,
    "staff": 200,
}


@pytest.mark.parametrize("viewpoint", list(INVOICE_SEEN_BY))
def test_a_royalty_invoice_reaches_both_sides_and_staff_only(
    client_as, royalty_report, users, dan, viewpoint
):
    from deals.services import invoices

    viewpoints = {**users, "participant": dan, "colleague": users["participant"]}
    page = client_as(viewpoints[viewpoint]).get(f"/deals/royalty-reports/{royalty_report.pk}/invoice.pdf")
    assert page.status_code == INVOICE_SEEN_BY[viewpoint]
    api = client_as(viewpoints[viewpoint]).get(
        f"/api/v1/deals/royalty-reports/{royalty_report.pk}/invoice.pdf"
    )
    assert api.status_code == (401 if viewpoint == "anonymous" else INVOICE_SEEN_BY[viewpoint])
    if page.status_code == 200:
        text = "".join(sheet.extract_text() for sheet in PdfReader(io.BytesIO(page.content)).pages)
        assert invoices.invoice_number(royalty_report) in text and f"{royalty_report.royalty:,.2f}" in text
    else:
        assert b"%PDF" not in page.content and b"%PDF" not in api.content
