"""USPTO full-text XML: grants and applications in the ST.36-style v4.x DTDs and the older v2.5 (PATDOC).

Bulk files are many documents concatenated, each with its own XML declaration and DOCTYPE: they are split
while being read and each document is parsed on its own, so that a broken one is rejected alone.
"""

from collections.abc import Iterator

from django.utils.translation import gettext as _
from lxml import etree

from assets.importers import normalise
from assets.importers.records import PatentRecord
from assets.importers.result import RejectRecord
from assets.importers.sources import Source, xml_documents

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

Reading = tuple[str, PatentRecord | RejectRecord]


def read(source: Source) -> Iterator[Reading]:
    """(label, record) for each document, or (label, RejectRecord) for a document that cannot be read."""
    for line, document in xml_documents(source.stream):
        label = f"{source.name}:{line}"
        if _is_attachment(document):
            continue
        try:
            root = etree.fromstring(_without_unread_parts(document), _PARSER)
        except etree.XMLSyntaxError as error:
            yield label, RejectRecord(_syntax_error(document, error))
            continue
        try:
            record = parse(root, label)
        except RejectRecord as rejection:
            yield label, rejection
            continue
        record.source = "uspto_xml"
        yield label, record


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
    """Cut the cited references and the description (most of a document's bytes, not read here) before
    parsing, which becomes several times faster. Only well-delimited elements are cut, in one pass: the
    parts come in this order in every version."""
    pieces, position = [], 0
    for alternatives in _SKIPPED_V25 if b"<PATDOC" in document[:4096] else _SKIPPED_V4:
        for opening, closing in alternatives:
            start = document.find(opening, position)
            if start == -1 or document[start + len(opening) : start + len(opening) + 1] not in (b" ", b">"):
                continue
            end = document.find(closing, start)
            if end != -1:
                pieces.append(document[position:start])
                position = end + len(closing)
            break
    pieces.append(document[position:])
    return b"".join(pieces)


# Each entry: the spellings of one part across versions, in the order parts appear in a document.
_SKIPPED_V4 = (
    ((b"<us-references-cited", b"</us-references-cited>"), (b"<references-cited", b"</references-cited>")),
    ((b"<description", b"</description>"),),
)
_SKIPPED_V25 = (((b"<B560", b"</B560>"),), ((b"<SDODE", b"</SDODE>"),))


def parse(root: etree._Element, label: str) -> PatentRecord:
    if root.tag in {"us-patent-grant", "us-patent-application"}:
        return _parse_v4(root, label)
    if root.tag == "PATDOC":
        return _parse_v25(root, label)
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


def _find_text(element, path: str) -> str:
    return _text(element.find(path)) if element is not None else ""


def _leaves(element) -> dict[str, str]:
    """The texts of an element's leaf children by tag, in one pass: cheaper than a find per field."""
    if element is None:
        return {}
    return {child.tag: _collapse(child.text) for child in element if not len(child)}


# --- v4.x ---------------------------------------------------------------------------------------------


def _parse_v4(root, label: str) -> PatentRecord:
    bib = root.find("us-bibliographic-data-grant")
    if bib is None:
        bib = root.find("us-bibliographic-data-application")
    if bib is None:
        raise RejectRecord(_("no bibliographic data"))
    publication = bib.find("publication-reference/document-id")
    application = bib.find("application-reference/document-id")
    applicants, inventors = _v4_applicants_and_inventors(bib)
    extension = _find_text(bib, "us-term-of-grant/us-term-extension")
    return PatentRecord(
        label=label,
        country=_find_text(publication, "country"),
        doc_number=_find_text(publication, "doc-number"),
        kind_code=_find_text(publication, "kind"),
        publication_date=_find_text(publication, "date"),
        application_number=_find_text(application, "doc-number"),
        application_date=_find_text(application, "date") or None,
        title=_find_text(bib, "invention-title"),
        abstract=_paragraphs(root.find("abstract")),
        claims=[_text(claim) for claim in root.iterfind("claims/claim")],
        cpc_codes=[_v4_code(c) for c in bib.iterfind("classifications-cpc/*/classification-cpc")],
        ipc_codes=_v4_ipc(bib),
        applicants=applicants,
        assignees=[_v4_party(a) for a in bib.iterfind("assignees/assignee")],
        inventors=inventors,
        priority_claims=_v4_priorities(bib),
        term_extension_days=int(extension) if extension.isdigit() else 0,
    )


def _paragraphs(element) -> str:
    if element is None:
        return ""
    paragraphs = [_text(p) for p in element.iter("p", "PARA")] or [_text(element)]
    return "\n\n".join(p for p in paragraphs if p)


def _v4_code(element) -> str:
    leaf = _leaves(element)
    parts = (leaf.get(name, "") for name in ("section", "class", "subclass", "main-group"))
    return f"{''.join(parts)}/{leaf.get('subgroup', '')}"


def _v4_ipc(bib) -> list[str]:
    codes = [_v4_code(c) for c in bib.iterfind("classifications-ipcr/classification-ipcr")]
    for old in bib.iterfind("classification-ipc"):  # v4.0 and v4.1: edition 7, fixed-width text
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


def _v4_applicants_and_inventors(bib) -> tuple[list[dict], list[dict]]:
    applicants, inventors = [], []
    for applicant in bib.iterfind("us-parties/us-applicants/us-applicant"):
        applicants.append(_v4_party(applicant))
    for applicant in bib.iterfind("parties/applicants/applicant"):  # before v4.2: inventors apply
        applicants.append(_v4_party(applicant))
        if applicant.get("app-type") == "applicant-inventor":
            inventors.append(_v4_party(applicant))
    for inventor in (
        *bib.iterfind("us-parties/inventors/inventor"),
        *bib.iterfind("parties/inventors/inventor"),
    ):
        inventors.append(_v4_party(inventor))
    return applicants, inventors


def _claim(kind: str, document) -> dict[str, str | None]:
    return {
        "kind": kind,
        "country": _find_text(document, "country").upper() or "US",
        "number": _find_text(document, "doc-number"),
        "date": _find_text(document, "date") or None,
    }


def _v4_priorities(bib) -> list[dict]:
    claims = [_claim("foreign", claim) for claim in bib.iterfind("priority-claims/priority-claim")]
    for relation in _BENEFIT_CLAIMS:
        for parent in bib.iterfind(f"us-related-documents/{relation}/relation/parent-doc/document-id"):
            claims.append(_claim(relation, parent))
    for provisional in bib.iterfind("us-related-documents/us-provisional-application/document-id"):
        claims.append(_claim("provisional", provisional))
    for pct in bib.iterfind("pct-or-regional-filing-data/document-id"):
        claims.append(_claim("pct", pct))
    return [claim for claim in claims if claim["number"]]


# --- v2.5 (PATDOC, 2001–2004) -------------------------------------------------------------------------


def _parse_v25(root, label: str) -> PatentRecord:
    bib = root.find("SDOBI")
    if bib is None:
        raise RejectRecord(_("no bibliographic data"))
    return PatentRecord(
        label=label,
        country=_find_text(bib, "B100/B190") or "US",
        doc_number=_find_text(bib, "B100/B110/DNUM"),
        kind_code=_find_text(bib, "B100/B130"),
        publication_date=_find_text(bib, "B100/B140/DATE"),
        application_number=_find_text(bib, "B200/B210/DNUM"),
        application_date=_find_text(bib, "B200/B220/DATE") or None,
        title=_find_text(bib, "B500/B540"),
        abstract=_paragraphs(root.find("SDOAB")),
        claims=[_text(claim) for claim in root.iterfind("SDOCL/CL/CLM")],
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
