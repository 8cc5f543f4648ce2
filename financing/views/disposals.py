"""The page of a disposal: an open auction for bidders, the result for the loan's parties."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import Q
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts.models import AnyUser
from accounts.permissions import can_edit_for
from core.pages import PAGE_ERRORS, perform, show
from financing.forms import BidForm, PurchaseForm
from financing.models import Disposal, Loan
from financing.permissions import acts_as
from financing.services import default
from financing.views.common import visible_bids


def _visible(request, pk: int) -> Disposal:
    disposal = get_object_or_404(Disposal.objects.restrict(request.user).select_related("loan"), pk=pk)
    if not Loan.objects.restrict(request.user).filter(pk=disposal.loan_id).exists():
        disposal.reserve_price = None  # bidders do not learn the reserve (never saved)
    return disposal


def _room(user: AnyUser, disposal: Disposal):
    """The deal room with the winning bidder, for those seated in it (the bank's and the buyer's people)."""
    from deals.models import DealRoom

    if disposal.deal_room_id is None:
        return None
    return DealRoom.objects.restrict(user).filter(pk=disposal.deal_room_id).first()


@login_required
def auctions(request):
    """Collateral auctions open for bids (any member), and the ones of the person's own loans (those also
    after their end time, until the bank closes them)."""
    visible = Disposal.objects.restrict(request.user).filter(method=Disposal.Method.AUCTION)
    visible = visible.select_related("loan").prefetch_related("loan__pledged__asset")
    own = Q(loan__in=Loan.objects.restrict(request.user))
    running = visible.filter(Q(ends_at__gt=timezone.now()) | own, status=Disposal.Status.OPEN)
    context = {
        "open": running.order_by("ends_at", "pk"),
        "closed": visible.exclude(status=Disposal.Status.OPEN)[:50],
    }
    return render(request, "financing/auctions.html", context)


@login_required
def disposal_detail(request, pk: int):
    disposal = _visible(request, pk)
    auction_open = disposal.method == Disposal.Method.AUCTION and disposal.status == Disposal.Status.OPEN
    context = {
        "disposal": disposal,
        "purchase_form": PurchaseForm() if disposal.status == Disposal.Status.OPEN else None,
        "bids": visible_bids(disposal, request.user),
        "assets": disposal.loan.pledged.select_related("asset"),
        "form": BidForm(user=request.user) if auction_open else None,
        "room": _room(request.user, disposal),
        "closes": disposal.method == Disposal.Method.AUCTION and acts_as(request.user, disposal.loan, "bank"),
        "buys": disposal.fund is not None and can_edit_for(request.user, disposal.fund),
    }
    return render(request, "financing/disposal.html", context)


@login_required
@require_POST
def bid(request, pk: int):
    disposal = _visible(request, pk)
    form = BidForm(request.POST, user=request.user)
    if form.is_valid():
        try:
            default.place_bid(
                disposal=disposal,
                by=request.user,
                bidder=form.cleaned_data["bidder"],
                amount=form.cleaned_data["amount"],
            )
        except PAGE_ERRORS as error:
            show(request, error)
        else:
            messages.success(request, _("Your bid is placed."))
    else:
        messages.error(request, _("Choose the organisation you bid for and a positive amount."))
    return redirect("financing:disposal", pk=disposal.pk)


@login_required
@require_POST
def open_room(request, pk: int):
    """The bank (or the operator) opens the buyer's deal room of a sale whose room could not open at the
    close."""
    disposal = _visible(request, pk)
    if perform(request, default.open_sale_room, disposal=disposal, by=request.user) is not None:
        messages.success(request, _("The deal room with the buyer is open."))
    return redirect("financing:disposal", pk=disposal.pk)


@login_required
@require_POST
def close(request, pk: int):
    """The bank closes its auction after the end time: the winner buys, or nothing is sold."""
    disposal = _visible(request, pk)
    try:
        closed = default.close_auction(disposal=disposal, by=request.user)
    except PAGE_ERRORS as error:
        show(request, error)
    else:
        sold = closed.status == Disposal.Status.SOLD
        messages.success(request, _("The collateral is sold.") if sold else _("Nothing was sold."))
    return redirect("financing:disposal", pk=disposal.pk)


@login_required
@require_POST
def purchase(request, pk: int):
    """The recovery fund buys the collateral offered to it, at the price it sets."""
    disposal = _visible(request, pk)
    form = PurchaseForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Give a positive price."))
        return redirect("financing:disposal", pk=disposal.pk)
    try:
        default.fund_purchase(disposal=disposal, by=request.user, price=form.cleaned_data["price"])
    except PAGE_ERRORS as error:
        show(request, error)
    else:
        messages.success(request, _("The collateral is bought; the registry records the transfer."))
    return redirect("financing:disposal", pk=disposal.pk)
