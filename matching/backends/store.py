"""A compact on-disk store of each document's number and attributes, looked up by id in bulk.

A million documents fit in a few tens of megabytes: sorted ids, each row's index into a palette of
distinct attribute sets (few: modality × indications × territory), and the numbers as one blob. Recent
changes go to a small journal that is folded in when it grows, or on rebuild.

Beside it, the vectors as float16 rows in the same order, memory-mapped: reading a few hundred rows takes
microseconds, where hnswlib's get_items costs ~25 µs a vector. Journal entries have none; their vectors
come from the HNSW index.
"""

import json
import os
from collections.abc import Callable
from pathlib import Path

import numpy as np

from matching.attributes import Attributes

JOURNAL_LIMIT = 20_000


def _key(attributes: Attributes) -> str:
    return json.dumps(attributes.as_json(), sort_keys=True, separators=(",", ":"))


class DocStore:
    def __init__(self, directory: Path):
        self.directory = directory
        self.ids = np.zeros(0, dtype=np.int64)
        self.palette_rows = np.zeros(0, dtype=np.int32)
        self.offsets = np.zeros(1, dtype=np.int64)
        self.numbers = b""
        self.palette: list[Attributes] = []
        self.journal: dict[int, tuple[str, Attributes] | None] = {}  # id → record, or None when removed
        self.vectors: np.ndarray | None = None  # float16 rows aligned with ids

    @property
    def _main(self) -> Path:
        return self.directory / "store.npz"

    @property
    def _side(self) -> Path:
        return self.directory / "store.json"

    def load(self) -> "DocStore":
        if self._main.exists():
            with np.load(self._main) as data:
                self.ids, self.palette_rows = data["ids"], data["palette_rows"]
                self.offsets, self.numbers = data["offsets"], data["numbers"].tobytes()
        if (self.directory / "store-vectors.npy").exists():
            self.vectors = np.load(self.directory / "store-vectors.npy", mmap_mode="r")
        if self._side.exists():
            side = json.loads(self._side.read_text())
            self.palette = [Attributes.from_json(json.loads(key)) for key in side["palette"]]
            self.journal = {
                int(k): None if v is None else (v[0], Attributes.from_json(v[1]))
                for k, v in side["journal"].items()
            }
        return self

    def put(self, doc_id: int, number: str, attributes: Attributes) -> None:
        self.journal[doc_id] = (number, attributes)

    def remove(self, doc_id: int) -> None:
        self.journal[doc_id] = None

    def get_many(self, ids: list[int]) -> dict[int, tuple[str, Attributes]]:
        found: dict[int, tuple[str, Attributes]] = {}
        wanted = np.array([i for i in ids if i not in self.journal], dtype=np.int64)
        if len(wanted) and len(self.ids):
            rows = np.minimum(np.searchsorted(self.ids, wanted), len(self.ids) - 1)
            for doc_id, row in zip(wanted.tolist(), rows.tolist(), strict=True):
                if self.ids[row] == doc_id:
                    number = self.numbers[self.offsets[row] : self.offsets[row + 1]].decode()
                    found[doc_id] = (number, self.palette[self.palette_rows[row]])
        for doc_id in ids:
            record = self.journal.get(doc_id)
            if record is not None:
                found[doc_id] = record
        return found

    def vectors_for(self, ids: list[int]) -> dict[int, np.ndarray]:
        """Vectors of ids held in the main part (not those changed since the last compaction)."""
        wanted = np.array([i for i in ids if i not in self.journal], dtype=np.int64)
        if self.vectors is None or not len(wanted) or not len(self.ids):
            return {}
        rows = np.minimum(np.searchsorted(self.ids, wanted), len(self.ids) - 1)
        hit = self.ids[rows] == wanted
        block = np.asarray(self.vectors[rows[hit]], dtype=np.float32)
        return dict(zip(wanted[hit].tolist(), block, strict=True))

    def get(self, doc_id: int) -> tuple[str, Attributes] | None:
        return self.get_many([doc_id]).get(doc_id)

    def items(self) -> dict[int, tuple[str, Attributes]]:
        merged = self.get_many(self.ids.tolist())
        for doc_id, record in self.journal.items():
            if record is None:
                merged.pop(doc_id, None)
            else:
                merged[doc_id] = record
        return merged

    def replace_all(
        self,
        records: dict[int, tuple[str, Attributes]],
        vectors: Callable[[list[int]], np.ndarray] | None = None,
    ) -> None:
        """Make `records` the whole store; `vectors(ids)` gives their vectors in that order."""
        order = sorted(records)
        self.vectors = None if vectors is None else np.asarray(vectors(order), dtype=np.float16)
        keys: dict[str, int] = {}
        self.palette = []
        palette_rows = np.zeros(len(order), dtype=np.int32)
        encoded = []
        for row, doc_id in enumerate(order):
            number, attributes = records[doc_id]
            key = _key(attributes)
            if key not in keys:
                keys[key] = len(self.palette)
                self.palette.append(attributes)
            palette_rows[row] = keys[key]
            encoded.append(number.encode())
        self.ids = np.array(order, dtype=np.int64)
        self.palette_rows = palette_rows
        self.offsets = np.zeros(len(order) + 1, dtype=np.int64)
        if encoded:
            self.offsets[1:] = np.cumsum([len(e) for e in encoded])
        self.numbers = b"".join(encoded)
        self.journal = {}

    def count(self) -> int:
        return len(self.items()) if self.journal else len(self.ids)

    def save(self, vectors: Callable[[list[int]], np.ndarray] | None = None) -> None:
        self.directory.mkdir(parents=True, exist_ok=True)
        if len(self.journal) > JOURNAL_LIMIT and vectors is not None:
            self.replace_all(self.items(), vectors)
        if not self.journal or not self._main.exists():
            if self.vectors is not None:
                temporary_vectors = self.directory / "store-vectors.tmp.npy"
                np.save(temporary_vectors, self.vectors)
                os.replace(temporary_vectors, self.directory / "store-vectors.npy")
            temporary = self.directory / "store.tmp.npz"
            numbers = np.frombuffer(self.numbers, dtype=np.uint8)
            np.savez(
                temporary, ids=self.ids, palette_rows=self.palette_rows, offsets=self.offsets, numbers=numbers
            )
            os.replace(temporary, self._main)
        side = {
            "palette": [_key(a) for a in self.palette],
            "journal": {
                str(k): None if v is None else [v[0], v[1].as_json()] for k, v in self.journal.items()
            },
        }
        temporary_side = self.directory / "store.tmp.json"
        temporary_side.write_text(json.dumps(side))
        os.replace(temporary_side, self._side)
