"""HTML forms of the marketplace; the services check the rules again, forms only shape the input."""

import json

from django import forms
from django.utils.translation import gettext_lazy as _

from accounts.models import Organisation
from assets.models import Asset, BiomedicalProfile, Indication
from core.forms import BoundedModelMultipleChoiceField, field_of
from listings import needs
from listings.choices import DealType
from listings.models import Listing, Need, Subscription


class CommaListField(forms.CharField):
    """A list typed as comma-separated words (territories, fields of use)."""

    def prepare_value(self, value):
        return ", ".join(value) if isinstance(value, list) else value

    def to_python(self, value):
        text = super().to_python(value) or ""
        return [part.strip() for part in text.replace("，", ",").split(",") if part.strip()]


class TerritoryPicker(forms.TextInput):
    """A comma-separated territory field with a button per named territory (static/js/pickers.js)."""

    def get_context(self, name, value, attrs):
        from listings.territories import LABELS, WORLDWIDE

        picks = [[code, str(label)] for code, label in LABELS.items() if code != WORLDWIDE]
        attrs = {**(attrs or {}), "data-picks": json.dumps(picks, ensure_ascii=False)}
        return super().get_context(name, value, attrs)


class ListingForm(forms.ModelForm):
    assets = BoundedModelMultipleChoiceField(
        label=_("Assets offered"),
        queryset=Asset.objects.none(),
        help_text=_("The main asset and what goes with it: its know-how package or a portfolio."),
    )
    main_asset = forms.ModelChoiceField(
        label=_("Main asset"),
        queryset=Asset.objects.none(),
        required=False,
        help_text=_("One of the assets offered, shown first; the first of them when left empty."),
    )
    territories = CommaListField(
        label=_("Territories"),
        required=False,
        help_text=_("Country codes or ASEAN, GCC, BRI, EU, GBA, separated by commas; empty for worldwide."),
        widget=TerritoryPicker,
    )
    fields_of_use = CommaListField(
        label=_("Fields of use"), required=False, help_text=_("Separated by commas.")
    )
    translation_language = forms.ChoiceField(
        label=_("Translation"),
        required=False,
        choices=[("", "—"), ("en", "English"), ("zh-hant", "繁體中文"), ("zh-hans", "简体中文")],
        help_text=_(
            "The headline and teaser in a language other than the original, so that more buyers read it."
        ),
    )
    translation_title = forms.CharField(label=_("Headline in that language"), required=False, max_length=300)
    translation_summary = forms.CharField(
        label=_("Teaser in that language"), required=False, widget=forms.Textarea(attrs={"rows": 4})
    )

    class Meta:
        model = Listing
        fields = [
            "title",
            "summary",
            "confidential_details",
            "deal_type",
            "corridor",
            "territories",
            "fields_of_use",
            "currency",
            "upfront_min",
            "upfront_max",
            "royalty_min",
            "royalty_max",
            "open_fee",
            "open_royalty_rate",
            "open_payment_method",
            "open_terms",
            "evaluation_report_reference",
            "expires_on",
        ]
        widgets = {
            "summary": forms.Textarea(attrs={"rows": 4}),
            "confidential_details": forms.Textarea(attrs={"rows": 4}),
            "open_terms": forms.Textarea(attrs={"rows": 3}),
            "expires_on": forms.DateInput(attrs={"type": "date"}),
        }

    def __init__(self, *args, organisation=None, **kwargs):
        super().__init__(*args, **kwargs)
        owned = Asset.objects.filter(owner=organisation).order_by("number", "title")
        field_of(self, "assets", forms.ModelChoiceField).queryset = owned
        field_of(self, "main_asset", forms.ModelChoiceField).queryset = owned
        if self.instance.pk:
            self.fields["assets"].initial = [item.asset_id for item in self.instance.items.all()]
            self.fields["main_asset"].initial = self.instance.main_asset_id
            if existing := self.instance.translations.order_by("pk").first():
                self.initial.setdefault("translation_language", existing.language_code)
                self.initial.setdefault("translation_title", existing.title)
                self.initial.setdefault("translation_summary", existing.summary)

    def translations(self) -> list[dict[str, str]]:
        """The translation typed in, when the owner gave one."""
        data = self.cleaned_data
        if not data.get("translation_language") or not data.get("translation_title"):
            return []
        return [
            {
                "language_code": data["translation_language"],
                "title": data["translation_title"],
                "summary": data.get("translation_summary", ""),
            }
        ]

    def clean(self):
        cleaned = super().clean() or {}
        main, assets = cleaned.get("main_asset"), cleaned.get("assets")
        if main is not None and assets is not None and main not in assets:
            self.add_error("main_asset", _("The main asset must be one of the assets offered."))
        return cleaned

    # The form in steps; a step's class shows it only for the deal types that need it (site.css).
    STEPS = [
        (_("What you offer"), ["assets", "main_asset", "title", "summary", "confidential_details"], ""),
        (
            _("The deal"),
            ["deal_type", "corridor", "territories", "fields_of_use", "currency", "expires_on"],
            "",
        ),
        (
            _("Indicative terms"),
            ["upfront_min", "upfront_max", "royalty_min", "royalty_max"],
            "not-open-licence",
        ),
        (
            _("Open licence terms"),
            [
                "open_fee",
                "open_royalty_rate",
                "open_payment_method",
                "open_terms",
                "evaluation_report_reference",
            ],
            "only-open-licence",
        ),
        (_("In another language"), ["translation_language", "translation_title", "translation_summary"], ""),
    ]

    def steps(self) -> list[dict]:
        """Each step with its title, its bound fields and the class that shows it for its deal types."""
        return [
            {"title": title, "fields": [self[name] for name in names], "shown_for": shown_for}
            for title, names, shown_for in self.STEPS
        ]

    def service_fields(self) -> dict:
        return {name: self.cleaned_data[name] for name in self.Meta.fields}


def _translation_language() -> forms.ChoiceField:
    return forms.ChoiceField(
        label=_("Translation"),
        required=False,
        choices=[("", "—"), ("en", "English"), ("zh-hant", "繁體中文"), ("zh-hans", "简体中文")],
        help_text=_(
            "The title and description in a language other than the original, so that more sellers read it."
        ),
    )


class NeedForm(forms.ModelForm):
    modalities = forms.MultipleChoiceField(
        label=_("Modalities"),
        required=False,
        choices=BiomedicalProfile.Modality.choices,
        widget=forms.CheckboxSelectMultiple,
    )
    indications = forms.MultipleChoiceField(
        label=_("Indications"),
        required=False,
        choices=[],
        widget=forms.SelectMultiple(attrs={"size": 8, "data-searchable": _("Find an indication")}),
    )
    deal_types = forms.MultipleChoiceField(
        label=_("Deal types"), required=False, choices=DealType.choices, widget=forms.CheckboxSelectMultiple
    )
    territories = CommaListField(
        label=_("Territories"),
        required=False,
        help_text=_("Country codes or ASEAN, GCC, BRI, EU, GBA."),
        widget=TerritoryPicker,
    )
    phase_min = forms.TypedChoiceField(
        label=_("Earliest phase"),
        required=False,
        coerce=int,
        empty_value=None,
        choices=[("", "—"), *BiomedicalProfile.Phase.choices],
    )
    phase_max = forms.TypedChoiceField(
        label=_("Latest phase"),
        required=False,
        coerce=int,
        empty_value=None,
        choices=[("", "—"), *BiomedicalProfile.Phase.choices],
    )

    translation_language = _translation_language()
    translation_title = forms.CharField(label=_("Title in that language"), required=False, max_length=300)
    translation_text = forms.CharField(
        label=_("Description in that language"), required=False, widget=forms.Textarea(attrs={"rows": 4})
    )

    class Meta:
        model = Need
        fields = list(needs.FIELDS)
        widgets = {"text": forms.Textarea(attrs={"rows": 6})}

    def __init__(self, *args, language: str = "en", **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields["indications"]
        assert isinstance(field, forms.MultipleChoiceField)
        field.choices = [(i.code, i.localized_name(language)) for i in Indication.objects.order_by("name_en")]
        if self.instance.pk and (existing := self.instance.translations.order_by("pk").first()):
            self.initial.setdefault("translation_language", existing.language_code)
            self.initial.setdefault("translation_title", existing.title)
            self.initial.setdefault("translation_text", existing.text)

    def service_fields(self) -> dict:
        fields = {name: self.cleaned_data[name] for name in self.Meta.fields}
        data = self.cleaned_data
        if data.get("translation_language") and data.get("translation_title"):
            translation = {name: data.get(f"translation_{name}", "") for name in ("title", "text")}
            fields["translations"] = [{"language_code": data["translation_language"], **translation}]
        return fields


class InterestForm(forms.Form):
    organisation = forms.ModelChoiceField(
        label=_("On behalf of"), queryset=Organisation.objects.none(), empty_label=None
    )
    message = forms.CharField(
        label=_("Message to the seller"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )

    def __init__(self, *args, organisations=None, **kwargs):
        super().__init__(*args, **kwargs)
        field_of(self, "organisation", forms.ModelChoiceField).queryset = organisations


class OpenLicenceForm(forms.Form):
    organisation = forms.ModelChoiceField(
        label=_("Licensee"), queryset=Organisation.objects.none(), empty_label=None
    )
    payment_reference = forms.CharField(label=_("Payment reference"), max_length=120)
    accept_terms = forms.BooleanField(label=_("We notify the patentee and accept the declared terms."))

    def __init__(self, *args, organisations=None, **kwargs):
        super().__init__(*args, **kwargs)
        field_of(self, "organisation", forms.ModelChoiceField).queryset = organisations


class ConsentForm(forms.Form):
    encumbrance = forms.IntegerField(widget=forms.HiddenInput)
    reference = forms.CharField(label=_("Reference of the signed consent"), required=False, max_length=200)


class DecisionForm(forms.Form):
    note = forms.CharField(label=_("Note"), required=False, widget=forms.Textarea(attrs={"rows": 2}))


class RejectForm(forms.Form):
    reason = forms.CharField(label=_("Reason"), widget=forms.Textarea(attrs={"rows": 3}))


class CloseForm(forms.Form):
    outcome = forms.ChoiceField(
        label=_("Outcome"),
        choices=[
            (Listing.Outcome.DEAL, _("Deal done")),
            (Listing.Outcome.WITHDRAWN, _("Withdraw the listing")),
        ],
    )
    note = forms.CharField(label=_("Note"), required=False, widget=forms.Textarea(attrs={"rows": 2}))


class SubscriptionForm(forms.Form):
    kind = forms.ChoiceField(label=_("What"), choices=Subscription.Kind.choices)
    need = forms.ModelChoiceField(label=_("Need"), queryset=Need.objects.none(), required=False)
    q = forms.CharField(label=_("Search words"), required=False, max_length=200)
    deal_type = forms.ChoiceField(
        label=_("Deal type"), required=False, choices=[("", "—"), *DealType.choices]
    )
    territory = forms.CharField(label=_("Territory"), required=False, max_length=10)
    frequency = forms.ChoiceField(label=_("E-mail"), choices=Subscription.Frequency.choices)

    def __init__(self, *args, needs=None, **kwargs):
        super().__init__(*args, **kwargs)
        field_of(self, "need", forms.ModelChoiceField).queryset = needs
