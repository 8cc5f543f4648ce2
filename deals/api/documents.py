"""The data room: upload, list, open (watermarked), revoke, expiry, and the access log."""

from datetime import datetime
from typing import Any

from django.http import HttpResponse
from ninja import File, Form, Router, Schema, Status, UploadedFile

from core.bounds import Id
from core.validators import form_text
from deals.api import serialize
from deals.api.common import child_for, room_for
from deals.models import AccessLog, Document
from deals.services import dataroom

router = Router(tags=["deals"])


class ExpiryIn(Schema):
    expires_at: datetime | None = None


@router.get("/rooms/{int:room_id}/documents", response=list[dict[str, Any]], summary="Documents I may see")
def documents(request, room_id: Id):
    user, found = room_for(request, room_id)
    return [serialize.document(d) for d in Document.objects.visible_to(user).filter(room=found)]


@router.post("/rooms/{int:room_id}/documents", response={201: dict[str, Any]}, summary="Upload a document")
def upload(
    request,
    room_id: Id,
    tier: Form[str],
    title: Form[str],
    file: File[UploadedFile],
    folder: Form[str] = "",
    view_only: Form[bool] = False,
):
    user, found = room_for(request, room_id)
    data = file.read(dataroom.max_upload_bytes() + 1)
    document = dataroom.upload_document(
        room=found,
        by=user,
        tier=form_text(tier, "tier"),
        title=form_text(title, "title"),
        filename=form_text(file.name or "", "file"),
        data=data,
        folder=form_text(folder, "folder"),
        view_only=view_only,
    )
    return Status(201, serialize.document(document))


def _open(request, document_id: Id, action: str) -> HttpResponse:
    user, document = child_for(request, Document, document_id)
    data, kind = dataroom.open_document(document=document, by=user, action=action)
    response = HttpResponse(data, content_type=kind)
    disposition = "attachment" if action == AccessLog.Action.DOWNLOAD else "inline"
    response["Content-Disposition"] = f'{disposition}; filename="{document.filename}"'
    response["X-Content-Type-Options"] = "nosniff"
    return response


@router.get("/documents/{int:document_id}/download", summary="Download (PDFs watermarked for me)")
def download(request, document_id: Id):
    return _open(request, document_id, AccessLog.Action.DOWNLOAD)


@router.get("/documents/{int:document_id}/view", summary="View in the browser (PDFs watermarked for me)")
def view(request, document_id: Id):
    return _open(request, document_id, AccessLog.Action.VIEW)


@router.post(
    "/documents/{int:document_id}/revoke", response=dict[str, Any], summary="Revoke (disclosing side)"
)
def revoke(request, document_id: Id):
    user, document = child_for(request, Document, document_id)
    return serialize.document(dataroom.revoke_document(document=document, by=user))


@router.post("/documents/{int:document_id}/expiry", response=dict[str, Any], summary="Set when access ends")
def expiry(request, document_id: Id, payload: ExpiryIn):
    user, document = child_for(request, Document, document_id)
    return serialize.document(dataroom.set_expiry(document=document, by=user, expires_at=payload.expires_at))


@router.get(
    "/rooms/{int:room_id}/access-log", response=list[dict[str, Any]], summary="Who opened our documents"
)
def access_log(request, room_id: Id):
    user, found = room_for(request, room_id)
    rows = AccessLog.objects.visible_to(user).filter(document__room=found).select_related("user")[:1000]
    return [serialize.access(row) for row in rows]
