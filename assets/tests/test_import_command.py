"""The `import` management command: per-file format detection, summary, and the --json last line."""

import io
import json

import pytest
from django.core.management import CommandError, call_command

from assets.models import Asset
from assets.tests.patent_samples import grant_xml, jsonl_record, write_jsonl
from trials.models import Trial
from trials.tests.samples import api_study, write_json

pytestmark = pytest.mark.django_db


def run(*args) -> list[str]:
    out = io.StringIO()
    call_command("import", *map(str, args), stdout=out, stderr=io.StringIO())
    return out.getvalue().splitlines()


def test_the_last_line_with_json_is_exactly_the_result_object(tmp_path):
    jsonl = write_jsonl(tmp_path / "a.jsonl", [jsonl_record("12000001"), b"{broken"])
    xml = tmp_path / "b.xml"
    xml.write_text(grant_xml("07000001"))

    lines = run("patents", jsonl, xml, "--json")

    assert json.loads(lines[-1]) == {
        "created": 2,
        "updated": 0,
        "unchanged": 0,
        "rejected": 1,
        "errors": [{"record": "a.jsonl:2", "reason": json.loads(lines[-1])["errors"][0]["reason"]}],
    }
    assert lines[0] == "patents: 2 created, 0 updated, 0 unchanged, 1 rejected"
    assert "malformed JSON" in lines[1]
    assert Asset.objects.count() == 2


def test_trials_are_imported_from_json(tmp_path):
    lines = run("trials", write_json(tmp_path / "s.json", [api_study()]), "--json")

    assert json.loads(lines[-1])["created"] == 1
    assert Trial.objects.count() == 1


def test_a_portfolio_is_owned_by_the_named_organisation(tmp_path, alice_org):
    path = tmp_path / "p.csv"
    path.write_text("number / 号码,title / 标题\nCN115000001B,一种化合物\n", encoding="utf-8-sig")

    lines = run("portfolio", path, "--organisation", alice_org.slug, "--json")

    assert json.loads(lines[-1])["created"] == 1
    assert Asset.objects.get().owner == alice_org


def test_a_missing_path_is_a_command_error(tmp_path):
    with pytest.raises(CommandError, match="No such file"):
        run("patents", tmp_path / "missing.xml", "--json")


def test_a_portfolio_without_an_organisation_is_a_command_error(tmp_path):
    path = tmp_path / "p.csv"
    path.write_text("number,title\n")

    with pytest.raises(CommandError, match="--organisation"):
        run("portfolio", path)
    with pytest.raises(CommandError, match="No organisation"):
        run("portfolio", path, "--organisation", "nobody")


def test_a_trials_file_given_as_patents_is_rejected_with_the_reason(tmp_path):
    lines = run("patents", write_json(tmp_path / "s.json", [api_study()]), "--json")

    result = json.loads(lines[-1])
    assert result["rejected"] == 1
    assert "not a patent file" in result["errors"][0]["reason"]


def test_workers_can_be_asked_for_and_give_the_same_result(tmp_path):
    xml = tmp_path / "ipg.xml"
    xml.write_text(grant_xml("07000001") + grant_xml("07000002") + grant_xml("07000003", filed="20070230"))

    lines = run("patents", xml, "--workers", "2", "--json")

    result = json.loads(lines[-1])
    assert (result["created"], result["rejected"]) == (2, 1)
    assert result["errors"][0]["record"].startswith("ipg.xml:")
    assert Asset.objects.count() == 2


def test_fewer_than_one_worker_is_a_command_error(tmp_path):
    xml = tmp_path / "a.xml"
    xml.write_text(grant_xml("07000001"))

    with pytest.raises(CommandError, match="--workers"):
        run("patents", xml, "--workers", "0")
    assert not Asset.objects.exists()
