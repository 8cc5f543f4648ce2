"""Sale-and-licence-back endpoints: the former owner and the investor only; others get 404."""

from __future__ import annotations

from django.shortcuts import get_object_or_404
from ninja import Router, Status

from accounts.api import require_user
from accounts.models import AnyUser, Organisation
from assets.models import Asset
from core.bounds import Id
from financing.models import LicenceBack
from financing.schemas import LicenceBackIn, LicenceBackOut, RoyaltyIn, RoyaltyOut
from financing.services import leaseback

router = Router(tags=["financing"])


def agreement_for(user: AnyUser, agreement_id: int) -> LicenceBack:
    return get_object_or_404(
        LicenceBack.objects.restrict(user).select_related("seller", "investor"), pk=agreement_id
    )


@router.get("", response=list[LicenceBackOut], summary="Your sale-and-licence-back agreements")
def list_agreements(request):
    return list(LicenceBack.objects.restrict(require_user(request)).select_related("seller", "investor"))


@router.post("", response={201: LicenceBackOut}, summary="Offer an asset for sale and licence back (owner)")
def propose(request, payload: LicenceBackIn):
    user = require_user(request)
    asset = get_object_or_404(Asset.objects.visible_to(user), pk=payload.asset)
    investor = get_object_or_404(Organisation.objects.visible_to(user), slug=payload.investor)
    data = payload.dict(exclude={"asset", "investor"})
    return Status(201, leaseback.propose(asset=asset, investor=investor, by=user, **data))


@router.get("/{int:agreement_id}", response=LicenceBackOut, summary="An agreement")
def get_agreement(request, agreement_id: Id):
    return agreement_for(require_user(request), agreement_id)


@router.post("/{int:agreement_id}/accept", response=LicenceBackOut, summary="Accept (investor)")
def accept(request, agreement_id: Id):
    user = require_user(request)
    return leaseback.accept(agreement=agreement_for(user, agreement_id), by=user)


@router.post("/{int:agreement_id}/decline", response=LicenceBackOut, summary="Decline (investor)")
def decline(request, agreement_id: Id):
    user = require_user(request)
    return leaseback.decline(agreement=agreement_for(user, agreement_id), by=user)


@router.post(
    "/{int:agreement_id}/royalties", response={201: RoyaltyOut}, summary="Record a royalty (investor)"
)
def royalty(request, agreement_id: Id, payload: RoyaltyIn):
    user = require_user(request)
    agreement = agreement_for(user, agreement_id)
    payment = leaseback.record_royalty(
        agreement=agreement, by=user, amount=payload.amount, currency=payload.currency, day=payload.paid_on
    )
    return Status(201, payment)


@router.post("/{int:agreement_id}/buyback", response=LicenceBackOut, summary="Buy back (former owner)")
def buy_back(request, agreement_id: Id):
    user = require_user(request)
    return leaseback.buy_back(agreement=agreement_for(user, agreement_id), by=user)
