"""The page of a sale-and-licence-back agreement for its two parties, with the step each may take."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts.permissions import can_edit_for
from core.errors import InvalidInput
from core.pages import PAGE_ERRORS, show
from financing.models import LicenceBack
from financing.services import leaseback


def _visible(request, pk: int) -> LicenceBack:
    return get_object_or_404(
        LicenceBack.objects.restrict(request.user).select_related("asset", "seller", "investor"), pk=pk
    )


@login_required
def agreement_detail(request, pk: int):
    agreement = _visible(request, pk)
    context = {
        "agreement": agreement,
        "royalties": agreement.royalties.all(),
        "investor": can_edit_for(request.user, agreement.investor),
        "seller": can_edit_for(request.user, agreement.seller),
    }
    return render(request, "financing/licence_back.html", context)


@login_required
@require_POST
def agreement_act(request, pk: int, action: str):
    agreement = _visible(request, pk)
    calls = {
        "accept": lambda: leaseback.accept(agreement=agreement, by=request.user),
        "buyback": lambda: leaseback.buy_back(agreement=agreement, by=request.user),
    }
    try:
        if action not in calls:
            raise InvalidInput(_("There is no such action."))
        calls[action]()
    except PAGE_ERRORS as error:
        show(request, error)
    else:
        messages.success(request, _("Done."))
    return redirect("financing:licence_back", pk=agreement.pk)
