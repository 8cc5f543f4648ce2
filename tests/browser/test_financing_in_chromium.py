"""Financing in Chromium: the bank approves an insured application on the loan page, the pledge is
registered, and the lending desk draws its book."""

import re

import pytest

from financing.tests.conftest import apply_for, cast, make_valued_asset, programme  # noqa: F401  (fixtures)

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
