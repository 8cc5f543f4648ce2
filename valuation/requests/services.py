"""Every state change of a valuation request: ask, accept, decline, withdraw, deliver."""

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import User
from accounts.permissions import can_edit_for
from accounts.services import require_approved
from assets.models import Asset
from core.access import DECIDE, is_staff, may
from core.errors import Conflict, Forbidden, InvalidInput, NotFound
from core.events import record_event
from valuation.models import Scenario, Valuation
from valuation.requests.models import ValuationRequest, ValuerService

# What a valuer starts with: the GB/T 42748-2023 indicator score, which the subsidy programme asks for;
# the valuer adds the income, market or cost methods the asset needs.
FIRST_METHODS = ["indicators"]
OPEN = (ValuationRequest.Status.REQUESTED, ValuationRequest.Status.ACCEPTED)


@transaction.atomic
def request_valuation(
    *, asset: Asset, service: ValuerService, by: User, purpose: str = "licensing", message: str = ""
) -> ValuationRequest:
    """The owner's people ask a valuer organisation, from its published services, to value an asset."""
    if not Asset.objects.visible_to(by).filter(pk=asset.pk).exists():
        raise NotFound(_("There is no such asset."))
    if asset.owner is None or not can_edit_for(by, asset.owner):
        raise Forbidden(_("Only the asset owner's people can ask for its valuation."))
    if not ValuerService.objects.offered().filter(pk=service.pk).exists():
        raise InvalidInput(_("This valuer does not offer this service now."), field="service")
    if service.organisation_id == asset.owner_id:
        raise InvalidInput(_("Ask another organisation than your own."), field="service")
    if purpose not in Scenario.values:
        raise InvalidInput(_("Unknown purpose: %(p)s") % {"p": purpose}, field="purpose")
    require_approved(asset.owner)
    pending = ValuationRequest.objects.filter(asset=asset, valuer=service.organisation, status__in=OPEN)
    if pending.exists():
        raise Conflict(_("This valuer already has an open request for this asset."))
    request = ValuationRequest.objects.create(
        asset=asset,
        organisation=asset.owner,
        valuer=service.organisation,
        service=service,
        purpose=purpose,
        message=message.strip()[:4000],
        fee_amount=service.fee_amount,
        fee_currency=service.fee_currency,
        requested_by=by,
    )
    record_event(
        request, "valuation_request.requested", actor=by, asset=asset.pk, valuer=service.organisation_id
    )
    return request


def _locked(request: ValuationRequest, by: User, side: str, *, decision: bool = True) -> ValuationRequest:
    """The request afresh, under lock, when `by` may act for `side` ("valuer" or "owner"). Accepting,
    declining and withdrawing are the side's own decision (its members', never the operator's staff's)."""
    if not ValuationRequest.objects.visible_to(by).filter(pk=request.pk).exists():
        raise NotFound(_("There is no such valuation request."))
    locked = (
        ValuationRequest.objects.select_for_update()
        .select_related("valuer", "organisation")
        .get(pk=request.pk)
    )
    organisation = locked.valuer if side == "valuer" else locked.organisation
    allowed = may(by, organisation, DECIDE) if decision else can_edit_for(by, organisation)
    if not allowed and is_staff(by):
        raise Forbidden(
            _("The operator's staff do not answer or withdraw a valuation request for its parties.")
        )
    if not allowed:
        if side == "valuer":
            raise Forbidden(_("Only the valuer's people answer a valuation request."))
        raise Forbidden(_("Only the asking organisation's people withdraw its request."))
    return locked


def _requested(request: ValuationRequest) -> None:
    if request.status != ValuationRequest.Status.REQUESTED:
        raise Conflict(_("This request has been answered already."))


@transaction.atomic
def accept_request(*, request: ValuationRequest, by: User) -> ValuationRequest:
    """The valuer accepts: a draft valuation opens with the valuer named, and the usual flow goes on."""
    request = _locked(request, by, "valuer")
    _requested(request)
    require_approved(request.valuer)
    version = (
        Valuation.objects.filter(asset=request.asset_id)
        .order_by("-version")
        .values_list("version", flat=True)
        .first()
        or 0
    ) + 1
    valuation = Valuation.objects.create(
        asset=request.asset,
        valuer=request.valuer,
        purpose=request.purpose,
        methods=list(FIRST_METHODS),
        inputs={},
        currency=request.fee_currency,
        version=version,
        valuation_date=timezone.localdate(),
        created_by=by,
    )
    record_event(
        valuation,
        "valuation.created",
        actor=by,
        asset=request.asset_id,
        version=version,
        methods=FIRST_METHODS,
    )
    request.status, request.valuation, request.decided_at = (
        ValuationRequest.Status.ACCEPTED,
        valuation,
        timezone.now(),
    )
    request.save(update_fields=["status", "valuation", "decided_at"])
    record_event(request, "valuation_request.accepted", actor=by, valuation=valuation.pk)
    return request


@transaction.atomic
def decline_request(*, request: ValuationRequest, by: User, note: str = "") -> ValuationRequest:
    request = _locked(request, by, "valuer")
    _requested(request)
    request.status, request.note, request.decided_at = (
        ValuationRequest.Status.DECLINED,
        note.strip()[:2000],
        timezone.now(),
    )
    request.save(update_fields=["status", "note", "decided_at"])
    record_event(request, "valuation_request.declined", actor=by)
    return request


@transaction.atomic
def withdraw_request(*, request: ValuationRequest, by: User) -> ValuationRequest:
    request = _locked(request, by, "owner")
    _requested(request)
    request.status, request.decided_at = ValuationRequest.Status.WITHDRAWN, timezone.now()
    request.save(update_fields=["status", "decided_at"])
    record_event(request, "valuation_request.withdrawn", actor=by)
    return request


@transaction.atomic
def deliver_request(*, request: ValuationRequest, by: User) -> ValuationRequest:
    """The valuer delivers the final valuation; the fee falls due and the owner may apply for a subsidy."""
    request = _locked(request, by, "valuer", decision=False)
    if request.status != ValuationRequest.Status.ACCEPTED:
        raise Conflict(_("Only an accepted request can be delivered."))
    if request.valuation is None or request.valuation.status != Valuation.Status.FINAL:
        raise Conflict(_("Finalise the valuation before delivering it."))
    request.status, request.delivered_at = ValuationRequest.Status.DELIVERED, timezone.now()
    request.save(update_fields=["status", "delivered_at"])
    record_event(request, "valuation_request.delivered", actor=by, valuation=request.valuation_id)
    return request
