"""The Merkle tree of RFC 6962 / RFC 9162, section 2.1, with no Django in it.

Leaves are hashed as SHA-256(0x00 ‖ leaf), interior nodes as SHA-256(0x01 ‖ left ‖ right), and the
empty tree is SHA-256 of the empty string. A tree of n > 1 leaves splits at the largest power of two
smaller than n, so every "perfect" subtree (2^level leaves) starts at a multiple of its own width;
such a subtree is named here by (level, k) and covers the leaves [k·2^level, (k+1)·2^level).

Proofs are built from the hashes of leaf ranges. Each range is a run of perfect subtrees, so a store
that keeps the hash of every perfect subtree (the database keeps them with the entry where they end)
answers any proof with O(log n) look-ups: see `inclusion_proof` and `consistency_proof`, which take
a `fetch` function from (level, k) keys to hashes.
"""

import hashlib
from collections.abc import Callable, Iterable, Sequence

HASH_SIZE = 32
EMPTY_ROOT = hashlib.sha256(b"").digest()

NodeKey = tuple[int, int]
Fetch = Callable[[list[NodeKey]], Sequence[bytes]]

_sha256 = hashlib.sha256


def leaf_hash(leaf: bytes) -> bytes:
    return _sha256(b"\x00" + leaf).digest()


def node_hash(left: bytes, right: bytes) -> bytes:
    return _sha256(b"\x01" + left + right).digest()


def root(leaf_hashes: Sequence[bytes]) -> bytes:
    """MTH of a whole list of leaf hashes.

    Pairing level by level and carrying an odd last node up unchanged builds exactly RFC 6962's
    left-heavy tree, and runs at the speed of one list comprehension per level.
    """
    level = list(leaf_hashes)
    if not level:
        return EMPTY_ROOT
    while len(level) > 1:
        carry = level[-1] if len(level) % 2 else None
        lefts, rights = level[0::2], level[1::2]
        level = [_sha256(b"\x01" + left + right).digest() for left, right in zip(lefts, rights, strict=False)]
        if carry is not None:
            level.append(carry)
    return level[0]


def root_of_leaves(leaves: Iterable[bytes]) -> bytes:
    return root([leaf_hash(leaf) for leaf in leaves])


def split(n: int) -> int:
    """The largest power of two strictly smaller than n (n ≥ 2): where RFC 6962 splits a tree."""
    return 1 << ((n - 1).bit_length() - 1)


def subtrees(start: int, end: int) -> list[NodeKey]:
    """The perfect subtrees that make up the leaf range [start, end), left to right, largest first."""
    keys: list[NodeKey] = []
    while start < end:
        level = (end - start).bit_length() - 1
        if start:
            level = min(level, (start & -start).bit_length() - 1)
        keys.append((level, start >> level))
        start += 1 << level
    return keys


def fold(hashes: Sequence[bytes]) -> bytes:
    """The hash of a range from its perfect subtrees (largest first): they join from the right."""
    result = hashes[-1]
    for left in reversed(hashes[:-1]):
        result = node_hash(left, result)
    return result


def inclusion_ranges(index: int, size: int) -> list[tuple[int, int]]:
    """The leaf ranges whose hashes form the audit path of leaf `index` (RFC 9162 2.1.3.1), bottom first."""
    if not 0 <= index < size:
        raise ValueError(f"leaf {index} is not in a tree of size {size}")
    ranges = []
    start, end = 0, size
    while end - start > 1:
        k = split(end - start)
        if index < start + k:
            ranges.append((start + k, end))
            end = start + k
        else:
            ranges.append((start, start + k))
            start += k
    ranges.reverse()
    return ranges


def consistency_ranges(old: int, new: int) -> list[tuple[int, int]]:
    """The leaf ranges whose hashes form the consistency proof from `old` to `new` (RFC 9162 2.1.4.1)."""
    if not 0 <= old <= new:
        raise ValueError(f"no consistency proof from size {old} to size {new}")
    if old in (0, new):
        return []
    ranges = []
    start, end, m, whole = 0, new, old, True
    while end - start != m:
        k = split(end - start)
        if m <= k:
            ranges.append((start + k, end))
            end = start + k
        else:
            ranges.append((start, start + k))
            start, m, whole = start + k, m - k, False
    if not whole:
        ranges.append((start, end))
    ranges.reverse()
    return ranges


def range_hashes(ranges: Sequence[tuple[int, int]], fetch: Fetch) -> list[bytes]:
    """The hash of each leaf range, with one call to `fetch` for every perfect subtree needed."""
    plans = [subtrees(start, end) for start, end in ranges]
    keys = sorted({key for plan in plans for key in plan})
    known = dict(zip(keys, fetch(keys), strict=True))
    return [fold([known[key] for key in plan]) for plan in plans]


def inclusion_proof(index: int, size: int, fetch: Fetch) -> list[bytes]:
    return range_hashes(inclusion_ranges(index, size), fetch)


def consistency_proof(old: int, new: int, fetch: Fetch) -> list[bytes]:
    return range_hashes(consistency_ranges(old, new), fetch)


def tree_root(size: int, fetch: Fetch) -> bytes:
    """The root of the first `size` leaves from stored perfect subtrees: O(log n) look-ups."""
    if size == 0:
        return EMPTY_ROOT
    return range_hashes([(0, size)], fetch)[0]


def _well_formed(*hashes: bytes) -> bool:
    return all(isinstance(h, bytes | bytearray) and len(h) == HASH_SIZE for h in hashes)


def root_from_inclusion_proof(leaf: bytes, index: int, size: int, proof: Sequence[bytes]) -> bytes | None:
    """The root an audit path leads to (RFC 9162 2.1.3.2), or None when the path cannot be right."""
    if not 0 <= index < size or not _well_formed(leaf, *proof):
        return None
    fn, sn, result = index, size - 1, leaf
    for sibling in proof:
        if sn == 0:
            return None
        if fn & 1 or fn == sn:
            result = node_hash(sibling, result)
            while fn and not fn & 1:
                fn, sn = fn >> 1, sn >> 1
        else:
            result = node_hash(result, sibling)
        fn, sn = fn >> 1, sn >> 1
    return result if sn == 0 else None


def verify_inclusion(
    leaf: bytes, index: int, size: int, proof: Sequence[bytes], expected_root: bytes
) -> bool:
    return root_from_inclusion_proof(leaf, index, size, proof) == expected_root


def verify_consistency(old: int, new: int, old_root: bytes, new_root: bytes, proof: Sequence[bytes]) -> bool:
    """RFC 9162 2.1.4.2: does the tree of size `new` extend the tree of size `old`?"""
    if not 0 <= old <= new or not _well_formed(old_root, new_root, *proof):
        return False
    if old == new:
        return not proof and old_root == new_root
    if old == 0:
        return not proof and old_root == EMPTY_ROOT
    if not proof:
        return False
    path = [old_root, *proof] if old & (old - 1) == 0 else list(proof)
    fn, sn = old - 1, new - 1
    while fn & 1:
        fn, sn = fn >> 1, sn >> 1
    first = second = path[0]
    for c in path[1:]:
        if sn == 0:
            return False
        if fn & 1 or fn == sn:
            first, second = node_hash(c, first), node_hash(c, second)
            while fn and not fn & 1:
                fn, sn = fn >> 1, sn >> 1
        else:
            second = node_hash(second, c)
        fn, sn = fn >> 1, sn >> 1
    return sn == 0 and first == old_root and second == new_root


class Frontier:
    """The roots of the perfect subtrees covering [0, size), largest first: all an append needs.

    Appending costs O(log n) at worst and one node hash on average; `append` returns the hashes of the
    subtrees the new leaf completes (levels 1, 2, …), which the database keeps with that leaf.
    """

    __slots__ = ("hashes", "size")

    def __init__(self, size: int = 0, hashes: Sequence[bytes] = ()):
        if len(hashes) != size.bit_count():
            raise ValueError("a frontier holds one hash for each bit set in the tree size")
        self.size = size
        self.hashes = list(hashes)

    def append(self, leaf: bytes) -> list[bytes]:
        completed = []
        size, hashes, node = self.size, self.hashes, leaf
        while size & 1:
            node = _sha256(b"\x01" + hashes.pop() + node).digest()
            completed.append(node)
            size >>= 1
        hashes.append(node)
        self.size += 1
        return completed

    def root(self) -> bytes:
        return fold(self.hashes) if self.hashes else EMPTY_ROOT

    def to_bytes(self) -> bytes:
        return b"".join(self.hashes)

    @classmethod
    def from_bytes(cls, size: int, data: bytes) -> "Frontier":
        data = bytes(data)
        return cls(size, [data[i : i + HASH_SIZE] for i in range(0, len(data), HASH_SIZE)])


def roots_at(leaf_hashes: Iterable[bytes], sizes: Iterable[int]) -> dict[int, bytes]:
    """The root at each of `sizes`, in one streaming pass over the leaf hashes (memory O(log n))."""
    wanted = sorted(set(sizes))
    found: dict[int, bytes] = {}
    if wanted and wanted[0] == 0:
        found[0] = EMPTY_ROOT
        wanted.pop(0)
    frontier = Frontier()
    targets = iter(wanted)
    target = next(targets, None)
    for leaf in leaf_hashes:
        if target is None:
            break
        frontier.append(leaf)
        while target is not None and frontier.size == target:
            found[target] = frontier.root()
            target = next(targets, None)
    return found


def verify_leaves(leaves: Iterable[bytes], expected: dict[int, bytes]) -> bool:
    """Whether these leaves (raw, in order) give every expected root by tree size: one pass, no storage."""
    found = roots_at((leaf_hash(leaf) for leaf in leaves), expected)
    return found == expected


class MemoryTree:
    """A whole tree held in memory, every level kept: for tests, benchmarks and offline verifiers."""

    def __init__(self, leaf_hashes: Iterable[bytes] = ()):
        self.levels: list[list[bytes]] = [[]]
        self.extend(leaf_hashes)

    @property
    def size(self) -> int:
        return len(self.levels[0])

    def append(self, leaf: bytes) -> None:
        self.levels[0].append(leaf)
        level, node = 0, leaf
        while len(self.levels[level]) % 2 == 0:
            node = node_hash(self.levels[level][-2], node)
            level += 1
            if level == len(self.levels):
                self.levels.append([])
            self.levels[level].append(node)

    def extend(self, leaf_hashes: Iterable[bytes]) -> None:
        for leaf in leaf_hashes:
            self.append(leaf)

    def fetch(self, keys: list[NodeKey]) -> list[bytes]:
        return [self.levels[level][k] for level, k in keys]

    def root(self, size: int | None = None) -> bytes:
        return tree_root(self.size if size is None else self._size(size), self.fetch)

    def inclusion_proof(self, index: int, size: int | None = None) -> list[bytes]:
        return inclusion_proof(index, self.size if size is None else self._size(size), self.fetch)

    def consistency_proof(self, old: int, new: int | None = None) -> list[bytes]:
        return consistency_proof(old, self.size if new is None else self._size(new), self.fetch)

    def _size(self, size: int) -> int:
        if not 0 <= size <= self.size:
            raise ValueError(f"the tree has {self.size} leaves, not {size}")
        return size
