"""Licence income recorded on the platform, shown to the lender as evidence of the collateral's value."""

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
