"""Trials as `ipharbour import trials` runs them, and what trials do after other imports (see apps.py)."""

from pathlib import Path

from core.importing import ImportOptions, ImportResult
from trials import services
from trials.importers import import_trials
from trials.models import Trial


def trials(paths: list[Path], options: ImportOptions) -> ImportResult:
    return import_trials(paths, user=options.user, progress=options.progress, link=options.link)


def link_after_portfolio(kind: str, options: ImportOptions) -> None:
    """A portfolio may name drugs that registered trials study: link them, unless told not to."""
    if kind == "portfolio" and options.link:
        services.link_trials()


def link_trials_written_since(run) -> None:
    """An interrupted trials import died before its linking step: link the trials it wrote."""
    written = Trial.objects.filter(updated_at__gte=run.started_at).values_list("pk", flat=True)
    services.link_trials(trial_ids=list(written))
