"""The platform checking its own log: stored hashes against the tree state and the signed heads."""

import base64

from django.db.models import Count, Max
from django.utils.translation import gettext as _

from ledger import checkpoints, keys, merkle
from ledger.models import Entry, TreeHead, TreeState
from ledger.proofs import MissingNode, fetch
from ledger.services import latest_head

RECENT = 256  # the newest entries whose leaves are rehashed on every quick check
# Up to this size even the quick check (run by ./run at start) rehashes every entry, about 0.3 s per 100,000
# entries, so that an old row edited in the database is found at start and not only by --full.
FULL_UP_TO = 100_000


def head_problem(head: TreeHead) -> str | None:
    """Why a stored head does not verify with its own key, or None."""
    key = head.key
    params = {"size": head.size, "key": key.key_id[:16]}
    signature = base64.b64decode(head.signature)
    if not checkpoints.verify_signature(key.raw, head.checkpoint.body(), signature):
        return _("The signature on the tree head of size %(size)d does not verify.") % params
    too_early = head.timestamp < keys.milliseconds(key.valid_from)
    too_late = key.valid_until is not None and head.timestamp > keys.milliseconds(key.valid_until)
    if too_early or too_late:
        return _("The tree head of size %(size)d was signed outside the validity of key %(key)s.") % params
    return None


def check(*, full: bool = False) -> list[str]:
    """Problems with the stored log; the quick check costs O(log n) look-ups plus RECENT rehashes, and
    rehashes every entry of a log of at most FULL_UP_TO entries."""
    state = TreeState.objects.filter(pk=1).first() or TreeState(pk=1)
    problems = _shape(state)
    try:
        stored_root = merkle.tree_root(state.size, fetch)
    except MissingNode as missing:
        return [*problems, _("A stored subtree hash is missing: %(node)s.") % {"node": missing}]
    if stored_root.hex() != state.root_hash:
        problems.append(_("The stored subtree hashes do not give the recorded root."))
    head = latest_head()
    if head is not None:
        problems += _against_head(head, state)
    recent = Entry.objects.filter(index__gte=max(0, state.size - RECENT)).values_list(
        "index", "leaf", "leaf_hash"
    )
    for index, leaf, leaf_hash in recent:
        if merkle.leaf_hash(leaf.encode()).hex() != leaf_hash:
            problems.append(_("Entry %(index)d does not match its leaf hash.") % {"index": index})
    if full or state.size <= FULL_UP_TO:
        problems += _every_entry(state)
    return list(dict.fromkeys(problems))  # a recent entry may be named by both passes


def _shape(state: TreeState) -> list[str]:
    problems = []
    counted = Entry.objects.aggregate(count=Count("index"), top=Max("index"))
    if (
        counted["count"] != state.size
        or (counted["top"] if counted["top"] is not None else -1) != state.size - 1
    ):
        problems.append(
            _("The log should hold entries 0 to %(last)d but holds %(count)d entries.")
            % {"last": state.size - 1, "count": counted["count"]}
        )
    try:
        if state.load_frontier().root().hex() != state.root_hash:
            problems.append(_("The stored frontier does not give the recorded root."))
    except ValueError:
        problems.append(_("The stored frontier is damaged."))
    return problems


def _against_head(head: TreeHead, state: TreeState) -> list[str]:
    problems = []
    if problem := head_problem(head):
        problems.append(problem)
    if head.size > state.size:
        problems.append(
            _("The latest signed head covers %(head)d entries but the log has only %(size)d.")
            % {"head": head.size, "size": state.size}
        )
    elif merkle.tree_root(head.size, fetch).hex() != head.root_hash:
        problems.append(
            _("The stored log does not reproduce the signed head of size %(size)d.") % {"size": head.size}
        )
    return problems


def _every_entry(state: TreeState) -> list[str]:
    """Rehash every leaf and every stored subtree hash; check every signed head on the way."""
    problems = []
    heads: dict[int, list[TreeHead]] = {}
    for head in TreeHead.objects.select_related("key"):
        heads.setdefault(head.size, []).append(head)
        if problem := head_problem(head):
            problems.append(problem)
    frontier = merkle.Frontier()
    rows = Entry.objects.order_by("index").values_list("index", "leaf", "leaf_hash", "nodes")
    for index, leaf, leaf_hash, nodes in rows.iterator(chunk_size=5000):
        computed = merkle.leaf_hash(leaf.encode())
        if index != frontier.size or computed.hex() != leaf_hash:
            problems.append(_("Entry %(index)d does not match its leaf hash.") % {"index": index})
        if b"".join(frontier.append(computed)) != bytes(nodes):
            problems.append(_("The subtree hashes stored with entry %(index)d are wrong.") % {"index": index})
        for head in heads.get(frontier.size, []):
            if frontier.root().hex() != head.root_hash:
                problems.append(
                    _("The entries do not reproduce the signed head of size %(size)d.") % {"size": head.size}
                )
    return problems
