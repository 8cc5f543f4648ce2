"""The inputs page of a draft valuation: methods, the rNPV model form (or its JSON), the indicator scores,
the JSON of the other methods and the weights; "save" or "save and run"."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import get_language, gettext_lazy
from django.utils.translation import gettext as _

from core.errors import DomainError, NotFound
from core.pages import PAGE_ERRORS
from valuation import scoring, services
from valuation.defaults import model_defaults
from valuation.forms import STRUCTURED, IndicatorScoresForm, JsonField, MethodInputsForm
from valuation.models import Indicator, Valuation
from valuation.permissions import can_edit
from valuation.rnpv_form import RnpvForm, initial_from_defaults, initial_from_model


class RnpvJsonForm(forms.Form):
    use_json = forms.BooleanField(label=gettext_lazy("Edit the rNPV model as JSON"), required=False)
    model = JsonField(label=gettext_lazy("rNPV model (JSON)"), required=False)


def _rnpv_forms(request, valuation: Valuation) -> tuple[RnpvForm, RnpvJsonForm, list[str]]:
    defaults = model_defaults(valuation.asset, currency=valuation.currency)
    spec = (valuation.inputs or {}).get("rnpv") or {}
    stored = spec.get("model") if isinstance(spec.get("model"), dict) else None
    left_out: list[str] = []
    if stored is not None:
        initial, left_out = initial_from_model(stored, spec)
    else:
        initial = initial_from_defaults(defaults)
    data = request.POST or None
    rnpv_form = RnpvForm(data, prefix="rnpv", defaults=defaults, initial=initial)
    json_form = RnpvJsonForm(
        data, prefix="rnpvjson", initial={"use_json": bool(left_out), "model": stored or {}}
    )
    return rnpv_form, json_form, left_out


def _scores_form(request, valuation: Valuation) -> IndicatorScoresForm | None:
    try:
        indicator_set = scoring.default_set()
    except NotFound:  # no indicator set configured: the page goes without the scores
        return None
    indicators = list(
        Indicator.objects.filter(indicator_set=indicator_set)
        .exclude(input_kind=Indicator.InputKind.DERIVED)
        .order_by("position", "code")
    )
    measured = scoring.registry_inputs(valuation.asset, indicator_set, valuation.valuation_date)
    scores = ((valuation.inputs or {}).get("indicators") or {}).get("scores") or {}
    return IndicatorScoresForm(
        request.POST or None,
        prefix="ind",
        indicators=indicators,
        measured=measured,
        scores=scores,
        language=get_language(),
    )


def _rnpv_spec(rnpv_form: RnpvForm, json_form: RnpvJsonForm) -> dict | None:
    if json_form.cleaned_data.get("use_json"):
        model = json_form.cleaned_data.get("model")
        if not model:
            json_form.add_error("model", _("Give the model, or untick “Edit the rNPV model as JSON”."))
            return None
        return {"model": model}
    if not rnpv_form.is_valid():
        return None
    options = {name: value for name, value in rnpv_form.run_options().items() if value is not None}
    return {"model": rnpv_form.model(), **options}


def _collect(valuation, form, rnpv_form, json_form, scores_form) -> dict | None:
    """The new inputs, or None when a form has errors. Methods left unticked keep their stored inputs."""
    if not (form.is_valid() and json_form.is_valid()):
        return None
    methods = form.cleaned_data["methods"]
    inputs = dict(valuation.inputs or {})
    for method in methods:
        if method not in STRUCTURED:
            inputs[method] = form.inputs_for(method)
    if "rnpv" in methods:
        spec = _rnpv_spec(rnpv_form, json_form)
        if spec is None:
            return None
        inputs["rnpv"] = spec
    if "indicators" in methods and scores_form is not None:
        if not scores_form.is_valid():
            return None
        inputs["indicators"] = {"scores": scores_form.scores()}
    inputs.pop("weights", None)
    if weights := form.weights():
        inputs["weights"] = weights
    return inputs


def _show_error(error: DomainError, form, rnpv_form, json_form, scores_form) -> None:
    path = error.field or ""
    if path.startswith("rnpv.model") or path == "rnpv.paths":
        if json_form.cleaned_data.get("use_json"):
            json_form.add_error("model", error.detail)
            return
        if hasattr(rnpv_form, "cleaned_data"):
            rnpv_form.add_error(rnpv_form.field_for(path), error.detail)
            return
    if path.startswith("indicators") and scores_form is not None and hasattr(scores_form, "cleaned_data"):
        scores_form.add_error(None, error.detail)
        return
    form.add_error(form.field_for(path), error.detail)


def inputs_page(request, valuation: Valuation):
    if not can_edit(request.user, valuation):
        raise PermissionDenied(_("You may read this valuation but not change it."))
    if valuation.status == Valuation.Status.FINAL:
        messages.error(request, _("This valuation is final; create a new version to change it."))
        return redirect("valuation:detail", pk=valuation.pk)
    form = MethodInputsForm(request.POST or None, valuation=valuation)
    rnpv_form, json_form, left_out = _rnpv_forms(request, valuation)
    scores_form = _scores_form(request, valuation)
    if request.method == "POST" and "rnpv" not in request.POST.getlist("methods"):
        rnpv_form.skip_validation()
    if request.method == "POST":
        inputs = _collect(valuation, form, rnpv_form, json_form, scores_form)
        if inputs is not None and _save(request, valuation, inputs, form, rnpv_form, json_form, scores_form):
            return redirect("valuation:detail", pk=valuation.pk)
    context = {
        "valuation": valuation,
        "form": form,
        "rnpv_form": rnpv_form,
        "json_form": json_form,
        "scores_form": scores_form,
        "left_out": left_out,
        "chosen": request.POST.getlist("methods") if form.is_bound else valuation.methods,
        "today": timezone.localdate(),
        "has_errors": request.method == "POST"
        and any(f is not None and f.errors for f in (form, rnpv_form, json_form, scores_form)),
    }
    return render(request, "valuation/inputs.html", context)


def _save(request, valuation, inputs, form, rnpv_form, json_form, scores_form) -> bool:
    methods = form.cleaned_data["methods"]
    try:
        services.update_inputs(valuation=valuation, by=request.user, inputs=inputs, methods=methods)
    except PAGE_ERRORS as error:
        _show_error(error, form, rnpv_form, json_form, scores_form)
        return False
    if "run" not in request.POST:
        messages.success(request, _("Inputs saved."))
        return True
    try:
        services.run_valuation(valuation=valuation, by=request.user)
    except PAGE_ERRORS as error:
        messages.error(
            request, _("The inputs are saved, but the run stopped: %(error)s") % {"error": error.detail}
        )
        _show_error(error, form, rnpv_form, json_form, scores_form)
        return False
    messages.success(request, _("Inputs saved and the valuation run."))
    return True
