"""docs/examples/pledge_loan.py played against a live server: one loan repaid, one defaulted and sold."""

import json
import os
import subprocess
import sys
from decimal import Decimal
from pathlib import Path

import pytest

from accounts.services import create_api_token
from assets.models import Encumbrance
from conftest import shared_data
from financing.models import Loan

SCRIPT = Path(__file__).resolve().parents[2] / "docs" / "examples" / "pledge_loan.py"


@pytest.fixture
def tokens(cast, alice, staff):
    from accounts.models import Membership

    # The operator's person acts for the programme office, as the demo's operator does for its organisation.
    Membership.objects.create(user=staff, organisation=cast["orgs"]["officer"], role="admin")
    people = {
        "BORROWER": alice,
        "OPERATOR": staff,
        "VALUER": cast["people"]["valuer"],
        "BIDDER": cast["people"]["bidder"],
    }
    for role in ("bank", "insurer", "guarantor", "recommender"):
        people[role.upper()] = cast["people"][role]
    return {
        f"IPHARBOUR_TOKEN_{role}": create_api_token(user=user, name="example")[1]
        for role, user in people.items()
    }


@pytest.mark.django_db(transaction=True)
def test_the_example_repays_one_loan_and_disposes_of_another(live_server, tokens, cast):
    shared_data("reference/figures.json")
    environment = {**os.environ, **tokens}
    run = subprocess.run(
        [sys.executable, str(SCRIPT), live_server.url],
        env=environment,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert run.returncode == 0, run.stderr + run.stdout
    summary = json.loads(run.stdout.strip().splitlines()[-1])
    repaid = Loan.objects.get(pk=summary["repaid_loan_url"].rstrip("/").rsplit("/", 1)[-1])
    defaulted = Loan.objects.get(pk=summary["defaulted_loan_url"].rstrip("/").rsplit("/", 1)[-1])
    assert repaid.stage == Loan.Stage.REPAID and defaulted.stage == Loan.Stage.DISPOSED
    assert Decimal(summary["loss"]) == defaulted.loss.loss > 0
    assert {role: Decimal(value) for role, value in summary["loss_allocation"].items()} == {
        "insurer": defaulted.loss.insurer,
        "guarantor": defaulted.loss.guarantor,
        "bank": defaulted.loss.bank,
    }
    pledges = Encumbrance.objects.filter(asset_id__in=summary["pledged_asset_ids"], kind="pledge")
    assert pledges.count() == 2 and not pledges.filter(released_at__isnull=True).exists()


def test_the_example_fails_with_a_non_zero_status_when_a_step_fails(live_server, tokens):
    environment = {**os.environ, **tokens, "IPHARBOUR_TOKEN_BANK": "iph_not-a-token"}
    run = subprocess.run(
        [sys.executable, str(SCRIPT), live_server.url],
        env=environment,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert run.returncode == 1 and "FAILED" in run.stderr
