"""Default by rule or decision, disposal by auction or recovery fund, and the loss shared to the cent."""

import datetime
from decimal import Decimal

import pytest
from django.utils import timezone

from core.errors import Conflict, Forbidden, InvalidInput
from financing.models import Disposal, Loan
from financing.services import default, servicing
from financing.services.allocation import allocate

pytestmark = pytest.mark.django_db


@pytest.fixture
def defaulted(approved_loan, cast):
    bank = cast["people"]["bank"]
    loan = servicing.disburse(
        loan=approved_loan, by=bank, day=timezone.localdate() - datetime.timedelta(days=200)
    )
    return default.declare_default(loan=loan, by=bank, reasons="Borrower stopped paying")


def test_the_days_past_due_rule_puts_a_loan_in_default(approved_loan, cast):
    loan = servicing.disburse(loan=approved_loan, by=cast["people"]["bank"], day=datetime.date(2026, 1, 1))
    first_due = loan.instalments.get(number=1).due_date
    days = loan.programme.default_days_past_due
    assert default.apply_default_rule(as_of=first_due + datetime.timedelta(days=days - 1)) == []
    assert default.apply_default_rule(as_of=first_due + datetime.timedelta(days=days)) == [loan.pk]
    loan.refresh_from_db()
    assert loan.stage == Loan.Stage.DEFAULTED


def test_only_the_bank_declares_a_default(approved_loan, cast, alice):
    loan = servicing.disburse(loan=approved_loan, by=cast["people"]["bank"])
    with pytest.raises(Forbidden):
        default.declare_default(loan=loan, by=alice, reasons="no")


def test_recovery_fund_purchase_allocates_the_loss_by_the_programme_shares(defaulted, cast):
    bank, fund = cast["people"]["bank"], cast["people"]["fund"]
    disposal = default.offer_to_fund(loan=defaulted, by=bank, fund=cast["orgs"]["fund"])
    debt = servicing.outstanding(defaulted)
    default.fund_purchase(disposal=disposal, by=fund, price="400000.01")
    defaulted.refresh_from_db()
    loss = defaulted.loss
    assert defaulted.stage == Loan.Stage.DISPOSED
    assert loss.debt == debt and loss.loss == debt - Decimal("400000.01")
    assert loss.insurer + loss.guarantor + loss.bank + loss.government_compensation == loss.loss
    assert {"insurer": loss.insurer, "guarantor": loss.guarantor, "bank": loss.bank} == allocate(
        loss.loss, defaulted.programme.risk_shares()
    )
    assert defaulted.pledged.get().encumbrance.released_at is not None


def test_government_compensation_comes_off_the_loss_first(defaulted, cast):
    programme = defaulted.programme
    programme.government_compensation_share = Decimal("0.25")
    programme.save()
    disposal = default.offer_to_fund(loan=defaulted, by=cast["people"]["bank"], fund=cast["orgs"]["fund"])
    default.fund_purchase(disposal=disposal, by=cast["people"]["fund"], price="100000")
    loss = Loan.objects.get(pk=defaulted.pk).loss
    assert loss.government_compensation == (loss.loss * Decimal("0.25")).quantize(Decimal("0.01"))
    assert loss.insurer + loss.guarantor + loss.bank == loss.loss - loss.government_compensation


def test_a_sealed_auction_sells_to_the_highest_bid_at_or_above_the_reserve(defaulted, cast, settings):
    bank, bidder = cast["people"]["bank"], cast["people"]["bidder"]
    disposal = default.start_auction(
        loan=defaulted, by=bank, reserve_price="300000", ends_at=timezone.now() + datetime.timedelta(hours=1)
    )
    default.place_bid(disposal=disposal, by=bidder, bidder=cast["orgs"]["bidder"], amount="350000")
    default.place_bid(disposal=disposal, by=bidder, bidder=cast["orgs"]["bidder"], amount="320000")
    with pytest.raises(Conflict):
        default.close_auction(disposal=disposal, by=bank)
    Disposal.objects.filter(pk=disposal.pk).update(ends_at=timezone.now() - datetime.timedelta(seconds=1))
    closed = default.close_auction(disposal=disposal, by=bank)
    assert closed.status == Disposal.Status.SOLD and closed.price == Decimal("350000")
    assert closed.buyer == cast["orgs"]["bidder"]


def test_an_open_auction_takes_only_higher_bids(defaulted, cast):
    disposal = default.start_auction(
        loan=defaulted,
        by=cast["people"]["bank"],
        reserve_price="1",
        sealed=False,
        ends_at=timezone.now() + datetime.timedelta(hours=1),
    )
    bidder, org = cast["people"]["bidder"], cast["orgs"]["bidder"]
    default.place_bid(disposal=disposal, by=bidder, bidder=org, amount="1000")
    with pytest.raises(InvalidInput):
        default.place_bid(disposal=disposal, by=bidder, bidder=org, amount="1000")


def test_no_bid_at_the_reserve_leaves_the_collateral_unsold_and_the_loan_in_default(defaulted, cast):
    bank = cast["people"]["bank"]
    disposal = default.start_auction(
        loan=defaulted, by=bank, reserve_price="900000", ends_at=timezone.now() + datetime.timedelta(hours=1)
    )
    default.place_bid(
        disposal=disposal, by=cast["people"]["bidder"], bidder=cast["orgs"]["bidder"], amount="100"
    )
    Disposal.objects.filter(pk=disposal.pk).update(ends_at=timezone.now() - datetime.timedelta(seconds=1))
    assert default.close_auction(disposal=disposal, by=bank).status == Disposal.Status.UNSOLD
    defaulted.refresh_from_db()
    assert defaulted.stage == Loan.Stage.DEFAULTED


def test_the_borrower_cannot_bid_for_its_own_collateral(defaulted, cast, alice, alice_org):
    disposal = default.start_auction(
        loan=defaulted,
        by=cast["people"]["bank"],
        reserve_price="1",
        ends_at=timezone.now() + datetime.timedelta(hours=1),
    )
    with pytest.raises(Forbidden):
        default.place_bid(disposal=disposal, by=alice, bidder=alice_org, amount="100")


def test_each_party_statement_shows_its_own_share(defaulted, cast):
    disposal = default.offer_to_fund(loan=defaulted, by=cast["people"]["bank"], fund=cast["orgs"]["fund"])
    default.fund_purchase(disposal=disposal, by=cast["people"]["fund"], price="500000")
    loan = Loan.objects.get(pk=defaulted.pk)
    lines = default.statement(loan, {cast["orgs"]["insurer"].pk})
    assert [line["party"] for line in lines] == ["insurer"]
    assert lines[0]["loss"] == loan.loss.insurer


def test_the_daily_command_applies_the_days_past_due_rule(approved_loan, cast):
    from io import StringIO

    from django.core.management import call_command

    loan = servicing.disburse(loan=approved_loan, by=cast["people"]["bank"], day=datetime.date(2020, 1, 1))
    out = StringIO()
    call_command("financing_defaults", stdout=out)
    loan.refresh_from_db()
    assert loan.stage == Loan.Stage.DEFAULTED and str(loan.pk) in out.getvalue()
