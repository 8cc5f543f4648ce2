"""Evidence of value for the lender: licence income the borrower earned on the platform from the pledged
assets while the loan held them.

Open-licence grants (listings), licence-back royalties and the royalties reported under signed deals in the
deal room count only with the borrower as licensor, and only up to the day the pledges were released (the
loan repaid or its collateral sold): the next holder's income is not the old lender's business. Grants and
licence-back royalties are shown per asset as totals by currency; a deal's royalty reports are shown once per
deal, listing the pledged assets it covers, never added to each asset. Of a deal the lender learns only each
royalty report's period, the royalty due and what was received, in the deal currency
(`deals.services.royalties.reported_on_assets`); licensees are not named, and net sales, rates and the other
terms stay between licensor and licensee."""

from __future__ import annotations

import datetime
from collections import defaultdict
from decimal import Decimal
from typing import Any

from django.db.models import Sum

from financing.models import LicenceBack, Loan, RoyaltyPayment

CLOSED = (Loan.Stage.REPAID, Loan.Stage.DISPOSED)


def evidence_until(loan: Loan) -> datetime.date | None:
    """The last day the loan's income counts: the first release of a pledge, or the day a repaid or disposed
    loan closed; None while the pledges hold."""
    days = loan.pledged.values_list("encumbrance__released_at", flat=True)
    ends = [day for day in days if day is not None]
    if loan.stage in CLOSED:
        ends.append(loan.closed_on or datetime.date.min)
    return min(ends) if ends else None


def licence_income(loan: Loan) -> dict[str, Any]:
    """The borrower's licence income from the pledged assets up to `evidence_until`: per asset, licences
    recorded, income by currency and royalty rates of open licences; per deal, the royalty reports."""
    from deals.services.royalties import reported_on_assets
    from listings.models import OpenLicenceGrant

    until = evidence_until(loan)
    items = list(loan.pledged.select_related("asset"))
    numbers = {item.asset_id: item.asset.number for item in items}
    rows = []
    for item in items:
        grants = OpenLicenceGrant.objects.filter(
            encumbrances__asset=item.asset, listing__organisation_id=loan.borrower_id
        ).distinct()
        agreements = LicenceBack.objects.filter(asset=item.asset, investor_id=loan.borrower_id)
        royalties = RoyaltyPayment.objects.filter(agreement__in=agreements)
        if until is not None:
            grants = grants.filter(created_at__date__lte=until)
            royalties = royalties.filter(paid_on__lte=until)
        income: dict[str, Decimal] = defaultdict(Decimal)
        for grant in grants:
            income[grant.currency] += grant.fee_paid
        for currency, total in royalties.values_list("agreement__currency").annotate(total=Sum("amount")):
            income[currency] += total
        rates = sorted({grant.royalty_rate for grant in grants if grant.royalty_rate is not None})
        rows.append(
            {
                "asset_id": item.asset_id,
                "number": item.asset.number,
                "licences": grants.count(),
                "income": {currency: str(total) for currency, total in sorted(income.items())},
                "royalty_rates": [str(rate) for rate in rates],
            }
        )
    deals = reported_on_assets(list(numbers), loan.borrower_id, until)
    return {
        "until": until.isoformat() if until is not None else None,
        "assets": rows,
        "deals": [_deal(deal, numbers) for deal in deals],
    }


def _deal(deal: dict[str, Any], numbers: dict[int, str]) -> dict[str, Any]:
    received: dict[str, Decimal] = defaultdict(Decimal)
    for report in deal["reports"]:
        received[report["currency"]] += report["received"]
    return {
        "assets": [numbers[pk] for pk in deal["assets"]],
        "received": {currency: str(total) for currency, total in sorted(received.items())},
        "royalty_reports": [_report(report) for report in deal["reports"]],
    }


def _report(report: dict[str, Any]) -> dict[str, str]:
    return {
        "period_start": report["period_start"].isoformat(),
        "period_end": report["period_end"].isoformat(),
        "royalty": str(report["royalty"]),
        "received": str(report["received"]),
        "currency": report["currency"],
    }
