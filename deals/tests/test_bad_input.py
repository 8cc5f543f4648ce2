"""Bad input gets a clear refusal and changes nothing: unsigned NDA, wrong file type, overlapping tiers,
a signature by someone who is not a signatory, a licence that conflicts with the registry."""

from datetime import date

import pytest

from accounts.services import create_api_token
from assets.models import Encumbrance
from core.errors import Conflict, Forbidden, InvalidInput
from deals import pdf
from deals.models import Agreement, DealRoom, Document, NdaSignature, TermSheet
from deals.services import agreement as agreements
from deals.services import dataroom, nda, terms
from deals.tests.conftest import licence_terms


def bearer(user) -> dict:
    _record, token = create_api_token(user=user, name="test", scope="read-write")
    return {"HTTP_AUTHORIZATION": f"Bearer {token}"}


def agreed(room, asset, alice, alice_signs, dan, *, sign_nda=True, **changes):
    if sign_nda:
        nda.prepare_nda(room=room, by=alice)
        nda.sign_nda(room=room, by=alice_signs)
        nda.sign_nda(room=room, by=dan)
        room.refresh_from_db()
    sheet = terms.offer_terms(room=room, by=alice, terms=licence_terms(asset, **changes))
    terms.accept_terms(sheet=sheet, by=dan)
    return agreements.generate_agreement(room=room, by=alice)


def test_confidential_documents_stay_closed_without_a_signed_nda(client, room, alice, dana):
    document = dataroom.upload_document(
        room=room,
        by=alice,
        tier="confidential",
        title="CMC",
        filename="c.pdf",
        data=pdf.render(title="x", blocks=[], rows=[]),
    )
    response = client.get(f"/api/v1/deals/documents/{document.pk}/download", **bearer(dana))
    assert response.status_code == 404
    assert not document.accesses.exists()


def test_the_agreement_cannot_be_signed_before_the_nda(room, asset, alice, alice_signs, dan):
    agreement = agreed(room, asset, alice, alice_signs, dan, sign_nda=False)
    with pytest.raises(Conflict):
        agreements.sign_agreement(agreement=agreement, by=dan)
    assert not agreement.signatures.exists()


@pytest.mark.parametrize(
    ("filename", "data"),
    [
        ("report.pdf", b"MZ\x90\x00\x03\x00\x00\x00 an executable"),
        ("notes.pdf", b"plain text that calls itself a PDF"),
        ("broken.pdf", b"%PDF-1.4 not really a PDF"),
        ("image.exe", b"\x89PNG\r\n\x1a\n...."),
    ],
)
def test_a_file_of_the_wrong_type_is_refused(client, room, dana, filename, data):
    response = client.post(
        f"/api/v1/deals/rooms/{room.pk}/documents",
        {"tier": "non_confidential", "title": "Doc", "file": _upload(filename, data)},
        **bearer(dana),
    )
    assert response.status_code == 422, response.content
    assert response["Content-Type"].startswith("application/problem+json")
    assert not Document.objects.exists()


def _upload(name, data):
    from django.core.files.uploadedfile import SimpleUploadedFile

    return SimpleUploadedFile(name, data)


def test_an_oversized_file_is_refused(room, dana, settings):
    settings.DEALS_MAX_UPLOAD_BYTES = 10
    with pytest.raises(InvalidInput):
        dataroom.upload_document(
            room=room, by=dana, tier="teaser", title="Big", filename="big.txt", data=b"x" * 11
        )
    assert not Document.objects.exists()


@pytest.mark.parametrize(
    "tiers",
    [
        [{"from": "0", "to": "100", "rate": "5"}, {"from": "50", "rate": "8"}],
        [{"from": "0", "rate": "5"}, {"from": "100", "rate": "8"}],
        [{"from": "0", "to": "100", "rate": "5"}, {"from": "200", "rate": "8"}],
        [{"from": "100", "to": "50", "rate": "5"}],
    ],
)
def test_overlapping_royalty_tiers_are_refused(client, room, asset, alice, tiers):
    body = {"terms": licence_terms(asset, royalty_tiers=tiers)}
    response = client.post(
        f"/api/v1/deals/rooms/{room.pk}/terms", body, content_type="application/json", **bearer(alice)
    )
    assert response.status_code == 422
    assert response.json()["field"] == "royalty_tiers"
    assert not TermSheet.objects.exists()


@pytest.mark.parametrize("amount", [1.5, "-3", "1.234", "abc"])
def test_money_must_be_an_exact_positive_amount(room, asset, alice, amount):
    with pytest.raises(InvalidInput):
        terms.offer_terms(room=room, by=alice, terms=licence_terms(asset, upfront=amount))
    assert not TermSheet.objects.exists()


def test_a_non_signatory_cannot_sign(client, room, asset, alice, alice_signs, dana, dan):
    agreement = agreed(room, asset, alice, alice_signs, dan)
    response = client.post(
        f"/api/v1/deals/agreements/{agreement.pk}/sign", {}, content_type="application/json", **bearer(dana)
    )
    assert response.status_code == 403
    assert not agreement.signatures.exists()
    with pytest.raises(Forbidden):
        nda.sign_nda(room=room, by=alice)
    assert NdaSignature.objects.count() == 2


def test_the_offering_side_cannot_accept_its_own_offer(room, asset, alice, alice_signs):
    sheet = terms.offer_terms(room=room, by=alice, terms=licence_terms(asset))
    with pytest.raises(Forbidden):
        terms.accept_terms(sheet=sheet, by=alice_signs)
    assert TermSheet.objects.get(pk=sheet.pk).status == "offered"


def test_a_licence_that_conflicts_with_an_exclusive_licence_is_refused(
    room, asset, alice, alice_signs, dan, charlie_org
):
    agreement = agreed(room, asset, alice, alice_signs, dan)
    Encumbrance.objects.create(
        asset=asset, kind="exclusive_licence", holder_name=charlie_org.name, holder_organisation=charlie_org,
        territories=["SG"], field_of_use="", start_date=date(2024, 1, 1),
    )  # fmt: skip
    agreements.sign_agreement(agreement=agreement, by=dan)
    with pytest.raises(Conflict, match="already licensed"):
        agreements.sign_agreement(agreement=agreement, by=alice_signs)
    assert Agreement.objects.get(pk=agreement.pk).status == Agreement.Status.AWAITING_SIGNATURES
    assert agreement.signatures.count() == 1
    assert DealRoom.objects.get(pk=room.pk).status == DealRoom.Status.OPEN
    assert not Encumbrance.objects.filter(holder_organisation=room.buyer).exists()


def test_a_licence_outside_the_excluded_territory_does_not_conflict(room, asset, alice, charlie_org):
    from deals.services.recordal import conflicts

    Encumbrance.objects.create(
        asset=asset,
        kind="exclusive_licence",
        holder_name=charlie_org.name,
        territories=["CN"],
        start_date=date(2024, 1, 1),
    )
    worldwide_ex_china = licence_terms(asset, territories=[], excluded_territories=["CN"])
    assert conflicts(room, terms.term_rules.parse_terms(worldwide_ex_china)) == []
    assert conflicts(room, terms.term_rules.parse_terms(licence_terms(asset, territories=[])))


def test_a_pledge_without_consent_refuses_the_terms(room, asset, alice, alice_signs, dan, charlie_org):
    Encumbrance.objects.create(
        asset=asset,
        kind="pledge",
        holder_name="Charlie Bank",
        holder_organisation=charlie_org,
        start_date=date(2024, 1, 1),
    )
    sheet = terms.offer_terms(room=room, by=alice, terms=licence_terms(asset))
    with pytest.raises(Conflict, match="pledged"):
        terms.accept_terms(sheet=sheet, by=dan)
    assert TermSheet.objects.get(pk=sheet.pk).status == "offered"


def test_an_uploaded_filename_never_breaks_the_document_page(client, room, alice):
    from django.urls import reverse

    document = dataroom.upload_document(
        room=room,
        by=alice,
        tier="teaser",
        title="Odd name",
        filename='o"dd\r\nX-Injected: 1 名.pdf',
        data=pdf.render(title="x", blocks=[], rows=[]),
    )
    client.force_login(alice)
    for action in ("view", "download"):
        response = client.get(reverse("deals:open_document", args=[document.pk, action]))
        assert response.status_code == 200, action
        assert "\n" not in response["Content-Disposition"] and "X-Injected" not in response.headers


@pytest.mark.parametrize("field", ["tier", "title", "folder"])
def test_a_nul_in_an_uploads_form_field_is_refused_and_stores_nothing(client, room, dana, field):
    form = {"tier": "non_confidential", "title": "Doc", "folder": "", field: "Doc\x00"}
    response = client.post(
        f"/api/v1/deals/rooms/{room.pk}/documents",
        {**form, "file": _upload("doc.pdf", b"%PDF-1.4\n")},
        **bearer(dana),
    )
    assert response.status_code == 422 and response.json()["field"] == field
    assert not Document.objects.exists()
