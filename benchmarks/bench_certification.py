"""Certification benchmark: signing attestations, verifying them (signature, key, status and the
transparency-log proof), and rendering the PDF certificate.

No target in DESIGN.md; the figures say what a request costs. The database is a fresh SQLite file in a
temporary directory (keys too); nothing else is touched.

    python -m benchmarks.bench_certification [--attestations N]
"""

import argparse
import os
import statistics
import tempfile
import time
from pathlib import Path
from typing import Any

WORK = Path(tempfile.mkdtemp(prefix="ipharbour-bench-certification-"))
os.environ.pop("DATABASE_URL", None)
os.environ["IPHARBOUR_DATA_DIR"] = str(WORK)
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "ipharbour.settings")

import django  # noqa: E402

django.setup()

from django.core.management import call_command  # noqa: E402

from benchmarks.report import table, write_section  # noqa: E402


def percentile(samples: list[float], fraction: float) -> float:
    ordered = sorted(samples)
    return ordered[min(len(ordered) - 1, int(fraction * len(ordered)))]


def row(name: str, samples: list[float]) -> list[object]:
    ms = [s * 1000 for s in samples]
    return [name, len(ms), f"{statistics.median(ms):.2f}", f"{percentile(ms, 0.95):.2f}"]


def timed(function, *args, **kwargs) -> tuple[float, Any]:
    start = time.perf_counter()
    result = function(*args, **kwargs)
    return time.perf_counter() - start, result


def world():
    from accounts.models import Membership, Organisation, User
    from certification import services
    from tests.factories import make_asset

    def organisation(name: str, kind: str) -> Organisation:
        return Organisation.objects.create(
            name=name, slug=name.lower().replace(" ", "-"), kind=kind, jurisdiction="HK", status="approved"
        )

    owner, certifier = organisation("Bench Bio", "company"), organisation("Bench Certifier", "certifier")
    alice = User.objects.create_user("owner@bench.example", "x")
    cara = User.objects.create_user("certifier@bench.example", "x")
    Membership.objects.create(user=alice, organisation=owner, role="admin")
    Membership.objects.create(user=cara, organisation=certifier, role="admin")
    services.save_service(
        certifier=certifier, by=cara, claim="validity", fee_amount="8000", fee_currency="HKD"
    )
    return owner, certifier, alice, cara, make_asset


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--attestations", type=int, default=200)
    count = parser.parse_args().attestations
    call_command("migrate", verbosity=0)
    from certification import credentials, pdf, services, verification

    owner, certifier, alice, cara, make_asset = world()
    requests, issues, verifies, proofs, pdfs = [], [], [], [], []
    attestations = []
    for n in range(count):
        asset = make_asset(owner, number=f"CN{n:09d}A")
        seconds, request = timed(
            services.request_certification,
            requester=owner,
            asset=asset,
            certifier=certifier,
            claims=["validity"],
            by=alice,
        )
        requests.append(seconds)
        seconds, attestation = timed(
            services.decide, requested=request.claims.get(), by=cara, grant=True, reasons="ok"
        )
        issues.append(seconds)
        attestations.append(attestation)
    for attestation in attestations:
        seconds, report = timed(verification.verify_attestation, attestation)
        assert report.status == verification.VALID, report.checks
        verifies.append(seconds)
        proofs.append(timed(credentials.verify_proof, attestation.credential)[0])
    first = timed(pdf.certificate, attestations[0])[0]
    for attestation in attestations[1 : min(21, count)]:
        pdfs.append(timed(pdf.certificate, attestation)[0])
    rows = [
        row("request (automatic checks included)", requests),
        row("decide + sign + log (eddsa-jcs-2022)", issues),
        row("signature check alone", proofs),
        row("full verification (signature, key, status, log proof to a signed head)", verifies),
        row("PDF certificate, first (font subset cut)", [first]),
        row("PDF certificate, next ones (subset cached)", pdfs),
    ]
    body = table(["step", "n", "median ms", "p95 ms"], rows)
    body += (
        "\n\nOne attestation per asset on a fresh SQLite database; the log grows by one entry per "
        "attestation. "
        "A PDF whose Chinese characters are new pays for cutting the Noto CJK subset (under a second); "
        "certificates with the same Chinese text reuse the cached subset."
    )
    write_section("certification", "Certification: signing, verification, certificates", body)
    print(body)


if __name__ == "__main__":
    main()
