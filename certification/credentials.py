"""Attestations as W3C Verifiable Credentials (data model 2.0) secured with a Data Integrity proof of
the `eddsa-jcs-2022` cryptosuite (W3C VC Data Integrity EdDSA Cryptosuites v1.0, section 3.3).

Signing, in short (see docs/certification.md for the reasons behind the choice):

    proofConfig = proof options (type, cryptosuite, created, verificationMethod, proofPurpose)
                  + "@context" of the document
    hashData    = SHA-256(JCS(proofConfig)) ‖ SHA-256(JCS(document without "proof"))
    proofValue  = "z" + base58btc(Ed25519-sign(hashData))

JCS is RFC 8785 canonical JSON. The verification method is a did:key (the public key itself, so a
credential verifies offline); the platform's list of certifier keys says which certifier holds it
and from when to when. No Django models here: this module works on plain dictionaries.
"""

import datetime
import hashlib
from typing import Any

import rfc8785
from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey

VC_CONTEXT = "https://www.w3.org/ns/credentials/v2"
CRYPTOSUITE = "eddsa-jcs-2022"
PROOF_TYPE = "DataIntegrityProof"
CREDENTIAL_TYPE = "IPHarbourAttestation"
ED25519_MULTICODEC = b"\xed\x01"
_BASE58 = "123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz"


class CredentialError(ValueError):
    """The document is not a credential this platform can check (its message says why)."""


def b58encode(data: bytes) -> str:
    number = int.from_bytes(data, "big")
    digits = ""
    while number:
        number, remainder = divmod(number, 58)
        digits = _BASE58[remainder] + digits
    return "1" * (len(data) - len(data.lstrip(b"\0"))) + digits


def b58decode(text: str) -> bytes:
    number = 0
    for character in text:
        position = _BASE58.find(character)
        if position < 0:
            raise CredentialError(f"not base58: {character!r}")
        number = number * 58 + position
    body = number.to_bytes((number.bit_length() + 7) // 8, "big") if number else b""
    return b"\0" * (len(text) - len(text.lstrip("1"))) + body


def did_key(raw_public_key: bytes) -> str:
    """did:key of an Ed25519 public key: multibase base58btc of the multicodec 0xed01 + the 32 bytes."""
    return "did:key:z" + b58encode(ED25519_MULTICODEC + raw_public_key)


def verification_method(raw_public_key: bytes) -> str:
    did = did_key(raw_public_key)
    return f"{did}#{did.removeprefix('did:key:')}"


def public_key_of(method: str) -> bytes:
    """The raw Ed25519 key named by a did:key verification method; CredentialError otherwise."""
    did = method.split("#", 1)[0]
    if not did.startswith("did:key:z"):
        raise CredentialError("the verification method is not a did:key")
    decoded = b58decode(did.removeprefix("did:key:z"))
    if not decoded.startswith(ED25519_MULTICODEC) or len(decoded) != 34:
        raise CredentialError("the did:key is not an Ed25519 key")
    return decoded[2:]


def timestamp(moment: datetime.datetime) -> str:
    """XML Schema dateTimeStamp in UTC, whole seconds: what validFrom, validUntil and created take."""
    return moment.astimezone(datetime.UTC).replace(microsecond=0).strftime("%Y-%m-%dT%H:%M:%SZ")


def parse_timestamp(text: Any) -> datetime.datetime:
    try:
        moment = datetime.datetime.fromisoformat(str(text).replace("Z", "+00:00"))
    except ValueError as error:
        raise CredentialError(f"not a date-time: {text!r}") from error
    if moment.tzinfo is None:
        raise CredentialError(f"a date-time without a time zone: {text!r}")
    return moment


def canonical(value: Any) -> bytes:
    try:
        return rfc8785.dumps(value)
    except (TypeError, ValueError, rfc8785.CanonicalizationError) as error:
        raise CredentialError(f"not plain JSON: {error}") from error


def digest(document: dict) -> str:
    """SHA-256 (hex) of the canonical JSON of a whole signed credential: what the log records."""
    return hashlib.sha256(canonical(document)).hexdigest()


def _hash_data(unsecured: dict, proof_options: dict) -> bytes:
    config = {**proof_options, "@context": unsecured.get("@context")}
    return hashlib.sha256(canonical(config)).digest() + hashlib.sha256(canonical(unsecured)).digest()


def sign(unsecured: dict, *, raw_public_key: bytes, sign_bytes, created: datetime.datetime) -> dict:
    """The credential with its proof; `sign_bytes(message)` makes the Ed25519 signature."""
    if "proof" in unsecured:
        raise CredentialError("the document already carries a proof")
    options = {
        "type": PROOF_TYPE,
        "cryptosuite": CRYPTOSUITE,
        "created": timestamp(created),
        "verificationMethod": verification_method(raw_public_key),
        "proofPurpose": "assertionMethod",
    }
    signature = sign_bytes(_hash_data(unsecured, options))
    return {**unsecured, "proof": {**options, "proofValue": "z" + b58encode(signature)}}


def proof_of(document: Any) -> dict:
    if not isinstance(document, dict):
        raise CredentialError("a credential is a JSON object")
    proof = document.get("proof")
    if not isinstance(proof, dict):
        raise CredentialError("the credential carries no proof")
    if proof.get("type") != PROOF_TYPE or proof.get("cryptosuite") != CRYPTOSUITE:
        raise CredentialError(f"the proof is not a {PROOF_TYPE} of the {CRYPTOSUITE} cryptosuite")
    if proof.get("proofPurpose") != "assertionMethod":
        raise CredentialError("the proof is not made for assertion")
    value = proof.get("proofValue")
    if not isinstance(value, str) or not value.startswith("z"):
        raise CredentialError("the proof value is not base58btc multibase")
    return proof


def verify_proof(document: Any) -> bytes:
    """Check the Data Integrity proof and return the raw public key that made it.

    Raises CredentialError when the document is malformed or the signature does not match: any change
    to any member of the credential or of its proof options breaks the signature.
    """
    proof = proof_of(document)
    raw = public_key_of(str(proof.get("verificationMethod", "")))
    parse_timestamp(proof.get("created"))
    options = {name: value for name, value in proof.items() if name != "proofValue"}
    if "@context" in options and options["@context"] != document.get("@context"):
        raise CredentialError("the proof's @context differs from the credential's")
    options.pop("@context", None)
    unsecured = {name: value for name, value in document.items() if name != "proof"}
    signature = b58decode(proof["proofValue"][1:])
    try:
        Ed25519PublicKey.from_public_bytes(raw).verify(signature, _hash_data(unsecured, options))
    except (InvalidSignature, ValueError) as error:
        raise CredentialError("the signature does not match the credential") from error
    return raw
