"""Verification as a buyer sees it: valid, expired, revoked, not yet valid, unknown, and every check
recomputed from the credential and the transparency log (so a doctored database shows)."""

import datetime
import json

import pytest
from django.urls import reverse

from certification import services, verification
from certification.models import Attestation
from ledger.models import Entry, TreeHead

pytestmark = pytest.mark.django_db


def _codes(report):
    return {check.code: check.ok for check in report.checks}


def test_a_fresh_attestation_is_valid_with_every_check_passing(attestation):
    report = verification.verify_attestation(attestation)
    assert report.status == verification.VALID
    assert _codes(report) == {"signature": True, "key": True, "period": True, "revocation": True, "log": True}
    assert report.tree_size >= attestation.issued_entry_id + 1


def test_the_log_proof_is_checked_against_a_signed_head(attestation):
    verification.verify_attestation(attestation)
    head = TreeHead.objects.order_by("-id")[0]
    assert head.size > attestation.issued_entry_id


def test_expired_attestations_say_so(attestation):
    later = attestation.valid_until + datetime.timedelta(minutes=1)
    report = verification.verify_attestation(attestation, now=later)
    assert report.status == verification.EXPIRED
    assert _codes(report)["period"] is False
    assert _codes(report)["signature"] is True


def test_attestations_are_not_valid_before_their_start(attestation):
    earlier = attestation.valid_from - datetime.timedelta(days=1)
    assert verification.verify_attestation(attestation, now=earlier).status == verification.NOT_YET_VALID


def test_revocation_is_shown_with_its_reason_and_proven_in_the_log(attestation, cara):
    services.revoke(attestation=attestation, by=cara, reason="The patent was invalidated on appeal.")
    attestation.refresh_from_db()
    report = verification.verify_attestation(attestation)
    assert report.status == verification.REVOKED
    checks = {check.code: check for check in report.checks}
    assert "invalidated on appeal" in checks["revocation"].message
    assert checks["revocation_log"].ok is True
    leaf = json.loads(Entry.objects.get(index=attestation.revoked_entry_id).leaf)
    assert leaf["kind"] == "certification.attestation.revoked"
    assert leaf["public"]["attestation"] == attestation.public_id
    assert "invalidated" not in attestation.revoked_entry.leaf  # the reason is committed to, not published


def test_revoking_twice_or_without_a_reason_is_refused(attestation, cara):
    from core.errors import Conflict, InvalidInput

    with pytest.raises(InvalidInput):
        services.revoke(attestation=attestation, by=cara, reason="   ")
    services.revoke(attestation=attestation, by=cara, reason="Error")
    with pytest.raises(Conflict):
        services.revoke(attestation=attestation, by=cara, reason="Again")


def test_a_credential_changed_in_the_database_no_longer_matches_the_log(attestation):
    # Someone edits the stored credential and re-signs it with the certifier's own key: the signature
    # holds, but the log still records the original digest.
    from certification import credentials, keys

    unsigned = {k: v for k, v in attestation.credential.items() if k != "proof"}
    unsigned["validUntil"] = "2039-12-31T00:00:00Z"
    resigned = credentials.sign(
        unsigned,
        raw_public_key=keys.raw_public_key(attestation.key),
        sign_bytes=lambda message: keys.sign(attestation.key, message),
        created=attestation.issued_at,
    )
    Attestation.objects.filter(pk=attestation.pk).update(
        credential=resigned, credential_sha256=credentials.digest(resigned)
    )
    attestation.refresh_from_db()
    report = verification.verify_attestation(attestation)
    assert report.status == verification.INVALID
    assert _codes(report)["log"] is False


def test_a_leaf_altered_in_the_log_fails_its_inclusion_proof(attestation):
    entry = attestation.issued_entry
    verification.verify_attestation(attestation)  # a head is signed over the genuine log first
    altered = json.loads(entry.leaf)
    altered["time"] = "2020-01-01T00:00:00.000Z"
    Entry.objects.filter(index=entry.index).update(leaf=json.dumps(altered, separators=(",", ":")))
    attestation.refresh_from_db()
    report = verification.verify_attestation(attestation)
    assert _codes(report)["log"] is False
    assert report.status == verification.INVALID


def test_a_credential_the_platform_never_issued_is_unknown(attestation):
    from certification import credentials, keys

    unsigned = {k: v for k, v in attestation.credential.items() if k != "proof"}
    unsigned["id"] = "http://testserver/verify/not-an-attestation/"
    other = credentials.sign(
        unsigned,
        raw_public_key=keys.raw_public_key(attestation.key),
        sign_bytes=lambda message: keys.sign(attestation.key, message),
        created=attestation.issued_at,
    )
    assert verification.verify_document(other).status == verification.UNKNOWN


def test_the_public_page_says_valid_then_revoked(client, attestation, cara):
    url = reverse("certification:verify", args=[attestation.public_id])
    page = client.get(url)
    assert page["Cache-Control"] == "no-store"
    text = page.content.decode()
    assert "verdict-valid" in text and "in the signed log" in text
    services.revoke(attestation=attestation, by=cara, reason="Withdrawn by the certifier.")
    text = client.get(url).content.decode()
    assert "verdict-revoked" in text and "Withdrawn by the certifier." in text


def test_unknown_ids_are_404(client):
    assert client.get(reverse("certification:verify", args=["no-such-id"])).status_code == 404
    assert client.get("/api/v1/certification/verify/no-such-id").status_code == 404


def test_pasting_a_credential_verifies_it_and_tampering_shows(client, attestation):
    url = reverse("certification:verify_pasted")
    good = client.post(url, {"credential": json.dumps(attestation.credential)}).content.decode()
    assert "verdict-valid" in good
    tampered = dict(attestation.credential, validUntil="2099-01-01T00:00:00Z")
    bad = client.post(url, {"credential": json.dumps(tampered)}).content.decode()
    assert "verdict-invalid" in bad
    not_json = client.post(url, {"credential": "{not json"}).content.decode()
    assert "This is not JSON." in not_json


def test_the_api_verifies_by_id_and_as_presented(client, attestation):
    by_id = client.get(f"/api/v1/certification/verify/{attestation.public_id}").json()
    assert by_id["status"] == "valid" and by_id["claim"] == "validity"
    presented = client.post(
        "/api/v1/certification/verify",
        json.dumps({"credential": dict(attestation.credential, name="forged")}),
        content_type="application/json",
    ).json()
    assert presented["status"] == "invalid"
    assert presented["checks"][0]["code"] == "signature"
