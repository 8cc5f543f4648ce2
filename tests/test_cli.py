import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def ipharbour(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "ipharbour.cli", *args],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=300,
        env={"PATH": "/usr/bin:/bin", "HOME": str(ROOT)},
    )


def test_data_dir_option_holds_the_database_and_demo_data_loads_once(tmp_path):
    assert ipharbour("--data-dir", str(tmp_path), "migrate", "-v", "0").returncode == 0
    assert (tmp_path / "ipharbour.sqlite3").exists()
    first = ipharbour("--data-dir", str(tmp_path), "demo")
    again = ipharbour("--data-dir", str(tmp_path), "demo")
    assert first.returncode == again.returncode == 0
    assert "operator@demo.ipharbour.example" in first.stdout
    created = ipharbour(
        "--data-dir", str(tmp_path), "createuser", "dana@example.com", "--password", "long-enough-1"
    )
    assert created.returncode == 0, created.stderr
    duplicate = ipharbour(
        "--data-dir", str(tmp_path), "createuser", "dana@example.com", "--password", "long-enough-1"
    )
    assert duplicate.returncode != 0
    assert "already has an account" in duplicate.stderr
    bad = ipharbour("--data-dir", str(tmp_path), "createuser", "not-an-email", "--password", "long-enough-1")
    assert bad.returncode != 0 and "not a valid e-mail" in bad.stderr
