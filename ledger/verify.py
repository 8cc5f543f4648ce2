"""Verifying an export of the log from the file alone, the way an outsider would; no Django needed.

An export is JSON lines: one "ledger-export" header, the log's "key" lines, its signed "head" lines,
then one "entry" line per leaf in index order (see docs/ledger.md). Every signature and every hash is
recomputed. The signed heads are the only trusted facts: when the entries do not reproduce them, the
verifier works out which entries were altered, removed, inserted or reordered, and names them.
"""

import base64
import binascii
import bisect
import itertools
import json
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ledger import checkpoints, merkle


def _(message: str) -> str:
    # Translated when Django is configured (the `ipharbour ledger verify` command), plain otherwise.
    try:
        from django.utils.translation import gettext

        return gettext(message)
    except Exception:
        return message


def gettext_noop(message: str) -> str:
    return message


@dataclass(frozen=True)
class Problem:
    kind: str  # altered, removed, inserted, reordered, head, key, format
    message: str
    index: int | None = None
    line: int | None = None

    def __str__(self) -> str:
        return f"{self.kind.upper()}: {self.message}"


@dataclass
class Report:
    entries: int = 0
    heads: int = 0
    tree_size: int = 0
    problems: list[Problem] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.problems


INSERTED = gettext_noop(
    "Line %(line)d holds an entry the log never signed (it says index %(index)s): it was inserted."
)


class _Irregular(Exception):
    """The quick pass met something unexpected: diagnose the whole file."""


@dataclass
class _Row:
    line: int
    claimed: int | None  # the index the line says it has
    recorded: str | None  # the leaf hash the line says the log computed
    content: str | None  # the leaf hash recomputed from the leaf text
    inner: int | None  # the index written inside the (hashed) leaf

    @classmethod
    def parse(cls, line: int, data: dict) -> "_Row":
        leaf = data.get("leaf")
        content = merkle.leaf_hash(leaf.encode()).hex() if isinstance(leaf, str) else None
        inner = None
        if isinstance(leaf, str):
            try:
                inner = _integer(json.loads(leaf).get("index"))
            except (ValueError, AttributeError):
                inner = None
        recorded = data.get("leaf_hash")
        recorded = recorded.lower() if isinstance(recorded, str) else None
        return cls(line, _integer(data.get("index")), recorded, content, inner)


def _integer(value: Any) -> int | None:
    return value if isinstance(value, int) and not isinstance(value, bool) else None


def _lines(path: Path) -> Iterator[tuple[int, dict]]:
    with open(path, encoding="utf-8") as handle:
        for number, text in enumerate(handle, 1):
            if text.strip():
                data = json.loads(text)
                if not isinstance(data, dict):
                    raise ValueError(f"line {number} is not a JSON object")
                yield number, data


def verify_file(path: str | Path, *, trusted_keys: Iterable[str] = ()) -> Report:
    """Check every signature and hash of an export; name what was tampered with."""
    trusted = {key.lower() for key in trusted_keys}
    try:
        return _quick(Path(path), trusted)
    except (_Irregular, ValueError, KeyError, TypeError, AttributeError):
        return _diagnose(Path(path), trusted)


def _quick(path: Path, trusted: set[str]) -> Report:
    """One streaming pass that succeeds only when everything is in order."""
    keys: list[dict] = []
    heads: list[dict] = []
    report = Report()
    stream: _Anchored | None = None
    for _number, data in _lines(path):
        kind = data.get("type")
        if kind == "entry":
            if stream is None:  # the keys and heads come first: check them before the first entry
                stream = _Anchored(_checked_heads(report, keys, heads, trusted))
            stream.take(data)
        elif stream is not None or kind not in ("key", "head", "ledger-export"):
            raise _Irregular
        elif kind != "ledger-export":
            (keys if kind == "key" else heads).append(data)
    if stream is None:
        if any(size > 0 for size in _checked_heads(report, keys, heads, trusted)):
            raise _Irregular
        return report
    if stream.target is not None:
        raise _Irregular
    report.entries = stream.frontier.size
    return report


def _checked_heads(
    report: Report, keys: list[dict], heads: list[dict], trusted: set[str]
) -> dict[int, bytes]:
    """The root each signed head vouches for, by tree size; the problems with the heads go on the report."""
    anchors, report.problems = _check_heads(keys, heads, trusted)
    report.heads, report.tree_size = len(heads), max(anchors, default=0)
    return anchors


class _Anchored:
    """The entries streamed so far, checked against each signed head's root as the tree reaches its size."""

    def __init__(self, anchors: dict[int, bytes]):
        self.anchors = anchors
        self.pending: Iterator[int] = iter(sorted(anchors))
        self.target = next(self.pending, None)
        self.frontier = merkle.Frontier()

    def take(self, data: dict) -> None:
        leaf_hash = merkle.leaf_hash(data["leaf"].encode())
        if data["index"] != self.frontier.size or leaf_hash.hex() != data["leaf_hash"] or self.target is None:
            raise _Irregular
        self.frontier.append(leaf_hash)
        while self.target is not None and self.frontier.size == self.target:
            if self.frontier.root() != self.anchors[self.target]:
                raise _Irregular
            self.target = next(self.pending, None)


def _diagnose(path: Path, trusted: set[str]) -> Report:
    keys: list[dict] = []
    heads: list[dict] = []
    rows: list[_Row] = []
    problems: list[Problem] = []
    with open(path, encoding="utf-8") as handle:
        for number, text in enumerate(handle, 1):
            if not text.strip():
                continue
            try:
                data = json.loads(text)
            except ValueError:
                data = None
            kind = data.get("type") if isinstance(data, dict) else None
            if kind == "entry":
                rows.append(_Row.parse(number, data))
            elif kind in ("key", "head"):
                (keys if kind == "key" else heads).append(data)
            elif kind != "ledger-export":
                message = _("Line %(line)d is not part of a log export.") % {"line": number}
                problems.append(Problem("format", message, line=number))
    anchors, head_problems = _check_heads(keys, heads, trusted)
    report = Report(entries=len(rows), heads=len(heads), tree_size=max(anchors, default=0))
    report.problems = head_problems + problems + _diagnose_entries(rows, anchors)
    return report


# Signed heads ----------------------------------------------------------------------------------------


def _check_heads(
    keys: list[dict], heads: list[dict], trusted: set[str]
) -> tuple[dict[int, bytes], list[Problem]]:
    """The roots the valid signed heads vouch for, by tree size, and what is wrong with the rest."""
    problems: list[Problem] = []
    known = {}
    for key in keys:
        try:
            raw = base64.b64decode(key["public_key"], validate=True)
            valid = checkpoints.key_id(raw) == key["key_id"]
        except (KeyError, ValueError, binascii.Error, TypeError):
            valid = False
        if not valid:
            message = _("Key %(key)s does not match its public key.") % {"key": str(key.get("key_id"))[:16]}
            problems.append(Problem("key", message))
        elif trusted and key["key_id"] not in trusted:
            message = _("Key %(key)s is not one of the keys you trust.") % {"key": key["key_id"][:16]}
            problems.append(Problem("key", message))
        else:
            known[key["key_id"]] = (raw, key.get("valid_from_ms"), key.get("valid_until_ms"))
    anchors: dict[int, bytes] = {}
    disputed: set[int] = set()
    for head in heads:
        root = _verified_head(head, known, problems)
        if root is None:
            continue
        size = head["tree_size"]
        if anchors.setdefault(size, root) != root:
            disputed.add(size)
    for size in sorted(disputed):
        message = _("Two signed heads of size %(size)d give different roots: the log forked.") % {
            "size": size
        }
        problems.append(Problem("head", message))
        del anchors[size]
    problems += _check_growth(heads, anchors)
    return anchors, problems


def _verified_head(head: dict, known: dict, problems: list[Problem]) -> bytes | None:
    try:
        size, timestamp, key_id = int(head["tree_size"]), int(head["timestamp"]), head["key_id"]
        root = bytes.fromhex(head["root_hash"])
        signature = base64.b64decode(head["signature"], validate=True)
        body = checkpoints.Checkpoint(head["origin"], size, root, timestamp).body()
    except (KeyError, ValueError, TypeError, binascii.Error):
        problems.append(Problem("head", _("A tree head line is malformed.")))
        return None
    params = {"size": size, "key": str(key_id)[:16]}
    if key_id not in known:
        problems.append(
            Problem("head", _("The head of size %(size)d is signed by unknown key %(key)s.") % params)
        )
        return None
    raw, valid_from, valid_until = known[key_id]
    if not checkpoints.verify_signature(raw, body, signature):
        problems.append(
            Problem("head", _("The signature on the head of size %(size)d does not verify.") % params)
        )
        return None
    if (valid_from is not None and timestamp < valid_from) or (
        valid_until is not None and timestamp > valid_until
    ):
        message = _("The head of size %(size)d was signed outside the validity of key %(key)s.") % params
        problems.append(Problem("head", message))
        return None
    for cosignature in head.get("cosignatures", []):
        if not _cosignature_verifies(cosignature, body):
            message = _("A cosignature on the head of size %(size)d does not verify.") % params
            problems.append(Problem("head", message))
    return root


def _cosignature_verifies(cosignature: dict, body: bytes) -> bool:
    try:
        raw = base64.b64decode(cosignature["public_key"], validate=True)
        signature = base64.b64decode(cosignature["signature"], validate=True)
        message = checkpoints.cosignature_message(body, int(cosignature["timestamp"]))
    except (KeyError, ValueError, TypeError, binascii.Error):
        return False
    return checkpoints.verify_signature(raw, message, signature)


def _check_growth(heads: list[dict], anchors: dict[int, bytes]) -> list[Problem]:
    # A log only grows: a later head of a smaller tree means it was rolled back.
    valid = sorted(
        (int(h["timestamp"]), int(h["tree_size"]))
        for h in heads
        if isinstance(h.get("tree_size"), int)
        and h["tree_size"] in anchors
        and isinstance(h.get("timestamp"), int)
    )
    problems = []
    for (_t1, earlier), (_t2, later) in itertools.pairwise(valid):
        if later < earlier:
            message = _("A head of size %(later)d was signed after one of size %(earlier)d: the log shrank.")
            problems.append(Problem("head", message % {"later": later, "earlier": earlier}))
    return problems


# Entries ---------------------------------------------------------------------------------------------


def _diagnose_entries(rows: list[_Row], anchors: dict[int, bytes]) -> list[Problem]:
    if not anchors:
        if rows:
            return [
                Problem("head", _("No valid signed tree head covers the entries, so none can be checked."))
            ]
        return []
    size = max(anchors)
    trusted = _trusted_hashes(rows, anchors, size)
    if trusted is not None:
        return _name_against(rows, trusted)
    return _name_without(rows, anchors, size)


def _reproduces(hashes: list[str], anchors: dict[int, bytes]) -> bool:
    try:
        leaves = [bytes.fromhex(h) for h in hashes]
    except (ValueError, TypeError):
        return False
    return merkle.roots_at(leaves, anchors) == anchors


def _by_index(rows: list[_Row], index: str, digest: str, size: int) -> Iterator[list[str]]:
    """Leaf-hash sequences read off the rows by an index field; with several claimants, each in turn."""
    table: dict[int, list[str]] = {}
    for row in rows:
        i, h = getattr(row, index), getattr(row, digest)
        if i is not None and h is not None and h not in table.get(i, []):
            table.setdefault(i, []).append(h)
    if any(i not in table for i in range(size)):
        return
    base = [table[i][0] for i in range(size)]
    yield base
    for i in [i for i in range(size) if len(table[i]) > 1][:8]:
        for alternative in table[i][1:]:
            yield [*base[:i], alternative, *base[i + 1 :]]


def _trusted_hashes(rows: list[_Row], anchors: dict[int, bytes], size: int) -> list[str] | None:
    """Leaf hashes proven right by the signed roots, read off whichever fields were left untouched."""
    candidates = [
        _by_index(rows, "claimed", "recorded", size),
        _by_index(rows, "inner", "content", size),
        _by_index(rows, "claimed", "content", size),
        iter([[row.recorded or "" for row in rows[:size]]]),
        iter([[row.content or "" for row in rows[:size]]]),
    ]
    for sequences in candidates:
        for hashes in sequences:
            if len(hashes) == size and _reproduces(hashes, anchors):
                return hashes
    return None


def _name_against(rows: list[_Row], trusted: list[str]) -> list[Problem]:
    """Name every tampered entry, knowing the true leaf hash of each index."""
    where = {h: i for i, h in enumerate(trusted)}
    seen: dict[int, _Row] = {}
    order: list[tuple[_Row, int]] = []
    strangers: list[_Row] = []
    problems: list[Problem] = []
    for row in rows:
        index = where.get(row.content or "")
        if index is None:
            strangers.append(row)
        elif index in seen:
            repeated = {"line": row.line, "index": index}
            message = _("Line %(line)d repeats entry %(index)d: a copy was inserted.") % repeated
            problems.append(Problem("inserted", message, index=index, line=row.line))
        else:
            seen[index] = row
            order.append((row, index))
    altered: set[int] = set()
    for row in strangers:
        index = row.claimed if row.claimed is not None else row.inner
        params: dict[str, Any] = {"line": row.line, "index": index}
        if index is not None and 0 <= index < len(trusted) and index not in seen and index not in altered:
            altered.add(index)
            message = _(
                "Entry %(index)d (line %(line)d) was altered: its content is not what the log signed."
            )
            problems.append(Problem("altered", message % params, index=index, line=row.line))
        else:
            message = _(INSERTED)
            problems.append(Problem("inserted", message % params, index=index, line=row.line))
    for index in range(len(trusted)):
        if index not in seen and index not in altered:
            message = _("Entry %(index)d is missing: it was removed.") % {"index": index}
            problems.append(Problem("removed", message, index=index))
    problems += _name_moved(order)
    return sorted(problems, key=lambda p: (p.index if p.index is not None else -1, p.line or 0))


def _name_moved(order: list[tuple[_Row, int]]) -> list[Problem]:
    kept = _longest_increasing([index for _row, index in order])
    problems = []
    for position, (row, index) in enumerate(order):
        if position not in kept:
            params = {"index": index, "line": row.line}
            message = _(
                "Entry %(index)d is out of order (found at line %(line)d): the entries were reordered."
            )
            problems.append(Problem("reordered", message % params, index=index, line=row.line))
    return problems


def _longest_increasing(values: list[int]) -> set[int]:
    """Positions of one longest strictly increasing subsequence (patience sorting, O(n log n))."""
    tails: list[int] = []
    tail_positions: list[int] = []
    previous = [-1] * len(values)
    for position, value in enumerate(values):
        slot = bisect.bisect_left(tails, value)
        if slot == len(tails):
            tails.append(value)
            tail_positions.append(position)
        else:
            tails[slot], tail_positions[slot] = value, position
        previous[position] = tail_positions[slot - 1] if slot else -1
    kept, position = set(), tail_positions[-1] if tail_positions else -1
    while position != -1:
        kept.add(position)
        position = previous[position]
    return kept


def _name_without(rows: list[_Row], anchors: dict[int, bytes], size: int) -> list[Problem]:
    """No field reproduces the signed roots: name what the indices and hashes show by themselves."""
    problems: list[Problem] = []
    holders: dict[int, _Row] = {}
    for row in rows:
        params = {"index": row.claimed, "line": row.line}
        if row.content is None or row.content != row.recorded:
            message = _(
                "Entry %(index)s (line %(line)d) was altered: its content does not match its leaf hash."
            )
            problems.append(Problem("altered", message % params, index=row.claimed, line=row.line))
        if row.claimed is None or not 0 <= row.claimed < size or row.claimed in holders:
            message = _(INSERTED)
            problems.append(Problem("inserted", message % params, index=row.claimed, line=row.line))
        else:
            holders[row.claimed] = row
    for index in range(size):
        if index not in holders:
            message = _("Entry %(index)d is missing: it was removed.") % {"index": index}
            problems.append(Problem("removed", message, index=index))
    problems += _name_moved([(row, index) for index, row in sorted(holders.items(), key=lambda x: x[1].line)])
    return problems or [_first_broken_head(rows, anchors)]


def _first_broken_head(rows: list[_Row], anchors: dict[int, bytes]) -> Problem:
    leaves = [bytes.fromhex(row.content or "00" * 32) for row in rows]
    found = merkle.roots_at(leaves, anchors)
    good = 0
    for size in sorted(anchors):
        if found.get(size) != anchors[size]:
            params = {"first": good, "last": size - 1, "size": size}
            message = _(
                "Entries %(first)d to %(last)d do not reproduce the signed head of size %(size)d: "
                "at least one of them was altered and its leaf hash rewritten to match."
            )
            return Problem("altered", message % params, index=good)
        good = size
    return Problem("format", _("The export does not match its signed heads."))
