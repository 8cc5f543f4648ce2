"""Financing in Chromium: the bank approves an insured application on the loan page, the pledge is
registered, and the lending desk draws its book; a member finds a collateral auction on the marketplace,
bids, and after the sale reaches its deal room with the bank."""

import re

import pytest

from financing.tests.conftest import (  # noqa: F401  (fixtures)
    apply_for,
    approved_loan,
    cast,
    make_valued_asset,
    programme,
)

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


@pytest.fixture
def insured(cast, apply_for):  # noqa: F811
    from financing.services import applications

    people = cast["people"]
    loan = apply_for("1200000")
    applications.recommend(loan=loan, by=people["recommender"], reasons="Known SME")
    applications.guarantee(loan=loan, by=people["guarantor"], fee="12000")
    applications.insure(loan=loan, by=people["insurer"])
    return loan


def test_the_bank_approves_on_the_loan_page_and_sees_its_book(page, login, cast, insured):  # noqa: F811
    login(cast["people"]["bank"])
    page.goto(f"/financing/loans/{insured.pk}/")
    assert "waiting for the bank" in page.content()
    form = page.locator("form", has_text="Approve the loan and register the pledge")
    form.locator("input[name=bank-principal]").fill("1200000")
    form.locator("input[name=bank-annual_rate]").fill("0.045")
    form.locator("input[name=bank-term_months]").fill("12")
    form.locator("select[name=bank-repayment_type]").select_option("annuity")
    form.locator("button[type=submit]").click()
    page.wait_for_selector("text=Done.")
    assert "Approved, pledge registered" in page.content()
    assert re.search(r"registered \d{4}-\d{2}-\d{2}", page.content())

    page.goto("/financing/desk/")
    assert page.locator("svg.chart").count() >= 1
    assert "Alice Bio" in page.content()


def test_a_member_finds_the_auction_on_the_marketplace_bids_and_reaches_the_deal_room(
    page,
    login,
    cast,  # noqa: F811
    approved_loan,  # noqa: F811
):
    import datetime

    from django.utils import timezone

    from financing.models import Disposal
    from financing.services import default, servicing

    bank = cast["people"]["bank"]
    loan = servicing.disburse(
        loan=approved_loan, by=bank, day=timezone.localdate() - datetime.timedelta(days=200)
    )
    default.declare_default(loan=loan, by=bank, reasons="Stopped paying")
    disposal = default.start_auction(
        loan=loan, by=bank, reserve_price="300000", ends_at=timezone.now() + datetime.timedelta(hours=1)
    )
    login(cast["people"]["bidder"])
    page.goto("/marketplace/")
    page.click("text=1 collateral auction open for bids")
    page.click(f"text=Auction {disposal.pk}")
    form = page.locator("form", has_text="Place the bid")
    form.locator("select[name=bidder]").select_option(label="Bidder Tech")
    form.locator("input[name=amount]").fill("-5")
    form.locator("button[type=submit]").click()
    assert disposal.bids.count() == 0
    form = page.locator("form", has_text="Place the bid")
    form.locator("select[name=bidder]").select_option(label="Bidder Tech")
    form.locator("input[name=amount]").fill("350000")
    form.locator("button[type=submit]").click()
    page.wait_for_selector("text=Your bid is placed.")
    Disposal.objects.filter(pk=disposal.pk).update(ends_at=timezone.now() - datetime.timedelta(seconds=1))
    default.close_auction(disposal=disposal, by=bank)
    page.reload()
    page.click("text=Complete the sale in the deal room")
    page.wait_for_url(re.compile(r"/deals/\d+/"))
    assert "Victoria Bank" in page.content()
