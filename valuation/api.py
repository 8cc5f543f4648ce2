"""Valuation endpoints: parse → permission (visible_to) → one service call → schema."""

from typing import Any

from django.shortcuts import get_object_or_404
from ninja import Body, Query, Router, Schema, Status
from ninja.pagination import paginate

from accounts.api import require_user
from accounts.models import Organisation
from assets.models import Asset
from core.bounds import Id, Number
from valuation import services
from valuation.models import Valuation
from valuation.requests.api import router as requests_router
from valuation.runner import MAX_PATHS
from valuation.schemas import InputsIn, ShareIn, ValuationIn, ValuationOut, ValuationSummary
from valuation.subsidy.api import router as subsidy_router

router = Router(tags=["valuation"])
router.add_router("/subsidy", subsidy_router)
router.add_router("/requests", requests_router)


class CalculatorParams(Schema):
    paths: Number | None = None
    seed: Number | None = None
    tornado: bool = False


@router.post("/rnpv")
def rnpv_calculator(request, params: Query[CalculatorParams], model: Body[dict[str, Any]]):
    """rNPV of a model (full drug model or simple cash-flow form); ?paths=N adds a Monte Carlo run,
    ?tornado=true the sensitivity of the uncertain inputs."""
    from valuation.calculator import calculate_rnpv

    return calculate_rnpv(
        model, paths=params.paths, seed=params.seed, max_paths=MAX_PATHS, tornado=params.tornado
    )


class DealIn(Schema):
    model: dict[str, Any]
    term_sheet: dict[str, Any]


@router.post("/deal")
def deal_calculator(request, payload: DealIn):
    """What a term sheet is worth to the licensor and the licensee, on a drug model (open to all)."""
    from valuation.calculator import calculate_deal

    return calculate_deal(payload.model, payload.term_sheet)


@router.get("/valuations", response=list[ValuationSummary])
@paginate
def list_valuations(request, asset: Id | None = None):
    valuations = Valuation.objects.visible_to(require_user(request)).select_related("valuer")
    if asset is not None:
        valuations = valuations.filter(asset_id=asset)
    return valuations.order_by("-created_at", "-id")


def _visible(request, valuation_id: Id) -> Valuation:
    """A valuation the caller may see; no valuation is public, so an anonymous caller is asked to sign in
    (401) before anything is looked up, as everywhere else in the API."""
    return get_object_or_404(
        Valuation.objects.visible_to(require_user(request)).select_related("asset"), pk=valuation_id
    )


@router.get("/valuations/{valuation_id}", response=ValuationOut)
def get_valuation(request, valuation_id: Id):
    return _visible(request, valuation_id)


@router.post("/valuations", response={201: ValuationOut})
def create_valuation(request, payload: ValuationIn):
    user = require_user(request)
    asset = get_object_or_404(Asset.objects.visible_to(user), pk=payload.asset)
    valuer = (
        get_object_or_404(Organisation.objects.visible_to(user), slug=payload.valuer)
        if payload.valuer
        else None
    )
    valuation = services.create_valuation(
        asset=asset,
        by=user,
        purpose=payload.purpose,
        methods=payload.methods,
        inputs=payload.inputs,
        currency=payload.currency,
        valuer=valuer,
        valuation_date=payload.valuation_date,
        alert_threshold=payload.alert_threshold,
    )
    return Status(201, valuation)


@router.put("/valuations/{valuation_id}/inputs", response=ValuationOut)
def update_inputs(request, valuation_id: Id, payload: InputsIn):
    user = require_user(request)
    return services.update_inputs(
        valuation=_visible(request, valuation_id), by=user, inputs=payload.inputs, methods=payload.methods
    )


@router.post("/valuations/{valuation_id}/run", response=ValuationOut)
def run_valuation(request, valuation_id: Id):
    user = require_user(request)
    return services.run_valuation(valuation=_visible(request, valuation_id), by=user)


@router.post("/valuations/{valuation_id}/finalise", response=ValuationOut)
def finalise_valuation(request, valuation_id: Id):
    user = require_user(request)
    return services.finalise_valuation(valuation=_visible(request, valuation_id), by=user)


@router.post("/valuations/{valuation_id}/shares", response={201: ValuationOut})
def share_valuation(request, valuation_id: Id, payload: ShareIn):
    user = require_user(request)
    valuation = _visible(request, valuation_id)
    organisation = get_object_or_404(Organisation.objects.visible_to(user), slug=payload.organisation)
    services.share_valuation(valuation=valuation, organisation=organisation, by=user)
    return Status(201, valuation)
