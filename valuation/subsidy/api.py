"""Subsidy endpoints under /api/v1/valuation/subsidy: parse → visible_to → one service call → schema."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from typing import Any

from django.shortcuts import get_object_or_404
from django.utils import timezone
from ninja import Query, Router, Schema, Status
from ninja.pagination import paginate

from accounts.api import require_user
from core.bounds import Id
from valuation.models import Valuation
from valuation.subsidy import services
from valuation.subsidy.models import SubsidyApplication, SubsidyProgramme

router = Router(tags=["valuation subsidy"])


class QuotaOut(Schema):
    year: int
    cases_per_year: int
    used: int
    left: int


class ProgrammeOut(Schema):
    id: int
    name: str
    share_of_fee: Decimal
    max_subsidy_per_case: Decimal
    currency: str
    max_cases_per_year: int
    fields: list[str]
    starts_on: date
    ends_on: date | None
    requires_indicator_score: bool
    source: str
    quota: QuotaOut

    @staticmethod
    def resolve_quota(obj) -> dict:
        return services.quota(obj, timezone.localdate().year)


class CheckOut(Schema):
    rule: str
    met: bool
    text: str


class EligibilityParams(Schema):
    valuation: Id
    technology_field: str


class ApplicationIn(Schema):
    programme: Id
    valuation: Id
    technology_field: str
    valuation_fee: str


class PayoutOut(Schema):
    amount: Decimal
    currency: str
    paid_on: date
    reference: str


class ApplicationOut(Schema):
    id: int
    programme_id: Id
    organisation: str
    asset_id: Id
    valuation_id: Id | None
    technology_field: str
    valuation_fee: Decimal
    quota_year: int
    status: str
    eligibility: list[CheckOut]
    approved_amount: Decimal | None
    decision_reason: str
    decided_at: datetime | None
    created_at: datetime
    payout: PayoutOut | None

    @staticmethod
    def resolve_organisation(obj) -> str:
        return obj.organisation.slug

    @staticmethod
    def resolve_payout(obj) -> Any:
        return getattr(obj, "payout", None) if obj.status == SubsidyApplication.Status.PAID else None


class RejectIn(Schema):
    reason: str


class PayoutIn(Schema):
    reference: str
    paid_on: date | None = None


@router.get("/programmes", response=list[ProgrammeOut])
def list_programmes(request):
    """The programmes open today, with this year's quota."""
    return services.open_programmes()


def _visible_valuation(request, valuation_id: Id) -> Valuation:
    return get_object_or_404(
        Valuation.objects.visible_to(request.user).select_related("asset", "asset__owner"), pk=valuation_id
    )


@router.get("/programmes/{programme_id}/eligibility", response=list[CheckOut])
def eligibility(request, programme_id: Id, params: Query[EligibilityParams]):
    """The checks an application for this valuation would get today (nothing is applied for)."""
    user = require_user(request)
    programme = get_object_or_404(SubsidyProgramme, pk=programme_id)
    return services.preview_eligibility(
        programme=programme,
        valuation=_visible_valuation(request, params.valuation),
        technology_field=params.technology_field,
        by=user,
    )


def _applications(request):
    """The applications the caller may see; none is public, so an anonymous caller gets 401."""
    return SubsidyApplication.objects.visible_to(require_user(request)).select_related("organisation")


@router.get("/applications", response=list[ApplicationOut])
@paginate
def list_applications(request, status: str | None = None):
    applications = _applications(request)
    return applications.filter(status=status) if status else applications


@router.get("/applications/{application_id}", response=ApplicationOut)
def get_application(request, application_id: Id):
    return get_object_or_404(_applications(request), pk=application_id)


@router.post("/applications", response={201: ApplicationOut})
def apply(request, payload: ApplicationIn):
    user = require_user(request)
    application = services.apply_for_valuation(
        programme=get_object_or_404(SubsidyProgramme, pk=payload.programme),
        valuation=_visible_valuation(request, payload.valuation),
        technology_field=payload.technology_field,
        valuation_fee=payload.valuation_fee,
        by=user,
    )
    return Status(201, application)


@router.post("/applications/{application_id}/approve", response=ApplicationOut)
def approve(request, application_id: Id):
    user = require_user(request)
    application = get_object_or_404(_applications(request), pk=application_id)
    return services.approve_application(application=application, by=user)


@router.post("/applications/{application_id}/reject", response=ApplicationOut)
def reject(request, application_id: Id, payload: RejectIn):
    user = require_user(request)
    application = get_object_or_404(_applications(request), pk=application_id)
    return services.reject_application(application=application, by=user, reason=payload.reason)


@router.post("/applications/{application_id}/payout", response=ApplicationOut)
def payout(request, application_id: Id, payload: PayoutIn):
    user = require_user(request)
    application = get_object_or_404(_applications(request), pk=application_id)
    services.record_payout(
        application=application, by=user, reference=payload.reference, paid_on=payload.paid_on
    )
    application.refresh_from_db()
    return application
