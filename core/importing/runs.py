"""The bookkeeping of an import run: its row says what came in, what changed and what was rejected, and
names the importing process so that recovery can tell when it died (core.recovery).

The rows live in the app that owns the runs (the registry's `assets.ImportRun`, which also names the
organisation a portfolio belongs to); its model builds on `ImportRunBase` and each importer passes it in.
"""

from typing import Any, TypeVar

from django.conf import settings
from django.db import models, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.access import Person
from core.events import record_event
from core.importing.result import OUTCOMES, ImportResult


class ImportRunBase(models.Model):
    """One run of an importer over some files: what came in, what changed, what was rejected and why."""

    # The run keeps the first errors only: a broken file of a million lines must not make a row of gigabytes.
    MAX_STORED_ERRORS = 1000

    kind = models.CharField(_("kind"), max_length=12)
    source_name = models.CharField(_("source"), max_length=500, blank=True)
    started_at = models.DateTimeField(_("started at"), auto_now_add=True)
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)
    created = models.PositiveIntegerField(_("created"), default=0)
    updated = models.PositiveIntegerField(_("updated"), default=0)
    unchanged = models.PositiveIntegerField(_("unchanged"), default=0)
    rejected = models.PositiveIntegerField(_("rejected"), default=0)
    errors = models.JSONField(_("errors"), default=list, blank=True)
    # The counts above are stored with every committed batch, so a run cut short still shows what it wrote;
    # the process ("host:pid") and the time of its last batch tell recovery whether it was abandoned.
    process = models.CharField(_("importing process"), max_length=80, blank=True)
    progress_at = models.DateTimeField(_("last progress at"), null=True, blank=True)
    interrupted = models.BooleanField(
        _("interrupted"), default=False, help_text=_("The importing process stopped before the end.")
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("started by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="import_runs",
    )

    class Meta:
        abstract = True


Run = TypeVar("Run", bound=ImportRunBase)


def start_run(
    model: type[Run], *, kind: str, source_name: str, user: Person | None = None, **fields: Any
) -> Run:
    """Create the run, naming this process so that recovery can tell when it died (core.recovery)."""
    from core.recovery import this_process

    actor = user if getattr(user, "is_authenticated", False) else None
    return model._default_manager.create(
        kind=kind,
        source_name=source_name[:500],
        user=actor,
        **fields,
        process=this_process(),
        progress_at=timezone.now(),
    )


@transaction.atomic
def finish_run(run: ImportRunBase, result: ImportResult, *, user: Person | None = None) -> ImportResult:
    """Store the counts on the run and append one event for the whole run (not one per record)."""
    run.finished_at = run.progress_at = timezone.now()
    for outcome in OUTCOMES:
        setattr(run, outcome, getattr(result, outcome))
    run.errors = result.errors[: run.MAX_STORED_ERRORS]
    run.save()
    record_event(
        run,
        "import.finished",
        actor=user,
        kind=run.kind,
        source=run.source_name,
        created=result.created,
        updated=result.updated,
        unchanged=result.unchanged,
        rejected=result.rejected,
    )
    result.run = run
    return result
