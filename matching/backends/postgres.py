"""The PostgreSQL backend: PostgreSQL full-text search, and vectors kept in PostgreSQL.

Nearest-neighbour search uses pgvector when the server has that extension (a `vector` column and an
HNSW index are added to the documents table the first time it is found); otherwise the vectors stored
in the table feed the same in-process HNSW index as the embedded backend, under DATA_DIR/index/pg/.

The registry search's facets and newest-first order come from the rows' `registry` tokens and `newest`
keys (a GIN index over the tokens, a btree over the keys: migration 0004), as the embedded backend reads
them from its own index.
"""

import json
import os
from collections.abc import Iterable
from pathlib import Path
from typing import Any

import numpy as np
from django.db import DatabaseError, connection, transaction

from matching import generations
from matching.attributes import Attributes
from matching.backends.base import Backend, FacetCounts, KeptCounts, Stored
from matching.backends.vectors import EF_SEARCH, VectorIndex
from matching.documents import Document, registry_column, registry_token
from matching.encoder import DIMENSIONS, from_bytes
from matching.models import IndexedDocument

TABLE = IndexedDocument._meta.db_table
TSVECTOR = "lexical_terms"  # to_tsvector('simple', lexical_text), kept by the database (migration 0005)
TOKENS = "string_to_array(registry, ' ')"  # the expression the GIN index of migration 0004 is built on


def pgvector_installed() -> bool:
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1 FROM pg_extension WHERE extname = 'vector'")
        return cursor.fetchone() is not None


def pgvector_available() -> bool:
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1 FROM pg_available_extensions WHERE name = 'vector'")
        return cursor.fetchone() is not None


def _has_vector_column() -> bool:
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT 1 FROM information_schema.columns WHERE table_name = %s AND column_name = 'embedding'",
            [TABLE],
        )
        return cursor.fetchone() is not None


def _literal(vector: np.ndarray) -> str:
    return "[" + ",".join(f"{x:.6f}" for x in np.asarray(vector, dtype=np.float32)) + "]"


def _tsquery(terms: list[str]) -> str:
    # Terms come from matching.text ([a-z0-9] words and CJK bigrams); quoting keeps them literal anyway.
    return " | ".join("'" + term.replace("'", "''").replace("\\", "") + "'" for term in terms)


class PostgresBackend(Backend):
    name = "postgres"
    orders_newest = True

    def __init__(self, root: Path):
        self.root = root
        self._vectors: dict[str, tuple[int, VectorIndex]] = {}
        self._pgvector: bool | None = None
        self._counts = KeptCounts()

    def describe(self) -> str:
        return "postgres+pgvector" if self.uses_pgvector() else "postgres+hnswlib"

    def uses_pgvector(self) -> bool:
        if self._pgvector is None:
            self._pgvector = pgvector_installed() and _has_vector_column()
        return self._pgvector

    def ensure_pgvector(self) -> bool:
        """Install pgvector's column and index when the server offers the extension; say whether it did."""
        if not pgvector_available():
            self._pgvector = False
            return False
        try:
            with transaction.atomic(), connection.cursor() as cursor:
                cursor.execute("CREATE EXTENSION IF NOT EXISTS vector")
                cursor.execute(f"ALTER TABLE {TABLE} ADD COLUMN IF NOT EXISTS embedding vector({DIMENSIONS})")
                cursor.execute(
                    f"CREATE INDEX IF NOT EXISTS matching_embedding_hnsw ON {TABLE} "
                    "USING hnsw (embedding vector_ip_ops)"
                )
        except DatabaseError:  # offered but not ours to install (no privilege): keep the in-process index
            self._pgvector = False
            return False
        self._pgvector = True
        return True

    # ---- full text -----------------------------------------------------------------------------------

    def lexical_search(
        self, namespace: str, terms: list[str], k: int, facets: list[str] | None = None
    ) -> list[tuple[int, float]]:
        if not terms:
            return []
        fitting = "AND string_to_array(facets, ' ') && %s " if facets else ""
        sql = (
            f"SELECT object_id, ts_rank({TSVECTOR}, q, 1) AS rank FROM {TABLE}, "  # noqa: S608 - constants
            "to_tsquery('simple'::regconfig, %s) q "
            f"WHERE namespace = %s AND searchable AND {TSVECTOR} @@ q {fitting}"
            "ORDER BY rank DESC, object_id LIMIT %s"
        )
        params: list[Any] = [_tsquery(terms), namespace, *([list(facets)] if facets else []), k]
        with connection.cursor() as cursor:
            cursor.execute(sql, params)
            return [(int(i), float(rank)) for i, rank in cursor.fetchall()]

    def lexical_scores(self, namespace: str, terms: list[str], ids: list[int]) -> dict[int, float]:
        if not terms or not ids:
            return {}
        sql = (
            f"SELECT object_id, ts_rank({TSVECTOR}, q, 1) FROM {TABLE}, "  # noqa: S608 - constants
            "to_tsquery('simple'::regconfig, %s) q "
            f"WHERE namespace = %s AND searchable AND object_id = ANY(%s) AND {TSVECTOR} @@ q"
        )
        with connection.cursor() as cursor:
            cursor.execute(sql, [_tsquery(terms), namespace, list(ids)])
            return {int(i): float(rank) for i, rank in cursor.fetchall()}

    # ---- vectors -------------------------------------------------------------------------------------

    def _index(self, namespace: str) -> VectorIndex:
        directory = self.root / "pg" / namespace
        generation = _generation(directory)
        cached = self._vectors.get(namespace)
        if cached is None or cached[0] != generation:
            cached = (generation, VectorIndex(directory / "vectors.hnsw").load())
            self._vectors[namespace] = cached
        return cached[1]

    def dense_search(self, namespace: str, vector: np.ndarray, k: int) -> list[tuple[int, float]]:
        if not self.uses_pgvector():
            return self._index(namespace).search(vector, k)
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.execute("SET LOCAL hnsw.ef_search = %s", [max(EF_SEARCH, k)])
            cursor.execute(
                f"SELECT object_id, -(embedding <#> %s::vector) FROM {TABLE} "  # noqa: S608 - constants
                "WHERE namespace = %s AND searchable ORDER BY embedding <#> %s::vector LIMIT %s",
                [_literal(vector), namespace, _literal(vector), k],
            )
            return [(int(i), float(score)) for i, score in cursor.fetchall()]

    def fetch(self, namespace: str, ids: list[int], vectors_for: set[int] | None = None) -> dict[int, Stored]:
        rows = IndexedDocument.objects.filter(namespace=namespace, object_id__in=ids, searchable=True)
        return {
            row.object_id: Stored(
                row.number,
                Attributes.from_json(row.attributes),
                from_bytes(row.vector) if vectors_for is None or row.object_id in vectors_for else None,
            )
            for row in rows.only("object_id", "number", "attributes", "vector")
        }

    def count(self, namespace: str) -> int:
        return IndexedDocument.objects.filter(namespace=namespace, searchable=True).count()

    # ---- the registry's facets and newest-first order -----------------------------------------------------

    def facet_counts(
        self, namespace: str, required: list[str], ids: list[int] | None = None
    ) -> FacetCounts | None:
        # Without ids (a search without words) the counts are kept per generation of the rows, which
        # every write of them moves in its transaction (matching.generations): read before counting, so
        # that counts kept under a generation are never older than it.
        key = KeptCounts.key(namespace, generations.current(namespace), required) if ids is None else None
        kept = self._counts.get(key) if key is not None else None
        if kept is not None:
            return kept
        counted = self._count(namespace, required, ids)
        if key is not None and counted is not None:
            self._counts.put(key, counted)
        return counted

    def _count(self, namespace: str, required: list[str], ids: list[int] | None) -> FacetCounts | None:
        """One statement: whether a searchable row is unfilled (then None: the database counts), how many
        rows carry every required token, and how many of those carry each token. Rows are grouped by
        their tokens first: many assets share the same values, whose tokens are then split once."""
        found, params = _registry_rows(namespace, required, ids)
        unfilled, unfilled_params = _unfilled(namespace, ids)
        sql = (
            f"WITH found AS (SELECT registry, count(*) AS n FROM {TABLE} WHERE {found} GROUP BY registry) "  # noqa: S608
            f"SELECT 0, NULL, count(*) FROM (SELECT 1 FROM {TABLE} WHERE {unfilled} LIMIT 1) unfilled "
            "UNION ALL SELECT 1, NULL, COALESCE(sum(n), 0) FROM found "
            f"UNION ALL SELECT 2, token, sum(n) FROM found, unnest({TOKENS}) token GROUP BY token"
        )
        with connection.cursor() as cursor:
            cursor.execute(sql, [*params, *unfilled_params])
            rows = cursor.fetchall()
        if any(part == 0 and count for part, _token, count in rows):
            return None
        total = next(count for part, _token, count in rows if part == 1)
        return int(total), {registry_token(token): int(count) for part, token, count in rows if part == 2}

    def newest(
        self, namespace: str, required: list[str], ids: list[int] | None, offset: int, limit: int
    ) -> list[tuple[int, int]] | None:
        found, params = _registry_rows(namespace, required, ids)
        unfilled, unfilled_params = _unfilled(namespace, ids)
        # One row at least (the unfilled check), joined with the page's rows when there are any.
        sql = (
            f"SELECT u.unfilled, page.object_id, page.newest FROM (SELECT EXISTS (SELECT 1 FROM {TABLE} "  # noqa: S608
            f"WHERE {unfilled}) AS unfilled) u LEFT JOIN LATERAL (SELECT object_id, newest FROM {TABLE} "
            f"WHERE {found} ORDER BY newest DESC LIMIT %s OFFSET %s) page ON true"
        )
        with connection.cursor() as cursor:
            cursor.execute(sql, [*unfilled_params, *params, limit, offset])
            rows = cursor.fetchall()
        if rows[0][0]:
            return None
        return [(int(i), int(key)) for _unfilled, i, key in rows if i is not None]

    # ---- writing: the rows are saved by matching.services; here only the vector index follows ----------

    def upsert(self, namespace: str, documents: list[Document], vectors: np.ndarray) -> None:
        if self.uses_pgvector():
            self._set_pgvector(namespace, [d.id for d in documents], vectors)
            return
        directory = self.root / "pg" / namespace
        index = VectorIndex(directory / "vectors.hnsw").load()
        keep = [row for row, doc in enumerate(documents) if doc.searchable]
        index.add(np.array([documents[r].id for r in keep]), vectors[keep])
        index.remove([doc.id for doc in documents if not doc.searchable])
        self._save(directory, index)

    def _set_pgvector(self, namespace: str, ids: list[int], vectors: np.ndarray) -> None:
        with connection.cursor() as cursor:
            cursor.executemany(
                f"UPDATE {TABLE} SET embedding = %s::vector WHERE namespace = %s AND object_id = %s",  # noqa: S608
                [(_literal(v), namespace, i) for i, v in zip(ids, vectors, strict=True)],
            )

    def remove(self, namespace: str, ids: Iterable[int]) -> None:
        if self.uses_pgvector():
            return  # the rows are gone or unsearchable; pgvector follows the table
        directory = self.root / "pg" / namespace
        index = VectorIndex(directory / "vectors.hnsw").load()
        index.remove(list(ids))
        self._save(directory, index)

    def rebuild(self, namespace: str, batches: Iterable[tuple[list[Document], np.ndarray]]) -> int:
        self.ensure_pgvector()
        directory = self.root / "pg" / namespace
        index = VectorIndex(directory / "vectors.hnsw")
        index.reset(1024)
        total = 0
        for documents, vectors in batches:
            keep = [row for row, doc in enumerate(documents) if doc.searchable]
            if self.uses_pgvector():
                self._set_pgvector(namespace, [documents[r].id for r in keep], vectors[keep])
            else:
                index.add(np.array([documents[r].id for r in keep]), vectors[keep])
            total += len(keep)
        if not self.uses_pgvector():
            self._save(directory, index)
        return total

    def _save(self, directory: Path, index: VectorIndex) -> None:
        index.save()
        temporary = directory / "manifest.tmp"
        temporary.write_text(json.dumps({"generation": _generation(directory) + 1}))
        os.replace(temporary, directory / "manifest.json")


def _registry_rows(namespace: str, required: list[str], ids: list[int] | None) -> tuple[str, list[Any]]:
    """The condition for the searchable rows carrying every required token (among `ids` when given)."""
    condition = "namespace = %s AND searchable"
    params: list[Any] = [namespace]
    if required:
        condition += f" AND {TOKENS} @> %s::text[]"
        params.append([registry_column([token]) for token in required])
    if ids is not None:
        condition += " AND object_id = ANY(%s)"
        params.append(list(ids))
    return condition, params


def _unfilled(namespace: str, ids: list[int] | None) -> tuple[str, list[Any]]:
    """The condition for the searchable rows whose registry columns are not filled (among `ids` when
    given): written before the columns existed; none, normally (a partial index holds them)."""
    condition = "namespace = %s AND searchable AND newest IS NULL"
    params: list[Any] = [namespace]
    if ids is not None:
        condition += " AND object_id = ANY(%s)"
        params.append(list(ids))
    return condition, params


def _generation(directory: Path) -> int:
    try:
        return int(json.loads((directory / "manifest.json").read_text())["generation"])
    except (FileNotFoundError, KeyError, ValueError):
        return 0
