"""Books and reports: a lending desk's book, an insurer's or guarantor's exposure, a programme's report."""

from __future__ import annotations

import io
from collections import Counter, defaultdict
from decimal import Decimal
from typing import Any

from django.db.models import QuerySet, Sum

from core.spreadsheets import SafeWriter
from financing.models import CovenantAlert, Loan, LossAllocation, Programme, SubsidyClaim
from financing.services.servicing import outstanding

ZERO = Decimal(0)
# Loan-to-value bands of the desk's distribution, as upper bounds (the last band is open-ended).
LTV_BANDS = (Decimal("0.2"), Decimal("0.3"), Decimal("0.4"), Decimal("0.5"), Decimal("0.6"), Decimal("0.7"))
SHARE_OF = {"insurer": "insurer_share", "guarantor": "guarantor_share", "bank": "bank_share"}


def exposure(loan: Loan) -> Decimal:
    """What is at risk on a loan: the debt outstanding once disbursed, the approved or asked amount before."""
    if loan.stage in (Loan.Stage.ACTIVE, Loan.Stage.DEFAULTED):
        return outstanding(loan)
    if loan.stage in (Loan.Stage.REPAID, Loan.Stage.DISPOSED, Loan.Stage.REFUSED):
        return ZERO
    return loan.principal or loan.requested_amount


def ltv_band(ratio: Decimal | None) -> str:
    if ratio is None:
        return "—"
    lower = Decimal(0)
    for upper in LTV_BANDS:
        if ratio <= upper:
            return f"{lower:.0%}–{upper:.0%}"
        lower = upper
    return f">{LTV_BANDS[-1]:.0%}"


def book(loans: QuerySet[Loan]) -> dict[str, Any]:
    """A lending desk's book over the loans it may see: stages, exposure by sector and programme,
    loan-to-value distribution and covenant alerts."""
    loans = loans.select_related("programme", "borrower")
    by_stage: Counter[str] = Counter()
    by_sector: dict[str, Decimal] = defaultdict(lambda: ZERO)
    by_programme: dict[str, Decimal] = defaultdict(lambda: ZERO)
    bands: Counter[str] = Counter()
    for loan in loans:
        by_stage[loan.stage] += 1
        amount = exposure(loan)
        if amount:
            by_sector[loan.technology_field or "—"] += amount
            by_programme[loan.programme.name] += amount
            bands[ltv_band(loan.current_ltv if loan.current_ltv is not None else loan.ltv)] += 1
    return {
        "stages": [(stage, label, by_stage[stage]) for stage, label in Loan.Stage.choices],
        "by_sector": sorted(by_sector.items(), key=lambda item: -item[1]),
        "by_programme": sorted(by_programme.items(), key=lambda item: -item[1]),
        "ltv_bands": [(band, bands[band]) for band in _band_names() if bands[band]],
        "alerts": list(CovenantAlert.objects.filter(loan__in=loans).select_related("loan")[:50]),
        "total_exposure": sum(by_programme.values(), ZERO),
    }


def _band_names() -> list[str]:
    names, lower = [], Decimal(0)
    for upper in LTV_BANDS:
        names.append(f"{lower:.0%}–{upper:.0%}")
        lower = upper
    return [*names, f">{LTV_BANDS[-1]:.0%}"]


def party_exposure(loans: QuerySet[Loan], role: str) -> list[dict[str, Any]]:
    """An insurer's or guarantor's share of each loan's risk, and the claims (losses) it bore."""
    rows = []
    for loan in loans.select_related("programme", "borrower"):
        share = getattr(loan.programme, SHARE_OF[role])
        loss = getattr(loan, "loss", None)
        rows.append(
            {
                "loan": loan,
                "share": share,
                "exposure": (exposure(loan) * share).quantize(Decimal("0.01")),
                "earned": loan.premium if role == "insurer" else loan.guarantee_fee,
                "claim": getattr(loss, role) if loss else None,
            }
        )
    return rows


def programme_report(programme: Programme) -> dict[str, Any]:
    """Applications, approvals, amounts, defaults, losses by party and subsidies of one programme."""
    loans = programme.loans.all()
    approved = loans.exclude(principal__isnull=True)
    losses = LossAllocation.objects.filter(loan__programme=programme).aggregate(
        **{name: Sum(name) for name in ("loss", "government_compensation", "insurer", "guarantor", "bank")}
    )
    claims = SubsidyClaim.objects.filter(loan__programme=programme)
    return {
        "programme": programme.name,
        "currency": programme.currency,
        "applications": loans.count(),
        "refused": loans.filter(stage=Loan.Stage.REFUSED).count(),
        "approved": approved.count(),
        "requested_amount": str(loans.aggregate(total=Sum("requested_amount"))["total"] or ZERO),
        "approved_amount": str(approved.aggregate(total=Sum("principal"))["total"] or ZERO),
        "defaults": loans.filter(defaulted_on__isnull=False).count(),
        "repaid": loans.filter(stage=Loan.Stage.REPAID).count(),
        "losses": {name: str(value or ZERO) for name, value in losses.items()},
        "subsidies_claimed": str(claims.aggregate(total=Sum("amount"))["total"] or ZERO),
        "subsidies_paid": str(
            claims.filter(status=SubsidyClaim.Status.PAID).aggregate(total=Sum("amount"))["total"] or ZERO
        ),
        "subsidy_budget": str(programme.subsidy_budget),
    }


CSV_COLUMNS = (
    "loan",
    "stage",
    "borrower",
    "technology_field",
    "currency",
    "requested",
    "principal",
    "ltv",
    "defaulted_on",
    "loss",
    "insurer",
    "guarantor",
    "bank",
)


def programme_csv(programme: Programme) -> str:
    """One row per loan, then the programme's totals, for the sandbox's reporting.

    Amounts stay machine-readable (plain decimals, no grouping) with the currency in its own column."""
    buffer = io.StringIO()
    writer = SafeWriter(buffer)  # a borrower's name is theirs to type: no cell may start a formula
    writer.writerow(CSV_COLUMNS)
    for loan in programme.loans.select_related("borrower").order_by("pk"):
        loss = getattr(loan, "loss", None)
        parts = [getattr(loss, name) if loss else "" for name in ("loss", "insurer", "guarantor", "bank")]
        writer.writerow(
            [
                loan.pk,
                loan.stage,
                loan.borrower.name,
                loan.technology_field,
                loan.currency,
                loan.requested_amount,
                loan.principal or "",
                loan.ltv,
                loan.defaulted_on or "",
                *parts,
            ]
        )
    writer.writerow([])
    for key, value in programme_report(programme).items():
        writer.writerow([key, *(value.items() if isinstance(value, dict) else [value])])
    return buffer.getvalue()
