"""Loan schemas: applications, decisions, servicing. Amounts travel as decimal strings, never floats."""

from __future__ import annotations

import datetime
from decimal import Decimal
from typing import Any

from ninja import Field, Schema

from core.bounds import Id, Small


class PledgeIn(Schema):
    asset: Id
    valuation: Id
    registration_number: str = Field("", max_length=120)


class LoanIn(Schema):
    programme: Id
    borrower: str
    recommender: str
    guarantor: str
    insurer: str
    bank: str
    amount: str
    term_months: Small
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
    term_months: Small
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
