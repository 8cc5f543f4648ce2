"""docs/examples/dispute.py against a live server: from a signed deal to a final award through the API."""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from accounts.services import create_api_token
from disputes.models import Case, Neutral, NeutralConflict

# Transactional: the script talks to the live server. The rule templates and the NDA template that a flush
# empties are seeded again by the fixtures (hkiac, _nda_template).
pytestmark = pytest.mark.django_db(transaction=True)

SCRIPT = Path(__file__).resolve().parents[2] / "docs" / "examples" / "dispute.py"


@pytest.fixture
def world(signed, alice, dana, hana, hkiac, ivan, jun, kit, make_user, dana_org):
    lee = Neutral.objects.create(user=make_user("lee@example.com"), name="Lee Conflicted", hourly_rate="4000")
    NeutralConflict.objects.create(
        neutral=lee, organisation=dana_org, reason="Former general counsel of Dana"
    )
    people = {"CLAIMANT": alice, "RESPONDENT": dana, "OFFICER": hana, "ARBITRATOR": ivan.user}
    return {
        role: create_api_token(user=user, name="example", scope="read-write")[1]
        for role, user in people.items()
    }


def test_the_example_files_refuses_appoints_exchanges_and_awards(live_server, world, signed):
    env = {**os.environ, **{f"IPHARBOUR_TOKEN_{role}": token for role, token in world.items()}}
    result = subprocess.run(
        [sys.executable, str(SCRIPT), live_server.url], capture_output=True, text=True, env=env, timeout=300
    )
    assert result.returncode == 0, result.stderr
    summary = json.loads(result.stdout.strip().splitlines()[-1])
    case = Case.objects.get()
    assert summary["case_url"] == f"{live_server.url}/api/v1/disputes/cases/{case.pk}"
    assert case.status == Case.Status.AWARDED and case.deal_room == signed["room"]
    # The party is told the neutral is conflicted; the neutral's private reason stays with the neutral.
    assert "conflict of interest" in summary["refused"]
    assert "Former general counsel of Dana" not in summary["refused"]
    assert case.appointments.count() == 3 and case.submissions.count() == 2
    assert signed["agreement"].sha256 in summary["files"]


def test_the_example_exits_non_zero_when_a_step_fails(live_server, world):
    env = {**os.environ, **{f"IPHARBOUR_TOKEN_{role}": token for role, token in world.items()}}
    env["IPHARBOUR_TOKEN_OFFICER"] = "iph_not-a-token"
    result = subprocess.run(
        [sys.executable, str(SCRIPT), live_server.url], capture_output=True, text=True, env=env, timeout=300
    )
    assert result.returncode == 1 and "FAILED" in result.stderr


ROSTER_SCRIPT = SCRIPT.parent / "roster_application.py"


def test_the_roster_example_applies_and_the_centre_approves(live_server, make_user, hana, institution):
    lee = make_user("lee@example.com")
    env = {
        **os.environ,
        "IPHARBOUR_TOKEN_APPLICANT": create_api_token(user=lee, name="example", scope="read-write")[1],
        "IPHARBOUR_TOKEN_OFFICER": create_api_token(user=hana, name="example", scope="read-write")[1],
    }
    result = subprocess.run(
        [sys.executable, str(ROSTER_SCRIPT), live_server.url],
        capture_output=True,
        text=True,
        env=env,
        timeout=300,
    )
    assert result.returncode == 0, result.stderr
    summary = json.loads(result.stdout.strip().splitlines()[-1])
    neutral = Neutral.objects.get(user=lee)
    assert summary["status"] == "approved" and summary["neutral"] == neutral.pk
    assert summary["application_url"].endswith(f"/roster-applications/{neutral.applications.get().pk}")
    assert summary["conflicts"] == ["Example Rival Pharma"] and list(neutral.rosters.all()) == [institution]
