"""The financing demo: two programmes and loans at every stage, each step taken by its own party."""

import pytest

from conftest import shared_data
from financing.models import CovenantAlert, Disposal, Loan, Programme

pytestmark = pytest.mark.django_db


def test_the_demo_has_loans_at_several_stages_and_loads_once(django_capture_on_commit_callbacks):
    from demo.base import load_demo

    shared_data("reference/figures.json")
    with django_capture_on_commit_callbacks(execute=True):
        load_demo()
        load_demo()
    assert Programme.objects.filter(is_demo=True).count() == 2
    stages = set(Loan.objects.filter(is_demo=True).values_list("stage", flat=True))
    assert {"applied", "insured", "active", "repaid", "disposed", "defaulted"} <= stages
    disposed = Loan.objects.get(stage="disposed")
    assert (
        disposed.loss.insurer
        + disposed.loss.guarantor
        + disposed.loss.bank
        + disposed.loss.government_compensation
        == disposed.loss.loss
    )
    assert CovenantAlert.objects.filter(loan__stage="active").exists()
    # The recovery fund holds the title of what it bought; another collateral is up for auction.
    bought = disposed.pledged.select_related("asset").get().asset
    assert bought.owner is not None and bought.owner.slug == "demo-investor" and bought.transfers.count() == 1
    auction = Disposal.objects.get(status="open", method="auction")
    assert auction.loan.stage == "defaulted" and auction.bids.count() == 1
    # The university's application pledges the patent licensed in the deals demo: the lender sees its royalty.
    from financing.services.evidence import licence_income

    applied = Loan.objects.get(stage="applied")
    assert licence_income(applied)["deals"][0]["royalty_reports"]
    from financing.models import LicenceBack

    assert LicenceBack.objects.get().status == LicenceBack.Status.ACTIVE
    assert all("(demo)" in programme.name for programme in Programme.objects.all())


def test_the_demo_logins_list_the_financing_people_with_the_others():
    from io import StringIO

    from django.core.management import call_command

    out = StringIO()
    call_command("demo", logins=True, stdout=out)
    printed = out.getvalue()
    for email in (
        "insurer@demo.ipharbour.example",
        "guarantor@demo.ipharbour.example",
        "bd@demo.ipharbour.example",
    ):
        assert printed.count(email) == 1
