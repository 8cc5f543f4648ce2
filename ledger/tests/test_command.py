"""`ipharbour ledger …` subcommands."""

import io
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from ledger import services
from ledger.models import SigningKey, TreeHead
from ledger.tests.test_merkle import REFERENCE_LEAVES, REFERENCE_ROOTS

ROOT_DIR = Path(__file__).resolve().parents[2]


def run(*args):
    out = io.StringIO()
    call_command("ledger", *args, stdout=out, stderr=io.StringIO())
    return out.getvalue()


@pytest.mark.parametrize("size", [0, 1, 2, 5, 8])
def test_root_prints_the_rfc_6962_root_as_its_last_line(size):
    assert run("root", *REFERENCE_LEAVES[:size]).splitlines()[-1] == REFERENCE_ROOTS[size]


def test_root_refuses_leaves_that_are_not_hex():
    with pytest.raises(CommandError):
        run("root", "zz")


def test_the_ipharbour_command_prints_the_root_on_its_last_line(tmp_path):
    env = {**os.environ, "IPHARBOUR_DATA_DIR": str(tmp_path)}
    result = subprocess.run(
        [sys.executable, "manage.py", "ledger", "root", "", "00", "10"],
        cwd=ROOT_DIR,
        env=env,
        capture_output=True,
        text=True,
        check=True,
    )
    assert result.stdout.strip().splitlines()[-1] == REFERENCE_ROOTS[3]


def test_sign_rotate_and_check(db):
    services.record("asset.registered", subject="a:1", public={})
    assert "size 1" in run("sign")
    old_key = SigningKey.objects.get()
    assert "New signing key" in run("rotate-key")
    assert SigningKey.objects.count() == 2 and SigningKey.objects.get(pk=old_key.pk).valid_until
    assert TreeHead.objects.latest("id").size == 2
    assert "sound" in run("check") and "sound" in run("check", "--full")


def test_check_fails_on_a_damaged_log(filled_log):
    from ledger.models import Entry

    Entry.objects.filter(index=36).update(leaf="{}")
    with pytest.raises(CommandError) as failure:
        run("check")
    assert failure.value.returncode == 1


def test_export_then_verify(db, tmp_path):
    services.record("asset.registered", subject="a:1", public={"number": "CN1"})
    path = tmp_path / "log.jsonl"
    run("export", str(path))  # signs a head covering the new entry first
    assert "OK" in run("verify", str(path))
    lines = path.read_text().splitlines()
    entry = json.loads(lines[-1])
    entry["leaf"] = entry["leaf"].replace('"number":"CN1"', '"number":"CN2"')
    path.write_text("\n".join([*lines[:-1], json.dumps(entry)]) + "\n")
    out = io.StringIO()
    with pytest.raises(CommandError) as failure:
        call_command("ledger", "verify", str(path), stdout=out)
    assert failure.value.returncode == 1
    assert "ALTERED: Entry 0" in out.getvalue()


def test_verify_refuses_a_missing_file(tmp_path):
    with pytest.raises(CommandError):
        run("verify", str(tmp_path / "absent.jsonl"))
