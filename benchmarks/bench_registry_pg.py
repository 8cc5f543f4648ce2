"""The registry search without words on PostgreSQL at scale: its facets, total and first page counted and
ordered by the database (one GROUP BY per facet, what the PostgreSQL backend left to it before its rows held
the registry columns) and by the PostgreSQL backend from those columns (counted afresh, and kept for the
rows' generation).

    DATABASE_URL=postgres://…/<scratch database> python -m benchmarks.bench_registry_pg [--assets N]

The scratch database (never `postgres` itself) is migrated and seeded once with N synthetic public assets,
their facet values drawn as in a biomedical registry (type, office, holder country, one to three CPC
sections; for one in four a profile with phase, modality and indications), and their indexed rows (random
vectors, a patent's length of words). Their registry columns are then filled by migration 0004's own
statement, timed with the indexes it builds. Each search runs in this process through
`assets.search.search_assets` for an anonymous visitor, with facets; figures are printed, not written to
docs/benchmarks.md.
"""

import argparse
import datetime
import functools
import importlib
import os
import random
import statistics
import time
from collections.abc import Callable
from typing import Any

PARSER = argparse.ArgumentParser()
PARSER.add_argument("--assets", type=int, default=50_000)
PARSER.add_argument("--requests", type=int, default=15, help="timed searches per filter and way")
ARGS = PARSER.parse_args()
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "ipharbour.settings")
os.environ["IPHARBOUR_MATCHING_BACKEND"] = "postgres"

import django  # noqa: E402
import numpy as np  # noqa: E402

django.setup()

from django.apps import apps  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402

SEARCHES: list[dict[str, str]] = [
    {},
    {"cpc_section": "C"},
    {"jurisdiction": "US", "kind": "invention"},
    {"phase": "4"},
    {"indication": "nsclc"},
    {"q": "w17 w4242"},  # words: the facets count the ranked results (at most a few hundred)
]
OFFICES = ["US"] * 35 + ["CN"] * 25 + ["EP"] * 12 + ["WO"] * 10 + ["JP"] * 8 + ["KR"] * 5 + ["AU", "CA", "SG"]
COUNTRIES = ["US", "CN", "JP", "DE", "CH", "GB", "KR", "FR", "SG", "HK", "TW", ""]
SECTIONS = "AAAAACCCGHB"
MODALITIES = ["small_molecule", "antibody", "adc", "bispecific", "peptide", "cell_therapy", "rna", ""]
BATCH = 2_000


def seed(size: int) -> None:
    """N public assets and their indexed rows, the registry columns left empty (as before migration 0004)."""
    from assets.models import Asset, BiomedicalProfile, Classification, Indication
    from matching.models import IndexedDocument

    have = Asset.objects.count()
    if have >= size:
        return
    rng = random.Random(have)
    indications = list(Indication.objects.all())
    words = [f"w{n}" for n in range(5_000)]
    for start in range(have, size, BATCH):
        count = min(BATCH, size - start)
        assets = Asset.objects.bulk_create([_asset(rng, start + n) for n in range(count)])
        Classification.objects.bulk_create(
            Classification(asset=a, scheme="cpc", code=f"{s}61K{n}", section=s)
            for a in assets
            for n, s in enumerate(sorted(set(rng.choices(SECTIONS, k=rng.randint(1, 3)))))
        )
        profiled = [a for a in assets if rng.random() < 0.25]
        profiles = BiomedicalProfile.objects.bulk_create(
            BiomedicalProfile(asset=a, phase=rng.randint(0, 6), modality=rng.choice(MODALITIES))
            for a in profiled
        )
        through = BiomedicalProfile.indications.through
        through.objects.bulk_create(
            through(biomedicalprofile_id=p.pk, indication_id=i.pk)
            for p in profiles
            for i in rng.sample(indications, rng.randint(1, 2))
        )
        vectors = np.random.default_rng(start).standard_normal((count, 512)).astype(np.float16)
        IndexedDocument.objects.bulk_create(
            IndexedDocument(
                namespace="assets",
                object_id=a.pk,
                number=a.number,
                lexical_text=" ".join(rng.choices(words, k=400)),
                vector=vectors[n].tobytes(),
                model="bench",
                content_hash="bench",
            )
            for n, a in enumerate(assets)
        )
        print(f"  {start + count:,} assets", end="\r", flush=True)
    print()


def _asset(rng: random.Random, n: int):
    from assets.models import Asset

    published = datetime.date(2005, 1, 1) + datetime.timedelta(days=rng.randint(0, 7300))
    return Asset(
        number=f"BENCH{n:08d}",
        kind=rng.choices(["invention", "utility_model", "design"], [85, 10, 5])[0],
        jurisdiction=rng.choice(OFFICES),
        holder_country=rng.choice(COUNTRIES),
        title=f"Synthetic asset {n}",
        publication_date=None if rng.random() < 0.03 else published,
        visibility="public",
        index_pending=False,
    )


def fill_columns() -> float | None:
    """Migration 0004 on the seeded rows: the fill statement, then the indexes; seconds (None: filled by
    an earlier run)."""
    from matching.models import IndexedDocument

    if not IndexedDocument.objects.filter(newest__isnull=True).exists():
        return None
    migration = importlib.import_module("matching.migrations.0004_registry_columns")
    with connection.cursor() as cursor:
        for name in ("matching_registry_gin", "matching_registry_newest", "matching_registry_unfilled"):
            cursor.execute(f"DROP INDEX IF EXISTS {name}")
    started = time.perf_counter()
    with connection.schema_editor() as editor:
        migration.fill(apps, editor)
        migration.create_indexes(apps, editor)
    elapsed = time.perf_counter() - started
    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE")
    return elapsed


def timed(search: Callable[[], object], requests: int) -> tuple[float, float]:
    search()  # warm-up: vocabularies, labels, the plan cache
    times = []
    for _ in range(requests):
        started = time.perf_counter()
        search()
        times.append((time.perf_counter() - started) * 1000)
    times.sort()
    return statistics.median(times), times[min(len(times) - 1, round(0.95 * (len(times) - 1)))]


def main() -> None:
    assert connection.vendor == "postgresql" and connection.settings_dict["NAME"] != "postgres", (
        "DATABASE_URL must name a scratch PostgreSQL database"
    )
    from assets.search import RANKING, search_assets
    from matching.backends import get_backend

    call_command("migrate", verbosity=0)
    started = time.perf_counter()
    seed(ARGS.assets)
    print(f"seeded in {time.perf_counter() - started:.0f} s")
    filled = fill_columns()
    if filled is not None:
        print(f"registry columns filled and indexed (migration 0004) in {filled:.1f} s")
    backend = get_backend()
    assert backend.name == "postgres"
    count, newest = RANKING.count, RANKING.newest

    def search(params: dict[str, str]) -> Any:
        filters = {name: value for name, value in params.items() if name != "q"}
        return search_assets(user=None, query=params.get("q", ""), filters=filters)

    def database(params: dict[str, str]) -> Any:
        RANKING.count, RANKING.newest = None, None
        try:
            return search(params)
        finally:
            RANKING.count, RANKING.newest = count, newest

    def afresh(params: dict[str, str]) -> Any:
        backend._counts.clear()  # type: ignore[attr-defined]
        return search(params)

    print(f"{'search':<40} {'database':>16} {'columns, afresh':>16} {'columns, kept':>16}   (p50 / p95 ms)")
    for params in SEARCHES:
        assert database(params).facets == search(params).facets
        requests = ARGS.requests if "q" not in params else max(3, ARGS.requests // 5)  # seconds each
        cells = [timed(functools.partial(way, params), requests) for way in (database, afresh, search)]
        label = ", ".join(f"{k}={v}" for k, v in params.items()) or "(no words, no filter)"
        print(f"{label:<40} " + " ".join(f"{p50:>7.0f} / {p95:>6.0f}" for p50, p95 in cells))
    print(f"load average {os.getloadavg()[0]:.1f}")


if __name__ == "__main__":
    main()
