from django import forms
from django.conf import settings
from django.core.validators import MaxValueValidator
from django.utils.translation import gettext_lazy as _

from accounts.models import ApiToken, Membership, Organisation
from core.forms import field_of


class OrganisationForm(forms.ModelForm):
    website = forms.URLField(label=_("Website"), required=False, assume_scheme="https")

    class Meta:
        model = Organisation
        fields = [
            "name",
            "name_local",
            "kind",
            "jurisdiction",
            "country",
            "registration_number",
            "registration_document",
            "website",
            "description",
            "franchise_areas",
            "public_profile",
        ]
        widgets = {
            "description": forms.Textarea(attrs={"rows": 4}),
            "franchise_areas": forms.Textarea(attrs={"rows": 2}),
        }

    def clean_country(self):
        value = self.cleaned_data.get("country", "").strip().upper()
        if value and (len(value) != 2 or not value.isalpha()):
            raise forms.ValidationError(_("Use a two-letter ISO country code, e.g. CN, HK, US."))
        return value

    def clean_registration_document(self):
        document = self.cleaned_data.get("registration_document")
        if document and hasattr(document, "size") and document.size > 10 * 1024 * 1024:
            raise forms.ValidationError(_("The document is larger than 10 MB."))
        return document


class InvitationForm(forms.Form):
    email = forms.EmailField(label=_("E-mail address"))
    role = forms.ChoiceField(label=_("Role"), choices=Membership.Role.choices, initial=Membership.Role.MEMBER)


class TokenForm(forms.Form):
    name = forms.CharField(label=_("Token name"), max_length=80)
    scope = forms.ChoiceField(
        label=_("Scope"), choices=ApiToken.Scope.choices, initial=ApiToken.Scope.READ_ONLY
    )
    days = forms.IntegerField(label=_("Valid for (days)"), min_value=1)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        maximum = settings.API_TOKEN_MAX_DAYS
        self.fields["days"].initial = settings.API_TOKEN_DAYS
        field_of(self, "days", forms.IntegerField).max_value = maximum
        self.fields["days"].validators.append(MaxValueValidator(maximum))
        self.fields["days"].widget.attrs["max"] = maximum
        self.fields["days"].help_text = _("At most %(max)d days.") % {"max": maximum}
