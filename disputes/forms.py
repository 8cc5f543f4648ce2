"""HTML forms of disputes; the services check everything again."""

from django import forms
from django.utils.translation import gettext_lazy as _

from core.forms import field_of
from core.money import CURRENCY_CHOICES
from disputes.models import Appointment, Decision, Hearing, Kind, RuleTemplate, Submission


class CaseForm(forms.Form):
    kind = forms.ChoiceField(label=_("Kind"), choices=Kind.choices)
    rules = forms.ModelChoiceField(
        label=_("Institution and rules"), queryset=RuleTemplate.objects.filter(active=True)
    )
    title = forms.CharField(label=_("Title"), max_length=300)
    claimant = forms.ChoiceField(label=_("Filed for"))
    respondent_name = forms.CharField(label=_("Respondent"), max_length=300, required=False)
    amount_in_dispute = forms.DecimalField(label=_("Amount in dispute"), required=False, min_value=0)
    currency = forms.ChoiceField(label=_("Currency"), choices=CURRENCY_CHOICES, initial="HKD")
    summary = forms.CharField(label=_("Summary of the dispute"), widget=forms.Textarea, required=False)
    agreement = forms.BooleanField(label=_("Bring the signed agreement"), required=False)
    term_sheets = forms.MultipleChoiceField(
        label=_("Term-sheet versions to bring"), required=False, widget=forms.CheckboxSelectMultiple
    )
    documents = forms.MultipleChoiceField(
        label=_("Data-room documents to bring"), required=False, widget=forms.CheckboxSelectMultiple
    )

    def __init__(self, *args, organisations, room=None, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        field_of(self, "claimant", forms.ChoiceField).choices = [(o.slug, o.name) for o in organisations]
        if room is None:
            for name in ("agreement", "term_sheets", "documents"):
                del self.fields[name]
            return
        from deals.models import Document, TermSheet

        del self.fields["respondent_name"]
        sheets = TermSheet.objects.visible_to(user).filter(room=room)
        field_of(self, "term_sheets", forms.ChoiceField).choices = [
            (s.number, _("Version %(n)s") % {"n": s.number}) for s in sheets
        ]
        documents = Document.objects.visible_to(user).filter(room=room)
        field_of(self, "documents", forms.ChoiceField).choices = [(d.pk, d.title) for d in documents]


class SubmissionForm(forms.Form):
    kind = forms.ChoiceField(label=_("Kind"), choices=Submission.Kind.choices)
    title = forms.CharField(label=_("Title"), max_length=300)
    body = forms.CharField(label=_("Text"), widget=forms.Textarea, required=False)
    document = forms.FileField(label=_("Document"), required=False)


class NominationForm(forms.Form):
    neutral = forms.IntegerField(label=_("Neutral"), widget=forms.HiddenInput)
    role = forms.ChoiceField(label=_("Role"), choices=Appointment.Role.choices)
    declaration = forms.CharField(
        label=_("Declaration of independence"), required=False, widget=forms.Textarea
    )


class HearingForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=300)
    starts_at = forms.DateTimeField(
        label=_("Starts at"), widget=forms.DateTimeInput(attrs={"type": "datetime-local"})
    )
    ends_at = forms.DateTimeField(
        label=_("Ends at"), widget=forms.DateTimeInput(attrs={"type": "datetime-local"})
    )
    mode = forms.ChoiceField(label=_("Mode"), choices=Hearing.Mode.choices)
    venue = forms.CharField(label=_("Venue or link"), max_length=500)


class DecisionForm(forms.Form):
    kind = forms.ChoiceField(label=_("Kind"), choices=Decision.Kind.choices)
    title = forms.CharField(label=_("Title"), max_length=300)
    text = forms.CharField(label=_("Text"), widget=forms.Textarea)
    outcome = forms.ChoiceField(
        label=_("Outcome"), choices=[("", "—"), *Decision.Outcome.choices], required=False
    )
