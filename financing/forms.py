"""HTML input of the financing pages: applying, each party's decision, servicing and disposal."""

from __future__ import annotations

from decimal import Decimal
from typing import Any, cast

from django import forms
from django.utils.translation import gettext_lazy as _

from accounts.models import AnyUser, Organisation
from assets.models import Asset
from core.access import CHANGE, DECIDE
from core.formatting import format_money
from core.money import CURRENCY_CHOICES
from financing.models import Programme
from valuation.models import Valuation


def amount_field(label: Any) -> forms.DecimalField:
    return forms.DecimalField(label=label, max_digits=16, decimal_places=2, min_value=Decimal("0.01"))


class ValuationChoices(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        asset = obj.asset.number or obj.asset.title[:60]
        return f"{asset} · v{obj.version} · {format_money(obj.conclusion_point, obj.currency)}"


class ApplicationForm(forms.Form):
    programme = forms.ModelChoiceField(label=_("Programme"), queryset=Programme.objects.none())
    borrower = forms.ModelChoiceField(label=_("Borrower"), queryset=Organisation.objects.none())
    recommender = forms.ModelChoiceField(
        label=_("Recommending organisation"), queryset=Organisation.objects.none()
    )
    guarantor = forms.ModelChoiceField(label=_("Guarantor"), queryset=Organisation.objects.none())
    insurer = forms.ModelChoiceField(label=_("Insurer"), queryset=Organisation.objects.none())
    bank = forms.ModelChoiceField(label=_("Bank"), queryset=Organisation.objects.none())
    amount = amount_field(_("Amount"))
    term_months = forms.IntegerField(label=_("Term (months)"), min_value=1)
    valuations = ValuationChoices(
        label=_("Assets to pledge (by their final valuation)"), queryset=Valuation.objects.none()
    )
    registration_number = forms.CharField(
        label=_("Patent-office pledge registration number"), required=False, max_length=120
    )
    technology_field = forms.CharField(label=_("Technology field"), required=False, max_length=100)
    purpose = forms.CharField(label=_("Purpose"), required=False, widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args: Any, user: AnyUser, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        programmes = Programme.objects.restrict(user).filter(active=True)
        self._choices("programme", programmes)
        own = Organisation.objects.restrict(user, CHANGE)
        self._choices("borrower", own)
        for role, field in (
            ("recommender", "recommenders"),
            ("guarantor", "guarantors"),
            ("insurer", "insurers"),
            ("bank", "banks"),
        ):
            ids = programmes.values_list(field, flat=True)
            self._choices(role, Organisation.objects.filter(pk__in=ids))
        finals = Valuation.objects.visible_to(user).filter(
            status=Valuation.Status.FINAL, asset__owner__in=own
        )
        self._choices(
            "valuations",
            Valuation.objects.visible_to(user).filter(pk__in=finals.values("pk")).select_related("asset"),
        )

    def _choices(self, name: str, queryset: Any) -> None:
        cast(forms.ModelChoiceField, self.fields[name]).queryset = queryset


class ReasonsForm(forms.Form):
    reasons = forms.CharField(label=_("Reasons"), required=False, widget=forms.Textarea(attrs={"rows": 2}))


class GuaranteeForm(ReasonsForm):
    fee = forms.DecimalField(label=_("Guarantee fee"), max_digits=16, decimal_places=2, min_value=Decimal(0))


class InsureForm(ReasonsForm):
    premium = forms.DecimalField(
        label=_("Premium"),
        required=False,
        max_digits=16,
        decimal_places=2,
        min_value=Decimal(0),
        help_text=_("Leave empty for the programme's rate on the amount and term asked."),
    )


class LendForm(ReasonsForm):
    principal = amount_field(_("Principal"))
    annual_rate = forms.DecimalField(
        label=_("Interest rate per year (0.045 is 4.5 %)"),
        max_digits=9,
        decimal_places=6,
        min_value=Decimal(0),
    )
    term_months = forms.IntegerField(label=_("Term (months)"), min_value=1)
    repayment_type = forms.ChoiceField(label=_("Repayment"), choices=Programme.RepaymentType.choices)


class RefuseForm(forms.Form):
    reasons = forms.CharField(label=_("Reason for refusing"), widget=forms.Textarea(attrs={"rows": 2}))


class PaymentForm(forms.Form):
    amount = amount_field(_("Amount"))
    currency = forms.CharField(label=_("Currency"), max_length=3)
    paid_on = forms.DateField(
        label=_("Paid on"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    reference = forms.CharField(label=_("Reference"), required=False, max_length=120)


class BidForm(forms.Form):
    bidder = forms.ModelChoiceField(label=_("Bidding for"), queryset=Organisation.objects.none())
    amount = amount_field(_("Bid"))

    def __init__(self, *args: Any, user: AnyUser, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ModelChoiceField, self.fields["bidder"]).queryset = Organisation.objects.restrict(
            user, CHANGE
        )


class AuctionForm(forms.Form):
    reserve_price = amount_field(_("Reserve price"))
    ends_at = forms.DateTimeField(
        label=_("Bidding ends at"), widget=forms.DateTimeInput(attrs={"type": "datetime-local"})
    )
    sealed = forms.BooleanField(label=_("Sealed bids"), required=False, initial=True)


class FundOfferForm(forms.Form):
    fund = forms.ModelChoiceField(label=_("Recovery fund"), queryset=Organisation.objects.none())

    def __init__(self, *args: Any, programme: Programme, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ModelChoiceField, self.fields["fund"]).queryset = programme.recovery_funds.all()


class PurchaseForm(forms.Form):
    price = amount_field(_("Price"))


def _date_field(label: Any, **options: Any) -> forms.DateField:
    return forms.DateField(label=label, widget=forms.DateInput(attrs={"type": "date"}), **options)


class LicenceBackForm(forms.Form):
    """The owner's offer to sell an asset to an investor and take an exclusive licence back."""

    asset = forms.ModelChoiceField(label=_("Asset"), queryset=Asset.objects.none())
    investor = forms.ModelChoiceField(label=_("Investor"), queryset=Organisation.objects.none())
    currency = forms.ChoiceField(label=_("Currency"), choices=CURRENCY_CHOICES, initial="HKD")
    price = amount_field(_("Purchase price"))
    annual_royalty = forms.DecimalField(
        label=_("Royalty per year"), max_digits=16, decimal_places=2, min_value=Decimal(0)
    )
    licence_end = _date_field(_("Licence back ends on"))
    buyback_price = amount_field(_("Buyback price"))
    buyback_deadline = _date_field(_("Buyback option ends on"))

    def __init__(self, *args: Any, user: AnyUser, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # Offering a title for sale is its owner's own decision: staff get no assets to choose from.
        own = Organisation.objects.restrict(user, DECIDE)
        assets = Asset.objects.visible_to(user).filter(owner__in=own).order_by("number")
        cast(forms.ModelChoiceField, self.fields["asset"]).queryset = assets
        others = Organisation.objects.visible_to(user).exclude(pk__in=own.values("pk")).order_by("name")
        cast(forms.ModelChoiceField, self.fields["investor"]).queryset = others


class RoyaltyForm(forms.Form):
    amount = amount_field(_("Amount"))
    currency = forms.ChoiceField(label=_("Currency"), choices=CURRENCY_CHOICES)
    paid_on = _date_field(_("Paid on"), required=False)


def _share_field(label: Any) -> forms.DecimalField:
    return forms.DecimalField(
        label=label, max_digits=9, decimal_places=6, min_value=Decimal(0), max_value=Decimal(1)
    )


class SharesForm(forms.Form):
    """The officer's split of a loss among insurer, guarantor and bank (0.6 is 60 %)."""

    insurer = _share_field(_("Insurer's share"))
    guarantor = _share_field(_("Guarantor's share"))
    bank = _share_field(_("Bank's share"))
