"""Retrieval and re-ranking: candidates from full-text and nearest-neighbour search, fused and explained."""

from collections.abc import Iterable

import numpy as np

from matching.backends.base import Backend, Stored
from matching.scoring import Candidate, Hit, Query, Weights, fuse, strict_pass

# Candidates taken from each retriever before fusion: deep enough that the fused top 20 is (nearly)
# always inside the union (recall against exhaustive scoring in benchmarks/bench_matching.py).
LEXICAL_DEPTH = 100
DENSE_DEPTH = 100


def _retrieve(
    backend: Backend, namespace: str, query: Query, depth: int | None = None
) -> tuple[dict, dict, set[int]]:
    """Full-text scores, cosines, and further ids worth scoring (criteria and buyer legs); `depth` full-text
    candidates instead of LEXICAL_DEPTH when given."""
    lexical = dict(backend.lexical_search(namespace, query.terms, depth or LEXICAL_DEPTH))
    dense = dict(backend.dense_search(namespace, query.vector, DENSE_DEPTH))
    extra: set[int] = set()
    if not query.filters.empty:
        # Documents that fit the criteria but sit just below either top 100 win once the structured fit
        # is added: take the best full-text matches among the documents that fit, too (as candidates only:
        # a backend may rank this pass with part of the terms, so full scores are computed below).
        fitting = backend.lexical_search(namespace, query.terms, LEXICAL_DEPTH, facets=query.filters.facets())
        extra.update(doc_id for doc_id, _score in fitting if doc_id not in lexical)
    buyer = query.buyer
    if buyer is not None and buyer.vector is not None:
        # Let the buyer's franchise bring candidates of its own, not only re-order the need's.
        blend = query.vector + buyer.vector
        extra.update(
            i for i, _s in backend.dense_search(namespace, blend / np.linalg.norm(blend), DENSE_DEPTH)
        )
    if buyer is not None and buyer.terms:
        extra.update(
            i for i, _s in backend.lexical_search(namespace, query.terms + buyer.terms, LEXICAL_DEPTH)
        )
    return lexical, dense, extra


def _cosines(ids: list[int], stored: dict[int, Stored], dense: dict, vector: np.ndarray) -> dict[int, float]:
    # The nearest-neighbour search already returned exact cosines for its hits.
    cosines = {i: dense[i] for i in ids if i in dense}
    rest = {i: v for i in ids if i not in dense and (v := stored[i].vector) is not None}
    if rest:
        values = np.vstack(list(rest.values())) @ np.asarray(vector, dtype=np.float32)
        cosines.update(zip(rest, map(float, values), strict=True))
    return cosines


def candidates(
    backend: Backend,
    namespace: str,
    query: Query,
    exclude: Iterable[int] = (),
    include: Iterable[int] = (),
    depth: int | None = None,
) -> list[Candidate]:
    """The retrieved candidates, scored; `include` adds ids to score whatever their rank (a search box's
    filtered set, so that a filter does not only narrow the unfiltered best); `depth` takes that many
    full-text candidates (a search box ranking a common word's matches for every filter)."""
    lexical, dense, extra = _retrieve(backend, namespace, query, depth)
    extra.update(include)
    excluded = set(exclude)
    ids = [i for i in dict.fromkeys([*lexical, *dense, *sorted(extra)]) if i not in excluded]
    missing = [i for i in ids if i not in lexical]
    if missing:
        lexical.update(backend.lexical_scores(namespace, query.terms, missing))
    buyer = query.buyer
    need_vectors = set(ids) if buyer is not None else {i for i in ids if i not in dense}
    stored = backend.fetch(namespace, ids, vectors_for=need_vectors)
    found = [i for i in ids if i in stored]
    cosines = _cosines(found, stored, dense, query.vector)
    words = backend.lexical_scores(namespace, buyer.terms, found) if buyer is not None and buyer.terms else {}
    return [
        Candidate(
            i,
            stored[i].number,
            stored[i].attributes,
            stored[i].vector,
            lexical.get(i, 0.0),
            cosines.get(i, 0.0),
            words.get(i, 0.0),
        )
        for i in found
    ]


def rank(
    backend: Backend,
    namespace: str,
    query: Query,
    weights: Weights,
    *,
    top: int = 20,
    exclude: Iterable[int] = (),
) -> list[Hit]:
    """The best `top` hits for the query, best first (ties broken by id for a stable order)."""
    pool = [c for c in candidates(backend, namespace, query, exclude) if strict_pass(c, query.filters)]
    return fuse(pool, query, weights, top)
