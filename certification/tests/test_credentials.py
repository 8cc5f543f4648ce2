"""Signatures: the published eddsa-jcs-2022 test vector verifies, any change breaks the signature,
keys are sealed at rest, and rotation keeps old attestations verifiable."""

import copy
import datetime
import json

import pytest

from certification import credentials, keys, services, verification
from certification.models import CertifierKey
from core import keystore
from core.errors import Conflict, Forbidden
from ledger.models import Entry

pytestmark = pytest.mark.django_db

# The eddsa-jcs-2022 example of the W3C VC Data Integrity EdDSA test suite (Digital Bazaar's vector):
# an implementation that verifies it computes the proof exactly as the specification says.
CONTEXT = ["https://www.w3.org/ns/credentials/v2", "https://www.w3.org/ns/credentials/examples/v2"]
KEY = "did:key:z6MkrJVnaZkeFzdQyMZu1cgjg7k1pZZ6pvBQ7XJPt4swbTQ2"
VECTOR = {
    "@context": CONTEXT,
    "id": "urn:uuid:58172aac-d8ba-11ed-83dd-0b3aef56cc33",
    "type": ["VerifiableCredential", "AlumniCredential"],
    "name": "Alumni Credential",
    "description": "A minimum viable example of an Alumni Credential.",
    "issuer": KEY,
    "validFrom": "2023-01-01T00:00:00Z",
    "credentialSubject": {"id": "did:example:abcdefgh", "alumniOf": "The School of Examples"},
    "proof": {
        "type": "DataIntegrityProof",
        "created": "2023-02-24T23:36:38Z",
        "verificationMethod": f"{KEY}#{KEY.removeprefix('did:key:')}",
        "cryptosuite": "eddsa-jcs-2022",
        "proofPurpose": "assertionMethod",
        "@context": CONTEXT,
        "proofValue": "z5EhYRJkfPLkoT92FPXN8KK6M9rsBhq3xs19GBSsA6VdNYH4QMKSyNuA2Gfznz9QthVD7Rz3HTAfqxxay23htUpTg",
    },
}


def test_the_published_eddsa_jcs_2022_vector_verifies():
    raw = credentials.verify_proof(copy.deepcopy(VECTOR))
    assert credentials.did_key(raw) == KEY


def test_base58_round_trips_leading_zeros():
    for data in (b"", b"\0", b"\0\0\x01\x02", bytes(range(40))):
        assert credentials.b58decode(credentials.b58encode(data)) == data


@pytest.mark.parametrize(
    "path",
    [
        ("validUntil",),
        ("credentialSubject", "claim", "scope"),
        ("credentialSubject", "assetNumber"),
        ("issuer", "name"),
        ("proof", "created"),
        ("proof", "proofValue"),
    ],
)
def test_any_change_to_a_signed_credential_is_detected(attestation, path):
    tampered = copy.deepcopy(attestation.credential)
    node = tampered
    for part in path[:-1]:
        node = node[part]
    value = node[path[-1]]
    node[path[-1]] = value[:-2] + ("zz" if not value.endswith("zz") else "yy")
    with pytest.raises(credentials.CredentialError):
        credentials.verify_proof(tampered)
    report = verification.verify_document(tampered)
    assert report.status == verification.INVALID
    assert report.checks[0].ok is False


def test_an_added_member_breaks_the_signature(attestation):
    tampered = copy.deepcopy(attestation.credential)
    tampered["credentialSubject"]["claim"]["facts"]["phase"] = 6
    assert verification.verify_document(tampered).status == verification.INVALID


def test_a_credential_re_signed_with_a_key_of_no_certifier_is_not_trusted(attestation):
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

    forger = Ed25519PrivateKey.generate()
    unsigned = {k: v for k, v in attestation.credential.items() if k != "proof"}
    unsigned["validUntil"] = "2099-01-01T00:00:00Z"
    forged = credentials.sign(
        unsigned,
        raw_public_key=forger.public_key().public_bytes_raw(),
        sign_bytes=forger.sign,
        created=attestation.issued_at,
    )
    report = verification.verify_document(forged)
    assert report.checks[0].ok is True  # the forger's own signature is sound …
    assert report.status == verification.INVALID  # … but the key is nobody's on this platform
    assert report.checks[1].code == "key" and report.checks[1].ok is False


def test_private_keys_are_sealed_at_rest_and_need_the_passphrase(attestation, settings, monkeypatch):
    path = keys.key_dir() / f"{attestation.key.key_id}.json"
    document = json.loads(path.read_text())
    raw_private = keys.private_key(attestation.key).private_bytes_raw()
    assert document["cipher"] == "AES-256-GCM"
    assert raw_private.hex() not in path.read_text() and raw_private not in path.read_bytes()
    assert oct(path.stat().st_mode & 0o777) == "0o600"
    keys._loaded.clear()
    monkeypatch.setenv(keystore.PASSPHRASE_ENV, "another passphrase")
    with pytest.raises(Conflict):
        keys.private_key(attestation.key)


def test_the_first_key_is_published_in_the_log(attestation):
    entry = Entry.objects.get(kind="certification.key.created")
    assert json.loads(entry.leaf)["public"]["key_id"] == attestation.key.key_id


def test_rotation_keeps_old_attestations_verifiable_and_signs_new_ones_with_the_new_key(
    open_request, attestation, cara, certifier_org
):
    old = attestation.key
    new = services.rotate_key(certifier=certifier_org, by=cara)
    old.refresh_from_db()
    assert old.valid_until == new.valid_from and new.active and not old.active
    assert verification.verify_attestation(attestation).status == verification.VALID
    later = services.decide(
        requested=open_request.claims.get(claim="chain_of_title"),
        by=cara,
        grant=True,
        reasons="Chain checked.",
    )
    assert later is not None
    assert later.key == new
    assert verification.verify_attestation(later).status == verification.VALID
    assert Entry.objects.filter(kind="certification.key.rotated").count() == 1
    assert CertifierKey.objects.filter(certifier=certifier_org).count() == 2


def test_a_credential_claiming_a_date_outside_its_keys_period_is_refused(attestation, cara, certifier_org):
    services.rotate_key(certifier=certifier_org, by=cara)
    old = CertifierKey.objects.get(pk=attestation.key_id)
    assert old.valid_until is not None
    # A thief of the retired key could sign a credential dated after its retirement: refused.
    private = keys.private_key(old)
    unsigned = {k: v for k, v in attestation.credential.items() if k != "proof"}
    backdated = credentials.sign(
        unsigned,
        raw_public_key=keys.raw_public_key(old),
        sign_bytes=private.sign,
        created=old.valid_until.replace(microsecond=0) + datetime.timedelta(seconds=5),
    )
    report = verification.verify_document(backdated)
    assert report.status == verification.INVALID
    assert "outside the key's period" in report.checks[1].message


def test_only_the_certifiers_administrators_rotate_its_key(certifier_org, staff, make_user):
    member = make_user("reviewer@example.com", certifier_org, "member")
    for user in (staff, member):
        with pytest.raises(Forbidden):
            services.rotate_key(certifier=certifier_org, by=user)
