"""Import benchmark: the real JSONL and USPTO XML files (and the trials) into a fresh database.

Target (DESIGN.md): ≥ 2,000 records/s parsing + storing. Each database runs in its own process with its own
data directory and an empty database: SQLite always, PostgreSQL when one answers at IPHARBOUR_BENCH_POSTGRES
(default postgres://postgres@127.0.0.1:5432/postgres; the benchmark creates and drops its own database).

    python -m benchmarks.bench_import
"""

import json
import os
import re
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

TARGET = 2000
WEEKLY_COPIES = 20
REPEATS = 2
POSTGRES = os.environ.get("IPHARBOUR_BENCH_POSTGRES", "postgres://postgres@127.0.0.1:5432/postgres")
BENCH_DATABASE = "ipharbour_bench_import"


def shared_data() -> Path:
    root = Path(__file__).resolve().parent.parent
    return Path(os.environ.get("IPHARBOUR_SHARED_DATA", root.parent / "shared" / "data"))


def _cpu_seconds() -> float:
    """This process's CPU time and its ended children's (the XML reading workers)."""
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    return time.process_time() + children.ru_utime + children.ru_stime


def _timed(label: str, function, paths, **options) -> dict:
    started, cpu = time.perf_counter(), _cpu_seconds()
    result = function(paths, **options)
    seconds, cpu_seconds = time.perf_counter() - started, _cpu_seconds() - cpu
    records = result.created + result.updated + result.unchanged + result.rejected
    return {
        "step": label,
        "records": records,
        "rejected": result.rejected,
        "seconds": round(seconds, 2),
        "per_second": round(records / seconds) if seconds else 0,
        "per_cpu_second": round(records / cpu_seconds) if cpu_seconds else 0,
    }


def weekly_file(data: Path, target: Path, copies: int, *, first: int = 90_000_000) -> Path:
    """The real weekly grants, repeated with new numbers, as one bulk file the size of a real week's."""
    from core.importing.sources import xml_documents

    documents = [
        document
        for path in sorted((data / "patents" / "uspto-xml" / "grants-weekly").glob("*.xml"))
        for _line, document in xml_documents(path.open("rb"))
        if b"<us-patent-grant" in document[:2048]
    ]
    number = re.compile(
        rb"(<publication-reference>\s*<document-id>\s*<country>US</country>\s*<doc-number>)[^<]*"
    )
    serial = first
    with target.open("wb") as out:
        for _copy in range(copies):
            for document in documents:
                serial += 1
                out.write(number.sub(rb"\g<1>%d" % serial, document, count=1))
    return target


def child(backend: str) -> None:
    """Run inside a fresh process: settings are read once, so each database gets its own."""
    data_dir = tempfile.mkdtemp(prefix=f"bench-import-{backend}-")
    try:
        _measure(backend, data_dir)
    finally:
        shutil.rmtree(data_dir, ignore_errors=True)


def _measure(backend: str, data_dir: str) -> None:
    os.environ["IPHARBOUR_DATA_DIR"] = data_dir
    os.environ["IPHARBOUR_DEBUG"] = "0"  # no query logging: measure the importer, not the debug cursor
    if backend == "postgres":
        os.environ["DATABASE_URL"] = _fresh_postgres_database()
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "ipharbour.settings")
    import django

    django.setup()
    from django.core.management import call_command

    from assets.importers import import_patents
    from trials.importers import import_trials

    call_command("migrate", verbosity=0)
    data = shared_data()
    jsonl = [data / "patents" / "uspto_chem_pharma_2025H1.jsonl.gz"]
    xml = sorted((data / "patents" / "uspto-xml").glob("*/*.xml"))
    weekly = [weekly_file(data, Path(data_dir) / "ipg-week.xml", WEEKLY_COPIES)]
    renumbered = [weekly_file(data, Path(data_dir) / "ipg-week2.xml", WEEKLY_COPIES, first=95_000_000)]
    trials = sorted((data / "trials").glob("*"))
    steps = [
        _timed("JSONL (5,013 lines), new", import_patents, jsonl),
        _timed("USPTO XML, the 11 real files, new", import_patents, xml),
        _timed(
            f"USPTO XML, one weekly file (real grants ×{WEEKLY_COPIES}, new numbers)", import_patents, weekly
        ),
        _timed(
            "the same weekly file again, new numbers, read in one process",
            import_patents,
            renumbered,
            workers=1,
        ),
        _timed("JSONL + the 11 XML files again, unchanged", import_patents, jsonl + xml),
        _timed("trials (API JSON, CSV export, HINT), new, then linked", import_trials, trials),
    ]
    print(json.dumps({"backend": backend, "load": os.getloadavg()[0], "steps": steps}))


def _fresh_postgres_database() -> str:
    import psycopg

    with psycopg.connect(POSTGRES, autocommit=True, connect_timeout=3) as connection:
        connection.execute(f"DROP DATABASE IF EXISTS {BENCH_DATABASE}")
        connection.execute(f"CREATE DATABASE {BENCH_DATABASE}")
    return POSTGRES.rsplit("/", 1)[0] + "/" + BENCH_DATABASE


def _drop_postgres_database() -> None:
    import psycopg

    with psycopg.connect(POSTGRES, autocommit=True, connect_timeout=3) as connection:
        connection.execute(f"DROP DATABASE IF EXISTS {BENCH_DATABASE}")


def postgres_reachable() -> bool:
    try:
        import psycopg

        with psycopg.connect(POSTGRES, connect_timeout=3):
            return True
    except Exception:
        return False


def run_child(backend: str) -> dict:
    command = [sys.executable, "-m", "benchmarks.bench_import", "--child", backend]
    done = subprocess.run(command, capture_output=True, text=True, check=True)  # noqa: S603
    return json.loads(done.stdout.strip().splitlines()[-1])


def best_of(backend: str) -> dict:
    """Each step's best wall-clock rate over REPEATS runs, each on a fresh database: the machine is shared."""
    runs = [run_child(backend) for _repeat in range(REPEATS)]
    steps = [
        max(same, key=lambda step: step["per_second"])
        for same in zip(*(r["steps"] for r in runs), strict=True)
    ]
    return {"backend": backend, "load": min(r["load"] for r in runs), "steps": steps}


def report(runs: list[dict]) -> str:
    from benchmarks.report import table

    rows = [
        [
            run["backend"],
            step["step"],
            f"{step['records']:,}",
            step["seconds"],
            f"**{step['per_second']:,}**",
            f"{step['per_cpu_second']:,}",
            "yes" if step["per_second"] >= TARGET else "no",
        ]
        for run in runs
        for step in run["steps"]
    ]
    headers = ["database", "import", "records", "s", "records/s", "records/CPU-s", f"≥ {TARGET:,}/s"]
    loads = ", ".join(f"{run['backend']} {run['load']:.1f}" for run in runs)
    return f"""Parsing and storing (search text, expiry, classifications, families, derived profiles; no
embeddings) into a fresh database, one process per database. Real files of `../shared/data`: the JSONL,
the 11 USPTO XML files (131 grants and applications in v2.5 and v4.0–v4.5, with the weekly files) and the
trials. XML documents are large (full text, about 75 kB each), so the bulk rate is measured on one
weekly-sized file (187 MB) made of the real weekly grants repeated with new numbers: as the importer reads
it by default (two worker processes read parts of the file while the importing process writes; files under
16 MB, like the 11 real ones, are read in one process), and again read in one process (`--workers 1`).
Best of {REPEATS} runs per step.

{table(headers, rows)}

records/CPU-s is the rate on the CPU time of the importer and its worker processes; the machine is shared
(load average at the start: {loads}), so wall-clock rates vary between runs.

Reading an XML document (splitting, cutting it down to the bibliographic data, abstract and claims,
parsing, checking, hashing, preparing its row) costs about 0.5 ms of CPU, storing it about 0.15 ms on
SQLite; in one process that makes about 1,400 documents a second. With two worker processes reading parts
of the file while the importing process writes (and reads a part itself when a result is late), the two
cores are the limit: about 0.7 ms of CPU per document in all, so the rate depends on what else the machine
runs. On PostgreSQL rows go in with COPY, long values compressed with lz4, and the server's own work comes
on top. Transparency-log entries (one per new asset, appended once per batch) cost about 0.03 ms each in
the importing process on SQLite and 0.1 ms on PostgreSQL; the matching-index task is one row per batch."""


def main() -> None:
    if len(sys.argv) == 3 and sys.argv[1] == "--child":
        child(sys.argv[2])
        return
    if not (shared_data() / "patents").is_dir():
        print(f"skipped: real data not found at {shared_data()}")
        return
    runs = [best_of("sqlite")]
    if postgres_reachable():
        try:
            runs.append(best_of("postgres"))
        finally:
            _drop_postgres_database()
    else:
        print(f"PostgreSQL not reachable at {POSTGRES}: measured SQLite only")
    from benchmarks.report import write_section

    body = report(runs)
    print(body)
    write_section("import", "Import: USPTO XML and JSONL into the registry", body)


if __name__ == "__main__":
    main()
