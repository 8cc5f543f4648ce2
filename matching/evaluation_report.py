"""The evaluation run: ablation tables for docs/benchmarks.md and, when tuning, new weights.json."""

import datetime
import json
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from matching.backends.embedded import EmbeddedBackend
from matching.evaluation import (
    LANGUAGES,
    NAMESPACE,
    build_buyer_cases,
    build_cases,
    build_guard_cases,
    load_corpus,
    mean_metrics,
    ranker,
    rrf,
    tune,
    tune_buyer,
)
from matching.evaluation_topics import TOPICS
from matching.scoring import WEIGHTS_FILE, Weights, published_weights


def _cells(cases, rank) -> list[str]:
    cells = []
    for language in LANGUAGES:
        ndcg, _recall = mean_metrics([c for c in cases if c.language == language and c.split == "test"], rank)
        cells.append(f"{ndcg:.3f}")
    for split in ("test", None):
        chosen = [c for c in cases if split is None or c.split == split]
        ndcg, recall = mean_metrics(chosen, rank)
        cells += [f"{ndcg:.3f}", f"{recall:.3f}"]
    return cells


HEADERS = [
    "ranking",
    "nDCG@10 en (test)",
    "zh-hant (test)",
    "zh-hans (test)",
    "nDCG@10 test",
    "recall@20 test",
    "nDCG@10 all",
    "recall@20 all",
]


def run_evaluation(path, *, tune_weights: bool = False, write: bool = False, log: Callable = print) -> str:
    from benchmarks.report import table, write_section

    started = time.perf_counter()
    corpus = load_corpus(Path(path), log)
    with tempfile.TemporaryDirectory(prefix="matching-eval-") as root:
        backend = EmbeddedBackend(Path(root))
        backend.rebuild(NAMESPACE, [(corpus.documents, corpus.vectors)])
        plain = build_cases(backend, corpus, filters=False)
        bare = build_cases(backend, corpus, filters=False, glossary=False)
        filtered = build_cases(backend, corpus, filters=True)
        buyer_full = build_buyer_cases(backend, corpus, indications=True)
        buyer_closeness = build_buyer_cases(backend, corpus, indications=False)
        guard = build_guard_cases(backend, corpus)
    shipped = published_weights()
    hybrid = tune(plain) if tune_weights else shipped
    # The structured weight is set, not tuned: this corpus's attributes come from the relevance labels, so
    # tuning would raise it until it acts as a filter (which `strict` is for). See docs/matching.md.
    with_structured = Weights(hybrid.semantic, hybrid.lexical, shipped.structured, 0.0)
    base = Weights(hybrid.semantic, hybrid.lexical, with_structured.structured, 0.0)
    buyer = tune_buyer(buyer_full, base, guard) if tune_weights else shipped

    by = ranker
    rows = [
        ["semantic only (encoder)", *_cells(plain, by(Weights(1, 0, 0, 0)))],
        ["lexical only (BM25, glossary)", *_cells(plain, by(Weights(0, 1, 0, 0)))],
        ["lexical only (BM25, no glossary)", *_cells(bare, by(Weights(0, 1, 0, 0)))],
        ["RRF(semantic, lexical), k=60", *_cells(plain, lambda c: rrf(c.pool))],
        [f"**hybrid** semantic + {hybrid.lexical:g}·lexical", *_cells(plain, by(hybrid))],
        ["structured only (with filters)", *_cells(filtered, by(Weights(0, 0, 1, 0)))],
        [
            f"hybrid + {with_structured.structured:g}·structured (with filters, upper bound)",
            *_cells(filtered, by(Weights(1, with_structured.lexical, with_structured.structured, 0))),
        ],
    ]
    buyer_rows = _buyer_rows(buyer_full, buyer_closeness, base, buyer.buyer)
    for label, weights in [("specific English needs, no buyer", base), ("… asked by a buyer (guard)", buyer)]:
        cells = []
        for split in ("test", None):
            chosen = [c for c in guard if split is None or c.split == split]
            cells += [f"{value:.3f}" for value in mean_metrics(chosen, ranker(weights))]
        buyer_rows.append([label, *cells])
    elapsed = time.perf_counter() - started
    body = _body(corpus, rows, buyer_rows, hybrid, with_structured, buyer, elapsed, table)
    if write:
        write_section("matching-quality", "Matching quality (real patents, CPC/IPC relevance)", body)
        if tune_weights:
            _write_weights(hybrid.lexical, with_structured.structured, buyer.buyer)
    return body


def _buyer_rows(full, closeness, base: Weights, weight: float) -> list[list[str]]:
    rows = []
    for label, cases, w in [
        ("need text only (no buyer)", full, 0.0),
        (f"+ {weight:g}·buyer fit from portfolio and franchise text only", closeness, weight),
        (f"+ {weight:g}·buyer fit, text + franchise indications (upper bound)", full, weight),
    ]:
        weights = Weights(base.semantic, base.lexical, 0.0, w)
        cells = []
        for split in ("test", None):
            chosen = [c for c in cases if split is None or c.split == split]
            ndcg, recall = mean_metrics(chosen, ranker(weights))
            cells += [f"{ndcg:.3f}", f"{recall:.3f}"]
        rows.append([label, *cells])
    return rows


def _body(corpus, rows, buyer_rows, hybrid, with_structured, buyer, elapsed, table) -> str:
    return "\n\n".join(
        [
            f"Corpus: {len(corpus.documents)} US pharma/chemistry patents (../shared/data, 2025 H1); "
            f"{len(TOPICS)} needs × 3 languages (English, 繁體, 简体), hand-written; a patent is "
            "relevant when one of its CPC/IPC codes starts with the need's class prefix. Needs alternate "
            "between a dev half (weights tuned there) and a test half. Candidates: top 100 BM25 ∪ top 100 "
            "encoder per need (plus the criteria and buyer passes of docs/matching.md), then ranked by each "
            "signal alone and fused. "
            "`python manage.py matching evaluate --tune --write`.",
            table(HEADERS, rows),
            "Structured attributes of this corpus (modality, indication) are derived from the same "
            "classification that defines relevance, so the rows with filters are an upper bound, not a "
            "claim; for the same reason the structured weight is set by design (a full fit is worth about a "
            "third of the best semantic match), not tuned.",
            "**Buyer-specific fit.** Eight simulated buyers, each with a franchise (an A61P area) described "
            "in one line and a portfolio of 8 of its patents (excluded from results); five generic needs "
            '("therapeutic antibodies for in-licensing" …). Relevant: in the need\'s class *and* the '
            "buyer's area. Dev/test split by buyer. The buyer weight is the best on dev that costs specific "
            "needs (each asked by one of these buyers) at most 5 % of their nDCG@10: the last two rows.",
            table(["ranking", "nDCG@10 test", "recall@20 test", "nDCG@10 all", "recall@20 all"], buyer_rows),
            f"Weights in use: semantic {hybrid.semantic:g}, lexical {hybrid.lexical:g}, structured "
            f"{with_structured.structured:g}, buyer {buyer.buyer:g} (matching/weights.json). Run time "
            f"{elapsed:.0f} s.",
        ]
    )


def _write_weights(lexical: float, structured: float, buyer: float) -> None:
    today = datetime.date.today().isoformat()
    data = {
        "semantic": 1.0,
        "lexical": lexical,
        "structured": structured,
        "buyer": buyer,
        "source": f"lexical and buyer tuned on the dev half of the evaluation needs ({today}), structured "
        "set by design; see docs/matching.md and docs/benchmarks.md",
    }
    WEIGHTS_FILE.write_text(json.dumps(data, indent=2) + "\n")
    published_weights.cache_clear()
