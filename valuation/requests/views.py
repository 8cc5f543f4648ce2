"""Valuation requests: the valuers' fee list, asking one, and answering or delivering as the valuer."""

from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from core.pages import PAGE_ERRORS, show
from valuation.permissions import organisations_acting_for
from valuation.requests import services
from valuation.requests.forms import AnswerForm, RequestForm
from valuation.requests.models import ValuationRequest, ValuerService


@login_required
def requests(request):
    """Requests the member's organisations sent and received, the fee list, and the form to ask."""
    form = RequestForm(request.POST or None, user=request.user, initial={"asset": request.GET.get("asset")})
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.request_valuation(by=request.user, **data)
        except PAGE_ERRORS as error:
            show(request, error, form)
        else:
            messages.success(request, _("The request is sent to the valuer."))
            return redirect("valuation:requests")
    found = ValuationRequest.objects.visible_to(request.user).select_related(
        "asset", "organisation", "valuer", "service", "valuation"
    )
    own = set(organisations_acting_for(request.user).values_list("pk", flat=True))
    context = {
        "form": form,
        "received": [r for r in found[:200] if r.valuer_id in own],
        "sent": [r for r in found[:200] if r.valuer_id not in own],
        "own": own,
        "services": ValuerService.objects.offered(),
        "answer_form": AnswerForm(),
    }
    return render(request, "valuation/requests.html", context)


ACTIONS: dict[str, tuple[Callable[..., ValuationRequest], Any]] = {
    "accept": (services.accept_request, gettext_lazy("Accepted: the draft valuation is open for you.")),
    "decline": (services.decline_request, gettext_lazy("The request is declined.")),
    "withdraw": (services.withdraw_request, gettext_lazy("The request is withdrawn.")),
    "deliver": (services.deliver_request, gettext_lazy("The valuation is delivered to the owner.")),
}


@login_required
@require_POST
def answer(request, pk: int, action: str):
    found = get_object_or_404(ValuationRequest.objects.visible_to(request.user), pk=pk)
    if action not in ACTIONS:
        return redirect("valuation:requests")
    step, done = ACTIONS[action]
    extra = {"note": request.POST.get("note", "")[:2000]} if action == "decline" else {}
    try:
        answered = step(request=found, by=request.user, **extra)
    except PAGE_ERRORS as error:
        show(request, error)
        return redirect("valuation:requests")
    messages.success(request, str(done))
    if action == "accept" and answered.valuation_id:
        return redirect("valuation:inputs", pk=answered.valuation_id)
    return redirect("valuation:requests")
