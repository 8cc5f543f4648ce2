"""Importing patent documents: USPTO XML (v2.5, v4.x, weekly bulk files) and the JSONL bulk format."""

from collections.abc import Iterable, Iterator

from django.utils.translation import gettext as _

from assets.importers import uspto_jsonl, uspto_xml
from assets.importers.normalise import publication_number
from assets.importers.records import PatentRecord, check
from assets.importers.result import ImportResult, Progress, RejectRecord, finish_run, start_run
from assets.importers.sources import Source, SourceItem, as_items, open_source, source_name
from assets.importers.store import PatentWriter
from assets.models import ImportRun
from core.errors import InvalidInput

READERS = {"xml": uspto_xml.read, "jsonl": uspto_jsonl.read}


def import_patents(
    paths_or_fileobjs: Iterable[SourceItem], *, user=None, progress: Progress | None = None
) -> ImportResult:
    """Import every document of the given files (format found per file); returns the counts and the
    rejected records with their reasons, and saves them as an ImportRun."""
    items = as_items(paths_or_fileobjs)
    run = start_run(
        kind=ImportRun.Kind.PATENTS, source_name=", ".join(source_name(i) for i in items), user=user
    )
    result = ImportResult()
    writer = PatentWriter(result, progress=progress)
    for item in items:
        try:
            with open_source(item) as source:
                _import_source(source, writer, result)
        except InvalidInput as error:
            result.reject(source_name(item), error.detail)
    writer.close()
    return finish_run(run, result, user=user)


def _import_source(source: Source, writer: PatentWriter, result: ImportResult) -> None:
    reader = READERS.get(source.format)
    if reader is None:
        raise InvalidInput(
            _("%(name)s is not a patent file (USPTO XML or JSONL); it looks like %(format)s")
            % {"name": source.name, "format": source.format.upper()}
        )
    for label, reading in _guarded(reader(source), source.name):
        if isinstance(reading, RejectRecord):
            result.reject(label, reading.reason)
            continue
        try:
            patent = check(reading)
        except RejectRecord as rejection:
            result.reject(f"{label} {_number_of(reading)}".strip(), rejection.reason)
            continue
        writer.add(f"{label} {patent.number}", writer.rows.prepare(patent))


def _number_of(record: PatentRecord) -> str:
    try:
        return publication_number(record.country, record.doc_number, record.kind_code)
    except RejectRecord:
        return ""


def _guarded(readings: Iterator[tuple[str, PatentRecord | RejectRecord]], name: str):
    """A file that breaks off (a truncated gzip member, an I/O error) ends with one rejection, keeping
    everything read before it."""
    try:
        yield from readings
    except (OSError, EOFError) as error:
        yield name, RejectRecord(_("the file could not be read to its end: %(error)s") % {"error": error})
