"""Evidence of value for the lender: licence income recorded on the platform for the pledged assets.

Open-licence grants (listings), licence-back royalties and the royalties reported under signed deals in the
deal room are shown per asset as totals by currency. Of a deal the lender learns only each royalty report's
period, the royalty due and what was received, in the deal currency (`deals.services.royalties.
reported_on_assets`); licensees are not named, and net sales, rates and the other terms stay between
licensor and licensee."""

from __future__ import annotations

from collections import defaultdict
from decimal import Decimal
from typing import Any

from django.db.models import Sum

from financing.models import LicenceBack, Loan, RoyaltyPayment


def licence_income(loan: Loan) -> list[dict[str, Any]]:
    """One row per pledged asset: licences recorded, income by currency, royalty rates of open licences,
    and the deal room's royalty reports (period, royalty due, received)."""
    from deals.services.royalties import reported_on_assets
    from listings.models import OpenLicenceGrant

    items = list(loan.pledged.select_related("asset"))
    licensors = {loan.borrower_id, *(item.asset.owner_id for item in items if item.asset.owner_id)}
    deals = reported_on_assets([item.asset_id for item in items], sorted(licensors))
    rows = []
    for item in items:
        grants = OpenLicenceGrant.objects.filter(encumbrances__asset=item.asset).distinct()
        income: dict[str, Decimal] = defaultdict(Decimal)
        for grant in grants:
            income[grant.currency] += grant.fee_paid
        royalties = RoyaltyPayment.objects.filter(agreement__in=LicenceBack.objects.filter(asset=item.asset))
        for currency, total in royalties.values_list("agreement__currency").annotate(total=Sum("amount")):
            income[currency] += total
        reports = deals[item.asset_id]
        for report in reports:
            income[report["currency"]] += report["received"]
        rates = sorted({grant.royalty_rate for grant in grants if grant.royalty_rate is not None})
        rows.append(
            {
                "asset_id": item.asset_id,
                "number": item.asset.number,
                "licences": grants.count(),
                "income": {currency: str(total) for currency, total in sorted(income.items())},
                "royalty_rates": [str(rate) for rate in rates],
                "royalty_reports": [_report(report) for report in reports],
            }
        )
    return rows


def _report(report: dict[str, Any]) -> dict[str, str]:
    return {
        "period_start": report["period_start"].isoformat(),
        "period_end": report["period_end"].isoformat(),
        "royalty": str(report["royalty"]),
        "received": str(report["received"]),
        "currency": report["currency"],
    }
