"""The cache that rate limits use is shared by every worker process; what a setting switches on is declared."""

import json
import os
import subprocess
import sys
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def _caches_under(extra_env: dict[str, str], tmp_path: Path) -> dict:
    env = {key: value for key, value in os.environ.items() if key not in {"REDIS_URL", "DATABASE_URL"}}
    env.update(IPHARBOUR_DATA_DIR=str(tmp_path), **extra_env)
    code = "import json; from ipharbour import settings; print(json.dumps(settings.CACHES))"
    result = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True, text=True, timeout=120
    )
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


def test_default_cache_is_the_database_on_the_embedded_default(tmp_path):
    caches = _caches_under({}, tmp_path)
    assert caches["default"]["BACKEND"] == "django.core.cache.backends.db.DatabaseCache"
    assert caches["local"]["BACKEND"] == "django.core.cache.backends.locmem.LocMemCache"


def test_default_cache_is_redis_when_redis_url_is_set(tmp_path):
    caches = _caches_under({"REDIS_URL": "redis://cache.example:6379/0"}, tmp_path)
    assert caches["default"]["BACKEND"] == "django.core.cache.backends.redis.RedisCache"
    assert caches["default"]["LOCATION"] == "redis://cache.example:6379/0"


def test_migrate_creates_the_cache_table(db):
    from django.core.cache import cache

    cache.set("probe", 42, 30)
    assert cache.get("probe") == 42


def test_every_backend_a_setting_switches_on_is_an_optional_dependency():
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    extras = " ".join(" ".join(values) for values in project["optional-dependencies"].values())
    assert "redis" in extras  # REDIS_URL
    assert "django-storages[s3]" in extras  # IPHARBOUR_S3_BUCKET
