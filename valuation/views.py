"""Valuation pages: list, new valuation, its workspace, inputs, run, finalise, share, report and PDF.

Thin: access through Valuation.objects.visible_to only (outsiders get 404), rules in services, domain
errors shown on the field they name.
"""

from __future__ import annotations

from functools import partial

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from core.pages import PAGE_ERRORS, attempt, show
from valuation import services
from valuation.forms import ShareForm, ValuationForm
from valuation.inputs_page import inputs_page
from valuation.models import Valuation
from valuation.permissions import can_edit, can_share, can_unshare
from valuation.reports import SECOND_LANGUAGES, page_charts, render_pdf, report_context


@login_required
def valuation_list(request):
    valuations = Valuation.objects.visible_to(request.user).select_related("asset", "valuer")
    asset = request.GET.get("asset", "")
    if asset.isdigit():
        valuations = valuations.filter(asset_id=int(asset))
    return render(request, "valuation/list.html", {"valuations": valuations[:200], "asset_filter": asset})


def _visible(request, pk: int) -> Valuation:
    return get_object_or_404(
        Valuation.objects.visible_to(request.user).select_related("asset", "asset__owner", "valuer"), pk=pk
    )


@login_required
def create(request):
    initial = {"asset": request.GET.get("asset", "")}
    form = ValuationForm(request.POST or None, user=request.user, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            valuation = services.create_valuation(
                asset=data["asset"],
                by=request.user,
                purpose=data["purpose"],
                methods=data["methods"],
                inputs={},
                currency=data["currency"],
                valuer=data["valuer"],
                valuation_date=data["valuation_date"],
                alert_threshold=data["alert_threshold"],
            )
        except PAGE_ERRORS as error:
            show(request, error, form)
        else:
            messages.success(request, _("The valuation is created as a draft; now give its inputs."))
            return redirect("valuation:inputs", pk=valuation.pk)
    return render(request, "valuation/create.html", {"form": form})


@login_required
def detail(request, pk: int):
    valuation = _visible(request, pk)
    context = {
        "valuation": valuation,
        "can_edit": can_edit(request.user, valuation),
        "can_share": can_share(request.user, valuation),
        "can_unshare": can_unshare(request.user, valuation),
        "share_form": ShareForm(user=request.user, valuation=valuation),
        "shares": valuation.shares.select_related("organisation"),
        "runs": valuation.runs.order_by("-ran_at", "-id")[:50],
        "conclusion": (valuation.outputs or {}).get("conclusion"),
        "method_labels": [
            Valuation.Method(m).label for m in valuation.methods if m in Valuation.Method.values
        ],
        "method_names": dict(Valuation.Method.choices),
        "pending": _pending(valuation),
        "charts": page_charts(valuation),
    }
    return render(request, "valuation/detail.html", context)


def _pending(valuation: Valuation) -> list[dict]:
    """The methods the last run left out, with what each still needs."""
    names = dict(Valuation.Method.choices)
    pending = (valuation.outputs or {}).get("pending") or {}
    return [
        {"method": names.get(m, m), "detail": _need_in_reader_language(need)}
        for m, need in pending.items()
        if m in valuation.methods
    ]


def _need_in_reader_language(need: dict) -> str:
    if need.get("message"):
        return _(need["message"]) % need.get("params", {})
    return need.get("detail", "")


@login_required
def edit_inputs(request, pk: int):
    return inputs_page(request, _visible(request, pk))


@login_required
@require_POST
def run(request, pk: int):
    valuation = _visible(request, pk)
    action = partial(services.run_valuation, valuation=valuation, by=request.user)
    attempt(request, action, _("The valuation has been run."))
    return redirect("valuation:detail", pk=valuation.pk)


@login_required
@require_POST
def finalise(request, pk: int):
    valuation = _visible(request, pk)
    action = partial(services.finalise_valuation, valuation=valuation, by=request.user)
    attempt(request, action, _("The valuation is final."))
    return redirect("valuation:detail", pk=valuation.pk)


@login_required
@require_POST
def share(request, pk: int):
    valuation = _visible(request, pk)
    form = ShareForm(request.POST, user=request.user, valuation=valuation)
    if not form.is_valid():
        messages.error(request, " ".join(str(e) for errors in form.errors.values() for e in errors))
    else:
        organisation = form.cleaned_data["organisation"]
        done = _("Shared with %(org)s.") % {"org": organisation.name}
        action = partial(
            services.share_valuation, valuation=valuation, organisation=organisation, by=request.user
        )
        attempt(request, action, done)
    return redirect("valuation:detail", pk=valuation.pk)


@login_required
@require_POST
def unshare(request, pk: int, slug: str):
    valuation = _visible(request, pk)
    shared = get_object_or_404(valuation.shares.select_related("organisation"), organisation__slug=slug)
    organisation = shared.organisation
    done = _("No longer shared with %(org)s.") % {"org": organisation.name}
    action = partial(
        services.unshare_valuation, valuation=valuation, organisation=organisation, by=request.user
    )
    attempt(request, action, done)
    return redirect("valuation:detail", pk=valuation.pk)


@login_required
def report(request, pk: int):
    return render(request, "valuation/report.html", report_context(_visible(request, pk)))


@login_required
def report_pdf(request, pk: int):
    valuation = _visible(request, pk)
    script = request.GET.get("script", "zh-hant")
    second = script if script in SECOND_LANGUAGES else "zh-hant"
    pdf = render_pdf(valuation, second_language=second, base_url=request.build_absolute_uri("/"))
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="valuation-{valuation.pk}-v{valuation.version}.pdf"'
    return response
