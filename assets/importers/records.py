"""A patent record as read from any format, checked and turned into the asset's fields, before any write."""

import hashlib
import json
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from assets.importers import normalise
from assets.models import Asset
from core.importing.dates import parse_date
from core.importing.result import RejectRecord

SOLID_TUMOURS = "solid-tumours"
ANTINEOPLASTIC = "A61P35"

# Longest values the asset's columns take; longer values reject the record instead of failing the batch.
PUBLICATION_DATE = gettext_lazy("publication date")
APPLICATION_DATE = gettext_lazy("application date")
PRIORITY_DATE = gettext_lazy("priority date")

_LIMITS = {"number": 40, "application_number": 40, "kind_code": 4, "title": 500, "holder_name": 300}


@dataclass
class PatentRecord:
    """What a reader found in one document; `check()` turns it into the asset's columns."""

    country: str
    doc_number: str
    kind_code: str
    publication_date: str | None
    application_number: str = ""
    application_date: str | None = None
    title: str = ""
    abstract: str = ""
    claims: list[str] | None = None  # None: the format has no claims, so existing claims are kept
    cpc_codes: list[str] = field(default_factory=list)
    ipc_codes: list[str] = field(default_factory=list)
    applicants: list[dict] = field(default_factory=list)
    assignees: list[dict] = field(default_factory=list)
    inventors: list[dict] = field(default_factory=list)
    priority_claims: list[dict] = field(default_factory=list)
    term_extension_days: int = 0
    source: str = ""


@dataclass
class CheckedPatent:
    number: str
    fields: dict[str, Any]
    family_key: str
    content_hash: str

    @property
    def antineoplastic(self) -> bool:
        codes = (*self.fields["cpc_codes"], *self.fields["ipc_codes"])
        return any(code.startswith(ANTINEOPLASTIC) for code in codes)


def check(record: PatentRecord) -> CheckedPatent:
    """Normalise and validate one record; raises RejectRecord with the reason when it cannot be stored."""
    number = normalise.publication_number(record.country, record.doc_number, record.kind_code)
    kind, status = normalise.kind_and_status(record.country, record.kind_code)
    published = parse_date(record.publication_date, PUBLICATION_DATE)
    filed = parse_date(record.application_date, APPLICATION_DATE)
    if published is None:
        raise RejectRecord(_("missing publication date"))
    if filed is not None and published < filed:
        raise RejectRecord(
            _("published or granted on %(published)s, before the application date %(filed)s")
            % {"published": published, "filed": filed}
        )
    fields = _fields(record, number, kind, status, published, filed)
    _check_lengths(fields)
    for claim in fields["priority_claims"]:
        claim["date"] = _iso(parse_date(claim.get("date"), PRIORITY_DATE))
    family = normalise.family_key(
        (record.country.upper(), fields["application_number"], filed), fields["priority_claims"]
    )
    return CheckedPatent(number, fields, family, _hash(fields, family))


def _fields(record, number, kind, status, published, filed) -> dict[str, Any]:
    granted = status == Asset.Status.GRANTED
    holder_name, holder_country = normalise.holder_of(record.assignees, record.applicants)
    fields: dict[str, Any] = {
        "kind": kind,
        "jurisdiction": record.country.upper(),
        "number": number,
        "kind_code": record.kind_code.upper(),
        "application_number": normalise.application_number(record.application_number),
        "application_date": filed,
        "publication_number": number,
        "publication_date": published,
        "grant_number": number if granted else "",
        "grant_date": published if granted else None,
        "priority_claims": [dict(claim) for claim in record.priority_claims],
        "title": " ".join(record.title.split()),
        "abstract": record.abstract.strip(),
        "cpc_codes": normalise.classification_codes(record.cpc_codes),
        "ipc_codes": normalise.classification_codes(record.ipc_codes),
        "applicants": record.applicants,
        "assignees": record.assignees,
        "inventors": record.inventors,
        "holder_name": holder_name,
        "holder_country": holder_country,
        "legal_status": status,
        "term_extension_days": max(0, record.term_extension_days),
        "source": record.source,
    }
    if record.claims is not None:
        fields["claims"] = [" ".join(words) for claim in record.claims if (words := claim.split())]
    return fields


def _check_lengths(fields: dict[str, Any]) -> None:
    for name, limit in _LIMITS.items():
        if len(fields[name]) > limit:
            raise RejectRecord(
                _("%(field)s is longer than %(limit)d characters") % {"field": name, "limit": limit}
            )


def _iso(day: date | None) -> str | None:
    return day.isoformat() if day else None


def _hash(fields: dict[str, Any], family: str) -> str:
    canonical = json.dumps(
        {**fields, "family": family}, sort_keys=True, ensure_ascii=False, separators=(",", ":"), default=str
    )
    return hashlib.sha256(canonical.encode()).hexdigest()
