from datetime import date, datetime
from decimal import Decimal
from typing import Any

from ninja import Schema

from core.bounds import Id
from core.schemas import many_of
from valuation.models import Valuation


class ValuationIn(Schema):
    asset: Id
    purpose: str
    methods: list[str] = many_of(Valuation.Method)
    inputs: dict[str, Any]
    currency: str
    valuer: str | None = None
    valuation_date: date | None = None
    alert_threshold: str | None = None


class InputsIn(Schema):
    inputs: dict[str, Any]
    methods: list[str] | None = None


class ShareIn(Schema):
    organisation: str


class ValuationSummary(Schema):
    id: int
    asset_id: int
    version: int
    status: str
    purpose: str
    methods: list[str]
    currency: str
    conclusion_low: Decimal | None
    conclusion_point: Decimal | None
    conclusion_high: Decimal | None
    valuation_date: date
    valuer: str | None
    created_at: datetime

    @staticmethod
    def resolve_valuer(obj) -> str | None:
        return obj.valuer.slug if obj.valuer_id else None


class ValuationOut(ValuationSummary):
    inputs: dict[str, Any]
    outputs: dict[str, Any]
    shared_with: list[str]
    last_run_at: datetime | None
    finalised_at: datetime | None

    @staticmethod
    def resolve_shared_with(obj) -> list[str]:
        return [share.organisation.slug for share in obj.shares.select_related("organisation")]
