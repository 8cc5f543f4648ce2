"""The rNPV calculator and the deal-economics page: open to everyone, thin over valuation.calculator (the
same service as POST /api/v1/valuation/rnpv). Within a valuation, the deal page reads its drug model and
may save the term sheet to it."""

from __future__ import annotations

import json
from pathlib import Path

from django import forms
from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from core.errors import DomainError
from core.pages import PAGE_ERRORS, show
from valuation import charts, services
from valuation.calculator import calculate_deal, calculate_rnpv
from valuation.deal_form import TermSheetForm, initial_from_term_sheet
from valuation.defaults import model_defaults
from valuation.forms import JsonField
from valuation.models import Valuation
from valuation.permissions import can_edit
from valuation.reports import bilingual_labels
from valuation.rnpv_form import RnpvForm, initial_from_defaults, initial_from_model
from valuation.runner import MAX_PATHS

ROW_COLUMNS = {
    "year": gettext_lazy("Year"),
    "stage": gettext_lazy("Stage"),
    "payment": gettext_lazy("Payment"),
    "revenue": gettext_lazy("Revenue"),
    "cash_flow": gettext_lazy("Cash flow"),
    "amount": gettext_lazy("Amount"),
    "probability": gettext_lazy("Probability"),
    "discount_factor": gettext_lazy("Discount factor"),
    "risk_adjusted_present_value": gettext_lazy("Risk-adjusted present value"),
}
EXAMPLE = Path(__file__).resolve().parent / "examples" / "oncology_phase2.json"


def example_model() -> dict:
    """The illustrative (fictitious) model shipped with the app, for trying the pages out."""
    return json.loads(EXAMPLE.read_text())


class ModelJsonForm(forms.Form):
    use_json = forms.BooleanField(
        label=gettext_lazy("Use the JSON model below instead of the form"), required=False
    )
    model = JsonField(
        label=gettext_lazy("Model (JSON, as POST /api/v1/valuation/rnpv takes it)"), required=False
    )
    paths = forms.IntegerField(
        label=gettext_lazy("Monte Carlo paths"), min_value=1, max_value=MAX_PATHS, required=False
    )
    seed = forms.IntegerField(label=gettext_lazy("Random seed"), min_value=0, required=False)


def _chart_labels() -> dict[str, str]:
    return {key: value["here"] for key, value in bilingual_labels(None).items()}


def _rnpv_charts(body: dict, currency: str) -> dict[str, str]:
    labels, drawn = _chart_labels(), {}
    drawn["cash_flows"] = charts.cash_flow_chart(body["result"]["rows"], currency, labels)
    if body.get("monte_carlo"):
        simulated = body["monte_carlo"]
        drawn["histogram"] = charts.histogram_chart(
            simulated["histogram"], simulated["deterministic"], currency, labels
        )
    if (body.get("tornado") or {}).get("rows"):
        drawn["tornado"] = charts.tornado_chart(
            body["tornado"]["rows"], body["tornado"]["base"], currency, labels
        )
    return drawn


def row_columns(rows: list[dict]) -> list[tuple[str, str]]:
    return [(key, str(label)) for key, label in ROW_COLUMNS.items() if rows and key in rows[0]]


def _calculator_input(form: RnpvForm, json_form: ModelJsonForm) -> tuple[dict | None, dict]:
    if not json_form.is_valid():
        if json_form.data.get(json_form.add_prefix("use_json")):
            form.skip_validation()
        return None, {}
    if json_form.cleaned_data["use_json"]:
        form.skip_validation()
        model = json_form.cleaned_data["model"]
        if not model:
            json_form.add_error("model", _("Give the model, or untick “Use the JSON model”."))
            return None, {}
        return model, {name: json_form.cleaned_data[name] for name in ("paths", "seed")}
    if not form.is_valid():
        return None, {}
    return form.model(), form.run_options()


def calculator(request):
    defaults = model_defaults()
    example = request.GET.get("example") == "1"
    initial = initial_from_model(example_model())[0] if example else initial_from_defaults(defaults)
    data = request.POST or None
    form = RnpvForm(data, defaults=defaults, initial=initial)
    json_form = ModelJsonForm(data, prefix="json", initial={"model": example_model() if example else None})
    body, model = None, None
    if request.method == "POST":
        model, options = _calculator_input(form, json_form)
        if model is not None:
            try:
                body = calculate_rnpv(model, max_paths=MAX_PATHS, tornado=True, **options)
            except PAGE_ERRORS as error:
                if json_form.cleaned_data["use_json"]:
                    json_form.add_error("model", error.detail)
                else:
                    form.add_error(form.field_for(error.field), error.detail)
    context = {
        "rnpv_form": form,
        "json_form": json_form,
        "body": body,
        "model_json": json.dumps(model, indent=2, ensure_ascii=False) if body else "",
        "charts": _rnpv_charts(body, body["result"]["currency"]) if body else {},
        "columns": row_columns(body["result"]["rows"]) if body else [],
        "has_errors": bool(form.errors or json_form.errors) if request.method == "POST" else False,
    }
    return render(request, "valuation/calculator.html", context)


class DealModelForm(forms.Form):
    model = JsonField(label=gettext_lazy("The asset's drug model (JSON)"))


def _deal_context(request, valuation: Valuation | None) -> dict:
    stored = ((valuation.inputs or {}).get("rnpv") or {}).get("model") if valuation else None
    sheet = ((valuation.inputs or {}).get("deal") or {}).get("term_sheet") if valuation else None
    data = request.POST or None
    return {
        "valuation": valuation,
        "stored_model": stored,
        "form": TermSheetForm(data, initial=initial_from_term_sheet(sheet or {})),
        "model_form": None if stored else DealModelForm(data, initial={"model": example_model()}),
        "can_save": valuation is not None
        and stored is not None
        and valuation.status == Valuation.Status.DRAFT
        and can_edit(request.user, valuation),
    }


def deal(request):
    valuation = None
    if request.GET.get("valuation", "").isdigit():
        valuation = get_object_or_404(
            Valuation.objects.visible_to(request.user).select_related("asset"),
            pk=int(request.GET["valuation"]),
        )
    context = _deal_context(request, valuation)
    form, model_form = context["form"], context["model_form"]
    if request.method == "POST" and form.is_valid() and (model_form is None or model_form.is_valid()):
        model = context["stored_model"] if model_form is None else model_form.cleaned_data["model"]
        try:
            body = calculate_deal(model, form.term_sheet(), valuation=valuation)
        except PAGE_ERRORS as error:
            _deal_error(error, form, model_form)
        else:
            if "save" in request.POST and context["can_save"]:
                return _save_deal(request, valuation, form.term_sheet())
            context["body"] = body
            context["columns"] = row_columns(body["result"]["rows"])
            context["chart"] = charts.cash_flow_chart(
                body["result"]["rows"], body["result"]["currency"], _chart_labels()
            )
    if request.method == "POST":
        context["has_errors"] = bool(form.errors or (model_form is not None and model_form.errors))
    return render(request, "valuation/deal.html", context)


def _deal_error(error: DomainError, form: TermSheetForm, model_form: DealModelForm | None) -> None:
    path = error.field or ""
    if path.startswith("deal.term_sheet") or path == "deal.milestones":
        form.add_error(form.field_for(path), error.detail)
    elif model_form is not None:
        model_form.add_error("model", error.detail)
    else:
        form.add_error(None, _("The valuation's drug model: %(error)s") % {"error": error.detail})


def _save_deal(request, valuation, sheet: dict):
    inputs = {**(valuation.inputs or {}), "deal": {"term_sheet": sheet}}
    methods = list(valuation.methods) + ([] if "deal" in valuation.methods else ["deal"])
    try:
        services.update_inputs(valuation=valuation, by=request.user, inputs=inputs, methods=methods)
    except PAGE_ERRORS as error:
        show(request, error)
        return redirect(f"{request.path}?valuation={valuation.pk}")
    messages.success(request, _("The term sheet is saved to the valuation."))
    return redirect("valuation:detail", pk=valuation.pk)
