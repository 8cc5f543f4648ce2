"""What every importer returns: counts, the rejected records with their reasons, and the run kept of it."""

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

from django.utils import timezone
from django.utils.translation import gettext as _

Progress = Callable[[int], object]
OUTCOMES = ("created", "updated", "unchanged", "rejected")
MAX_LISTED_ERRORS = 10_000


class RejectRecord(Exception):
    """Raised while reading or checking one record: the record is skipped and reported, nothing is written."""

    def __init__(self, reason: str):
        super().__init__(reason)
        self.reason = reason


@dataclass
class ImportResult:
    """The common result of every importer; `as_dict()` is the JSON the command prints."""

    created: int = 0
    updated: int = 0
    unchanged: int = 0
    rejected: int = 0
    errors: list[dict[str, str]] = field(default_factory=list)
    run: Any = None  # the run's row (an ImportRunBase), when the import is kept as a run

    def reject(self, record: str, reason: str) -> None:
        self.rejected += 1
        if len(self.errors) < MAX_LISTED_ERRORS:
            self.errors.append({"record": record, "reason": reason})

    @property
    def unlisted(self) -> int:
        """Rejections counted but not listed: memory stays bounded on a file that is wrong throughout."""
        return self.rejected - len(self.errors)

    def count(self, outcome: str, n: int = 1) -> None:
        setattr(self, outcome, getattr(self, outcome) + n)

    def store_progress(self, outcomes: Mapping[str, int]) -> None:
        """Store on the run the counts so far plus `outcomes`, the ones the current transaction is writing.

        Called inside that transaction, so that the run's counts commit (or roll back) with the rows: a run
        whose process is killed still shows exactly what it committed. Count `outcomes` after the commit.
        """
        if self.run is None:
            return
        counts = {name: getattr(self, name) + outcomes.get(name, 0) for name in OUTCOMES}
        type(self.run)._default_manager.filter(pk=self.run.pk).update(progress_at=timezone.now(), **counts)

    @property
    def total(self) -> int:
        return self.created + self.updated + self.unchanged + self.rejected

    def as_dict(self) -> dict[str, Any]:
        errors = list(self.errors)
        if self.unlisted > 0:
            reason = _("%(count)d more records rejected, not listed") % {"count": self.unlisted}
            errors.append({"record": "…", "reason": reason})
        return {
            "created": self.created,
            "updated": self.updated,
            "unchanged": self.unchanged,
            "rejected": self.rejected,
            "errors": errors,
        }


class FirstSeen:
    """Where each id was first met in one file: a second record with the same id is rejected as a duplicate
    (the first is kept) instead of silently replacing it, which would also make every re-import of the
    file report an update."""

    def __init__(self) -> None:
        self.places: dict[str, str] = {}

    def duplicate(self, key: str, place: str) -> RejectRecord | None:
        first = self.places.setdefault(key, place)
        if first == place:
            return None
        return RejectRecord(
            _("duplicate: %(id)s is already at %(first)s in this file; the first one is kept")
            % {"id": key, "first": first}
        )
