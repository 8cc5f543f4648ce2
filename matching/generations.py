"""The generation of each namespace's indexed rows: moved by every write of the rows, in its transaction,
and read by the PostgreSQL backend before it answers from counts it keeps (a new generation drops them)."""

import time

from django.db import connection
from django.db.models import F

from matching.models import IndexState


def bump(namespace: str) -> None:
    """The namespace's rows changed: call inside the transaction that wrote them, after its last write of
    them, so that the generation moves when, and only if, they commit (its row stays locked until then:
    concurrent writers of the namespace wait for one another here, holding no lock the other needs)."""
    state = IndexState.objects.filter(namespace=namespace)
    if state.update(generation=F("generation") + 1):
        return
    # The first generation is taken from the clock, so that a recreated database (its state row gone) does
    # not repeat a generation that a running worker keeps counts for. A database restored from a backup
    # counts on from its old value and may: restart the web workers after a restore.
    _state, created = state.get_or_create(
        namespace=namespace, defaults={"generation": int(time.time() * 1000) * 1000}
    )
    if not created:  # another writer created it meanwhile: this write still moves it
        state.update(generation=F("generation") + 1)


def current(namespace: str) -> int:
    """The namespace's generation (read on every search without words, hence one plain query)."""
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT generation FROM {IndexState._meta.db_table} WHERE namespace = %s",  # noqa: S608
            [namespace],
        )
        row = cursor.fetchone()
    return row[0] if row else 0
