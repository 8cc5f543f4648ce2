"""The interface every matching backend implements, and what it hands back to the scorer."""

import threading
from abc import ABC, abstractmethod
from collections import OrderedDict
from collections.abc import Hashable, Iterable
from dataclasses import dataclass

import numpy as np

from matching.attributes import Attributes
from matching.documents import Document

FacetCounts = tuple[int, dict[str, int]]  # how many documents, and how many carry each registry token


@dataclass
class Stored:
    """What the scorer needs of one candidate: its number, its attributes and its vector."""

    number: str
    attributes: Attributes
    vector: np.ndarray | None  # None unless asked for


class Backend(ABC):
    """Full-text and nearest-neighbour search over the documents of one namespace ("assets", "listings" …).

    Scores are raw: BM25 (or the engine's own full-text rank) for lexical search, cosine for dense search.
    Only searchable documents are found; `fetch` returns any document the index holds.
    """

    name: str = ""
    orders_newest = False  # whether `newest` orders the registry (else the database does)

    @abstractmethod
    def upsert(self, namespace: str, documents: list[Document], vectors: np.ndarray) -> None: ...

    @abstractmethod
    def remove(self, namespace: str, ids: Iterable[int]) -> None: ...

    @abstractmethod
    def rebuild(self, namespace: str, batches: Iterable[tuple[list[Document], np.ndarray]]) -> int:
        """Replace the whole namespace by the documents of `batches`; returns how many were indexed."""

    @abstractmethod
    def lexical_search(
        self, namespace: str, terms: list[str], k: int, facets: list[str] | None = None
    ) -> list[tuple[int, float]]:
        """Best documents by full-text score; with facets, only documents that carry one of them."""

    @abstractmethod
    def lexical_scores(self, namespace: str, terms: list[str], ids: list[int]) -> dict[int, float]:
        """The lexical score of each of `ids` for the query (absent when it matches no term)."""

    @abstractmethod
    def dense_search(self, namespace: str, vector: np.ndarray, k: int) -> list[tuple[int, float]]: ...

    @abstractmethod
    def fetch(self, namespace: str, ids: list[int], vectors_for: set[int] | None = None) -> dict[int, Stored]:
        """Number and attributes of each id; vectors for `vectors_for` (all ids when None)."""

    @abstractmethod
    def count(self, namespace: str) -> int: ...

    def facet_counts(
        self, namespace: str, required: list[str], ids: list[int] | None = None
    ) -> FacetCounts | None:
        """Over the searchable documents carrying every one of `required` (registry facet tokens), and
        among `ids` when given: how many there are, and how many carry each token. None when the backend
        cannot count (the caller counts in the database)."""
        return None

    def newest(
        self, namespace: str, required: list[str], ids: list[int] | None, offset: int, limit: int
    ) -> list[tuple[int, int]] | None:
        """The searchable documents carrying every one of `required` (and among `ids` when given), newest
        first (publication date, then id, both descending; no date last), from `offset`, at most `limit`,
        as (id, sort key) pairs. None when the backend cannot order them (the caller orders in the
        database)."""
        return None

    def describe(self) -> str:
        return self.name


class KeptCounts:
    """The registry facet counts of searches without words, kept by a worker per (namespace, generation,
    filters): they depend only on the filters and the documents, so a new generation of the namespace's
    documents drops the earlier generation's."""

    SIZE = 256  # filter combinations kept (per namespace, for its latest generation)

    def __init__(self) -> None:
        self._guard = threading.Lock()
        self._counts: OrderedDict[tuple[str, Hashable, tuple[str, ...]], FacetCounts] = OrderedDict()

    @staticmethod
    def key(
        namespace: str, generation: Hashable, required: list[str]
    ) -> tuple[str, Hashable, tuple[str, ...]]:
        return namespace, generation, tuple(sorted(required))

    def get(self, key: tuple[str, Hashable, tuple[str, ...]]) -> FacetCounts | None:
        with self._guard:
            kept = self._counts.get(key)
            if kept is not None:
                self._counts.move_to_end(key)
            return kept

    def clear(self) -> None:
        with self._guard:
            self._counts.clear()

    def put(self, key: tuple[str, Hashable, tuple[str, ...]], counted: FacetCounts) -> None:
        with self._guard:
            namespace, generation = key[0], key[1]
            self._counts = OrderedDict(
                (k, v) for k, v in self._counts.items() if k[0] != namespace or k[1] == generation
            )
            self._counts[key] = counted
            while len(self._counts) > self.SIZE:
                self._counts.popitem(last=False)
