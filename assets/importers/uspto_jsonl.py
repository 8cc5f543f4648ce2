"""The bulk JSONL format: one USPTO document per line (see docs/import-formats.md), gzip or plain."""

import json
import re
from collections.abc import Iterator

from django.utils.translation import gettext as _

from assets.importers import normalise
from assets.importers.records import PatentRecord
from core.importing import text
from core.importing.result import RejectRecord
from core.importing.sources import Source, numbered_lines

Reading = tuple[str, PatentRecord | RejectRecord]
_US_PUBLICATION = re.compile(r"^(19|20)\d{9}$")  # pre-grant publication numbers, not filings


def read(source: Source) -> Iterator[Reading]:
    for line, raw in numbered_lines(source.stream):
        label = f"{source.name}:{line}"
        if not raw.strip():
            continue
        try:
            data = json.loads(raw.decode("utf-8-sig" if line == 1 else "utf-8"))
        except UnicodeDecodeError as error:
            yield label, RejectRecord(_("not UTF-8 text: %(error)s") % {"error": error})
            continue
        except ValueError as error:
            yield label, RejectRecord(_("malformed JSON: %(error)s") % {"error": error})
            continue
        try:
            record = parse(text.clean(data) if text.ESCAPED_CONTROL.search(raw) else data)
        except RejectRecord as rejection:
            yield label, rejection
            continue
        yield label, record


def _dict(data: dict, key: str) -> dict:
    value = data.get(key) or {}
    if not isinstance(value, dict):
        raise RejectRecord(_("%(field)s is not an object") % {"field": key})
    return value


def _list(data: dict, key: str) -> list:
    value = data.get(key) or []
    if not isinstance(value, list):
        raise RejectRecord(_("%(field)s is not a list") % {"field": key})
    return value


def _text(value) -> str:
    return value.strip() if isinstance(value, str) else ""


def parse(data) -> PatentRecord:
    if not isinstance(data, dict):
        raise RejectRecord(_("a line must hold one JSON object"))
    publication, application = _dict(data, "publication"), _dict(data, "application")
    return PatentRecord(
        country=_text(publication.get("country")),
        doc_number=_text(publication.get("doc_number")),
        kind_code=_text(publication.get("kind")),
        publication_date=_text(publication.get("date")) or None,
        application_number=_text(application.get("doc_number")),
        application_date=_text(application.get("date")) or None,
        title=_text(data.get("title")),
        abstract=_text(data.get("abstract")),
        claims=[_text(c) for c in data["claims"]] if isinstance(data.get("claims"), list) else None,
        cpc_codes=[c for c in _list(data, "cpc_classes") if isinstance(c, str)],
        ipc_codes=[c for c in _list(data, "ipc_classes") if isinstance(c, str)],
        applicants=[_organisation(p) for p in _list(data, "applicants") if isinstance(p, dict)],
        assignees=[_organisation(p) for p in _list(data, "assignees") if isinstance(p, dict)],
        inventors=[_person(p) for p in _list(data, "inventors") if isinstance(p, dict)],
        priority_claims=_priorities(data),
        source="uspto_jsonl",
    )


def _organisation(data: dict) -> dict[str, str]:
    name = _text(data.get("organization")) or _text(data.get("name"))
    if not name:
        name = " ".join(p for p in (_text(data.get("first_name")), _text(data.get("last_name"))) if p)
    return normalise.party(
        name, _text(data.get("city")), _text(data.get("state")), _text(data.get("country"))
    )


def _person(data: dict) -> dict[str, str]:
    name = " ".join(p for p in (_text(data.get("first_name")), _text(data.get("last_name"))) if p)
    return normalise.party(
        name or _text(data.get("name")),
        _text(data.get("city")),
        _text(data.get("state")),
        _text(data.get("country")),
    )


def _priorities(data: dict) -> list[dict]:
    """Related documents become benefit claims; pre-grant publications among them are not filings."""
    claims = []
    for document in _list(data, "related_docs"):
        number = _text(document.get("doc_number")) if isinstance(document, dict) else ""
        if not number or _US_PUBLICATION.match(number):
            continue
        kind = "provisional" if re.match(r"^6[0-3]\d{6}$", number) else "parent"
        claims.append(_claim(kind, document, number))
    for document in _list(data, "pct_data"):
        number = _text(document.get("doc_number")) if isinstance(document, dict) else ""
        if number:
            claims.append(_claim("pct", document, number))
    return claims


def _claim(kind: str, document: dict, number: str) -> dict:
    return {
        "kind": kind,
        "country": (_text(document.get("country")) or "US").upper(),
        "number": number,
        "date": _text(document.get("date")) or None,
    }
