"""What every importer shares: reading files (`sources`, `text`, `dates`), the result it returns
(`result`), the bookkeeping of its run (`runs`), and the list of importers that `ipharbour import KIND`
dispatches to.

Each app registers its importers in its AppConfig.ready() (`register_importer("trials", Importer(...))`),
so that the command, here in the kernel, imports none of them; an app that must act after another app's
import subscribes to `IMPORTED` (trials link themselves to the assets a portfolio brought in).
"""

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from core.hooks import Hook
from core.importing.result import ImportResult, Progress


@dataclass(frozen=True)
class ImportOptions:
    """What the command was told, for the importers to use what they understand."""

    user: Any = None
    progress: Progress | None = None
    link: bool = True  # link trials to assets after an import that may change which trials match which
    workers: int | None = None  # processes reading USPTO XML
    organisation: str = ""  # slug of the organisation that owns a portfolio


@dataclass(frozen=True)
class Importer:
    """One kind of import: `run` imports the files (raising a DomainError when the options do not allow it),
    `resume` finishes what an interrupted run of this kind left undone (given the run's row, see
    assets.importers.recovery)."""

    run: Callable[[list[Path], ImportOptions], ImportResult]
    description: str
    resume: Callable[[Any], object] | None = None


IMPORTERS: dict[str, Importer] = {}
#: An import of (kind, options) finished through the command; subscribers do the follow-up work.
IMPORTED: Hook[[str, ImportOptions]] = Hook("imported")


def register_importer(kind: str, importer: Importer) -> None:
    IMPORTERS[kind] = importer


__all__ = ["IMPORTED", "IMPORTERS", "ImportOptions", "ImportResult", "Importer", "register_importer"]
