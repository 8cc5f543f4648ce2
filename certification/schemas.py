from datetime import datetime
from decimal import Decimal

from ninja import Field, Schema

from certification.models import Claim
from core.bounds import Id, Small
from core.schemas import many_of, one_of


class ServiceOut(Schema):
    id: int
    certifier: str = Field(..., alias="certifier.slug")
    certifier_name: str = Field(..., alias="certifier.name")
    claim: str
    description: str
    fee_amount: Decimal
    fee_currency: str
    turnaround_days: int
    validity_days: int
    reminder_days: int
    active: bool


class ServiceIn(Schema):
    claim: str = one_of(Claim)
    fee_amount: Decimal
    fee_currency: str
    description: str = ""
    turnaround_days: Small = 10
    validity_days: Small = 365
    reminder_days: Small = 30
    active: bool = True


class KeyOut(Schema):
    key_id: str
    public_key: str
    did_key: str
    public_key_pem: str
    valid_from: datetime
    valid_until: datetime | None


class ConflictIn(Schema):
    organisation: str = ""
    asset_id: Id | None = None
    reason: str


class ConflictOut(Schema):
    id: int
    organisation: str | None = Field(None, alias="organisation.slug")
    asset_id: int | None
    reason: str
    declared_at: datetime


class RequestIn(Schema):
    asset_id: Id
    certifier: str
    claims: list[str] = many_of(Claim)
    message: str = ""


class CheckOut(Schema):
    claim: str
    outcome: str
    findings: list[dict]
    facts: dict
    checked_at: datetime


class ClaimOut(Schema):
    id: int
    claim: str
    fee_amount: Decimal
    fee_currency: str
    decision: str
    reasons: str
    sources: list[str]
    decided_at: datetime | None
    attestation: str | None = None

    @staticmethod
    def resolve_attestation(obj) -> str | None:
        attestation = getattr(obj, "attestation", None)
        return attestation.public_id if attestation else None


class EvidenceOut(Schema):
    id: int
    kind: str
    description: str
    file_name: str
    sha256: str
    size: int
    trial: str | None = Field(None, alias="trial.registry_id")
    url: str
    added_at: datetime


class RequestOut(Schema):
    id: int
    asset_id: int
    requester: str = Field(..., alias="requester.slug")
    certifier: str = Field(..., alias="certifier.slug")
    status: str
    message: str
    created_at: datetime
    claims: list[ClaimOut]

    @staticmethod
    def resolve_claims(obj) -> list:
        return list(obj.claims.all())


class RequestDetailOut(RequestOut):
    checks: list[CheckOut]
    evidence: list[EvidenceOut]

    @staticmethod
    def resolve_checks(obj) -> list:
        return list(obj.checks.all())

    @staticmethod
    def resolve_evidence(obj) -> list:
        return list(obj.evidence.select_related("trial"))


class EvidenceIn(Schema):
    description: str = ""
    trial: str = ""
    url: str = ""


class DecisionIn(Schema):
    grant: bool
    reasons: str
    sources: list[str] = []
    scope_note: str = ""
    valid_until: datetime | None = None


class AttestationOut(Schema):
    public_id: str
    claim: str
    asset_id: int
    certifier: str = Field(..., alias="certifier.slug")
    scope: str
    valid_from: datetime
    valid_until: datetime
    status: str
    revoked_at: datetime | None
    reason: str
    key_id: str = Field(..., alias="key.key_id")
    credential_sha256: str
    log_index: int | None = Field(None, alias="issued_entry_id")
    verify_url: str
    credential: dict

    @staticmethod
    def resolve_status(obj) -> str:
        return obj.status()

    @staticmethod
    def resolve_verify_url(obj) -> str:
        from certification.attestations import verify_url

        return verify_url(obj.public_id)


class RevokeIn(Schema):
    reason: str


class RecertifyIn(Schema):
    message: str = ""


class VerifyCheckOut(Schema):
    code: str
    ok: bool | None
    message: str


class VerificationOut(Schema):
    status: str
    attestation: str | None
    claim: str | None
    certifier: str | None
    valid_until: datetime | None
    revoked_at: datetime | None
    reason: str
    tree_size: int | None
    checks: list[VerifyCheckOut]
