"""The rNPV model as an HTML form: its fields, the model dictionary it builds, and the way back.

The form checks types and ranges; the model's own parser (valuation.figures.load_drug_model) checks the
rest, and its errors are put back on the field they name.
"""

from __future__ import annotations

import datetime
from decimal import Decimal
from typing import Any, cast

from django import forms
from django.forms.utils import ErrorDict
from django.utils.translation import gettext_lazy as _

from core.money import CURRENCY_CHOICES
from valuation import figures
from valuation.defaults import OPERATOR_DEFAULTS, ModelDefaults
from valuation.methods.drug import CURRENT_PHASES, STAGES, TRANSITION

PHASE_LABELS = {
    "preclinical": _("Preclinical"),
    "phase1": _("Phase 1"),
    "phase2": _("Phase 2"),
    "phase3": _("Phase 3"),
    "filing": _("Filing"),
    "approved": _("Approved"),
}
COMMERCIAL = (
    "peak_sales",
    "ramp_up_years",
    "peak_years",
    "decline_rate",
    "loss_of_exclusivity_erosion",
    "post_exclusivity_years",
    "commercial_years",
    "cost_of_goods_rate",
    "selling_cost_rate",
    "tax_rate",
)
PLAIN_KEYS = (
    "currency",
    "discount_rate",
    "valuation_date",
    "current_phase",
    "indication_group",
    "expiry_date",
    "development_cost_factor",
    "launch_delay_years",
)
WHOLE_YEARS = ("ramp_up_years", "peak_years", "post_exclusivity_years", "commercial_years")
ZERO, ONE = Decimal(0), Decimal(1)


def _share(label, **options) -> forms.DecimalField:
    return forms.DecimalField(
        label=label, min_value=ZERO, max_value=ONE, max_digits=9, decimal_places=6, **options
    )


def _amount(label, **options) -> forms.DecimalField:
    return forms.DecimalField(label=label, min_value=ZERO, max_digits=20, decimal_places=2, **options)


def _years(label, **options) -> forms.DecimalField:
    return forms.DecimalField(label=label, min_value=ZERO, max_digits=6, decimal_places=2, **options)


class RnpvForm(forms.Form):
    """Every input of the drug-asset rNPV model; blank optional fields take the figures' defaults."""

    currency = forms.ChoiceField(label=_("Currency"), choices=CURRENCY_CHOICES, initial="USD")
    discount_rate = forms.DecimalField(
        label=_("Discount rate"),
        min_value=ZERO,
        max_value=Decimal("0.99"),
        max_digits=7,
        decimal_places=5,
        help_text=_("Yearly, as a share: 0.11 is 11 %."),
    )
    valuation_date = forms.DateField(
        label=_("Valuation date"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    current_phase = forms.ChoiceField(
        label=_("Current phase"), choices=[(phase, PHASE_LABELS[phase]) for phase in CURRENT_PHASES]
    )
    indication_group = forms.ChoiceField(
        label=_("Indication group"),
        required=False,
        help_text=_("Chooses the published phase-transition probabilities."),
    )
    expiry_date = forms.DateField(
        label=_("Loss of exclusivity"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    peak_sales = _amount(_("Peak sales per year"))
    ramp_up_years = forms.IntegerField(label=_("Years to reach peak"), min_value=0, max_value=50)
    peak_years = forms.IntegerField(label=_("Years at peak"), min_value=0, max_value=50, required=False)
    decline_rate = _share(_("Yearly decline after the peak"), required=False)
    loss_of_exclusivity_erosion = _share(_("Sales lost at loss of exclusivity"))
    post_exclusivity_years = forms.IntegerField(
        label=_("Years of sales after loss of exclusivity"), min_value=0, max_value=50, required=False
    )
    commercial_years = forms.IntegerField(
        label=_("Years of sales (instead of an expiry date)"), min_value=0, max_value=100, required=False
    )
    cost_of_goods_rate = _share(_("Cost of goods, share of sales"))
    selling_cost_rate = _share(_("Selling and marketing costs, share of sales"))
    tax_rate = _share(_("Tax rate"), required=False)
    development_cost_factor = forms.DecimalField(
        label=_("Development cost factor"), min_value=ZERO, max_digits=6, decimal_places=3, required=False
    )
    launch_delay_years = _years(_("Launch delay (years)"), required=False)
    peak_sales_low = _amount(_("Peak sales, low case"), required=False)
    peak_sales_high = _amount(_("Peak sales, high case"), required=False)
    cost_factor_sd = forms.DecimalField(
        label=_("Development cost factor, standard deviation"),
        min_value=ZERO,
        max_digits=6,
        decimal_places=3,
        required=False,
    )
    extra_delay_years = _years(_("Possible extra launch delay (years)"), required=False)
    paths = forms.IntegerField(
        label=_("Monte Carlo paths"),
        min_value=1,
        max_value=100_000,
        required=False,
        help_text=_("Leave blank for the deterministic rNPV only."),
    )
    seed = forms.IntegerField(label=_("Random seed"), min_value=0, required=False)

    def __init__(self, *args: Any, defaults: ModelDefaults | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.defaults = defaults or ModelDefaults()
        groups = figures.indication_groups()
        cast(forms.ChoiceField, self.fields["indication_group"]).choices = [
            ("", _("all indications (default)"))
        ] + [(group, group.replace("_", " ")) for group in groups]
        for stage in STAGES:
            label = PHASE_LABELS[stage]
            self.fields[f"{stage}_years"] = _years(
                _("%(phase)s: duration (years)") % {"phase": label}, required=False
            )
            self.fields[f"{stage}_cost"] = _amount(_("%(phase)s: cost") % {"phase": label}, required=False)
            transition = TRANSITION[stage]
            self.fields[f"p_{transition}"] = _share(
                _("%(phase)s: probability of success") % {"phase": label}, required=False
            )
        self._show_published_rates()
        if self.defaults.tax_rate is not None:
            self.fields["tax_rate"].widget.attrs["placeholder"] = self.defaults.tax_rate
            self.fields["tax_rate"].help_text = _("Blank: %(rate)s (%(source)s).") % {
                "rate": self.defaults.tax_rate,
                "source": self.defaults.sources.get("tax_rate", ""),
            }
        for name in ("current_phase", "indication_group"):
            if name in self.defaults.sources:
                self.fields[name].help_text = _("From the registry: %(found)s.") % {
                    "found": self.defaults.sources[name]
                }
        for name in OPERATOR_DEFAULTS:
            if name in self.defaults.sources:
                self.fields[name].help_text = _("Operator default (%(source)s).") % {
                    "source": self.defaults.sources[name]
                }
        if self.defaults.registry_expiry is not None:
            self.fields["expiry_date"].help_text = _(
                "Blank: the registry's computed expiry, %(date)s, which follows the registry when it changes."
            ) % {"date": self.defaults.registry_expiry.isoformat()}

    def _chosen(self, name: str) -> str:
        if self.is_bound:
            return str(self.data.get(self.add_prefix(name)) or "")
        return str(self.initial.get(name) or self.defaults.values.get(name) or "")

    def _show_published_rates(self) -> None:
        """The rates a blank probability takes, for the indication group chosen (or the default one)."""
        table = figures.phase_table(self._chosen("indication_group") or figures.DEFAULT_GROUP)
        self.phase_source = f"{table.group}: {table.source}" if table else ""
        for transition, rate in (table.rates if table else {}).items():
            if f"p_{transition}" in self.fields:
                self.fields[f"p_{transition}"].widget.attrs["placeholder"] = str(rate)

    def skip_validation(self) -> None:
        """Keep what was typed but check nothing: the method is not among the chosen ones, and its
        fields must not show errors for a model the valuer does not use."""
        self._errors = ErrorDict()
        self.cleaned_data = {}

    # -- groups of fields, for the template -------------------------------------------------------------

    def stage_rows(self) -> list[tuple[str, str, bool, forms.BoundField, forms.BoundField, forms.BoundField]]:
        current = self._chosen("current_phase")
        reached = CURRENT_PHASES.index(current) if current in CURRENT_PHASES else 0
        return [
            (
                stage,
                str(PHASE_LABELS[stage]),
                CURRENT_PHASES.index(stage) < reached,
                self[f"{stage}_years"],
                self[f"{stage}_cost"],
                self[f"p_{TRANSITION[stage]}"],
            )
            for stage in STAGES
        ]

    def general_fields(self) -> list[forms.BoundField]:
        return [
            self[n]
            for n in ("currency", "discount_rate", "valuation_date", "current_phase", "indication_group")
        ]

    def sales_fields(self) -> list[forms.BoundField]:
        return [self[n] for n in ("peak_sales", "expiry_date", *COMMERCIAL[1:])]

    def uncertainty_fields(self) -> list[forms.BoundField]:
        names = ("development_cost_factor", "launch_delay_years", "peak_sales_low", "peak_sales_high")
        return [self[n] for n in (*names, "cost_factor_sd", "extra_delay_years", "paths", "seed")]

    # -- form → model ----------------------------------------------------------------------------------

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        current = data.get("current_phase")
        if current in STAGES:
            for stage in STAGES[STAGES.index(current) :]:
                for suffix in ("years", "cost"):
                    if data.get(f"{stage}_{suffix}") is None and f"{stage}_{suffix}" not in self.errors:
                        self.add_error(
                            f"{stage}_{suffix}",
                            _("Needed: the drug still has to go through %(phase)s.")
                            % {"phase": PHASE_LABELS[stage]},
                        )
        given = [data.get(name) is not None for name in ("peak_sales_low", "peak_sales_high")]
        if any(given) and not all(given):
            self.add_error("peak_sales_high", _("Give both the low and the high case, or neither."))
        return data

    def model(self) -> dict:
        """The model dictionary of a valid form, as the API and the command take it."""
        data = self.cleaned_data
        model: dict[str, Any] = {
            "currency": data["currency"],
            "discount_rate": _text(data["discount_rate"]),
            "current_phase": data["current_phase"],
            "development": [
                {
                    "phase": stage,
                    "duration_years": _text(data[f"{stage}_years"]),
                    "cost": _text(data[f"{stage}_cost"]),
                }
                for stage in _remaining(data["current_phase"])
            ],
            "commercial": {
                name: data[name] if name in WHOLE_YEARS else _text(data[name])
                for name in COMMERCIAL
                if data.get(name) is not None
            },
        }
        for name in ("valuation_date", "expiry_date"):
            if data.get(name):
                model[name] = data[name].isoformat()
        if data.get("indication_group"):
            model["indication_group"] = data["indication_group"]
        overrides = {
            TRANSITION[stage]: _text(data[f"p_{TRANSITION[stage]}"])
            for stage in _remaining(data["current_phase"])
            if data.get(f"p_{TRANSITION[stage]}") is not None
        }
        if overrides:
            model["phase_probabilities"] = overrides
        for name in ("development_cost_factor", "launch_delay_years"):
            if data.get(name) is not None:
                model[name] = _text(data[name])
        uncertainty = _uncertainty(data)
        if uncertainty:
            model["uncertainty"] = uncertainty
        return model

    def run_options(self) -> dict:
        return {name: self.cleaned_data.get(name) for name in ("paths", "seed")}

    def field_for(self, path: str | None) -> str | None:
        """The form field an error of the model parser names (None: the form as a whole)."""
        if not path:
            return None
        path = (
            path.removeprefix("rnpv.model.")
            .removeprefix("rnpv.")
            .removeprefix("commercial.")
            .removeprefix("phase_probabilities.")
        )
        if path.startswith("development["):
            index = int(path[len("development[") : path.index("]")])
            stages = _remaining(self.cleaned_data.get("current_phase", ""))
            suffix = "cost" if path.endswith(".cost") else "years"
            return f"{stages[index]}_{suffix}" if index < len(stages) else None
        uncertain = {
            "uncertainty.peak_sales": "peak_sales_high",
            "uncertainty.development_cost_factor": "cost_factor_sd",
            "uncertainty.launch_delay_years": "extra_delay_years",
        }
        for prefix, name in uncertain.items():
            if path.startswith(prefix):
                return name
        if path in TRANSITION.values():
            return f"p_{path}"
        return path if path in self.fields else None


def _remaining(current: str) -> tuple[str, ...]:
    return STAGES[STAGES.index(current) :] if current in STAGES else ()


def _text(value: Decimal | None) -> str | None:
    return None if value is None else format(value.normalize(), "f")


def _uncertainty(data: dict) -> dict:
    uncertainty: dict[str, dict] = {}
    if data.get("peak_sales_low") is not None and data.get("peak_sales_high") is not None:
        uncertainty["peak_sales"] = {
            "distribution": "triangular",
            "low": _text(data["peak_sales_low"]),
            "mode": _text(data["peak_sales"]),
            "high": _text(data["peak_sales_high"]),
        }
    if data.get("cost_factor_sd"):
        uncertainty["development_cost_factor"] = {
            "distribution": "normal",
            "mean": _text(data.get("development_cost_factor") or ONE),
            "sd": _text(data["cost_factor_sd"]),
        }
    if data.get("extra_delay_years"):
        base = data.get("launch_delay_years") or ZERO
        uncertainty["launch_delay_years"] = {
            "distribution": "triangular",
            "low": _text(base),
            "mode": _text(base),
            "high": _text(base + data["extra_delay_years"]),
        }
    return uncertainty


# -- model → form ----------------------------------------------------------------------------------------


def initial_from_model(model: dict, options: dict | None = None) -> tuple[dict, list[str]]:
    """Form values for a stored model, and the parts of it the form cannot show (edit those as JSON)."""
    initial: dict[str, Any] = {}
    left_out: list[str] = []
    for key, value in model.items():
        if key in PLAIN_KEYS:
            initial[key] = value
        elif key == "development":
            for stage in value if isinstance(value, list) else []:
                if isinstance(stage, dict) and stage.get("phase") in STAGES:
                    initial[f"{stage['phase']}_years"] = stage.get("duration_years")
                    initial[f"{stage['phase']}_cost"] = stage.get("cost")
        elif key == "phase_probabilities" and isinstance(value, dict):
            initial.update({f"p_{name}": rate for name, rate in value.items()})
        elif key == "commercial" and isinstance(value, dict):
            initial.update({name: item for name, item in value.items() if name in COMMERCIAL})
            left_out += [f"commercial.{name}" for name in value if name not in COMMERCIAL]
        elif key == "uncertainty" and isinstance(value, dict):
            left_out += _initial_uncertainty(value, initial)
        elif not key.startswith("_"):
            left_out.append(key)
    initial.update({name: item for name, item in (options or {}).items() if name in ("paths", "seed")})
    return initial, left_out


def _initial_uncertainty(spec: dict, initial: dict) -> list[str]:
    left_out = []
    for name, item in spec.items():
        kind = item.get("distribution") if isinstance(item, dict) else None
        if name == "peak_sales" and kind == "triangular":
            initial["peak_sales_low"], initial["peak_sales_high"] = item.get("low"), item.get("high")
        elif name == "development_cost_factor" and kind == "normal":
            initial["cost_factor_sd"] = item.get("sd")
        elif name == "launch_delay_years" and kind == "triangular" and item.get("low") == item.get("mode"):
            initial["extra_delay_years"] = Decimal(str(item.get("high"))) - Decimal(str(item.get("low")))
        else:
            left_out.append(f"uncertainty.{name}")
    return left_out


def initial_from_defaults(defaults: ModelDefaults) -> dict:
    initial = dict(defaults.values)
    if isinstance(initial.get("valuation_date"), datetime.date):
        initial["valuation_date"] = initial["valuation_date"].isoformat()
    return initial
