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
        f"IPHARBOUR_TOKEN_{role}": create_api_token(user=user, name="example", scope="read-write")[1]
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
    # The auctioned collateral now belongs to the buyer, whose deal with the bank has its room.
    sold = defaulted.disposals.get(status="sold")
    assert summary["deal_room_url"].endswith(f"/api/v1/deals/rooms/{sold.deal_room_id}")
    assert {item.asset.owner_id for item in defaulted.pledged.select_related("asset")} == {sold.buyer_id}


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


def test_a_role_without_a_token_gets_a_read_write_one_from_the_token_command(
    cast, alice, monkeypatch, capsys
):
    """The script's `ipharbour token create` call is run through the real command, in this process."""
    import importlib.util

    from django.core.management import call_command

    from accounts.models import ApiToken

    monkeypatch.syspath_prepend(str(SCRIPT.parent))  # the examples' shared client, harbour.py
    spec = importlib.util.spec_from_file_location("pledge_loan_example", SCRIPT)
    assert spec and spec.loader
    script = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(script)
    commands = []

    def run_in_process(command, **kwargs):
        commands.append(command)
        call_command(*command[1:])
        return subprocess.CompletedProcess(command, 0, capsys.readouterr().out, "")

    monkeypatch.setattr(sys.modules["harbour"].subprocess, "run", run_in_process)
    for role in ("BORROWER", "BANK", "INSURER", "GUARANTOR", "OPERATOR", "RECOMMENDER", "VALUER", "BIDDER"):
        monkeypatch.delenv(f"IPHARBOUR_TOKEN_{role}", raising=False)
    monkeypatch.setenv("IPHARBOUR_EMAIL_BORROWER", alice.email)
    for role in ("BANK", "INSURER", "GUARANTOR"):
        monkeypatch.setenv(f"IPHARBOUR_EMAIL_{role}", cast["people"][role.lower()].email)
    monkeypatch.setenv("IPHARBOUR_TOKEN_OPERATOR", "iph_given")
    found = script.tokens_from_environment()
    assert len(commands) == 4 and all(command[:3] == ["ipharbour", "token", "create"] for command in commands)
    assert found["OPERATOR"] == found["VALUER"] == "iph_given"
    made = ApiToken.objects.filter(user=alice)
    assert made.count() == 1 and made.get().scope == ApiToken.Scope.READ_WRITE
    assert made.get().digest == ApiToken.digest_of(found["BORROWER"])


def test_the_example_names_the_missing_roles_when_it_has_neither_token_nor_e_mail(monkeypatch):
    environment = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("IPHARBOUR_TOKEN_", "IPHARBOUR_EMAIL_"))
    }
    run = subprocess.run(
        [sys.executable, str(SCRIPT), "http://127.0.0.1:9"],
        env=environment,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert run.returncode == 1 and "IPHARBOUR_TOKEN_BANK" in run.stderr
