"""Plain JSON forms of the room's records for the API (amounts as strings, times in ISO 8601)."""

from typing import Any

from django.urls import reverse

from deals.models import (
    AccessLog,
    Agreement,
    ChecklistItem,
    DealRoom,
    Document,
    Message,
    Obligation,
    Payment,
    Question,
    RoomMember,
    RoyaltyReport,
    TermSheet,
)


def _when(value) -> str | None:
    return value.isoformat() if value else None


def member(seat: RoomMember) -> dict[str, Any]:
    return {
        "id": seat.pk,
        "user": seat.user_id,
        "name": str(seat.user),
        "organisation": seat.organisation.slug,
        "side": seat.side,
        "role": seat.role,
        "adviser": seat.is_adviser,
    }


def room(found: DealRoom, *, detail: bool = False) -> dict[str, Any]:
    body: dict[str, Any] = {
        "id": found.pk,
        "url": reverse("api:deals_room", kwargs={"room_id": found.pk}),
        "title": found.title,
        "seller": found.seller.slug,
        "buyer": found.buyer.slug,
        "listing": found.listing_id,
        "deal_type": found.deal_type,
        "currency": found.currency,
        "status": found.status,
        "nda_signed_at": _when(found.nda_signed_at),
        "signed_at": _when(found.signed_at),
        "created_at": _when(found.created_at),
    }
    if detail:
        body["members"] = [member(seat) for seat in found.members.select_related("user", "organisation")]
        body["has_valuation_model"] = bool(found.valuation_model)
    return body


def document(found: Document) -> dict[str, Any]:
    return {
        "id": found.pk,
        "side": found.side,
        "tier": found.tier,
        "folder": found.folder,
        "title": found.title,
        "filename": found.filename,
        "content_type": found.content_type,
        "size": found.size,
        "sha256": found.sha256,
        "view_only": found.view_only,
        "expires_at": _when(found.expires_at),
        "revoked_at": _when(found.revoked_at),
        "created_at": _when(found.created_at),
    }


def access(found: AccessLog) -> dict[str, Any]:
    return {
        "document": found.document_id,
        "user": str(found.user),
        "organisation": found.organisation_name,
        "action": found.action,
        "at": _when(found.at),
    }


def term_sheet(found: TermSheet) -> dict[str, Any]:
    return {
        "id": found.pk,
        "number": found.number,
        "side": found.side,
        "status": found.status,
        "terms": found.terms,
        "note": found.note,
        "accepted_at": _when(found.accepted_at),
        "created_at": _when(found.created_at),
    }


def agreement(found: Agreement) -> dict[str, Any]:
    return {
        "id": found.pk,
        "version": found.version,
        "term_sheet": found.term_sheet_id,
        "second_language": found.second_language,
        "sha256": found.sha256,
        "status": found.status,
        "signatures": [
            {
                "side": s.side,
                "signatory": s.signer_name,
                "organisation": s.organisation.slug,
                "signed_at": _when(s.signed_at),
                "document_sha256": s.document_sha256,
            }
            for s in found.signatures.select_related("organisation")
        ],
        "seal": found.seal,
        "sealed_at": _when(found.sealed_at),
        "ledger_indexes": found.ledger_indexes,
        "recorded": recorded(found),
        "pdf_url": reverse("api:deals_agreement_pdf", kwargs={"agreement_id": found.pk}),
    }


def recorded(found: Agreement) -> dict[str, list[dict[str, Any]]]:
    """What the registry recorded for this agreement: licences on the assets, links in the chain of title."""
    from assets.models import Encumbrance, TitleTransfer

    reference = f"IPH-DEAL-{found.room_id}-v{found.version}"
    licences = Encumbrance.objects.filter(reference__startswith=reference).order_by("pk")
    transfers = TitleTransfer.objects.filter(reference=reference).order_by("pk")
    return {
        "licences": [
            {
                "asset": e.asset_id,
                "kind": e.kind,
                "holder": e.holder_name,
                "territories": e.territories,
                "field_of_use": e.field_of_use,
                "start_date": _when(e.start_date),
                "end_date": _when(e.end_date),
            }
            for e in licences
        ],
        "transfers": [{"asset": t.asset_id, "to": t.to_name, "date": _when(t.date)} for t in transfers],
    }


def obligation(found: Obligation) -> dict[str, Any]:
    return {
        "id": found.pk,
        "kind": found.kind,
        "title": found.title,
        "due_on": _when(found.due_on),
        "amount": str(found.amount) if found.amount is not None else None,
        "currency": found.currency,
        "status": found.status,
        "note": found.note,
    }


def report(found: RoyaltyReport) -> dict[str, Any]:
    return {
        "id": found.pk,
        "period_start": _when(found.period_start),
        "period_end": _when(found.period_end),
        "sales_currency": found.sales_currency,
        "exchange_rate": str(found.exchange_rate),
        "lines": found.lines,
        "net_sales": str(found.net_sales),
        "royalty": str(found.royalty),
        "currency": found.currency,
        "computation": found.computation,
    }


def payment(found: Payment) -> dict[str, Any]:
    return {
        "id": found.pk,
        "amount": str(found.amount),
        "currency": found.currency,
        "paid_on": _when(found.paid_on),
        "reference": found.reference,
        "report": found.report_id,
        "obligation": found.obligation_id,
    }


def question(found: Question) -> dict[str, Any]:
    return {
        "id": found.pk,
        "side": found.side,
        "category": found.category,
        "text": found.text,
        "due_on": _when(found.due_on),
        "assignee": found.assignee_id,
        "answer": found.answer,
        "answer_document": found.answer_document_id,
        "answered_at": _when(found.answered_at),
    }


def checklist_item(found: ChecklistItem) -> dict[str, Any]:
    return {
        "id": found.pk,
        "code": found.code,
        "title": found.label,
        "state": found.state,
        "note": found.note,
        "link": found.link,
    }


def message(found: Message) -> dict[str, Any]:
    return {
        "id": found.pk,
        "side": found.side,
        "author": str(found.author or ""),
        "body": found.body,
        "created_at": _when(found.created_at),
    }
