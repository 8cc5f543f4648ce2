"""Disposal, loss statement and sale-and-licence-back schemas. Amounts travel as decimal strings."""

from __future__ import annotations

import datetime
from decimal import Decimal

from ninja import Schema

from core.bounds import Id


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
    currency: str
    assets: list[str]
    deal_room_id: int | None = None

    @staticmethod
    def resolve_url(obj) -> str:
        return f"/api/v1/financing/disposals/{obj.pk}"

    @staticmethod
    def resolve_currency(obj) -> str:
        return obj.loan.currency

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
    asset: Id
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
