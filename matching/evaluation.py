"""Quality of the matching engine on real patents, with relevance from the examiners' classification.

The corpus is the USPTO pharma/chemistry extract in ../shared/data; needs are hand-written in English,
Traditional and Simplified Chinese (evaluation_topics.py). For every need the candidate pool is retrieved
once (top 100 by BM25 ∪ top 100 by the encoder), then ranked by each signal alone and by fusions, so the
ablation compares like with like. Weights are tuned on the dev half of the needs and reported on the
other half. Metrics: nDCG@10 (binary relevance) and recall@20 = relevant in the top 20 / min(20, relevant).
"""

import gzip
import hashlib
import json
import math
import random
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
from django.conf import settings

from matching.attributes import Attributes, Filters, indications_from_classes, modality_from_classes
from matching.backends.embedded import EmbeddedBackend
from matching.documents import Document
from matching.encoder import MODEL_NAME, document_text, encode, from_bytes, to_bytes
from matching.engine import candidates
from matching.evaluation_topics import FRANCHISES, GENERIC_NEEDS, TOPICS
from matching.scoring import Buyer, Candidate, Query, Weights, ranking
from matching.text import query_terms, tokens

LANGUAGES = ("en", "zh-hant", "zh-hans")
NAMESPACE = "evaluation"


def DEFAULT_DATA() -> Path:
    return settings.SHARED_DATA_DIR / "patents" / "uspto_chem_pharma_2025H1.jsonl.gz"


@dataclass
class Corpus:
    documents: list[Document]
    codes: list[set[str]]
    vectors: np.ndarray


def _codes(record: dict) -> list[str]:
    return [c.replace(" ", "").upper() for c in record.get("cpc_classes", []) + record.get("ipc_classes", [])]


def _document(row: int, record: dict) -> Document:
    publication = record["publication"]
    codes = _codes(record)
    names = " ".join(
        p.get("organization") or "" for p in record.get("applicants", []) + record.get("assignees", [])
    )
    return Document(
        id=row,
        number=f"{publication['country']}{publication['doc_number']}{publication['kind']}",
        title=record.get("title", ""),
        text=f"{record.get('title', '')} {record.get('abstract', '')} {names}",
        embed_text=document_text(record.get("title", ""), record.get("abstract", "")),
        attributes=Attributes(
            jurisdiction=publication["country"],
            modality=modality_from_classes(codes),
            indications=indications_from_classes(codes),
            derived=True,
        ),
    )


def load_corpus(path: Path, log: Callable[[str], None] = print) -> Corpus:
    with gzip.open(path, "rt", encoding="utf-8") as handle:
        records = [json.loads(line) for line in handle if line.strip()]
    documents = [_document(row, record) for row, record in enumerate(records)]
    codes = [set(_codes(record)) for record in records]
    return Corpus(documents, codes, _cached_vectors(path, documents, log))


def _cached_vectors(path: Path, documents: list[Document], log: Callable[[str], None]) -> np.ndarray:
    digest = hashlib.sha256((MODEL_NAME + str(path.stat().st_size) + path.name).encode()).hexdigest()[:16]
    cache = settings.DATA_DIR / "cache" / f"matching-evaluation-{digest}.npy"
    if cache.exists():
        return np.load(cache)
    started = time.perf_counter()
    vectors = encode([d.embed_text for d in documents])
    log(f"encoded {len(documents)} documents in {time.perf_counter() - started:.1f} s")
    vectors = np.vstack([from_bytes(to_bytes(v)) for v in vectors])  # as stored in the database
    cache.parent.mkdir(parents=True, exist_ok=True)
    np.save(cache, vectors)
    return vectors


def relevant(corpus: Corpus, prefixes: tuple[str, ...]) -> set[int]:
    return {row for row, codes in enumerate(corpus.codes) if any(c.startswith(prefixes) for c in codes)}


def ndcg_at(ranking: list[int], wanted: set[int], k: int = 10) -> float:
    gain = sum(1.0 / math.log2(i + 2) for i, doc in enumerate(ranking[:k]) if doc in wanted)
    ideal = sum(1.0 / math.log2(i + 2) for i in range(min(k, len(wanted))))
    return gain / ideal if ideal else 0.0


def recall_at(ranking: list[int], wanted: set[int], k: int = 20) -> float:
    return len(set(ranking[:k]) & wanted) / min(k, len(wanted)) if wanted else 0.0


@dataclass
class Case:
    topic: str
    language: str
    split: str
    query: Query
    pool: list[Candidate]
    wanted: set[int]


def order(pool: list[Candidate], query: Query, weights: Weights) -> list[int]:
    return ranking(pool, query, weights)


def ranker(weights: Weights) -> Callable[[Any], list[int]]:
    def rank(case: Any) -> list[int]:
        return order(case.pool, case.query, weights)

    return rank


def rrf(pool: list[Candidate], k: int = 60) -> list[int]:
    by_lexical = sorted((c for c in pool if c.lexical > 0), key=lambda c: -c.lexical)
    by_semantic = sorted(pool, key=lambda c: -c.semantic)
    score: dict[int, float] = {}
    for ordered in (by_lexical, by_semantic):
        for place, candidate in enumerate(ordered):
            score[candidate.id] = score.get(candidate.id, 0.0) + 1.0 / (k + place + 1)
    return sorted(score, key=lambda i: (-score[i], i))


def build_cases(
    backend: EmbeddedBackend, corpus: Corpus, *, filters: bool, glossary: bool = True
) -> list[Case]:
    texts = [text for _k, _p, *texts, _f in TOPICS for text in texts]
    vectors = encode(texts)
    cases, row = [], 0
    for index, (key, prefixes, *_texts, topic_filters) in enumerate(TOPICS):
        wanted = relevant(corpus, prefixes)
        for language in LANGUAGES:
            text = texts[row]
            terms = query_terms(text) if glossary else list(dict.fromkeys(tokens(text)))
            query = Query(vectors[row], terms, Filters.of(topic_filters if filters else None))
            pool = candidates(backend, NAMESPACE, query)
            cases.append(Case(key, language, "dev" if index % 2 == 0 else "test", query, pool, wanted))
            row += 1
    return cases


def mean_metrics(cases: list, rank: Callable[[Any], list[int]]) -> tuple[float, float]:
    if not cases:
        return 0.0, 0.0
    rankings = [(rank(c), c.wanted) for c in cases]
    return (
        float(np.mean([ndcg_at(r, w) for r, w in rankings])),
        float(np.mean([recall_at(r, w) for r, w in rankings])),
    )


def tune(cases: list[Case]) -> Weights:
    """Grid search of the lexical weight on the dev cases; semantic is fixed at 1 (only ratios matter)."""
    best, best_score = Weights(1.0, 0.0, 0.0, 0.0), -1.0
    dev = [c for c in cases if c.split == "dev"]
    for lexical in [0.0, 0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.8, 1.0, 1.25, 1.5, 2.0]:
        weights = Weights(1.0, lexical, 0.0, 0.0)
        score = mean_metrics(dev, ranker(weights))[0]
        if score > best_score + 1e-9:
            best, best_score = weights, score
    return best


# ---- buyer fit -------------------------------------------------------------------------------------------


@dataclass
class BuyerCase:
    franchise: str
    split: str
    query: Query
    pool: list[Candidate]
    wanted: set[int]


def _buyer(
    corpus: Corpus, name: str, portfolio: list[int], franchise: tuple[str, np.ndarray], indications: bool
) -> Buyer:
    text, franchise_vector = franchise
    centroid = corpus.vectors[portfolio].mean(axis=0)
    centroid /= np.linalg.norm(centroid)
    vector = centroid + franchise_vector
    codes = [indications_from_classes(sorted(corpus.codes[row])) for row in portfolio]
    counts: dict[str, int] = {}
    for found in codes:
        for code in found:
            counts[code] = counts.get(code, 0) + 1
    usual = (
        frozenset(c for c, n in counts.items() if n >= 0.2 * len(portfolio)) if indications else frozenset()
    )
    unit = (vector / np.linalg.norm(vector)).astype(np.float32)
    return Buyer(
        name, unit, usual, len(portfolio), corpus.vectors[portfolio], franchise_vector, query_terms(text)
    )


def build_buyer_cases(backend: EmbeddedBackend, corpus: Corpus, *, indications: bool) -> list[BuyerCase]:
    generator = random.Random(20250101)
    franchise_vectors = encode([text for _k, _p, text in FRANCHISES])
    need_vectors = encode([text for _k, _p, text in GENERIC_NEEDS])
    cases = []
    for index, (name, prefixes, franchise) in enumerate(FRANCHISES):
        area = sorted(relevant(corpus, prefixes))
        portfolio = generator.sample(area, 8)
        buyer = _buyer(corpus, name, portfolio, (franchise, franchise_vectors[index]), indications)
        for (_need, need_prefixes, text), vector in zip(GENERIC_NEEDS, need_vectors, strict=True):
            wanted = (relevant(corpus, need_prefixes) & set(area)) - set(portfolio)
            query = Query(vector, query_terms(text), Filters(), buyer)
            pool = candidates(backend, NAMESPACE, query, exclude=portfolio)
            cases.append(BuyerCase(name, "dev" if index % 2 == 0 else "test", query, pool, wanted))
    return cases


def build_guard_cases(backend: EmbeddedBackend, corpus: Corpus) -> list[Case]:
    """Specific needs (English) asked by a buyer of some franchise: buyer fit must not drown the need."""
    generator = random.Random(20250102)
    franchise_vectors = encode([text for _k, _p, text in FRANCHISES])
    buyers = []
    for index, (name, prefixes, franchise) in enumerate(FRANCHISES):
        portfolio = generator.sample(sorted(relevant(corpus, prefixes)), 8)
        buyers.append(_buyer(corpus, name, portfolio, (franchise, franchise_vectors[index]), True))
    vectors = encode([english for _k, _p, english, *_rest in TOPICS])
    cases = []
    for index, ((key, prefixes, english, *_rest), vector) in enumerate(zip(TOPICS, vectors, strict=True)):
        query = Query(vector, query_terms(english), Filters(), buyers[index % len(buyers)])
        pool = candidates(backend, NAMESPACE, query)
        cases.append(
            Case(key, "en", "dev" if index % 2 == 0 else "test", query, pool, relevant(corpus, prefixes))
        )
    return cases


GUARD = 0.95  # a buyer may cost a specific need at most 5 % of its nDCG@10


def tune_buyer(cases: list[BuyerCase], base: Weights, guard: list[Case]) -> Weights:
    dev = [c for c in cases if c.split == "dev"]
    guard_dev = [c for c in guard if c.split == "dev"]
    floor = GUARD * mean_metrics(guard_dev, ranker(base))[0]
    best, best_score = base, -1.0
    for weight in [0.0, 0.25, 0.5, 0.75, 1.0, 1.5, 2.0, 2.5, 3.0, 4.0, 5.0, 6.0]:
        weights = Weights(base.semantic, base.lexical, base.structured, weight)
        if mean_metrics(guard_dev, ranker(weights))[0] < floor:
            continue
        score = mean_metrics(dev, ranker(weights))[0]
        if score > best_score + 1e-9:
            best, best_score = weights, score
    return best
