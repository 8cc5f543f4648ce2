"""Signed tree heads as C2SP checkpoints, their signatures and witness cosignatures; no Django here.

A tree head is signed over a checkpoint body (https://c2sp.org/tlog-checkpoint):

    <origin>\\n<tree size>\\n<base64 root hash>\\ntimestamp <milliseconds since 1970>\\n

The fourth line is a checkpoint extension line carrying the RFC 6962 timestamp, so that key validity
periods can be checked. Witnesses cosign the same body as C2SP tlog-cosignature/v1 does:
"cosignature/v1\\ntime <seconds>\\n" followed by the body.
"""

import base64
import hashlib
import struct
from dataclasses import dataclass

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey

ALGORITHM = "Ed25519"
NOTE_SIGNATURE_TYPE = 0x01  # signed-note Ed25519
COSIGNATURE_TYPE = 0x04  # tlog-cosignature/v1 Ed25519


@dataclass(frozen=True)
class Checkpoint:
    origin: str
    size: int
    root: bytes
    timestamp: int  # milliseconds since the epoch, as RFC 6962 tree heads have it

    def body(self) -> bytes:
        root = base64.b64encode(self.root).decode()
        return f"{self.origin}\n{self.size}\n{root}\ntimestamp {self.timestamp}\n".encode()

    @classmethod
    def parse(cls, body: bytes) -> "Checkpoint":
        lines = body.decode().split("\n")
        if len(lines) != 5 or lines[4] or not lines[3].startswith("timestamp "):
            raise ValueError("not a checkpoint body of this log")
        return cls(lines[0], int(lines[1]), base64.b64decode(lines[2]), int(lines[3].split(" ", 1)[1]))


def b64(data: bytes) -> str:
    return base64.b64encode(data).decode()


def public_key_from_text(text: str) -> bytes:
    """The 32 raw bytes of an Ed25519 public key given as PEM, or as base64 or hex of the raw bytes."""
    text = text.strip()
    if text.startswith("-----BEGIN"):
        key = serialization.load_pem_public_key(text.encode())
        if not isinstance(key, Ed25519PublicKey):
            raise ValueError("not an Ed25519 public key")
        return key.public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)
    raw = bytes.fromhex(text) if len(text) == 64 else base64.b64decode(text, validate=True)
    if len(raw) != 32:
        raise ValueError("an Ed25519 public key has 32 bytes")
    Ed25519PublicKey.from_public_bytes(raw)
    return raw


def public_key_pem(raw: bytes) -> str:
    key = Ed25519PublicKey.from_public_bytes(raw)
    return key.public_bytes(
        serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo
    ).decode()


def key_id(raw: bytes) -> str:
    """SHA-256 of the key's DER SubjectPublicKeyInfo, in hex: how RFC 6962 names a log's key."""
    key = Ed25519PublicKey.from_public_bytes(raw)
    der = key.public_bytes(serialization.Encoding.DER, serialization.PublicFormat.SubjectPublicKeyInfo)
    return hashlib.sha256(der).hexdigest()


def verify_signature(raw_public_key: bytes, message: bytes, signature: bytes) -> bool:
    try:
        Ed25519PublicKey.from_public_bytes(raw_public_key).verify(signature, message)
    except (InvalidSignature, ValueError):
        return False
    return True


def note_key_hash(name: str, raw_public_key: bytes, signature_type: int) -> bytes:
    """The 4-byte key hint of a signed-note signature line (C2SP signed-note, tlog-cosignature)."""
    return hashlib.sha256(name.encode() + b"\n" + bytes([signature_type]) + raw_public_key).digest()[:4]


def cosignature_message(checkpoint_body: bytes, timestamp: int) -> bytes:
    return b"cosignature/v1\ntime %d\n" % timestamp + checkpoint_body


def note_signature_line(name: str, raw_public_key: bytes, signature: bytes) -> str:
    blob = note_key_hash(name, raw_public_key, NOTE_SIGNATURE_TYPE) + signature
    return f"— {name} {base64.b64encode(blob).decode()}\n"


def cosignature_line(name: str, raw_public_key: bytes, timestamp: int, signature: bytes) -> str:
    blob = note_key_hash(name, raw_public_key, COSIGNATURE_TYPE) + struct.pack(">Q", timestamp) + signature
    return f"— {name} {base64.b64encode(blob).decode()}\n"
