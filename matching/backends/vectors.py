"""An on-disk HNSW index (hnswlib) keyed by document id, updated in place and saved atomically."""

import os
from pathlib import Path

import hnswlib
import numpy as np

from matching.encoder import DIMENSIONS

# Graph degree and build effort: recall@20 ≥ 0.99 on our embeddings (benchmarks/bench_matching.py).
M = 16
EF_CONSTRUCTION = 120
EF_SEARCH = 160


class VectorIndex:
    """Inner-product HNSW over L2-normalised vectors, so that scores are cosines."""

    def __init__(self, path: Path, dimensions: int = DIMENSIONS):
        self.path = path
        self.dimensions = dimensions
        self.index: hnswlib.Index | None = None
        self.deleted: set[int] = set()

    def _new(self, capacity: int) -> hnswlib.Index:
        index = hnswlib.Index(space="ip", dim=self.dimensions)
        index.init_index(max_elements=max(capacity, 1024), M=M, ef_construction=EF_CONSTRUCTION)
        index.set_ef(EF_SEARCH)
        return index

    def load(self) -> "VectorIndex":
        if self.path.exists():
            index = hnswlib.Index(space="ip", dim=self.dimensions)
            index.load_index(str(self.path), allow_replace_deleted=False)
            index.set_ef(EF_SEARCH)
            self.index = index
            deleted = self.path.with_suffix(".deleted.npy")
            self.deleted = set(np.load(deleted).tolist()) if deleted.exists() else set()
        else:
            self.index = self._new(1024)
        return self

    def reset(self, capacity: int) -> None:
        self.index = self._new(capacity)
        self.deleted = set()

    def add(self, ids: np.ndarray, vectors: np.ndarray, threads: int = 1) -> None:
        if len(ids) == 0:
            return
        assert self.index is not None
        needed = self.index.get_current_count() + len(ids)
        if needed > self.index.get_max_elements():
            self.index.resize_index(max(needed, int(self.index.get_max_elements() * 1.5)))
        self.index.add_items(np.asarray(vectors, dtype=np.float32), np.asarray(ids, dtype=np.int64), threads)
        self.deleted -= {int(i) for i in ids}

    def remove(self, ids: list[int]) -> None:
        assert self.index is not None
        present = set(self.index.get_ids_list())
        for doc_id in ids:
            if doc_id in present and doc_id not in self.deleted:
                self.index.mark_deleted(doc_id)
                self.deleted.add(doc_id)

    def search(self, vector: np.ndarray, k: int) -> list[tuple[int, float]]:
        assert self.index is not None
        live = self.index.get_current_count() - len(self.deleted)
        if live <= 0:
            return []
        k = min(k, live)
        self.index.set_ef(max(EF_SEARCH, k))
        labels, distances = self.index.knn_query(np.asarray(vector, dtype=np.float32), k=k, num_threads=1)
        # hnswlib's "ip" distance is 1 - inner product.
        return [(int(label), float(1.0 - dist)) for label, dist in zip(labels[0], distances[0], strict=True)]

    def vectors(self, ids: list[int]) -> dict[int, np.ndarray]:
        assert self.index is not None
        wanted = [i for i in ids if i not in self.deleted]
        if not wanted:
            return {}
        try:
            rows = self.index.get_items(wanted, return_type="numpy")
        except RuntimeError:  # an id the index never had: fetch one by one and skip it
            return {i: v for i in wanted if (v := self._one(i)) is not None}
        return {doc_id: np.asarray(row, dtype=np.float32) for doc_id, row in zip(wanted, rows, strict=True)}

    def _one(self, doc_id: int) -> np.ndarray | None:
        assert self.index is not None
        try:
            return np.asarray(self.index.get_items([doc_id], return_type="numpy")[0], dtype=np.float32)
        except RuntimeError:
            return None

    def count(self) -> int:
        return 0 if self.index is None else self.index.get_current_count() - len(self.deleted)

    def save(self) -> None:
        assert self.index is not None
        self.path.parent.mkdir(parents=True, exist_ok=True)
        temporary = self.path.with_suffix(".tmp")
        self.index.save_index(str(temporary))
        os.replace(temporary, self.path)
        np.save(self.path.with_suffix(".deleted.npy"), np.array(sorted(self.deleted), dtype=np.int64))
