"""HTML input of the deal-room pages; the services check the rules."""

from django import forms
from django.utils.translation import gettext_lazy as _

from core.forms import field_of
from core.money import CURRENCY_CHOICES
from deals.models import ChecklistItem, Question, RoomMember
from deals.models.dataroom import Tier
from deals.models.nda import SECOND_LANGUAGES
from deals.terms import EXCLUSIVITY
from listings.choices import DealType


class InviteForm(forms.Form):
    seller: forms.ModelChoiceField = forms.ModelChoiceField(
        queryset=None, label=_("Your organisation (seller)")
    )
    buyer = forms.SlugField(label=_("Short name of the organisation to invite"))
    listing = forms.IntegerField(label=_("Listing number (optional)"), required=False)
    deal_type = forms.ChoiceField(label=_("Deal type"), choices=DealType.choices)

    def __init__(self, *args, sellers=None, **kwargs):
        super().__init__(*args, **kwargs)
        field_of(self, "seller", forms.ModelChoiceField).queryset = sellers


class MemberForm(forms.Form):
    email = forms.EmailField(label=_("E-mail address of the person"))
    role = forms.ChoiceField(label=_("Role"), choices=RoomMember.Role.choices)
    organisation = forms.SlugField(label=_("Adviser's organisation (short name, optional)"), required=False)


class NdaForm(forms.Form):
    governing_law = forms.CharField(label=_("Governing law"), initial="Hong Kong", max_length=120)
    term_months = forms.IntegerField(label=_("Term (months)"), initial=36, min_value=1, max_value=120)


class UploadForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=300)
    tier = forms.ChoiceField(label=_("Tier"), choices=Tier.choices)
    folder = forms.CharField(label=_("Folder"), max_length=120, required=False)
    file = forms.FileField(label=_("File"))
    view_only = forms.BooleanField(label=_("View only"), required=False)


class TermsForm(forms.Form):
    deal_type = forms.ChoiceField(label=_("Deal type"), choices=DealType.choices)
    assets = forms.MultipleChoiceField(label=_("Assets"), choices=())
    exclusivity = forms.ChoiceField(
        label=_("Exclusivity"), choices=[(e, e.replace("_", "-")) for e in EXCLUSIVITY]
    )
    field_of_use = forms.CharField(label=_("Field of use"), required=False, max_length=300)
    territories = forms.CharField(label=_("Territories (codes; empty for worldwide)"), required=False)
    excluded_territories = forms.CharField(label=_("Excluded territories"), required=False)
    currency = forms.ChoiceField(label=_("Currency"), choices=CURRENCY_CHOICES, initial="USD")
    upfront = forms.CharField(label=_("Upfront payment"), initial="0")
    milestones = forms.CharField(
        label=_("Milestones, one a line: kind; event; amount; threshold (sales only)"),
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
    )
    royalty_tiers = forms.CharField(
        label=_("Royalty tiers, one a line: from; to (empty for the last); rate %"),
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
    )
    step_downs = forms.CharField(
        label=_("Step-downs, one a line: trigger; reduction %"),
        widget=forms.Textarea(attrs={"rows": 2}),
        required=False,
    )
    royalty_floor = forms.CharField(label=_("Royalty floor (%)"), initial="0")
    sublicensing_share = forms.CharField(label=_("Sublicensing share (%)"), initial="0")
    equity = forms.CharField(label=_("Equity (%)"), initial="0")
    term_years = forms.IntegerField(label=_("Term (years)"), min_value=1, max_value=99, initial=10)
    royalty_years = forms.IntegerField(
        label=_("Royalty term (years)"), min_value=1, max_value=99, required=False
    )
    report_period_months = forms.TypedChoiceField(
        label=_("Royalty report period (months)"),
        choices=[(n, n) for n in (1, 3, 6, 12)],
        coerce=int,
        initial=3,
        required=False,
        empty_value=None,
    )
    report_due_days = forms.IntegerField(
        label=_("Days to file a royalty report"), min_value=1, max_value=180, initial=60, required=False
    )
    milestone_payment_days = forms.IntegerField(
        label=_("Days to pay a milestone"), min_value=1, max_value=180, initial=30, required=False
    )
    diligence = forms.CharField(
        label=_("Diligence obligations"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    grant_back = forms.CharField(label=_("Grant-back"), required=False)
    termination = forms.CharField(label=_("Termination"), required=False)
    note = forms.CharField(
        label=_("Note to the other side"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )

    def __init__(self, *args, assets=(), **kwargs):
        super().__init__(*args, **kwargs)
        field_of(self, "assets", forms.ChoiceField).choices = [(str(a.pk), str(a)) for a in assets]

    def terms(self) -> dict:
        """The form's fields as the term-sheet structure the service checks."""
        data = dict(self.cleaned_data)
        data.pop("note", None)
        data["assets"] = [int(pk) for pk in data["assets"]]
        data["milestones"] = [
            dict(zip(("kind", "event", "amount", "threshold"), parts, strict=False))
            for parts in _lines(data["milestones"])
        ]
        data["royalty_tiers"] = [
            {"from": p[0], "to": p[1] if len(p) > 2 else "", "rate": p[-1]}
            for p in _lines(data["royalty_tiers"])
        ]
        data["step_downs"] = [
            dict(zip(("trigger", "reduction"), p, strict=False)) for p in _lines(data["step_downs"])
        ]
        return data


def _lines(text: str) -> list[list[str]]:
    return [[part.strip() for part in line.split(";")] for line in (text or "").splitlines() if line.strip()]


class AgreementForm(forms.Form):
    second_language = forms.ChoiceField(label=_("Chinese script"), choices=SECOND_LANGUAGES)


class ReportForm(forms.Form):
    period_start = forms.DateField(label=_("Period from"))
    period_end = forms.DateField(label=_("Period to"))
    sales_currency = forms.ChoiceField(label=_("Currency of the sales"), choices=CURRENCY_CHOICES)
    exchange_rate = forms.CharField(label=_("Rate to the deal currency"), initial="1")
    lines = forms.CharField(
        label=_("Net sales, one a line: product; territory; amount"), widget=forms.Textarea(attrs={"rows": 3})
    )
    step_downs_applied = forms.CharField(
        label=_("Step-downs that apply (triggers, comma separated)"), required=False
    )

    def report(self) -> dict:
        data = dict(self.cleaned_data)
        data["lines"] = [
            dict(zip(("product", "territory", "net_sales"), p, strict=False)) for p in _lines(data["lines"])
        ]
        data["step_downs_applied"] = [s.strip() for s in data["step_downs_applied"].split(",") if s.strip()]
        return data


class PaymentForm(forms.Form):
    amount = forms.CharField(label=_("Amount"))
    currency = forms.ChoiceField(label=_("Currency"), choices=CURRENCY_CHOICES)
    paid_on = forms.DateField(label=_("Paid on"))
    reference = forms.CharField(label=_("Payment reference"), max_length=120)


class QuestionForm(forms.Form):
    text = forms.CharField(label=_("Question"), widget=forms.Textarea(attrs={"rows": 3}))
    category = forms.ChoiceField(label=_("Category"), choices=Question.Category.choices)
    due_on = forms.DateField(label=_("Due on"), required=False)


class AnswerForm(forms.Form):
    answer = forms.CharField(label=_("Answer"), widget=forms.Textarea(attrs={"rows": 3}))


class ChecklistForm(forms.Form):
    state = forms.ChoiceField(label=_("State"), choices=ChecklistItem.State.choices)
    note = forms.CharField(label=_("Note"), required=False)


class MessageForm(forms.Form):
    body = forms.CharField(label=_("Message"), widget=forms.Textarea(attrs={"rows": 2}))
