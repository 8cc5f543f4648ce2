"""Demo data for valuation on request: the demo valuer's fee list and one request waiting for it."""

from decimal import Decimal

from accounts.models import Organisation, User
from assets.models import Asset
from valuation.requests.models import ValuationRequest, ValuerService

SERVICES = [
    ("Patent valuation report (income and market methods)", "专利评估报告（收益法与市场法）", "68000", 25),
    ("GB/T 42748-2023 indicator scoring", "GB/T 42748-2023 指标评分", "18000", 10),
]


def load_demo_valuation(orgs: dict[str, Organisation]) -> None:
    """Idempotent: the services exist once, and the Shanghai oncology company's request is sent once."""
    valuer = orgs["demo-valuer"]
    offered = []
    for title, description, fee, days in SERVICES:
        service, _created = ValuerService.objects.get_or_create(
            organisation=valuer,
            title=title,
            defaults={
                "description": description,
                "fee_amount": Decimal(fee),
                "fee_currency": "HKD",
                "turnaround_days": days,
            },
        )
        offered.append(service)
    owner = orgs["demo-shanghai-oncology"]
    asset = Asset.objects.filter(owner=owner, is_demo=True).order_by("pk").first()
    if asset is None or ValuationRequest.objects.filter(asset=asset, valuer=valuer).exists():
        return
    ValuationRequest.objects.create(
        asset=asset,
        organisation=owner,
        valuer=valuer,
        service=offered[0],
        purpose="licensing",
        message="Needed for the licensing talks and the valuation-fee subsidy. (demo)",
        fee_amount=offered[0].fee_amount,
        fee_currency=offered[0].fee_currency,
        requested_by=User.objects.filter(email="bd@demo.ipharbour.example").first(),
    )
