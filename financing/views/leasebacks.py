"""The page of a sale-and-licence-back agreement for its two parties, with the step each may take."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from core.errors import InvalidInput
from core.pages import PAGE_ERRORS, form_errors, show
from financing.forms import LicenceBackForm, RoyaltyForm
from financing.models import LicenceBack
from financing.permissions import decides_for
from financing.services import leaseback


def _visible(request, pk: int) -> LicenceBack:
    return get_object_or_404(
        LicenceBack.objects.restrict(request.user).select_related("asset", "seller", "investor"), pk=pk
    )


@login_required
def propose(request):
    """The owner offers one of its assets to an investor for sale and licence back."""
    form = LicenceBackForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            agreement = leaseback.propose(by=request.user, **form.cleaned_data)
        except PAGE_ERRORS as error:
            show(request, error, form)
        else:
            messages.success(request, _("The offer is sent to the investor."))
            return redirect("financing:licence_back", pk=agreement.pk)
    return render(request, "financing/licence_back_form.html", {"form": form})


def _record_royalty(agreement: LicenceBack, request) -> bool:
    form = RoyaltyForm(request.POST)
    if not form.is_valid():
        form_errors(request, form)
        return False
    data = form.cleaned_data
    leaseback.record_royalty(
        agreement=agreement,
        by=request.user,
        amount=data["amount"],
        currency=data["currency"],
        day=data["paid_on"],
    )
    return True


@login_required
def agreement_detail(request, pk: int):
    agreement = _visible(request, pk)
    investor = decides_for(request.user, agreement.investor)
    context = {
        "agreement": agreement,
        "royalties": agreement.royalties.all(),
        "royalty_form": RoyaltyForm(initial={"currency": agreement.currency})
        if investor and agreement.status == LicenceBack.Status.ACTIVE
        else None,
        "investor": investor,
        "seller": decides_for(request.user, agreement.seller),
    }
    return render(request, "financing/licence_back.html", context)


@login_required
@require_POST
def agreement_act(request, pk: int, action: str):
    agreement = _visible(request, pk)
    calls = {
        "accept": lambda: leaseback.accept(agreement=agreement, by=request.user),
        "decline": lambda: leaseback.decline(agreement=agreement, by=request.user),
        "buyback": lambda: leaseback.buy_back(agreement=agreement, by=request.user),
        "royalty": lambda: _record_royalty(agreement, request),
    }
    try:
        if action not in calls:
            raise InvalidInput(_("There is no such action."))
        done = calls[action]() is not False  # False: the form's errors are shown
    except PAGE_ERRORS as error:
        show(request, error)
    else:
        if done:
            messages.success(request, _("Done."))
    return redirect("financing:licence_back", pk=agreement.pk)
