"""Term-sheet versions, their diff and valuation, acceptance; the agreement, its PDF and signatures."""

from typing import Any

from django.http import HttpResponse
from django.shortcuts import get_object_or_404
from ninja import Router, Schema, Status

from core.bounds import Id
from deals.api import serialize
from deals.api.common import child_for, room_for
from deals.models import Agreement, TermSheet
from deals.services import agreement as agreements
from deals.services import terms as term_services

router = Router(tags=["deals"])


class TermsIn(Schema):
    terms: dict[str, Any]
    note: str = ""


class AgreementIn(Schema):
    second_language: str = "zh-hant"


class SignIn(Schema):
    sha256: str = ""


@router.get("/rooms/{int:room_id}/terms", response=list[dict[str, Any]], summary="Term-sheet versions")
def versions(request, room_id: Id):
    user, found = room_for(request, room_id)
    return [serialize.term_sheet(s) for s in TermSheet.objects.visible_to(user).filter(room=found)]


@router.post("/rooms/{int:room_id}/terms", response={201: dict[str, Any]}, summary="Offer or counter-offer")
def offer(request, room_id: Id, payload: TermsIn):
    user, found = room_for(request, room_id)
    sheet = term_services.offer_terms(room=found, by=user, terms=payload.terms, note=payload.note)
    return Status(201, serialize.term_sheet(sheet))


@router.get(
    "/rooms/{int:room_id}/terms/diff",
    response=list[dict[str, Any]],
    summary="What changed between two versions",
)
def diff(request, room_id: Id, a: Id, b: Id):
    user, found = room_for(request, room_id)
    visible = TermSheet.objects.visible_to(user).filter(room=found)
    first, second = get_object_or_404(visible, number=a), get_object_or_404(visible, number=b)
    return term_services.compare(first, second)


@router.get("/terms/{int:sheet_id}", response=dict[str, Any], summary="A version, valued for both sides")
def version(request, sheet_id: Id):
    _user, sheet = child_for(request, TermSheet, sheet_id)
    return {**serialize.term_sheet(sheet), "valuation": term_services.value_version(sheet)}


@router.post(
    "/terms/{int:sheet_id}/accept", response=dict[str, Any], summary="Accept a version (the other side)"
)
def accept(request, sheet_id: Id):
    user, sheet = child_for(request, TermSheet, sheet_id)
    return serialize.term_sheet(term_services.accept_terms(sheet=sheet, by=user))


@router.get("/rooms/{int:room_id}/agreements", response=list[dict[str, Any]], summary="Agreement versions")
def agreement_list(request, room_id: Id):
    user, found = room_for(request, room_id)
    return [serialize.agreement(a) for a in Agreement.objects.visible_to(user).filter(room=found)]


@router.post(
    "/rooms/{int:room_id}/agreements", response={201: dict[str, Any]}, summary="Generate the agreement"
)
def generate(request, room_id: Id, payload: AgreementIn):
    user, found = room_for(request, room_id)
    made = agreements.generate_agreement(room=found, by=user, second_language=payload.second_language)
    return Status(201, serialize.agreement(made))


@router.get("/agreements/{int:agreement_id}", response=dict[str, Any], summary="An agreement")
def get_agreement(request, agreement_id: Id):
    _user, found = child_for(request, Agreement, agreement_id)
    return {
        **serialize.agreement(found),
        "seal_verifies": agreements.verify_seal(found) if found.seal else None,
    }


@router.get(
    "/agreements/{int:agreement_id}/pdf", url_name="deals_agreement_pdf", summary="The PDF with signatures"
)
def agreement_pdf(request, agreement_id: Id):
    _user, found = child_for(request, Agreement, agreement_id)
    response = HttpResponse(agreements.signed_pdf(found), content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="agreement-{found.room_id}-v{found.version}.pdf"'
    return response


@router.get("/agreements/{int:agreement_id}/document", summary="The exact PDF the signatories sign")
def agreement_document(request, agreement_id: Id):
    _user, found = child_for(request, Agreement, agreement_id)
    response = HttpResponse(bytes(found.pdf), content_type="application/pdf")
    response["Content-Disposition"] = (
        f'attachment; filename="agreement-{found.room_id}-v{found.version}-unsigned.pdf"'
    )
    return response


@router.post(
    "/agreements/{int:agreement_id}/sign", response=dict[str, Any], summary="Sign (an authorised signatory)"
)
def sign(request, agreement_id: Id, payload: SignIn):
    user, found = child_for(request, Agreement, agreement_id)
    agreements.sign_agreement(agreement=found, by=user, document_sha256=payload.sha256)
    found.refresh_from_db()
    return serialize.agreement(found)
