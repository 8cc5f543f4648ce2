"""docs/examples/deal_flow.py plays a whole licence deal against a running server and reports what it did."""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from accounts.services import create_api_token
from assets.models import Encumbrance
from deals.models import DealRoom
from ledger.models import Entry

SCRIPT = Path(__file__).resolve().parents[2] / "docs" / "examples" / "deal_flow.py"


@pytest.mark.django_db(transaction=True)
def test_the_example_script_plays_a_whole_licence_deal(live_server, listing, asset, alice, dana):
    env = {
        **os.environ,
        "IPHARBOUR_TOKEN_SELLER": create_api_token(user=alice, name="example", scope="read-write")[1],
        "IPHARBOUR_TOKEN_BUYER": create_api_token(user=dana, name="example", scope="read-write")[1],
    }
    done = subprocess.run(
        [sys.executable, str(SCRIPT), live_server.url],
        capture_output=True,
        text=True,
        env=env,
        timeout=300,
        check=False,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    result = json.loads(done.stdout.strip().splitlines()[-1])
    room = DealRoom.objects.get()
    assert result["deal_url"] == f"{live_server.url}/api/v1/deals/rooms/{room.pk}"
    assert result["asset_id"] == asset.pk
    assert room.status == DealRoom.Status.SIGNED
    assert Encumbrance.objects.filter(
        asset=asset, holder_organisation=room.buyer, kind="exclusive_licence"
    ).exists()
    logged = set(Entry.objects.filter(index__in=result["ledger_indexes"]).values_list("kind", flat=True))
    assert "deal.signed" in logged


@pytest.mark.django_db(transaction=True)
def test_the_example_script_fails_loudly_without_tokens(live_server):
    env = {k: v for k, v in os.environ.items() if not k.startswith("IPHARBOUR_TOKEN_")}
    done = subprocess.run(
        [sys.executable, str(SCRIPT), live_server.url],
        capture_output=True,
        text=True,
        env=env,
        timeout=60,
        check=False,
    )
    assert done.returncode == 1 and "IPHARBOUR_TOKEN_SELLER" in done.stderr
