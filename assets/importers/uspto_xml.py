"""USPTO full-text XML: grants and applications in the ST.36-style v4.x DTDs and the older v2.5 (PATDOC).

Bulk files are many documents concatenated, each with its own XML declaration and DOCTYPE: they are split
while being read and each document is parsed on its own, so that a broken one is rejected alone.
"""

from django.utils.translation import gettext as _
from lxml import etree

from assets.importers import normalise
from assets.importers.records import PatentRecord
from core.importing.result import RejectRecord

# No DTD, no entities, no network: the documents are data, never instructions to fetch anything.
_PARSER = etree.XMLParser(
    load_dtd=False,
    resolve_entities=False,
    no_network=True,
    huge_tree=False,
    remove_comments=True,
    collect_ids=False,
)
# Documents that ride along in the weekly files but are not patent documents of their own (a grant's
# sequence listing): recognised by their root element within the first bytes, and never parsed.
_ATTACHMENTS = (b"<sequence-cwu",)
_BENEFIT_CLAIMS = (
    "continuation",
    "continuation-in-part",
    "division",
    "continuing-reissue",
    "reissue",
    "substitution",
    "us-reexamination-reissue-merger",
)


def read_document(document: bytes) -> PatentRecord | RejectRecord | None:
    """The record of one document of a file, the reason it cannot be read, or None for a document that is
    not one of its own (a grant's sequence listing)."""
    if _is_attachment(document):
        return None
    try:
        root = etree.fromstring(_without_unread_parts(document), _PARSER)
    except etree.XMLSyntaxError as error:
        return RejectRecord(_syntax_error(document, error))
    try:
        record = parse(root)
    except RejectRecord as rejection:
        return rejection
    record.source = "uspto_xml"
    return record


def _syntax_error(document: bytes, error: etree.XMLSyntaxError) -> str:
    """The reason for a document lxml refused; text that is not UTF-8 (e.g. GBK) is said so plainly."""
    try:
        document.decode("utf-8")
    except UnicodeDecodeError as bad:
        line = document.count(b"\n", 0, bad.start) + 1
        return _("not UTF-8 text (byte 0x%(byte)02x on line %(line)d of the document); it may be GBK") % {
            "byte": document[bad.start],
            "line": line,
        }
    return _("malformed XML: %(error)s") % {"error": error}


def _is_attachment(document: bytes) -> bool:
    head = document[:2048]
    return any(tag in head for tag in _ATTACHMENTS)


def _without_unread_parts(document: bytes) -> bytes:
    """Only the parts that are read, for lxml to parse: most of a document's bytes (the description, the
    drawings, the cited references) are never read, and parsing them was most of the import's time."""
    if b"<PATDOC" in document[:4096]:
        return _cut(document, 0, len(document), _SKIPPED_V25)
    return _v4_read_parts(document) or document  # unexpected layout: lxml sees (and judges) it all


def _v4_read_parts(document: bytes) -> bytes | None:
    """The bibliographic data (without cited references and field of search), the abstract and the
    claims, with the root element around them; None when the document is not laid out as expected.

    The claims end the document, so they are found from its end without scanning the description."""
    bib_end = document.find(b"</us-bibliographic-data-")
    bib_end = document.find(b">", bib_end) + 1 if bib_end != -1 else 0
    claims = document.rfind(b"<claims", bib_end)
    if not bib_end or claims == -1 or not _opens_element(document, claims, b"<claims"):
        return None
    pieces = [_cut(document, 0, bib_end, _SKIPPED_V4)]
    abstract = document.find(b"<abstract", bib_end, claims)
    if abstract != -1 and _opens_element(document, abstract, b"<abstract"):
        end = document.find(b"</abstract>", abstract, claims)
        if end == -1:
            return None
        pieces.append(document[abstract : end + len(b"</abstract>")])
    pieces.append(document[claims:])
    return b"\n".join(pieces)


def _opens_element(document: bytes, at: int, opening: bytes) -> bool:
    return document[at + len(opening) : at + len(opening) + 1] in (b" ", b">")


def _cut(document: bytes, start: int, stop: int, skipped) -> bytes:
    """document[start:stop] without the skipped elements, found in one pass: each entry lists the
    spellings of one part across versions, in the order the parts appear."""
    pieces, position = [], start
    for alternatives in skipped:
        for opening, closing in alternatives:
            found = document.find(opening, position, stop)
            if found == -1 or not _opens_element(document, found, opening):
                continue
            end = document.find(closing, found, stop)
            if end != -1:
                pieces.append(document[position:found])
                position = end + len(closing)
            break
    pieces.append(document[position:stop])
    return b"".join(pieces)


# The bibliographic parts that are not read, in the order they appear, with their spellings across versions.
_SKIPPED_V4 = (
    ((b"<us-references-cited", b"</us-references-cited>"), (b"<references-cited", b"</references-cited>")),
    (
        (b"<us-field-of-classification-search", b"</us-field-of-classification-search>"),
        (b"<field-of-search", b"</field-of-search>"),
    ),
)
_SKIPPED_V25 = (((b"<B560", b"</B560>"),), ((b"<SDODE", b"</SDODE>"),))


def parse(root: etree._Element) -> PatentRecord:
    if root.tag in {"us-patent-grant", "us-patent-application"}:
        return _parse_v4(root)
    if root.tag == "PATDOC":
        return _parse_v25(root)
    raise RejectRecord(_("not a USPTO patent document (root element <%(tag)s>)") % {"tag": root.tag})


def _collapse(text: str | None) -> str:
    text = (text or "").strip()
    return " ".join(text.split()) if "\n" in text or "  " in text or "\t" in text else text


def _text(element) -> str:
    """All the text inside the element (its markup dropped), white space collapsed."""
    if element is None:
        return ""
    if not len(element):  # a leaf, by far the most common case: no need to walk a subtree
        return _collapse(element.text)
    return _collapse(etree.tostring(element, method="text", encoding="unicode", with_tail=False))


def _raw_text(element) -> str:
    """The text inside the element as printed: for the claims, whose white space the record collapses."""
    return etree.tostring(element, method="text", encoding="unicode", with_tail=False)


def _find_text(element, path: str) -> str:
    return _text(element.find(path)) if element is not None else ""


def _leaves(element) -> dict[str, str]:
    """The texts of an element's leaf children by tag, in one pass: cheaper than a find per field."""
    if element is None:
        return {}
    return {child.tag: _collapse(child.text) for child in element if not len(child)}


# --- v4.x ---------------------------------------------------------------------------------------------


def _parse_v4(root) -> PatentRecord:
    bib = root.find("us-bibliographic-data-grant")
    if bib is None:
        bib = root.find("us-bibliographic-data-application")
    if bib is None:
        raise RejectRecord(_("no bibliographic data"))
    parts = _children(bib)
    publication = _leaves(_find(parts, "publication-reference", "document-id"))
    application = _leaves(_find(parts, "application-reference", "document-id"))
    applicants, inventors = _v4_applicants_and_inventors(parts)
    extension = _find_text(parts.get("us-term-of-grant"), "us-term-extension")
    return PatentRecord(
        country=publication.get("country", ""),
        doc_number=publication.get("doc-number", ""),
        kind_code=publication.get("kind", ""),
        publication_date=publication.get("date", ""),
        application_number=application.get("doc-number", ""),
        application_date=application.get("date") or None,
        title=_text(parts.get("invention-title")),
        abstract=_paragraphs(root.find("abstract")),
        claims=[_raw_text(claim) for claim in root.iterfind("claims/claim")],
        cpc_codes=[_v4_code(c) for c in _iterfind(parts, "classifications-cpc", "*/classification-cpc")],
        ipc_codes=_v4_ipc(bib, parts),
        applicants=applicants,
        assignees=[_v4_party(a) for a in _iterfind(parts, "assignees", "assignee")],
        inventors=inventors,
        priority_claims=_v4_priorities(parts),
        term_extension_days=int(extension) if extension.isdigit() else 0,
    )


def _children(element) -> dict:
    """The element's children by tag (the first of each), read in one pass: the bibliographic data has
    some twenty parts, and looking each one up by path would walk them again every time."""
    parts: dict = {}
    for child in element:
        parts.setdefault(child.tag, child)
    return parts


def _find(parts: dict, tag: str, path: str):
    part = parts.get(tag)
    return part.find(path) if part is not None else None


def _iterfind(parts: dict, tag: str, path: str) -> list:
    part = parts.get(tag)
    return list(part.iterfind(path)) if part is not None else []


def _paragraphs(element) -> str:
    if element is None:
        return ""
    paragraphs = [_text(p) for p in element.iter("p", "PARA")] or [_text(element)]
    return "\n\n".join(p for p in paragraphs if p)


def _v4_code(element) -> str:
    leaf = _leaves(element)
    parts = (leaf.get(name, "") for name in ("section", "class", "subclass", "main-group"))
    return f"{''.join(parts)}/{leaf.get('subgroup', '')}"


def _v4_ipc(bib, parts: dict) -> list[str]:
    codes = [_v4_code(c) for c in _iterfind(parts, "classifications-ipcr", "classification-ipcr")]
    if "classification-ipc" in parts:  # v4.0 and v4.1: edition 7, fixed-width text
        for old in bib.iterfind("classification-ipc"):
            codes += [_text(c) for c in old if c.tag in {"main-classification", "further-classification"}]
    return codes


def _v4_party(element) -> dict[str, str]:
    book = element.find("addressbook")
    if book is None:
        book = element
    names = _leaves(book)
    name = names.get("orgname") or " ".join(
        part for part in (names.get("first-name"), names.get("last-name")) if part
    )
    if not name and book.find("orgname") is not None:  # an organisation name with markup inside
        name = _find_text(book, "orgname")
    address = _leaves(book.find("address"))
    return normalise.party(
        name, address.get("city", ""), address.get("state", ""), address.get("country", "")
    )


def _v4_applicants_and_inventors(parts: dict) -> tuple[list[dict], list[dict]]:
    applicants = [_v4_party(a) for a in _iterfind(parts, "us-parties", "us-applicants/us-applicant")]
    inventors = []
    for applicant in _iterfind(parts, "parties", "applicants/applicant"):  # before v4.2: inventors apply
        applicants.append(_v4_party(applicant))
        if applicant.get("app-type") == "applicant-inventor":
            inventors.append(dict(applicants[-1]))
    for inventor in (
        *_iterfind(parts, "us-parties", "inventors/inventor"),
        *_iterfind(parts, "parties", "inventors/inventor"),
    ):
        inventors.append(_v4_party(inventor))
    return applicants, inventors


def _claim(kind: str, document) -> dict[str, str | None]:
    leaf = _leaves(document)
    return {
        "kind": kind,
        "country": leaf.get("country", "").upper() or "US",
        "number": leaf.get("doc-number", ""),
        "date": leaf.get("date") or None,
    }


def _v4_priorities(parts: dict) -> list[dict]:
    claims = [_claim("foreign", claim) for claim in _iterfind(parts, "priority-claims", "priority-claim")]
    related = parts.get("us-related-documents")
    if related is not None:
        relations: dict = {}
        for relation in related:
            relations.setdefault(relation.tag, []).append(relation)
        for kind in _BENEFIT_CLAIMS:
            for relation in relations.get(kind, ()):
                for parent in relation.iterfind("relation/parent-doc/document-id"):
                    claims.append(_claim(kind, parent))
        for provisional in relations.get("us-provisional-application", ()):
            for document in provisional.iterfind("document-id"):
                claims.append(_claim("provisional", document))
    for pct in _iterfind(parts, "pct-or-regional-filing-data", "document-id"):
        claims.append(_claim("pct", pct))
    return [claim for claim in claims if claim["number"]]


# --- v2.5 (PATDOC, 2001–2004) -------------------------------------------------------------------------


def _parse_v25(root) -> PatentRecord:
    bib = root.find("SDOBI")
    if bib is None:
        raise RejectRecord(_("no bibliographic data"))
    return PatentRecord(
        country=_find_text(bib, "B100/B190") or "US",
        doc_number=_find_text(bib, "B100/B110/DNUM"),
        kind_code=_find_text(bib, "B100/B130"),
        publication_date=_find_text(bib, "B100/B140/DATE"),
        application_number=_find_text(bib, "B200/B210/DNUM"),
        application_date=_find_text(bib, "B200/B220/DATE") or None,
        title=_find_text(bib, "B500/B540"),
        abstract=_paragraphs(root.find("SDOAB")),
        claims=[_raw_text(claim) for claim in root.iterfind("SDOCL/CL/CLM")],
        ipc_codes=[_text(code) for code in bib.iterfind("B500/B510/*") if code.tag in {"B511", "B512"}],
        assignees=[_v25_party(p) for p in bib.iterfind("B700/B730/B731/PARTY-US")],
        inventors=[_v25_party(p) for p in bib.iterfind("B700/B720/B721/PARTY-US")],
        priority_claims=_v25_priorities(bib),
    )


def _v25_party(element) -> dict[str, str]:
    name = _find_text(element, "NAM/ONM") or " ".join(
        part for part in (_find_text(element, "NAM/FNM"), _find_text(element, "NAM/SNM")) if part
    )
    return normalise.party(
        name,
        _find_text(element, "ADR/CITY"),
        _find_text(element, "ADR/STATE"),
        _find_text(element, "ADR/CTRY"),
    )


def _v25_priorities(bib) -> list[dict]:
    claims = [
        {
            "kind": "foreign",
            "country": _find_text(claim, "B330").upper(),
            "number": _find_text(claim, "B310"),
            "date": _find_text(claim, "B320") or None,
        }
        for claim in bib.iterfind("B300")
    ]
    for parent in bib.iterfind("B600//DOC"):  # continuations, divisions, provisionals
        claims.append({"kind": "parent", **_v25_document(parent)})
    for pct in bib.iterfind("B800/B860/B861/DOC"):
        claims.append({"kind": "pct", **_v25_document(pct)})
    return [claim for claim in claims if claim["number"]]


def _v25_document(document) -> dict[str, str | None]:
    return {
        "country": _find_text(document, "CTRY").upper() or "US",
        "number": _find_text(document, "DNUM"),
        "date": _find_text(document, "DATE") or None,
    }
