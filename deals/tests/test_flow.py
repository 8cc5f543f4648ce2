"""The whole licence deal through the services: room, NDA, data room, terms, agreement, recordal, royalties."""

import io
from datetime import date, timedelta
from decimal import Decimal

import pytest
from pypdf import PdfReader

from assets.models import Encumbrance
from deals import pdf
from deals.models import AccessLog, Agreement, DealRoom, Document, Obligation
from deals.services import agreement as agreements
from deals.services import dataroom, nda, obligations, royalties, terms
from deals.tests.conftest import licence_terms
from ledger.models import Entry
from listings.models import Listing

PDF = pdf.render(title="Data package", blocks=["Confidential data."], rows=[])


def sign_nda_both(room, alice, alice_signs, dan):
    nda.prepare_nda(room=room, by=alice)
    nda.sign_nda(room=room, by=alice_signs)
    nda.sign_nda(room=room, by=dan)
    room.refresh_from_db()


def test_accepting_a_lead_opens_a_room_with_both_sides(room, alice, dana):
    assert room.seller.name == "Alice Bio" and room.buyer.name == "Dana Pharma"
    assert set(room.members.values_list("user__email", "side")) >= {
        ("alice@example.com", "seller"),
        ("dana@example.com", "buyer"),
    }
    assert room.checklist.filter(code="chain_of_title").exists()


def test_confidential_documents_open_only_when_both_sides_signed_the_nda(room, alice, alice_signs, dan, dana):
    document = dataroom.upload_document(
        room=room, by=alice, tier="confidential", title="CMC dossier", filename="cmc.pdf", data=PDF
    )
    assert not Document.objects.visible_to(dana).filter(pk=document.pk).exists()
    nda.prepare_nda(room=room, by=alice)
    nda.sign_nda(room=room, by=dan)
    assert not Document.objects.visible_to(dana).filter(pk=document.pk).exists()
    signature = nda.sign_nda(room=room, by=alice_signs)
    assert signature.text_sha256 == room.nda.text_sha256 and signature.organisation.name == "Alice Bio"
    assert Document.objects.visible_to(dana).filter(pk=document.pk).exists()
    assert PdfReader(io.BytesIO(nda.nda_pdf(room.nda))).pages


def test_a_pdf_is_handed_out_watermarked_and_the_access_logged(room, alice, alice_signs, dan, dana):
    sign_nda_both(room, alice, alice_signs, dan)
    document = dataroom.upload_document(
        room=room, by=alice, tier="confidential", title="Data", filename="d.pdf", data=PDF
    )
    data, kind = dataroom.open_document(document=document, by=dana, action="download")
    assert kind == "application/pdf" and data != PDF
    text = PdfReader(io.BytesIO(data)).pages[0].extract_text()
    assert "dana@example.com" in text and "Dana Pharma" in text
    log = AccessLog.objects.visible_to(alice).get()
    assert (log.user, log.action) == (dana, "download")
    assert not AccessLog.objects.visible_to(dana).exists()


def test_a_revoked_document_disappears_for_the_other_side(room, alice, dana):
    document = dataroom.upload_document(
        room=room, by=alice, tier="non_confidential", title="Deck", filename="deck.txt", data=b"hello"
    )
    assert Document.objects.visible_to(dana).filter(pk=document.pk).exists()
    dataroom.revoke_document(document=document, by=alice)
    assert not Document.objects.visible_to(dana).filter(pk=document.pk).exists()
    assert Document.objects.visible_to(alice).filter(pk=document.pk).exists()


def test_a_whole_licence_is_signed_sealed_recorded_and_paid(
    room, asset, alice, alice_signs, dana, dan, model, listing
):
    sign_nda_both(room, alice, alice_signs, dan)
    from deals.services import room as rooms

    rooms.set_valuation_model(room=room, by=alice, model=model)
    first = terms.offer_terms(room=room, by=alice, terms=licence_terms(asset))
    counter = terms.offer_terms(room=room, by=dana, terms=licence_terms(asset, upfront="3000000"))
    assert [row["term"] for row in terms.compare(first, counter)] == ["upfront"]
    valued = terms.value_version(counter)
    assert Decimal(valued["licensor_value"]) > 0 and "licensee_value" in valued
    terms.accept_terms(sheet=counter, by=alice)
    agreement = agreements.generate_agreement(room=room, by=alice)
    agreements.sign_agreement(agreement=agreement, by=dan)
    before = Entry.objects.count()
    agreements.sign_agreement(agreement=agreement, by=alice_signs)
    agreement.refresh_from_db()
    room.refresh_from_db()
    assert room.status == DealRoom.Status.SIGNED and agreement.status == Agreement.Status.SIGNED
    assert agreements.verify_seal(agreement)
    licence = Encumbrance.objects.get(asset=asset, holder_organisation=room.buyer)
    assert licence.kind == "exclusive_licence" and licence.territories == ["ASEAN"]
    assert Listing.objects.get(pk=listing.pk).outcome == "deal"
    assert len(agreement.ledger_indexes) >= 2 and Entry.objects.count() > before
    signed = Entry.objects.get(kind="deal.signed")
    assert "3000000" not in signed.leaf and "Dana Pharma" in signed.leaf
    assert room.obligations.filter(kind="royalty_report").count() == obligations.PERIODS_AHEAD
    period = room.obligations.filter(kind="royalty_report").order_by("due_on").first()
    start, end = (date.fromisoformat(part) for part in period.note.split("/"))
    report = royalties.submit_report(
        room=room, by=dan, period_start=start, period_end=end, sales_currency="HKD", exchange_rate="0.128",
        lines=[{"product": "AB-1", "territory": "SG", "net_sales": "1000000000"}], step_downs_applied=["patent_expiry"],
    )  # fmt: skip
    # 128M USD: the first 100M at 8% halved to 4%, lifted to the 5% floor; the next 28M at 10% halved to 5%.
    assert report.royalty == Decimal(100_000_000) * Decimal("0.05") + Decimal(28_000_000) * Decimal("0.05")
    assert Obligation.objects.get(pk=period.pk).status == "done"
    royalties.record_payment(
        room=room,
        by=dan,
        amount=str(report.royalty),
        currency="USD",
        paid_on=date.today(),
        reference="WIRE-1",
        report=report,
    )
    assert royalties.revenue(room)["outstanding"] == "0.00"


def test_overdue_reports_raise_one_alert(room, asset, alice, alice_signs, dan):
    sign_nda_both(room, alice, alice_signs, dan)
    sheet = terms.offer_terms(room=room, by=alice, terms=licence_terms(asset))
    terms.accept_terms(sheet=sheet, by=dan)
    agreement = agreements.generate_agreement(room=room, by=alice, second_language="zh-hans")
    agreements.sign_agreement(agreement=agreement, by=dan)
    agreements.sign_agreement(agreement=agreement, by=alice_signs)
    far = date(2100, 1, 1)
    assert obligations.late_alerts(today=far) == obligations.PERIODS_AHEAD + 1
    assert obligations.late_alerts(today=far) == 0


def test_reports_falling_due_soon_are_reminded_once_to_both_sides(room, asset, alice, alice_signs, dan):
    from deals.models import DealNotification

    sign_nda_both(room, alice, alice_signs, dan)
    sheet = terms.offer_terms(room=room, by=alice, terms=licence_terms(asset))
    terms.accept_terms(sheet=sheet, by=dan)
    agreement = agreements.generate_agreement(room=room, by=alice, second_language="zh-hans")
    agreements.sign_agreement(agreement=agreement, by=dan)
    agreements.sign_agreement(agreement=agreement, by=alice_signs)
    first = room.obligations.filter(kind="royalty_report").order_by("due_on").first()
    assert obligations.due_reminders(today=first.due_on - timedelta(days=30), days=7) == 0
    assert obligations.due_reminders(today=first.due_on - timedelta(days=3), days=7) == 1
    assert obligations.due_reminders(today=first.due_on - timedelta(days=2), days=7) == 0
    told = set(DealNotification.objects.filter(room=room, kind="due_soon").values_list("user_id", flat=True))
    assert {dan.pk, alice.pk} <= told


@pytest.mark.parametrize("document_sha256", ["0" * 64])
def test_signing_a_changed_document_is_refused(room, asset, alice, alice_signs, dan, document_sha256):
    from core.errors import Conflict

    sign_nda_both(room, alice, alice_signs, dan)
    sheet = terms.offer_terms(room=room, by=alice, terms=licence_terms(asset))
    terms.accept_terms(sheet=sheet, by=dan)
    agreement = agreements.generate_agreement(room=room, by=alice)
    with pytest.raises(Conflict):
        agreements.sign_agreement(agreement=agreement, by=dan, document_sha256=document_sha256)
    assert not agreement.signatures.exists()
