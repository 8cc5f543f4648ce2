"""Nothing leaves the log unchecked: entries are rehashed when served, proofs recomputed before they are
answered, and the entries appended since the last signed head are rechecked before a new head is signed.

An edit to a stored row (the leaf, its hash or the columns served beside it) is therefore refused where it
would be shown or signed, not only found by `ipharbour ledger check --full`.
"""

import datetime
import json
import logging
from collections.abc import Iterable

from django.utils.translation import gettext as _

from core.errors import IntegrityFailure
from ledger import merkle
from ledger.models import Entry, TreeHead, TreeState

logger = logging.getLogger("ipharbour.ledger")


def leaf_time(recorded_at: datetime.datetime) -> str:
    """The `time` member of a leaf for an entry recorded at `recorded_at` (UTC, milliseconds, Z)."""
    return recorded_at.astimezone(datetime.UTC).strftime("%Y-%m-%dT%H:%M:%S.%f")[:-3] + "Z"


def entry_problem(entry: Entry) -> str | None:
    """Why a stored entry may not be served as it is, or None.

    Its leaf must hash to its stored leaf hash, and the columns served beside the leaf (index, kind,
    subject, time) must be the ones the leaf itself records.
    """
    return _row_problem(
        entry.index, entry.kind, entry.subject, entry.leaf, entry.leaf_hash, entry.recorded_at
    )


def _row_problem(
    index: int, kind: str, subject: str, leaf: str, leaf_hash: str, recorded_at: datetime.datetime
) -> str | None:
    params = {"index": index}
    if merkle.leaf_hash(leaf.encode()).hex() != leaf_hash:
        return _("Entry %(index)d does not match its leaf hash.") % params
    try:
        content = json.loads(leaf)
    except ValueError:
        return _("Entry %(index)d holds a leaf that is not JSON.") % params
    if not isinstance(content, dict):
        return _("Entry %(index)d holds a leaf that is not JSON.") % params
    recorded = (content.get("index"), content.get("kind"), content.get("subject"), content.get("time"))
    if recorded != (index, kind, subject, leaf_time(recorded_at)):
        return _("Entry %(index)d is stored with columns its leaf does not record.") % params
    return None


def failure(problem: str) -> IntegrityFailure:
    """The error answered instead of damaged data; the problem goes to the operator's log as well."""
    logger.error("transparency log integrity: %s", problem)
    return IntegrityFailure(
        _("%(problem)s The log is withheld until the operator repairs it (`ipharbour ledger check --full`).")
        % {"problem": problem}
    )


def require_sound(entries: Iterable[Entry]) -> None:
    """Raise IntegrityFailure if any of the entries about to be served fails `entry_problem`."""
    for entry in entries:
        if problem := entry_problem(entry):
            raise failure(problem)


def root_with_leaves(start: int, leaf_hashes: list[bytes], size: int, fetch) -> bytes:
    """The root of the tree of `size` computed from the given leaf hashes for [start, start + len) and the
    stored subtree hashes for the rest (RFC 6962 recursion; O(log n) stored hashes, one look-up)."""
    stop = start + len(leaf_hashes)
    outside: list[tuple[int, int]] = []

    def plan(a: int, b: int) -> None:
        if b <= start or a >= stop:
            outside.append((a, b))
        elif not (start <= a and b <= stop):
            k = merkle.split(b - a)
            plan(a, a + k)
            plan(a + k, b)

    def compute(a: int, b: int) -> bytes:
        if (a, b) in stored:
            return stored[(a, b)]
        if start <= a and b <= stop:
            return merkle.root(leaf_hashes[a - start : b - start])
        k = merkle.split(b - a)
        return merkle.node_hash(compute(a, a + k), compute(a + k, b))

    plan(0, size)
    stored = dict(zip(outside, merkle.range_hashes(outside, fetch), strict=True))
    return compute(0, size)


def require_served(entries: list[Entry], state: TreeState) -> None:
    """Entries are served only if each is sound (`entry_problem`) and their leaves, rehashed, lead with the
    stored subtree hashes to the recorded root: an old row edited together with its leaf hash is caught too.
    `entries` is a run of consecutive entries, all below the tree size of `state`."""
    require_sound(entries)
    if not entries or entries[-1].index >= state.size:
        return
    from ledger.proofs import MissingNode, fetch

    start = entries[0].index
    leaf_hashes = [merkle.leaf_hash(entry.leaf.encode()) for entry in entries]
    try:
        root = root_with_leaves(start, leaf_hashes, state.size, fetch)
    except MissingNode as missing:
        raise failure(_("A stored subtree hash is missing: %(node)s.") % {"node": missing}) from None
    if root.hex() != state.root_hash:
        raise failure(
            _("Entries %(first)d to %(last)d do not lead to the recorded root of the log.")
            % {"first": start, "last": entries[-1].index}
        )


def require_proof(index: int, size: int, leaf: str, leaf_hash: bytes, path: list[bytes], root: bytes) -> None:
    """An inclusion proof is answered only if the stored leaf hashes to the proven leaf hash and the audit
    path leads from it to the root of the stored tree."""
    if merkle.leaf_hash(leaf.encode()) != leaf_hash:
        raise failure(_("Entry %(index)d does not match its leaf hash.") % {"index": index})
    if merkle.root_from_inclusion_proof(leaf_hash, index, size, path) != root:
        raise failure(
            _(
                "The stored subtree hashes do not lead from entry %(index)d to the root of the tree "
                "of size %(size)d."
            )
            % {"index": index, "size": size}
        )


def require_head_root(head: TreeHead | None, size: int, root: bytes) -> None:
    """A root computed from stored hashes for the size of a signed head must be that head's root."""
    if head is not None and head.size == size and head.root_hash != root.hex():
        raise failure(
            _("The stored log does not reproduce the signed head of size %(size)d.") % {"size": size}
        )


def problems_since(head: TreeHead | None, state: TreeState) -> list[str]:
    """Problems in the part of the log a new head would sign for the first time: the stored tree must
    reproduce the last signed head, and each entry appended since must rehash to the stored subtree hashes
    and, all together, to the recorded root. Costs O(log n) look-ups plus one rehash per new entry."""
    from ledger.proofs import MissingNode, fetch

    start = head.size if head is not None and head.size <= state.size else 0
    try:
        frontier = merkle.Frontier(start, fetch(merkle.subtrees(0, start)))
    except MissingNode as missing:
        return [_("A stored subtree hash is missing: %(node)s.") % {"node": missing}]
    problems = []
    if head is not None and frontier.root().hex() != head.root_hash:
        problems.append(
            _("The stored log does not reproduce the signed head of size %(size)d.") % {"size": head.size}
        )
    # What a head signs is the leaf hashes and subtree hashes; the columns served beside a leaf are
    # checked whenever it is served (require_served), so this pass only rehashes.
    rows = (
        Entry.objects.filter(index__gte=start)
        .order_by("index")
        .values_list("index", "leaf", "leaf_hash", "nodes")
    )
    for index, leaf, leaf_hash, nodes in rows.iterator(chunk_size=5000):
        computed = merkle.leaf_hash(leaf.encode())
        if computed.hex() != leaf_hash:
            problems.append(_("Entry %(index)d does not match its leaf hash.") % {"index": index})
        if index != frontier.size or b"".join(frontier.append(computed)) != bytes(nodes):
            problems.append(_("The subtree hashes stored with entry %(index)d are wrong.") % {"index": index})
    if frontier.size != state.size or frontier.root().hex() != state.root_hash:
        problems.append(_("The entries do not reproduce the recorded root."))
    return problems


def require_signable(head: TreeHead | None, state: TreeState) -> None:
    """Raise IntegrityFailure rather than sign a head over a tree that fails `problems_since`."""
    if problems := problems_since(head, state):
        raise failure(problems[0])
