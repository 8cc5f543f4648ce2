"""Programme schemas. Amounts travel as decimal strings, never floats."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from ninja import Field, Schema

from core.bounds import Index, Small


class OrganisationRef(Schema):
    id: int
    slug: str
    name: str


class ProgrammeIn(Schema):
    name: str = Field(max_length=200)
    description: str = ""
    currency: str
    eligible_fields: list[str] = []
    eligible_borrower_kinds: list[str] = []
    officers: list[str] = []
    banks: list[str] = []
    insurers: list[str] = []
    guarantors: list[str] = []
    recommenders: list[str] = []
    valuers: list[str] = []
    recovery_funds: list[str] = []
    insurer_share: str | None = None
    guarantor_share: str | None = None
    bank_share: str | None = None
    premium_rate: str | None = None
    guarantee_fee_rate: str
    interest_subsidy_share: str | None = None
    interest_subsidy_cap: str
    premium_subsidy_share: str | None = None
    premium_subsidy_cap: str
    subsidy_budget: str
    government_compensation_share: str = "0"
    max_loan: str
    max_term_months: Small | None = None
    max_ltv: str
    covenant_ltv: str
    valuation_max_age_days: Small
    max_loans: Index
    default_days_past_due: Small
    late_fee_rate: str


class SharesIn(Schema):
    insurer: str
    guarantor: str
    bank: str


class ProgrammeOut(Schema):
    id: int
    name: str
    description: str
    currency: str
    active: bool
    eligible_fields: list[str]
    eligible_borrower_kinds: list[str]
    risk_shares: dict[str, Decimal]
    premium_rate: Decimal
    guarantee_fee_rate: Decimal
    interest_subsidy_share: Decimal
    interest_subsidy_cap: Decimal
    premium_subsidy_share: Decimal
    premium_subsidy_cap: Decimal
    subsidy_budget: Decimal
    government_compensation_share: Decimal
    max_loan: Decimal
    max_term_months: int
    max_ltv: Decimal
    covenant_ltv: Decimal
    valuation_max_age_days: int
    max_loans: int
    default_days_past_due: int
    late_fee_rate: Decimal
    source: str
    participants: dict[str, list[OrganisationRef]]

    @staticmethod
    def resolve_risk_shares(obj) -> dict[str, Decimal]:
        return obj.risk_shares()

    @staticmethod
    def resolve_participants(obj) -> dict[str, list[dict[str, Any]]]:
        from financing.services.programmes import PARTICIPANTS

        return {role: list(getattr(obj, role).values("id", "slug", "name")) for role in PARTICIPANTS}
