"""Settling import runs whose importing process died (kill -9, a crash): see core.recovery."""

from django.db import transaction
from django.utils import timezone

from assets.models import Asset, ImportRun
from assets.services import ASSETS_WRITTEN
from core.events import record_event
from core.importing import IMPORTERS
from core.recovery import Recovered, abandoned


def recover_import_runs(recovered: Recovered) -> None:
    """Mark the unfinished runs whose process is gone as interrupted, with the counts they committed.

    The counts need no recounting: every batch stored them in its own transaction (ImportResult.
    store_progress). Then the importer of the run's kind resumes its follow-up work (core.importing.
    Importer.resume): trials that an interrupted run wrote are linked to assets, since the run died before
    its linking step; assets it wrote are queued for the matching index again, since the process may have
    died between a commit and queueing their indexing (indexing is idempotent).
    """
    for run in ImportRun.objects.filter(finished_at__isnull=True).order_by("id"):
        if abandoned(run.process, run.progress_at or run.started_at) and _settle(run):
            recovered.runs.append(run.pk)


@transaction.atomic
def _settle(run: ImportRun) -> bool:
    locked = ImportRun.objects.select_for_update().filter(pk=run.pk, finished_at__isnull=True).first()
    if locked is None:
        return False  # finished, or settled by another recovery, meanwhile
    locked.finished_at = timezone.now()
    locked.interrupted = True
    locked.save(update_fields=["finished_at", "interrupted"])
    importer = IMPORTERS.get(locked.kind)
    if importer is not None and importer.resume is not None:
        importer.resume(locked)
    record_event(
        locked,
        "import.interrupted",
        process=locked.process,
        created=locked.created,
        updated=locked.updated,
        unchanged=locked.unchanged,
        rejected=locked.rejected,
    )
    return True


REINDEX_CHUNK = 1000  # asset ids per indexing task


def reindex_assets_written_since(run: ImportRun) -> None:
    written = Asset.objects.filter(updated_at__gte=run.started_at).order_by("pk").values_list("pk", flat=True)
    ids = list(written)
    for start in range(0, len(ids), REINDEX_CHUNK):
        ASSETS_WRITTEN.announce(ids[start : start + REINDEX_CHUNK])
