"""Term sheets (versions, offer, diff, valuation, acceptance) and the agreement (generate, sign, PDF)."""

from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from assets.models import Asset
from core.pages import PAGE_ERRORS, attempt
from deals.forms import AgreementForm, TermsForm
from deals.models import Agreement, TermSheet
from deals.services import agreement as agreements
from deals.services import terms as term_services
from deals.views.common import back, room_context, visible, visible_room


def _valued(sheet: TermSheet) -> dict:
    try:
        return term_services.value_version(sheet)
    except PAGE_ERRORS as error:  # a drug model the engine refuses: the page says why
        return {"available": False, "reason": error.detail}


@login_required
def terms(request, pk: int):
    found = visible_room(request, pk)
    assets = Asset.objects.filter(owner=found.seller).order_by("pk")[:200]
    initial: dict[str, object] = {"deal_type": found.deal_type, "currency": found.currency}
    if found.listing is not None:
        initial["assets"] = [str(pk) for pk in found.listing.items.values_list("asset_id", flat=True)]
    form = TermsForm(request.POST or None, assets=assets, initial=initial)
    if request.method == "POST" and form.is_valid():

        def action():
            term_services.offer_terms(
                room=found, by=request.user, terms=form.terms(), note=form.cleaned_data["note"]
            )

        if attempt(request, action, _("Your offer is in the room."), form):
            return back(found, "terms")
    sheets = list(TermSheet.objects.visible_to(request.user).filter(room=found))
    context = room_context(request, found, "terms")
    context.update(form=form, sheets=[(sheet, _valued(sheet)) for sheet in sheets[-5:]], all_sheets=sheets)
    first, second = request.GET.get("a"), request.GET.get("b")
    numbered = {str(sheet.number): sheet for sheet in sheets}
    if first in numbered and second in numbered:
        context["diff"] = term_services.compare(numbered[first], numbered[second])
        context["diff_pair"] = (first, second)
    return render(request, "deals/terms.html", context)


@login_required
@require_POST
def accept(request, pk: int):
    sheet = visible(request, TermSheet, pk)
    attempt(
        request,
        lambda: term_services.accept_terms(sheet=sheet, by=request.user),
        _("Accepted: the terms are locked."),
    )
    return back(sheet.room, "terms")


@login_required
def agreement(request, pk: int):
    found = visible_room(request, pk)
    form = AgreementForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        script = form.cleaned_data["second_language"]
        if attempt(
            request,
            lambda: agreements.generate_agreement(room=found, by=request.user, second_language=script),
            _("The agreement is ready to sign."),
        ):
            return back(found, "agreement")
    context = room_context(request, found, "agreement")
    versions = (
        Agreement.objects.visible_to(request.user)
        .filter(room=found)
        .prefetch_related("signatures__organisation")
    )
    context.update(form=form, agreements=versions, locked=term_services.locked_terms(found))
    return render(request, "deals/agreement.html", context)


@login_required
@require_POST
def sign(request, pk: int):
    found = visible(request, Agreement, pk)
    digest = request.POST.get("sha256", "")
    attempt(
        request,
        lambda: agreements.sign_agreement(agreement=found, by=request.user, document_sha256=digest),
        _("You signed the agreement."),
    )
    return back(found.room, "agreement")


@login_required
def agreement_pdf(request, pk: int):
    found = visible(request, Agreement, pk)
    signed = request.GET.get("signed") != "0"
    data = agreements.signed_pdf(found) if signed else bytes(found.pdf)
    response = HttpResponse(data, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="agreement-{found.room_id}-v{found.version}.pdf"'
    return response
