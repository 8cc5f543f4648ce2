"""docs/examples/valuation_request.py plays a valuation on request against a running server."""

import json
import os
import subprocess
import sys
from decimal import Decimal
from pathlib import Path

import pytest

from accounts.services import create_api_token
from valuation.models import Valuation, ValuationRequest, ValuerService

SCRIPT = Path(__file__).resolve().parents[2] / "docs" / "examples" / "valuation_request.py"


def _run(url: str, env: dict) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, str(SCRIPT), url], capture_output=True, text=True, env=env, timeout=300, check=False
    )


@pytest.mark.django_db(transaction=True)
def test_the_example_script_plays_a_valuation_on_request(live_server, alice, make_organisation, make_user):
    valuer_org = make_organisation("Harbour Valuers")
    victor = make_user("victor@example.com", valuer_org, "member")
    ValuerService.objects.create(
        organisation=valuer_org, title="Report", fee_amount=Decimal("68000"), fee_currency="HKD"
    )
    env = {
        **os.environ,
        "IPHARBOUR_TOKEN_OWNER": create_api_token(user=alice, name="example", scope="read-write")[1],
        "IPHARBOUR_TOKEN_VALUER": create_api_token(user=victor, name="example", scope="read-write")[1],
    }
    done = _run(live_server.url, env)
    assert done.returncode == 0, done.stdout + done.stderr
    result = json.loads(done.stdout.strip().splitlines()[-1])
    request = ValuationRequest.objects.get()
    assert result["status"] == "delivered" and request.status == ValuationRequest.Status.DELIVERED
    assert result["request_url"].endswith(f"/api/v1/valuation/requests/{request.pk}")
    assert request.valuation is not None
    assert request.valuation.status == Valuation.Status.FINAL and request.valuation.valuer == valuer_org


@pytest.mark.django_db(transaction=True)
def test_the_example_script_fails_loudly_without_tokens(live_server):
    env = {k: v for k, v in os.environ.items() if not k.startswith("IPHARBOUR_TOKEN_")}
    done = _run(live_server.url, env)
    assert done.returncode == 1 and "IPHARBOUR_TOKEN_OWNER" in done.stderr
