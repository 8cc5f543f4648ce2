"""API schemas of disputes. Amounts come in as decimal strings (floats are refused) and go out as strings."""

from datetime import date, datetime
from decimal import Decimal

from ninja import Field, Schema

from core.bounds import Id


class RulesOut(Schema):
    code: str
    name: str
    institution_name: str
    handles_arbitration: bool
    handles_mediation: bool
    steps: list[dict]
    expedited_threshold: Decimal | None
    expedited_currency: str
    registration_fee: Decimal
    fee_currency: str
    source: str


class NeutralOut(Schema):
    id: int
    name: str
    name_local: str
    arbitrator: bool
    mediator: bool
    expertise: str
    qualifications: str
    languages: list[str]
    jurisdictions: list[str]
    hourly_rate: Decimal
    currency: str


class ConflictIn(Schema):
    organisation: str = ""
    name: str = ""
    reason: str


class ConflictOut(Schema):
    id: int
    organisation: str | None = Field(None, alias="organisation.slug")
    name: str
    reason: str
    declared_at: datetime


class CaseIn(Schema):
    kind: str
    rules: str
    title: str
    claimant: str
    respondent: str = ""
    respondent_name: str = ""
    summary: str = ""
    amount_in_dispute: str | None = None
    currency: str = "HKD"
    seat: str = "Hong Kong"
    language: str = "English"
    deal_room: Id | None = None
    agreement: bool = False
    term_sheets: list[Id] = []
    documents: list[Id] = []


class CaseOut(Schema):
    id: int
    url: str
    reference: str
    kind: str
    rules: str = Field(..., alias="rules.code")
    institution: str = Field(..., alias="rules.institution_name")
    title: str
    status: str
    outcome: str
    amount_in_dispute: Decimal | None
    currency: str
    expedited: bool
    seat: str
    language: str
    deal_room: int | None = Field(None, alias="deal_room_id")
    previous: int | None = Field(None, alias="previous_id")
    filed_at: datetime
    constituted_at: datetime | None
    closed_at: datetime | None

    @staticmethod
    def resolve_url(case) -> str:
        return f"/api/v1/disputes/cases/{case.pk}"


class PartyOut(Schema):
    id: int
    side: str
    name: str
    organisation: str | None = Field(None, alias="organisation.slug")
    affiliates: list[str]
    affiliate_names: list[str]

    @staticmethod
    def resolve_affiliates(party) -> list[str]:
        return list(party.affiliates.values_list("slug", flat=True))


class AffiliatesIn(Schema):
    organisations: list[str] = []
    names: list[str] = []


class ParticipantOut(Schema):
    id: int
    email: str = Field(..., alias="user.email")
    role: str
    side: str
    active: bool


class ParticipantIn(Schema):
    email: str
    role: str


class FileOut(Schema):
    id: int
    source: str
    source_id: int
    title: str
    filename: str
    content_type: str
    sha256: str


class DeadlineOut(Schema):
    id: int
    code: str
    title: str
    due_on: date
    rule_days: int | None
    status: str


class DeadlineIn(Schema):
    title: str
    due_on: date


class AppointmentIn(Schema):
    neutral: Id
    role: str
    method: str = "party"
    declaration: str = ""


class AppointmentOut(Schema):
    id: int
    neutral: int = Field(..., alias="neutral_id")
    name: str = Field(..., alias="neutral.name")
    role: str
    method: str
    nominated_by: str
    status: str
    declaration: str


class CaseDetailOut(CaseOut):
    summary: str
    parties: list[PartyOut]
    participants: list[ParticipantOut]
    appointments: list[AppointmentOut]
    deadlines: list[DeadlineOut]
    files: list[FileOut]

    @staticmethod
    def resolve_parties(case):
        return list(case.parties.select_related("organisation"))

    @staticmethod
    def resolve_participants(case):
        return list(case.participants.select_related("user", "party"))

    @staticmethod
    def resolve_appointments(case):
        return list(case.appointments.select_related("neutral"))

    @staticmethod
    def resolve_deadlines(case):
        return list(case.deadlines.all())

    @staticmethod
    def resolve_files(case):
        return list(case.files.defer("content"))


class ChallengeIn(Schema):
    appointment: Id
    grounds: str


class ChallengeDecisionIn(Schema):
    uphold: bool
    reason: str


class ChallengeOut(Schema):
    id: int
    appointment: int = Field(..., alias="appointment_id")
    side: str
    grounds: str
    status: str
    decision_reason: str


class ListIn(Schema):
    role: str
    candidates: list[Id]


class RankingIn(Schema):
    ranking: list[Id]


class ListOut(Schema):
    id: int
    role: str
    candidates: list[int]
    rankings: dict
    appointment: int | None = Field(None, alias="appointment_id")

    @staticmethod
    def resolve_candidates(proposal) -> list[int]:
        return list(proposal.candidates.values_list("pk", flat=True))


class DocumentIn(Schema):
    filename: str
    content_base64: str


class SubmissionIn(Schema):
    kind: str
    title: str
    body: str = ""
    documents: list[DocumentIn] = []


class DocumentOut(Schema):
    id: int
    filename: str
    content_type: str
    size: int
    sha256: str


class ServiceOut(Schema):
    served_on: str = Field(..., alias="participant.user.email")
    party: str | None = Field(None, alias="party.name")
    served_at: datetime
    opened_at: datetime | None


class SubmissionOut(Schema):
    id: int
    number: int
    kind: str
    side: str
    title: str
    body: str
    filed_at: datetime
    documents: list[DocumentOut]
    services: list[ServiceOut]

    @staticmethod
    def resolve_documents(submission):
        return list(submission.documents.defer("content"))

    @staticmethod
    def resolve_services(submission):
        return list(submission.services.select_related("participant__user", "party"))


class HearingIn(Schema):
    title: str
    starts_at: datetime
    ends_at: datetime
    mode: str
    venue: str


class HearingOut(Schema):
    id: int
    title: str
    starts_at: datetime
    ends_at: datetime
    mode: str
    venue: str


class DecisionIn(Schema):
    kind: str
    title: str
    text: str
    outcome: str = ""
    effects: list[dict] = []


class DecisionOut(Schema):
    id: int
    kind: str
    title: str
    text: str
    sha256: str
    outcome: str
    effects: list[dict]
    applied: list[dict]
    applied_at: datetime | None
    issued_at: datetime
    signed_at: datetime | None
    signed_by: list[str]

    @staticmethod
    def resolve_signed_by(decision) -> list[str]:
        return list(decision.signatures.values_list("side", flat=True))


class SignIn(Schema):
    text_sha256: str = ""


class ReferIn(Schema):
    rules: str = ""


class DepositIn(Schema):
    side: str
    amount: str
    currency: str
    description: str = ""


class NeutralFeeIn(Schema):
    appointment: Id
    side: str
    hours: str


class PaymentIn(Schema):
    reference: str
    paid_on: date | None = None


class FeeOut(Schema):
    id: int
    kind: str
    side: str = Field(..., alias="party.side")
    description: str
    amount: Decimal
    currency: str
    paid_on: date | None


class SubsidyIn(Schema):
    programme: Id
    side: str


class SubsidyOut(Schema):
    id: int
    programme: str = Field(..., alias="programme.name")
    side: str = Field(..., alias="party.side")
    fees_covered: Decimal
    amount: Decimal
    currency: str


class DeclaredConflict(Schema):
    name: str
    reason: str


class RosterApplicationIn(Schema):
    centre: str
    name: str
    name_local: str = ""
    arbitrator: bool = True
    mediator: bool = False
    qualifications: str
    specialisms: str = ""
    languages: list[str] = []
    jurisdictions: list[str] = []
    hourly_rate: str = "0"
    currency: str = "HKD"
    conflicts: list[DeclaredConflict] = []


class RosterApplicationOut(Schema):
    id: int
    centre: str = Field(..., alias="centre.slug")
    centre_name: str = Field(..., alias="centre.name")
    name: str
    name_local: str
    arbitrator: bool
    mediator: bool
    qualifications: str
    specialisms: str
    languages: list[str]
    jurisdictions: list[str]
    hourly_rate: Decimal
    currency: str
    conflicts: list[dict]
    status: str
    decision_reason: str
    decided_at: datetime | None
    neutral: int | None = Field(None, alias="neutral_id")
    created_at: datetime


class RosterDecisionIn(Schema):
    approve: bool
    reason: str
