"""The patent importer over the JSONL bulk format: what is kept, what is rejected and why, idempotency."""

import gzip
import io

import pytest
from django.db import DatabaseError

from assets.importers import import_patents
from assets.importers.store import PatentWriter
from assets.models import Asset, BiomedicalProfile, Classification, Family, ImportRun
from assets.tests.patent_samples import jsonl_record, write_jsonl
from core.models import Event

pytestmark = pytest.mark.django_db


def test_a_jsonl_file_creates_one_asset_per_line(tmp_path):
    path = write_jsonl(tmp_path / "a.jsonl", [jsonl_record("12000001"), jsonl_record("12000002", kind="B1")])

    result = import_patents([path])

    assert (result.created, result.updated, result.unchanged, result.rejected) == (2, 0, 0, 0)
    asset = Asset.objects.get(number="US12000001B2")
    assert asset.kind == Asset.Kind.INVENTION
    assert asset.legal_status == Asset.Status.GRANTED
    assert asset.grant_number == "US12000001B2"
    assert str(asset.application_date) == "2022-03-01"
    assert asset.holder_name == "Shanghai Example Pharma Co., Ltd."
    assert asset.holder_country == "CN"
    assert asset.cpc_section == "A"
    assert "kinase inhibitor" in asset.search_text
    assert str(asset.expiry_date) == "2042-03-01"  # 20 years from filing (35 U.S.C. 154)


def test_applications_are_pending_and_designs_are_designs(tmp_path):
    path = write_jsonl(
        tmp_path / "a.jsonl",
        [jsonl_record("20250000001", kind="A1"), jsonl_record("D1000001", kind="S1")],
    )

    import_patents([path])

    application = Asset.objects.get(number="US20250000001A1")
    assert (application.kind, application.legal_status) == ("invention", "pending")
    assert application.grant_date is None
    design = Asset.objects.get(number="USD1000001S1")
    assert (design.kind, design.legal_status) == ("design", "granted")
    assert str(design.expiry_date) == "2040-01-07"  # 15 years from the grant


def test_gzip_and_plain_files_are_both_read(tmp_path):
    plain = write_jsonl(tmp_path / "a.jsonl", [jsonl_record("12000001")])
    packed = tmp_path / "b.jsonl.gz"
    packed.write_bytes(gzip.compress(write_jsonl(tmp_path / "b", [jsonl_record("12000002")]).read_bytes()))

    result = import_patents([plain, packed])

    assert result.created == 2


def test_an_uploaded_file_object_is_read_like_a_path():
    upload = io.BytesIO(write_jsonl_bytes([jsonl_record("12000001")]))
    upload.name = "upload.jsonl"

    result = import_patents([upload])

    assert result.created == 1


def write_jsonl_bytes(records) -> bytes:
    import json

    return b"".join(json.dumps(r).encode() + b"\n" for r in records)


BAD_LINES = [
    (b'{"publication": {"country": "US", "doc_number": ', "malformed JSON"),
    (jsonl_record("", title="no number"), "missing publication number"),
    (
        jsonl_record(
            "12000004",
            publication={"country": "US", "doc_number": "12000004", "kind": "B2", "date": "20250230"},
        ),
        "impossible date",
    ),
    (
        jsonl_record("12000005", application={"country": "US", "doc_number": "1", "date": "20260101"}),
        "before the application date",
    ),
    (jsonl_record("12000006", kind="Q9"), "unknown kind code"),
]


@pytest.mark.parametrize(("bad", "reason"), BAD_LINES)
def test_a_bad_line_is_rejected_with_its_reason_and_the_good_lines_are_kept(tmp_path, bad, reason):
    path = write_jsonl(tmp_path / "a.jsonl", [jsonl_record("12000001"), bad, jsonl_record("12000002")])

    result = import_patents([path])

    assert result.created == 2
    assert result.rejected == 1
    assert result.errors[0]["record"].startswith("a.jsonl:2")
    assert reason in result.errors[0]["reason"]
    assert set(Asset.objects.values_list("number", flat=True)) == {"US12000001B2", "US12000002B2"}


def test_gbk_bytes_are_rejected_as_not_utf8_rather_than_stored_as_garbage(tmp_path):
    gbk_line = '{"title": "抗肿瘤化合物"}'.encode("gbk")
    path = write_jsonl(tmp_path / "a.jsonl", [jsonl_record("12000001"), gbk_line])

    result = import_patents([path])

    assert result.created == 1
    assert "not UTF-8" in result.errors[0]["reason"]


def test_a_second_import_of_the_same_file_changes_nothing(tmp_path):
    path = write_jsonl(tmp_path / "a.jsonl", [jsonl_record("12000001"), jsonl_record("12000002")])
    import_patents([path])
    stamps = dict(Asset.objects.values_list("number", "updated_at"))

    result = import_patents([path])

    assert (result.created, result.updated, result.unchanged) == (0, 0, 2)
    assert Asset.objects.count() == 2
    assert Classification.objects.count() == 2 * 5  # 3 CPC and 2 IPC codes each
    assert dict(Asset.objects.values_list("number", "updated_at")) == stamps


def test_a_changed_record_is_updated_in_place(tmp_path):
    import_patents([write_jsonl(tmp_path / "a.jsonl", [jsonl_record("12000001"), jsonl_record("12000002")])])
    changed = jsonl_record("12000002", title="A better title", cpc_classes=["C07D471/04"])

    result = import_patents([write_jsonl(tmp_path / "b.jsonl", [jsonl_record("12000001"), changed])])

    assert (result.created, result.updated, result.unchanged) == (0, 1, 1)
    asset = Asset.objects.get(number="US12000002B2")
    assert asset.title == "A better title"
    assert list(asset.classifications.filter(scheme="cpc").values_list("code", flat=True)) == ["C07D471/04"]
    assert Asset.objects.count() == 2


def test_the_same_document_twice_in_one_file_is_created_once_and_the_second_rejected(tmp_path):
    first, second = jsonl_record("12000001"), jsonl_record("12000001", title="A different title")
    path = write_jsonl(tmp_path / "a.jsonl", [first, second])

    result = import_patents([path])

    assert (result.created, result.updated, result.unchanged, result.rejected) == (1, 0, 0, 1)
    assert result.errors[0]["record"] == "a.jsonl:2 US12000001B2"
    assert "duplicate" in result.errors[0]["reason"] and "a.jsonl:1" in result.errors[0]["reason"]
    assert Asset.objects.get().title == first["title"]  # the first one is kept


def test_antineoplastic_classification_derives_a_solid_tumour_profile_and_nothing_more(tmp_path):
    other = jsonl_record("12000002", cpc_classes=["A61K8/97"], ipc_classes=["A61Q7/00"])
    import_patents([write_jsonl(tmp_path / "a.jsonl", [jsonl_record("12000001"), other])])

    profile = BiomedicalProfile.objects.get(asset__number="US12000001B2")
    assert profile.derived_from == "CPC A61P35"
    assert list(profile.indications.values_list("code", flat=True)) == ["solid-tumours"]
    assert (profile.drug_name, profile.modality, profile.phase) == ("", "", None)
    assert not BiomedicalProfile.objects.filter(asset__number="US12000002B2").exists()


def test_documents_sharing_a_priority_share_a_family(tmp_path):
    application = jsonl_record("20250000001", kind="A1")
    grant = jsonl_record(
        "12000001",
        related_docs=[
            *application["related_docs"],
            {"country": "US", "doc_number": "20250000001", "date": "20250107"},
        ],
    )
    unrelated = jsonl_record("12000002", related_docs=[])

    import_patents([write_jsonl(tmp_path / "a.jsonl", [application, grant, unrelated])])

    family = Family.objects.get(key="US63100001")
    assert set(family.assets.values_list("number", flat=True)) == {"US20250000001A1", "US12000001B2"}
    assert Asset.objects.get(number="US12000002B2").family == Family.objects.get(key="US18000001")


def test_a_record_that_fails_in_the_database_is_rejected_alone_without_partial_writes(tmp_path, monkeypatch):
    original = PatentWriter._classify

    def failing(self, created, updated):
        if any(asset.number == "US12000002B2" for asset, _n in (*created, *updated)):
            raise DatabaseError("simulated failure")
        return original(self, created, updated)

    monkeypatch.setattr(PatentWriter, "_classify", failing)
    records = [jsonl_record("12000001"), jsonl_record("12000002", related_docs=[]), jsonl_record("12000003")]

    result = import_patents([write_jsonl(tmp_path / "a.jsonl", records)])

    assert (result.created, result.rejected) == (2, 1)
    assert "simulated failure" in result.errors[0]["reason"]
    assert not Asset.objects.filter(number="US12000002B2").exists()
    assert not Family.objects.filter(key="US18000001").exists()
    assert Classification.objects.count() == 2 * 5


def test_each_run_is_recorded_once_with_its_counts_and_one_event(tmp_path, alice):
    path = write_jsonl(tmp_path / "a.jsonl", [jsonl_record("12000001"), b"{broken"])

    result = import_patents([path], user=alice)

    run = ImportRun.objects.get()
    assert result.run == run
    assert (run.kind, run.created, run.rejected, run.user) == ("patents", 1, 1, alice)
    assert run.finished_at is not None
    assert run.errors == result.errors
    events = Event.objects.filter(kind="import.finished")
    assert events.count() == 1
    assert events.get().data["created"] == 1


def test_a_missing_file_is_reported_and_the_other_files_imported(tmp_path):
    path = write_jsonl(tmp_path / "a.jsonl", [jsonl_record("12000001")])

    result = import_patents([tmp_path / "missing.jsonl", path])

    assert result.created == 1
    assert result.errors == [
        {"record": "missing.jsonl", "reason": f"No such file: {tmp_path / 'missing.jsonl'}"}
    ]


def test_progress_is_reported_per_batch(tmp_path):
    seen: list[int] = []
    import_patents([write_jsonl(tmp_path / "a.jsonl", [jsonl_record("12000001")])], progress=seen.append)

    assert seen == [1]


def test_rejections_beyond_the_listed_ones_are_counted_not_listed(tmp_path, monkeypatch):
    monkeypatch.setattr("core.importing.result.MAX_LISTED_ERRORS", 2)
    path = write_jsonl(tmp_path / "a.jsonl", [b"{", b"{", b"{", jsonl_record("12000001"), b"{"])

    result = import_patents([path])

    assert (result.created, result.rejected, len(result.errors)) == (1, 4, 2)
    assert result.as_dict()["errors"][-1] == {"record": "…", "reason": "2 more records rejected, not listed"}


def test_one_path_alone_is_taken_as_one_file(tmp_path):
    path = write_jsonl(tmp_path / "a.jsonl", [jsonl_record("12000001")])

    assert import_patents(str(path)).created == 1


def test_imported_and_changed_patents_are_queued_for_the_matching_index(
    tmp_path, settings, django_capture_on_commit_callbacks
):
    from matching.models import IndexedDocument

    settings.DATA_DIR = tmp_path  # a private index directory
    path = write_jsonl(tmp_path / "a.jsonl", [jsonl_record("12000001"), jsonl_record("12000002")])
    with django_capture_on_commit_callbacks(execute=True):
        import_patents([path])
    indexed = set(IndexedDocument.objects.values_list("number", flat=True))
    assert {"US12000001B2", "US12000002B2"} <= indexed


def test_newly_registered_patents_enter_the_transparency_log_once(tmp_path):
    from ledger.models import Entry

    path = write_jsonl(tmp_path / "a.jsonl", [jsonl_record("12000001"), jsonl_record("12000002")])
    import_patents([path])
    import_patents([path])
    entries = Entry.objects.filter(kind="asset.registered")
    assert entries.count() == 2
    assert "US12000001B2" in entries.order_by("index")[0].leaf


def test_long_values_are_compressed_with_lz4_on_postgresql(tmp_path):
    from django.db import connection

    from assets.importers.store import _lz4_available

    if connection.vendor != "postgresql" or not _lz4_available():
        pytest.skip("lz4 compression of long values is a PostgreSQL (14+) feature")
    claims = [f"{n}. A compound of formula ({n}) " + "substituted " * 200 for n in range(1, 6)]
    import_patents([write_jsonl(tmp_path / "a.jsonl", [jsonl_record("12000001", claims=claims)])])

    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_column_compression(claims) FROM assets_asset")
        assert cursor.fetchone()[0] == "lz4"
    assert Asset.objects.get().claims[0].startswith("1. A compound of formula (1) substituted")
