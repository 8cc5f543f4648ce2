"""Writing the log out as JSON lines that `ledger.verify` (or anyone) can check with no database."""

import json
from typing import TextIO

from django.utils import timezone

from ledger import keys
from ledger.models import Entry, SigningKey, TreeHead
from ledger.services import latest_head, origin

EXPORT_VERSION = 1


def _line(data: dict) -> str:
    return json.dumps(data, ensure_ascii=False, separators=(",", ":")) + "\n"


def key_line(key: SigningKey) -> dict:
    return {
        "type": "key",
        "key_id": key.key_id,
        "algorithm": key.algorithm,
        "public_key": key.public_key,
        "valid_from_ms": keys.milliseconds(key.valid_from),
        "valid_until_ms": keys.milliseconds(key.valid_until) if key.valid_until else None,
    }


def head_line(head: TreeHead) -> dict:
    return {
        "type": "head",
        "tree_size": head.size,
        "root_hash": head.root_hash,
        "timestamp": head.timestamp,
        "origin": head.origin,
        "key_id": head.key.key_id,
        "signature": head.signature,
        "cosignatures": [
            {
                "witness": c.witness.name,
                "public_key": c.witness.public_key,
                "timestamp": c.timestamp,
                "signature": c.signature,
            }
            for c in head.cosignatures.all()
        ],
    }


def write_export(handle: TextIO) -> int:
    """Header, keys, every signed head, then the entries the latest head covers; returns that size."""
    head = latest_head()
    size = head.size if head else 0
    handle.write(
        _line(
            {
                "type": "ledger-export",
                "version": EXPORT_VERSION,
                "origin": origin(),
                "tree_size": size,
                "exported_at": timezone.now().isoformat(),
            }
        )
    )
    for key in SigningKey.objects.order_by("valid_from", "id"):
        handle.write(_line(key_line(key)))
    heads = TreeHead.objects.filter(size__lte=size).select_related("key").order_by("id")
    for signed in heads.prefetch_related("cosignatures__witness"):
        handle.write(_line(head_line(signed)))
    rows = Entry.objects.filter(index__lt=size).order_by("index").values_list("index", "leaf_hash", "leaf")
    for index, leaf_hash, leaf in rows.iterator(chunk_size=5000):
        handle.write(_line({"type": "entry", "index": index, "leaf_hash": leaf_hash, "leaf": leaf}))
    return size
