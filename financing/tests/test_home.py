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
