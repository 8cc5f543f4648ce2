"""HTML input of subsidy applications and of the officer's decisions."""

from __future__ import annotations

from decimal import Decimal
from typing import Any, cast

from django import forms
from django.utils.translation import gettext_lazy as _

from accounts.models import AnyUser
from valuation.models import Valuation
from valuation.permissions import valuations_to_apply_for
from valuation.subsidy.models import SubsidyProgramme


class ValuationChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return f"{obj.asset.number or obj.asset.title[:60]} · v{obj.version} ({obj.get_status_display()})"


class ApplicationForm(forms.Form):
    programme = forms.ModelChoiceField(label=_("Programme"), queryset=SubsidyProgramme.objects.none())
    valuation = ValuationChoiceField(label=_("Valuation"), queryset=Valuation.objects.none())
    technology_field = forms.CharField(label=_("Technology field"), max_length=100)
    valuation_fee = forms.DecimalField(
        label=_("Valuation fee paid"), min_value=Decimal("0.01"), max_digits=14, decimal_places=2
    )

    def __init__(self, *args: Any, user: AnyUser, programmes: list[SubsidyProgramme], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        programme = cast(forms.ModelChoiceField, self.fields["programme"])
        programme.queryset = SubsidyProgramme.objects.filter(pk__in=[p.pk for p in programmes])
        valuation = cast(forms.ModelChoiceField, self.fields["valuation"])
        valuation.queryset = valuations_to_apply_for(user)
        fields = sorted({name for programme in programmes for name in programme.fields})
        if fields:
            self.fields["technology_field"] = forms.ChoiceField(
                label=_("Technology field"), choices=[("", "—")] + [(name, name) for name in fields]
            )
        if len(programmes) == 1:
            self.initial.setdefault("programme", programmes[0].pk)
        currencies = sorted({programme.currency for programme in programmes})
        if currencies:
            self.fields["valuation_fee"].help_text = _("In %(currency)s, as invoiced by the valuer.") % {
                "currency": " / ".join(currencies)
            }


class DecisionForm(forms.Form):
    decision = forms.ChoiceField(
        label=_("Decision"),
        choices=[("approve", _("Approve")), ("reject", _("Reject")), ("payout", _("Record the payout"))],
    )
    reason = forms.CharField(
        label=_("Reason (when rejecting)"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    reference = forms.CharField(label=_("Payment reference (payout)"), required=False, max_length=120)
    paid_on = forms.DateField(
        label=_("Paid on"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
