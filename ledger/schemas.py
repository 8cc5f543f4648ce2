import json
from datetime import datetime
from typing import Any

from ninja import Field, Schema

from core.bounds import MAX_INTEGER
from ledger import keys
from ledger.models import Cosignature, Entry, SigningKey, TreeHead, Witness

HEX_HASH = r"^[0-9a-fA-F]{64}$"


class CosignatureOut(Schema):
    witness: str
    key_id: str
    timestamp: int
    signature: str

    @staticmethod
    def from_model(cosignature: Cosignature) -> "CosignatureOut":
        return CosignatureOut(
            witness=cosignature.witness.name,
            key_id=cosignature.witness.key_id,
            timestamp=cosignature.timestamp,
            signature=cosignature.signature,
        )


class HeadOut(Schema):
    tree_size: int
    root_hash: str = Field(description="hex SHA-256 root of the RFC 6962 tree")
    timestamp: int = Field(description="milliseconds since 1970-01-01 UTC")
    origin: str
    key_id: str = Field(description="hex SHA-256 of the signing key's DER SubjectPublicKeyInfo")
    signature: str = Field(description="base64 Ed25519 signature over `checkpoint`")
    checkpoint: str = Field(description="the exact signed text (C2SP checkpoint body)")
    cosignatures: list[CosignatureOut]

    @staticmethod
    def from_model(head: TreeHead) -> "HeadOut":
        return HeadOut(
            tree_size=head.size,
            root_hash=head.root_hash,
            timestamp=head.timestamp,
            origin=head.origin,
            key_id=head.key.key_id,
            signature=head.signature,
            checkpoint=head.checkpoint.body().decode(),
            cosignatures=[CosignatureOut.from_model(c) for c in head.cosignatures.select_related("witness")],
        )


class EntryOut(Schema):
    index: int
    leaf_hash: str
    leaf: str = Field(description="the exact canonical JSON whose RFC 6962 leaf hash is logged")
    content: dict[str, Any]
    kind: str
    subject: str
    recorded_at: datetime

    @staticmethod
    def from_model(entry: Entry) -> "EntryOut":
        return EntryOut(
            index=entry.index,
            leaf_hash=entry.leaf_hash,
            leaf=entry.leaf,
            content=json.loads(entry.leaf),
            kind=entry.kind,
            subject=entry.subject,
            recorded_at=entry.recorded_at,
        )


class EntryPageOut(Schema):
    start: int
    end: int
    tree_size: int
    entries: list[EntryOut]


class InclusionOut(Schema):
    leaf_index: int
    tree_size: int
    leaf_hash: str
    audit_path: list[str]
    root_hash: str


class ConsistencyOut(Schema):
    first: int
    second: int
    consistency_path: list[str]
    first_root: str
    second_root: str


class KeyOut(Schema):
    key_id: str
    algorithm: str
    public_key: str = Field(description="base64 of the raw 32-byte Ed25519 key")
    public_key_pem: str
    valid_from: datetime
    valid_until: datetime | None
    valid_from_ms: int
    valid_until_ms: int | None
    active: bool

    @staticmethod
    def from_model(key: SigningKey) -> "KeyOut":
        return KeyOut(
            key_id=key.key_id,
            algorithm=key.algorithm,
            public_key=key.public_key,
            public_key_pem=key.pem,
            valid_from=key.valid_from,
            valid_until=key.valid_until,
            valid_from_ms=keys.milliseconds(key.valid_from),
            valid_until_ms=keys.milliseconds(key.valid_until) if key.valid_until else None,
            active=key.active,
        )


class WitnessOut(Schema):
    name: str
    key_id: str
    public_key: str
    active: bool

    @staticmethod
    def from_model(witness: Witness) -> "WitnessOut":
        return WitnessOut(
            name=witness.name, key_id=witness.key_id, public_key=witness.public_key, active=witness.active
        )


class WitnessIn(Schema):
    name: str = Field(min_length=1, max_length=200)
    public_key: str = Field(
        min_length=1, max_length=2000, description="PEM, or base64 or hex of 32 raw bytes"
    )


class CosignatureIn(Schema):
    witness: str = Field(min_length=1, max_length=200, description="the witness's name or key id")
    tree_size: int = Field(ge=0, le=MAX_INTEGER)
    timestamp: int = Field(
        ge=0, le=MAX_INTEGER, description="seconds since 1970, as in the signed cosignature/v1 message"
    )
    signature: str = Field(min_length=1, max_length=200, description="base64 Ed25519 signature")
    root_hash: str = Field("", description="optional: the root of the head being cosigned")
