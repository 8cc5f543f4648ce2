"""The login rate limit holds across the production server's worker processes.

A limit counted in each worker's own memory lets two workers take twice the attempts. This starts gunicorn with
two sync workers on a free local port against a temporary SQLite data directory (a copy of the migrated test
database), sends a bounded number of failed logins from two threads at once, and checks from gunicorn's access
log that both workers answered and that no more attempts were let through than the limit allows.
"""

import os
import re
import shutil
import signal
import socket
import sqlite3
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest
from django.conf import settings

ROOT = Path(__file__).resolve().parent.parent
ATTEMPTS = 8  # the limit is 5: counted per worker, two workers would let 6 to 8 through
LIMITED = "Too many failed login attempts"


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _limit_per_ip() -> int:
    rates = settings.ACCOUNT_RATE_LIMITS["login_failed"].split(",")
    return min(int(rate.split("/")[0]) for rate in rates)


@pytest.fixture
def database(tmp_path, transactional_db) -> dict[str, str]:
    """What the server's environment needs to reach a migrated database (migrating anew would take long).

    On SQLite, a copy of the test database in a temporary data directory; on PostgreSQL, the test database
    itself (no transaction wraps this test, so the server sees what is committed).
    """
    from django.db import connection

    env = {"IPHARBOUR_DATA_DIR": str(tmp_path)}
    if connection.vendor == "postgresql":
        url = os.environ["DATABASE_URL"].rsplit("/", 1)[0]
        return {**env, "DATABASE_URL": f"{url}/{connection.settings_dict['NAME']}"}
    if connection.vendor != "sqlite":
        pytest.skip(f"no way to hand the {connection.vendor} test database to a server")
    connection.ensure_connection()
    target = sqlite3.connect(tmp_path / "ipharbour.sqlite3")
    connection.connection.backup(target)
    target.close()
    return env


@pytest.fixture
def server(database, tmp_path):
    """gunicorn with two sync workers; skipped, with the reason, when it cannot start."""
    if shutil.which("gunicorn", path=str(Path(sys.executable).parent)) is None:
        pytest.skip("gunicorn is not installed in this environment")
    port = _free_port()
    log = tmp_path / "access.log"
    env = {key: value for key, value in os.environ.items() if key not in {"DATABASE_URL", "REDIS_URL"}}
    env.update(
        IPHARBOUR_SECRET_KEY="test-" + "k" * 60,  # both workers must agree on it from their first moment
        IPHARBOUR_DEBUG="0",
        IPHARBOUR_ALLOWED_HOSTS="127.0.0.1",
        IPHARBOUR_LOG_LEVEL="ERROR",
    )
    env.update(database)
    command = [
        sys.executable, "-m", "gunicorn", "ipharbour.wsgi:application",
        "--workers", "2", "--worker-class", "sync", "--bind", f"127.0.0.1:{port}",
        "--access-logfile", str(log), "--access-logformat", "%(p)s %(m)s %(U)s %(s)s",
        "--log-level", "warning",
    ]  # fmt: skip
    errors = tmp_path / "gunicorn.err"
    with errors.open("w") as stderr:
        process = subprocess.Popen(command, cwd=ROOT, env=env, start_new_session=True, stderr=stderr)
    try:
        _wait_until_ready(process, port, errors)
        yield f"http://127.0.0.1:{port}", log
    finally:
        os.killpg(process.pid, signal.SIGTERM)
        process.wait(timeout=30)


def _wait_until_ready(process: subprocess.Popen, port: int, errors: Path) -> None:
    import requests

    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if process.poll() is not None:
            pytest.skip(f"gunicorn could not start: {errors.read_text()[-500:]}")
        try:
            if requests.get(f"http://127.0.0.1:{port}/accounts/login/", timeout=10).status_code == 200:
                return
        except requests.RequestException:
            time.sleep(0.2)
    pytest.skip("gunicorn did not answer within a minute")


def _failed_logins(base: str, count: int, results: list) -> None:
    """One visitor's failed logins: the login page once (for the CSRF token), then `count` wrong passwords.

    gunicorn's sync workers close every connection after one answer, so each attempt is a new connection
    that either worker may take.
    """
    import requests

    with requests.Session() as session:
        page = session.get(f"{base}/accounts/login/", timeout=60)
        found = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page.text)
        assert found, "the login page carries no CSRF token"
        csrf = found.group(1)
        for _ in range(count):
            response = session.post(
                f"{base}/accounts/login/",
                data={"login": "nobody@example.com", "password": "wrong", "csrfmiddlewaretoken": csrf},
                timeout=60,
            )
            results.append((response.status_code, LIMITED in response.text))


def _worker_pids_of_login_posts(log: Path, expected: int) -> list[str]:
    # gunicorn writes the access line after the answer has gone out: wait a little for the last ones.
    deadline = time.monotonic() + 10
    while True:
        lines = log.read_text().splitlines()
        pids = [line.split()[0] for line in lines if " POST /accounts/login/ " in line]
        if len(pids) >= expected or time.monotonic() > deadline:
            return pids
        time.sleep(0.1)


def test_failed_login_limit_holds_across_two_gunicorn_workers(server):
    base, log = server
    results: list[tuple[int, bool]] = []
    threads = [threading.Thread(target=_failed_logins, args=(base, ATTEMPTS // 2, results)) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)

    assert len(results) == ATTEMPTS
    assert {status for status, _limited in results} <= {200, 429}, results  # no CSRF or server error
    let_through = sum(1 for status, limited in results if status == 200 and not limited)
    pids = _worker_pids_of_login_posts(log, ATTEMPTS)
    assert len(set(pids)) == 2, f"both workers must have answered failed logins: {pids}"
    assert let_through == _limit_per_ip()
