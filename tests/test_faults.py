"""Fault injection: task workers and an importer are killed with SIGKILL mid-work; after recovery nothing
is lost or stuck. Real processes (`ipharbour worker`, a patent import) on a database of their own."""

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from assets.tests.patent_samples import jsonl_record, write_jsonl

REPO = Path(__file__).resolve().parents[1]
WAIT = 120  # seconds before a step that never comes fails the test instead of hanging it
RECORDS, BATCH = 600, 500  # the importer commits one batch of 500, then is killed inside the second

SETUP = "import django, json, sys\ndjango.setup()\n"

ENQUEUE = (
    SETUP
    + """
from tests.fault_tasks import wait_once, wait_then_finish
ids = {
    "idempotent": str(wait_then_finish.enqueue(sys.argv[1] + "/started-idempotent", sys.argv[1] + "/go").id),
    "once": str(wait_once.enqueue(sys.argv[1] + "/started-once", sys.argv[1] + "/go").id),
}
print(json.dumps(ids))
"""
)

# A real patent import whose progress callback (called after each committed batch) announces the first
# batch and then hangs, so that the kill lands mid-import at a known point.
IMPORT = (
    SETUP
    + """
import pathlib, time
from assets.importers import import_patents
def hang(_n):
    pathlib.Path(sys.argv[2]).touch()
    while True:
        time.sleep(1)
import_patents([sys.argv[1]], progress=hang)
"""
)

STATE = (
    SETUP
    + """
from assets.models import Asset, ImportRun
from django_tasks_db.models import DBTaskResult
run = ImportRun.objects.get()
print(json.dumps({
    "tasks": {str(t.id): [t.status, t.exception_class_path] for t in DBTaskResult.objects.all()},
    "run": {"finished": run.finished_at is not None, "interrupted": run.interrupted, "created": run.created},
    "assets": Asset.objects.count(),
}))
"""
)


def _database_url(name: str) -> str | None:
    """On PostgreSQL, a scratch database for the processes (they cannot share the test's transaction)."""
    url = os.environ.get("DATABASE_URL")
    if not url:
        return None
    import psycopg

    with psycopg.connect(url, autocommit=True) as server:
        server.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        server.execute(f'CREATE DATABASE "{name}"')
    return url.rsplit("/", 1)[0] + "/" + name


def _drop(name: str) -> None:
    import psycopg

    with psycopg.connect(os.environ["DATABASE_URL"], autocommit=True) as server:
        server.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@pytest.fixture
def platform(tmp_path):
    env = {k: v for k, v in os.environ.items() if not k.startswith(("IPHARBOUR_", "DATABASE_URL"))}
    env |= {"IPHARBOUR_DATA_DIR": str(tmp_path / "var"), "DJANGO_SETTINGS_MODULE": "ipharbour.settings"}
    name = os.environ.get("IPHARBOUR_TEST_DATABASE", "test_ipharbour") + "_processes"
    if url := _database_url(name):
        env["DATABASE_URL"] = url
    _run(["manage.py", "migrate", "-v", "0"], env)
    started: list[subprocess.Popen] = []
    yield env, started
    for process in started:
        if process.poll() is None:
            process.kill()
            process.wait()
    if url:
        _drop(name)


def _run(args: list[str], env: dict) -> str:
    done = subprocess.run(
        [sys.executable, *args], cwd=REPO, env=env, capture_output=True, text=True, timeout=WAIT
    )
    assert done.returncode == 0, done.stderr[-3000:]
    return done.stdout


def _start(args: list[str], env: dict, started: list) -> subprocess.Popen:
    process = subprocess.Popen(
        [sys.executable, *args], cwd=REPO, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
    )
    started.append(process)
    return process


def _wait_for(*paths: Path, processes: list[subprocess.Popen]) -> None:
    deadline = time.monotonic() + WAIT
    while not all(path.exists() for path in paths):
        assert all(p.poll() is None for p in processes), "a process under test ended before the kill"
        assert time.monotonic() < deadline, f"never reached: {[str(p) for p in paths if not p.exists()]}"
        time.sleep(0.05)


def _kill(*processes: subprocess.Popen) -> None:
    for process in processes:
        os.kill(process.pid, signal.SIGKILL)
    for process in processes:
        process.wait()  # reaped: the pid no longer runs


def _state(env: dict) -> dict:
    return json.loads(_run(["-c", STATE], env).strip().splitlines()[-1])


def test_killed_workers_and_importer_leave_nothing_lost_or_stuck(platform, tmp_path):
    env, started = platform
    ids = json.loads(_run(["-c", ENQUEUE, str(tmp_path)], env).strip().splitlines()[-1])
    # (System checks are skipped only to save start-up time on a busy machine.)
    worker = ["manage.py", "worker", "--skip-checks", "--interval", "0.1", "--no-startup-delay"]
    worker += ["--recovery-interval", "0"]
    workers = [_start(worker, env, started) for _ in range(2)]
    _wait_for(tmp_path / "started-idempotent", tmp_path / "started-once", processes=workers)

    patents = write_jsonl(
        tmp_path / "patents.jsonl", [jsonl_record(str(12000001 + i)) for i in range(RECORDS)]
    )
    importer = _start(["-c", IMPORT, str(patents), str(tmp_path / "batch-committed")], env, started)
    _wait_for(tmp_path / "batch-committed", processes=[importer])
    _kill(*workers, importer)

    stuck = _state(env)
    assert {status for status, _ in stuck["tasks"].values() if status == "RUNNING"} == {"RUNNING"}
    assert stuck["tasks"][ids["idempotent"]][0] == stuck["tasks"][ids["once"]][0] == "RUNNING"
    assert not stuck["run"]["finished"]
    assert stuck["run"]["created"] == stuck["assets"] == BATCH  # the run shows what it committed

    (tmp_path / "go").touch()
    report = _run(["manage.py", "recover"], env)
    assert "tasks requeued: 1, tasks failed: 1, import runs closed: 1" in report
    again = _run(["-c", SETUP + "from core.recovery import recover\nprint(bool(recover()))"], env)
    assert again.strip().splitlines()[-1] == "False"  # a second pass finds nothing left to settle
    _run([*worker, "--batch", "--max-tasks", "1"], env)  # runs the requeued task, then stops

    after = _state(env)
    assert after["tasks"][ids["idempotent"]] == ["SUCCESSFUL", ""]
    assert after["tasks"][ids["once"]] == ["FAILED", "core.recovery.WorkerDied"]
    assert "RUNNING" not in {status for status, _ in after["tasks"].values()}
    assert after["run"] == {"finished": True, "interrupted": True, "created": BATCH}
    assert after["assets"] == BATCH
