"""HTML forms of disputes; the services check everything again."""

from django import forms
from django.utils.translation import gettext_lazy as _

from accounts.models import AnyUser, Organisation
from core.forms import field_of
from core.money import CURRENCY_CHOICES
from disputes.models import (
    Appointment,
    Decision,
    FeeSubsidyProgramme,
    Hearing,
    Kind,
    Participant,
    RuleTemplate,
    Side,
    Submission,
)


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

    def __init__(self, *args, organisations, room=None, user: AnyUser | None = None, **kwargs):
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
    effect = forms.ChoiceField(
        label=_("Effect on the registry"),
        choices=[
            ("", _("None")),
            ("end_licence", _("A licence between the parties ends")),
            ("assign", _("An asset goes to the other party")),
        ],
        required=False,
    )
    encumbrance = forms.IntegerField(
        label=_("Number of the licence in the registry"), required=False, min_value=1
    )
    asset = forms.IntegerField(label=_("Number of the asset in the registry"), required=False, min_value=1)
    to_side = forms.ChoiceField(
        label=_("The asset goes to"), choices=[("", "—"), *Side.choices], required=False
    )

    def service_arguments(self, case) -> dict:
        """The service's arguments, with the effect (if any) as the service states effects."""
        data = {k: self.cleaned_data[k] for k in ("kind", "title", "text", "outcome")}
        effect = self.cleaned_data.get("effect")
        if effect == "end_licence":
            data["effects"] = [{"action": effect, "encumbrance": self.cleaned_data.get("encumbrance")}]
        elif effect == "assign":
            party = case.parties.filter(side=self.cleaned_data.get("to_side") or "").first()
            target = party.organisation_id if party else None
            data["effects"] = [
                {"action": effect, "asset": self.cleaned_data.get("asset"), "to_organisation": target}
            ]
        return data


def _lines(value: str) -> list[str]:
    return [line.strip() for line in value.replace(",", "\n").splitlines() if line.strip()]


class RosterApplicationForm(forms.Form):
    centre = forms.ModelChoiceField(label=_("Centre"), queryset=Organisation.objects.none(), empty_label=None)
    name = forms.CharField(label=_("Name as it should appear on the roster"), max_length=200)
    name_local = forms.CharField(label=_("Name in Chinese"), max_length=200, required=False)
    arbitrator = forms.BooleanField(label=_("Arbitrator"), required=False, initial=True)
    mediator = forms.BooleanField(label=_("Mediator"), required=False)
    qualifications = forms.CharField(label=_("Qualifications"), widget=forms.Textarea(attrs={"rows": 3}))
    specialisms = forms.CharField(
        label=_("Specialisms"), widget=forms.Textarea(attrs={"rows": 3}), required=False
    )
    languages = forms.CharField(label=_("Languages (comma-separated)"), max_length=300)
    jurisdictions = forms.CharField(
        label=_("Jurisdictions (comma-separated)"), max_length=300, required=False
    )
    hourly_rate = forms.DecimalField(label=_("Hourly rate"), min_value=0, max_digits=12, decimal_places=2)
    currency = forms.ChoiceField(label=_("Currency"), choices=CURRENCY_CHOICES, initial="HKD")
    conflicts = forms.CharField(
        label=_("Conflicts you declare"),
        help_text=_("One a line: the organisation's name, a colon, then the reason."),
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
    )

    def __init__(self, *args, user: AnyUser | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        # The approved centres the person may see (public profiles, and its own): no pending or private ones.
        self.fields["centre"].queryset = (  # type: ignore[attr-defined]
            Organisation.objects.visible_to(user)
            .filter(kind=Organisation.Kind.DISPUTE_INSTITUTION, status=Organisation.Status.APPROVED)
            .order_by("name")
        )

    def clean_languages(self) -> list[str]:
        return _lines(self.cleaned_data["languages"])

    def clean_jurisdictions(self) -> list[str]:
        return _lines(self.cleaned_data["jurisdictions"])

    def clean_conflicts(self) -> list[dict]:
        declared = []
        for line in self.cleaned_data["conflicts"].splitlines():
            if not line.strip():
                continue
            name, colon, reason = line.partition(":")
            if not colon or not name.strip() or not reason.strip():
                raise forms.ValidationError(_("Write each conflict as “Organisation: reason”."))
            declared.append({"name": name.strip(), "reason": reason.strip()})
        return declared


class ReasonedDecisionForm(forms.Form):
    """Approve or refuse (a roster application), uphold or dismiss (a challenge): always with reasons."""

    decision = forms.ChoiceField(label=_("Decision"), choices=[("yes", _("Yes")), ("no", _("No"))])
    reason = forms.CharField(label=_("Reasons"), widget=forms.Textarea)

    def __init__(self, *args, yes=None, no=None, **kwargs):
        super().__init__(*args, **kwargs)
        field_of(self, "decision", forms.ChoiceField).choices = [
            ("yes", yes or _("Approve")),
            ("no", no or _("Refuse")),
        ]


class ChallengeForm(forms.Form):
    appointment = forms.TypedChoiceField(label=_("Neutral challenged"), coerce=int)
    grounds = forms.CharField(label=_("Grounds"), widget=forms.Textarea)

    def __init__(self, *args, appointments=(), **kwargs):
        super().__init__(*args, **kwargs)
        field_of(self, "appointment", forms.ChoiceField).choices = [(a.pk, str(a)) for a in appointments]


class CandidateListForm(forms.Form):
    role = forms.ChoiceField(label=_("Seat"), choices=Appointment.Role.choices)
    candidates = forms.TypedMultipleChoiceField(
        label=_("Candidates"), coerce=int, widget=forms.CheckboxSelectMultiple
    )

    def __init__(self, *args, roster=(), **kwargs):
        super().__init__(*args, **kwargs)
        field_of(self, "candidates", forms.ChoiceField).choices = [(n.pk, n.name) for n in roster]


class RankingForm(forms.Form):
    """One rank per candidate (1 is best); every rank used once."""

    def __init__(self, *args, candidates=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.candidates = list(candidates)
        for neutral in self.candidates:
            self.fields[f"rank_{neutral.pk}"] = forms.IntegerField(
                label=neutral.name, min_value=1, max_value=max(len(self.candidates), 1)
            )

    def clean(self):
        data = super().clean() or {}
        given = {n.pk: data.get(f"rank_{n.pk}") for n in self.candidates}
        ranks = {pk: rank for pk, rank in given.items() if rank is not None}
        if len(ranks) < len(given):
            return data
        if sorted(ranks.values()) != list(range(1, len(ranks) + 1)):
            raise forms.ValidationError(
                _("Give each candidate a different rank from 1 to %(n)s.") % {"n": len(ranks)}
            )
        data["ranking"] = sorted(ranks, key=lambda pk: ranks[pk])
        return data


class DeadlineForm(forms.Form):
    title = forms.CharField(label=_("What is due"), max_length=300)
    due_on = forms.DateField(label=_("Due on"), widget=forms.DateInput(attrs={"type": "date"}))


class ParticipantForm(forms.Form):
    email = forms.EmailField(label=_("E-mail address of the person"))
    role = forms.ChoiceField(label=_("Role"), choices=Participant.Role.choices)


class AffiliatesForm(forms.Form):
    names = forms.CharField(
        label=_("Affiliates (one a line)"),
        help_text=_("Organisations your party controls or is controlled by."),
        widget=forms.Textarea,
        required=False,
    )

    def clean_names(self) -> list[str]:
        return [line.strip() for line in self.cleaned_data["names"].splitlines() if line.strip()]


class DepositForm(forms.Form):
    side = forms.ChoiceField(label=_("Payable by"), choices=Side.choices)
    amount = forms.DecimalField(label=_("Amount"), min_value=0, max_digits=14, decimal_places=2)
    currency = forms.ChoiceField(label=_("Currency"), choices=CURRENCY_CHOICES, initial="HKD")
    description = forms.CharField(label=_("Description"), max_length=300, required=False)


class NeutralFeeForm(forms.Form):
    appointment = forms.TypedChoiceField(label=_("Neutral"), coerce=int)
    side = forms.ChoiceField(label=_("Payable by"), choices=Side.choices)
    hours = forms.DecimalField(label=_("Hours"), min_value=0, max_digits=8, decimal_places=2)

    def __init__(self, *args, appointments=(), **kwargs):
        super().__init__(*args, **kwargs)
        field_of(self, "appointment", forms.ChoiceField).choices = [(a.pk, str(a)) for a in appointments]


class PaymentForm(forms.Form):
    reference = forms.CharField(label=_("Payment reference"), max_length=120)
    paid_on = forms.DateField(
        label=_("Paid on"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )


class SubsidyForm(forms.Form):
    programme = forms.ModelChoiceField(
        label=_("Programme"), queryset=FeeSubsidyProgramme.objects.filter(active=True), empty_label=None
    )
    side = forms.ChoiceField(label=_("Party"), choices=Side.choices)


class ReferForm(forms.Form):
    rules = forms.ModelChoiceField(
        label=_("Institution and rules of the arbitration"),
        queryset=RuleTemplate.objects.filter(active=True, handles_arbitration=True),
        required=False,
        empty_label=_("The same rules"),
    )
