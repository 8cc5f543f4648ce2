"""Hostile and careless import files: duplicates, control characters, formula cells, files that are not text."""

import json
import re
from pathlib import Path

import pytest

from assets.importers import import_patents, import_portfolio
from assets.models import Asset
from assets.tests.patent_samples import jsonl_record, write_jsonl
from assets.tests.test_import_portfolio import ROW, filled_template, row
from trials.importers import import_trials
from trials.models import Trial
from trials.tests.samples import export_row, write_export

pytestmark = pytest.mark.django_db
NUMBER, TITLE = "number / 号码", "title / 标题"


def test_a_duplicate_row_in_a_portfolio_is_rejected_with_both_lines_and_the_first_kept(alice_org, alice):
    upload = filled_template(ROW, row(**{TITLE: "另一个标题"}))
    result = import_portfolio(upload, organisation=alice_org, user=alice)
    assert (result.created, result.updated, result.rejected) == (1, 0, 1)
    assert result.errors[0]["record"].startswith("portfolio.csv:3 ")
    assert "duplicate" in result.errors[0]["reason"] and "portfolio.csv:2" in result.errors[0]["reason"]
    assert Asset.objects.get().title == ROW[TITLE]


def test_re_importing_the_same_portfolio_reports_unchanged_not_updated(alice_org, alice):
    rows = (ROW, row(**{NUMBER: "CN 115000002 B"}), row(**{TITLE: "另一个标题"}))
    import_portfolio(filled_template(*rows), organisation=alice_org, user=alice)
    again = import_portfolio(filled_template(*rows), organisation=alice_org, user=alice)
    assert (again.created, again.updated, again.unchanged, again.rejected) == (0, 0, 2, 1)


def test_a_duplicate_trial_in_one_file_is_rejected(tmp_path):
    path = write_export(tmp_path / "t.csv", [export_row(), export_row(**{"Study Title": "Changed"})])
    result = import_trials([path], link=False)
    assert (result.created, result.rejected) == (1, 1)
    assert "duplicate" in result.errors[0]["reason"] and "t.csv:2" in result.errors[0]["reason"]
    assert Trial.objects.get().title == export_row()["Study Title"]


def test_a_nul_in_a_portfolio_line_rejects_that_line_with_the_reason(alice_org):
    result = import_portfolio(filled_template(row(**{TITLE: "抗肿瘤\x00化合物"})), organisation=alice_org)
    assert result.rejected == 1 and "NUL" in result.errors[0]["reason"]
    assert not Asset.objects.exists()


def test_other_control_characters_are_removed_from_every_importer(alice_org, tmp_path):
    import_portfolio(filled_template(row(**{TITLE: "抗肿瘤\x07化合物\x1b"})), organisation=alice_org)
    import_patents(
        [write_jsonl(tmp_path / "p.jsonl", [jsonl_record("12000001", title="Kinase\u0007 inhibitor")])]
    )
    import_trials([write_export(tmp_path / "t.csv", [export_row(**{"Study Title": "CAR-T\x0b study"})])])
    titles = [*Asset.objects.values_list("title", flat=True), *Trial.objects.values_list("title", flat=True)]
    assert not any(re.search("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]", title) for title in titles), titles
    assert "抗肿瘤化合物" in titles and "Kinase inhibitor" in titles


def test_a_nul_in_a_json_record_rejects_the_record(tmp_path):
    path = write_jsonl(
        tmp_path / "p.jsonl", [jsonl_record("12000001", title="bad\u0000"), jsonl_record("12000002")]
    )
    result = import_patents([path])
    assert (result.created, result.rejected) == (1, 1) and "NUL" in result.errors[0]["reason"]


@pytest.mark.parametrize(
    ("content", "says"),
    [
        (b"", "empty"),
        (b"  \n\n", "empty"),
        ('{"title": "专利"}\n'.encode("utf-16"), "UTF-16"),
        ('{"title": "patent"}\n'.encode("utf-16-le"), "UTF-16"),
        (bytes(range(256)) * 8, "binary"),
    ],
    ids=["empty", "blank", "utf16-bom", "utf16-no-bom", "binary"],
)
def test_a_patent_file_that_is_not_text_is_rejected_saying_what_it_is(tmp_path, content, says):
    path = tmp_path / "patents.jsonl"
    path.write_bytes(content)
    result = import_patents([path])
    assert result.rejected == 1
    reason = result.errors[0]["reason"]
    assert says in reason and "CSV" not in reason.replace("CSV UTF-8", ""), reason


def test_trials_and_portfolio_files_that_are_not_text_say_what_they_are(alice_org, tmp_path):
    empty = tmp_path / "trials.csv"
    empty.write_bytes(b"")
    assert "empty" in import_trials([empty]).errors[0]["reason"]
    upload = filled_template(ROW)
    utf16 = type(upload)(upload.getvalue().decode("utf-8").encode("utf-16"))
    utf16.name = "portfolio.csv"
    assert "UTF-16" in import_portfolio(utf16, organisation=alice_org).errors[0]["reason"]


def test_formula_cells_are_stored_as_given_and_neutralised_in_csv_exports(alice_org):
    from core.spreadsheets import neutralise

    formulas = ['=HYPERLINK("http://x")', "+1+1", "-2+3", "@SUM(A1)", "\t=1", "\r=1"]
    for formula in formulas:
        assert neutralise(formula) == "'" + formula
    assert neutralise("Plain title") == "Plain title" and neutralise(-2) == -2
    import_portfolio(filled_template(row(**{TITLE: formulas[0]})), organisation=alice_org)
    assert Asset.objects.get().title == formulas[0]


def test_every_csv_or_spreadsheet_export_writes_through_the_neutralising_writer():
    root = Path(__file__).resolve().parents[2]
    writers = re.compile(r"csv\.(writer|DictWriter)\(|openpyxl|xlsxwriter")
    offenders = [
        str(path.relative_to(root))
        for path in root.glob("*/**/*.py")
        if ".venv" not in path.parts and "tests" not in path.parts and "migrations" not in path.parts
        if path.name != "spreadsheets.py" and writers.search(path.read_text(encoding="utf-8"))
    ]
    assert offenders == []


def test_a_json_export_is_not_touched(tmp_path):
    # Only spreadsheets run formulas; the JSON the API returns keeps the text exactly.
    assert json.loads(json.dumps({"title": "=1+1"}))["title"] == "=1+1"
