"""A loan step waiting on a member's organisation, and a covenant breach, appear on the member's home."""

import pytest

from core import home
from financing.models import Loan
from financing.services import applications

pytestmark = pytest.mark.django_db

RECOMMEND = "Loan applications to recommend"
GUARANTEE = "Loan applications to decide as guarantor"
COVENANT = "Loans above their covenant's loan-to-value"


def _waiting(user) -> dict[str, int]:
    return {str(item.title): item.count for item in home.inbox_for(user)}


def test_an_application_waits_on_the_party_whose_turn_it_is(apply_for, cast):
    loan = apply_for()
    people = cast["people"]
    assert _waiting(people["recommender"]).get(RECOMMEND) == 1
    assert GUARANTEE not in _waiting(people["guarantor"])
    applications.recommend(loan=loan, by=people["recommender"], reasons="Known SME")
    assert RECOMMEND not in _waiting(people["recommender"])
    assert _waiting(people["guarantor"]).get(GUARANTEE) == 1


def test_the_borrower_and_outsiders_see_no_decision_waiting(apply_for, alice, charlie):
    apply_for()
    titles = {*_waiting(alice), *_waiting(charlie)}
    assert not any(str(title).startswith("Loan applications") for title in titles)


def test_a_covenant_breach_waits_on_the_bank_and_the_borrower_only(approved_loan, cast, alice, charlie):
    Loan.objects.filter(pk=approved_loan.pk).update(covenant_breached=True)
    assert _waiting(cast["people"]["bank"]).get(COVENANT) == 1
    assert _waiting(alice).get(COVENANT) == 1
    assert COVENANT not in _waiting(cast["people"]["insurer"])
    assert COVENANT not in _waiting(charlie)


def test_the_home_page_links_the_waiting_application(apply_for, cast, client):
    apply_for()
    client.force_login(cast["people"]["recommender"])
    html = client.get("/").content.decode()
    assert RECOMMEND in html and 'href="/financing/"' in html


def test_ended_auctions_wait_on_the_bank_and_offers_on_the_fund(approved_loan, cast, alice):
    import datetime

    from django.utils import timezone

    from financing.models import Disposal
    from financing.services import default, servicing

    bank = cast["people"]["bank"]
    loan = servicing.disburse(
        loan=approved_loan, by=bank, day=timezone.localdate() - datetime.timedelta(days=200)
    )
    default.declare_default(loan=loan, by=bank, reasons="Stopped paying")
    auction = default.start_auction(
        loan=loan, by=bank, reserve_price="1", ends_at=timezone.now() + datetime.timedelta(hours=1)
    )
    ended = "Collateral auctions ended, to close"
    assert ended not in _waiting(bank)
    Disposal.objects.filter(pk=auction.pk).update(ends_at=timezone.now() - datetime.timedelta(seconds=1))
    assert _waiting(bank).get(ended) == 1 and ended not in _waiting(alice)
    default.close_auction(disposal=auction, by=bank)
    offer = default.offer_to_fund(loan=loan, by=bank, fund=cast["orgs"]["fund"])
    offered = "Collateral offered to your recovery fund"
    assert _waiting(cast["people"]["fund"]).get(offered) == 1
    assert offered not in _waiting(bank) and offer.pk


def _activity(user) -> list[str]:
    return [str(item.verb) for item in home.recent_activity(user, limit=50)]


def test_the_loans_parties_see_its_steps_as_recent_activity(approved_loan, cast, alice, bob):
    for person in (alice, bob, cast["people"]["bank"], cast["people"]["guarantor"]):
        steps = _activity(person)
        assert "A loan was applied for" in steps
        assert "The bank approved the loan" in steps
        assert "The pledge was registered" in steps


def test_the_home_page_links_the_loan_and_shows_no_amount(client, approved_loan, alice):
    client.force_login(alice)
    html = client.get("/").content.decode()
    assert f'href="/financing/loans/{approved_loan.pk}/"' in html
    assert "The application was recommended" in html
    for amount in ("1000000", "1,000,000", "10000", "10,000"):
        assert amount not in html


def test_an_outsider_and_staff_see_none_of_the_loans_activity(client, approved_loan, charlie, staff):
    for person in (charlie, staff):
        assert "A loan was applied for" not in _activity(person)
        client.force_login(person)
        assert f"/financing/loans/{approved_loan.pk}/" not in client.get("/").content.decode()
