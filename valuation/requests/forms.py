from typing import cast

from django import forms
from django.utils.translation import gettext_lazy as _

from accounts.models import AnyUser
from assets.models import Asset
from core.formatting import format_money
from valuation.models import Scenario
from valuation.permissions import organisations_acting_for
from valuation.requests.models import ValuerService


class ServiceChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj) -> str:
        fee = format_money(obj.fee_amount, obj.fee_currency)
        return f"{obj.organisation.name} · {obj.title} · {fee}"


class RequestForm(forms.Form):
    """An owner asks a valuer, chosen from the published services with their fees, to value an asset."""

    asset = forms.ModelChoiceField(label=_("Asset"), queryset=Asset.objects.none())
    service = ServiceChoiceField(label=_("Valuer and service"), queryset=ValuerService.objects.none())
    purpose = forms.ChoiceField(label=_("Purpose"), choices=Scenario.choices, initial="licensing")
    message = forms.CharField(label=_("Message to the valuer"), widget=forms.Textarea, required=False)

    def __init__(self, *args, user: AnyUser, **kwargs):
        super().__init__(*args, **kwargs)
        own = organisations_acting_for(user)
        assets = Asset.objects.visible_to(user).filter(owner__in=own).order_by("title")
        cast(forms.ModelChoiceField, self.fields["asset"]).queryset = assets
        services = ValuerService.objects.offered().exclude(organisation__in=own)
        cast(forms.ModelChoiceField, self.fields["service"]).queryset = services


class AnswerForm(forms.Form):
    note = forms.CharField(label=_("Note"), required=False, max_length=2000)
