"""The agreement: generated from the clause templates with the locked terms, signed by both sides'
authorised signatories, sealed by the platform (Ed25519), recorded in the registry and the transparency log.

Signing is one transaction: when the second signature comes in, the registry records the deal (or refuses
it, and then nothing of the signature is kept), the listing closes as a deal, the log receives the public
facts with a salted commitment to the terms, the seal is made and the obligations calendar is laid out.
"""

import base64
import hashlib
import io

from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import User
from accounts.permissions import can_edit_for
from assets.models import Asset
from core.errors import Conflict, InvalidInput
from core.events import record_event
from deals import clauses, pdf
from deals.models import Agreement, AgreementSignature, DealRoom, RoomMember
from deals.models.nda import SECOND_LANGUAGES
from deals.models.room import Side
from deals.notify import notify_room
from deals.permissions import LEADING_ROLES, require_open, require_party_seat, require_seat
from deals.services import obligations, recordal
from deals.services.terms import locked_terms
from deals.terms import describe

SEAL_ALGORITHM = "Ed25519"


def _values(room: DealRoom, terms: dict, version: int) -> dict[str, str]:
    assets = Asset.objects.filter(pk__in=terms["assets"]).order_by("pk")
    nda = getattr(room, "nda", None)
    territory = describe("territories", terms["territories"]) if terms["territories"] else "worldwide"
    if terms["excluded_territories"]:
        territory += " ex-" + ", ".join(terms["excluded_territories"])
    return {
        "seller": f"{room.seller.name} {room.seller.name_local}".strip(),
        "buyer": f"{room.buyer.name} {room.buyer.name_local}".strip(),
        "room": str(room.pk),
        "version": str(version),
        "assets": "; ".join(f"{a.number or '#' + str(a.pk)} ({a.jurisdiction}) {a.title}" for a in assets),
        "territory": territory,
        "field": terms["field_of_use"] or "all fields",
        "milestones": describe("milestones", terms["milestones"]),
        "tiers": describe("royalty_tiers", terms["royalty_tiers"]),
        "step_downs": describe("step_downs", terms["step_downs"]),
        "floor": terms["royalty_floor"],
        "sublicensing": terms["sublicensing_share"],
        "governing_law": nda.governing_law if nda else "Hong Kong",
        **{
            key: describe(key, terms[key])
            for key in (
                "exclusivity",
                "currency",
                "upfront",
                "equity",
                "term_years",
                "diligence",
                "grant_back",
                "termination",
            )
        },
    }


@transaction.atomic
def generate_agreement(*, room: DealRoom, by: User, second_language: str = "zh-hant") -> Agreement:
    """A new version of the agreement from the locked terms; earlier unsigned versions are superseded."""
    require_seat(by, room, LEADING_ROLES)
    require_open(room)
    if second_language not in dict(SECOND_LANGUAGES):
        raise InvalidInput(_("Choose Traditional or Simplified Chinese."), field="second_language")
    sheet = locked_terms(room)
    if sheet is None:
        raise Conflict(_("Accept a version of the terms before generating the agreement."))
    room = DealRoom.objects.select_for_update().get(pk=room.pk)
    if room.agreements.filter(status=Agreement.Status.SIGNED).exists():
        raise Conflict(_("The agreement is signed; an amendment needs new terms."))
    version = (room.agreements.aggregate(top=Max("version"))["top"] or 0) + 1
    english, chinese = clauses.render(
        room.deal_type, _values(room, sheet.terms, sheet.number), second_language
    )
    title = f"Agreement · 協議 · {room.title} · v{version}"
    document = pdf.render(title=title, blocks=[english, chinese], rows=[], script=second_language)
    room.agreements.filter(status=Agreement.Status.AWAITING_SIGNATURES).update(
        status=Agreement.Status.SUPERSEDED
    )
    agreement = Agreement.objects.create(
        room=room,
        version=version,
        term_sheet=sheet,
        second_language=second_language,
        pdf=document,
        sha256=hashlib.sha256(document).hexdigest(),
    )
    record_event(room, "deal.agreement_generated", actor=by, version=version, sha256=agreement.sha256)
    notify_room(room, "agreement_generated", note=f"v{version}", skip=by)
    return agreement


@transaction.atomic
def sign_agreement(*, agreement: Agreement, by: User, document_sha256: str = "") -> AgreementSignature:
    """A side's authorised signatory signs the exact PDF; the second signature completes the deal."""
    room = DealRoom.objects.select_for_update().get(pk=agreement.room_id)
    seat = require_party_seat(by, room, (RoomMember.Role.SIGNATORY,))
    require_open(room)
    agreement = Agreement.objects.select_for_update().get(pk=agreement.pk)
    if agreement.status != Agreement.Status.AWAITING_SIGNATURES:
        raise Conflict(_("This version of the agreement is not awaiting signatures."))
    if document_sha256 and document_sha256 != agreement.sha256:
        raise Conflict(_("The document has changed since you read it; read it again before signing."))
    if not room.nda_complete:
        raise Conflict(_("Both sides must sign the NDA first."))
    if agreement.signatures.filter(side=seat.side).exists():
        raise Conflict(_("Your side has already signed this agreement."))
    signature = AgreementSignature.objects.create(
        agreement=agreement,
        side=seat.side,
        user=by,
        signer_name=str(by),
        organisation=seat.organisation,
        document_sha256=agreement.sha256,
    )
    record_event(room, "deal.agreement_signed", actor=by, side=seat.side, sha256=agreement.sha256)
    if agreement.signatures.count() == len(Side.values):
        _complete(room, agreement, by)
    else:
        notify_room(room, "agreement_signed", note=str(seat.organisation), skip=by)
    return signature


def _seller_signatory(agreement: Agreement) -> User:
    return agreement.signatures.select_related("user").get(side=Side.SELLER).user


def _complete(room: DealRoom, agreement: Agreement, by: User) -> None:
    from ledger.models import Entry

    terms = agreement.term_sheet.terms
    seller_signer = _seller_signatory(agreement)
    start = Entry.objects.aggregate(top=Max("index"))["top"]
    reference = f"IPH-DEAL-{room.pk}-v{agreement.version}"
    recorded = recordal.record(room, terms, by=seller_signer, reference=reference)
    _log(room, agreement, terms, by)
    _close_listing(room, seller_signer)
    now = timezone.now()
    subjects = _subjects(room, terms)
    indexes = list(
        Entry.objects.filter(index__gt=start if start is not None else -1, subject__in=subjects)
        .order_by("index")
        .values_list("index", flat=True)
    )
    agreement.seal = _seal(agreement, now)
    agreement.status, agreement.sealed_at, agreement.ledger_indexes = Agreement.Status.SIGNED, now, indexes
    agreement.save()
    room.status, room.signed_at = DealRoom.Status.SIGNED, now
    room.save(update_fields=["status", "signed_at", "updated_at"])
    obligations.lay_out(room, terms, signed_on=now.date())
    record_event(room, "deal.signed", actor=by, agreement=agreement.pk, recorded=recorded, ledger=indexes)
    notify_room(room, "deal_signed")


def _subjects(room: DealRoom, terms: dict) -> list[str]:
    subjects = [f"deals.dealroom:{room.pk}", *(f"assets.asset:{pk}" for pk in terms["assets"])]
    if room.listing_id:
        subjects.append(f"listing:{room.listing_id}")
    return subjects


def _log(room: DealRoom, agreement: Agreement, terms: dict, by: User) -> None:
    """Public facts in clear; the terms and any confidential asset's number only as a salted commitment."""
    from assets.services import log_assets
    from ledger.services import record

    assets = list(Asset.objects.filter(pk__in=terms["assets"]).order_by("pk"))
    public_numbers = [a.number for a in assets if a.visibility == Asset.Visibility.PUBLIC]
    hidden = [a.number for a in assets if a.visibility != Asset.Visibility.PUBLIC]
    day = timezone.localdate().isoformat()
    record(
        "deal.signed",
        subject=f"deals.dealroom:{room.pk}",
        public={
            "seller": room.seller.name,
            "buyer": room.buyer.name,
            "deal_type": terms["deal_type"],
            "assets": public_numbers,
            "date": day,
        },
        confidential={"terms": terms, "agreement_sha256": agreement.sha256, "confidential_assets": hidden},
        actor=by,
    )
    log_assets(
        assets,
        "asset.deal_recorded",
        by,
        counterparty=room.buyer.name,
        deal_type=terms["deal_type"],
        date=day,
    )


def _close_listing(room: DealRoom, seller_signer: User) -> None:
    from listings.services import close_listing

    listing = room.listing
    if listing is None or not listing.is_public:
        return
    by = seller_signer if can_edit_for(seller_signer, listing.organisation) else None
    close_listing(listing=listing, by=by, outcome="deal", note=f"Deal room {room.pk}")


def _seal(agreement: Agreement, moment) -> dict:
    """The platform's Ed25519 signature over the document hash and every signature (ledger's active key;
    the log's lock is held by now, as the key may be made on first use)."""
    from ledger import keys
    from ledger.services import canonical

    statement = {
        "agreement": agreement.pk,
        "room": agreement.room_id,
        "version": agreement.version,
        "document_sha256": agreement.sha256,
        "signatures": [
            {
                "side": s.side,
                "signatory": s.signer_name,
                "user": s.user_id,
                "organisation": s.organisation.name,
                "signed_at": s.signed_at.isoformat(),
                "document_sha256": s.document_sha256,
            }
            for s in agreement.signatures.select_related("organisation")
        ],
        "sealed_at": moment.isoformat(),
    }
    key = keys.active_key()
    signature = keys.sign(key, canonical(statement))
    return {
        "algorithm": SEAL_ALGORITHM,
        "key_id": key.key_id,
        "statement": statement,
        "signature": base64.b64encode(signature).decode(),
    }


def verify_seal(agreement: Agreement) -> bool:
    """Whether the seal verifies under the platform's published key and covers this very document."""
    from cryptography.exceptions import InvalidSignature
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey

    from ledger.models import SigningKey
    from ledger.services import canonical

    seal = agreement.seal or {}
    key = SigningKey.objects.filter(key_id=seal.get("key_id")).first()
    if (
        key is None
        or seal.get("statement", {}).get("document_sha256")
        != hashlib.sha256(bytes(agreement.pdf)).hexdigest()
    ):
        return False
    try:
        Ed25519PublicKey.from_public_bytes(base64.b64decode(key.public_key)).verify(
            base64.b64decode(seal["signature"]), canonical(seal["statement"])
        )
    except (InvalidSignature, ValueError, KeyError):
        return False
    return True


def signed_pdf(agreement: Agreement) -> bytes:
    """The agreement followed by a signature page: each signatory, and the platform's seal when sealed."""
    from pypdf import PdfReader, PdfWriter

    rows = [(_("SHA-256 of the agreement"), agreement.sha256)]
    for s in agreement.signatures.select_related("organisation"):
        rows.append(
            (
                str(Side(s.side).label),
                f"{s.signer_name} · {s.organisation.name} · {s.signed_at:%Y-%m-%d %H:%M:%S} UTC · "
                f"{s.document_sha256}",
            )
        )
    if agreement.seal:
        rows += [
            (_("Platform seal"), f"{agreement.seal['algorithm']} · {agreement.seal['key_id']}"),
            (_("Seal signature"), agreement.seal["signature"]),
        ]
    page = pdf.render(title=str(_("Signatures")), blocks=[], rows=rows, script=agreement.second_language)
    writer = PdfWriter()
    for source in (bytes(agreement.pdf), page):
        for sheet in PdfReader(io.BytesIO(source)).pages:
            writer.add_page(sheet)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()
