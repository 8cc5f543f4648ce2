"""Verifying an attestation the way a buyer would: signature, signing key, validity period,
revocation, and inclusion of its issue (and revocation) in the transparency log.

Every check is recomputed from the signed credential and the log; nothing is taken from a stored
"status" field except the revocation, which is itself proven by its own log entry.
"""

import base64
import datetime
import json
from dataclasses import dataclass, field

from django.utils import timezone
from django.utils.translation import gettext as _

from certification import credentials
from certification.attestations import issuer_url, site_url
from certification.models import Attestation, CertifierKey
from core.errors import DomainError, IntegrityFailure
from ledger import checkpoints, merkle, proofs
from ledger import services as ledger
from ledger.models import Entry, TreeHead

VALID, REVOKED, EXPIRED, NOT_YET_VALID, INVALID, UNKNOWN = (
    "valid",
    "revoked",
    "expired",
    "not_yet_valid",
    "invalid",
    "unknown",
)


@dataclass
class Check:
    code: str
    ok: bool | None  # None: could not be checked
    message: str


@dataclass
class Report:
    status: str = UNKNOWN
    checks: list[Check] = field(default_factory=list)
    attestation: Attestation | None = None
    key: CertifierKey | None = None
    tree_size: int | None = None

    def add(self, code: str, ok: bool | None, message: str) -> bool | None:
        self.checks.append(Check(code, ok, message))
        return ok

    @property
    def ok(self) -> bool:
        return self.status == VALID


def public_id_of(document: dict) -> str:
    """The attestation id in a credential's id (<site>/verify/<id>/), or '' when it is not ours."""
    prefix = f"{site_url()}/verify/"
    identifier = str(document.get("id", ""))
    return identifier.removeprefix(prefix).strip("/") if identifier.startswith(prefix) else ""


def _check_key(document: dict, raw: bytes, report: Report) -> None:
    key = CertifierKey.objects.select_related("certifier").filter(key_id=checkpoints.key_id(raw)).first()
    if key is None:
        report.add("key", False, _("The signing key is not a certifier key published on this platform."))
        return
    report.key = key
    issuer = document.get("issuer", {})
    issuer_id = issuer.get("id") if isinstance(issuer, dict) else issuer
    if issuer_id != issuer_url(key.certifier):
        report.add(
            "key",
            False,
            _("The key belongs to %(certifier)s, not to the issuer named.") % {"certifier": key.certifier},
        )
        return
    created = credentials.parse_timestamp(document["proof"].get("created"))
    in_period = key.valid_from.replace(microsecond=0) <= created and (
        key.valid_until is None or created < key.valid_until
    )
    if not in_period:
        report.add("key", False, _("The credential was signed outside the key's period of validity."))
        return
    message = _("Signed with key %(key)s of %(certifier)s (%(state)s).") % {
        "key": key.key_id[:16],
        "certifier": key.certifier,
        "state": _("active") if key.active else _("retired since %(date)s") % {"date": key.valid_until},
    }
    report.add("key", True, message)


def _check_period(document: dict, now: datetime.datetime, report: Report) -> str | None:
    try:
        start = credentials.parse_timestamp(document.get("validFrom"))
        end = credentials.parse_timestamp(document.get("validUntil"))
    except credentials.CredentialError as error:
        report.add("period", False, str(error))
        return INVALID
    dates = {"start": start.date(), "end": end.date()}
    if now < start:
        report.add("period", False, _("Not valid before %(start)s.") % dates)
        return NOT_YET_VALID
    if now >= end:
        report.add("period", False, _("Expired on %(end)s.") % dates)
        return EXPIRED
    report.add("period", True, _("Valid from %(start)s until %(end)s.") % dates)
    return None


def _entry_included(entry: Entry, report: Report, code: str) -> bool | None:
    """Recompute the leaf hash and its audit path up to a signed tree head, and check the head's signature."""
    try:
        head: TreeHead = ledger.current_head()
        if entry.index >= head.size:
            head = ledger.sign_tree_head()
        proof = proofs.inclusion(index=entry.index, tree_size=head.size)
    except IntegrityFailure as error:
        # The log refused to prove this entry because its stored leaf or hashes were altered.
        return report.add(code, False, error.detail)
    except (DomainError, proofs.MissingNode) as error:
        return report.add(code, None, _("The log cannot be checked now: %(error)s") % {"error": error})
    leaf_hash = merkle.leaf_hash(entry.leaf.encode())
    path_ok = merkle.verify_inclusion(
        leaf_hash, entry.index, head.size, proof.audit_path, bytes.fromhex(head.root_hash)
    )
    signature_ok = checkpoints.verify_signature(
        head.key.raw, head.checkpoint.body(), base64.b64decode(head.signature)
    )
    report.tree_size = head.size
    values = {"index": entry.index, "size": head.size, "root": head.root_hash[:16]}
    if path_ok and signature_ok:
        return report.add(
            code,
            True,
            _("Entry %(index)d is in the signed log of %(size)d entries (root %(root)s…).") % values,
        )
    return report.add(code, False, _("Entry %(index)d does not prove into the signed log head.") % values)


def _check_log(attestation: Attestation, digest: str, report: Report) -> None:
    entry = attestation.issued_entry
    if entry is None:
        report.add("log", False, _("The issue of this attestation is not in the transparency log."))
        return
    logged = json.loads(entry.leaf).get("public", {})
    if logged.get("credential_sha256") != digest or logged.get("attestation") != attestation.public_id:
        report.add("log", False, _("The transparency log records a different credential under this id."))
        return
    _entry_included(entry, report, "log")
    if attestation.revoked_entry is not None:
        _entry_included(attestation.revoked_entry, report, "revocation_log")


def verify_document(document: object, *, now: datetime.datetime | None = None) -> Report:
    """Verify a credential as presented (pasted, uploaded or fetched); tampering shows as INVALID."""
    now, report = now or timezone.now(), Report()
    try:
        raw = credentials.verify_proof(document)
    except credentials.CredentialError as error:
        report.add("signature", False, _("The signature does not verify: %(error)s") % {"error": error})
        report.status = INVALID
        return report
    assert isinstance(document, dict)
    report.add("signature", True, _("The Ed25519 signature (eddsa-jcs-2022) matches the credential."))
    _check_key(document, raw, report)
    if any(check.ok is False for check in report.checks):
        report.status = INVALID
        return report
    digest = credentials.digest(document)
    attestation = (
        Attestation.objects.select_related("issued_entry", "revoked_entry", "certifier", "asset")
        .filter(public_id=public_id_of(document))
        .first()
    )
    if attestation is None or attestation.credential_sha256 != digest:
        report.add("record", False, _("The platform has not issued this credential under this id."))
        report.status = UNKNOWN
        return report
    report.attestation = attestation
    period = _check_period(document, now, report)
    if attestation.revoked_at is not None:
        values = {"date": attestation.revoked_at.date(), "reason": attestation.reason}
        report.add("revocation", False, _("Revoked on %(date)s: %(reason)s") % values)
    else:
        report.add("revocation", True, _("Not revoked."))
    _check_log(attestation, digest, report)
    report.status = (
        REVOKED if attestation.revoked_at else period or (INVALID if _log_failed(report) else VALID)
    )
    return report


def _log_failed(report: Report) -> bool:
    return any(check.ok is False for check in report.checks if check.code == "log")


def verify_attestation(attestation: Attestation, *, now: datetime.datetime | None = None) -> Report:
    return verify_document(attestation.credential, now=now)
