"""Transparency-log benchmark: appends, inclusion proofs and verification of a million entries.

Targets (DESIGN.md): append ≥ 10,000 entries/s; inclusion proof ≤ 1 ms; verify 1,000,000 entries ≤ 10 s.
Measured twice where it matters: the pure tree code (ledger.merkle, no database) and the platform's real
path (ledger.services / ledger.proofs on the database). The database is a fresh SQLite file in a temporary
directory, or, with DATABASE_URL set, a throwaway PostgreSQL test database; nothing else is touched.

    python -m benchmarks.bench_ledger [--entries N] [--db-entries N]
"""

import argparse
import atexit
import json
import os
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

WORK = Path(tempfile.mkdtemp(prefix="ipharbour-bench-ledger-"))
if not os.environ.get("DATABASE_URL"):
    os.environ["IPHARBOUR_DATA_DIR"] = str(WORK)
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "ipharbour.settings")

import django  # noqa: E402

django.setup()

import rfc8785  # noqa: E402
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey  # noqa: E402
from cryptography.hazmat.primitives.serialization import Encoding, PublicFormat  # noqa: E402
from django.conf import settings  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402

from benchmarks.report import table, write_section  # noqa: E402
from ledger import checkpoints, merkle, verify  # noqa: E402


def leaf(index: int) -> bytes:
    return rfc8785.dumps(
        {
            "v": 1,
            "index": index,
            "time": "2026-01-01T00:00:00.000Z",
            "kind": "asset.registered",
            "subject": f"assets.asset:{index}",
            "public": {"number": f"CN{index:09d}", "owner": "organisation:42"},
        }
    )


class Clock:
    """Wall and CPU time of a block: the machine is shared, so both are reported."""

    def __enter__(self) -> "Clock":
        self.wall, self.cpu = time.perf_counter(), time.process_time()
        return self

    def __exit__(self, *exc) -> None:
        self.wall, self.cpu = time.perf_counter() - self.wall, time.process_time() - self.cpu

    def rate(self, count: int) -> str:
        return f"{count / self.wall:,.0f} ({count / self.cpu:,.0f} per CPU-second)"

    def seconds(self) -> str:
        return f"{self.wall:.2f} ({self.cpu:.2f} CPU)"


def percentile(samples: list[float], fraction: float) -> float:
    ordered = sorted(samples)
    return ordered[min(len(ordered) - 1, int(fraction * len(ordered)))]


def spread(samples: list[float], scale: float) -> str:
    return f"{statistics.median(samples) * scale:.2f} / {percentile(samples, 0.95) * scale:.2f}"


# Pure tree ---------------------------------------------------------------------------------------


def pure_proofs(
    tree: merkle.MemoryTree, hashes: list[bytes], samples: int
) -> tuple[list[float], list[float]]:
    rng = random.Random(7)
    size, root = tree.size, tree.root()
    build, check = [], []
    for _ in range(samples):
        index = rng.randrange(size)
        start = time.perf_counter()
        proof = tree.inclusion_proof(index, size)
        middle = time.perf_counter()
        assert merkle.verify_inclusion(hashes[index], index, size, proof, root)
        build.append(middle - start)
        check.append(time.perf_counter() - middle)
    return build, check


def synthetic_export(path: Path, leaves: list[bytes], root: bytes) -> None:
    """An export of `leaves` with one head over all of them, signed by a throwaway key."""
    private = Ed25519PrivateKey.generate()
    raw = private.public_key().public_bytes(Encoding.Raw, PublicFormat.Raw)
    timestamp = int(time.time() * 1000)
    origin = "bench.example/ledger"
    body = checkpoints.Checkpoint(origin, len(leaves), root, timestamp).body()
    key_id = checkpoints.key_id(raw)
    head_lines: list[dict[str, object]] = [
        {"type": "ledger-export", "version": 1, "origin": origin, "tree_size": len(leaves)},
        {"type": "key", "key_id": key_id, "algorithm": "Ed25519", "public_key": checkpoints.b64(raw),
         "valid_from_ms": timestamp - 1, "valid_until_ms": None},
        {"type": "head", "tree_size": len(leaves), "root_hash": root.hex(), "timestamp": timestamp,
         "origin": origin, "key_id": key_id, "signature": checkpoints.b64(private.sign(body)),
         "cosignatures": []},
    ]  # fmt: skip
    with open(path, "w", encoding="utf-8") as handle:
        for line in head_lines:
            handle.write(json.dumps(line) + "\n")
        for index, data in enumerate(leaves):
            entry = {
                "type": "entry",
                "index": index,
                "leaf_hash": merkle.leaf_hash(data).hex(),
                "leaf": data.decode(),
            }
            handle.write(json.dumps(entry, separators=(",", ":")) + "\n")


def bench_pure(count: int) -> list[list[object]]:
    leaves = [leaf(i) for i in range(count)]
    canonical_count = min(count, 100_000)
    with Clock() as canonical:
        for i in range(canonical_count):
            leaf(i)
    with Clock() as appends:
        frontier = merkle.Frontier()
        for data in leaves:
            frontier.append(merkle.leaf_hash(data))
    with Clock() as whole:
        root = merkle.root([merkle.leaf_hash(data) for data in leaves])
    assert root == frontier.root()
    hashes = [merkle.leaf_hash(data) for data in leaves]
    tree = merkle.MemoryTree(hashes)
    build, check = pure_proofs(tree, hashes, 10_000)
    del tree, hashes
    export_path = WORK / "synthetic-export.jsonl"
    synthetic_export(export_path, leaves, root)
    with Clock() as verifying:
        report = verify.verify_file(export_path)
    assert report.ok and report.entries == count, report.problems
    megabytes = export_path.stat().st_size / 1e6
    export_path.unlink()
    return [
        ["append (leaf hash + frontier), entries/s", appends.rate(count), "≥ 10,000"],
        ["RFC 8785 canonical JSON of an entry, entries/s", canonical.rate(canonical_count), "—"],
        [f"inclusion proof in a tree of {count:,}: build, median / p95 µs", spread(build, 1e6), "≤ 1,000"],
        ["inclusion proof: verify, median / p95 µs", spread(check, 1e6), "—"],
        [f"root of {count:,} entries from their leaves, s", whole.seconds(), "≤ 10"],
        [
            f"`ledger verify` of an export of {count:,} entries ({megabytes:,.0f} MB), s",
            verifying.seconds(),
            "≤ 10",
        ],
    ]


# Database ----------------------------------------------------------------------------------------


def database() -> str:
    settings.DATA_DIR = WORK
    if connection.vendor == "sqlite":
        call_command("migrate", verbosity=0)
        return "SQLite (WAL, file)"
    from django.test.utils import setup_databases, teardown_databases

    # A throwaway test database (IPHARBOUR_TEST_DATABASE names it), dropped when the process ends.
    config = setup_databases(verbosity=0, interactive=False, keepdb=False)
    atexit.register(lambda: teardown_databases(config, verbosity=0))
    return "PostgreSQL"


def db_appends(count: int, single: int, batch: int) -> tuple[Clock, Clock]:
    from ledger import services

    with Clock() as one_by_one:
        for i in range(single):
            services.record("asset.registered", subject=f"assets.asset:{i}", public={"number": f"CN{i:09d}"})
    with Clock() as batched:
        for start in range(0, count, batch):
            services.record_many(
                services.LogItem("asset.registered", f"assets.asset:{i}", {"number": f"CN{i:09d}"})
                for i in range(start, min(count, start + batch))
            )
    return one_by_one, batched


def db_proofs(size: int) -> tuple[list[float], list[float]]:
    from django.test import Client

    from ledger import proofs

    rng = random.Random(11)
    direct, http = [], []
    for _ in range(1_000):
        start = time.perf_counter()
        proofs.inclusion(index=rng.randrange(size), tree_size=size)
        direct.append(time.perf_counter() - start)
    client = Client()
    for _ in range(300):
        params = {"index": rng.randrange(size), "tree_size": size}
        start = time.perf_counter()
        response = client.get("/api/v1/ledger/proof/inclusion", params)
        http.append(time.perf_counter() - start)
        assert response.status_code == 200
    return direct, http


def bench_database(count: int) -> list[list[object]]:
    from ledger import exports, services

    single, batch = 2_000, 1_000
    one_by_one, batched = db_appends(count, single, batch)
    size = services.sign_tree_head().size
    direct, http = db_proofs(size)
    with Clock() as quick:
        assert services.self_check() == []
    with Clock() as full:
        assert services.self_check(full=True) == []
    path = WORK / "db-export.jsonl"
    with Clock() as exporting, open(path, "w", encoding="utf-8") as handle:
        exports.write_export(handle)
    with Clock() as verifying:
        assert verify.verify_file(path).ok
    return [
        [
            f"`record()`, one transaction each ({single:,} entries), entries/s",
            one_by_one.rate(single),
            "≥ 10,000",
        ],
        [
            f"`record_many()`, batches of {batch:,} ({count:,} entries), entries/s",
            batched.rate(count),
            "≥ 10,000",
        ],
        [f"inclusion proof from the database, tree of {size:,}: median / p95 ms", spread(direct, 1e3), "≤ 1"],
        ["the same through the HTTP API (Django test client): median / p95 ms", spread(http, 1e3), "—"],
        ["`ledger check` (quick self-check before serving), s", quick.seconds(), "—"],
        [f"`ledger check --full` (rehash all {size:,} entries), s", full.seconds(), "—"],
        [f"`ledger export` of {size:,} entries, s", exporting.seconds(), "—"],
        ["`ledger verify` of that export, s", verifying.seconds(), "—"],
    ]


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--entries", type=int, default=1_000_000, help="entries for the pure-tree figures")
    parser.add_argument("--db-entries", type=int, default=100_000, help="entries appended to the database")
    args = parser.parse_args(argv)
    load = os.getloadavg()[0]
    parts = [
        f"Load average at the start: {load:.1f} on a machine shared with other work; times are wall "
        "clock, with the process's CPU time in brackets."
    ]
    postgres = connection.vendor == "postgresql"
    if not postgres:
        # The pure figures do not depend on the database; the PostgreSQL run reports only its own part.
        print(f"pure tree: {args.entries:,} entries …", file=sys.stderr)
        parts += [
            "Pure tree code (`ledger/merkle.py`, `ledger/verify.py`; no database). Leaves are canonical JSON "
            "entries of about 160 bytes.",
            table(["measure", "result", "target"], bench_pure(args.entries)),
        ]
    backend = database()
    print(f"database ({backend}): {args.db_entries:,} entries …", file=sys.stderr)
    parts += [
        f"Through the platform on {backend} (`ledger.services`, `ledger.proofs`): an append takes the "
        "tree-state lock, canonicalises, hashes, stores the entry with its subtree hashes and saves the "
        "frontier. Single `record()` calls pay one commit each; imports use `record_many()`.",
        table(["measure", "result", "target"], bench_database(args.db_entries)),
    ]
    body = "\n\n".join(parts)
    if postgres:
        write_section("ledger-postgresql", "Transparency log on PostgreSQL", body)
    else:
        write_section("ledger", "Transparency log", body)
    print(body)


if __name__ == "__main__":
    main()
