"""Importing clinical trials: ClinicalTrials.gov API v2 JSON, the site's CSV export and the HINT CSV."""

from collections.abc import Iterable

from django.utils.translation import gettext as _

from accounts.models import User
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
    source_name,
)
from trials.importers import ctgov
from trials.importers.store import TrialWriter
from trials.services import link_trials

READERS = {"json": ctgov.read_api_json, "csv": ctgov.read_csv}


def import_trials(
    paths_or_fileobjs: Iterable[SourceItem],
    *,
    user: User | None = None,
    progress: Progress | None = None,
    link: bool = True,
) -> ImportResult:
    """Import trial records (format found per file), then link the new and changed ones to assets."""
    items = as_items(paths_or_fileobjs)
    run = start_run(
        ImportRun, kind=ImportRun.Kind.TRIALS, source_name=", ".join(source_name(i) for i in items), user=user
    )
    result = ImportResult(run=run)
    writer = TrialWriter(result, progress=progress)
    for item in items:
        try:
            with open_source(item) as source:
                _import_source(source, writer, result)
        except InvalidInput as error:
            result.reject(source_name(item), error.detail)
    writer.close()
    if link and writer.touched:
        link_trials(trial_ids=writer.touched)
    return finish_run(run, result, user=user)


def _import_source(source: Source, writer: TrialWriter, result: ImportResult) -> None:
    if what := not_text(source.stream):
        raise InvalidInput(_("%(name)s is not a trials file: %(what)s") % {"name": source.name, "what": what})
    reader = READERS.get(source.format)
    if reader is None:
        raise InvalidInput(
            _("%(name)s is not a trials file (ClinicalTrials.gov JSON or CSV, HINT CSV)")
            % {"name": source.name}
        )
    seen = FirstSeen()
    try:
        for label, reading in reader(source):
            if isinstance(reading, RejectRecord):
                result.reject(label, reading.reason)
            elif duplicate := seen.duplicate(reading.registry_id, label):
                result.reject(label, duplicate.reason)
            else:
                writer.add(label, reading)
    except UNREADABLE as error:
        result.reject(source.name, _("the file could not be read to its end: %(error)s") % {"error": error})


__all__ = ["ImportResult", "import_trials"]
