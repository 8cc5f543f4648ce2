"""A fresh installation without the project's shared data directory still has its reference figures."""

import json
import os
import subprocess
import sys
import tomllib
from pathlib import Path

from django.conf import settings

REPO = Path(__file__).resolve().parents[2]

FRESH_START = """
import json, django
django.setup()
from django.conf import settings
from django.core.management import call_command
from django.test import Client
from core.figures import phase_transition_tables
call_command("migrate", verbosity=0)
worked = json.loads(open("docs/valuation-worked-example.json").read())
worked.pop("phase_probabilities")
worked["indication_group"] = "oncology"
response = Client().post("/api/v1/valuation/rnpv", json.dumps(worked), content_type="application/json")
print(json.dumps({
    "figures_path": str(settings.FIGURES_PATH),
    "groups": sorted({table.group for table in phase_transition_tables()}),
    "status": response.status_code,
    "body": response.json(),
}))
"""


def _fresh_environment(tmp_path: Path) -> dict[str, str]:
    env = {
        key: value for key, value in os.environ.items() if not key.startswith(("IPHARBOUR_", "DATABASE_URL"))
    }
    env["IPHARBOUR_DATA_DIR"] = str(tmp_path / "var")
    env["IPHARBOUR_SHARED_DATA"] = str(tmp_path / "no-shared-data")  # as on a fresh clone: nothing beside it
    env["DJANGO_SETTINGS_MODULE"] = "ipharbour.settings"
    return env


def test_a_fresh_clone_without_shared_data_values_an_oncology_asset(tmp_path):
    done = subprocess.run(
        [sys.executable, "-c", FRESH_START],
        cwd=REPO,
        env=_fresh_environment(tmp_path),
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert done.returncode == 0, done.stderr[-3000:]
    found = json.loads(done.stdout.strip().splitlines()[-1])
    assert Path(found["figures_path"]) == settings.SHIPPED_FIGURES_PATH
    assert {"oncology", "all_indications"} <= set(found["groups"])
    assert found["status"] == 200, found["body"]
    assert "oncology" in json.dumps(found["body"]["result"]["sources"]), found["body"]["result"]


def test_the_shipped_figures_name_their_sources_and_are_packaged():
    shipped = json.loads(settings.SHIPPED_FIGURES_PATH.read_text())
    for name, block in shipped.items():
        if isinstance(block, dict):
            assert any("source" in str(key) for key in json.dumps(block).split('"')), name
    package_data = tomllib.loads((REPO / "pyproject.toml").read_text())["tool"]["setuptools"]["package-data"]
    assert "data/*.json" in package_data["core"]
