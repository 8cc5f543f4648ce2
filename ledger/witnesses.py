"""Witnesses: outside parties who check the log's heads and cosign them (C2SP tlog-cosignature/v1)."""

import base64
import binascii
import datetime

from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from core.access import Person
from core.errors import Conflict, Forbidden, InvalidInput, NotFound
from core.events import record_event
from ledger import checkpoints
from ledger.models import Cosignature, TreeHead, Witness
from ledger.services import record

# A witness's clock may run ahead of ours by this much; cosignatures from further ahead are refused.
CLOCK_SKEW = datetime.timedelta(minutes=5)


@transaction.atomic
def register_witness(*, name: str, public_key: str, by: Person) -> Witness:
    """Accept cosignatures from a new witness; operator staff only. The registration is logged too."""
    if not getattr(by, "is_staff", False):
        raise Forbidden(_("Only the operator registers witnesses."))
    name = name.strip()
    if not name or len(name) > 200 or any(c.isspace() or c == "+" for c in name):
        raise InvalidInput(_("A witness name is one word without spaces or '+'."), field="name")
    try:
        raw = checkpoints.public_key_from_text(public_key)
    except (ValueError, binascii.Error) as error:
        raise InvalidInput(_("That is not an Ed25519 public key."), field="public_key") from error
    key_id = checkpoints.key_id(raw)
    try:
        with transaction.atomic():
            witness = Witness.objects.create(
                name=name, public_key=checkpoints.b64(raw), key_id=key_id, registered_by_id=by.pk
            )
    except IntegrityError as error:
        raise Conflict(_("A witness with that name or key is already registered.")) from error
    record_event(witness, "ledger.witness_registered", actor=by, name=name, key_id=key_id)
    record(
        "ledger.witness.registered",
        subject=f"ledger.witness:{witness.pk}",
        public={"name": name, "key_id": key_id, "public_key": witness.public_key},
        actor=by,
    )
    return witness


def _witness(reference: str) -> Witness:
    witness = Witness.objects.filter(active=True).filter(Q(name=reference) | Q(key_id=reference)).first()
    if witness is None:
        raise NotFound(_("No active witness is registered under that name or key id."))
    return witness


def _signature(text: str) -> bytes:
    try:
        signature = base64.b64decode(text, validate=True)
    except (ValueError, binascii.Error) as error:
        raise InvalidInput(_("The signature is not base64."), field="signature") from error
    if len(signature) != 64:
        raise InvalidInput(_("An Ed25519 signature has 64 bytes."), field="signature")
    return signature


@transaction.atomic
def add_cosignature(
    *, witness: str, tree_size: int, timestamp: int, signature: str, root_hash: str = ""
) -> Cosignature:
    """Verify a witness's signature over a signed head of `tree_size` and keep it (latest wins)."""
    signer = _witness(witness)
    raw_signature = _signature(signature)
    if not 0 <= timestamp <= (timezone.now() + CLOCK_SKEW).timestamp():
        raise InvalidInput(_("The cosignature's time is in the future."), field="timestamp")
    heads = TreeHead.objects.filter(size=tree_size).order_by("-id")
    if root_hash:
        heads = heads.filter(root_hash=root_hash.strip().lower())
    if not heads.exists():
        raise NotFound(_("The log has signed no tree head of size %(size)d.") % {"size": tree_size})
    for head in heads[:50]:
        message = checkpoints.cosignature_message(head.checkpoint.body(), timestamp)
        if checkpoints.verify_signature(signer.raw, message, raw_signature):
            cosignature, _created = Cosignature.objects.update_or_create(
                witness=signer,
                head=head,
                defaults={"timestamp": timestamp, "signature": checkpoints.b64(raw_signature)},
            )
            record_event(cosignature, "ledger.cosigned", witness=signer.name, tree_size=tree_size)
            return cosignature
    raise InvalidInput(
        _("The signature does not verify for any signed tree head of that size."), field="signature"
    )


def signed_note(head: TreeHead) -> str:
    """The head as a C2SP signed note: checkpoint body, blank line, the log's and witnesses' lines."""
    body = head.checkpoint.body()
    lines = [checkpoints.note_signature_line(head.origin, head.key.raw, base64.b64decode(head.signature))]
    for cosignature in head.cosignatures.select_related("witness").order_by("witness__name"):
        lines.append(
            checkpoints.cosignature_line(
                cosignature.witness.name,
                cosignature.witness.raw,
                cosignature.timestamp,
                base64.b64decode(cosignature.signature),
            )
        )
    return body.decode() + "\n" + "".join(lines)
