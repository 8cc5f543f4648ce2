"""Default and disposal: by rule (days past due) or the bank's decision; the collateral sold by timed
auction or to a recovery fund; proceeds applied to the debt and the loss shared by the programme's rule."""

from __future__ import annotations

import datetime
from decimal import Decimal
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import Membership, Organisation, User
from accounts.permissions import can_edit_for, role_in
from accounts.services import require_approved
from assets.services import record_transfer
from core.access import is_staff
from core.errors import Conflict, DomainError, Forbidden, InvalidInput
from core.events import record_event
from core.money import to_decimal
from core.validators import offer_date
from financing.models import Bid, Decision, Disposal, Loan, LossAllocation
from financing.permissions import require_decision, require_role
from financing.services.allocation import allocate
from financing.services.applications import decide
from financing.services.dates import check_date
from financing.services.pledges import loan_subject
from financing.services.schedule import cents
from financing.services.servicing import arrears, outstanding, places
from ledger.services import record


@transaction.atomic
def declare_default(*, loan: Loan, by: User, reasons: str, day: datetime.date | None = None) -> Loan:
    """The bank declares a disbursed loan in default, with its reasons."""
    loan = Loan.objects.select_for_update().get(pk=loan.pk)
    require_role(by, loan, "bank")
    if not reasons.strip():
        raise InvalidInput(_("Give the reason for the default."), field="reasons")
    check_date(day, "day")
    return _default(loan, by, reasons.strip(), day or timezone.localdate())


def _default(loan: Loan, by: User | None, reasons: str, day: datetime.date) -> Loan:
    if loan.stage != Loan.Stage.ACTIVE:
        raise Conflict(_("Only a disbursed loan that is not repaid can go into default."))
    loan.stage, loan.defaulted_on = Loan.Stage.DEFAULTED, day
    loan.save(update_fields=["stage", "defaulted_on", "updated_at"])
    decide(
        loan,
        Decision.Step.DEFAULT,
        Decision.Outcome.APPROVED,
        by,
        loan.bank if by else None,
        reasons,
        day=day.isoformat(),
    )
    return loan


def apply_default_rule(*, as_of: datetime.date | None = None) -> list[int]:
    """Put in default every disbursed loan at least its programme's days past due; returns their ids."""
    as_of = as_of or timezone.localdate()
    defaulted = []
    for loan in Loan.objects.filter(stage=Loan.Stage.ACTIVE).select_related("programme"):
        days = arrears(loan, as_of)["days_past_due"]
        if days >= loan.programme.default_days_past_due:
            with transaction.atomic():
                _default(
                    Loan.objects.select_for_update().get(pk=loan.pk), None, f"{days} days past due", as_of
                )
            defaulted.append(loan.pk)
    return defaulted


def _disposable(loan: Loan, by: User) -> Loan:
    loan = Loan.objects.select_for_update().get(pk=loan.pk)
    require_role(by, loan, "bank")
    if loan.stage != Loan.Stage.DEFAULTED:
        raise Conflict(_("Only a loan in default can have its collateral disposed of."))
    if loan.disposals.filter(status=Disposal.Status.OPEN).exists():
        raise Conflict(_("A disposal of this collateral is already under way."))
    return loan


@transaction.atomic
def start_auction(
    *, loan: Loan, by: User, reserve_price: object, ends_at: datetime.datetime, sealed: bool = True
) -> Disposal:
    """A timed auction of the collateral with a reserve price; sealed bids stay hidden until it closes."""
    loan = _disposable(loan, by)
    reserve = to_decimal(reserve_price, field="reserve_price")
    if reserve <= 0:
        raise InvalidInput(_("The reserve price must be positive."), field="reserve_price")
    check_date(ends_at.date(), "ends_at", offer_date)
    if ends_at <= timezone.now():
        raise InvalidInput(_("The auction must end in the future."), field="ends_at")
    disposal = Disposal.objects.create(
        loan=loan,
        method=Disposal.Method.AUCTION,
        reserve_price=reserve,
        sealed=sealed,
        ends_at=ends_at,
        started_by=by,
    )
    record_event(loan, "financing.auction_started", actor=by, ends_at=ends_at.isoformat(), sealed=sealed)
    return disposal


@transaction.atomic
def place_bid(*, disposal: Disposal, by: User, bidder: Organisation, amount: object) -> Bid:
    """A bid for an open auction by an organisation other than the loan's borrower and bank."""
    disposal = Disposal.objects.select_for_update().select_related("loan").get(pk=disposal.pk)
    require_decision(by, bidder, _("You can bid only for an organisation you act for."))
    if (
        disposal.method != Disposal.Method.AUCTION
        or disposal.status != Disposal.Status.OPEN
        or disposal.ends_at is None
        or timezone.now() >= disposal.ends_at
    ):
        raise Conflict(_("This auction is not open for bids."))
    if bidder.pk in (disposal.loan.borrower_id, disposal.loan.bank_id):
        raise Forbidden(_("The borrower and the bank cannot bid for the collateral."))
    require_approved(bidder)  # the winner's deal room needs an approved organisation
    value = to_decimal(amount, field="amount")
    if value <= 0:
        raise InvalidInput(_("The bid must be positive."), field="amount")
    best = disposal.bids.first()
    if not disposal.sealed and best is not None and value <= best.amount:
        raise InvalidInput(
            _("An open auction takes only bids above the highest (%(best)s).") % {"best": best.amount},
            field="amount",
        )
    bid = Bid.objects.create(disposal=disposal, bidder=bidder, amount=value, placed_by=by)
    record_event(disposal.loan, "financing.bid", actor=by, bidder=bidder.slug)
    return bid


@transaction.atomic
def close_auction(*, disposal: Disposal, by: User) -> Disposal:
    """After the end time, the highest bid at or above the reserve wins; otherwise nothing is sold. Closing
    an ended auction is the bank's step, or the operator's when the bank cannot (it only applies the bids)."""
    disposal = Disposal.objects.select_for_update().select_related("loan").get(pk=disposal.pk)
    require_role(by, disposal.loan, "bank", operator_may=True)
    if disposal.method != Disposal.Method.AUCTION or disposal.status != Disposal.Status.OPEN:
        raise Conflict(_("This auction is not open."))
    if disposal.ends_at is not None and timezone.now() < disposal.ends_at:
        raise Conflict(_("The auction runs until %(end)s.") % {"end": disposal.ends_at})
    best = _winning_bid(disposal)
    if best is None:
        disposal.status, disposal.completed_at = Disposal.Status.UNSOLD, timezone.now()
        disposal.save()
        record_event(disposal.loan, "financing.auction_unsold", actor=by)
        return disposal
    return _sold(disposal, best.bidder, best.amount, by)


def _winning_bid(disposal: Disposal) -> Bid | None:
    """The highest bid at or above the reserve from a bidder still approved; a bidder no longer approved
    is passed over for the next valid bid."""
    for bid in disposal.bids.select_related("bidder"):
        if bid.amount < disposal.reserve_price:
            return None
        if bid.bidder.can_publish:
            return bid
    return None


@transaction.atomic
def offer_to_fund(*, loan: Loan, by: User, fund: Organisation) -> Disposal:
    """The bank offers the collateral to one of the programme's recovery funds."""
    loan = _disposable(loan, by)
    if not loan.programme.recovery_funds.filter(pk=fund.pk).exists():
        raise InvalidInput(
            _("%(org)s is not a recovery fund of the programme.") % {"org": fund.name}, field="fund"
        )
    disposal = Disposal.objects.create(
        loan=loan, method=Disposal.Method.RECOVERY_FUND, fund=fund, started_by=by
    )
    record_event(loan, "financing.offered_to_fund", actor=by, fund=fund.slug)
    return disposal


@transaction.atomic
def fund_purchase(*, disposal: Disposal, by: User, price: object) -> Disposal:
    """The recovery fund buys the collateral at the price it sets."""
    # Lock only the disposal row: PostgreSQL cannot lock the nullable side of the join to the fund.
    disposal = (
        Disposal.objects.select_for_update(of=("self",)).select_related("loan", "fund").get(pk=disposal.pk)
    )
    if disposal.fund is None or disposal.status != Disposal.Status.OPEN:
        raise Conflict(_("This offer is not open."))
    require_decision(by, disposal.fund, _("Only the recovery fund can buy on this offer."))
    value = to_decimal(price, field="price")
    if value <= 0:
        raise InvalidInput(_("The price must be positive."), field="price")
    return _sold(disposal, disposal.fund, value, by)


def _sold(disposal: Disposal, buyer: Organisation, price: Decimal, by: User) -> Disposal:
    from financing.services.pledges import release_pledges

    disposal.status, disposal.buyer, disposal.price, disposal.completed_at = (
        Disposal.Status.SOLD,
        buyer,
        price,
        timezone.now(),
    )
    loan = Loan.objects.select_for_update().get(pk=disposal.loan_id)
    settle(loan=loan, proceeds=price, by=by)
    # The buyer takes the assets free of the pledge, so the release comes before the transfer that the
    # registry would otherwise refuse.
    release_pledges(loan=loan, by=by, reason="disposed")
    transfer_collateral(loan=loan, buyer=buyer, reference=f"collateral sale {disposal.pk}", by=by)
    disposal.save()
    if disposal.method == Disposal.Method.AUCTION:
        _open_buyer_room(disposal, by)
    return disposal


def _pledgor(loan: Loan, by: User | None) -> Any:
    """Who authorises the transfer: the pledge gave the bank the power to sell on default, so the sale is
    recorded on the borrower's authority, given by its application (as the pledges were registered); when
    nobody can act for the borrower any more (common after a default), the operator closing the sale
    records it."""
    if loan.applicant is not None and can_edit_for(loan.applicant, loan.borrower):
        return loan.applicant
    member = (
        loan.borrower.memberships.filter(role__in=Membership.WRITING_ROLES).select_related("user").first()
    )
    if member is not None:
        return member.user
    if is_staff(by):
        return by
    raise Conflict(
        _("Nobody can act for %(org)s any more; the operator must record the transfer.")
        % {"org": loan.borrower.name}
    )


def transfer_collateral(*, loan: Loan, buyer: Organisation, reference: str, by: User | None = None) -> None:
    """Record the sold collateral's new holder in the registry's chain of title (and so in the log)."""
    authority, day = _pledgor(loan, by), timezone.localdate()
    for item in loan.pledged.select_related("asset"):
        record_transfer(
            asset=item.asset,
            by=authority,
            day=day,
            to_name=buyer.name,
            to_organisation=buyer,
            reference=reference,
        )


def _bank_person(bank: Organisation) -> Any:
    member = bank.memberships.filter(role__in=Membership.WRITING_ROLES).order_by("role", "pk").first()
    return member.user if member else None


@transaction.atomic
def open_sale_room(*, disposal: Disposal, by: User) -> Any:
    """The bank (or the operator) opens the buyer's deal room of a sold auction whose room could not open
    when it closed; a conflict says why if it still cannot."""
    disposal = Disposal.objects.select_for_update(of=("self",)).select_related("loan").get(pk=disposal.pk)
    require_role(by, disposal.loan, "bank", operator_may=True)
    if disposal.deal_room_id is not None:
        raise Conflict(_("The deal room with the buyer is already open."))
    room = _open_buyer_room(disposal, by)
    if room is None:
        raise Conflict(_("The deal room with the buyer cannot be opened yet; see the loan's events."))
    return room


def _open_buyer_room(disposal: Disposal, by: User) -> Any:
    """The winning bidder's deal goes through the deal room: the bank, selling as pledgee, opens a room
    with the buyer for the sale contract, payment and the handing over of the files.

    The sale does not depend on it: if the room cannot open (the bank or the buyer no longer approved,
    nobody left to seat), the sale stands, the failure is recorded on the loan and the bank or the operator
    opens the room later (`open_sale_room`). Returns the room, or None."""
    from deals.services.room import open_room
    from listings.choices import DealType

    buyer = disposal.buyer
    if buyer is None or disposal.status != Disposal.Status.SOLD or disposal.method != Disposal.Method.AUCTION:
        raise Conflict(_("Only a sold auction has a deal room with its buyer."))
    if disposal.deal_room_id is not None:
        return disposal.deal_room
    bank = disposal.loan.bank
    best = disposal.bids.filter(bidder=buyer).first()
    placed_by = best.placed_by if best else None
    # The operator may close for the bank; the room's seller side is then led by the bank's own people.
    opener = by if role_in(by, bank) is not None else _bank_person(bank) or by
    try:
        with transaction.atomic():
            room = open_room(
                seller=bank,
                buyer=buyer,
                by=opener,
                deal_type=DealType.ASSIGNMENT,
                # The person who bid leads the buyer's side only while still acting for it.
                buyer_lead=placed_by if placed_by and can_edit_for(placed_by, buyer) else None,
                title=_("Collateral sale %(number)s") % {"number": disposal.pk},
                currency=disposal.loan.currency,
            )
    except DomainError as error:
        record_event(disposal.loan, "financing.buyer_room_not_opened", actor=by, reason=str(error))
        return None
    Disposal.objects.filter(pk=disposal.pk).update(deal_room=room)
    disposal.deal_room = room
    return room


def settle(*, loan: Loan, proceeds: Decimal, by: User) -> LossAllocation:
    """Apply the proceeds to the debt and allocate what is left: government compensation first, then
    insurer, guarantor and bank by the programme's shares, to the cent."""
    digits = places(loan)
    debt = outstanding(loan)
    applied = min(proceeds, debt)
    loss = debt - applied
    compensation = cents(loss * loan.programme.government_compensation_share, digits)
    parts = allocate(loss - compensation, loan.programme.risk_shares(), digits)
    allocation = LossAllocation.objects.create(
        loan=loan,
        debt=debt,
        proceeds=applied,
        loss=loss,
        government_compensation=compensation,
        surplus=proceeds - applied,
        **parts,
    )
    loan.stage, loan.closed_on = Loan.Stage.DISPOSED, timezone.localdate()
    loan.save(update_fields=["stage", "closed_on", "updated_at"])
    decide(loan, Decision.Step.DISPOSE, Decision.Outcome.APPROVED, by, loan.bank, "", loss=str(loss))
    record(
        "financing.collateral_disposed",
        subject=loan_subject(loan),
        public={"date": timezone.localdate().isoformat()},
        confidential={
            key: str(value)
            for key, value in {"debt": debt, "proceeds": applied, "loss": loss, **parts}.items()
        },
        actor=by,
    )
    return allocation


def statement(loan: Loan, organisation_ids: set[int], *, everyone: bool = False) -> list[dict[str, Any]]:
    """Each risk-sharing party's line of the loss: its share, amount, and the fee or premium it earned."""
    allocation = getattr(loan, "loss", None)
    if allocation is None:
        return []
    earned = {"insurer": loan.premium, "guarantor": loan.guarantee_fee, "bank": None}
    shares = loan.programme.risk_shares()
    return [
        {
            "party": role,
            "organisation": getattr(loan, role).name,
            "share": shares[role],
            "loss": getattr(allocation, role),
            "earned": earned[role],
        }
        for role in ("insurer", "guarantor", "bank")
        if everyone or getattr(loan, f"{role}_id") in organisation_ids
    ]
