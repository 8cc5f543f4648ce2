"""Importing trials from ClinicalTrials.gov API v2 JSON, the site's CSV export and the HINT CSV."""

import gzip
import json

import pytest

from assets.models import BiomedicalProfile, ImportRun
from conftest import shared_data
from trials.importers import import_trials
from trials.models import Trial
from trials.tests.samples import api_study, export_row, hint_row, write_export, write_hint, write_json

pytestmark = pytest.mark.django_db


def test_an_api_list_of_studies_is_imported(tmp_path):
    path = write_json(tmp_path / "studies.json", [api_study("NCT05000001"), api_study("NCT05000002")])

    result = import_trials([path])

    assert (result.created, result.rejected) == (2, 0)
    trial = Trial.objects.get(registry_id="NCT05000001")
    assert trial.title == "A study of exampletinib (NCT05000001)"
    assert (trial.phase, trial.phase_label, trial.status) == (
        BiomedicalProfile.Phase.PHASE_2,
        "PHASE2",
        "RECRUITING",
    )
    assert (trial.sponsor, trial.sponsor_class) == ("Shanghai Example Pharma Co., Ltd.", "INDUSTRY")
    assert trial.collaborators == ["Fudan University"]
    assert trial.interventions[0] == {
        "type": "DRUG",
        "name": "Exampletinib 100 mg tablets",
        "other_names": ["EX-101"],
    }
    assert (str(trial.start_date), str(trial.completion_date), trial.enrollment) == (
        "2023-05-01",
        "2025-10-01",
        120,
    )
    assert ImportRun.objects.get().kind == "trials"


def test_an_api_page_object_with_a_studies_list_is_imported(tmp_path):
    page = {"nextPageToken": "abc", "studies": [api_study("NCT05000001")], "totalCount": 1}

    result = import_trials([write_json(tmp_path / "page.json", page)])

    assert result.created == 1


@pytest.mark.parametrize(
    ("phases", "phase", "label"),
    [
        (["EARLY_PHASE1"], BiomedicalProfile.Phase.PHASE_1, "EARLY_PHASE1"),
        (["PHASE1", "PHASE2"], BiomedicalProfile.Phase.PHASE_1, "PHASE1|PHASE2"),
        (["PHASE2", "PHASE3"], BiomedicalProfile.Phase.PHASE_2, "PHASE2|PHASE3"),
        (["PHASE3"], BiomedicalProfile.Phase.PHASE_3, "PHASE3"),
        (["PHASE4"], BiomedicalProfile.Phase.APPROVED, "PHASE4"),
        (["NA"], None, "NA"),
        ([], None, ""),
    ],
)
def test_registered_phases_map_to_the_lower_development_phase(tmp_path, phases, phase, label):
    import_trials([write_json(tmp_path / "s.json", [api_study(phases=phases)])])

    trial = Trial.objects.get()
    assert (trial.phase, trial.phase_label) == (phase, label)


@pytest.mark.parametrize(
    ("bad", "reason"),
    [
        (api_study(""), "missing NCT number"),
        (api_study("ABC123"), "not an NCT number"),
        (api_study(statusModule={"startDateStruct": {"date": "2023-02-30"}}), "impossible date"),
        (api_study(designModule={"phases": ["PHASE9"]}), "unknown trial phase"),
        (api_study(statusModule={"completionDateStruct": {"date": "2020-01-01"}}), "before its start"),
        ("not a study", "must be a JSON object"),
    ],
)
def test_a_bad_study_is_rejected_with_its_reason_and_the_others_kept(tmp_path, bad, reason):
    path = write_json(tmp_path / "s.json", [api_study("NCT05000001"), bad, api_study("NCT05000003")])

    result = import_trials([path])

    assert (result.created, result.rejected) == (2, 1)
    assert result.errors[0]["record"] == "s.json#2"
    assert reason in result.errors[0]["reason"]
    assert set(Trial.objects.values_list("registry_id", flat=True)) == {"NCT05000001", "NCT05000003"}


def test_malformed_json_keeps_the_studies_before_it(tmp_path):
    path = tmp_path / "s.json"
    path.write_text("[" + json.dumps(api_study("NCT05000001")) + ', {"protocolSection": ')

    result = import_trials([path])

    assert (result.created, result.rejected) == (1, 1)
    assert "malformed JSON" in result.errors[0]["reason"]


def test_a_second_import_is_unchanged_and_a_changed_study_is_updated(tmp_path):
    path = write_json(tmp_path / "s.json", [api_study("NCT05000001"), api_study("NCT05000002")])
    import_trials([path])

    again = import_trials([path])
    changed = api_study("NCT05000002", statusModule={"overallStatus": "COMPLETED"})
    updated = import_trials([write_json(tmp_path / "t.json", [api_study("NCT05000001"), changed])])

    assert (again.created, again.updated, again.unchanged) == (0, 0, 2)
    assert (updated.created, updated.updated, updated.unchanged) == (0, 1, 1)
    assert Trial.objects.get(registry_id="NCT05000002").status == "COMPLETED"
    assert Trial.objects.count() == 2


def test_the_site_csv_export_is_imported(tmp_path):
    path = write_export(
        tmp_path / "export.csv", [export_row(), export_row("NCT04000002", **{"Phases": "NA"})]
    )

    result = import_trials([path])

    assert result.created == 2
    trial = Trial.objects.get(registry_id="NCT04000001")
    assert trial.phase == BiomedicalProfile.Phase.PHASE_1
    assert trial.conditions == ["Acute Myeloid Leukemia", "Relapsed AML"]
    assert trial.interventions[0] == {"type": "BIOLOGICAL", "name": "CD123 CAR-T cells", "other_names": []}
    assert str(trial.completion_date) == "2021-06-01"


def test_a_bad_export_row_is_rejected_by_line(tmp_path):
    rows = [
        export_row(),
        export_row("NCT04000002", **{"Start Date": "2019-13-01"}),
        export_row("NCT04000003"),
    ]

    result = import_trials([write_export(tmp_path / "export.csv", rows)])

    assert (result.created, result.rejected) == (2, 1)
    assert result.errors[0]["record"] == "export.csv:3"


def test_hint_rows_fill_gaps_but_never_overwrite_the_registry(tmp_path):
    import_trials([write_export(tmp_path / "export.csv", [export_row("NCT01000001")])])
    hint = write_hint(tmp_path / "hint.csv", [hint_row("NCT01000001", label="0"), hint_row("NCT01000002")])
    packed = tmp_path / "hint.csv.gz"
    packed.write_bytes(gzip.compress(hint.read_bytes()))

    result = import_trials([packed])
    again = import_trials([tmp_path / "export.csv", packed])

    assert (result.created, result.updated) == (1, 1)
    known = Trial.objects.get(registry_id="NCT01000001")
    assert (known.status, known.title, known.outcome_label) == ("COMPLETED", export_row()["Study Title"], 0)
    new = Trial.objects.get(registry_id="NCT01000002")
    assert (new.status, new.phase, new.outcome_label) == ("ACTIVE_NOT_RECRUITING", 2, 1)
    assert new.conditions == ["ewing sarcoma", "neuroblastoma"]
    assert [i["name"] for i in new.interventions] == ["plerixafor"]
    assert (again.updated, again.unchanged) == (0, 3)


def test_a_csv_of_something_else_is_rejected_as_a_whole(tmp_path):
    path = tmp_path / "other.csv"
    path.write_text("a,b\n1,2\n")

    result = import_trials([path])

    assert result.rejected == 1
    assert "unknown header" in result.errors[0]["reason"]


@pytest.mark.realdata
def test_the_real_api_files_give_their_distinct_studies():
    files = [shared_data(f"trials/ctgov_api_v2_studies_{part}.json") for part in "abc"]

    result = import_trials(files)

    # 61 studies in the three files, 51 distinct: the repeats are found unchanged
    assert (result.created, result.unchanged, result.rejected) == (51, 10, 0)
    trial = Trial.objects.get(registry_id="NCT05923281")
    assert trial.sponsor == "Kowa Company, Ltd."
    assert trial.phase == BiomedicalProfile.Phase.PHASE_3


def test_a_csv_line_that_is_not_utf8_is_rejected_and_the_others_kept(tmp_path):
    path = write_export(
        tmp_path / "export.csv", [export_row(), export_row("NCT04000002"), export_row("NCT04000003")]
    )
    lines = path.read_bytes().split(b"\n")
    lines[2] = lines[2].replace(b"CD123", "急性髓系".encode("gbk"))
    path.write_bytes(b"\n".join(lines))

    result = import_trials([path])

    assert (result.created, result.rejected) == (2, 1)
    assert result.errors[0]["record"] == "export.csv:3"
    assert "not UTF-8" in result.errors[0]["reason"]
    assert not Trial.objects.filter(registry_id="NCT04000002").exists()


def test_json_that_is_not_utf8_is_rejected_with_the_reason(tmp_path):
    path = tmp_path / "s.json"
    path.write_bytes(
        json.dumps([api_study("NCT05000001")], ensure_ascii=False).encode("gbk", "replace")[:-2]
        + "急性]".encode("gbk")
    )

    result = import_trials([path])

    assert result.rejected == 1
    assert "not UTF-8" in result.errors[0]["reason"]
