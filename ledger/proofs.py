"""Reading the log: entry pages, audit paths and consistency proofs from the stored subtree hashes."""

from dataclasses import dataclass

from django.utils.translation import gettext as _

from core.errors import InvalidInput, NotFound
from ledger import merkle
from ledger.models import Entry
from ledger.services import current_head, tree_state

MAX_PAGE = 1000  # entries per page: bounds the work and the response size of one request


class MissingNode(Exception):
    """A stored subtree hash the tree needs is absent: the log's storage is damaged."""


def fetch(keys: list[merkle.NodeKey]) -> list[bytes]:
    """Stored perfect-subtree hashes by (level, k): the one that ends at leaf (k+1)·2^level − 1."""
    ends = {((k + 1) << level) - 1 for level, k in keys}
    rows = {
        index: (leaf_hash, bytes(nodes))
        for index, leaf_hash, nodes in Entry.objects.filter(index__in=ends).values_list(
            "index", "leaf_hash", "nodes"
        )
    }
    hashes = []
    for level, k in keys:
        row = rows.get(((k + 1) << level) - 1)
        node = row and (bytes.fromhex(row[0]) if level == 0 else row[1][(level - 1) * 32 : level * 32])
        if not node or len(node) != merkle.HASH_SIZE:
            raise MissingNode(f"subtree ({level}, {k})")
        hashes.append(node)
    return hashes


def entry_page(*, start: int, end: int | None = None) -> tuple[list[Entry], int]:
    """Entries [start, end) in index order, at most MAX_PAGE of them, with the current tree size."""
    size = tree_state().size
    if start < 0 or (end is not None and end < start):
        raise InvalidInput(_("A range needs 0 ≤ start ≤ end."), field="start")
    if start > size:
        raise InvalidInput(
            _("The log has %(size)d entries; start %(start)d is beyond it.") % {"size": size, "start": start},
            field="start",
        )
    stop = min(size, start + MAX_PAGE, end if end is not None else size)
    return list(Entry.objects.filter(index__gte=start, index__lt=stop).order_by("index")), size


def entry(index: int) -> Entry:
    found = Entry.objects.filter(index=index).first()
    if found is None:
        raise NotFound(_("The log has no entry %(index)d.") % {"index": index})
    return found


def _tree_size(tree_size: int | None) -> int:
    size = tree_state().size
    if tree_size is None:
        return current_head().size
    if not 0 <= tree_size <= size:
        raise InvalidInput(
            _("The log has %(size)d entries; there is no tree of size %(n)d.")
            % {"size": size, "n": tree_size},
            field="tree_size",
        )
    return tree_size


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
    found = (
        entry(index)
        if index is not None
        else Entry.objects.filter(leaf_hash=leaf_hash.strip().lower()).only("index", "leaf_hash").first()
    )
    if found is None:
        raise NotFound(_("No entry of the log has that leaf hash."))
    size = _tree_size(tree_size)
    if found.index >= size:
        raise InvalidInput(
            _("Entry %(index)d is not in the tree of size %(size)d.") % {"index": found.index, "size": size},
            field="tree_size",
        )
    return InclusionProof(
        index=found.index,
        tree_size=size,
        leaf_hash=bytes.fromhex(found.leaf_hash),
        audit_path=merkle.inclusion_proof(found.index, size, fetch),
        root_hash=merkle.tree_root(size, fetch),
    )


@dataclass(frozen=True)
class ConsistencyProof:
    first: int
    second: int
    path: list[bytes]
    first_root: bytes
    second_root: bytes


def consistency(*, first: int, second: int | None = None) -> ConsistencyProof:
    """The proof that the tree of size `second` (default: signed) extends the tree of size `first`."""
    second = _tree_size(second)
    if not 0 <= first <= second:
        raise InvalidInput(_("A consistency proof needs 0 ≤ first ≤ second."), field="first")
    return ConsistencyProof(
        first=first,
        second=second,
        path=merkle.consistency_proof(first, second, fetch),
        first_root=merkle.tree_root(first, fetch),
        second_root=merkle.tree_root(second, fetch),
    )
