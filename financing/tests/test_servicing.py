"""Disbursement, payments, arrears and late fees, subsidies, repayment and pledge release."""

import datetime
from decimal import Decimal

import pytest

from assets.services import record_transfer
from core.errors import Conflict, InvalidInput
from financing.models import Loan, SubsidyClaim
from financing.services import servicing, subsidies
from financing.services.schedule import cents, late_fee
from ledger.models import Entry

pytestmark = pytest.mark.django_db
DAY = datetime.date(2026, 1, 15)


@pytest.fixture
def active_loan(approved_loan, cast):
    return servicing.disburse(loan=approved_loan, by=cast["people"]["bank"], day=DAY)


def _pay_all(loan, bank):
    for instalment in loan.instalments.order_by("number"):
        servicing.record_payment(
            loan=loan, by=bank, amount=str(instalment.amount), currency="HKD", day=instalment.due_date
        )


def test_disbursement_creates_the_schedule_whose_principal_is_the_loan(active_loan):
    assert active_loan.stage == Loan.Stage.ACTIVE
    assert active_loan.instalments.count() == 12
    assert sum(i.principal for i in active_loan.instalments.all()) == active_loan.principal


def test_a_payment_in_the_wrong_currency_is_refused_and_nothing_changes(active_loan, cast):
    with pytest.raises(InvalidInput, match="in HKD"):
        servicing.record_payment(
            loan=active_loan, by=cast["people"]["bank"], amount="1000", currency="USD", day=DAY
        )
    assert not active_loan.payments.exists()
    assert all(i.paid_principal == 0 for i in active_loan.instalments.all())


def test_only_the_bank_records_payments(active_loan, alice):
    from core.errors import Forbidden

    with pytest.raises(Forbidden):
        servicing.record_payment(loan=active_loan, by=alice, amount="1000", currency="HKD", day=DAY)


def test_a_payment_goes_to_interest_before_principal(active_loan, cast):
    first = active_loan.instalments.get(number=1)
    payment = servicing.record_payment(
        loan=active_loan,
        by=cast["people"]["bank"],
        amount=str(first.amount),
        currency="HKD",
        day=first.due_date,
    )
    assert payment.to_interest == first.interest and payment.to_principal == first.principal
    first.refresh_from_db()
    assert first.paid_on == first.due_date


def test_arrears_count_days_past_due_and_late_fees(active_loan):
    first = active_loan.instalments.get(number=1)
    as_of = first.due_date + datetime.timedelta(days=20)
    owed = servicing.arrears(active_loan, as_of)
    assert owed["days_past_due"] == 20 and owed["instalments"] == 1
    assert owed["amount"] == first.amount
    assert owed["late_fees"] == late_fee(first.amount, active_loan.programme.late_fee_rate, 20)


def test_a_late_payment_pays_the_late_fee_first(active_loan, cast):
    first = active_loan.instalments.get(number=1)
    day = first.due_date + datetime.timedelta(days=10)
    fee = late_fee(first.amount, active_loan.programme.late_fee_rate, 10)
    payment = servicing.record_payment(
        loan=active_loan, by=cast["people"]["bank"], amount=str(first.amount + fee), currency="HKD", day=day
    )
    assert payment.to_fees == fee
    assert payment.to_fees + payment.to_interest + payment.to_principal == payment.amount


def test_full_repayment_releases_the_pledge_in_the_registry_and_the_log(active_loan, cast):
    _pay_all(active_loan, cast["people"]["bank"])
    active_loan.refresh_from_db()
    assert active_loan.stage == Loan.Stage.REPAID
    pledge = active_loan.pledged.get().encumbrance
    assert pledge.released_at is not None
    assert Entry.objects.filter(kind="financing.pledge_released").exists()


def test_a_live_pledge_blocks_a_transfer_until_released(active_loan, alice, cast):
    asset = active_loan.pledged.get().asset
    with pytest.raises(Conflict, match="pledged"):
        record_transfer(asset=asset, by=alice, day=DAY, to_name="Someone")
    _pay_all(active_loan, cast["people"]["bank"])
    record_transfer(asset=asset, by=alice, day=DAY + datetime.timedelta(days=400), to_name="Someone")


def test_interest_subsidy_is_the_programme_share_of_interest_paid(active_loan, cast, alice):
    first = active_loan.instalments.get(number=1)
    servicing.record_payment(
        loan=active_loan,
        by=cast["people"]["bank"],
        amount=str(first.amount),
        currency="HKD",
        day=first.due_date,
    )
    claim = subsidies.claim(loan=active_loan, by=alice, kind=SubsidyClaim.Kind.INTEREST)
    assert claim.amount == cents(first.interest * active_loan.programme.interest_subsidy_share)
    with pytest.raises(Conflict):
        subsidies.claim(loan=active_loan, by=alice, kind=SubsidyClaim.Kind.INTEREST)


def test_premium_subsidy_is_capped_and_limited_by_the_budget(active_loan, alice):
    programme = active_loan.programme
    programme.premium_subsidy_cap = Decimal("100")
    programme.subsidy_budget = Decimal("60")
    programme.save()
    claim = subsidies.claim(loan=active_loan, by=alice, kind=SubsidyClaim.Kind.PREMIUM)
    assert claim.amount == Decimal("60")


def test_the_officer_pays_a_claim(active_loan, alice, cast):
    claim = subsidies.claim(loan=active_loan, by=alice, kind=SubsidyClaim.Kind.PREMIUM)
    subsidies.pay(subsidy=claim, by=cast["people"]["officer"])
    claim.refresh_from_db()
    assert claim.status == SubsidyClaim.Status.PAID
