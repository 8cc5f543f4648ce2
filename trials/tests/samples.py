"""Small trial records in the formats the importer reads."""

import csv
import io
import json
from pathlib import Path


def api_study(nct: str = "NCT05000001", *, phases=("PHASE2",), **overrides) -> dict:
    protocol: dict[str, dict] = {
        "identificationModule": {
            "nctId": nct,
            "briefTitle": f"A study of exampletinib ({nct})",
            "officialTitle": "A Randomised Phase 2 Study of Exampletinib in Non-small-cell Lung Cancer",
        },
        "statusModule": {
            "overallStatus": "RECRUITING",
            "startDateStruct": {"date": "2023-05-01", "type": "ACTUAL"},
            "completionDateStruct": {"date": "2025-10", "type": "ESTIMATED"},
        },
        "sponsorCollaboratorsModule": {
            "leadSponsor": {"name": "Shanghai Example Pharma Co., Ltd.", "class": "INDUSTRY"},
            "collaborators": [{"name": "Fudan University", "class": "OTHER"}],
        },
        "conditionsModule": {"conditions": ["Non-small Cell Lung Cancer"]},
        "designModule": {
            "studyType": "INTERVENTIONAL",
            "phases": list(phases),
            "enrollmentInfo": {"count": 120},
        },
        "armsInterventionsModule": {
            "interventions": [
                {"type": "DRUG", "name": "Exampletinib 100 mg tablets", "otherNames": ["EX-101"]},
                {"type": "DRUG", "name": "Placebo"},
            ]
        },
    }
    for module, values in overrides.items():
        protocol[module] = {**protocol.get(module, {}), **values}
    return {"protocolSection": protocol, "hasResults": False}


def write_json(path: Path, data) -> Path:
    path.write_text(json.dumps(data, ensure_ascii=False))
    return path


EXPORT_HEADER = [
    "NCT Number", "Study Title", "Study URL", "Study Status", "Brief Summary", "Study Results", "Conditions",
    "Interventions", "Primary Outcome Measures", "Secondary Outcome Measures", "Other Outcome Measures",
    "Sponsor", "Collaborators", "Age", "Phases", "Study Type", "Study Design", "Start Date",
    "Primary Completion Date", "Completion Date",
]  # fmt: skip


def export_row(nct: str = "NCT04000001", **cells) -> dict:
    row = {
        "NCT Number": nct,
        "Study Title": "CD123 CAR-T cells in acute myeloid leukaemia",
        "Study Status": "COMPLETED",
        "Conditions": "Acute Myeloid Leukemia|Relapsed AML",
        "Interventions": "BIOLOGICAL: CD123 CAR-T cells|DRUG: Fludarabine",
        "Sponsor": "Hebei Senlang Biotechnology Inc., Ltd.",
        "Collaborators": "Hebei Yanda Ludaopei Hospital",
        "Phases": "PHASE1|PHASE2",
        "Start Date": "2018-12-26",
        "Completion Date": "2021-06",
    }
    row.update(cells)
    return row


def write_export(path: Path, rows: list[dict]) -> Path:
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=EXPORT_HEADER)
    writer.writeheader()
    writer.writerows(rows)
    path.write_text(buffer.getvalue())
    return path


HINT_HEADER = [
    "nctid",
    "status",
    "why_stop",
    "label",
    "phase",
    "diseases",
    "icdcodes",
    "drugs",
    "smiless",
    "criteria",
]


def hint_row(nct: str = "NCT01000001", **cells) -> dict:
    row = {
        "nctid": nct,
        "status": "active, not recruiting",
        "why_stop": "",
        "label": "1",
        "phase": "phase 1/phase 2",
        "diseases": "['ewing sarcoma', 'neuroblastoma']",
        "icdcodes": "[\"['C41.9']\"]",
        "drugs": "['plerixafor', 'plerixafor']",
        "smiless": "[]",
        "criteria": "Inclusion Criteria: ...",
    }
    row.update(cells)
    return row


def write_hint(path: Path, rows: list[dict]) -> Path:
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=HINT_HEADER)
    writer.writeheader()
    writer.writerows(rows)
    path.write_text(buffer.getvalue())
    return path
