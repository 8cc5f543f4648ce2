"""Sale-and-licence-back: propose, accept (title moves to the investor, an exclusive licence back to the
former owner), royalties, and the former owner's buyback within the option period.

The registry's own rules apply: a pledged asset cannot be sold, and an open-licence declaration refuses an
exclusive licence back."""

from __future__ import annotations

import datetime
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import Organisation, User
from accounts.services import require_approved
from assets.models import Asset, Encumbrance
from assets.services import add_encumbrance, record_transfer, release_encumbrance
from core.errors import Conflict, InvalidInput
from core.events import record_event
from core.money import check_currency, to_decimal
from financing.models import LicenceBack, RoyaltyPayment
from financing.permissions import require_decision
from financing.services.dates import check_date
from ledger.services import record
from ledger.subjects import subject

Status = LicenceBack.Status


def _positive(value: object, field: str, *, zero: bool = False) -> Any:
    number = to_decimal(value, field=field)
    if number < 0 or (number == 0 and not zero):
        raise InvalidInput(_("%(field)s must be positive.") % {"field": field}, field=field)
    return number


@transaction.atomic
def propose(
    *,
    asset: Asset,
    investor: Organisation,
    by: User,
    currency: str,
    price: object,
    annual_royalty: object,
    licence_end: datetime.date,
    buyback_price: object,
    buyback_deadline: datetime.date,
) -> LicenceBack:
    """The owner offers to sell `asset` to `investor` and take an exclusive licence back."""
    seller = require_decision(
        by, asset.owner, _("Only the asset's owner can offer it for sale and licence back.")
    )
    require_approved(seller)
    if investor.pk == seller.pk:
        raise InvalidInput(_("The investor must be another organisation."), field="investor")
    check_date(licence_end, "licence_end")
    check_date(buyback_deadline, "buyback_deadline")
    today = timezone.localdate()
    if not today < buyback_deadline <= licence_end:
        raise InvalidInput(
            _("The buyback option must end in the future and no later than the licence."),
            field="buyback_deadline",
        )
    agreement = LicenceBack.objects.create(
        asset=asset,
        seller=seller,
        investor=investor,
        currency=check_currency(currency),
        price=_positive(price, "price"),
        annual_royalty=_positive(annual_royalty, "annual_royalty", zero=True),
        licence_end=licence_end,
        buyback_price=_positive(buyback_price, "buyback_price"),
        buyback_deadline=buyback_deadline,
        proposed_by=by,
    )
    record_event(agreement, "financing.licence_back_proposed", actor=by)
    return agreement


def _log(agreement: LicenceBack, kind: str, by: User, day: datetime.date) -> None:
    asset = agreement.asset
    public = {"date": day.isoformat()}
    if asset.visibility == Asset.Visibility.PUBLIC:
        public["asset"] = asset.number
    terms = {
        "asset": asset.number,
        "seller": agreement.seller.name,
        "investor": agreement.investor.name,
        "price": str(agreement.price),
        "annual_royalty": str(agreement.annual_royalty),
        "buyback_price": str(agreement.buyback_price),
        "buyback_deadline": agreement.buyback_deadline.isoformat(),
        "currency": agreement.currency,
    }
    # The agreement is confidential: a sealed subject, so its entries do not reveal it (ledger.subjects).
    sealed = subject("financing.licenceback", agreement.pk, confidential=True)
    record(kind, subject=sealed, public=public, confidential=terms, actor=by)


@transaction.atomic
def accept(*, agreement: LicenceBack, by: User) -> LicenceBack:
    """The investor accepts: the title moves to it and the former owner holds an exclusive licence back."""
    agreement = LicenceBack.objects.select_for_update().get(pk=agreement.pk)
    require_decision(by, agreement.investor, _("Only the investor can accept this offer."))
    if agreement.status != Status.PROPOSED:
        raise Conflict(_("This offer is no longer open."))
    today = timezone.localdate()
    asset = agreement.asset
    if agreement.proposed_by is None:
        raise Conflict(_("The account that made the offer is gone; the owner must offer again."))
    # The seller's offer is its authority to transfer; the registry refuses a pledged asset.
    record_transfer(
        asset=asset,
        by=agreement.proposed_by,
        day=today,
        to_name=agreement.investor.name,
        to_organisation=agreement.investor,
        reference=f"sale-and-licence-back {agreement.pk}",
    )
    asset.refresh_from_db()
    agreement.licence = add_encumbrance(
        asset=asset,
        by=by,
        kind=Encumbrance.Kind.EXCLUSIVE_LICENCE,
        holder_name=agreement.seller.name,
        holder_organisation=agreement.seller,
        start_date=today,
        end_date=agreement.licence_end,
        reference=f"licence back {agreement.pk}",
    )
    agreement.status, agreement.accepted_by, agreement.sold_on = Status.ACTIVE, by, today
    agreement.save()
    _log(agreement, "financing.sold_and_licensed_back", by, today)
    return agreement


@transaction.atomic
def decline(*, agreement: LicenceBack, by: User) -> LicenceBack:
    """The investor declines the offer: the asset stays with its owner, who may offer it again."""
    agreement = LicenceBack.objects.select_for_update().get(pk=agreement.pk)
    require_decision(by, agreement.investor, _("Only the investor can decline this offer."))
    if agreement.status != Status.PROPOSED:
        raise Conflict(_("This offer is no longer open."))
    agreement.status = Status.DECLINED
    agreement.save(update_fields=["status"])
    record_event(agreement, "financing.licence_back_declined", actor=by)
    return agreement


@transaction.atomic
def record_royalty(
    *, agreement: LicenceBack, by: User, amount: object, currency: str, day: datetime.date | None = None
) -> RoyaltyPayment:
    """The investor records a royalty received under the licence back."""
    agreement = LicenceBack.objects.get(pk=agreement.pk)
    require_decision(by, agreement.investor, _("Only the investor records royalties received."))
    if agreement.status != Status.ACTIVE:
        raise Conflict(_("Royalties are due only while the licence back runs."))
    if check_currency(currency) != agreement.currency:
        raise InvalidInput(
            _("The agreement is in %(agreed)s; a payment in %(paid)s cannot be recorded against it.")
            % {"agreed": agreement.currency, "paid": currency},
            field="currency",
        )
    check_date(day, "day")
    payment = RoyaltyPayment.objects.create(
        agreement=agreement,
        amount=_positive(amount, "amount"),
        paid_on=day or timezone.localdate(),
        recorded_by=by,
    )
    record_event(agreement, "financing.royalty", actor=by, amount=str(payment.amount))
    return payment


@transaction.atomic
def buy_back(*, agreement: LicenceBack, by: User) -> LicenceBack:
    """The former owner exercises its option: the title returns and the licence back ends."""
    agreement = LicenceBack.objects.select_for_update().get(pk=agreement.pk)
    require_decision(by, agreement.seller, _("Only the former owner can buy the asset back."))
    today = timezone.localdate()
    if agreement.status != Status.ACTIVE or today > agreement.buyback_deadline:
        raise Conflict(
            _("The buyback option is not open (it ran until %(date)s).")
            % {"date": agreement.buyback_deadline}
        )
    if agreement.accepted_by is None:
        raise Conflict(
            _("The investor's account that accepted is gone; the operator must record the buyback.")
        )
    # The investor's acceptance bound it to sell back on these terms.
    record_transfer(
        asset=agreement.asset,
        by=agreement.accepted_by,
        day=today,
        to_name=agreement.seller.name,
        to_organisation=agreement.seller,
        reference=f"buyback {agreement.pk}",
    )
    if agreement.licence is not None:
        release_encumbrance(encumbrance=agreement.licence, by=by, day=today)
    agreement.status, agreement.bought_back_on = Status.BOUGHT_BACK, today
    agreement.save()
    _log(agreement, "financing.bought_back", by, today)
    return agreement
