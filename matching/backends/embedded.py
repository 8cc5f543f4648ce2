"""The embedded backend: Tantivy (BM25) + hnswlib (HNSW) + a compact attribute store, all on local disk.

Each namespace lives in DATA_DIR/index/<namespace>/. Writers take a file lock; readers notice a new
generation in manifest.json and reload, so web workers see what the task worker indexed.
"""

import contextlib
import fcntl
import json
import os
import shutil
import threading
from collections.abc import Iterable, Iterator
from pathlib import Path

import numpy as np
import tantivy
from django.utils.translation import gettext as _

from core.errors import Conflict
from matching.attributes import Attributes, facets
from matching.backends.base import Backend, FacetCounts, KeptCounts, Stored
from matching.backends.store import DocStore
from matching.backends.vectors import VectorIndex
from matching.documents import Document, newest_key
from matching.text import lexical_text

WRITER_HEAP = 128_000_000


def _schema() -> tantivy.Schema:
    builder = tantivy.SchemaBuilder()
    builder.add_unsigned_field("id", stored=False, indexed=True, fast=True)
    # Tokens are produced by matching.text (folding, bigrams, glossary); Tantivy only splits on spaces.
    builder.add_text_field("text", tokenizer_name="whitespace", index_option="freq")
    builder.add_text_field("facets", tokenizer_name="raw", index_option="basic")
    # The registry's facet values, a fast field so that aggregations count them without the database.
    builder.add_text_field("registry", tokenizer_name="raw", index_option="basic", fast=True)
    # Newest first without words: the publication date's ordinal above the id (see `newest_key`).
    builder.add_unsigned_field("newest", stored=False, indexed=False, fast=True)
    return builder.build()


class _Namespace:
    """The loaded indexes of one namespace and the generation they were loaded at."""

    def __init__(self, directory: Path):
        self.directory = directory
        self.schema = _schema()
        (directory / "tantivy").mkdir(parents=True, exist_ok=True)
        try:
            self.text = tantivy.Index(self.schema, path=str(directory / "tantivy"))
        except ValueError as error:  # an index written by another version of the platform
            message = _("The search index in %(dir)s was built by another version: run `%(command)s`.")
            raise Conflict(message % {"dir": directory, "command": "ipharbour matching rebuild"}) from error
        self.vectors = VectorIndex(directory / "vectors.hnsw").load()
        self.store = DocStore(directory).load()
        self.generation = _generation(directory)

    def searcher(self) -> tantivy.Searcher:
        return self.text.searcher()


def _generation(directory: Path) -> int:
    try:
        return int(json.loads((directory / "manifest.json").read_text())["generation"])
    except (FileNotFoundError, KeyError, ValueError):
        return 0


def _document(doc: Document, text: str) -> tantivy.Document:
    document = tantivy.Document()
    document.add_unsigned("id", doc.id)
    document.add_text("text", text)
    document.add_unsigned("newest", newest_key(doc.published, doc.id))
    for token in facets(doc.attributes):
        document.add_text("facets", token)
    for token in doc.registry_facets:
        document.add_text("registry", token)
    return document


def _vectors_in_order(ns: _Namespace, ids: list[int]) -> np.ndarray:
    """Vectors for a compaction of the store: the stored rows, and the HNSW index for recent changes."""
    found = ns.store.vectors_for(ids)
    found.update(ns.vectors.vectors([i for i in ids if i not in found]))
    return np.vstack([found[i] for i in ids]) if ids else np.zeros((0, ns.vectors.dimensions), np.float32)


class EmbeddedBackend(Backend):
    name = "embedded"
    orders_newest = True

    def __init__(self, root: Path):
        self.root = root
        self._loaded: dict[str, _Namespace] = {}
        self._guard = threading.Lock()
        self._counts = KeptCounts()

    # ---- reading -------------------------------------------------------------------------------------

    def _ns(self, namespace: str) -> _Namespace:
        directory = self.root / namespace
        with self._guard:
            loaded = self._loaded.get(namespace)
            if loaded is None or loaded.generation != _generation(directory):
                loaded = self._loaded[namespace] = _Namespace(directory)
            return loaded

    def _query(self, ns: _Namespace, terms: list[str]) -> tantivy.Query:
        should = tantivy.Occur.Should
        return tantivy.Query.boolean_query(
            [(should, tantivy.Query.term_query(ns.schema, "text", term)) for term in terms]
        )

    def lexical_search(
        self, namespace: str, terms: list[str], k: int, facets: list[str] | None = None
    ) -> list[tuple[int, float]]:
        if not terms:
            return []
        ns = self._ns(namespace)
        searcher = ns.searcher()
        terms = self._selective(searcher, terms, 10 if facets else 2)
        query = self._query(ns, terms)
        if facets:
            should = tantivy.Occur.Should
            wanted = tantivy.Query.boolean_query(
                [(should, tantivy.Query.term_query(ns.schema, "facets", f)) for f in facets]
            )
            must = tantivy.Occur.Must
            query = tantivy.Query.boolean_query(
                [(must, query), (must, tantivy.Query.const_score_query(wanted, 0.0))]
            )
        hits = searcher.search(query, k, count=False).hits
        ids = searcher.fast_field_values("id", [address for _score, address in hits])
        return [(int(i or 0), float(score)) for (score, _a), i in zip(hits, ids, strict=True)]

    @staticmethod
    def _selective(searcher: tantivy.Searcher, terms: list[str], fraction: int) -> list[str]:
        """The terms worth searching for candidates: a word in more than 1/fraction of the documents costs
        much and, with its low IDF, ranks almost nothing (in half the documents: IDF < 0.7, where a
        distinctive word has 7 or more). Candidates' scores are recomputed with every term."""
        ceiling = max(1, searcher.num_docs // fraction)
        frequency = {term: searcher.doc_freq("text", term) for term in terms}
        selective = [term for term in terms if 0 < frequency[term] <= ceiling]
        return selective or sorted((t for t in terms if frequency[t]), key=frequency.__getitem__)[:2]

    def lexical_scores(self, namespace: str, terms: list[str], ids: list[int]) -> dict[int, float]:
        if not terms or not ids:
            return {}
        ns = self._ns(namespace)
        # The id set leads the conjunction; the words only score the documents it lets through.
        only = tantivy.Query.const_score_query(tantivy.Query.term_set_query(ns.schema, "id", ids), 0.0)
        should = tantivy.Occur.Should
        words = [(should, tantivy.Query.term_query(ns.schema, "text", term)) for term in terms]
        query = tantivy.Query.boolean_query([(tantivy.Occur.Must, only), *words])
        searcher = ns.searcher()
        hits = searcher.search(query, len(ids), count=False).hits
        found = searcher.fast_field_values("id", [address for _score, address in hits])
        return {int(i or 0): float(score) for (score, _a), i in zip(hits, found, strict=True) if score > 0}

    def dense_search(self, namespace: str, vector: np.ndarray, k: int) -> list[tuple[int, float]]:
        return self._ns(namespace).vectors.search(vector, k)

    def fetch(self, namespace: str, ids: list[int], vectors_for: set[int] | None = None) -> dict[int, Stored]:
        ns = self._ns(namespace)
        wanted = ids if vectors_for is None else [i for i in ids if i in vectors_for]
        asked = set(wanted)
        vectors = ns.store.vectors_for(wanted)
        rest = [i for i in wanted if i not in vectors]
        if rest:
            vectors.update(ns.vectors.vectors(rest))
        records = ns.store.get_many(ids)
        return {
            doc_id: Stored(number, attributes, vectors.get(doc_id))
            for doc_id, (number, attributes) in records.items()
            if doc_id in vectors or doc_id not in asked
        }

    def count(self, namespace: str) -> int:
        return self._ns(namespace).vectors.count()

    FACET_BUCKETS = 10_000  # more than the distinct values of every registry facet together

    @staticmethod
    def _registry_query(ns: _Namespace, required: list[str], ids: list[int] | None) -> tantivy.Query:
        must = tantivy.Occur.Must
        clauses = [(must, tantivy.Query.term_query(ns.schema, "registry", token)) for token in required]
        if ids is not None:
            clauses.append((must, tantivy.Query.term_set_query(ns.schema, "id", ids)))
        return tantivy.Query.boolean_query(clauses) if clauses else tantivy.Query.all_query()

    def newest(
        self, namespace: str, required: list[str], ids: list[int] | None, offset: int, limit: int
    ) -> list[tuple[int, int]] | None:
        ns = self._ns(namespace)  # raises Conflict for an index of an earlier version
        if limit <= 0:  # only asked whether it can order
            return []
        searcher = ns.searcher()
        query = self._registry_query(ns, required, ids)
        hits = searcher.search(
            query, limit, count=False, order_by_field="newest", offset=offset, order=tantivy.Order.Desc
        ).hits
        found = searcher.fast_field_values("id", [address for _key, address in hits])
        return [(int(i or 0), int(key)) for (key, _a), i in zip(hits, found, strict=True)]

    def facet_counts(
        self, namespace: str, required: list[str], ids: list[int] | None = None
    ) -> FacetCounts | None:
        ns = self._ns(namespace)
        # Without ids (a search without words) the counts are kept per index generation: a write to the
        # index (a new generation) drops them.
        key = KeptCounts.key(namespace, ns.generation, required) if ids is None else None
        kept = self._counts.get(key) if key is not None else None
        if kept is not None:
            return kept
        query = self._registry_query(ns, required, ids)
        spec = {
            "values": {"terms": {"field": "registry", "size": self.FACET_BUCKETS}},
            "total": {"value_count": {"field": "id"}},  # the documents found, in the same pass
        }
        found = ns.searcher().aggregate(query, spec)
        buckets = found["values"]["buckets"]
        counted = int(found["total"]["value"] or 0), {str(b["key"]): int(b["doc_count"]) for b in buckets}
        if key is not None:
            self._counts.put(key, counted)
        return counted

    # ---- writing -------------------------------------------------------------------------------------

    @contextlib.contextmanager
    def _locked(self, namespace: str) -> Iterator[None]:
        """The namespace's one writer at a time, across processes: upserts and removals, and a rebuild from
        its first batch to its swap (a write made meanwhile waits, then goes into the rebuilt index, rather
        than into files the swap would replace). The lock file lives beside the namespace's directory,
        which a rebuild replaces."""
        self.root.mkdir(parents=True, exist_ok=True)
        with open(self.root / f"{namespace}.lock", "w") as lock:
            fcntl.flock(lock, fcntl.LOCK_EX)
            yield

    @contextlib.contextmanager
    def _writing(self, namespace: str) -> Iterator[_Namespace]:
        directory = self.root / namespace
        directory.mkdir(parents=True, exist_ok=True)
        with self._locked(namespace):
            ns = _Namespace(directory)
            yield ns
            ns.vectors.save()
            ns.store.save(vectors=lambda ids: _vectors_in_order(ns, ids))
            generation = ns.generation + 1
            temporary = directory / "manifest.tmp"
            temporary.write_text(json.dumps({"generation": generation, "documents": ns.vectors.count()}))
            os.replace(temporary, directory / "manifest.json")
        with self._guard:
            self._loaded.pop(namespace, None)

    def upsert(self, namespace: str, documents: list[Document], vectors: np.ndarray) -> None:
        with self._writing(namespace) as ns:
            writer = ns.text.writer(WRITER_HEAP, 1)
            keep = [row for row, doc in enumerate(documents) if doc.searchable]
            for doc in documents:
                writer.delete_documents_by_term("id", doc.id)
            for row in keep:
                doc = documents[row]
                writer.add_document(_document(doc, lexical_text(doc.text)))
                ns.store.put(doc.id, doc.number, doc.attributes)
            writer.commit()
            writer.wait_merging_threads()
            ns.vectors.add(np.array([documents[r].id for r in keep]), vectors[keep])
            ns.vectors.remove([doc.id for doc in documents if not doc.searchable])
            for doc in documents:
                if not doc.searchable:
                    ns.store.remove(doc.id)

    def remove(self, namespace: str, ids: Iterable[int]) -> None:
        ids = list(ids)
        with self._writing(namespace) as ns:
            writer = ns.text.writer(WRITER_HEAP, 1)
            for doc_id in ids:
                writer.delete_documents_by_term("id", doc_id)
                ns.store.remove(doc_id)
            writer.commit()
            writer.wait_merging_threads()
            ns.vectors.remove(ids)

    def rebuild(
        self,
        namespace: str,
        batches: Iterable[tuple[list[Document], np.ndarray]],
        *,
        capacity: int = 1024,
        threads: int = 1,
        pretokenised: bool = False,
    ) -> int:
        """Build the namespace afresh in a side directory, then swap it in (other writers wait)."""
        with self._locked(namespace):
            return self._rebuild(namespace, batches, capacity, threads, pretokenised)

    def _rebuild(
        self,
        namespace: str,
        batches: Iterable[tuple[list[Document], np.ndarray]],
        capacity: int,
        threads: int,
        pretokenised: bool,
    ) -> int:
        final = self.root / namespace
        building = self.root / f"{namespace}.building"
        shutil.rmtree(building, ignore_errors=True)
        ns = _Namespace(building)
        ns.vectors.reset(capacity)
        writer = ns.text.writer(WRITER_HEAP * 4, max(1, threads))
        records: dict[int, tuple[str, Attributes]] = {}
        kept_ids, kept_vectors = [], []
        for documents, vectors in batches:
            keep = [row for row, doc in enumerate(documents) if doc.searchable]
            for row in keep:
                doc = documents[row]
                text = doc.text if pretokenised else lexical_text(doc.text)
                writer.add_document(_document(doc, text))
                records[doc.id] = (doc.number, doc.attributes)
            ids = np.array([documents[r].id for r in keep], dtype=np.int64)
            ns.vectors.add(ids, vectors[keep], threads=threads)
            kept_ids.append(ids)
            kept_vectors.append(np.asarray(vectors[keep], dtype=np.float16))
        writer.commit()
        writer.wait_merging_threads()
        all_ids = np.concatenate(kept_ids) if kept_ids else np.zeros(0, dtype=np.int64)
        all_vectors = np.vstack(kept_vectors) if kept_vectors else np.zeros((0, ns.vectors.dimensions))
        # Later batches win for a repeated id, as they do in the HNSW index.
        _unique, last = np.unique(all_ids[::-1], return_index=True)
        rows = len(all_ids) - 1 - last  # rows of each id's last occurrence, in id order
        ns.store.replace_all(records, vectors=lambda _order: all_vectors[rows])
        ns.store.save()
        ns.vectors.save()
        total = len(records)
        generation = _generation(final) + 1
        (building / "manifest.json").write_text(json.dumps({"generation": generation, "documents": total}))
        self._swap(final, building)
        return total

    def _swap(self, final: Path, building: Path) -> None:
        old = final.with_name(final.name + ".old")
        shutil.rmtree(old, ignore_errors=True)
        if final.exists():
            os.replace(final, old)
        os.replace(building, final)
        shutil.rmtree(old, ignore_errors=True)
        with self._guard:
            self._loaded.pop(final.name, None)
