"""One spelling for numbers, codes, dates and parties, whatever format a record came in.

- Publication numbers: office + number without leading zeros + kind code: US6857133B2, USD680087S1,
  USRE50267E1, USPP18398P2, US20250006331A1 (the JSONL and the XML of the same document agree).
- Application numbers are kept as printed (their leading zero is the series code: 09/529,968 → 09529968).
- CPC and IPC codes: compact, no spaces, main group without leading zeros: A61K31/519, A61P35/00.
"""

import functools
import re
from datetime import date

from django.utils.translation import gettext as _

from assets.models import Asset
from core.importing.result import RejectRecord

_NUMBER = re.compile(r"^([A-Z]*)0*(\d+)$")
_CODE_SPLIT = re.compile(r"^([A-HY]\d\d[A-Z])\s*0*(\d+)\s*/\s*(\d+)$")
_CODE_FIXED = re.compile(r"^([A-HY]\d\d[A-Z])([ \d]{3})(\d{2,})$")
_CODE_SHORT = re.compile(r"^([A-HY]\d\d[A-Z])\s*(\d+?)(\d{2})$")


def publication_number(country: str, doc_number: str, kind: str) -> str:
    """The registry's key for a published document, e.g. US12376587B2."""
    country = (country or "").strip().upper()
    raw = re.sub(r"[\s,/-]", "", (doc_number or "").upper())
    if not country or not raw:
        raise RejectRecord(_("missing publication number"))
    match = _NUMBER.match(raw)
    number = f"{match.group(1)}{match.group(2)}" if match else raw
    return f"{country}{number}{(kind or '').strip().upper()}"


def application_number(doc_number: str) -> str:
    return re.sub(r"[\s,]", "", doc_number or "")


@functools.lru_cache(maxsize=1 << 16)  # the same few thousand codes come back in record after record
def classification_code(code: str) -> str:
    """A CPC/IPC code in the compact form; '' when it cannot be read.

    Handles 'A61K 31/519', 'A61K31/519', USPTO's fixed-width 'A61K 31519' (3-character main group),
    the v2.5 squeezed form 'E03C 104' (E03C 1/04) and 'A41D013/00'.
    """
    text = (code or "").strip().upper()
    for pattern in (_CODE_SPLIT, _CODE_FIXED, _CODE_SHORT):
        match = pattern.match(text)
        if match and match.group(2).strip():
            section, group, subgroup = match.groups()
            return f"{section}{int(group)}/{subgroup}"
    return ""


def classification_codes(codes) -> list[str]:
    """Normalised, de-duplicated, in their original order."""
    seen: dict[str, None] = {}
    for code in codes or ():
        if normalised := classification_code(code):
            seen.setdefault(normalised, None)
    return list(seen)


def party(name: str, city: str = "", state: str = "", country: str = "") -> dict[str, str]:
    return {
        "name": " ".join((name or "").split()),
        "city": (city or "").strip(),
        "state": (state or "").strip(),
        "country": (country or "").strip().upper()[:2],
    }


def holder_of(assignees: list[dict], applicants: list[dict]) -> tuple[str, str]:
    """The holder of record: the first assignee, else the first applicant."""
    for group in (assignees, applicants):
        for person in group:
            if person.get("name"):
                return person["name"], person.get("country", "")
    return "", ""


# First letter of a kind code → (asset type, status on publication). US codes (WIPO ST.16), with the
# Chinese U/Y for utility models; plant patents (P) are kept with inventions.
_KIND_RULES = {
    "A": (Asset.Kind.INVENTION, Asset.Status.PENDING),
    "B": (Asset.Kind.INVENTION, Asset.Status.GRANTED),
    "C": (Asset.Kind.INVENTION, Asset.Status.GRANTED),
    "E": (Asset.Kind.INVENTION, Asset.Status.GRANTED),
    "H": (Asset.Kind.INVENTION, Asset.Status.GRANTED),
    "S": (Asset.Kind.DESIGN, Asset.Status.GRANTED),
    "U": (Asset.Kind.UTILITY_MODEL, Asset.Status.GRANTED),
    "Y": (Asset.Kind.UTILITY_MODEL, Asset.Status.GRANTED),
}
_PLANT_PENDING = {"P1", "P4", "P9"}


def kind_and_status(country: str, kind_code: str) -> tuple[str, str]:
    """Asset type and legal status from the document's kind code (B1/B2 granted, A1/A2 pending, S design)."""
    code = (kind_code or "").strip().upper()
    if code.startswith("P"):
        pending = code in _PLANT_PENDING
        return Asset.Kind.INVENTION, Asset.Status.PENDING if pending else Asset.Status.GRANTED
    if country == "CN" and code.startswith("C"):
        return Asset.Kind.INVENTION, Asset.Status.GRANTED
    if rule := _KIND_RULES.get(code[:1]):
        return rule[0].value, rule[1].value
    raise RejectRecord(_("unknown kind code: %(kind)s") % {"kind": kind_code or "—"})


def family_key(application: tuple[str, str, date | None], priorities: list[dict]) -> str:
    """The earliest filing the document claims (foreign priority, provisional, parent, PCT), else its own
    application: documents that share it are one family."""
    candidates = [(application[2], application[0], application[1])]
    for claim in priorities:
        when = claim.get("date")
        candidates.append((date.fromisoformat(when) if when else None, claim["country"], claim["number"]))
    dated = [c for c in candidates if c[0] is not None and c[2]]
    if not dated:
        return f"{application[0]}{application[1]}" if application[1] else ""
    _when, country, number = min(dated)
    number = re.sub(r"[\s,]", "", number).upper()
    return (number if number.startswith("PCT") else f"{country}{number}")[:80]
