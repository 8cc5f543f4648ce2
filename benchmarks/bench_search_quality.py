"""Registry search quality: precision@10 and nDCG@10 of `assets.search.search_assets` on the real patents.

The needs are the matching evaluation's (matching/evaluation_topics.py), each written in English,
Traditional and Simplified Chinese; a patent is relevant when one of its CPC/IPC codes starts with one of
the need's prefixes (the examiners' classification, as in the matching evaluation). The search is called
as an anonymous visitor, exactly as the page and the API call it. The literal search it replaced (every
word in the text, newest first) is measured on the same needs for comparison.

The registry lives in its own data directory (IPHARBOUR_BENCH_SEARCH_DIR, default
$IPHARBOUR_DATA_DIR/search-quality): the first run imports ../shared/data/patents/… and builds the index.

    python -m benchmarks.bench_search_quality
"""

import os
import time
from pathlib import Path

_BASE = Path(os.environ.get("IPHARBOUR_DATA_DIR", Path(__file__).resolve().parent.parent / "var" / "bench"))
os.environ["IPHARBOUR_DATA_DIR"] = os.environ.get("IPHARBOUR_BENCH_SEARCH_DIR", str(_BASE / "search-quality"))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "ipharbour.settings")
import django  # noqa: E402

django.setup()

from django.core.management import call_command  # noqa: E402

from assets.models import Asset  # noqa: E402
from assets.search import filtered, search_assets  # noqa: E402
from benchmarks.report import table, write_section  # noqa: E402
from matching.evaluation import DEFAULT_DATA, LANGUAGES, ndcg_at  # noqa: E402
from matching.evaluation_topics import TOPICS  # noqa: E402
from matching.models import IndexedDocument  # noqa: E402

K = 10


def prepare(path: Path) -> int:
    call_command("migrate", verbosity=0)
    if not Asset.objects.filter(source="uspto_jsonl").exists():
        call_command("import", "patents", str(path))
    public = Asset.objects.filter(visibility=Asset.Visibility.PUBLIC).count()
    if IndexedDocument.objects.filter(namespace="assets", searchable=True).count() != public:
        call_command("matching", "rebuild")
    return Asset.objects.count()


def codes_by_asset() -> dict[int, set[str]]:
    rows = Asset.objects.values_list("pk", "cpc_codes", "ipc_codes")
    return {pk: {c.replace(" ", "").upper() for c in (cpc or []) + (ipc or [])} for pk, cpc, ipc in rows}


def precision_at(ranking: list[int], wanted: set[int], k: int = K) -> float:
    return sum(1 for pk in ranking[:k] if pk in wanted) / k


def ranked(text: str) -> list[int]:
    return [asset.pk for asset in search_assets(user=None, query=text, per_page=K, with_facets=False).page]


def literal(text: str) -> list[int]:
    public = Asset.objects.filter(visibility=Asset.Visibility.PUBLIC)
    found = filtered(public, query=text).order_by("-publication_date", "-id")
    return list(found.values_list("pk", flat=True)[:K])


def measure(search, codes: dict[int, set[str]]) -> tuple[dict[str, tuple[float, float]], list[float]]:
    totals: dict[str, list[tuple[float, float]]] = {language: [] for language in LANGUAGES}
    timings: list[float] = []
    for _key, prefixes, *texts, _filters in TOPICS:
        wanted = {pk for pk, found in codes.items() if any(c.startswith(prefixes) for c in found)}
        for language, text in zip(LANGUAGES, texts, strict=True):
            started = time.perf_counter()
            ranking = search(text)
            timings.append(time.perf_counter() - started)
            totals[language].append((precision_at(ranking, wanted), ndcg_at(ranking, wanted, K)))
    means = {
        language: (sum(p for p, _n in rows) / len(rows), sum(n for _p, n in rows) / len(rows))
        for language, rows in totals.items()
    }
    return means, timings


def main() -> None:
    path = DEFAULT_DATA()
    if not path.exists():
        print(f"skipped: real patents not found at {path} (../shared/data is absent on this machine)")
        return
    assets = prepare(path)
    codes = codes_by_asset()
    search_assets(user=None, query="warm up the encoder")
    new, timings = measure(ranked, codes)
    old, _timings = measure(literal, codes)
    names = {"en": "English", "zh-hant": "繁體", "zh-hans": "简体"}
    rows: list[list[object]] = [
        [
            names[lang],
            f"{new[lang][0]:.3f}",
            f"{new[lang][1]:.3f}",
            f"{old[lang][0]:.3f}",
            f"{old[lang][1]:.3f}",
        ]
        for lang in LANGUAGES
    ]
    english = new["en"][1]
    worst = min(new[lang][1] for lang in LANGUAGES[1:])
    timings.sort()
    median, p95 = 1000 * timings[len(timings) // 2], 1000 * timings[int(0.95 * len(timings))]
    body = "\n\n".join(
        [
            f"{assets:,} real patents (USPTO chem/pharma 2025H1), {len(TOPICS)} needs × 3 languages "
            "(matching/evaluation_topics.py); relevant = a CPC/IPC code under the need's prefixes. "
            "Ranked: `assets.search.search_assets` as an anonymous visitor (matching engine: BM25 with "
            "folding and glossary + encoder). Literal: the former search (every word, newest first).",
            table(["queries", "P@10 ranked", "nDCG@10 ranked", "P@10 literal", "nDCG@10 literal"], rows),
            f"Chinese nDCG@10 within {100 * (1 - worst / english):.1f} % of English (target: within 10 %)."
            if english
            else "English nDCG@10 is 0: nothing to compare.",
            f"Search time per query (SQLite, facets off, {len(timings)} queries): median "
            f"{median:.0f} ms, p95 {p95:.0f} ms.",
            "Reproduce: `benchmarks/run search_quality`.",
        ]
    )
    write_section("search-quality", "Registry search quality (real patents, CPC/IPC relevance)", body)
    print(body)


if __name__ == "__main__":
    main()
