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
    evidence = licence_income(licensed)
    rows = evidence["assets"]
    assert (
        rows[0]["licences"] == 2
        and rows[0]["income"] == {"HKD": "20000.00"}
        and rows[0]["royalty_rates"] == ["3.500"]
    )
    response = client_as(cast["people"]["bank"]).get(f"/api/v1/financing/loans/{licensed.pk}/evidence")
    assert response.status_code == 200 and response.json() == evidence
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
    evidence = licence_income(royalties)
    assert evidence["assets"][0]["income"] == {}  # a deal's income is the deal's, not added to the asset
    [deal] = evidence["deals"]
    assert deal["assets"] == [royalties.pledged.get().asset.number] and deal["received"] == {"USD": "1000.50"}
    assert deal["royalty_reports"] == [
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
    assert licence_income(royalties)["deals"] == []


PARTIES = ("bank", "insurer", "guarantor", "officer")


def _evidence_seen(client_as, cast, staff, loan):
    """The evidence as each party of the loan and the operator read it (API and page)."""
    seen = []
    for user in [*(cast["people"][role] for role in PARTIES), staff]:
        client = client_as(user)
        api = client.get(f"/api/v1/financing/loans/{loan.pk}/evidence")
        assert api.status_code == 200
        page = client.get(f"/financing/loans/{loan.pk}/").content.decode()
        seen.append((api.json(), page))
    return seen


def _deal_by(licensor, licensee, assets, reports):
    from deals.models import DealRoom, RoyaltyReport, TermSheet

    room = DealRoom.objects.create(
        title="Later licence", seller=licensor, buyer=licensee, deal_type="exclusive_licence",
        currency="USD", status=DealRoom.Status.SIGNED,
    )  # fmt: skip
    TermSheet.objects.create(
        room=room, number=1, side="seller", status=TermSheet.Status.ACCEPTED,
        terms={"assets": [asset.pk for asset in assets], "currency": "USD"},
    )  # fmt: skip
    for start, end, royalty in reports:
        RoyaltyReport.objects.create(
            room=room, period_start=start, period_end=end, sales_currency="USD", net_sales="1",
            royalty=royalty, currency="USD", lines=[],
        )  # fmt: skip
    return room


def test_the_next_owners_deals_are_not_the_old_lenders_evidence(
    royalties, cast, charlie_org, client_as, staff
):
    """After the sale the title is the buyer's: its own licences of the asset are none of the loan's parties'
    business, from any viewpoint."""
    asset = royalties.pledged.get().asset
    asset.__class__.objects.filter(pk=asset.pk).update(owner=cast["orgs"]["bidder"])
    _deal_by(
        cast["orgs"]["bidder"],
        charlie_org,
        [asset],
        [(datetime.date(2026, 1, 1), datetime.date(2026, 1, 31), "4444.44")],
    )
    assert [len(deal["royalty_reports"]) for deal in licence_income(royalties)["deals"]] == [2]
    for api, page in _evidence_seen(client_as, cast, staff, royalties):
        assert "4444.44" not in str(api) and "4,444.44" not in page


def test_income_after_the_pledges_are_released_is_not_evidence(royalties, alice_org, charlie_org):
    """A repaid loan (or one whose collateral is sold) shows only what was earned while the pledge held."""
    from assets.models import Encumbrance
    from deals.models import Payment
    from financing.models import Loan

    released = datetime.date(2026, 3, 31)
    pledge = royalties.pledged.get()
    Encumbrance.objects.filter(pk=pledge.encumbrance_id).update(released_at=released)
    Loan.objects.filter(pk=royalties.pk).update(stage=Loan.Stage.REPAID, closed_on=released)
    room = royalties.pledged.get().asset  # the borrower's later deal on the same asset
    _deal_by(
        alice_org, charlie_org, [room], [(datetime.date(2026, 4, 1), datetime.date(2026, 4, 30), "555.55")]
    )
    late = Payment.objects.get()
    Payment.objects.filter(pk=late.pk).update(paid_on=datetime.date(2026, 4, 15))
    evidence = licence_income(Loan.objects.get(pk=royalties.pk))
    assert evidence["until"] == "2026-03-31"
    [deal] = evidence["deals"]
    # Only the first quarter ended by the release; its payment came after it.
    assert [r["period_end"] for r in deal["royalty_reports"]] == ["2026-03-31"]
    assert deal["received"] == {"USD": "0.00"}


def test_a_deal_covering_two_pledged_assets_is_counted_once(
    royalties, alice_org, charlie_org, make_valued_asset
):
    from financing.models import LoanAsset

    first = royalties.pledged.get()
    second, valuation = make_valued_asset()
    LoanAsset.objects.create(loan=royalties, asset=second, valuation=valuation, value="1")
    _deal_by(
        alice_org,
        charlie_org,
        [first.asset, second],
        [(datetime.date(2026, 7, 1), datetime.date(2026, 9, 30), "300.00")],
    )
    evidence = licence_income(royalties)
    both = [deal for deal in evidence["deals"] if len(deal["assets"]) == 2]
    assert len(both) == 1 and both[0]["assets"] == sorted([first.asset.number, second.number])
    assert all(row["income"] == {} for row in evidence["assets"])
    assert sum(len(deal["royalty_reports"]) for deal in evidence["deals"]) == 3


def test_open_licences_granted_after_the_release_are_not_evidence(licensed):
    from assets.models import Encumbrance
    from financing.models import Loan

    assert licence_income(licensed)["assets"][0]["licences"] == 2
    before = datetime.date(2026, 1, 1)  # the grants were taken after the pledge was released
    Encumbrance.objects.filter(pk=licensed.pledged.get().encumbrance_id).update(released_at=before)
    Loan.objects.filter(pk=licensed.pk).update(stage=Loan.Stage.REPAID, closed_on=before)
    row = licence_income(Loan.objects.get(pk=licensed.pk))["assets"][0]
    assert row["licences"] == 0 and row["income"] == {}


def test_open_licences_granted_by_another_licensor_are_not_evidence(licensed, cast):
    from listings.models import Listing

    Listing.objects.update(organisation=cast["orgs"]["bidder"])  # the next owner's own listing
    assert licence_income(licensed)["assets"][0]["licences"] == 0
