from datetime import date

from django.shortcuts import get_object_or_404
from ninja import Query, Router, Schema
from ninja.pagination import paginate

from assets.models import Asset
from core.bounds import Id, Small
from trials.models import Trial

router = Router(tags=["trials"])


class TrialOut(Schema):
    registry_id: str
    title: str
    phase: int | None
    phase_label: str
    status: str
    conditions: list
    interventions: list
    sponsor: str
    start_date: date | None
    completion_date: date | None


class TrialLinkOut(Schema):
    asset_id: Id
    number: str
    basis: str
    sets_phase: bool


class TrialDetailOut(TrialOut):
    links: list[TrialLinkOut]


class TrialFilter(Schema):
    q: str = ""
    phase: Small | None = None


@router.get("", response=list[TrialOut])
@paginate
def list_trials(request, filters: Query[TrialFilter]):
    trials = Trial.objects.visible_to(request.user)
    if filters.q:
        trials = trials.filter(title__icontains=filters.q)
    if filters.phase is not None:
        trials = trials.filter(phase=filters.phase)
    return trials.order_by("registry_id")


@router.get("/{registry_id}", response=TrialDetailOut)
def get_trial(request, registry_id: str):
    trial = get_object_or_404(Trial.objects.visible_to(request.user), registry_id=registry_id)
    visible = Asset.objects.visible_to(request.user)
    links = [
        {
            "asset_id": link.asset_id,
            "number": link.asset.number,
            "basis": link.basis,
            "sets_phase": link.sets_phase,
        }
        for link in trial.links.filter(asset__in=visible).select_related("asset")
    ]
    return {**TrialOut.from_orm(trial).dict(), "links": links}
