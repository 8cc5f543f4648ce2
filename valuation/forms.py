"""HTML input of valuation records: the new-valuation form, method inputs as JSON, weights, sharing."""

from __future__ import annotations

import json
from decimal import Decimal
from typing import Any, cast

from django import forms
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from accounts.models import AnyUser, Organisation
from assets.models import Asset
from core.access import CHANGE, is_staff
from core.json_input import parse_json
from core.money import CURRENCY_CHOICES
from core.validators import plausible_date
from valuation.models import Scenario, Valuation
from valuation.permissions import organisations_acting_for

ASSET_CHOICES_SHOWN = 300
# Methods with their own structured form; the others are edited as JSON.
STRUCTURED = ("rnpv", "deal", "indicators")


def assets_to_value(user: AnyUser) -> Any:
    """Assets the user may start a valuation of: their organisations' own, and the ones whose valuation
    was shared with them (valued then as the valuer organisation)."""
    if is_staff(user):
        return Asset.objects.restrict(user)
    shared = Valuation.objects.visible_to(user).values("asset_id")
    return Asset.objects.visible_to(user).filter(
        Q(pk__in=Asset.objects.restrict(user, CHANGE).values("pk")) | Q(pk__in=shared)
    )


class ValuationForm(forms.Form):
    asset = forms.TypedChoiceField(label=_("Asset"), coerce=int)
    valuer = forms.ModelChoiceField(
        label=_("Valuer organisation"),
        queryset=Organisation.objects.none(),
        required=False,
        help_text=_("Leave blank when the owner values its own asset."),
    )
    purpose = forms.ChoiceField(label=_("Purpose"), choices=Scenario.choices)
    methods = forms.MultipleChoiceField(
        label=_("Methods"), choices=Valuation.Method.choices, widget=forms.CheckboxSelectMultiple
    )
    currency = forms.ChoiceField(label=_("Currency"), choices=CURRENCY_CHOICES, initial="USD")
    valuation_date = forms.DateField(
        label=_("Valuation date"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
        help_text=_("Blank: today."),
        validators=[plausible_date],
    )
    alert_threshold = forms.DecimalField(
        label=_("Alert threshold"),
        required=False,
        min_value=Decimal("0.00001"),
        max_value=Decimal(1),
        max_digits=7,
        decimal_places=5,
        help_text=_(
            "Tell the owner (and any pledgee) when a revaluation moves the value by more than this "
            "share, e.g. 0.1."
        ),
    )

    def __init__(self, *args: Any, user: AnyUser, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.user = user
        self.eligible = assets_to_value(user)
        chosen = self.data.get("asset") or self.initial.get("asset")
        shown = list(self.eligible.order_by("-id")[:ASSET_CHOICES_SHOWN])
        if chosen and str(chosen).isdigit() and all(asset.pk != int(chosen) for asset in shown):
            shown += list(self.eligible.filter(pk=int(chosen)))
        cast(forms.ChoiceField, self.fields["asset"]).choices = [("", "—")] + [
            (a.pk, f"{a.number or '—'} · {a.title[:80]}") for a in shown
        ]
        cast(forms.ModelChoiceField, self.fields["valuer"]).queryset = organisations_acting_for(user)

    def clean_asset(self) -> Asset:
        asset = self.eligible.filter(pk=self.cleaned_data["asset"]).first()
        if asset is None:
            raise forms.ValidationError(_("Choose one of the assets listed."))
        return asset


class JsonField(forms.CharField):
    """A JSON object typed into a text area; numbers should be written as strings ("0.11")."""

    widget = forms.Textarea(attrs={"rows": 10, "spellcheck": "false", "class": "code"})

    def to_python(self, value: Any) -> Any:
        text = super().to_python(value)
        if not text:
            return None
        try:
            data = parse_json(text)
        except json.JSONDecodeError as error:
            raise forms.ValidationError(
                _("This is not valid JSON (line %(line)s, column %(column)s): %(message)s"),
                params={"line": error.lineno, "column": error.colno, "message": error.msg},
            ) from None
        except ValueError as error:
            raise forms.ValidationError(
                _("This is not valid JSON: %(message)s"), params={"message": error}
            ) from None
        if not isinstance(data, dict):
            raise forms.ValidationError(_("Give a JSON object: {…}."))
        return data

    def prepare_value(self, value: Any) -> Any:
        if isinstance(value, dict):
            return json.dumps(value, indent=2, ensure_ascii=False)
        return value


def skeleton(method: str, currency: str) -> dict:
    """The shape of a method's inputs with the amounts left for the valuer (see docs/valuation.md)."""
    rows = [{"year": 1, "amount": ""}, {"year": 2, "amount": ""}]
    shapes: dict[str, dict] = {
        "rnpv_simple": {"discount_rate": "", "cash_flows": [{"year": 0, "amount": "", "probability": "1"}]},
        "relief_from_royalty": {
            "discount_rate": "",
            "tax_rate": "",
            "stage": "preclinical",
            "revenues": rows,
        },
        "dcf_contribution": {
            "discount_rate": "",
            "contribution_ratio": {"low": "", "point": "", "high": ""},
            "cash_flows": rows,
        },
        "market": {
            "comparables": [{"name": "", "value": "", "currency": currency, "adjustments": []}],
        },
        "cost": {"cost_items": [{"description": "", "amount": ""}], "obsolescence": {}},
    }
    return {"currency": currency, **shapes.get(method, {})}


class MethodInputsForm(forms.Form):
    """The methods of a draft, the JSON of the methods without a form of their own, and the weights."""

    methods = forms.MultipleChoiceField(
        label=_("Methods"), choices=Valuation.Method.choices, widget=forms.CheckboxSelectMultiple
    )

    def __init__(self, *args: Any, valuation: Valuation, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.valuation = valuation
        inputs = valuation.inputs or {}
        self.initial.setdefault("methods", valuation.methods)
        for method, label in Valuation.Method.choices:
            if method not in STRUCTURED:
                self.fields[f"json_{method}"] = JsonField(label=label, required=False)
                self.initial.setdefault(
                    f"json_{method}", inputs.get(method) or skeleton(method, valuation.currency)
                )
            self.fields[f"weight_{method}"] = forms.DecimalField(
                label=_("Weight of %(method)s") % {"method": label},
                required=False,
                min_value=Decimal(0),
                max_digits=6,
                decimal_places=3,
            )
            weight = (inputs.get("weights") or {}).get(method)
            if weight is not None:
                self.initial.setdefault(f"weight_{method}", weight)

    def json_fields(self) -> list[tuple[str, forms.BoundField]]:
        return [
            (name, self[f"json_{name}"])
            for name, _label in Valuation.Method.choices
            if name not in STRUCTURED
        ]

    def weight_fields(self) -> list[forms.BoundField]:
        return [self[f"weight_{name}"] for name, _label in Valuation.Method.choices]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        for method in data.get("methods") or []:
            if method not in STRUCTURED and not data.get(f"json_{method}"):
                self.add_error(f"json_{method}", _("Give the inputs of this method, or untick it."))
        return data

    def inputs_for(self, method: str) -> dict | None:
        return self.cleaned_data.get(f"json_{method}")

    def weights(self) -> dict[str, str]:
        return {
            method: format(self.cleaned_data[f"weight_{method}"], "f")
            for method, _label in Valuation.Method.choices
            if self.cleaned_data.get(f"weight_{method}") is not None
        }

    def field_for(self, path: str | None) -> str | None:
        """The text area of the method an error names (inputs.market… or weights.market)."""
        if not path:
            return None
        head = path.removeprefix("inputs.").split(".")[0].split("[")[0]
        if path.startswith("weights."):
            return f"weight_{path.split('.')[1]}" if f"weight_{path.split('.')[1]}" in self.fields else None
        return f"json_{head}" if f"json_{head}" in self.fields else None


class IndicatorScoresForm(forms.Form):
    """Expert scores (0–100) of the third-level GB/T 42748-2023 indicators; blank = the registry measure."""

    def __init__(
        self,
        *args: Any,
        indicators: list,
        measured: dict[str, tuple],
        scores: dict,
        language: str = "en",
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.rows = []
        for indicator in indicators:
            name = f"score_{indicator.code}"
            self.fields[name] = forms.DecimalField(
                label=f"{indicator.code} {indicator.localized_name(language)}",
                required=False,
                min_value=Decimal(0),
                max_value=Decimal(100),
                max_digits=6,
                decimal_places=2,
            )
            measure = measured.get(indicator.code)
            if measure is not None:
                self.fields[name].widget.attrs["placeholder"] = str(measure[0])
            if indicator.code in scores:
                self.initial.setdefault(name, scores[indicator.code])
            self.rows.append((indicator, self[name], measure))

    def scores(self) -> dict[str, str]:
        return {
            name.removeprefix("score_"): format(value, "f")
            for name, value in self.cleaned_data.items()
            if value is not None
        }


class ShareForm(forms.Form):
    organisation = forms.ModelChoiceField(label=_("Share with"), queryset=Organisation.objects.none())

    def __init__(self, *args: Any, user: AnyUser, valuation: Valuation, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        shared = valuation.shares.values("organisation_id")
        cast(forms.ModelChoiceField, self.fields["organisation"]).queryset = (
            Organisation.objects.visible_to(user)
            .filter(status=Organisation.Status.APPROVED)
            .exclude(pk=valuation.asset.owner_id)
            .exclude(pk__in=shared)
            .order_by("name")
        )
