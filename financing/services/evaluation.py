"""Checking the collateral of an application: finalised, recent valuations by approved valuers, and the
loan-to-value they give. Every refusal names the asset and the rule, and nothing is changed."""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.utils import timezone
from django.utils.translation import gettext as _

from assets.models import Asset, Encumbrance
from core.errors import Conflict, InvalidInput
from financing.models import Loan, LoanAsset, Programme
from valuation.models import Valuation

LTV_PLACES = Decimal("0.000001")


@dataclass(frozen=True)
class Pledge:
    """One asset offered as collateral, the valuation that supports it, and its registration number."""

    asset: Asset
    valuation: Valuation
    registration_number: str = ""


def ltv(amount: Decimal, collateral: Decimal) -> Decimal:
    if collateral <= 0:
        raise InvalidInput(_("The collateral has no value, so no loan-to-value can be computed."))
    return (amount / collateral).quantize(LTV_PLACES)


def check_valuation(programme: Programme, pledge: Pledge, today: datetime.date) -> Decimal:
    """The collateral value the valuation gives, or a refusal saying what is wrong with it."""
    valuation, asset = pledge.valuation, pledge.asset
    number = asset.number or asset.title
    if valuation.asset_id != asset.pk:
        raise InvalidInput(_("The valuation given for %(asset)s is of another asset.") % {"asset": number})
    if valuation.status != Valuation.Status.FINAL or valuation.conclusion_point is None:
        raise InvalidInput(
            _("The valuation of %(asset)s is not finalised; only a final valuation can support a loan.")
            % {"asset": number},
            field="valuation",
        )
    if valuation.valuer_id is None or not programme.valuers.filter(pk=valuation.valuer_id).exists():
        raise InvalidInput(
            _("The valuation of %(asset)s was not made by a valuer approved by the programme.")
            % {"asset": number},
            field="valuation",
        )
    oldest = today - datetime.timedelta(days=programme.valuation_max_age_days)
    if valuation.valuation_date < oldest:
        raise InvalidInput(
            _(
                "The valuation of %(asset)s is dated %(date)s; "
                "the programme accepts valuations of at most %(days)s days."
            )
            % {"asset": number, "date": valuation.valuation_date, "days": programme.valuation_max_age_days},
            field="valuation",
        )
    if valuation.currency != programme.currency:
        raise InvalidInput(
            _("The valuation of %(asset)s is in %(currency)s; the programme lends in %(programme)s.")
            % {"asset": number, "currency": valuation.currency, "programme": programme.currency},
            field="valuation",
        )
    return Decimal(valuation.conclusion_point)


def check_not_pledged(asset: Asset, *, except_loan: Loan | None = None) -> None:
    """An asset can secure one loan at a time: refuse a live pledge or another open application."""
    number = asset.number or asset.title
    if asset.encumbrances.filter(kind=Encumbrance.Kind.PLEDGE, released_at__isnull=True).exists():
        raise Conflict(_("%(asset)s is already pledged; it cannot secure another loan.") % {"asset": number})
    others = LoanAsset.objects.filter(asset=asset, loan__stage__in=Loan.OPEN)
    if except_loan is not None:
        others = others.exclude(loan=except_loan)
    if others.exists():
        raise Conflict(_("%(asset)s is already offered as collateral for another loan.") % {"asset": number})


def check_amount(programme: Programme, amount: Decimal, collateral: Decimal) -> Decimal:
    """The loan-to-value of `amount`, after checking the programme's maximum loan and loan-to-value."""
    if amount <= 0:
        raise InvalidInput(_("The amount must be positive."), field="amount")
    if amount > programme.max_loan:
        raise InvalidInput(
            _("%(amount)s is above the programme's maximum loan of %(currency)s %(max)s.")
            % {"amount": amount, "currency": programme.currency, "max": programme.max_loan},
            field="amount",
        )
    ratio = ltv(amount, collateral)
    if ratio > programme.max_ltv:
        raise InvalidInput(
            _("The loan-to-value would be %(ltv)s, above the programme's maximum of %(max)s.")
            % {"ltv": ratio, "max": programme.max_ltv},
            field="amount",
        )
    return ratio


def evaluate(
    programme: Programme, pledges: list[Pledge], amount: Decimal, today: Any = None
) -> dict[str, Any]:
    """The collateral value and loan-to-value of an application; raises on the first broken rule."""
    today = today or timezone.localdate()
    if not pledges:
        raise InvalidInput(_("Name at least one asset to pledge."), field="assets")
    if len({pledge.asset.pk for pledge in pledges}) != len(pledges):
        raise InvalidInput(_("Each asset can be pledged only once in an application."), field="assets")
    values = [check_valuation(programme, pledge, today) for pledge in pledges]
    collateral = sum(values, Decimal(0))
    return {
        "collateral_value": collateral,
        "ltv": check_amount(programme, amount, collateral),
        "values": values,
    }
