"""Trial records from ClinicalTrials.gov (API v2 JSON and the site's CSV export) and the HINT benchmark CSV.

Each reader yields (label, TrialRecord) or (label, RejectRecord). A record carries the fields its format
knows; `fill_only` names those it may only fill when empty, so that a sparse source (HINT) never
overwrites what a richer one (the registry itself) recorded.
"""

import ast
import csv
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from core.importing import text
from core.importing.dates import parse_date
from core.importing.result import RejectRecord
from core.importing.sources import (
    MalformedJSON,
    Source,
    csv_reason,
    decoded_lines,
    json_elements,
    numbered_lines,
)
from trials.phases import phase_from_labels

_NCT = re.compile(r"^NCT\d{8}$")
START = gettext_lazy("start date")
COMPLETION = gettext_lazy("completion date")
_LIMITS = {
    "registry_id": 40,
    "title": 800,
    "status": 40,
    "phase_label": 40,
    "sponsor": 300,
    "sponsor_class": 40,
}


@dataclass
class TrialRecord:
    registry_id: str
    fields: dict[str, Any]
    fill_only: set[str] = field(default_factory=set)


Reading = tuple[str, TrialRecord | RejectRecord]


def _registry_id(value: Any) -> str:
    text = str(value or "").strip().upper()
    if not text:
        raise RejectRecord(_("missing NCT number"))
    if not _NCT.match(text):
        raise RejectRecord(_("not an NCT number: %(value)s") % {"value": text})
    return text


def _status(value: str) -> str:
    text = re.sub(r"[\s,]+", "_", (value or "").strip().upper())
    return {"UNKNOWN_STATUS": "UNKNOWN"}.get(text, text)


def _checked(record: TrialRecord) -> TrialRecord:
    values = {"registry_id": record.registry_id, **record.fields}
    for name, limit in _LIMITS.items():
        if len(str(values.get(name) or "")) > limit:
            raise RejectRecord(
                _("%(field)s is longer than %(limit)d characters") % {"field": name, "limit": limit}
            )
    start, end = record.fields.get("start_date"), record.fields.get("completion_date")
    if start and end and end < start:
        reason = _("completed on %(end)s, before its start %(start)s") % {"end": end, "start": start}
        raise RejectRecord(reason)
    return record


def _guard(label: str, build) -> Reading:
    try:
        return label, _checked(build())
    except RejectRecord as rejection:
        return label, rejection


# --- ClinicalTrials.gov API v2 ------------------------------------------------------------------------


def read_api_json(source: Source) -> Iterator[Reading]:
    """A list of studies, or one API page {"studies": [...], "nextPageToken": ...}, read study by study."""
    try:
        for index, study in json_elements(source.stream, list_key="studies"):
            yield _guard(f"{source.name}#{index + 1}", lambda study=study: api_study(text.clean(study)))
    except MalformedJSON as error:
        reason = _("malformed JSON at character %(position)d: %(error)s")
        yield source.name, RejectRecord(reason % {"position": error.position, "error": error})


def _module(study: dict, *path: str) -> dict:
    node: Any = study
    for key in path:
        node = node.get(key) if isinstance(node, dict) else None
    return node if isinstance(node, dict) else {}


def api_study(study: Any) -> TrialRecord:
    if not isinstance(study, dict):
        raise RejectRecord(_("a study must be a JSON object"))
    protocol = _module(study, "protocolSection")
    ident = _module(protocol, "identificationModule")
    status = _module(protocol, "statusModule")
    design = _module(protocol, "designModule")
    sponsors = _module(protocol, "sponsorCollaboratorsModule")
    phases = [str(p) for p in design.get("phases") or []]
    lead = sponsors.get("leadSponsor") or {}
    return TrialRecord(
        _registry_id(ident.get("nctId")),
        {
            "title": str(ident.get("briefTitle") or ident.get("officialTitle") or "").strip(),
            "official_title": str(ident.get("officialTitle") or "").strip(),
            "phase": phase_from_labels(phases),
            "phase_label": "|".join(phases),
            "status": _status(status.get("overallStatus") or ""),
            "conditions": [str(c) for c in _module(protocol, "conditionsModule").get("conditions") or []],
            "interventions": [
                _intervention(i.get("type"), i.get("name"), i.get("otherNames"))
                for i in _module(protocol, "armsInterventionsModule").get("interventions") or []
                if isinstance(i, dict)
            ],
            "sponsor": str(lead.get("name") or "").strip(),
            "sponsor_class": str(lead.get("class") or "").strip(),
            "collaborators": [
                str(c.get("name")) for c in sponsors.get("collaborators") or [] if c.get("name")
            ],
            "start_date": parse_date(_module(status, "startDateStruct").get("date"), START),
            "completion_date": parse_date(_module(status, "completionDateStruct").get("date"), COMPLETION),
            "enrollment": _count(_module(design, "enrollmentInfo").get("count")),
            "source": "ctgov_api",
        },
        fill_only={"source"},
    )


def _intervention(kind: Any, name: Any, other_names: Any = None) -> dict[str, Any]:
    others = [str(n).strip() for n in other_names or [] if str(n).strip()]
    return {"type": str(kind or "").strip().upper(), "name": str(name or "").strip(), "other_names": others}


def _count(value: Any) -> int | None:
    try:
        return max(0, int(value)) if value not in (None, "") else None
    except (TypeError, ValueError):
        raise RejectRecord(_("enrolment is not a number: %(value)s") % {"value": value}) from None


# --- CSV: the site's export, and HINT -----------------------------------------------------------------


def read_csv(source: Source) -> Iterator[Reading]:
    bad: list[tuple[int, str]] = []
    lines = decoded_lines(numbered_lines(source.stream), bad)
    reader = csv.DictReader(lines)
    try:
        yield from _csv_rows(source, reader, bad)
    except csv.Error as error:
        yield f"{source.name}:{reader.line_num}", RejectRecord(csv_reason(error))


def _csv_rows(source: Source, reader: csv.DictReader, bad: list[tuple[int, str]]) -> Iterator[Reading]:
    header = reader.fieldnames or []
    if bad:
        yield f"{source.name}:1", RejectRecord(bad[0][1])
        return
    if "NCT Number" in header:
        build = export_row
    elif "nctid" in header:
        build = hint_row
    else:
        yield source.name, RejectRecord(_("not a ClinicalTrials.gov export or HINT file (unknown header)"))
        return
    reported = 0
    for row in reader:
        for number, reason in bad[reported:]:
            yield f"{source.name}:{number}", RejectRecord(reason)
        reported = len(bad)
        if any((value or "").strip() for value in row.values() if isinstance(value, str)):
            yield _guard(f"{source.name}:{reader.line_num}", lambda row=row: build(row))
    for number, reason in bad[reported:]:
        yield f"{source.name}:{number}", RejectRecord(reason)


def _pipe_list(cell: str | None) -> list[str]:
    return [item.strip() for item in (cell or "").split("|") if item.strip()]


def export_row(row: dict[str, str]) -> TrialRecord:
    phases = _pipe_list(row.get("Phases"))
    interventions = []
    for item in _pipe_list(row.get("Interventions")):
        kind, _colon, name = item.partition(":") if ":" in item else ("", "", item)
        interventions.append(_intervention(kind, name))
    fields = {
        "title": (row.get("Study Title") or "").strip(),
        "phase": phase_from_labels(phases),
        "phase_label": "|".join(phases),
        "status": _status(row.get("Study Status") or ""),
        "conditions": _pipe_list(row.get("Conditions")),
        "interventions": interventions,
        "sponsor": (row.get("Sponsor") or "").strip(),
        "collaborators": _pipe_list(row.get("Collaborators")),
        "start_date": parse_date(row.get("Start Date"), START),
        "completion_date": parse_date(row.get("Completion Date"), COMPLETION),
        "source": "ctgov_csv",
    }
    if "Enrollment" in row:
        fields["enrollment"] = _count(row["Enrollment"])
    return TrialRecord(_registry_id(row.get("NCT Number")), fields, fill_only={"source"})


def _literal_list(cell: str | None, what: str) -> list[str]:
    """HINT writes lists as Python literals: ['a', 'b']."""
    text = (cell or "").strip()
    if not text:
        return []
    reason = _("%(what)s is not a list: %(value)s") % {"what": what, "value": text[:80]}
    try:
        value = ast.literal_eval(text)
    except (ValueError, SyntaxError, MemoryError, RecursionError):
        raise RejectRecord(reason) from None
    if not isinstance(value, list | tuple):
        raise RejectRecord(reason)
    return list(dict.fromkeys(str(item).strip() for item in value if str(item).strip()))


def hint_row(row: dict[str, str]) -> TrialRecord:
    labels = [p.strip() for p in (row.get("phase") or "").split("/") if p.strip()]
    outcome = (row.get("label") or "").strip()
    if outcome not in {"", "0", "1"}:
        raise RejectRecord(_("outcome label must be 0 or 1: %(value)s") % {"value": outcome})
    fields = {
        "title": "",
        "phase": phase_from_labels(labels),
        "phase_label": "|".join(labels),
        "status": _status(row.get("status") or ""),
        "conditions": _literal_list(row.get("diseases"), "diseases"),
        "interventions": [_intervention("DRUG", name) for name in _literal_list(row.get("drugs"), "drugs")],
        "outcome_label": int(outcome) if outcome else None,
        "source": "hint",
    }
    fill_only = set(fields) - {"outcome_label"}
    return TrialRecord(_registry_id(row.get("nctid")), fields, fill_only=fill_only)
