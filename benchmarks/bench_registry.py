"""Registry search benchmark: the search API and page over N assets, with facets (target at 1,000,000:
p95 ≤ 50 ms for the API, ≤ 100 ms for the page, on this 2-core machine).

The corpus is the real patents of ../shared/data, imported and indexed once (their embeddings computed
once), then copied with new numbers until the registry holds N assets: the copies share the originals'
words and vectors, so relevance and facets behave as on real records. The database and indexes live under
<data dir>/registry-<N>/ and are reused while they hold N assets. Requests go through Django's test client
in one process (the view and serialisation included, the HTTP server not). Index build time, resident
memory and index size are reported.

    python -m benchmarks.bench_registry [--assets N] [--requests N] [--build-only]

`--build-only` prepares the data directory (to be reused by a later run) and prints the build's figures
without timing requests or writing docs/benchmarks.md.
"""

import argparse
import os
import resource
import time
from dataclasses import replace
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PARSER = argparse.ArgumentParser()
PARSER.add_argument("--assets", type=int, default=1_000_000)
PARSER.add_argument("--requests", type=int, default=110)
PARSER.add_argument("--build-only", action="store_true", help="prepare and index the data only")
ARGS = PARSER.parse_args()
DATA_DIR = (
    Path(os.environ.get("IPHARBOUR_DATA_DIR", ROOT / "var" / "bench")).resolve() / f"registry-{ARGS.assets}"
)
DATA_DIR.mkdir(parents=True, exist_ok=True)
os.environ["IPHARBOUR_DATA_DIR"] = str(DATA_DIR)
os.environ.pop("DATABASE_URL", None)  # the benchmark's own SQLite database, whatever the shell says
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "ipharbour.settings")

import django  # noqa: E402
import numpy as np  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection, transaction  # noqa: E402
from django.test import Client  # noqa: E402

from benchmarks.report import table, write_section  # noqa: E402

PATENTS = settings.SHARED_DATA_DIR / "patents" / "uspto_chem_pharma_2025H1.jsonl.gz"
TARGET_API_MS, TARGET_PAGE_MS = 50, 100
QUERIES = [
    {"q": "lung cancer"},
    {"q": "KRAS inhibitor"},
    {"q": "antibody drug conjugate"},
    {"q": "肺癌"},
    {"q": "KRAS抑制剂"},
    {"q": "抗體藥物偶聯物"},
    {"q": "bispecific antibody", "jurisdiction": "US"},
    {"q": "inhaler asthma", "cpc_section": "A"},
    {},
    {"cpc_section": "C"},
    {"jurisdiction": "US", "kind": "invention"},
]


def _rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def _disk_mb(path: Path) -> float:
    return sum(f.stat().st_size for f in path.rglob("*") if f.is_file()) / 1e6


def _columns(model, skip: set[str]) -> list[str]:
    return [f.column for f in model._meta.concrete_fields if f.column not in skip]


def seed_real() -> None:
    """The real patents, imported and indexed once (embeddings included)."""
    from assets.importers import import_patents
    from assets.models import Asset
    from matching.indexing import rebuild_asset_index

    if not Asset.objects.exists():
        if not PATENTS.exists():
            raise SystemExit(f"The real patents are not at {PATENTS} (see ../shared/data/README.md).")
        import_patents([PATENTS])
        started = time.perf_counter()
        rebuild_asset_index()
        print(f"  indexed the real patents in {time.perf_counter() - started:.0f} s")


def replicate(size: int) -> tuple[int, float]:
    """Copy the real assets (rows, classifications, index rows) with new numbers up to `size` assets, then
    build the engine's index from the stored rows; (copies made, index build seconds)."""
    from assets.models import Asset, Classification
    from matching.models import IndexedDocument

    real = list(Asset.objects.exclude(number__contains="-R").values_list("pk", flat=True))
    stride = (max(real) // 10_000 + 1) * 10_000
    copies = max(0, -(-size // len(real)) - 1)
    have = Asset.objects.count()
    if have < size:
        asset_cols = _columns(Asset, {"id", "number"})
        class_cols = _columns(Classification, {"id", "asset_id"})
        doc_cols = _columns(IndexedDocument, {"id", "object_id", "newest"})
        table_a, table_c = Asset._meta.db_table, Classification._meta.db_table
        table_d = IndexedDocument._meta.db_table
        with connection.cursor() as cursor:
            for copy in range(1, copies + 1):
                shift = copy * stride
                with transaction.atomic():
                    cursor.execute(
                        f"INSERT INTO {table_a} (id, number, {', '.join(asset_cols)}) "  # noqa: S608
                        f"SELECT id + {shift}, number || '-R{copy}', {', '.join(asset_cols)} FROM {table_a} "
                        f"WHERE id < {stride}"
                    )
                    cursor.execute(
                        f"INSERT INTO {table_c} (asset_id, {', '.join(class_cols)}) "  # noqa: S608
                        f"SELECT asset_id + {shift}, {', '.join(class_cols)} FROM {table_c} "
                        f"WHERE asset_id < {stride}"
                    )
                    cursor.execute(
                        # The newest-first key holds the id in its low bits: the copy's is shifted with it.
                        f"INSERT INTO {table_d} (object_id, newest, {', '.join(doc_cols)}) "  # noqa: S608
                        f"SELECT object_id + {shift}, newest + {shift}, {', '.join(doc_cols)} FROM {table_d} "
                        f"WHERE namespace = 'assets' AND object_id < {stride}"
                    )
                print(f"  {len(real) * (copy + 1):,} assets", end="\r", flush=True)
        print()
    return copies, build_index(real, stride, copies)


def build_index(real: list[int], stride: int, copies: int) -> float:
    from core.errors import Conflict
    from matching.backends import get_backend
    from matching.backends.embedded import EmbeddedBackend
    from matching.documents import asset_documents
    from matching.encoder import from_bytes
    from matching.indexing import ASSETS
    from matching.models import IndexedDocument
    from matching.text import lexical_text

    backend = get_backend()
    assert isinstance(backend, EmbeddedBackend), "the benchmark's own SQLite database: the embedded engine"
    try:
        built = backend.count(ASSETS)
    except Conflict:  # built by an earlier version of the index's schema
        built = 0
    if built >= len(real) * (copies + 1):
        return float("nan")  # built by an earlier run
    documents = asset_documents(real)
    rows = dict(
        IndexedDocument.objects.filter(namespace=ASSETS, object_id__in=real).values_list(
            "object_id", "vector"
        )
    )
    vectors = np.vstack([from_bytes(rows[d.id]) for d in documents])
    # The copies share the originals' words: fold and expand them once (what each upsert does per document).
    documents = [replace(d, text=lexical_text(d.text)) for d in documents]

    def batches():
        for copy in range(copies + 1):
            yield [replace(d, id=d.id + copy * stride) for d in documents], vectors

    started = time.perf_counter()
    backend.rebuild(ASSETS, batches(), pretokenised=True, threads=BUILD_THREADS)
    return time.perf_counter() - started


BUILD_THREADS = 2  # the machine's cores


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]


def measure(url: str, requests: int) -> tuple[list[float], int]:
    client, times, total = Client(), [], 0
    for params in QUERIES:  # warm-up: every query once (indexes loaded, caches filled)
        client.get(url, params)
    for n in range(requests):
        params = QUERIES[n % len(QUERIES)]
        started = time.perf_counter()
        response = client.get(url, params)
        times.append((time.perf_counter() - started) * 1000)
        assert response.status_code == 200, (url, params, response.status_code)
        if url.startswith("/api/") and not params:
            total = response.json()["total"]
    return times, total


def cold_counts() -> list[tuple[str, float]]:
    """How long the engine takes to count each search without words afresh (its kept counts dropped)."""
    from assets.search import clean_filters
    from matching.backends import get_backend
    from matching.indexing import ASSETS

    backend = get_backend()
    timed = []
    for params in QUERIES:
        if "q" in params:
            continue
        backend._counts.clear()  # type: ignore[attr-defined]
        required = [f"{name}={value}" for name, value in clean_filters(params).items()]
        started = time.perf_counter()
        backend.facet_counts(ASSETS, required)
        timed.append((", ".join(required) or "no filter", (time.perf_counter() - started) * 1000))
    return timed


def main() -> None:
    args = ARGS
    call_command("migrate", verbosity=0)
    started = time.perf_counter()
    seed_real()
    copies, build_seconds = replicate(args.assets)
    from matching.indexing import refresh_statistics

    refresh_statistics()  # as `ipharbour matching rebuild` does after a large import
    if args.build_only:
        print(
            f"data ready in {time.perf_counter() - started:.0f} s (engine index build "
            + ("reused" if build_seconds != build_seconds else f"{build_seconds:.0f} s")
            + f"); index on disk {_disk_mb(DATA_DIR / 'index'):.0f} MB; database "
            f"{_disk_mb(DATA_DIR) - _disk_mb(DATA_DIR / 'index'):.0f} MB; peak RSS {_rss_mb():.0f} MB; "
            f"load average {os.getloadavg()[0]:.1f}"
        )
        return
    rss_before = _rss_mb()
    api, total = measure("/api/v1/assets", args.requests)
    page, _total = measure("/assets/", args.requests)
    cold = cold_counts()
    rows: list[list[object]] = []
    for name, times, target in (("API", api, TARGET_API_MS), ("page", page, TARGET_PAGE_MS)):
        p50, p95 = percentile(times, 0.5), percentile(times, 0.95)
        rows.append(
            [
                name,
                f"{p50:.0f}",
                f"{p95:.0f}",
                f"{max(times):.0f}",
                f"≤ {target}",
                "yes" if p95 <= target else "no",
            ]
        )
    body = (
        f"{total:,} public assets: the real patents of ../shared/data copied {copies} times with new numbers "
        f"(their words, classifications and vectors shared). {args.requests} requests per endpoint, mixing "
        "English and Chinese words, words with filters, filters alone and no words, with facets; Django's "
        "test client in one process, after one warm-up pass.\n\n"
        + table(["endpoint", "p50 ms", "p95 ms", "max ms", "target p95", "met"], rows)
        + "\n\nEngine index build from stored rows: "
        + ("reused from an earlier run" if build_seconds != build_seconds else f"{build_seconds:.0f} s")
        + "; index on disk "
        f"{_disk_mb(DATA_DIR / 'index'):.0f} MB; process peak RSS {rss_before:.0f} MB before the requests, "
        f"{_rss_mb():.0f} MB after. Machine load average during the run: {os.getloadavg()[0]:.1f}.\n\n"
        "The engine's facet counts without words are kept per index generation (a write to the index drops "
        "them), so after the warm-up pass the requests without words use kept counts; counting afresh (a "
        "filter combination's first search after the index changed) is one aggregation over the index: "
        + ", ".join(f"{name} {ms:.0f} ms" for name, ms in cold)
        + ". Searches with words are never kept: each is ranked and counted afresh."
    )
    print(body)
    write_section("registry-search", "Registry search at scale (page and API, with facets)", body)


if __name__ == "__main__":
    main()
