"""HTML input for certification; the rules themselves are checked again by the services."""

import datetime
from typing import cast

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.models import Organisation
from certification.models import CertificationService, Claim
from core.json_input import parse_json


class ServiceForm(forms.ModelForm):
    class Meta:
        model = CertificationService
        fields = [
            "claim",
            "fee_amount",
            "fee_currency",
            "description",
            "turnaround_days",
            "validity_days",
            "reminder_days",
            "active",
        ]
        widgets = {"description": forms.Textarea(attrs={"rows": 3})}

    def validate_unique(self):
        # One service per claim: saving a claim that exists changes it (see services.save_service).
        pass


def certifiers_offering() -> "forms.ModelChoiceField":
    # The public catalogue: what an anonymous visitor sees is what everyone may choose from.
    offering = CertificationService.objects.visible_to(None).values("certifier")
    queryset = (
        Organisation.objects.visible_to(None)
        .filter(kind=Organisation.Kind.CERTIFIER, pk__in=offering)
        .order_by("name")
    )
    return forms.ModelChoiceField(queryset=queryset, label=_("Certifier"), to_field_name="slug")


class RequestForm(forms.Form):
    certifier = forms.ModelChoiceField(queryset=Organisation.objects.none(), label=_("Certifier"))
    claims = forms.MultipleChoiceField(
        choices=Claim.choices, widget=forms.CheckboxSelectMultiple, label=_("Claims to certify")
    )
    message = forms.CharField(
        label=_("Message to the certifier"),
        required=False,
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def __init__(self, *args, not_ready: dict[str, str] | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["certifier"] = certifiers_offering()
        # Only the claims the asset can pass are offered; the page says why not for the others.
        claims = cast(forms.ChoiceField, self.fields["claims"])
        claims.choices = [
            (value, label) for value, label in Claim.choices if not (not_ready or {}).get(value)
        ]


class EvidenceForm(forms.Form):
    description = forms.CharField(label=_("Description"), required=False, max_length=500)
    file = forms.FileField(label=_("Document"), required=False)
    trial = forms.CharField(
        label=_("Trial registry id"), required=False, max_length=40, help_text=_("e.g. NCT01234567")
    )
    url = forms.CharField(label=_("Link"), required=False, max_length=200)


class DecisionForm(forms.Form):
    decision = forms.ChoiceField(
        choices=[("grant", _("Grant and sign")), ("refuse", _("Refuse"))],
        widget=forms.RadioSelect,
        label=_("Decision"),
    )
    reasons = forms.CharField(label=_("Reasons"), max_length=5000, widget=forms.Textarea(attrs={"rows": 3}))
    sources = forms.CharField(
        label=_("Sources"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("One per line: publications, registry records, links. Needed for class claims."),
    )
    scope_note = forms.CharField(label=_("Scope, further limited"), required=False, max_length=1000)
    valid_until = forms.DateField(
        label=_("Valid until"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
        help_text=_("Leave empty for the service's period (never beyond the right's expiry)."),
    )

    def source_list(self) -> list[str]:
        return [line.strip() for line in self.cleaned_data.get("sources", "").splitlines() if line.strip()]

    def valid_until_moment(self) -> datetime.datetime | None:
        day = self.cleaned_data.get("valid_until")
        if day is None:
            return None
        return datetime.datetime.combine(day, datetime.time(), tzinfo=timezone.get_current_timezone())


class RevokeForm(forms.Form):
    reason = forms.CharField(label=_("Reason"), max_length=5000, widget=forms.Textarea(attrs={"rows": 2}))


class ConflictForm(forms.Form):
    organisation = forms.ModelChoiceField(
        # Every organisation the operator approved, with or without a public profile: a certifier must be able
        # to declare a conflict with any client or competitor on the platform (their names are shown to the
        # certifier's people only; pending and rejected organisations are not offered).
        queryset=Organisation.objects.filter(status=Organisation.Status.APPROVED).order_by("name"),
        label=_("Organisation"),
        to_field_name="slug",
        required=False,
    )
    asset_number = forms.CharField(label=_("or one asset, by number"), required=False, max_length=40)
    reason = forms.CharField(label=_("Reason"), max_length=5000, widget=forms.Textarea(attrs={"rows": 2}))


class VerifyForm(forms.Form):
    credential = forms.CharField(
        label=_("Credential (JSON)"),
        widget=forms.Textarea(attrs={"rows": 10, "spellcheck": "false"}),
        max_length=200_000,
    )

    def clean_credential(self):
        try:
            document = parse_json(self.cleaned_data["credential"])
        except ValueError:
            raise forms.ValidationError(_("This is not JSON.")) from None
        if not isinstance(document, dict):
            raise forms.ValidationError(_("A credential is a JSON object."))
        return document
