"""Disposal endpoints: an open auction is seen by every member who may bid; sealed bids by their bidder
only."""

from __future__ import annotations

from django.shortcuts import get_object_or_404
from ninja import Router, Status

from accounts.api import require_user
from accounts.models import AnyUser, Organisation
from core.access import CHANGE
from core.bounds import Id
from financing.models import Disposal, Loan
from financing.schemas import BidIn, BidOut, DisposalOut, PurchaseIn
from financing.services import default

router = Router(tags=["financing"])


def disposal_for(user: AnyUser, disposal_id: int) -> Disposal:
    disposal = get_object_or_404(Disposal.objects.restrict(user).select_related("loan"), pk=disposal_id)
    if not Loan.objects.restrict(user).filter(pk=disposal.loan_id).exists():
        disposal.reserve_price = None  # a bidder does not learn the reserve (not saved)
    return disposal


@router.get("", response=list[DisposalOut], summary="Disposals you may see (open auctions, your loans')")
def list_disposals(request):
    return [
        disposal_for(request.user, pk)
        for pk in Disposal.objects.restrict(require_user(request)).values_list("pk", flat=True)
    ]


@router.get("/{int:disposal_id}", response=DisposalOut, summary="A disposal")
def get_disposal(request, disposal_id: Id):
    return disposal_for(require_user(request), disposal_id)


@router.get("/{int:disposal_id}/bids", response=list[BidOut], summary="Bids you may see")
def bids(request, disposal_id: Id):
    from financing.views.common import visible_bids

    user = require_user(request)
    return visible_bids(disposal_for(user, disposal_id), user)


@router.post("/{int:disposal_id}/bids", response={201: BidOut}, summary="Bid in an open auction")
def place_bid(request, disposal_id: Id, payload: BidIn):
    user = require_user(request)
    disposal = disposal_for(user, disposal_id)
    bidder = get_object_or_404(Organisation.objects.visible_to(user), slug=payload.bidder)
    return Status(201, default.place_bid(disposal=disposal, by=user, bidder=bidder, amount=payload.amount))


@router.post(
    "/{int:disposal_id}/close", response=DisposalOut, summary="Close the auction after its end (bank)"
)
def close(request, disposal_id: Id):
    user = require_user(request)
    disposal = get_object_or_404(Disposal.objects.restrict(user, CHANGE), pk=disposal_id)
    return default.close_auction(disposal=disposal, by=user)


@router.post(
    "/{int:disposal_id}/purchase", response=DisposalOut, summary="Buy at a set price (recovery fund)"
)
def purchase(request, disposal_id: Id, payload: PurchaseIn):
    user = require_user(request)
    disposal = disposal_for(user, disposal_id)
    return default.fund_purchase(disposal=disposal, by=user, price=payload.price)
