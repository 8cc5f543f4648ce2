"""Appending to the transparency log and signing its head. Other apps call `record` inside their
own transactions, so that a state change and its log entry commit or roll back together.

An entry's leaf is the RFC 8785 canonical JSON of

    {"v": 1, "index": n, "time": "<UTC, milliseconds>", "kind": "...", "subject": "...",
     "public": {...}, "confidential_sha256": "<hex>"}

where the last member is present only when confidential content was given: it is
SHA-256(salt ‖ canonical JSON of that content) and the salt stays in the database row.
"""

import datetime
import hashlib
import json
import secrets
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit

import rfc8785
from django.conf import settings
from django.core.serializers.json import DjangoJSONEncoder
from django.db import connection, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from core.access import Person
from core.errors import InvalidInput
from ledger import checkpoints, keys, kinds, merkle
from ledger.models import Entry, TreeHead, TreeState

LEAF_VERSION = 1
MAX_LEAF_BYTES = 64 * 1024  # a log entry records facts, not documents
# How old the latest head may be, when the log has grown, before a reader triggers a new signature.
HEAD_REFRESH = datetime.timedelta(seconds=10)
KIND_CHARACTERS = set("abcdefghijklmnopqrstuvwxyz0123456789._-")


@dataclass(frozen=True)
class LogItem:
    """One fact to append: see `record` for the meaning of each field."""

    kind: str
    subject: str
    public: dict
    confidential: dict | None = None
    actor: Any = None


def canonical(value: Any) -> bytes:
    """RFC 8785 canonical JSON; Decimals, dates and ids become strings first, as Django encodes them."""
    try:
        plain = json.loads(json.dumps(value, cls=DjangoJSONEncoder))
        return rfc8785.dumps(plain)
    except (TypeError, ValueError, rfc8785.CanonicalizationError) as error:
        raise InvalidInput(_("A log entry must be plain JSON: %(error)s") % {"error": error}) from error


def commitment(content: dict, salt: str) -> str:
    """The salted hash that stands in the log for confidential content: SHA-256(salt ‖ JCS(content))."""
    return hashlib.sha256(bytes.fromhex(salt) + canonical(content)).hexdigest()


def proves_confidential(entry: Entry, content: dict) -> bool:
    """Whether `content` is what was committed to in the entry (the owner's proof, with the salt)."""
    logged = json.loads(entry.leaf).get("confidential_sha256")
    return bool(logged and entry.salt) and commitment(content, entry.salt) == logged


def record(
    kind: str, *, subject: str, public: dict, confidential: dict | None = None, actor: Person | None = None
) -> Entry:
    """Append one fact to the log and return its entry.

    `kind` names the event and must be declared in `ledger.kinds` with the public members it may carry;
    `subject` names the object ("assets.asset:42", or "sealed:<token>" from `ledger.subjects` for a
    confidential one); `public` goes into the log in clear; `confidential` only as a salted hash whose
    salt stays in this row.
    """
    return record_many([LogItem(kind, subject, public, confidential, actor)])[0]


@transaction.atomic
def record_many(items: Iterable[LogItem]) -> list[Entry]:
    """Append several facts under one lock and one transaction (bulk imports, benchmarks)."""
    checked = [_checked(item) for item in items]
    state = _locked_state()
    frontier = state.load_frontier()
    now = keys.whole_milliseconds(timezone.now())
    stamp = now.astimezone(datetime.UTC).strftime("%Y-%m-%dT%H:%M:%S.%f")[:-3] + "Z"
    rows = []
    for item, public in checked:
        salt = secrets.token_hex(32) if item.confidential is not None else ""
        index = frontier.size
        leaf = _leaf(index, stamp, item, public, salt)
        leaf_hash = merkle.leaf_hash(leaf)
        nodes = b"".join(frontier.append(leaf_hash))
        actor = item.actor.pk if getattr(item.actor, "is_authenticated", False) else None
        rows.append((index, item.kind, item.subject, leaf.decode(), leaf_hash.hex(), nodes, salt, actor, now))
    _insert(rows)
    state.size, state.frontier, state.root_hash = frontier.size, frontier.to_bytes(), frontier.root().hex()
    state.save(update_fields=["size", "frontier", "root_hash", "updated_at"])
    return [Entry.from_db(connection.alias, ENTRY_COLUMNS, row) for row in rows]


ENTRY_COLUMNS = ("index", "kind", "subject", "leaf", "leaf_hash", "nodes", "salt", "actor_id", "recorded_at")


def _insert(rows: list[tuple]) -> None:
    # Plain INSERTs: bulk_create's per-field compilation cost more than the hashing, and appends must
    # keep up with 10,000 entries a second. SQLite runs in-process, so one prepared statement executed
    # per row is cheapest; a server pays a round trip per statement, so it gets multi-row INSERTs.
    quote = connection.ops.quote_name
    table, columns = quote(Entry._meta.db_table), ", ".join(quote(column) for column in ENTRY_COLUMNS)
    placeholder = "(" + ", ".join(["%s"] * len(ENTRY_COLUMNS)) + ")"
    stored = connection.ops.adapt_datetimefield_value
    values = [(*row[:-1], stored(row[-1])) for row in rows]
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.executemany(f"INSERT INTO {table} ({columns}) VALUES {placeholder}", values)  # noqa: S608
            return
        per_statement = min(500, (connection.features.max_query_params or 65535) // len(ENTRY_COLUMNS))
        for start in range(0, len(values), per_statement):
            chunk = values[start : start + per_statement]
            sql = f"INSERT INTO {table} ({columns}) VALUES {', '.join([placeholder] * len(chunk))}"  # noqa: S608
            cursor.execute(sql, [value for row in chunk for value in row])


def _checked(item: LogItem) -> tuple[LogItem, bytes]:
    if not item.kind or len(item.kind) > 80 or not set(item.kind) <= KIND_CHARACTERS:
        raise InvalidInput(_("A log entry kind is lowercase letters, digits and dots."), field="kind")
    if not item.subject or len(item.subject) > 200:
        raise InvalidInput(_("A log entry needs a subject of at most 200 characters."), field="subject")
    if not isinstance(item.public, dict) or not isinstance(item.confidential, dict | None):
        raise InvalidInput(_("Public and confidential content are JSON objects."), field="public")
    kinds.check(item.kind, item.public)
    return item, canonical(item.public)


def _leaf(index: int, stamp: str, item: LogItem, public: bytes, salt: str) -> bytes:
    # The canonical JSON of {"confidential_sha256"?, "index", "kind", "public", "subject", "time", "v"},
    # assembled member by member (already in RFC 8785 order) so that `public` is serialised only once.
    members = [
        b'"index":%d' % index,
        b'"kind":' + rfc8785.dumps(item.kind),
        b'"public":' + public,
        b'"subject":' + rfc8785.dumps(item.subject),
        b'"time":' + rfc8785.dumps(stamp),
        b'"v":%d' % LEAF_VERSION,
    ]
    if item.confidential is not None:
        members.insert(0, b'"confidential_sha256":' + rfc8785.dumps(commitment(item.confidential, salt)))
    leaf = b"{" + b",".join(members) + b"}"
    if len(leaf) > MAX_LEAF_BYTES:
        raise InvalidInput(_("A log entry may not exceed %(n)d bytes.") % {"n": MAX_LEAF_BYTES})
    return leaf


def _locked_state() -> TreeState:
    # One writer at a time: PostgreSQL locks this row; SQLite's IMMEDIATE transactions already
    # serialise writers, and there select_for_update is a no-op.
    state = TreeState.objects.select_for_update().filter(pk=1).first()
    if state is None:
        TreeState.objects.get_or_create(pk=1)
        state = TreeState.objects.select_for_update().get(pk=1)
    return state


def tree_state() -> TreeState:
    return TreeState.objects.filter(pk=1).first() or TreeState(pk=1)


def origin() -> str:
    """The log's one name in its checkpoints, the same in the server and in every command.

    The LEDGER_ORIGIN setting when the operator set one; else the origin the log already signs under
    (its first head), so that a process started without IPHARBOUR_SITE_URL (a command line, a worker)
    does not sign under another name; else, for the first head, the site's host + /ledger.
    """
    if settings.LEDGER_ORIGIN:
        return settings.LEDGER_ORIGIN
    established = TreeHead.objects.order_by("id").values_list("origin", flat=True).first()
    if established:
        return established
    return f"{urlsplit(settings.SITE_URL).netloc or 'ipharbour'}/ledger"


@transaction.atomic
def sign_tree_head() -> TreeHead:
    """Sign the tree as it stands now with the active key (made on first use).

    Never over a damaged tree: the entries appended since the last signed head are rehashed first and
    IntegrityFailure is raised instead of signing (see ledger.guard).
    """
    from ledger import guard

    state = _locked_state()
    guard.require_signable(latest_head(), state)
    key = keys.active_key()
    timestamp = keys.milliseconds(timezone.now())
    checkpoint = checkpoints.Checkpoint(origin(), state.size, bytes.fromhex(state.root_hash), timestamp)
    signature = keys.sign(key, checkpoint.body())
    return TreeHead.objects.create(
        size=checkpoint.size,
        root_hash=state.root_hash,
        timestamp=timestamp,
        origin=checkpoint.origin,
        key=key,
        signature=checkpoints.b64(signature),
    )


def latest_head() -> TreeHead | None:
    return TreeHead.objects.select_related("key").order_by("-id").first()


def current_head() -> TreeHead:
    """The latest signed head, re-signed first when the log has grown and the head is not fresh."""
    head = latest_head()
    stale = head is not None and head.size != tree_state().size
    if head is None or (stale and head.signed_at < timezone.now() - HEAD_REFRESH):
        return sign_tree_head()
    return head


@transaction.atomic
def rotate_key(*, actor: Person | None = None) -> TreeHead:
    """Retire the active key (its public half stays published) and sign the tree with a new one."""
    _locked_state()
    old, new = keys.retire_and_replace()
    record(
        "ledger.key.rotated",
        subject=f"ledger.signingkey:{new.pk}",
        public={"old_key_id": old.key_id if old else None, "new_key_id": new.key_id},
        actor=actor,
    )
    return sign_tree_head()


def self_check(*, full: bool = False) -> list[str]:
    """Problems found in the stored log (empty when sound); see ledger.integrity."""
    from ledger import integrity

    return integrity.check(full=full)
