"""Books and reports: a lending desk's book, an insurer's or guarantor's exposure, a programme's report."""

from __future__ import annotations

import io
from collections import Counter, defaultdict
from collections.abc import Callable
from decimal import Decimal
from typing import Any

from django.db.models import QuerySet, Sum

from core.money import Money
from core.spreadsheets import SafeWorkbook, SafeWriter
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
    totals: dict[str, Decimal] = defaultdict(lambda: ZERO)
    for loan in loans:
        by_stage[loan.stage] += 1
        amount = exposure(loan)
        if amount:
            # Amounts in different currencies are never added up: each bar and total names its currency.
            by_sector[f"{loan.technology_field or '—'} ({loan.currency})"] += amount
            by_programme[f"{loan.programme.name} ({loan.currency})"] += amount
            totals[loan.currency] += amount
            bands[ltv_band(loan.current_ltv if loan.current_ltv is not None else loan.ltv)] += 1
    return {
        "stages": [(stage, label, by_stage[stage]) for stage, label in Loan.Stage.choices],
        "by_sector": sorted(by_sector.items(), key=lambda item: -item[1]),
        "by_programme": sorted(by_programme.items(), key=lambda item: -item[1]),
        "ltv_bands": [(band, bands[band]) for band in _band_names() if bands[band]],
        "alerts": list(CovenantAlert.objects.filter(loan__in=loans).select_related("loan")[:50]),
        "total_exposure": sorted(totals.items()),
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


def totals_by_currency(rows: list[dict[str, Any]]) -> list[tuple[str, Decimal]]:
    """The exposure of party_exposure's rows summed by the loans' currencies."""
    totals: dict[str, Decimal] = defaultdict(lambda: ZERO)
    for row in rows:
        totals[row["loan"].currency] += row["exposure"]
    return sorted(totals.items())


def programme_report(programme: Programme) -> dict[str, Any]:
    """Applications, approvals, amounts, defaults, losses by party and subsidies of one programme."""
    loans = programme.loans.all()
    approved = loans.exclude(principal__isnull=True)
    losses = LossAllocation.objects.filter(loan__programme=programme).aggregate(
        **{name: Sum(name) for name in ("loss", "government_compensation", "insurer", "guarantor", "bank")}
    )
    claims = SubsidyClaim.objects.filter(loan__programme=programme)

    def amount(value: Decimal | None) -> str:
        # Sums come back from some databases without their trailing zeros: show the currency's cents.
        return str(Money(value or ZERO, programme.currency).rounded().amount)

    def total(rows: QuerySet, field: str) -> str:
        return amount(rows.aggregate(total=Sum(field))["total"])

    return {
        "programme": programme.name,
        "currency": programme.currency,
        "applications": loans.count(),
        "refused": loans.filter(stage=Loan.Stage.REFUSED).count(),
        "approved": approved.count(),
        "requested_amount": total(loans, "requested_amount"),
        "approved_amount": total(approved, "principal"),
        "defaults": loans.filter(defaulted_on__isnull=False).count(),
        "repaid": loans.filter(stage=Loan.Stage.REPAID).count(),
        "losses": {name: amount(value) for name, value in losses.items()},
        "subsidies_claimed": total(claims, "amount"),
        "subsidies_paid": total(claims.filter(status=SubsidyClaim.Status.PAID), "amount"),
        "subsidy_budget": amount(programme.subsidy_budget),
    }


COLUMNS = (
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
AMOUNTS = ("requested", "principal", "loss", "insurer", "guarantor", "bank")
# Totals of programme_report that are amounts in the programme's currency (the rest are counts).
TOTAL_AMOUNTS = {
    "requested_amount",
    "approved_amount",
    "subsidies_claimed",
    "subsidies_paid",
    "subsidy_budget",
}


def _loan_rows(programme: Programme) -> list[dict[str, Any]]:
    """One row per loan of the programme, amounts as exact Decimals."""
    rows = []
    for loan in programme.loans.select_related("borrower").order_by("pk"):
        loss = getattr(loan, "loss", None)
        rows.append(
            {
                "loan": loan.pk,
                "stage": loan.stage,
                "borrower": loan.borrower.name,
                "technology_field": loan.technology_field,
                "currency": loan.currency,
                "requested": loan.requested_amount,
                "principal": loan.principal,
                "ltv": loan.ltv,
                "defaulted_on": loan.defaulted_on,
                **{name: getattr(loss, name) if loss else None for name in AMOUNTS[2:]},
            }
        )
    return rows


def _totals(programme: Programme) -> list[tuple[str, Any]]:
    """The programme's totals as (name, value) pairs; amounts as Money, losses one line per party."""
    totals: list[tuple[str, Any]] = []
    for key, value in programme_report(programme).items():
        if key == "losses":
            for name, amount in value.items():
                totals.append((f"losses.{name}", Money(Decimal(amount), programme.currency)))
        elif key in TOTAL_AMOUNTS:
            totals.append((key, Money(Decimal(value), programme.currency)))
        else:
            totals.append((key, value))
    return totals


def programme_csv(programme: Programme) -> str:
    """One row per loan (amounts in the loan's currency, named in its column), then the programme's totals
    (amount, currency), for the sandbox's reporting."""
    buffer = io.StringIO()
    writer = SafeWriter(buffer)  # a borrower's name is theirs to type: no cell may start a formula
    writer.writerow(COLUMNS)
    for row in _loan_rows(programme):
        writer.writerow(["" if row[name] is None else row[name] for name in COLUMNS])
    writer.writerow([])
    for key, value in _totals(programme):
        writer.writerow([key, value.amount, value.currency] if isinstance(value, Money) else [key, value])
    return buffer.getvalue()


def programme_xlsx(programme: Programme) -> bytes:
    """The same report as an XLSX workbook: a sheet of loans and a sheet of totals; amounts are numbers
    formatted with their currency, at full precision."""
    buffer = io.BytesIO()
    book = SafeWorkbook(buffer)
    loans = book.sheet("loans")
    loans.writerow(COLUMNS)
    for row in _loan_rows(programme):
        loans.writerow(
            [
                Money(row[name], row["currency"]) if name in AMOUNTS and row[name] is not None else row[name]
                for name in COLUMNS
            ]
        )
    book.sheet("totals").writerows(_totals(programme))
    book.close()
    return buffer.getvalue()


XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
EXPORTS: dict[str, tuple[str, Callable[[Programme], str | bytes]]] = {
    "csv": ("text/csv; charset=utf-8", programme_csv),
    "xlsx": (XLSX, programme_xlsx),
}


def programme_export(programme: Programme, extension: str) -> tuple[str | bytes, str, str]:
    """The report in one of EXPORTS' formats: (content, content type, file name)."""
    content_type, render = EXPORTS[extension]
    return render(programme), content_type, f"programme-{programme.pk}.{extension}"
