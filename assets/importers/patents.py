"""Importing patent documents: USPTO XML (v2.5, v4.x, weekly bulk files) and the JSONL bulk format.

Each document is read, checked and prepared (`_outcome`) on its own, then written in batches. Bulk XML
files are read by worker processes while this process writes (see `assets.importers.parallel`); the
outcome of each document is the same either way, and so is the order in which they are written.
"""

import os
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from functools import partial
from itertools import chain

from django.utils.translation import gettext as _

from accounts.models import User
from assets.importers import uspto_jsonl, uspto_xml
from assets.importers.normalise import publication_number
from assets.importers.parallel import OrderedPool, can_fork
from assets.importers.records import PatentRecord, check
from assets.importers.rows import AssetRows, PreparedPatent
from assets.importers.store import PatentWriter
from assets.models import ImportRun
from core.errors import InvalidInput
from core.importing.result import FirstSeen, ImportResult, Progress, RejectRecord
from core.importing.runs import finish_run, start_run
from core.importing.sources import (
    UNREADABLE,
    Source,
    SourceItem,
    as_items,
    not_text,
    open_source,
    read_file_part,
    source_name,
    split_documents,
    xml_file_parts,
)

# Below this size a file is read in this process: starting workers costs more than they would save.
PARALLEL_FROM_BYTES = 16 << 20
PART_BYTES = 1 << 20  # what a worker reads at a time: about a dozen grants
MAX_AUTOMATIC_WORKERS = 2


@dataclass
class Rejected:
    reason: str
    number: str = ""  # when it could be read


Outcome = PreparedPatent | Rejected


def import_patents(
    paths_or_fileobjs: Iterable[SourceItem],
    *,
    user: User | None = None,
    progress: Progress | None = None,
    workers: int | None = None,
) -> ImportResult:
    """Import every document of the given files (format found per file); returns the counts and the
    rejected records with their reasons, and saves them as an ImportRun.

    `workers`: with 2 or more, worker processes read USPTO XML while this process writes; with 1, this
    process reads it. By default 2 (at most the number of cores) for plain XML files of 16 MB or more."""
    items = as_items(paths_or_fileobjs)
    run = start_run(
        ImportRun,
        kind=ImportRun.Kind.PATENTS,
        source_name=", ".join(source_name(i) for i in items),
        user=user,
    )
    result = ImportResult(run=run)
    writer = PatentWriter(result, progress=progress)
    for item in items:
        try:
            with open_source(item) as source:
                _import_source(source, writer, result, workers)
        except InvalidInput as error:
            result.reject(source_name(item), error.detail)
    writer.close()
    return finish_run(run, result, user=user)


def _import_source(source: Source, writer: PatentWriter, result: ImportResult, workers: int | None) -> None:
    if what := not_text(source.stream):
        raise InvalidInput(_("%(name)s is not a patent file: %(what)s") % {"name": source.name, "what": what})
    if source.format == "xml":
        outcomes = _xml_outcomes(source, writer.rows, workers)
    elif source.format == "jsonl":
        outcomes = ((label, _outcome(reading, writer.rows)) for label, reading in uspto_jsonl.read(source))
    else:
        raise InvalidInput(
            _("%(name)s is not a patent file (USPTO XML or JSONL); it looks like %(format)s")
            % {"name": source.name, "format": source.format.upper()}
        )
    seen = FirstSeen()
    for label, outcome in _guarded(outcomes, source.name):
        if isinstance(outcome, Rejected):
            result.reject(f"{label} {outcome.number}".strip(), outcome.reason)
        elif duplicate := seen.duplicate(outcome.number, label):
            result.reject(f"{label} {outcome.number}", duplicate.reason)
        else:
            writer.add(f"{label} {outcome.number}", outcome)


def _xml_outcomes(source: Source, rows: AssetRows, workers: int | None) -> Iterator[tuple[str, Outcome]]:
    """The documents of an XML file: read here, or, for a large plain file on disk, by worker processes
    that each read their own parts of it, so that this process only writes."""
    workers = _workers_for(source, workers)
    if workers > 1 and source.path is not None:
        parts = xml_file_parts(source.path, size=source.size, part_bytes=PART_BYTES)
        with OrderedPool(partial(_part_outcomes, rows=rows), workers) as pool:
            yield from _labelled(source, chain.from_iterable(pool.map(parts)))
    else:
        pieces = split_documents(source.stream)
        yield from _labelled(source, (_document_outcome(piece, rows) for piece in pieces))


def _workers_for(source: Source, requested: int | None) -> int:
    if not can_fork() or source.path is None:
        return 1
    if requested is not None:
        return requested
    if source.size < PARALLEL_FROM_BYTES:
        return 1
    return min(MAX_AUTOMATIC_WORKERS, os.cpu_count() or 1)


def _labelled(source: Source, results: Iterable[tuple[int, Outcome | None]]) -> Iterator[tuple[str, Outcome]]:
    """Each document's outcome with the file's name and the line where the document begins."""
    line = 1
    for newlines, outcome in results:
        if outcome is not None:
            yield f"{source.name}:{line}", outcome
        line += newlines


def _part_outcomes(part: tuple[str, int, int], *, rows: AssetRows) -> list[tuple[int, Outcome | None]]:
    """In a worker process: the outcomes of the documents of one part of a file."""
    return [_document_outcome(piece, rows) for piece in read_file_part(*part)]


def _document_outcome(piece: bytes, rows: AssetRows) -> tuple[int, Outcome | None]:
    """One piece of an XML file: its line count and what it holds (None: nothing to import)."""
    reading = None if not piece or piece.isspace() else uspto_xml.read_document(piece)
    return piece.count(b"\n"), None if reading is None else _outcome(reading, rows)


def _outcome(reading: PatentRecord | RejectRecord, rows: AssetRows) -> Outcome:
    if isinstance(reading, RejectRecord):
        return Rejected(reading.reason)
    try:
        return rows.prepare(check(reading))
    except RejectRecord as rejection:
        return Rejected(rejection.reason, _number_of(reading))


def _number_of(record: PatentRecord) -> str:
    try:
        return publication_number(record.country, record.doc_number, record.kind_code)
    except RejectRecord:
        return ""


def _guarded(outcomes: Iterator[tuple[str, Outcome]], name: str) -> Iterator[tuple[str, Outcome]]:
    """A file that breaks off (a truncated gzip member, an I/O error) ends with one rejection, keeping
    everything read before it."""
    try:
        yield from outcomes
    except UNREADABLE as error:
        reason = _("the file could not be read to its end: %(error)s") % {"error": error}
        yield name, Rejected(reason)
