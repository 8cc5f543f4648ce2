"""Valuation requests under /api/v1/valuation/requests: parse → visible_to → one service call → schema."""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal
from typing import Literal

from django.shortcuts import get_object_or_404
from ninja import Router, Schema, Status
from ninja.pagination import paginate

from accounts.api import require_user
from assets.models import Asset
from core.bounds import Id
from valuation.requests import services
from valuation.requests.models import ValuationRequest, ValuerService

router = Router(tags=["valuation requests"])


class ServiceOut(Schema):
    id: int
    valuer: str
    valuer_name: str
    title: str
    description: str
    fee_amount: Decimal
    fee_currency: str
    turnaround_days: int

    @staticmethod
    def resolve_valuer(obj) -> str:
        return obj.organisation.slug

    @staticmethod
    def resolve_valuer_name(obj) -> str:
        return obj.organisation.name


class RequestIn(Schema):
    asset: Id
    service: Id
    purpose: str = "licensing"
    message: str = ""


class AnswerIn(Schema):
    note: str = ""


class RequestOut(Schema):
    id: int
    asset: int
    organisation: str
    valuer: str
    service: int
    purpose: str
    status: Literal["requested", "accepted", "declined", "withdrawn", "delivered"]
    fee_amount: Decimal
    fee_currency: str
    note: str
    valuation: int | None
    created_at: datetime
    delivered_at: datetime | None

    @staticmethod
    def resolve_asset(obj) -> int:
        return obj.asset_id

    @staticmethod
    def resolve_organisation(obj) -> str:
        return obj.organisation.slug

    @staticmethod
    def resolve_valuer(obj) -> str:
        return obj.valuer.slug

    @staticmethod
    def resolve_service(obj) -> int:
        return obj.service_id

    @staticmethod
    def resolve_valuation(obj) -> int | None:
        return obj.valuation_id


@router.get("/valuers", response=list[ServiceOut], summary="Approved valuers' services and fees")
def list_services(request):
    require_user(request)
    return list(ValuerService.objects.offered())


@router.get("", response=list[RequestOut], summary="Requests your organisations sent or received")
@paginate
def list_requests(request):
    user = require_user(request)
    return ValuationRequest.objects.visible_to(user).select_related("organisation", "valuer")


@router.post("", response={201: RequestOut}, summary="Ask a valuer to value an asset")
def create_request(request, payload: RequestIn):
    user = require_user(request)
    asset = get_object_or_404(Asset.objects.visible_to(user), pk=payload.asset)
    service = get_object_or_404(ValuerService.objects.visible_to(user), pk=payload.service)
    created = services.request_valuation(
        asset=asset, service=service, by=user, purpose=payload.purpose, message=payload.message
    )
    return Status(201, created)


def _visible(request, request_id: int) -> ValuationRequest:
    return get_object_or_404(
        ValuationRequest.objects.visible_to(request.user).select_related("organisation", "valuer"),
        pk=request_id,
    )


@router.get("/{request_id}", response=RequestOut)
def get_request(request, request_id: Id):
    require_user(request)
    return _visible(request, request_id)


@router.post(
    "/{request_id}/accept", response=RequestOut, summary="Accept (the valuer): a draft valuation opens"
)
def accept(request, request_id: Id):
    user = require_user(request)
    return services.accept_request(request=_visible(request, request_id), by=user)


@router.post("/{request_id}/decline", response=RequestOut, summary="Decline (the valuer)")
def decline(request, request_id: Id, payload: AnswerIn):
    user = require_user(request)
    return services.decline_request(request=_visible(request, request_id), by=user, note=payload.note)


@router.post("/{request_id}/withdraw", response=RequestOut, summary="Withdraw (the owner)")
def withdraw(request, request_id: Id):
    user = require_user(request)
    return services.withdraw_request(request=_visible(request, request_id), by=user)


@router.post("/{request_id}/deliver", response=RequestOut, summary="Deliver the final valuation (the valuer)")
def deliver(request, request_id: Id):
    user = require_user(request)
    return services.deliver_request(request=_visible(request, request_id), by=user)
