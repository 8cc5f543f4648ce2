"""A compact on-disk store of each document's number and attributes, looked up by id.

A million documents fit in a few tens of megabytes: sorted ids, offsets and one blob of JSON records,
plus a small journal of recent changes that is folded in when it grows (or on rebuild).
"""

import json
import os
from pathlib import Path

import numpy as np

from matching.attributes import Attributes

JOURNAL_LIMIT = 20_000


class DocStore:
    def __init__(self, directory: Path):
        self.directory = directory
        self.ids = np.zeros(0, dtype=np.int64)
        self.offsets = np.zeros(1, dtype=np.int64)
        self.blob = b""
        self.journal: dict[int, str | None] = {}  # id → record, or None when removed

    @property
    def _main(self) -> Path:
        return self.directory / "store.npz"

    @property
    def _journal(self) -> Path:
        return self.directory / "store-journal.json"

    def load(self) -> "DocStore":
        if self._main.exists():
            with np.load(self._main) as data:
                self.ids, self.offsets = data["ids"], data["offsets"]
                self.blob = data["blob"].tobytes()
        if self._journal.exists():
            self.journal = {int(k): v for k, v in json.loads(self._journal.read_text()).items()}
        return self

    @staticmethod
    def record(number: str, attributes: Attributes) -> str:
        return json.dumps([number, attributes.as_json()], ensure_ascii=False, separators=(",", ":"))

    def put(self, doc_id: int, record: str) -> None:
        self.journal[doc_id] = record

    def remove(self, doc_id: int) -> None:
        self.journal[doc_id] = None

    def _main_record(self, doc_id: int) -> str | None:
        row = int(np.searchsorted(self.ids, doc_id))
        if row >= len(self.ids) or self.ids[row] != doc_id:
            return None
        return self.blob[self.offsets[row] : self.offsets[row + 1]].decode()

    def get(self, doc_id: int) -> tuple[str, Attributes] | None:
        record = self.journal[doc_id] if doc_id in self.journal else self._main_record(doc_id)
        if record is None:
            return None
        number, attributes = json.loads(record)
        return number, Attributes.from_json(attributes)

    def items(self) -> dict[int, str]:
        merged = {
            int(doc_id): self.blob[self.offsets[row] : self.offsets[row + 1]].decode()
            for row, doc_id in enumerate(self.ids)
        }
        for doc_id, record in self.journal.items():
            if record is None:
                merged.pop(doc_id, None)
            else:
                merged[doc_id] = record
        return merged

    def replace_all(self, records: dict[int, str]) -> None:
        order = sorted(records)
        encoded = [records[i].encode() for i in order]
        self.ids = np.array(order, dtype=np.int64)
        self.offsets = np.zeros(len(order) + 1, dtype=np.int64)
        self.offsets[1:] = np.cumsum([len(e) for e in encoded]) if encoded else []
        self.blob = b"".join(encoded)
        self.journal = {}

    def count(self) -> int:
        return len(self.items()) if self.journal else len(self.ids)

    def save(self) -> None:
        self.directory.mkdir(parents=True, exist_ok=True)
        if len(self.journal) > JOURNAL_LIMIT:
            self.replace_all(self.items())
        if not self.journal or not self._main.exists():
            temporary = self.directory / "store.tmp.npz"
            blob = np.frombuffer(self.blob, dtype=np.uint8)
            np.savez(temporary, ids=self.ids, offsets=self.offsets, blob=blob)
            os.replace(temporary, self._main)
        temporary_journal = self.directory / "store-journal.tmp"
        temporary_journal.write_text(json.dumps({str(k): v for k, v in self.journal.items()}))
        os.replace(temporary_journal, self._journal)
