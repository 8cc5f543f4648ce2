"""The data room: uploads checked by their content (magic bytes, not the name) and size; PDFs handed out
watermarked per viewer; every view and download logged for the disclosing side; revocation and expiry."""

import hashlib
from datetime import datetime

from django.conf import settings
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import User
from core.errors import Conflict, Forbidden, InvalidInput
from core.events import record_event
from deals import pdf
from deals.models import AccessLog, DealRoom, Document, RoomMember
from deals.models.dataroom import Tier
from deals.notify import notify_room
from deals.permissions import require_open, require_seat, seat_of

# The operator may lower or raise it with the DEALS_MAX_UPLOAD_BYTES setting.
DEFAULT_MAX_UPLOAD_BYTES = 25 * 1024 * 1024
PDF = "application/pdf"
# Content types the room accepts, each with the names its files may carry.
ACCEPTED = {
    PDF: (".pdf",),
    "image/png": (".png",),
    "image/jpeg": (".jpg", ".jpeg"),
    "application/zip": (".docx", ".xlsx", ".pptx", ".zip"),
    "text/plain": (".txt", ".csv", ".md"),
}


def max_upload_bytes() -> int:
    return int(getattr(settings, "DEALS_MAX_UPLOAD_BYTES", DEFAULT_MAX_UPLOAD_BYTES))


MAGIC_NUMBERS = (
    (b"%PDF-", PDF),
    (b"\x89PNG\r\n\x1a\n", "image/png"),
    (b"\xff\xd8\xff", "image/jpeg"),
    (b"PK\x03\x04", "application/zip"),
)


def sniff(data: bytes) -> str | None:
    """The content type the bytes themselves show, or None for anything the room does not take."""
    for magic, kind in MAGIC_NUMBERS:
        if data.startswith(magic):
            return kind
    return "text/plain" if _is_text(data) else None


def _is_text(data: bytes) -> bool:
    if b"\x00" in data[:8192]:
        return False
    # A cut in the middle of a multibyte character at the end (up to 3 bytes) is not an error of the file.
    for end in (65536, 65533):
        try:
            data[:end].decode("utf-8")
        except UnicodeDecodeError:
            continue
        return True
    return False


def check_upload(filename: str, data: bytes) -> str:
    """The content type of an acceptable upload; a clear refusal for the wrong type, name or size."""
    if not data:
        raise InvalidInput(_("The file is empty."), field="file")
    if len(data) > max_upload_bytes():
        raise InvalidInput(
            _("The file is larger than %(mb)s MB.") % {"mb": max_upload_bytes() // (1024 * 1024)},
            field="file",
        )
    kind = sniff(data)
    if kind is None:
        raise InvalidInput(
            _("This type of file is not accepted (PDF, images, Office documents, text)."), field="file"
        )
    if not filename.lower().endswith(ACCEPTED[kind]):
        raise InvalidInput(
            _("The file's name does not match its content (%(kind)s).") % {"kind": kind}, field="file"
        )
    if kind == PDF and not readable_pdf(data):
        raise InvalidInput(_("The PDF cannot be read; save it again as a standard PDF."), field="file")
    return kind


def readable_pdf(data: bytes) -> bool:
    """Whether the PDF opens, so that it can be watermarked for each viewer later."""
    import io

    from pypdf import PdfReader
    from pypdf.errors import PyPdfError

    try:
        return len(PdfReader(io.BytesIO(data)).pages) > 0
    except (PyPdfError, ValueError, KeyError, TypeError):
        return False


@transaction.atomic
def upload_document(
    *,
    room: DealRoom,
    by: User,
    tier: str,
    title: str,
    filename: str,
    data: bytes,
    folder: str = "",
    view_only: bool = False,
    expires_at: datetime | None = None,
) -> Document:
    """A side discloses a document in one tier of the room."""
    seat = require_seat(by, room)
    require_open(room)
    if tier not in Tier.values:
        raise InvalidInput(_("Unknown tier: %(tier)s") % {"tier": tier}, field="tier")
    if not title.strip():
        raise InvalidInput(_("Give the document a title."), field="title")
    if expires_at is not None and expires_at <= timezone.now():
        raise InvalidInput(_("Access cannot end in the past."), field="expires_at")
    kind = check_upload(filename, data)
    name = filename.replace("/", "_").replace("\\", "_")[-200:]
    document = Document(
        room=room,
        side=seat.side,
        tier=tier,
        folder=folder.strip()[:120],
        title=title.strip()[:300],
        filename=name,
        content_type=kind,
        size=len(data),
        sha256=hashlib.sha256(data).hexdigest(),
        view_only=view_only,
        expires_at=expires_at,
        uploaded_by=by,
    )
    document.file.save(name, ContentFile(data), save=False)
    document.save()
    record_event(
        room, "deal.document_uploaded", actor=by, document=document.pk, tier=tier, sha256=document.sha256
    )
    notify_room(room, "document_uploaded", note=document.title, skip=by)
    return document


def _own(by: User, document: Document) -> RoomMember:
    seat = require_seat(by, document.room)
    if seat.side != document.side:
        raise Forbidden(_("Only the disclosing side manages its documents."))
    return seat


@transaction.atomic
def revoke_document(*, document: Document, by: User) -> Document:
    """Withdraw a document: the other side no longer sees it; the access log stays."""
    _own(by, document)
    if document.revoked_at is not None:
        raise Conflict(_("This document is already revoked."))
    document.revoked_at = timezone.now()
    document.save(update_fields=["revoked_at"])
    record_event(document.room, "deal.document_revoked", actor=by, document=document.pk)
    return document


@transaction.atomic
def set_expiry(*, document: Document, by: User, expires_at: datetime | None) -> Document:
    _own(by, document)
    if expires_at is not None and expires_at <= timezone.now():
        raise InvalidInput(_("Access cannot end in the past."), field="expires_at")
    document.expires_at = expires_at
    document.save(update_fields=["expires_at"])
    record_event(document.room, "deal.document_expiry_set", actor=by, document=document.pk)
    return document


def watermark_text(user: User, organisation: str, moment: datetime) -> str:
    return f"{user} · {user.email} · {organisation} · {moment:%Y-%m-%d %H:%M} UTC · IP Harbour"


@transaction.atomic
def open_document(*, document: Document, by: User, action: str) -> tuple[bytes, str]:
    """The bytes a viewer receives (PDFs watermarked with their name, organisation and the time) and the
    content type; the access is logged. View-only documents are not handed out as downloads."""
    if action not in AccessLog.Action.values:
        raise InvalidInput(_("Unknown action: %(action)s") % {"action": action}, field="action")
    seat = seat_of(by, document.room)
    own_side = seat is not None and seat.side == document.side
    if action == AccessLog.Action.DOWNLOAD and document.view_only and not own_side:
        raise Forbidden(_("The disclosing side allows this document to be viewed only."))
    organisation = seat.organisation.name if seat else _("IP Harbour operator")
    AccessLog.objects.create(document=document, user=by, organisation_name=organisation, action=action)
    with document.file.open("rb") as handle:
        data = handle.read()
    if document.content_type == PDF:
        data = pdf.watermark(data, watermark_text(by, organisation, timezone.now()))
    return data, document.content_type
