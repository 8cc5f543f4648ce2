"""The NDA gate: the room's NDA filled in from the operator's template, each side's signature, the signed PDF.

The text both sides sign is stored whole with its SHA-256; each signature records the signatory, the
organisation, the time and the hash of the text signed. Confidential tiers open when both sides have signed.
"""

import hashlib
import string

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import User
from core.errors import Conflict, InvalidInput, NotFound
from core.events import record_event
from deals import pdf
from deals.models import DealRoom, Nda, NdaSignature, NdaTemplate, RoomMember
from deals.models.room import Side
from deals.notify import notify_room
from deals.permissions import LEADING_ROLES, require_open, require_party_seat

DEFAULT_LAW = "Hong Kong"
MAX_TERM_MONTHS = 120
PLACEHOLDERS = {"seller", "buyer", "governing_law", "term_months", "date", "room"}


def sha256(text: str) -> str:
    return hashlib.sha256(text.encode()).hexdigest()


def fill(template: NdaTemplate, values: dict[str, str]) -> str:
    """The English and Chinese texts with the placeholders filled; an unknown placeholder is refused."""
    parts = []
    for body in (template.body_en, template.body_zh):
        names = {name for _text, name, _spec, _conv in string.Formatter().parse(body) if name}
        if names - PLACEHOLDERS:
            raise InvalidInput(
                _("The template uses unknown placeholders: %(names)s")
                % {"names": ", ".join(sorted(names - PLACEHOLDERS))}
            )
        parts.append(body.format_map(values))
    return "\n\n".join(parts)


def default_template() -> NdaTemplate:
    found = NdaTemplate.objects.filter(is_active=True).order_by("-version", "id").first()
    if found is None:
        raise NotFound(_("The operator has not published an NDA template."))
    return found


@transaction.atomic
def prepare_nda(
    *,
    room: DealRoom,
    by: User,
    template: NdaTemplate | None = None,
    governing_law: str = DEFAULT_LAW,
    term_months: int = 36,
) -> Nda:
    """Fill the NDA for the room (again, until the first signature): party names, law, term, date."""
    require_party_seat(by, room, LEADING_ROLES)
    require_open(room)
    if not 1 <= int(term_months) <= MAX_TERM_MONTHS:
        raise InvalidInput(
            _("The term must be from 1 to %(n)d months.") % {"n": MAX_TERM_MONTHS}, field="term_months"
        )
    law = (governing_law or DEFAULT_LAW).strip()[:120]
    template = template or default_template()
    if not template.is_active:
        raise InvalidInput(_("This NDA template is no longer offered."), field="template")
    existing = Nda.objects.select_for_update().filter(room=room).first()
    if existing is not None and existing.signatures.exists():
        raise Conflict(_("The NDA has been signed; its text can no longer change."))
    values = {
        "seller": f"{room.seller.name} {room.seller.name_local}".strip(),
        "buyer": f"{room.buyer.name} {room.buyer.name_local}".strip(),
        "governing_law": law,
        "term_months": str(term_months),
        "date": timezone.localdate().isoformat(),
        "room": str(room.pk),
    }
    text = fill(template, values)
    nda, _created = Nda.objects.update_or_create(
        room=room,
        defaults={
            "template": template,
            "governing_law": law,
            "term_months": term_months,
            "text": text,
            "text_sha256": sha256(text),
        },
    )
    record_event(room, "deal.nda_prepared", actor=by, template=template.pk, sha256=nda.text_sha256)
    notify_room(room, "nda_prepared", skip=by)
    return nda


@transaction.atomic
def sign_nda(*, room: DealRoom, by: User, text_sha256: str = "") -> NdaSignature:
    """The side's authorised signatory signs the exact text; when both have, confidential tiers open.

    `text_sha256`, when given, must be the hash of the text the signatory read (it changed otherwise)."""
    seat = require_party_seat(by, room, (RoomMember.Role.SIGNATORY,))
    require_open(room)
    nda = Nda.objects.select_for_update().filter(room=room).first()
    if nda is None:
        raise Conflict(_("There is no NDA to sign yet."))
    if text_sha256 and text_sha256 != nda.text_sha256:
        raise Conflict(_("The NDA text has changed since you read it; read it again before signing."))
    if nda.signatures.filter(side=seat.side).exists():
        raise Conflict(_("Your side has already signed the NDA."))
    signature = NdaSignature.objects.create(
        nda=nda,
        side=seat.side,
        user=by,
        signer_name=str(by),
        organisation=seat.organisation,
        text_sha256=sha256(nda.text),
    )
    record_event(room, "deal.nda_signed", actor=by, side=seat.side, sha256=signature.text_sha256)
    if nda.signatures.count() == len(Side.values):
        DealRoom.objects.filter(pk=room.pk).update(nda_signed_at=timezone.now())
        room.refresh_from_db(fields=["nda_signed_at"])
        record_event(room, "deal.nda_complete", actor=by)
        notify_room(room, "nda_complete")
    else:
        notify_room(room, "nda_signed", note=str(seat.organisation), skip=by)
    return signature


def nda_pdf(nda: Nda) -> bytes:
    """The NDA as PDF, with every signature recorded so far (signatory, organisation, time, text hash)."""
    rows = [(_("SHA-256 of the text"), nda.text_sha256), (_("Governing law"), nda.governing_law)]
    for signature in nda.signatures.select_related("organisation"):
        rows.append(
            (
                str(Side(signature.side).label),
                f"{signature.signer_name} · {signature.organisation.name} · "
                f"{signature.signed_at:%Y-%m-%d %H:%M:%S} UTC · {signature.text_sha256}",
            )
        )
    title = f"Non-disclosure agreement · 保密協議 · {nda.room.title}"
    return pdf.render(title=title, blocks=[nda.text], rows=rows, script=nda.template.second_language)
