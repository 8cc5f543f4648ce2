"""Keeping the indexed documents (database rows) and the search indexes in step with the registry."""

import logging
from collections.abc import Iterable, Iterator
from datetime import datetime

import numpy as np
from django.db import connection, transaction
from django.db.models import QuerySet
from django.utils import timezone

from accounts.models import Organisation
from assets.models import Asset
from assets.search import newest_key as search_key
from matching import generations
from matching.attributes import facets
from matching.backends import get_backend
from matching.documents import Document, asset_documents, newest_key, registry_column, registry_facets
from matching.encoder import MODEL_NAME, encode, from_bytes, to_bytes
from matching.models import IndexedDocument
from matching.text import lexical_text

ASSETS = IndexedDocument.Namespace.ASSETS
logger = logging.getLogger(__name__)


def _vectors_for(documents: list[Document], rows: dict[int, IndexedDocument], force: bool) -> np.ndarray:
    """Vectors as stored (float16 precision), re-encoding only documents whose words changed (a change of
    owner, facets or visibility keeps the vector: the encoder reads title and abstract only)."""
    stale = [d for d in documents if force or d.id not in rows or _words_changed(rows[d.id], d)]
    fresh = dict(zip([d.id for d in stale], encode([d.embed_text for d in stale]), strict=True))
    vectors = [
        from_bytes(to_bytes(fresh[d.id])) if d.id in fresh else from_bytes(rows[d.id].vector)
        for d in documents
    ]
    return np.vstack(vectors) if vectors else np.zeros((0, 0), dtype=np.float32)


def _words_changed(row: IndexedDocument, document: Document) -> bool:
    return row.model != MODEL_NAME or row.lexical_text != lexical_text(document.text)


def _save_rows(namespace: str, documents: list[Document], vectors: np.ndarray) -> None:
    """Write the documents' rows (inside the caller's transaction, which the generation moves with)."""
    owners = set(
        Organisation.objects.filter(pk__in={d.owner_id for d in documents}).values_list("pk", flat=True)
    )
    registry = namespace == ASSETS  # the registry columns belong to the assets' rows alone
    for document, vector in zip(documents, vectors, strict=True):
        IndexedDocument.objects.update_or_create(
            namespace=namespace,
            object_id=document.id,
            defaults={
                "number": document.number,
                "owner_id": document.owner_id if document.owner_id in owners else None,
                "searchable": document.searchable,
                "lexical_text": lexical_text(document.text),
                "facets": " ".join(facets(document.attributes)),
                "registry": registry_column(document.registry_facets) if registry else "",
                "newest": newest_key(document.published, document.id) if registry else None,
                "vector": to_bytes(vector),
                "model": MODEL_NAME,
                "attributes": document.attributes.as_json(),
                "content_hash": document.content_hash(),
            },
        )
    generations.bump(namespace)


def _stored(namespace: str, documents: list[Document], force: bool = False) -> np.ndarray:
    """Save the documents' rows for a rebuild, and return their vectors (re-encoding only what changed)."""
    vectors = _vectors_for(documents, _existing(namespace, [d.id for d in documents]), force)
    with transaction.atomic():
        _save_rows(namespace, documents, vectors)
    return vectors


def _existing(namespace: str, ids: list[int]) -> dict[int, IndexedDocument]:
    return {r.object_id: r for r in IndexedDocument.objects.filter(namespace=namespace, object_id__in=ids)}


def index_assets(asset_ids: list[int]) -> int:
    """Bring the given assets' rows and indexes up to date; returns how many changed."""
    ids = sorted(set(asset_ids))
    started = timezone.now()
    documents = asset_documents(ids)
    rows = _existing(ASSETS, ids)
    changed = [d for d in documents if d.id not in rows or rows[d.id].content_hash != d.content_hash()]
    gone = sorted(set(ids) - {d.id for d in documents})
    backend = get_backend()
    if changed:
        vectors = _vectors_for(changed, rows, force=False)
        with transaction.atomic():
            _save_rows(ASSETS, changed, vectors)
        backend.upsert(ASSETS, changed, vectors)
    if gone:
        _delete_rows(ASSETS, IndexedDocument.objects.filter(namespace=ASSETS, object_id__in=gone))
        backend.remove(ASSETS, gone)
    _indexed(ids, started)
    return len(changed) + len(gone)


def _delete_rows(namespace: str, rows: QuerySet[IndexedDocument]) -> None:
    """Delete rows and move the generation with them (last, as `_save_rows` does)."""
    with transaction.atomic():
        if rows.delete()[0]:
            generations.bump(namespace)


def _indexed(ids: list[int], read_at: datetime) -> None:
    """The assets read at `read_at` no longer wait for the index, unless saved again since."""
    Asset.objects.filter(pk__in=ids, index_pending=True, updated_at__lte=read_at).update(index_pending=False)


def index_documents(namespace: str, documents: list[Document]) -> int:
    """Index another app's documents (listings, needs) in their own namespace; unchanged ones are skipped.

    Document ids are the app's own primary keys; attributes may carry territories and deal types.
    """
    if namespace == ASSETS:
        raise ValueError("assets are indexed from the registry: use index_assets")
    rows = _existing(namespace, [d.id for d in documents])
    changed = [d for d in documents if d.id not in rows or rows[d.id].content_hash != d.content_hash()]
    if changed:
        vectors = _vectors_for(changed, rows, force=False)
        with transaction.atomic():
            _save_rows(namespace, changed, vectors)
        get_backend().upsert(namespace, changed, vectors)
    return len(changed)


def rebuild_documents(namespace: str, batches: Iterable[list[Document]]) -> int:
    """Replace another app's namespace by the documents of `batches` (re-encoding only what changed);
    returns how many were indexed."""
    if namespace == ASSETS:
        raise ValueError("assets are indexed from the registry: use rebuild_asset_index")
    started = timezone.now()

    def encoded() -> Iterator[tuple[list[Document], np.ndarray]]:
        for documents in batches:
            yield documents, _stored(namespace, documents)  # every row kept is saved, so updated now
        _delete_rows(namespace, IndexedDocument.objects.filter(namespace=namespace, updated_at__lt=started))

    return get_backend().rebuild(namespace, encoded())


def remove_documents(namespace: str, ids: list[int]) -> None:
    _delete_rows(namespace, IndexedDocument.objects.filter(namespace=namespace, object_id__in=ids))
    get_backend().remove(namespace, ids)


def _asset_batches(
    batch_size: int, force: bool, progress=None
) -> Iterator[tuple[list[Document], np.ndarray]]:
    ids = list(Asset.objects.order_by("pk").values_list("pk", flat=True))
    for start in range(0, len(ids), batch_size):
        chunk = ids[start : start + batch_size]
        documents = asset_documents(chunk)
        vectors = _stored(ASSETS, documents, force)
        if progress:
            progress(start + len(chunk), len(ids))
        yield documents, vectors
    _delete_rows(ASSETS, IndexedDocument.objects.filter(namespace=ASSETS).exclude(object_id__in=ids))


def rebuild_asset_index(*, batch_size: int = 256, force: bool = False, progress=None) -> int:
    """Rebuild the asset namespace from the registry: rows first (re-encoding what changed), then indexes."""
    started = timezone.now()
    total = get_backend().rebuild(ASSETS, _asset_batches(batch_size, force, progress))
    Asset.objects.filter(index_pending=True, updated_at__lte=started).update(index_pending=False)
    refresh_statistics()
    return total


def refresh_statistics() -> None:
    """Let the database's planner know the registry's shape after a large change (a rebuild follows large
    imports): without statistics SQLite takes a filter such as "CPC section A" for a selective one and
    walks half the registry with it instead of looking up the few ranked ids (0.4 s against 1 ms at
    100,000 assets; docs/search.md)."""
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")


def rebuild_outdated_index(recovered: object = None) -> bool:
    """A recovery step (`ipharbour recover`, run by ./run and every worker at start): an embedded index
    written by another version of the platform cannot be read with today's schema, so it is rebuilt from
    the registry now rather than leaving every search with words refused until someone runs the rebuild.
    True when it rebuilt."""
    from core.errors import Conflict
    from matching.backends import backend_name, index_root

    if backend_name() != "embedded" or not (index_root() / ASSETS / "tantivy").exists():
        return False
    try:
        get_backend().count(ASSETS)
    except Conflict:
        logger.warning("the asset index was built by another version: rebuilding it from the registry")
        rebuild_asset_index()
        return True
    return False


FILL_BATCH = 1000  # asset rows filled per transaction


def fill_registry_columns(recovered: object = None) -> int:
    """A recovery step (`ipharbour recover`: at start, and every minute in a task worker): the searchable
    asset rows whose registry columns are empty (written before the columns existed and not filled by
    the migration, or by a worker of the earlier version) get them from the registry, and the rows of
    assets that are gone are removed. While such a row exists the PostgreSQL backend lets the database
    count and order, rather than count it as an asset without facets. Returns how many rows it settled."""
    from matching.backends import backend_name

    if backend_name() != "postgres":
        return 0  # only the PostgreSQL backend reads the columns
    unfilled = IndexedDocument.objects.filter(namespace=ASSETS, searchable=True, newest__isnull=True)
    ids = list(unfilled.order_by("object_id").values_list("object_id", flat=True))
    for start in range(0, len(ids), FILL_BATCH):
        _fill_registry(ids[start : start + FILL_BATCH])
    if ids:
        logger.warning("filled the registry columns of %d indexed assets", len(ids))
    return len(ids)


def _fill_registry(ids: list[int]) -> None:
    assets = Asset.objects.filter(pk__in=ids).select_related("biomedical")
    found = {a.pk: a for a in assets.prefetch_related("classifications", "biomedical__indications")}
    rows = list(IndexedDocument.objects.filter(namespace=ASSETS, object_id__in=found).only("pk", "object_id"))
    for row in rows:
        asset = found[row.object_id]
        row.registry = registry_column(registry_facets(asset))
        row.newest = search_key(asset.publication_date, asset.pk)
    gone = sorted(set(ids) - set(found))
    with transaction.atomic():
        # Only rows still unfilled: one an index task rewrote since they were read holds newer values.
        still = set(
            IndexedDocument.objects.select_for_update()
            .filter(pk__in=[row.pk for row in rows], newest__isnull=True)
            .values_list("pk", flat=True)
        )
        IndexedDocument.objects.bulk_update([row for row in rows if row.pk in still], ["registry", "newest"])
        IndexedDocument.objects.filter(namespace=ASSETS, object_id__in=gone).delete()
        # Last, as every writer does: the generation's row stays locked until the commit, and a writer
        # waiting for it must hold no row this one still has to lock.
        generations.bump(ASSETS)
    if gone:
        get_backend().remove(ASSETS, gone)
