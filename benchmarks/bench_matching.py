"""Matching benchmark: top-20 hybrid matches over 1,000,000 documents on the embedded backend.

Targets (DESIGN.md): p95 ≤ 20 ms per need including re-ranking and explanations, recall@20 ≥ 0.95 against
exhaustive scoring with the same fusion; embeddings ≥ 150 documents/s on CPU (title + abstract).

The corpus is synthetic (speed does not depend on meaning): 1,000 topics, each with its own words (drawn
Zipf-like from a 50,000-word vocabulary) and its own region of the 512-dimensional embedding space, so
that words and vectors agree as they do on real patents. The built index is cached under
var/bench/matching-<N>/ and reused while its manifest matches; IPHARBOUR_BENCH_MATCHING_N sets N.

    python -m benchmarks.bench_matching
"""

import os
import resource
import shutil
import time
from pathlib import Path

import numpy as np

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "ipharbour.settings")
import django

django.setup()

from benchmarks.report import table, write_section  # noqa: E402
from matching.attributes import Attributes, Filters, structured_fit  # noqa: E402
from matching.backends.embedded import EmbeddedBackend  # noqa: E402
from matching.documents import Document  # noqa: E402
from matching.encoder import DIMENSIONS, document_text, encode, encode_one  # noqa: E402
from matching.engine import candidates, rank  # noqa: E402
from matching.scoring import Query, published_weights  # noqa: E402

N = int(os.environ.get("IPHARBOUR_BENCH_MATCHING_N", "1000000"))
TOPICS, VOCABULARY, LATENT = 1000, 50_000, 48
QUERIES, EXACT_QUERIES = 300, 40
ROOT = Path(os.environ.get("IPHARBOUR_DATA_DIR", Path(__file__).resolve().parent.parent / "var" / "bench"))
MODALITIES = [
    "small_molecule",
    "antibody",
    "adc",
    "cell_therapy",
    "gene_therapy",
    "rna",
    "vaccine",
    "tcm_formula",
]
INDICATIONS = [
    "nsclc",
    "breast",
    "gastric",
    "hcc",
    "aml",
    "lymphoma",
    "respiratory",
    "metabolic",
    "neurology",
]
CHUNK = 50_000


class Space:
    """Deterministic synthetic corpus: every chunk can be regenerated from the seed alone.

    Vectors mix a direction shared by all documents, one of 50 fields, one of 1,000 topics, a 48-dimension
    latent part and noise, in proportions calibrated so that their cosine statistics match those of the
    real patents' embeddings (reported with the results): an isotropic cloud would make nearest-neighbour
    search far harder than real text does.
    """

    def __init__(self) -> None:
        rng = np.random.default_rng(7)
        scale = 1 / np.sqrt(DIMENSIONS)
        shared = rng.standard_normal(DIMENSIONS).astype(np.float32)
        self.shared = shared / np.linalg.norm(shared)
        fields = rng.standard_normal((50, DIMENSIONS)).astype(np.float32) * scale
        topics = rng.standard_normal((TOPICS, DIMENSIONS)).astype(np.float32) * scale
        self.centroids = 0.55 * self.shared + 0.6 * fields[rng.integers(0, 50, TOPICS)] + 0.5 * topics
        self.basis = rng.standard_normal((LATENT, DIMENSIONS)).astype(np.float32) / np.sqrt(LATENT) * scale
        self.topic_words = rng.integers(0, VOCABULARY, size=(TOPICS, 40))
        weights = 1.0 / np.arange(1, VOCABULARY + 1)
        self.zipf = weights / weights.sum()

    def _vectors(self, rng: np.random.Generator, topics: np.ndarray) -> np.ndarray:
        latent = rng.standard_normal((len(topics), LATENT)).astype(np.float32) @ self.basis
        noise = rng.standard_normal((len(topics), DIMENSIONS)).astype(np.float32) / np.sqrt(DIMENSIONS)
        vectors = self.centroids[topics] + 0.6 * latent + 0.3 * noise
        return (vectors / np.linalg.norm(vectors, axis=1, keepdims=True)).astype(np.float32)

    def chunk(self, start: int, size: int):
        rng = np.random.default_rng(1000 + start)
        topics = rng.integers(0, TOPICS, size=size)
        vectors = self._vectors(rng, topics)
        general = rng.choice(VOCABULARY, size=(size, 60), p=self.zipf)
        specific = self.topic_words[topics[:, None], rng.integers(0, 40, size=(size, 20))]
        modality = rng.integers(0, len(MODALITIES), size=size)
        indication = rng.integers(0, len(INDICATIONS), size=size)
        return topics, vectors, np.hstack([general, specific]), modality, indication

    def documents(self, start: int, size: int):
        _topics, vectors, words, modality, indication = self.chunk(start, size)
        documents = [
            Document(
                id=start + row + 1,
                number=f"SYN{start + row + 1:08d}",
                title="",
                text=" ".join(f"w{w}" for w in words[row]),
                embed_text="",
                attributes=Attributes(
                    jurisdiction="CN" if row % 3 else "US",
                    modality=MODALITIES[modality[row]],
                    indications=frozenset([INDICATIONS[indication[row]]]),
                    derived=True,
                ),
            )
            for row in range(size)
        ]
        return documents, vectors

    def query(self, rng: np.random.Generator) -> tuple[np.ndarray, list[str], Filters]:
        topic = int(rng.integers(0, TOPICS))
        vector = self._vectors(rng, np.array([topic]))[0]
        words = [f"w{w}" for w in rng.choice(self.topic_words[topic], size=5, replace=False)]
        words += [f"w{w}" for w in rng.choice(VOCABULARY, size=2, p=self.zipf)]
        filters = Filters(
            modalities=frozenset([MODALITIES[int(rng.integers(0, len(MODALITIES)))]]),
            indications=frozenset([INDICATIONS[int(rng.integers(0, len(INDICATIONS)))]]),
        )
        return vector, words, filters


def cosine_statistics(vectors: np.ndarray) -> str:
    """Mean cosine of all pairs, and mean cosine of each document to its nearest neighbour."""
    similarities = vectors @ vectors.T
    np.fill_diagonal(similarities, np.nan)
    return f"{np.nanmean(similarities):.2f} / {np.nanmax(similarities, axis=1).mean():.2f}"


def _rss_mb() -> float:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def _disk_mb(path: Path) -> float:
    return sum(f.stat().st_size for f in path.rglob("*") if f.is_file()) / 2**20


def build(space: Space, root: Path) -> tuple[EmbeddedBackend, float | None]:
    backend = EmbeddedBackend(root)
    manifest = root / "bench" / "manifest.json"
    if manifest.exists() and f'"documents": {N}' in manifest.read_text():
        return backend, None
    shutil.rmtree(root, ignore_errors=True)
    started = time.perf_counter()
    batches = (space.documents(start, min(CHUNK, N - start)) for start in range(0, N, CHUNK))
    backend.rebuild("bench", batches, capacity=N, threads=2, pretokenised=True)
    seconds = time.perf_counter() - started
    (root / "build-seconds.txt").write_text(f"{seconds:.1f}")
    return backend, seconds


def percentile(values: list[float], q: float) -> float:
    return float(np.percentile(np.asarray(values) * 1000, q))


def measure_latency(backend: EmbeddedBackend, space: Space) -> tuple[list[float], list]:
    weights = published_weights()
    rng = np.random.default_rng(99)
    timings, runs = [], []
    for number in range(QUERIES + 20):
        vector, words, filters = space.query(rng)
        query = Query(vector, words, filters if number % 2 else Filters())
        started = time.perf_counter()
        hits = rank(backend, "bench", query, weights, top=20)
        payload = [hit.as_dict() for hit in hits]  # explanations rendered, as the API would
        elapsed = time.perf_counter() - started
        if number >= 20:  # the first ones warm caches
            timings.append(elapsed)
            runs.append((query, [h.id for h in hits]))
        assert payload
    return timings, runs


def exact_top(space: Space, backend: EmbeddedBackend, runs: list) -> list[float]:
    """Recall@20 of the served top 20 against scoring every document with the same fusion."""
    weights = published_weights()
    chosen = runs[:EXACT_QUERIES]
    matrix = np.vstack([query.vector for query, _ids in chosen]).T
    cosines = np.zeros((N, len(chosen)), dtype=np.float32)
    modality = np.zeros(N, dtype=np.int16)
    indication = np.zeros(N, dtype=np.int16)
    for start in range(0, N, CHUNK):
        _t, vectors, _w, mod, ind = space.chunk(start, min(CHUNK, N - start))
        cosines[start : start + len(vectors)] = vectors @ matrix
        modality[start : start + len(vectors)], indication[start : start + len(vectors)] = mod, ind
    recalls = []
    for column, (query, served) in enumerate(chosen):
        semantic = np.clip(cosines[:, column] / cosines[:, column].max(), 0, 1)
        lexical = np.zeros(N, dtype=np.float32)
        for doc_id, score in backend.lexical_search("bench", query.terms, N):
            lexical[doc_id - 1] = score
        score = weights.semantic * semantic + weights.lexical * lexical / max(float(lexical.max()), 1e-9)
        if not query.filters.empty:
            score += weights.structured * _structured_column(query.filters, modality, indication)
        exact = np.argsort(-score, kind="stable")[:20] + 1
        recalls.append(len(set(exact.tolist()) & set(served)) / 20)
    return recalls


def _structured_column(filters: Filters, modality: np.ndarray, indication: np.ndarray) -> np.ndarray:
    table_ = np.zeros((len(MODALITIES), len(INDICATIONS)), dtype=np.float32)
    for m, modality_name in enumerate(MODALITIES):
        for i, indication_name in enumerate(INDICATIONS):
            attributes = Attributes(modality=modality_name, indications=frozenset([indication_name]))
            table_[m, i] = structured_fit(attributes, filters).score
    return table_[modality, indication]


def encoder_speed() -> tuple[float, list[float], np.ndarray]:
    from matching.evaluation import DEFAULT_DATA

    path = DEFAULT_DATA()
    if path.exists():
        import gzip
        import json

        with gzip.open(path, "rt") as handle:
            records = [json.loads(next(handle)) for _ in range(512)]
        texts = [document_text(r["title"], r["abstract"]) for r in records]
    else:
        texts = [
            f"A synthetic abstract number {i} about kinase inhibitors and lung cancer." * 6
            for i in range(512)
        ]
    encode(texts[:32])  # load the model
    started = time.perf_counter()
    vectors = encode(texts, batch_size=128)
    per_second = len(texts) / (time.perf_counter() - started)
    needs = [
        "治療非小細胞肺癌的KRAS抑制劑",
        "antibody-drug conjugate for HER2 breast cancer",
        "治疗哮喘的吸入剂",
    ] * 20
    timings = []
    for need in needs:
        started = time.perf_counter()
        encode_one(need)
        timings.append(time.perf_counter() - started)
    return per_second, timings, vectors


def main() -> None:
    space = Space()
    root = ROOT / f"matching-{N}"
    before = _rss_mb()
    backend, build_seconds = build(space, root)
    if build_seconds is None:
        build_seconds = float((root / "build-seconds.txt").read_text())
        built = "cached build"
    else:
        built = "built now"
    started = time.perf_counter()
    backend.count("bench")
    load_seconds = time.perf_counter() - started
    timings, runs = measure_latency(backend, space)
    resident = _rss_mb() - before
    pool = [len(candidates(backend, "bench", query)) for query, _ids in runs[:50]]
    recalls = exact_top(space, backend, runs)
    encoder_rate, encoder_timings, real = encoder_speed()
    synthetic = space.chunk(0, len(real))[1]
    rows: list[list[object]] = [
        ["documents", f"{N:,}"],
        ["index build (Tantivy + hnswlib M=16, efC=120, 2 threads)", f"{build_seconds:.0f} s ({built})"],
        ["index load", f"{load_seconds:.1f} s"],
        ["index on disk", f"{_disk_mb(root):,.0f} MB"],
        ["resident memory of the loaded index", f"{resident:,.0f} MB"],
        ["top-20 hybrid, p50", f"{percentile(timings, 50):.1f} ms"],
        ["top-20 hybrid, p95 (target ≤ 20 ms)", f"{percentile(timings, 95):.1f} ms"],
        ["top-20 hybrid, p99", f"{percentile(timings, 99):.1f} ms"],
        ["candidates fused per need (mean)", f"{np.mean(pool):.0f}"],
        [f"recall@20 vs exhaustive fusion ({len(recalls)} needs; target ≥ 0.95)", f"{np.mean(recalls):.3f}"],
        [
            "need encoding, p50 / p95",
            f"{percentile(encoder_timings, 50):.1f} / {percentile(encoder_timings, 95):.1f} ms",
        ],
        ["embedding title + abstract (target ≥ 150 docs/s)", f"{encoder_rate:.0f} docs/s"],
        [
            f"cosine pair mean / nearest neighbour, {len(real)} real patents vs synthetic",
            f"{cosine_statistics(real)} vs {cosine_statistics(synthetic)}",
        ],
    ]
    body = "\n\n".join(
        [
            f"{QUERIES} synthetic needs (7 words, half with modality + indication filters) over {N:,} "
            "synthetic documents (80 words, 512-d vectors, 1,000 topics) on the embedded backend: "
            "BM25 top 100 ∪ HNSW top 100 (ef 160) ∪ BM25 top 100 among documents fitting the filters; "
            "cosines and attributes for the union, weighted fusion with the "
            "tuned weights, explanations rendered. Timings exclude encoding the need's text, shown apart.",
            table(["measure", "value"], rows),
            "Recall is measured against scoring all documents with the same fusion (exact cosine over every "
            "vector, BM25 over every matching document, structured fit for all).",
        ]
    )
    if N == 1_000_000:  # smaller trial runs must not overwrite the reported figures
        write_section("matching-speed", "Matching speed (1,000,000 documents, embedded backend)", body)
    print(body)


if __name__ == "__main__":
    main()
