"""Matching backends: one interface (base.Backend), two implementations, chosen by the database in use.

IPHARBOUR_MATCHING_BACKEND=embedded|postgres overrides the choice; the default is PostgreSQL's own search
when the database is PostgreSQL, the embedded indexes otherwise.
"""

import functools
import os

from django.conf import settings
from django.db import connection

from matching.backends.base import Backend, Stored

__all__ = ["Backend", "Stored", "get_backend"]


def index_root():
    return settings.DATA_DIR / "index"


@functools.cache
def _backend(name: str, root: str) -> Backend:
    from pathlib import Path

    if name == "postgres":
        from matching.backends.postgres import PostgresBackend

        return PostgresBackend(Path(root))
    from matching.backends.embedded import EmbeddedBackend

    return EmbeddedBackend(Path(root))


def backend_name() -> str:
    chosen = os.environ.get("IPHARBOUR_MATCHING_BACKEND", "")
    if chosen in {"embedded", "postgres"}:
        if chosen == "postgres" and connection.vendor != "postgresql":
            return "embedded"
        return chosen
    return "postgres" if connection.vendor == "postgresql" else "embedded"


def get_backend(name: str | None = None) -> Backend:
    return _backend(name or backend_name(), str(index_root()))
