"""Reading the log: entry pages, audit paths and consistency proofs from the stored subtree hashes."""

from dataclasses import dataclass

from django.db import connection
from django.utils.translation import gettext as _

from core.errors import InvalidInput, NotFound
from ledger import guard, merkle
from ledger.models import Entry, TreeHead
from ledger.services import current_head, tree_state

MAX_PAGE = 1000  # entries per page: bounds the work and the response size of one request


class MissingNode(Exception):
    """A stored subtree hash the tree needs is absent: the log's storage is damaged."""


def fetch(keys: list[merkle.NodeKey]) -> list[bytes]:
    """Stored perfect-subtree hashes by (level, k): the one that ends at leaf (k+1)·2^level − 1."""
    if not keys:
        return []
    ends = sorted({((k + 1) << level) - 1 for level, k in keys})
    rows = {index: (leaf_hash, bytes(nodes)) for index, leaf_hash, nodes in _rows(ends)}
    hashes = []
    for level, k in keys:
        row = rows.get(((k + 1) << level) - 1)
        node = row and (bytes.fromhex(row[0]) if level == 0 else row[1][(level - 1) * 32 : level * 32])
        if not node or len(node) != merkle.HASH_SIZE:
            raise MissingNode(f"subtree ({level}, {k})")
        hashes.append(node)
    return hashes


def _rows(indices: list[int], names: tuple[str, ...] = ("index", "leaf_hash", "nodes")) -> list[tuple]:
    # Plain SQL: a proof is one indexed look-up of ~log n rows, and the ORM's query compilation
    # would cost more than the look-up itself.
    quote = connection.ops.quote_name
    columns = ", ".join(quote(name) for name in names)  # the fields' own names
    marks = ", ".join(["%s"] * len(indices))
    sql = f"SELECT {columns} FROM {quote(Entry._meta.db_table)} WHERE {quote('index')} IN ({marks})"  # noqa: S608
    with connection.cursor() as cursor:
        cursor.execute(sql, indices)
        return cursor.fetchall()


def entry_page(*, start: int, end: int | None = None) -> tuple[list[Entry], int]:
    """Entries [start, end) in index order, at most MAX_PAGE of them, with the current tree size."""
    state = tree_state()
    size = state.size
    if start < 0 or (end is not None and end < start):
        raise InvalidInput(_("A range needs 0 ≤ start ≤ end."), field="start")
    if start > size:
        raise InvalidInput(
            _("The log has %(size)d entries; start %(start)d is beyond it.") % {"size": size, "start": start},
            field="start",
        )
    stop = min(size, start + MAX_PAGE, end if end is not None else size)
    page = list(Entry.objects.filter(index__gte=start, index__lt=stop).order_by("index"))
    guard.require_served(page, state)
    return page, size


def entry(index: int) -> Entry:
    """One entry, served only if its leaf still hashes to its leaf hash (else IntegrityFailure)."""
    found = Entry.objects.filter(index=index).first()
    if found is None:
        raise NotFound(_("The log has no entry %(index)d.") % {"index": index})
    guard.require_served([found], tree_state())  # read after the entry, so the tree includes it
    return found


def _tree_size(tree_size: int | None) -> tuple[int, TreeHead | None]:
    """The size asked for (default: the signed head's) and the signed head when it has that size."""
    if tree_size is None:
        head = current_head()
        return head.size, head
    if tree_size < 0:
        raise InvalidInput(_("A tree size is 0 or more."), field="tree_size")
    return tree_size, None


def _hashes(ranges: list[tuple[int, int]], size: int) -> list[bytes]:
    """Range hashes with one look-up; a tree larger than the log shows up as missing subtrees."""
    try:
        return merkle.range_hashes(ranges, fetch)
    except MissingNode:
        log_size = tree_state().size
        if size <= log_size:
            raise
        raise InvalidInput(
            _("The log has %(size)d entries; there is no tree of size %(n)d.")
            % {"size": log_size, "n": size},
            field="tree_size",
        ) from None


def _index_of(leaf_hash: str) -> int:
    found = Entry.objects.filter(leaf_hash=leaf_hash.strip().lower()).values_list("index", flat=True).first()
    if found is None:
        raise NotFound(_("No entry of the log has that leaf hash."))
    return found


@dataclass(frozen=True)
class InclusionProof:
    index: int
    tree_size: int
    leaf_hash: bytes
    audit_path: list[bytes]
    root_hash: bytes


def inclusion(
    *, index: int | None = None, leaf_hash: str = "", tree_size: int | None = None
) -> InclusionProof:
    """The audit path of one entry (by index or leaf hash) in the tree of `tree_size` (default: signed)."""
    if index is None and not leaf_hash:
        raise InvalidInput(_("Give an entry index or a leaf hash."), field="index")
    if index is not None and index < 0:
        raise InvalidInput(_("An entry index is 0 or more."), field="index")
    index = _index_of(leaf_hash) if index is None else index
    size, head = _tree_size(tree_size)
    if index >= size:
        if index >= tree_state().size:
            raise NotFound(_("The log has no entry %(index)d.") % {"index": index})
        raise InvalidInput(
            _("Entry %(index)d is not in the tree of size %(size)d.") % {"index": index, "size": size},
            field="tree_size",
        )
    leaf, *path, root = _hashes([(index, index + 1), *merkle.inclusion_ranges(index, size), (0, size)], size)
    # Answered only if it holds: the stored leaf rehashes to the proven hash and the path reaches the root.
    stored_leaf = _rows([index], ("leaf",))[0][0]
    guard.require_proof(index, size, stored_leaf, leaf, path, root)
    guard.require_head_root(head, size, root)
    return InclusionProof(index=index, tree_size=size, leaf_hash=leaf, audit_path=path, root_hash=root)


@dataclass(frozen=True)
class ConsistencyProof:
    first: int
    second: int
    path: list[bytes]
    first_root: bytes
    second_root: bytes


def consistency(*, first: int, second: int | None = None) -> ConsistencyProof:
    """The proof that the tree of size `second` (default: signed) extends the tree of size `first`."""
    second, head = _tree_size(second)
    if not 0 <= first <= second:
        raise InvalidInput(_("A consistency proof needs 0 ≤ first ≤ second."), field="first")
    ranges = merkle.consistency_ranges(first, second)
    hashes = _hashes([*ranges, *((0, size) for size in (first, second) if size)], second)
    roots = iter(hashes[len(ranges) :])
    first_root = next(roots) if first else merkle.EMPTY_ROOT
    second_root = next(roots) if second else merkle.EMPTY_ROOT
    path = hashes[: len(ranges)]
    # Recomputing the proof costs O(log n) hashes; stored subtree hashes that disagree are not served.
    if not merkle.verify_consistency(first, second, first_root, second_root, path):
        raise guard.failure(_("The stored subtree hashes do not give a consistent proof."))
    guard.require_head_root(head, second, second_root)
    return ConsistencyProof(first, second, path, first_root, second_root)
