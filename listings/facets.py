"""Exact counts and facets from bitsets held in each worker's memory.

Every facet key ("d:assignment", "r:SG", "all" …) is a bitset over listing ids, loaded once per process from
the postings and then kept current from the change log (models.SearchChange): a worker that sees a newer
search generation re-reads only the postings of the listings that changed. Word keys are loaded on demand
and kept in a small LRU. A query's count is the popcount of the AND of its conditions; each facet value's
count is the popcount of that with its own bitset — about a millisecond over 100,000 listings, whatever
the query, so no page waits on a GROUP BY. At 1,000,000 listings the index holds about 16 MB per worker.
"""

import threading
from collections import OrderedDict

import numpy as np
from django.db import connection

from listings.models import ListingKey, SearchChange

FACET_PREFIXES = ("c", "d", "i", "m", "p", "r", "s")
WORD_CACHE = 512  # word bitsets kept per worker
SUMMARIES = 4096  # counts and facets of recent queries kept per worker
GROWTH = 4096  # bits added at a time when listing ids outgrow the arrays
DIRECT = 4096  # a query with at most this many matches takes them all and sorts them; more, it scans
facet_lock = threading.RLock()  # guards the index and its caches (threaded servers)


def _bitset(ids: list[int], size: int) -> np.ndarray:
    array = np.asarray(ids, dtype=np.int64)
    flags = np.zeros(size, dtype=bool)  # size is a multiple of 64
    # A word's postings are read when first asked for, and may hold a listing published since this index's
    # generation whose id it has no room for yet: it counts from the next generation, as its facets do.
    flags[array[array < size]] = True
    return np.packbits(flags, bitorder="little").view(np.uint64)


def _rows(sql: str, params: list) -> list[tuple]:
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchall()


def _prefix_query(table: str, prefix: str) -> tuple[str, list]:
    """Postings of one facet ("d" → "d:…"). SQLite compares keys byte by byte, so a range scan of the
    (key, …) index reads only those rows; PostgreSQL may sort by a linguistic collation, where only LIKE
    is certain to mean "starts with"."""
    if prefix == "all":
        return f"SELECT key, listing_id FROM {table} WHERE key = %s", ["all"]  # noqa: S608
    if connection.vendor == "postgresql":
        return f"SELECT key, listing_id FROM {table} WHERE key LIKE %s", [f"{prefix}:%"]  # noqa: S608
    return f"SELECT key, listing_id FROM {table} WHERE key >= %s AND key < %s", [f"{prefix}:", f"{prefix};"]  # noqa: S608


class PublicationOrder:
    """The listings on the market newest first, as the postings sort them (publication order, then id,
    both descending), so that a page is the first listings of a query's bitset in this order."""

    def __init__(self, pairs: list[tuple[int, int]], size: int):
        self.ids = np.asarray([p[0] for p in pairs], dtype=np.int64)
        self.sorts = np.asarray([p[1] for p in pairs], dtype=np.int64)
        self._arrange(size)

    def _arrange(self, size: int) -> None:
        arranged = np.lexsort((-self.ids, -self.sorts))
        self.ids, self.sorts = self.ids[arranged], self.sorts[arranged]
        self.rank = np.full(size, len(self.ids), dtype=np.int64)  # position of each listing id
        self.rank[self.ids] = np.arange(len(self.ids))

    def replace(self, changed: list[int], pairs: list[tuple[int, int]], size: int) -> None:
        """Take the changed listings out and put back those still on the market (`pairs`)."""
        kept = ~np.isin(self.ids, changed)
        self.ids = np.concatenate([self.ids[kept], np.asarray([p[0] for p in pairs], dtype=np.int64)])
        self.sorts = np.concatenate([self.sorts[kept], np.asarray([p[1] for p in pairs], dtype=np.int64)])
        self._arrange(size)

    def start(self, after: tuple[int, int] | None) -> int:
        """The position of the first listing after a cursor (publication order, listing id)."""
        if after is None:
            return 0
        sort, last = after
        position = int(np.searchsorted(-self.sorts, -sort, side="left"))
        while position < len(self.ids) and self.sorts[position] == sort and self.ids[position] >= last:
            position += 1  # ties in publication order are rare: step over them by id
        return position

    def page(self, bits: np.ndarray, total: int, after: tuple[int, int] | None, limit: int) -> list[tuple]:
        """(listing id, publication order) of the first `limit` listings of `bits` after the cursor."""
        start = self.start(after)
        if total <= DIRECT:
            positions = np.sort(self.rank[_ids_of(bits)])
            chosen = positions[np.searchsorted(positions, start) :][:limit]
            chosen = chosen[chosen < len(self.ids)]
        else:
            chosen = self._scan(bits, start, limit)
        return list(zip(self.ids[chosen].tolist(), self.sorts[chosen].tolist(), strict=True))

    def _scan(self, bits: np.ndarray, start: int, limit: int) -> np.ndarray:
        # Many matches: test the listings in order, a growing stretch at a time, until the page is full.
        found: list[np.ndarray] = []
        step, count = 512, 0
        while start < len(self.ids) and count < limit:
            found.append(start + np.flatnonzero(has(bits, self.ids[start : start + step]))[: limit - count])
            count += len(found[-1])
            start, step = start + step, step * 4
        return np.concatenate(found) if found else np.zeros(0, dtype=np.int64)


def has(bits: np.ndarray, ids: np.ndarray) -> np.ndarray:
    """Which of `ids` the bitset holds."""
    return ((bits[ids >> 6] >> (ids & 63).astype(np.uint64)) & np.uint64(1)).astype(bool)


def _bits_of(ids: np.ndarray, size: int) -> np.ndarray:
    bits = np.zeros(size // 64, dtype=np.uint64)
    np.bitwise_or.at(bits, ids >> 6, np.left_shift(np.uint64(1), (ids & 63).astype(np.uint64)))
    return bits


def _ids_of(bits: np.ndarray) -> np.ndarray:
    words = np.flatnonzero(bits)
    unpacked = np.unpackbits(bits[words].view(np.uint8), bitorder="little").reshape(-1, 64)
    rows, columns = np.nonzero(unpacked)
    return words[rows] * 64 + columns


class FacetIndex:
    def __init__(self, generation: int):
        self.generation = generation
        table = ListingKey._meta.db_table
        top = _rows(f"SELECT MAX(listing_id) FROM {table}", [])[0][0] or 0  # noqa: S608
        self.size = (top // GROWTH + 2) * GROWTH
        grouped: dict[str, list[int]] = {}
        for prefix in FACET_PREFIXES:
            for key, listing_id in _rows(*_prefix_query(table, prefix)):
                grouped.setdefault(key, []).append(listing_id)
        public = _rows(f"SELECT listing_id, sort FROM {table} WHERE key = %s", ["all"])  # noqa: S608
        if public:
            grouped["all"] = [listing_id for listing_id, _sort in public]
        self.bits = {key: _bitset(ids, self.size) for key, ids in grouped.items()}
        self.order = PublicationOrder(public, self.size)
        self.words: OrderedDict[str, np.ndarray] = OrderedDict()
        self._stack: tuple[list[str], np.ndarray] | None = None
        self.summaries: OrderedDict[tuple, tuple[int, list[tuple[str, int]]]] = OrderedDict()

    def _grow(self, top: int) -> None:
        if top < self.size:
            return
        size = (top // GROWTH + 2) * GROWTH
        extra = (size - self.size) // 64
        for key, bits in self.bits.items():
            self.bits[key] = np.concatenate([bits, np.zeros(extra, dtype=np.uint64)])
        self.words.clear()
        self._stack = None
        self.size = size
        self.order.replace([], [], size)

    def apply(self, changed: list[int], generation: int) -> None:
        """Re-read the postings of the changed listings."""
        self._grow(max(changed))
        ids = np.asarray(changed, dtype=np.int64)
        words, masks = ids >> 6, np.left_shift(np.uint64(1), (ids & 63).astype(np.uint64))
        for bits in self.bits.values():
            np.bitwise_and.at(bits, words, ~masks)
        table = ListingKey._meta.db_table
        marks = ", ".join(["%s"] * len(changed))
        where = f"listing_id IN ({marks}) AND key NOT LIKE 't:%%'"
        sql = f"SELECT key, listing_id, sort FROM {table} WHERE {where}"  # noqa: S608
        public = []
        for key, listing_id, sort in _rows(sql, changed):
            bits = self.bits.setdefault(key, np.zeros(self.size // 64, dtype=np.uint64))
            bits[listing_id >> 6] |= np.uint64(1) << np.uint64(listing_id & 63)
            if key == "all":
                public.append((listing_id, sort))
        self.order.replace(changed, public, self.size)
        self.words.clear()
        self.summaries.clear()
        self._stack = None
        self.generation = generation

    def key(self, key: str) -> np.ndarray:
        if not key.startswith("t:"):
            return self.bits.get(key, np.zeros(self.size // 64, dtype=np.uint64))
        if key not in self.words:
            sql = f"SELECT listing_id FROM {ListingKey._meta.db_table} WHERE key = %s"  # noqa: S608
            ids = [row[0] for row in _rows(sql, [key])]
            self.words[key] = _bitset(ids, self.size)
            if len(self.words) > WORD_CACHE:
                self.words.popitem(last=False)
        self.words.move_to_end(key)
        return self.words[key]

    def matching(self, conds: list[tuple[str, ...]]) -> np.ndarray:
        result = self.bits.get("all", np.zeros(self.size // 64, dtype=np.uint64))
        for cond in conds:
            either = self.key(cond[0])
            for other in cond[1:]:
                either = either | self.key(other)
            result = result & either
        return result

    def summary(self, conds: list[tuple[str, ...]]) -> tuple[int, list[tuple[str, int]]]:
        """The total and the count of every facet value for a query (kept for the generation)."""
        key = tuple(conds)
        if key not in self.summaries:
            bits = self.matching(conds)
            self.summaries[key] = (self.count(bits), self.facet_counts(bits))
            if len(self.summaries) > SUMMARIES:
                self.summaries.popitem(last=False)
        self.summaries.move_to_end(key)
        return self.summaries[key]

    def page(self, conds: list[tuple[str, ...]], after: tuple[int, int] | None, limit: int) -> list[tuple]:
        """One page of the query in publication order, after a cursor: the listings the postings walk
        would find, without asking the database."""
        return self.order.page(self.matching(conds), self.summary(conds)[0], after, limit)

    def ids(self, conds: list[tuple[str, ...]]) -> np.ndarray:
        """Every listing the conditions find (ascending ids)."""
        return _ids_of(self.matching(conds))

    def relevance_page(
        self,
        conds: list[tuple[str, ...]],
        ranked: np.ndarray,
        shown: int,
        after: tuple[int, int] | None,
        limit: int,
    ) -> tuple[list[tuple], int]:
        """One page of the query best first: its matches among `ranked` in that order, then the others
        newest first. `shown` ranked matches came on earlier pages, and `after` is the cursor into the
        others once the ranked ones are all shown. Also says how many of the page are ranked ones."""
        bits = self.matching(conds)
        best = ranked[has(bits, ranked)] if len(ranked) else ranked
        chosen = best[shown : shown + limit] if after is None else best[:0]
        head = [(int(i), int(self.order.sorts[self.order.rank[i]])) for i in chosen]
        rest: list[tuple] = []
        if len(head) < limit:
            others = bits & ~_bits_of(best, self.size) if len(best) else bits
            rest = self.order.page(others, self.summary(conds)[0] - len(best), after, limit - len(head))
        return head + rest, len(head)

    def count(self, bits: np.ndarray) -> int:
        return int(np.bitwise_count(bits).sum())

    def facet_counts(self, bits: np.ndarray) -> list[tuple[str, int]]:
        if self._stack is None:
            # One row per 64 listings, one column per facet value: a query reads only the rows where
            # it has matches, a fraction of the whole for most searches.
            keys = [key for key in self.bits if key != "all"]
            columns = [self.bits[key] for key in keys]
            matrix = np.column_stack(columns) if keys else np.zeros((self.size // 64, 0), np.uint64)
            self._stack = (keys, np.ascontiguousarray(matrix))
        keys, matrix = self._stack
        rows = np.flatnonzero(bits)
        counts = np.bitwise_count(matrix[rows] & bits[rows, None]).sum(axis=0)
        return [(key, int(n)) for key, n in zip(keys, counts, strict=True) if n]


_index: FacetIndex | None = None


def facet_index(generation: int) -> FacetIndex:
    """This worker's index, brought up to `generation` (loaded in full the first time or when far behind)."""
    global _index  # one index per worker process, guarded by the lock
    with facet_lock:
        if _index is None or _index.generation > generation:
            _index = FacetIndex(generation)
        elif _index.generation < generation:
            changes = list(
                SearchChange.objects.filter(generation__gt=_index.generation, generation__lte=generation)
                .order_by("generation")
                .values_list("generation", "listing_id")
            )
            complete = len(changes) == generation - _index.generation
            if not complete or any(listing_id == 0 for _g, listing_id in changes):
                _index = FacetIndex(generation)
            else:
                _index.apply(sorted({listing_id for _g, listing_id in changes}), generation)
        return _index


def reset() -> None:
    """Forget this worker's index (tests switch databases under it)."""
    global _index
    with facet_lock:
        _index = None
