"""Covenant monitoring: a revaluation of pledged collateral recomputes the loan-to-value and alerts."""

import pytest
from django.core import mail

from financing.models import CovenantAlert
from financing.services import servicing
from valuation import services as valuation_services

pytestmark = pytest.mark.django_db


def cost(amount):
    return {"cost": {"currency": "HKD", "cost_items": [{"description": "re-estimate", "amount": amount}]}}


@pytest.fixture
def watched(approved_loan, cast, alice):
    loan = servicing.disburse(loan=approved_loan, by=cast["people"]["bank"])
    asset = loan.pledged.get().asset
    draft = valuation_services.create_valuation(
        asset=asset, by=alice, purpose="financing", methods=["cost"], inputs=cost("4000000"), currency="HKD"
    )
    valuation_services.run_valuation(valuation=draft, by=alice)
    return loan, draft


def revalue(valuation, amount, capture):
    with capture(execute=True):
        valuation_services.update_inputs(valuation=valuation, by=valuation.created_by, inputs=cost(amount))


def test_a_revaluation_recomputes_the_loan_to_value(watched, django_capture_on_commit_callbacks):
    loan, draft = watched
    revalue(draft, "2000000", django_capture_on_commit_callbacks)
    loan.refresh_from_db()
    assert loan.current_value == 2000000
    assert loan.current_ltv == servicing.outstanding(loan) / 2000000
    assert not loan.covenant_breached


def test_crossing_the_covenant_alerts_the_bank_and_the_borrower_once(
    watched, django_capture_on_commit_callbacks, cast
):
    loan, draft = watched
    mail.outbox.clear()
    revalue(draft, "1000000", django_capture_on_commit_callbacks)
    loan.refresh_from_db()
    assert loan.covenant_breached and CovenantAlert.objects.filter(loan=loan).count() == 1
    recipients = {address for message in mail.outbox for address in message.to}
    assert {"alice@example.com", "bank@example.com"} <= recipients
    assert "outsider" not in " ".join(recipients) and "charlie@example.com" not in recipients
    revalue(draft, "900000", django_capture_on_commit_callbacks)
    assert CovenantAlert.objects.filter(loan=loan).count() == 1


def test_a_revaluation_of_an_unpledged_asset_touches_no_loan(
    cast, alice, alice_org, approved_loan, django_capture_on_commit_callbacks
):
    from tests.factories import make_asset

    other = make_asset(alice_org, number="CN999999A")
    draft = valuation_services.create_valuation(
        asset=other, by=alice, purpose="financing", methods=["cost"], inputs=cost("10"), currency="HKD"
    )
    valuation_services.run_valuation(valuation=draft, by=alice)
    revalue(draft, "1", django_capture_on_commit_callbacks)
    approved_loan.refresh_from_db()
    assert approved_loan.current_ltv is None
