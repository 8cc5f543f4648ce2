"""One origin for the log: the server and the command line sign and serve heads under the same name."""

import io
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.management import call_command

from ledger import services
from ledger.models import TreeHead

ROOT_DIR = Path(__file__).resolve().parents[2]
SERVER_SITE = "http://127.0.0.1:8123"  # as ./run --port 8123 exports it for the server only
pytestmark = pytest.mark.django_db


def _export_heads(directory: Path) -> list[dict]:
    target = directory / "export.jsonl"
    call_command("ledger", "export", str(target), stdout=io.StringIO(), stderr=io.StringIO())
    lines = [json.loads(line) for line in target.read_text().splitlines()]
    return [line for line in lines if line["type"] in {"head", "ledger-export"}]


def test_a_command_without_the_site_url_signs_under_the_servers_origin(client, settings, tmp_path):
    settings.SITE_URL = SERVER_SITE
    services.record("asset.registered", subject="a:1", public={})
    served = client.get("/api/v1/ledger/checkpoint").content.decode().splitlines()[0]
    assert served == "127.0.0.1:8123/ledger"

    settings.SITE_URL = "http://127.0.0.1:8000"  # the command line's environment: no IPHARBOUR_SITE_URL
    services.record("asset.registered", subject="a:2", public={})
    exported = _export_heads(tmp_path)

    settings.SITE_URL = SERVER_SITE
    assert {line["origin"] for line in exported} == {served}
    assert set(TreeHead.objects.values_list("origin", flat=True)) == {served}
    assert client.get("/api/v1/ledger/checkpoint").content.decode().splitlines()[0] == served


def test_the_configured_origin_wins_everywhere(settings, tmp_path):
    settings.LEDGER_ORIGIN = "exchange.example/log"
    settings.SITE_URL = SERVER_SITE
    services.sign_tree_head()
    settings.SITE_URL = "http://127.0.0.1:8000"
    services.record("asset.registered", subject="a:1", public={})
    assert {line["origin"] for line in _export_heads(tmp_path)} == {"exchange.example/log"}
    assert services.origin() == "exchange.example/log"


SERVE_CHECKPOINT = """
import django
django.setup()
from django.core.management import call_command
from django.test import Client
from ledger import services
call_command("migrate", verbosity=0)
services.record("asset.registered", subject="a:%s" % services.tree_state().size, public={})
if SERVE:
    print(Client().get("/api/v1/ledger/checkpoint").content.decode().splitlines()[0])
"""


def test_the_ipharbour_command_and_the_server_agree_on_the_origin(tmp_path):
    env = {k: v for k, v in os.environ.items() if not k.startswith(("IPHARBOUR_", "DATABASE_URL"))}
    env |= {"IPHARBOUR_DATA_DIR": str(tmp_path), "DJANGO_SETTINGS_MODULE": "ipharbour.settings"}
    server = {**env, "IPHARBOUR_SITE_URL": SERVER_SITE}

    def run(args, environment):
        done = subprocess.run(
            args, cwd=ROOT_DIR, env=environment, capture_output=True, text=True, timeout=300
        )
        assert done.returncode == 0, done.stderr[-2000:]
        return done.stdout

    serve, append_only = "SERVE = True" + SERVE_CHECKPOINT, "SERVE = False" + SERVE_CHECKPOINT
    served = run([sys.executable, "-c", serve], server).strip().splitlines()[-1]
    run([sys.executable, "-c", append_only], env)  # the log grew, so the export signs a new head
    exported = run([sys.executable, "manage.py", "ledger", "export", "-"], env)
    origins = {json.loads(line).get("origin") for line in exported.splitlines()} - {None}
    assert origins == {served} == {"127.0.0.1:8123/ledger"}
    assert run([sys.executable, "-c", serve], server).strip().splitlines()[-1] == served
