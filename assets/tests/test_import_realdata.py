"""All the real data of ../shared/data through the importers: every record in, none lost, none twice."""

import pytest

from assets.importers import import_patents
from assets.models import Asset, BiomedicalProfile, Classification
from conftest import shared_data
from trials.importers import import_trials
from trials.models import Trial, TrialLink

pytestmark = [pytest.mark.django_db, pytest.mark.realdata]

JSONL_RECORDS = 5013  # figures of ../shared/data/README.md
JSONL_ANTINEOPLASTIC_CPC = 897
JSONL_CHINESE_PARTY = 434
XML_GRANTS_AND_APPLICATIONS = 6 + 125  # format-versions, and 5 weekly files of 25 grants each


def patent_files() -> list:
    root = shared_data("patents")
    return [root / "uspto_chem_pharma_2025H1.jsonl.gz", *sorted(root.glob("uspto-xml/*/*.xml"))]


def trial_files() -> list:
    return sorted(shared_data("trials").glob("*"))


def test_every_real_patent_document_is_imported_once_and_found_unchanged_the_second_time():
    files = patent_files()

    first = import_patents(files)
    second = import_patents(files)

    total = JSONL_RECORDS + XML_GRANTS_AND_APPLICATIONS
    assert (first.created, first.rejected) == (total, 0), first.errors[:5]
    assert (second.created, second.updated, second.unchanged, second.rejected) == (0, 0, total, 0)
    assert Asset.objects.count() == total
    assert Asset.objects.filter(source="uspto_jsonl").count() == JSONL_RECORDS
    antineoplastic = Classification.objects.filter(scheme="cpc", code__startswith="A61P35")
    jsonl_antineoplastic = antineoplastic.filter(asset__source="uspto_jsonl").values("asset").distinct()
    assert jsonl_antineoplastic.count() == JSONL_ANTINEOPLASTIC_CPC
    derived = BiomedicalProfile.objects.filter(derived_from="CPC A61P35", indications__code="solid-tumours")
    assert derived.count() >= JSONL_ANTINEOPLASTIC_CPC
    chinese = [
        asset
        for asset in Asset.objects.filter(source="uspto_jsonl").only("applicants", "assignees")
        if any(p.get("country") == "CN" for p in (*asset.applicants, *asset.assignees))
    ]
    assert len(chinese) == JSONL_CHINESE_PARTY


def test_every_real_trial_is_imported_once_and_linked():
    import_patents(patent_files())
    files = trial_files()

    first = import_trials(files)
    second = import_trials(files)

    rows = first.created + first.updated + first.unchanged
    assert first.rejected == 0, first.errors[:5]
    assert first.created == Trial.objects.count() == 3981  # distinct NCT numbers over all trial files
    assert (second.created, second.updated, second.unchanged) == (0, 0, rows)
    assert TrialLink.objects.filter(basis="sponsor", trial__sponsor="Pfizer").exists()
