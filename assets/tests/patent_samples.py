"""Small hand-made patent documents in the supported formats, for the importer tests."""

import json
from pathlib import Path


def jsonl_record(number: str = "12000001", kind: str = "B2", **overrides) -> dict:
    record = {
        "publication": {"country": "US", "doc_number": number, "kind": kind, "date": "20250107"},
        "application": {"country": "US", "doc_number": "18000001", "date": "20220301"},
        "series_code": "18",
        "ipc_classes": ["A61K31/519", "A61P35/00"],
        "cpc_classes": ["A61K31/519", "A61P35/00", "C07D471/04"],
        "title": f"Kinase inhibitor {number}",
        "abstract": "Compounds that inhibit a kinase, and their use against tumours.",
        "applicants": [
            {"organization": "Shanghai Example Pharma Co., Ltd.", "city": "Shanghai", "country": "CN"}
        ],
        "inventors": [{"first_name": "Wei", "last_name": "ZHANG", "city": "Shanghai", "country": "CN"}],
        "assignees": [],
        "related_docs": [{"country": "US", "doc_number": "63100001", "date": "20210302"}],
        "pct_data": [],
        "n_cdx_files": 0,
        "n_compounds": 0,
    }
    record.update(overrides)
    return record


def write_jsonl(path: Path, lines: list) -> Path:
    """Each item is a dict (written as JSON) or bytes (written as they are, for broken lines)."""
    with path.open("wb") as out:
        for line in lines:
            out.write(line if isinstance(line, bytes) else json.dumps(line, ensure_ascii=False).encode())
            out.write(b"\n")
    return path


def grant_xml(
    number: str = "07000001",
    title: str = "Widget holder",
    *,
    filed: str = "20040105",
    granted: str = "20080101",
    kind: str = "B2",
) -> str:
    """One us-patent-grant v4.2 document as USPTO ships it, declaration and DOCTYPE included."""
    return f"""<?xml version="1.0" encoding="UTF-8"?>
<!DOCTYPE us-patent-grant SYSTEM "us-patent-grant-v42-2006-08-23.dtd" [ ]>
<us-patent-grant lang="EN" dtd-version="v4.2 2006-08-23" file="US{number}-{granted}.XML" status="PRODUCTION" id="us-patent-grant" country="US" date-produced="{granted}" date-publ="{granted}">
<us-bibliographic-data-grant>
<publication-reference><document-id><country>US</country><doc-number>{number}</doc-number><kind>{kind}</kind><date>{granted}</date></document-id></publication-reference>
<application-reference appl-type="utility"><document-id><country>US</country><doc-number>10900001</doc-number><date>{filed}</date></document-id></application-reference>
<us-term-of-grant><us-term-extension>100</us-term-extension></us-term-of-grant>
<classifications-ipcr><classification-ipcr><ipc-version-indicator><date>20060101</date></ipc-version-indicator><classification-level>A</classification-level><section>A</section><class>61</class><subclass>K</subclass><main-group>31</main-group><subgroup>519</subgroup><symbol-position>F</symbol-position><classification-value>I</classification-value></classification-ipcr></classifications-ipcr>
<invention-title id="d0e1">{title}</invention-title>
<priority-claims><priority-claim sequence="01" kind="national"><country>CN</country><doc-number>200310000001</doc-number><date>20030105</date></priority-claim></priority-claims>
<parties><applicants><applicant sequence="001" app-type="applicant-inventor" designation="us-only"><addressbook><last-name>Li</last-name><first-name>Ming</first-name><address><city>Beijing</city><country>CN</country></address></addressbook></applicant></applicants></parties>
<assignees><assignee><addressbook><orgname>Beijing Example Instruments Co., Ltd.</orgname><role>03</role><address><city>Beijing</city><country>CN</country></address></addressbook></assignee></assignees>
</us-bibliographic-data-grant>
<abstract id="abstract"><p id="p-0001" num="0000">A holder for widgets.</p></abstract>
<claims id="claims"><claim id="CLM-00001" num="00001"><claim-text>1. A widget holder comprising a base.</claim-text></claim>
<claim id="CLM-00002" num="00002"><claim-text>2. The holder of <claim-ref idref="CLM-00001">claim 1</claim-ref>, made of steel.</claim-text></claim></claims>
</us-patent-grant>
"""
