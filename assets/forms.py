from django import forms
from django.utils.translation import gettext_lazy as _

from assets.models import Asset, BiomedicalProfile, Indication
from assets.services import EDITABLE_FIELDS
from core.forms import BoundedModelMultipleChoiceField


class CodesField(forms.CharField):
    """A comma- or space-separated list of classification codes."""

    def to_python(self, value):
        text = super().to_python(value) or ""
        return [code.strip().upper() for code in text.replace(";", ",").split(",") if code.strip()]

    def prepare_value(self, value):
        return ", ".join(value) if isinstance(value, list) else value


class AssetForm(forms.ModelForm):
    cpc_codes = CodesField(label=_("CPC codes"), required=False, help_text=_("Separate codes with commas."))
    ipc_codes = CodesField(label=_("IPC codes"), required=False, help_text=_("Separate codes with commas."))

    class Meta:
        model = Asset
        # What a member edits, less the holder of record, which follows from the organisation and transfers.
        fields = [name for name in EDITABLE_FIELDS if name not in {"holder_name", "holder_country"}]
        widgets = {
            "application_date": forms.DateInput(attrs={"type": "date"}),
            "publication_date": forms.DateInput(attrs={"type": "date"}),
            "grant_date": forms.DateInput(attrs={"type": "date"}),
            "abstract": forms.Textarea(attrs={"rows": 5}),
            "confidential_notes": forms.Textarea(attrs={"rows": 3}),
            "know_how_description": forms.Textarea(attrs={"rows": 3}),
        }

    translation_language = forms.ChoiceField(
        label=_("Other language"),
        required=False,
        choices=[("", "—"), ("en", "English"), ("zh-hant", "繁體中文"), ("zh-hans", "简体中文")],
        help_text=_(
            "The title and abstract in a language other than the original, so that more readers find it."
        ),
    )
    translation_title = forms.CharField(label=_("Title in that language"), required=False, max_length=500)
    translation_abstract = forms.CharField(
        label=_("Abstract in that language"), required=False, widget=forms.Textarea(attrs={"rows": 4})
    )

    # The form in steps, so that a first-time owner meets a few fields at a time.
    STEPS = [
        (_("What it is"), ["kind", "jurisdiction", "number", "title", "abstract", "original_language"]),
        (
            _("Numbers, dates and status"),
            [
                "application_number",
                "application_date",
                "publication_number",
                "publication_date",
                "grant_number",
                "grant_date",
                "legal_status",
            ],
        ),
        (
            _("Classification and who sees it"),
            ["cpc_codes", "ipc_codes", "visibility", "confidential_notes", "know_how_description"],
        ),
        (_("In another language"), ["translation_language", "translation_title", "translation_abstract"]),
    ]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk and (existing := self.instance.translations.order_by("pk").first()):
            self.initial.setdefault("translation_language", existing.language_code)
            self.initial.setdefault("translation_title", existing.title)
            self.initial.setdefault("translation_abstract", existing.abstract)

    def translation(self) -> dict | None:
        """The translation typed in, when the owner gave one."""
        data = self.cleaned_data
        if not data.get("translation_language") or not data.get("translation_title"):
            return None
        return {
            "language_code": data["translation_language"],
            "title": data["translation_title"],
            "abstract": data.get("translation_abstract", ""),
        }

    def steps(self) -> list[dict]:
        return [{"title": title, "fields": [self[name] for name in names]} for title, names in self.STEPS]

    def clean_jurisdiction(self):
        value = self.cleaned_data["jurisdiction"].strip().upper()
        if not value.isalpha() or not 2 <= len(value) <= 4:
            raise forms.ValidationError(_("Use an office code such as CN, HK, US or EP."))
        return value


class ProfileForm(forms.ModelForm):
    targets = CodesField(label=_("Targets"), required=False, help_text=_("e.g. KRAS G12C, PD-1"))
    indications = BoundedModelMultipleChoiceField(
        label=_("Indication vocabulary"),
        queryset=Indication.objects.all(),
        required=False,
        widget=forms.SelectMultiple(attrs={"size": 8}),
    )

    class Meta:
        model = BiomedicalProfile
        fields = [
            "drug_name",
            "inn",
            "modality",
            "targets",
            "indications_text",
            "indications",
            "phase",
            "first_in_class_claim",
            "best_in_class_claim",
            "class_claim_rationale",
        ]
        widgets = {
            "indications_text": forms.Textarea(attrs={"rows": 2}),
            "class_claim_rationale": forms.Textarea(attrs={"rows": 2}),
        }

    def clean_targets(self):
        # Targets keep their own case (e.g. "HER2", "PD-L1"), unlike classification codes.
        return [t.strip() for t in (self.data.get(self.add_prefix("targets")) or "").split(",") if t.strip()]


class PortfolioUploadForm(forms.Form):
    file = forms.FileField(label=_("Portfolio CSV file"), help_text=_("Use the template; UTF-8 encoded."))
