"""Signing, issuing and revoking attestations, and the certifier keys they are signed with.

Issue and revocation each go to the transparency log in the same transaction as the change, so that a
verifier can prove that the attestation it holds is the one the certifier published and whether it
still stands. The log holds the credential's SHA-256, never the credential itself.
"""

import datetime
from typing import Any

from django.conf import settings
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from accounts.models import Organisation, User
from assets.models import Asset
from certification import credentials, keys
from certification.models import Attestation, CertifierKey, Claim, RequestedClaim
from certification.permissions import acts_for, administers
from core.errors import Conflict, Forbidden, InvalidInput
from core.events import record_event
from ledger import services as ledger

MAX_REASON = 5000
# Claims about the right itself cannot be attested beyond the right's own expiry.
LEGAL_CLAIMS = {Claim.VALIDITY, Claim.CHAIN_OF_TITLE}


def site_url() -> str:
    return settings.SITE_URL.rstrip("/")


def verify_url(public_id: str) -> str:
    return f"{site_url()}/verify/{public_id}/"


def issuer_url(certifier: Organisation) -> str:
    return f"{site_url()}/certification/certifiers/{certifier.slug}/"


def _log_key(key: CertifierKey, kind: str, actor: User | None, **extra: Any) -> None:
    ledger.record(
        kind,
        subject=f"certification.key:{key.key_id}",
        public={"certifier": key.certifier.slug, "key_id": key.key_id, "public_key": key.public_key, **extra},
        actor=actor,
    )


def signing_key(certifier: Organisation, *, actor: User | None = None) -> CertifierKey:
    """The certifier's active key; the first one is made (and published in the log) on first use."""
    key, created = keys.active_or_new_key(certifier)
    if created:
        _log_key(key, "certification.key.created", actor)
    return key


@transaction.atomic
def rotate_key(*, certifier: Organisation, by: User) -> CertifierKey:
    """Retire the certifier's key and start a new one; attestations signed before keep verifying."""
    if not administers(by, certifier):
        raise Forbidden(_("Only an administrator of the certifier can rotate its signing key."))
    old, new = keys.retire_and_replace(certifier)
    _log_key(new, "certification.key.rotated", by, replaces=old.key_id if old else None)
    record_event(certifier, "certification.key_rotated", actor=by, key_id=new.key_id)
    return new


def default_scope(claim: str, asset: Asset, holder: str, facts: dict) -> str:
    """The statement an attestation makes, in English: the signed text must not depend on a reader."""
    values = {
        "number": asset.number or asset.title[:80],
        "jurisdiction": asset.jurisdiction,
        "holder": holder,
        "checked": facts.get("checked_on") or timezone.localdate().isoformat(),
        "expiry": facts.get("expiry_date") or "—",
        "phase": facts.get("phase_label", ""),
        "trials": ", ".join(facts.get("trials", [])),
        "count": len(facts.get("transfers", [])),
    }
    with translation.override("en"):
        templates = {
            Claim.VALIDITY: _(
                "%(number)s (%(jurisdiction)s) is granted and in force on the registry, expires on "
                "%(expiry)s and has not lapsed for non-payment of fees, as checked on %(checked)s."
            ),
            Claim.CHAIN_OF_TITLE: _(
                "%(holder)s is the holder of %(number)s (%(jurisdiction)s) by the recorded chain of title "
                "(%(count)d recorded assignments), as checked on %(checked)s."
            ),
            Claim.CLINICAL_PHASE: _(
                "The drug of %(number)s has reached %(phase)s, as shown by trial records %(trials)s that "
                "link it to its owner or licensee, as checked on %(checked)s."
            ),
            Claim.FIRST_IN_CLASS: _(
                "In the certifier's reasoned opinion, with the sources given, the drug of %(number)s is "
                "first-in-class, as reviewed on %(checked)s."
            ),
            Claim.BEST_IN_CLASS: _(
                "In the certifier's reasoned opinion, with the sources given, the drug of %(number)s is "
                "best-in-class, as reviewed on %(checked)s."
            ),
        }
        return templates[Claim(claim)] % values


def validity_period(
    requested: RequestedClaim, now: datetime.datetime, until: datetime.datetime | None
) -> datetime.datetime:
    """The end of validity: as asked, else the service's period; never past the right's expiry."""
    asset = requested.request.asset
    end = until or now + datetime.timedelta(days=requested.service.validity_days)
    if requested.claim in LEGAL_CLAIMS and asset.expiry_date is not None:
        expiry = datetime.datetime.combine(
            asset.expiry_date, datetime.time(), tzinfo=timezone.get_current_timezone()
        )
        if until is not None and until > expiry:
            raise InvalidInput(
                _("An attestation about the right cannot outlast it: the asset expires on %(date)s.")
                % {"date": asset.expiry_date},
                field="valid_until",
            )
        end = min(end, expiry)
    if end <= now:
        raise InvalidInput(_("The end of validity must be after the start."), field="valid_until")
    return end


def _claim_names(claim: str) -> list[dict]:
    names = []
    for language, tag in (("en", "en"), ("zh-hant", "zh-Hant"), ("zh-hans", "zh-Hans")):
        with translation.override(language):
            names.append({"@value": str(Claim(claim).label), "@language": tag})
    return names


def build_credential(attestation: Attestation, holder: Organisation) -> dict:
    """The unsigned W3C Verifiable Credential (data model 2.0) of an attestation."""
    asset, certifier = attestation.asset, attestation.certifier
    subject: dict[str, Any] = {
        "id": f"{site_url()}/assets/{asset.pk}/",
        "type": "IPAsset",
        "assetNumber": asset.number,
        "jurisdiction": asset.jurisdiction,
        "assetType": asset.kind,
        "title": asset.title,
        "holder": {"id": f"{site_url()}/organisations/{holder.slug}/", "name": holder.name},
        "claim": {
            "type": attestation.claim,
            "name": _claim_names(attestation.claim),
            "scope": attestation.scope,
            "facts": attestation.facts,
        },
    }
    return {
        "@context": [credentials.VC_CONTEXT],
        "id": verify_url(attestation.public_id),
        "type": ["VerifiableCredential", credentials.CREDENTIAL_TYPE],
        "name": _claim_names(attestation.claim),
        "issuer": {"id": issuer_url(certifier), "name": certifier.name, "nameLocal": certifier.name_local},
        "validFrom": credentials.timestamp(attestation.valid_from),
        "validUntil": credentials.timestamp(attestation.valid_until),
        "credentialSubject": subject,
        "credentialStatus": {
            "id": f"{site_url()}/api/v1/certification/verify/{attestation.public_id}",
            "type": "IPHarbourAttestationStatus",
        },
    }


def _log_issue(attestation: Attestation, actor: User | None) -> None:
    public = {
        "attestation": attestation.public_id,
        "certifier": attestation.certifier.slug,
        "claim": attestation.claim,
        "valid_from": credentials.timestamp(attestation.valid_from),
        "valid_until": credentials.timestamp(attestation.valid_until),
        "key_id": attestation.key.key_id,
        "credential_sha256": attestation.credential_sha256,
    }
    asset = attestation.asset
    confidential = None
    if asset.visibility == Asset.Visibility.PUBLIC:
        public["asset"] = asset.number or f"asset:{asset.pk}"
    else:
        confidential = {
            "asset": asset.number or f"asset:{asset.pk}",
            "holder": attestation.request.requester.name,
        }
    attestation.issued_entry = ledger.record(
        "certification.attestation.issued",
        subject=f"attestation:{attestation.public_id}",
        public=public,
        confidential=confidential,
        actor=actor,
    )


@transaction.atomic
def issue(
    *,
    requested: RequestedClaim,
    by: User,
    facts: dict,
    scope_note: str = "",
    valid_until: datetime.datetime | None = None,
) -> Attestation:
    """Sign and issue the attestation of a granted claim with the certifier's active key."""
    request = requested.request
    if not acts_for(by, request.certifier):
        raise Forbidden(_("Only the certifier's people can sign its attestations."))
    # The key first: a key made now must exist before the moment the credential says it was signed.
    key = signing_key(request.certifier, actor=by)
    now = timezone.now().replace(microsecond=0)
    scope = default_scope(requested.claim, request.asset, request.requester.name, facts)
    if scope_note.strip():
        scope = f"{scope} {scope_note.strip()}"
    attestation = Attestation(
        request=request,
        requested_claim=requested,
        certifier=request.certifier,
        asset=request.asset,
        claim=requested.claim,
        scope=scope,
        facts=facts,
        valid_from=now,
        valid_until=validity_period(requested, now, valid_until).replace(microsecond=0),
        key=key,
        issued_by=by,
        issued_at=now,
    )
    unsigned = build_credential(attestation, request.requester)
    signed = credentials.sign(
        unsigned,
        raw_public_key=keys.raw_public_key(key),
        sign_bytes=lambda message: keys.sign(key, message),
        created=now,
    )
    attestation.credential = signed
    attestation.signature = signed["proof"]["proofValue"]
    attestation.credential_sha256 = credentials.digest(signed)
    _log_issue(attestation, by)
    attestation.save()
    record_event(attestation, "certification.attestation_issued", actor=by, claim=attestation.claim)
    return attestation


@transaction.atomic
def revoke(*, attestation: Attestation, by: User, reason: str) -> Attestation:
    """Withdraw an attestation with a reason; the revocation is logged and shown on verification."""
    attestation = Attestation.objects.select_for_update().get(pk=attestation.pk)
    if not acts_for(by, attestation.certifier):
        raise Forbidden(_("Only the certifier's people can revoke its attestations."))
    reason = (reason or "").strip()
    if not reason:
        raise InvalidInput(_("Give the reason for the revocation."), field="reason")
    if len(reason) > MAX_REASON:
        raise InvalidInput(
            _("The reason may not exceed %(n)d characters.") % {"n": MAX_REASON}, field="reason"
        )
    if attestation.revoked_at is not None:
        raise Conflict(
            _("This attestation was already revoked on %(date)s.") % {"date": attestation.revoked_at}
        )
    attestation.revoked_at = timezone.now().replace(microsecond=0)
    attestation.reason = reason
    attestation.revoked_by = by
    attestation.revoked_entry = ledger.record(
        "certification.attestation.revoked",
        subject=f"attestation:{attestation.public_id}",
        public={
            "attestation": attestation.public_id,
            "revoked_at": credentials.timestamp(attestation.revoked_at),
            "credential_sha256": attestation.credential_sha256,
        },
        confidential={"reason": reason},
        actor=by,
    )
    attestation.save(update_fields=["revoked_at", "reason", "revoked_by", "revoked_entry"])
    record_event(attestation, "certification.attestation_revoked", actor=by, reason=reason)
    return attestation
