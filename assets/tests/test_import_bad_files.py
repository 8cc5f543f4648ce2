"""Files that cannot be read are refused one by one with a clear reason: nothing of them is written, the
good files of the same import still are, and no entry point answers with a server error."""

import io
import json

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command

from assets.models import Asset
from assets.tests.patent_samples import jsonl_record, write_jsonl
from trials.models import Trial
from trials.tests.samples import export_row, write_export

pytestmark = pytest.mark.django_db

HUGE_CELL = "x" * (20 * 1024 * 1024)  # 20 MB in one cell: past the csv module's limit of 131,072


def run(*args) -> dict:
    out = io.StringIO()
    call_command("import", *map(str, args), "--json", stdout=out, stderr=io.StringIO())
    return json.loads(out.getvalue().splitlines()[-1])


def _portfolio_bytes(title: str) -> bytes:
    return f"number,title\nCN115000001B,{title}\n".encode()


@pytest.mark.parametrize(
    ("name", "content", "reason"),
    [
        ("bad.jsonl.gz", b"\x1f\x8bthis is not deflate data at all", "not a readable gzip file"),
        ("plain.jsonl.gz", b"not compressed at all\n", "not compressed with gzip"),
    ],
)
def test_a_broken_gz_is_rejected_and_the_good_files_of_the_command_are_imported(
    tmp_path, name, content, reason
):
    bad = tmp_path / name
    bad.write_bytes(content)
    good = write_jsonl(tmp_path / "good.jsonl", [jsonl_record("12000001")])

    result = run("patents", bad, good)

    assert result["created"] == 1 and result["rejected"] == 1
    assert result["errors"][0]["record"] == name and reason in result["errors"][0]["reason"]
    assert Asset.objects.count() == 1


def test_a_portfolio_with_a_20_mb_cell_is_rejected_on_the_command_line_and_the_others_imported(
    tmp_path, alice_org
):
    bad = tmp_path / "bad.csv"
    bad.write_bytes(_portfolio_bytes(HUGE_CELL))
    good = tmp_path / "good.csv"
    good.write_bytes(b"number,title\nCN115000002B,Oral SERD\n")

    result = run("portfolio", bad, good, "--organisation", alice_org.slug, "--no-link")

    assert result["created"] == 1 and result["rejected"] == 1
    assert "131072 characters" in result["errors"][0]["reason"]
    assert list(Asset.objects.values_list("number", flat=True)) == ["CN115000002B"]


def test_a_trials_csv_with_a_20_mb_cell_is_rejected_on_the_command_line(tmp_path):
    bad = write_export(tmp_path / "bad.csv", [export_row("NCT04000001", **{"Brief Summary": HUGE_CELL})])
    good = write_export(tmp_path / "good.csv", [export_row("NCT04000002")])

    result = run("trials", bad, good, "--no-link")

    assert result["rejected"] == 1 and "131072 characters" in result["errors"][0]["reason"]
    assert list(Trial.objects.values_list("registry_id", flat=True)) == ["NCT04000002"]


def test_a_portfolio_with_a_20_mb_cell_is_a_422_problem_on_the_api_and_writes_nothing(client, alice):
    client.force_login(alice)
    upload = SimpleUploadedFile("p.csv", _portfolio_bytes(HUGE_CELL), content_type="text/csv")
    response = client.post("/api/v1/assets/imports", {"organisation": "alice-bio", "file": upload})
    assert response.status_code == 422, response.content[:300]
    assert response["Content-Type"] == "application/problem+json"
    assert "line 2" in response.json()["detail"]
    assert not Asset.objects.exists()


def test_a_portfolio_with_a_20_mb_cell_is_a_form_error_on_the_web_and_writes_nothing(client, alice):
    client.force_login(alice)
    upload = SimpleUploadedFile("p.csv", _portfolio_bytes(HUGE_CELL), content_type="text/csv")
    response = client.post("/organisations/alice-bio/import/", {"file": upload})
    assert response.status_code == 200
    assert "131072 characters" in str(response.context["form"].errors["file"])
    assert not Asset.objects.exists()
