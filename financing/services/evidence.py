"""Evidence of value for the lender: licence income recorded on the platform for the pledged assets.

Open-licence grants (listings) and licence-back royalties are shown per asset as totals by currency, with
the royalty rates agreed; licensees are not named, since those terms are between patentee and licensee."""

from __future__ import annotations

from collections import defaultdict
from decimal import Decimal
from typing import Any

from django.db.models import Sum

from financing.models import LicenceBack, Loan, RoyaltyPayment


def licence_income(loan: Loan) -> list[dict[str, Any]]:
    """One row per pledged asset: licences recorded, fees received by currency, royalty rates."""
    from listings.models import OpenLicenceGrant

    rows = []
    for item in loan.pledged.select_related("asset"):
        grants = OpenLicenceGrant.objects.filter(encumbrances__asset=item.asset).distinct()
        fees: dict[str, Decimal] = defaultdict(Decimal)
        for grant in grants:
            fees[grant.currency] += grant.fee_paid
        royalties = RoyaltyPayment.objects.filter(agreement__in=LicenceBack.objects.filter(asset=item.asset))
        for currency, total in royalties.values_list("agreement__currency").annotate(total=Sum("amount")):
            fees[currency] += total
        rates = sorted({grant.royalty_rate for grant in grants if grant.royalty_rate is not None})
        rows.append(
            {
                "asset_id": item.asset_id,
                "number": item.asset.number,
                "licences": grants.count(),
                "income": {currency: str(total) for currency, total in sorted(fees.items())},
                "royalty_rates": [str(rate) for rate in rates],
            }
        )
    return rows
