"""Disposals through the API: who sees an auction, what bidders learn, and who may close or buy."""

import datetime
import json

import pytest
from django.utils import timezone

from financing.models import Disposal, Loan
from financing.services import default, servicing

pytestmark = pytest.mark.django_db


@pytest.fixture
def viewpoints(cast, alice, charlie, staff):
    return {
        "anonymous": None,
        "outsider": charlie,
        "participant": cast["people"]["bank"],
        "owner": alice,
        "staff": staff,
    }


@pytest.fixture
def defaulted(approved_loan, cast):
    bank = cast["people"]["bank"]
    loan = servicing.disburse(
        loan=approved_loan, by=bank, day=timezone.localdate() - datetime.timedelta(days=30)
    )
    return default.declare_default(loan=loan, by=bank, reasons="Stopped paying")


def post(client, url, body=None):
    return client.post(url, data=json.dumps(body or {}), content_type="application/json")


def test_the_fund_sees_its_offer_and_buys_on_it(client_as, defaulted, cast):
    # Every other viewpoint's answer is a row in test_pages.py (the disposal and its purchase).
    disposal = default.offer_to_fund(loan=defaulted, by=cast["people"]["bank"], fund=cast["orgs"]["fund"])
    url = f"/api/v1/financing/disposals/{disposal.pk}"
    fund = client_as(cast["people"]["fund"])
    assert fund.get(url).status_code == 200
    assert post(fund, f"{url}/purchase", {"price": "400000"}).status_code == 200
    assert Loan.objects.get(pk=defaulted.pk).stage == Loan.Stage.DISPOSED


def test_an_open_auction_is_seen_by_members_without_the_reserve_or_sealed_bids(
    client_as, viewpoints, defaulted, cast
):
    ends = timezone.now() + datetime.timedelta(hours=1)
    auction = default.start_auction(
        loan=defaulted, by=cast["people"]["bank"], reserve_price="123456", ends_at=ends
    )
    default.place_bid(
        disposal=auction, by=cast["people"]["bidder"], bidder=cast["orgs"]["bidder"], amount="200000"
    )
    url = f"/api/v1/financing/disposals/{auction.pk}"
    outsider = client_as(viewpoints["outsider"])
    seen = outsider.get(url)
    assert seen.status_code == 200 and seen.json()["reserve_price"] is None
    assert outsider.get(f"{url}/bids").json() == []
    assert client_as(viewpoints["participant"]).get(url).json()["reserve_price"] == "123456.00"
    assert client_as(viewpoints["anonymous"]).get(url).status_code == 401
    bids = client_as(cast["people"]["bidder"]).get(f"{url}/bids").json()
    assert [bid["amount"] for bid in bids] == ["200000.00"]
    # Only the bank closes, and only after the end.
    assert post(outsider, f"{url}/close").status_code == 404
    assert post(client_as(viewpoints["participant"]), f"{url}/close").status_code == 409
    assert Disposal.objects.get(pk=auction.pk).status == Disposal.Status.OPEN


def test_an_outsider_bids_for_its_own_organisation_only(client_as, viewpoints, defaulted, cast, charlie_org):
    ends = timezone.now() + datetime.timedelta(hours=1)
    auction = default.start_auction(
        loan=defaulted, by=cast["people"]["bank"], reserve_price="1", ends_at=ends
    )
    url = f"/api/v1/financing/disposals/{auction.pk}/bids"
    outsider = client_as(viewpoints["outsider"])
    assert post(outsider, url, {"bidder": cast["orgs"]["bidder"].slug, "amount": "10"}).status_code == 403
    assert post(outsider, url, {"bidder": charlie_org.slug, "amount": "10"}).status_code == 201
    assert auction.bids.count() == 1
