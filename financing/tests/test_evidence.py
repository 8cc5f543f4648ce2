"""Licence income recorded on the platform, shown to the lender as evidence of the collateral's value."""

import datetime

import pytest

from assets.services import add_encumbrance
from financing.services.evidence import licence_income

pytestmark = pytest.mark.django_db


@pytest.fixture
def licensed(approved_loan, alice, alice_org, charlie_org, cast):
    from django.utils import timezone

    from listings.models import OpenLicenceGrant
    from listings.services import create_listing

    asset = approved_loan.pledged.get().asset
    listing = create_listing(
        organisation=alice_org, by=alice, assets=[asset], title="Open licence", summary="Open."
    )
    for licensee, fee in ((charlie_org, "12000.00"), (cast["orgs"]["bidder"], "8000.00")):
        grant = OpenLicenceGrant.objects.create(
            listing=listing,
            organisation=licensee,
            fee_paid=fee,
            currency="HKD",
            royalty_rate="3.5",
            payment_reference="x",
        )
        grant.encumbrances.add(
            add_encumbrance(
                asset=asset,
                by=alice,
                kind="non_exclusive_licence",
                holder_name=licensee.name,
                start_date=timezone.localdate(),
            )
        )
    return approved_loan


def test_the_lender_sees_licence_income_but_not_the_licensees(licensed, client_as, cast):
    rows = licence_income(licensed)
    assert (
        rows[0]["licences"] == 2
        and rows[0]["income"] == {"HKD": "20000.00"}
        and rows[0]["royalty_rates"] == ["3.500"]
    )
    response = client_as(cast["people"]["bank"]).get(f"/api/v1/financing/loans/{licensed.pk}/evidence")
    assert response.status_code == 200 and response.json() == rows
    assert "Charlie Pharma" not in response.content.decode()


def test_outsiders_get_404_for_the_evidence(licensed, client_as, charlie):
    assert client_as(charlie).get(f"/api/v1/financing/loans/{licensed.pk}/evidence").status_code == 404


@pytest.fixture
def royalties(approved_loan, alice, alice_org, charlie_org):
    """A licence of the pledged asset signed in a deal room, with two royalty reports, one paid."""
    from deals.models import DealRoom, Payment, RoyaltyReport, TermSheet

    asset = approved_loan.pledged.get().asset
    room = DealRoom.objects.create(
        title="Secret licence", seller=alice_org, buyer=charlie_org, deal_type="exclusive_licence",
        currency="USD", status=DealRoom.Status.SIGNED,
    )  # fmt: skip
    TermSheet.objects.create(
        room=room, number=1, side="seller", status=TermSheet.Status.ACCEPTED,
        terms={"assets": [asset.pk], "royalty_tiers": [{"rate": "7.25"}], "currency": "USD"},
    )  # fmt: skip
    periods = [(datetime.date(2026, 1, 1), datetime.date(2026, 3, 31), "1000.50", "987654.32")]
    periods.append((datetime.date(2026, 4, 1), datetime.date(2026, 6, 30), "2000.25", "123456.78"))
    reports = []
    for start, end, royalty, sales in periods:
        report = RoyaltyReport.objects.create(
            room=room, period_start=start, period_end=end, sales_currency="USD", net_sales=sales,
            royalty=royalty, currency="USD", lines=[{"product": "Secret drug", "net_sales": sales}],
        )  # fmt: skip
        reports.append(report)
    Payment.objects.create(
        room=room, report=reports[0], amount="1000.50", currency="USD", paid_on=datetime.date(2026, 4, 15),
        reference="wire",
    )  # fmt: skip
    return approved_loan


def test_royalties_reported_in_the_deal_room_are_shown_without_the_deals_terms(royalties, client_as, cast):
    rows = licence_income(royalties)
    assert rows[0]["income"] == {"USD": "1000.50"}
    assert rows[0]["royalty_reports"] == [
        {"period_start": "2026-01-01", "period_end": "2026-03-31", "royalty": "1000.50",
         "received": "1000.50", "currency": "USD"},
        {"period_start": "2026-04-01", "period_end": "2026-06-30", "royalty": "2000.25",
         "received": "0.00", "currency": "USD"},
    ]  # fmt: skip
    bank = client_as(cast["people"]["bank"])
    api = bank.get(f"/api/v1/financing/loans/{royalties.pk}/evidence").content.decode()
    page = bank.get(f"/financing/loans/{royalties.pk}/").content.decode()
    for secret in ("Charlie Pharma", "Secret drug", "987654", "7.25", "Secret licence"):
        assert secret not in api and secret not in page
    assert "2,000.25" in page and "2026-04-01" in page


def test_a_deal_that_is_not_signed_is_no_evidence(royalties):
    from deals.models import DealRoom

    DealRoom.objects.update(status=DealRoom.Status.OPEN)
    assert licence_income(royalties)[0]["royalty_reports"] == []
