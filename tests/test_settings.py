import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def _check_deploy(extra_env: dict[str, str]) -> subprocess.CompletedProcess:
    env = {**os.environ, **extra_env}
    env.pop("DATABASE_URL", None)
    env.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)  # set for the browser tests' own process only
    return subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_production_profile_passes_check_deploy(tmp_path):
    result = _check_deploy(
        {
            "IPHARBOUR_PROFILE": "production",
            "IPHARBOUR_DATA_DIR": str(tmp_path),
            "IPHARBOUR_SECRET_KEY": "x" * 20 + "-production-secret-key-with-enough-entropy-1234567890",
            "IPHARBOUR_ALLOWED_HOSTS": "exchange.example.org",
        }
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_development_profile_does_not_pass_check_deploy(tmp_path):
    result = _check_deploy({"IPHARBOUR_PROFILE": "development", "IPHARBOUR_DATA_DIR": str(tmp_path)})
    assert result.returncode != 0


def test_secret_key_is_generated_once_and_kept_in_the_data_dir(tmp_path):
    code = "from django.conf import settings; print(settings.SECRET_KEY)"
    env = {**os.environ, "IPHARBOUR_DATA_DIR": str(tmp_path), "DJANGO_SETTINGS_MODULE": "ipharbour.settings"}
    env.pop("IPHARBOUR_SECRET_KEY", None)
    first = subprocess.run(
        [sys.executable, "-c", "import django; django.setup(); " + code],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    second = subprocess.run(
        [sys.executable, "-c", "import django; django.setup(); " + code],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    assert first == second and len(first.strip()) > 40
    assert (tmp_path / "secret_key").stat().st_mode & 0o077 == 0
