"""Writing trial records in batches, merging each into what is stored.

The content hash is taken over the merged record, so that importing the same files again, in any order,
finds every trial unchanged and writes nothing.
"""

import hashlib
import json
from collections import Counter
from typing import Any

from django.db import DatabaseError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from core.importing.result import ImportResult, Progress
from trials.importers.ctgov import TrialRecord
from trials.models import Trial

CANONICAL: dict[str, Any] = {
    "title": "",
    "official_title": "",
    "phase": None,
    "phase_label": "",
    "status": "",
    "conditions": [],
    "interventions": [],
    "sponsor": "",
    "sponsor_class": "",
    "collaborators": [],
    "start_date": None,
    "completion_date": None,
    "enrollment": None,
    "outcome_label": None,
    "source": "",
}


def merge(stored: dict[str, Any] | None, record: TrialRecord) -> dict[str, Any]:
    state = {name: (stored or CANONICAL)[name] for name in CANONICAL}
    for name, value in record.fields.items():
        if name in record.fill_only and state[name] not in ("", None, []):
            continue
        state[name] = value
    return state


def content_hash(state: dict[str, Any]) -> str:
    text = json.dumps(state, sort_keys=True, ensure_ascii=False, separators=(",", ":"), default=str)
    return hashlib.sha256(text.encode()).hexdigest()


class TrialWriter:
    def __init__(self, result: ImportResult, *, progress: Progress | None = None, batch_size: int = 500):
        self.result = result
        self.progress = progress
        self.batch_size = batch_size
        self.batch: dict[str, tuple[str, TrialRecord]] = {}
        self.touched: list[int] = []

    def add(self, label: str, record: TrialRecord) -> None:
        if record.registry_id in self.batch:
            self.flush()
        self.batch[record.registry_id] = (label, record)
        if len(self.batch) >= self.batch_size:
            self.flush()

    def close(self) -> None:
        self.flush()

    def flush(self) -> None:
        pending, self.batch = list(self.batch.values()), {}
        if not pending:
            return
        try:
            with transaction.atomic():
                outcomes, touched = self._write([record for _label, record in pending])
                self.result.store_progress(outcomes)
        except DatabaseError:
            outcomes, touched = self._write_one_by_one(pending)
        for outcome, n in outcomes.items():
            self.result.count(outcome, n)
        self.touched += touched
        if self.progress:
            self.progress(len(pending))

    def _write_one_by_one(self, pending) -> tuple[Counter, list[int]]:
        outcomes: Counter = Counter()
        touched: list[int] = []
        for label, record in pending:
            try:
                with transaction.atomic():
                    counted, ids = self._write([record])
                    self.result.store_progress(outcomes + counted)
            except DatabaseError as error:
                self.result.reject(label, _("could not be stored: %(error)s") % {"error": error})
                continue
            outcomes += counted
            touched += ids
        return outcomes, touched

    def _write(self, records: list[TrialRecord]) -> tuple[Counter, list[int]]:
        stored = {
            row["registry_id"]: row
            for row in Trial.objects.filter(registry_id__in=[r.registry_id for r in records]).values(
                "id", "registry_id", "content_hash", *CANONICAL
            )
        }
        outcomes: Counter = Counter()
        creates, updates = [], []
        now = timezone.now()
        for record in records:
            old = stored.get(record.registry_id)
            state = merge(old, record)
            digest = content_hash(state)
            if old is None:
                creates.append(Trial(registry_id=record.registry_id, content_hash=digest, **state))
            elif old["content_hash"] == digest:
                outcomes["unchanged"] += 1
            else:
                updates.append(Trial(pk=old["id"], content_hash=digest, updated_at=now, **state))
        Trial.objects.bulk_create(creates)
        Trial.objects.bulk_update(updates, [*CANONICAL, "content_hash", "updated_at"], batch_size=100)
        outcomes["created"] += len(creates)
        outcomes["updated"] += len(updates)
        return outcomes, [trial.pk for trial in (*creates, *updates)]
