"""API schemas of the financing app. Amounts travel as decimal strings, never floats."""

from __future__ import annotations

import datetime
from decimal import Decimal
from typing import Any

from ninja import Field, Schema


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
    max_term_months: int | None = None
    max_ltv: str
    covenant_ltv: str
    valuation_max_age_days: int
    max_loans: int
    default_days_past_due: int
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


class PledgeIn(Schema):
    asset: int
    valuation: int
    registration_number: str = Field("", max_length=120)


class LoanIn(Schema):
    programme: int
    borrower: str
    recommender: str
    guarantor: str
    insurer: str
    bank: str
    amount: str
    term_months: int
    technology_field: str = ""
    purpose: str = ""
    assets: list[PledgeIn]


class ReasonsIn(Schema):
    reasons: str = ""


class GuaranteeIn(ReasonsIn):
    fee: str


class InsureIn(ReasonsIn):
    premium: str | None = None


class LendIn(ReasonsIn):
    principal: str
    annual_rate: str
    term_months: int
    repayment_type: str


class RefuseIn(Schema):
    role: str
    reasons: str


class DisburseIn(Schema):
    day: datetime.date | None = None


class PaymentIn(Schema):
    amount: str
    currency: str
    paid_on: datetime.date | None = None
    reference: str = Field("", max_length=120)


class SubsidyIn(Schema):
    kind: str


class DisposalIn(Schema):
    method: str
    reserve_price: str | None = None
    sealed: bool = True
    ends_at: datetime.datetime | None = None
    fund: str | None = None


class BidIn(Schema):
    bidder: str
    amount: str


class PurchaseIn(Schema):
    price: str


class PledgedOut(Schema):
    asset_id: int
    number: str
    title: str
    valuation_id: int
    value: Decimal
    current_value: Decimal | None
    registration_number: str
    pledge_id: int | None

    @staticmethod
    def resolve_number(obj) -> str:
        return obj.asset.number

    @staticmethod
    def resolve_title(obj) -> str:
        return obj.asset.title

    @staticmethod
    def resolve_pledge_id(obj) -> int | None:
        return obj.encumbrance_id


class DecisionOut(Schema):
    step: str
    outcome: str
    organisation: str | None
    reasons: str
    terms: dict[str, Any]
    decided_at: datetime.datetime

    @staticmethod
    def resolve_organisation(obj) -> str | None:
        return obj.organisation.name if obj.organisation else None


class InstalmentOut(Schema):
    number: int
    due_date: datetime.date
    days: int
    principal: Decimal
    interest: Decimal
    amount: Decimal
    paid_principal: Decimal
    paid_interest: Decimal
    late_fees: Decimal
    paid_fees: Decimal
    paid_on: datetime.date | None


class PaymentOut(Schema):
    id: int
    amount: Decimal
    currency: str
    paid_on: datetime.date
    reference: str
    to_fees: Decimal
    to_interest: Decimal
    to_principal: Decimal
    unapplied: Decimal


class SubsidyOut(Schema):
    id: int
    kind: str
    amount: Decimal
    status: str
    paid_on: datetime.date | None


class LoanSummary(Schema):
    id: int
    url: str
    programme_id: int
    stage: str
    borrower: str
    bank: str
    currency: str
    requested_amount: Decimal
    principal: Decimal | None
    ltv: Decimal
    current_ltv: Decimal | None
    covenant_breached: bool
    waiting_for: str | None

    @staticmethod
    def resolve_url(obj) -> str:
        return f"/api/v1/financing/loans/{obj.pk}"

    @staticmethod
    def resolve_borrower(obj) -> str:
        return obj.borrower.name

    @staticmethod
    def resolve_bank(obj) -> str:
        return obj.bank.name

    @staticmethod
    def resolve_waiting_for(obj) -> str | None:
        from financing.services.applications import waiting_for

        return waiting_for(obj)


class LoanOut(LoanSummary):
    recommender: str
    guarantor: str
    insurer: str
    technology_field: str
    purpose: str
    requested_term_months: int
    collateral_value: Decimal
    guarantee_fee: Decimal | None
    premium: Decimal | None
    annual_rate: Decimal | None
    term_months: int | None
    repayment_type: str
    disbursed_on: datetime.date | None
    defaulted_on: datetime.date | None
    closed_on: datetime.date | None
    current_value: Decimal | None
    pledged: list[PledgedOut]
    decisions: list[DecisionOut]

    @staticmethod
    def resolve_recommender(obj) -> str:
        return obj.recommender.name

    @staticmethod
    def resolve_guarantor(obj) -> str:
        return obj.guarantor.name

    @staticmethod
    def resolve_insurer(obj) -> str:
        return obj.insurer.name

    @staticmethod
    def resolve_pledged(obj) -> list:
        return list(obj.pledged.select_related("asset"))

    @staticmethod
    def resolve_decisions(obj) -> list:
        return list(obj.decisions.select_related("organisation"))


class ArrearsOut(Schema):
    amount: Decimal
    instalments: int
    days_past_due: int
    late_fees: Decimal
    outstanding: Decimal


class BidOut(Schema):
    id: int
    bidder: str
    amount: Decimal
    placed_at: datetime.datetime

    @staticmethod
    def resolve_bidder(obj) -> str:
        return obj.bidder.name


class DisposalOut(Schema):
    id: int
    url: str
    loan_id: int
    method: str
    status: str
    reserve_price: Decimal | None
    sealed: bool
    ends_at: datetime.datetime | None
    fund: str | None
    buyer: str | None
    price: Decimal | None
    assets: list[str]

    @staticmethod
    def resolve_url(obj) -> str:
        return f"/api/v1/financing/disposals/{obj.pk}"

    @staticmethod
    def resolve_fund(obj) -> str | None:
        return obj.fund.slug if obj.fund else None

    @staticmethod
    def resolve_buyer(obj) -> str | None:
        return obj.buyer.name if obj.buyer else None

    @staticmethod
    def resolve_assets(obj) -> list[str]:
        # Bidders who are not parties learn only the numbers of public assets.
        public = "public"
        return [
            item.asset.number if item.asset.visibility == public else "—"
            for item in obj.loan.pledged.select_related("asset")
        ]


class StatementLine(Schema):
    party: str
    organisation: str
    share: Decimal
    loss: Decimal
    earned: Decimal | None


class StatementOut(Schema):
    loan_id: int
    currency: str
    debt: Decimal
    proceeds: Decimal
    loss: Decimal
    government_compensation: Decimal
    surplus: Decimal
    lines: list[StatementLine]


class LicenceBackIn(Schema):
    asset: int
    investor: str
    currency: str
    price: str
    annual_royalty: str
    licence_end: datetime.date
    buyback_price: str
    buyback_deadline: datetime.date


class RoyaltyIn(Schema):
    amount: str
    currency: str
    paid_on: datetime.date | None = None


class RoyaltyOut(Schema):
    id: int
    amount: Decimal
    paid_on: datetime.date


class LicenceBackOut(Schema):
    id: int
    asset_id: int
    seller: str
    investor: str
    currency: str
    price: Decimal
    annual_royalty: Decimal
    licence_end: datetime.date
    buyback_price: Decimal
    buyback_deadline: datetime.date
    status: str
    sold_on: datetime.date | None
    bought_back_on: datetime.date | None
    royalties: list[RoyaltyOut]

    @staticmethod
    def resolve_seller(obj) -> str:
        return obj.seller.name

    @staticmethod
    def resolve_investor(obj) -> str:
        return obj.investor.name

    @staticmethod
    def resolve_royalties(obj) -> list:
        return list(obj.royalties.all())
