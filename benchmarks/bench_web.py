"""Web benchmark: the public listing search page and its JSON API over 100,000 listings.

Target (DESIGN.md): ≥ 500 requests/s and p99 ≤ 100 ms, on this machine, for the page and for the API.

The benchmark seeds synthetic listings (and their search postings) into its own SQLite database under
<data dir>/web/, starts gunicorn with 2 sync workers on 127.0.0.1, and drives it with wrk (or, without
wrk, a small Python load generator) over a fixed mix of URLs: the first page, one and two facet filters,
words in English and Chinese, words with a filter, and next pages by cursor. Every URL of the mix is
requested during a warm-up pass first (pages are kept per worker and per search generation); then runs of
searches never made before, on the same server and on one just restarted. Each run is bounded in time.
Only loopback is used.

    python -m benchmarks.bench_web [--listings N] [--requests N] [--connections N] [--reseed]
"""

import argparse
import json
import os
import random
import resource
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.parse
import urllib.request
from datetime import timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DATA_DIR = Path(os.environ.get("IPHARBOUR_DATA_DIR", ROOT / "var" / "bench")).resolve() / "web"
DATA_DIR.mkdir(parents=True, exist_ok=True)
os.environ["IPHARBOUR_DATA_DIR"] = str(DATA_DIR)
os.environ.pop("DATABASE_URL", None)  # the benchmark's own SQLite database, whatever the shell says
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "ipharbour.settings")

import django  # noqa: E402

django.setup()

from django.core.management import call_command  # noqa: E402
from django.db import connection, transaction  # noqa: E402
from django.utils import timezone  # noqa: E402

from benchmarks.report import table, write_section  # noqa: E402

TARGET_RPS, TARGET_P99_MS = 500, 100
BUILT = DATA_DIR / "relevance-build.json"  # how long the relevance index took to build, and its memory
TAIL, TAIL_SECONDS = 30_000, 5  # never-seen searches, half per endpoint: more than a run reaches
TARGETS = [
    "CLDN18.2",
    "KRAS G12C",
    "HER2",
    "EGFR",
    "PD-1",
    "PD-L1",
    "CD19",
    "BCMA",
    "TROP2",
    "GLP-1",
    "IL-17A",
]
TARGETS += [
    "JAK1",
    "BTK",
    "ALK",
    "ROS1",
    "MET",
    "FGFR2",
    "VEGF",
    "CTLA-4",
    "B7-H3",
    "TIGIT",
    "LAG-3",
    "KRAS G12D",
]
MODALITY_WORDS = {
    "small_molecule": ("oral small-molecule inhibitor", "小分子抑制剂"),
    "antibody": ("humanised monoclonal antibody", "单克隆抗体"),
    "adc": ("antibody-drug conjugate", "抗体偶联药物"),
    "cell_therapy": ("CAR-T cell therapy", "细胞治疗"),
    "gene_therapy": ("AAV gene therapy", "基因治疗"),
    "rna": ("siRNA therapeutic", "核酸药物"),
    "vaccine": ("therapeutic cancer vaccine", "肿瘤疫苗"),
    "tcm_formula": ("Traditional Chinese Medicine formula", "中药复方"),
}
TERRITORY_CHOICES = [
    [],
    ["ASEAN"],
    ["GCC"],
    ["BRI"],
    ["CN"],
    ["SG", "MY"],
    ["EU"],
    ["US"],
    ["GCC", "ASEAN"],
    ["HK", "MO"],
]
COUNTRIES = ["CN", "CN", "CN", "HK", "SG", "AE", "US", "DE", "JP", "KR"]


def seed(count: int, rng: random.Random) -> None:
    """Synthetic listings on the market with their postings; assets are left out (the page shows none)."""
    from accounts.models import Organisation
    from assets.models import Indication
    from listings.indexing import index_many
    from listings.models import Listing

    indications = list(Indication.objects.values_list("code", "name_en", "name_zh_hans"))
    sellers = [
        Organisation(
            name=f"Bench Seller {n}",
            slug=f"bench-seller-{n}",
            kind="company",
            jurisdiction="CN",
            country=COUNTRIES[n % len(COUNTRIES)],
            status="approved",
        )
        for n in range(200)
    ]
    sellers = Organisation.objects.bulk_create(sellers)
    start = timezone.now() - timedelta(days=730)
    batch: list[Listing] = []
    for n in range(count):
        batch.append(_listing(n, rng, sellers, indications, start))
        if len(batch) == 25_000 or n == count - 1:
            with transaction.atomic():
                created = Listing.objects.bulk_create(batch)
                for listing, source in zip(created, batch, strict=True):
                    listing.organisation = source.organisation
                index_many(created, with_assets=False)
            batch = []
            print(f"  seeded {n + 1:,} listings", end="\r", flush=True)
    print()


def _listing(n, rng, sellers, indications, start):
    from listings.choices import Corridor, DealType
    from listings.models import Listing

    modality = rng.choice(list(MODALITY_WORDS))
    code, name_en, name_zh = rng.choice(indications)
    target = rng.choice(TARGETS)
    english, chinese = MODALITY_WORDS[modality]
    deal_type = rng.choice(DealType.values)
    if n % 4 == 0:
        title = f"靶向{target}的{chinese}，用于治疗{name_zh}（基准）"
    else:
        title = f"{target} {english} for {name_en.lower()} (benchmark {n})"
    published = start + timedelta(seconds=rng.randrange(730 * 86400))
    return Listing(
        organisation=rng.choice(sellers),
        title=title,
        summary=f"Phase {rng.randint(1, 3)} {english} against {target}; {name_en}. Synthetic listing.",
        deal_type=deal_type,
        corridor=rng.choice(Corridor.values),
        territories=rng.choice(TERRITORY_CHOICES),
        currency=rng.choice(["USD", "CNY", "HKD"]),
        upfront_min=rng.randrange(1, 50) * 100_000,
        status="published" if rng.random() < 0.9 else "under_negotiation",
        published_at=published,
        modality=modality,
        phase=rng.randint(0, 6),
        indications=[code],
        seller_country="",
        is_demo=True,
    )


# ---- the URL mix ------------------------------------------------------------------------------------------

WORDS = [
    "her2",
    "kras",
    "egfr",
    "pd-1",
    "cd19",
    "bcma",
    "trop2",
    "glp-1",
    "btk",
    "alk",
    "met",
    "fgfr2",
    "vegf",
]
WORDS += [
    "antibody",
    "inhibitor",
    "vaccine",
    "lung",
    "gastric",
    "breast",
    "leukaemia",
    "lymphoma",
    "melanoma",
]
WORDS += ["胃癌", "肺癌", "乳腺癌", "抗体", "小分子", "基因治疗", "肝细胞癌", "白血病", "中药复方"]
FILTER_VALUES = {
    "deal_type": [
        "exclusive_licence",
        "sole_licence",
        "non_exclusive_licence",
        "assignment",
        "co_development",
        "equity_contribution",
        "open_licence",
    ],
    "corridor": ["mainland_to_overseas", "overseas_to_mainland"],
    "territory": ["SG", "MY", "AE", "SA", "CN", "HK", "US", "DE", "ASEAN", "GCC", "BRI", "EU"],
    "modality": list(MODALITY_WORDS),
    "phase": [str(p) for p in range(7)],
    "indication": [
        "nsclc",
        "breast",
        "gastric",
        "hcc",
        "aml",
        "lymphoma",
        "myeloma",
        "colorectal",
        "melanoma",
    ],
    "seller_country": ["CN", "HK", "SG", "AE", "US"],
}


def query_mix(count: int, rng: random.Random) -> list[dict[str, str]]:
    """Distinct searches: a first page, filters alone and in pairs, words, words with a filter."""
    found: dict[str, dict[str, str]] = {"": {}}
    while len(found) < count:
        params: dict[str, str] = {}
        if rng.random() < 0.5:
            params["q"] = rng.choice(WORDS)
        for name in rng.sample(
            list(FILTER_VALUES), rng.choice([0, 1, 1, 2]) if params else rng.choice([1, 1, 2])
        ):
            params[name] = rng.choice(FILTER_VALUES[name])
        found[urllib.parse.urlencode(sorted(params.items()))] = params
    return list(found.values())


def url(kind: str, params: dict[str, str]) -> str:
    path = "/marketplace/" if kind == "page" else "/api/v1/listings"
    return path + ("?" + urllib.parse.urlencode(params) if params else "")


# ---- the server and the load ------------------------------------------------------------------------------


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def start_gunicorn(port: int) -> subprocess.Popen:
    env = {
        **os.environ,
        "IPHARBOUR_DEBUG": "0",
        "IPHARBOUR_ALLOWED_HOSTS": "127.0.0.1",
        "IPHARBOUR_LOG_LEVEL": "ERROR",
    }
    command = [
        sys.executable,
        "-m",
        "gunicorn",
        "ipharbour.wsgi:application",
        "--workers",
        "2",
        "--worker-class",
        "sync",
        "--bind",
        f"127.0.0.1:{port}",
        "--log-level",
        "warning",
    ]
    server = subprocess.Popen(command, cwd=ROOT, env=env, start_new_session=True)  # noqa: S603
    for _attempt in range(100):
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.2):
                return server
        except OSError:
            time.sleep(0.2)
    stop(server)
    raise SystemExit("gunicorn did not start")


def stop(server: subprocess.Popen) -> None:
    os.killpg(server.pid, signal.SIGTERM)
    server.wait(timeout=30)


def fetch(base: str, path: str) -> tuple[int, bytes, float]:
    started = time.perf_counter()
    try:
        with urllib.request.urlopen(base + path, timeout=60) as response:  # noqa: S310 - loopback only
            return response.status, response.read(), time.perf_counter() - started
    except urllib.error.HTTPError as error:
        return error.code, b"", time.perf_counter() - started


def warm(base: str, paths: list[str], passes: int) -> list[float]:
    """Every path `passes` times from 4 threads, so that both workers have seen each; the first pass's
    latencies are the cold ones (index loads and first renders)."""
    from concurrent.futures import ThreadPoolExecutor

    cold: list[float] = []
    with ThreadPoolExecutor(4) as pool:
        for number in range(passes):
            results = list(pool.map(lambda p: fetch(base, p), paths))
            bad = [p for p, r in zip(paths, results, strict=True) if r[0] != 200]
            if bad:
                raise SystemExit(f"warm-up: {len(bad)} requests failed, e.g. {bad[0]}")
            if number == 0:
                cold = [r[2] for r in results]
    return cold


LUA = """
local paths = {%s}
local counter, offset, step = 0, 0, 1
local threads = {}
function setup(thread) thread:set("offset", #threads); table.insert(threads, thread) end
function init(args) offset = tonumber(wrk.thread:get("offset")) or 0; step = %d end
function request()
  local path = paths[((counter * step + offset) %% #paths) + 1]
  counter = counter + 1
  return wrk.format("GET", path)
end
"""


def run_wrk(base: str, paths: list[str], seconds: int, connections: int, threads: int = 1) -> dict:
    """wrk for a fixed time over the paths in order (each thread its own share), so the number of
    requests is bounded by the time; every response is checked for its status."""
    quoted = ",".join('"' + p.replace("\\", "\\\\").replace('"', '\\"') + '"' for p in paths)
    with tempfile.NamedTemporaryFile("w", suffix=".lua", delete=False) as script:
        script.write(LUA % (quoted, threads))
    command = [
        "wrk",
        f"-t{threads}",
        f"-c{connections}",
        f"-d{seconds}s",
        "--latency",
        "-s",
        script.name,
        base,
    ]
    output = subprocess.run(command, capture_output=True, text=True, check=True).stdout  # noqa: S603
    os.unlink(script.name)
    return parse_wrk(output)


def _ms(text: str) -> float:
    """wrk's latencies ("812.00us", "1.23ms", "1.02s") in milliseconds."""
    for unit, factor in (("us", 0.001), ("ms", 1.0), ("s", 1000.0)):
        if text.endswith(unit):
            return float(text.removesuffix(unit)) * factor
    return float(text)


def parse_wrk(output: str) -> dict:
    figures: dict[str, float] = {"errors": 0}
    for line in output.splitlines():
        parts = line.split()
        if line.strip().startswith(("50%", "99%")):
            figures["p" + parts[0].rstrip("%")] = _ms(parts[1])
        elif line.startswith("Requests/sec:"):
            figures["rps"] = float(parts[1])
        elif "requests in" in line:
            figures["requests"] = int(parts[0])
        elif line.strip().startswith("Non-2xx"):
            figures["errors"] += int(parts[-1])
        elif line.strip().startswith("Socket errors"):
            figures["errors"] += sum(int(p.strip(",")) for p in parts[3::2])
    return figures


def run_python(base: str, paths: list[str], seconds: int, connections: int) -> dict:
    """Without wrk: threads, one request at a time each, for a fixed time; slower than wrk, so a floor."""
    import http.client
    from concurrent.futures import ThreadPoolExecutor

    host, port = base.removeprefix("http://").split(":")
    deadline = time.perf_counter() + seconds

    def worker(offset: int) -> list[float]:
        times, n = [], offset
        while time.perf_counter() < deadline:
            connection = http.client.HTTPConnection(host, int(port), timeout=60)
            started = time.perf_counter()
            connection.request("GET", paths[n % len(paths)])
            response = connection.getresponse()
            response.read()
            connection.close()
            times.append(time.perf_counter() - started if response.status == 200 else -1.0)
            n += connections
        return times

    started = time.perf_counter()
    with ThreadPoolExecutor(connections) as pool:
        times = [t for chunk in pool.map(worker, range(connections)) for t in chunk]
    elapsed, ok = time.perf_counter() - started, sorted(t for t in times if t >= 0)
    return {
        "rps": len(times) / elapsed,
        "requests": len(times),
        "errors": len(times) - len(ok),
        "p50": ok[len(ok) // 2] * 1000,
        "p99": ok[int(len(ok) * 0.99)] * 1000,
    }


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(len(ordered) * share))] * 1000


# ---- main -------------------------------------------------------------------------------------------------


def prepare(count: int, reseed: bool) -> None:
    from listings.models import Listing

    database = DATA_DIR / "ipharbour.sqlite3"
    if reseed and database.exists():
        connection.close()
        for suffix in ("", "-wal", "-shm"):
            Path(str(database) + suffix).unlink(missing_ok=True)
    call_command("migrate", verbosity=0)
    have = Listing.objects.count()
    if have != count:
        if have:
            raise SystemExit(f"{database} holds {have:,} listings, not {count:,}: run with --reseed")
        started = time.perf_counter()
        seed(count, random.Random(20260101))
        print(f"Seeded {count:,} listings in {time.perf_counter() - started:.0f} s")
    rank(Listing.objects.public().count())
    connection.close()


def rank(public: int) -> None:
    """The search engine's documents of the listings on the market (their relevance order), built once:
    every listing encoded and indexed, as `ipharbour listings reindex` does."""
    from listings import relevance
    from matching.backends import get_backend

    if get_backend().count(relevance.NAMESPACE) == public:
        return
    started = time.perf_counter()
    total = relevance.rebuild(batch_size=1024)
    seconds = time.perf_counter() - started
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"Ranked {total:,} listings in {seconds:.0f} s (peak memory {peak:,.0f} MB)")
    BUILT.write_text(json.dumps({"seconds": seconds, "listings": total, "peak_mb": peak}))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--listings", type=int, default=100_000)
    parser.add_argument("--queries", type=int, default=400, help="distinct searches in the repeated mix")
    parser.add_argument("--seconds", type=int, default=20, help="length of each measured run")
    parser.add_argument("--connections", type=int, default=8)
    parser.add_argument("--reseed", action="store_true")
    args = parser.parse_args()
    prepare(args.listings, args.reseed)
    rng = random.Random(7)
    mix = query_mix(args.queries, rng)
    warmed = {urllib.parse.urlencode(sorted(params.items())) for params in mix}
    tail = query_mix(args.queries + TAIL, random.Random(8))[args.queries :]
    tail = [params for params in tail if urllib.parse.urlencode(sorted(params.items())) not in warmed]
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    unseen = Unseen(tail)
    server = start_gunicorn(port)
    try:
        rows = measure(base, mix, unseen, args)
    finally:
        stop(server)
    for kind in ("page", "api"):
        server = start_gunicorn(port)  # no card, page or count kept from any earlier search
        try:
            prime(base)
            figures = unseen.run(base, kind, args)
        finally:
            stop(server)
        rows.append(
            [kind, "never-seen searches, workers just started", figures["requests"], figures, None, None]
        )
    report(sorted(rows, key=lambda row: row[0] != "page"), args)


class Unseen:
    """Searches never made before, each handed out once: a run takes them in order from where the last
    one stopped, and a run that would come back to one it made stops the benchmark."""

    def __init__(self, searches: list[dict]):
        self.searches, self.taken = searches, 0

    def run(self, base: str, kind: str, args) -> dict:
        load = run_wrk if shutil.which("wrk") else run_python
        paths = [url(kind, params) for params in self.searches[self.taken :]]
        figures = load(base, paths, TAIL_SECONDS, args.connections)
        if figures["requests"] > len(paths):
            raise SystemExit(f"{figures['requests']:,} requests over {len(paths):,} new searches: raise TAIL")
        self.taken += figures["requests"] + args.connections  # requests go out in order; some in flight
        return figures


def prime(base: str) -> None:
    """Wait until both workers serve (each warms up as it starts: URLs, facet bitsets, the search engine),
    through a search that every listing matches and no mix asks for, one listing per page (so one card)."""
    from concurrent.futures import ThreadPoolExecutor

    with ThreadPoolExecutor(8) as pool:
        for _round in range(4):
            list(pool.map(lambda _n: fetch(base, "/api/v1/listings?q=synthetic&per_page=1"), range(8)))


def measure(base: str, mix: list[dict], unseen: Unseen, args) -> list[list]:
    load = run_wrk if shutil.which("wrk") else run_python
    rows: list[list] = []
    for kind in ("page", "api"):
        paths = [url(kind, params) for params in mix]
        # Follow "next" once from every first page, as a reader paging on would.
        cursors = [json.loads(fetch(base, url("api", p))[1]).get("next_cursor") for p in mix]
        paths += [url(kind, {**p, "cursor": c}) for p, c in zip(mix, cursors, strict=True) if c]
        cold = warm(base, paths, passes=3)
        figures = load(base, paths, args.seconds, args.connections)
        rows.append(
            [kind, "repeated searches", len(paths), figures, percentile(cold, 0.5), percentile(cold, 0.99)]
        )
        figures = unseen.run(base, kind, args)  # searches never made by either endpoint
        rows.append([kind, "never-seen searches", figures["requests"], figures, None, None])
    return rows


def report(rows: list[list], args) -> None:
    tool = "wrk" if shutil.which("wrk") else "a Python load generator"
    lines = []
    for kind, mix, distinct, figures, cold50, cold99 in rows:
        met = figures["rps"] >= TARGET_RPS and figures["p99"] <= TARGET_P99_MS and not figures["errors"]
        lines.append(
            [
                "search page" if kind == "page" else "JSON API",
                mix,
                f"{distinct:,}",
                f"{figures['requests']:,}",
                f"{figures['rps']:,.0f}",
                f"{figures['p50']:.1f}",
                f"{figures['p99']:.1f}",
                figures["errors"],
                "—" if cold50 is None else f"{cold50:.0f} / {cold99:.0f}",
                "yes" if met else "no",
            ]
        )
    headers = [
        "endpoint",
        "mix",
        "distinct URLs",
        "requests",
        "req/s",
        "p50 ms",
        "p99 ms",
        "errors",
        "first request p50 / p99 ms",
        "target met",
    ]
    build = json.loads(BUILT.read_text()) if BUILT.exists() else None
    built = (
        f"- *Relevance index* (the engine's documents of the listings): {build['listings']:,} listings"
        f" encoded and indexed in {build['seconds']:,.0f} s, peak memory {build['peak_mb']:,.0f} MB.\n"
        if build
        else ""
    )
    body = f"""Public listing search over **{args.listings:,} listings** (SQLite, its own data directory),
gunicorn with 2 sync workers on 127.0.0.1, load from {tool} with {args.connections} connections on the
same 2 cores. Target: ≥ {TARGET_RPS} req/s and p99 ≤ {TARGET_P99_MS} ms.

{table(headers, lines)}

- *Repeated searches*: {args.queries} distinct searches (first pages, one or two facet filters, English
  and Chinese words, words with a filter) and the second page of each by cursor, each requested during
  a warm-up first; then a run of {args.seconds} s. Pages are rendered once per search generation and
  kept per worker.
- *Never-seen searches*: every request a search not made before (none of the mix above, none twice),
  so each is matched, counted and put together in full: bitset AND, counts and facets, the page in
  publication order without words and best first with words (the matching engine's ranking of the
  words' matches, worked out once per worker and search generation for the same words), its cards read
  from the database by primary key. A card already shown is reused
  if its row is unchanged (its HTML or JSON kept with it): the long tail of a running server.
- *Workers just started*: the same on a server restarted for the run; each worker has loaded the URLs
  and views, its facet bitsets and the search engine as it started (`core.warmup`, run by
  `gunicorn.conf.py`), but keeps no card, page or count yet.
- *First request*: latencies of the first warm-up pass.
- Each worker moves what it loaded at start out of the garbage collector's reach (`gc.freeze()` in
  `ipharbour/wsgi.py` and after the warm-up). Without it, full collections over the grown caches paused
  a worker for up to 220 ms (measured in one process over 8,000 never-seen searches), and the never-seen
  API runs missed the p99 target (101–105 ms on 2026-12-05, with wrk, on a quiet machine).

{built}
Reproduce: `python -m benchmarks.bench_web` (`--reseed` rebuilds the database)."""
    write_section("web", "Web: public listing search page and JSON API", body)
    print(body)


if __name__ == "__main__":
    main()
