"""A collateral auction where buyers look (marketplace, asset page, auctions page), and its sale: the title
moves to the buyer in the registry and the log, and the winner's deal goes through a deal room."""

import datetime
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from accounts.models import Organisation
from assets.models import TitleTransfer
from core.errors import Forbidden
from deals.models import DealRoom
from financing.models import Bid, Disposal
from financing.services import default, servicing
from ledger.models import Entry
from tests.matrix import LOGIN, Row, check_viewpoint, each_viewpoint

pytestmark = pytest.mark.django_db


@pytest.fixture
def auction(approved_loan, cast):
    bank = cast["people"]["bank"]
    loan = servicing.disburse(
        loan=approved_loan, by=bank, day=timezone.localdate() - datetime.timedelta(days=200)
    )
    default.declare_default(loan=loan, by=bank, reasons="Borrower stopped paying")
    return default.start_auction(
        loan=loan, by=bank, reserve_price="300000", ends_at=timezone.now() + datetime.timedelta(hours=1)
    )


def _close(disposal, cast):
    bidder = cast["people"]["bidder"]
    default.place_bid(disposal=disposal, by=bidder, bidder=cast["orgs"]["bidder"], amount="350000.55")
    Disposal.objects.filter(pk=disposal.pk).update(ends_at=timezone.now() - datetime.timedelta(seconds=1))
    return default.close_auction(disposal=disposal, by=cast["people"]["bank"])


def test_the_winner_takes_the_title_free_of_the_pledge(auction, cast):
    closed = _close(auction, cast)
    item = closed.loan.pledged.select_related("asset", "encumbrance").get()
    transfer = TitleTransfer.objects.get(asset=item.asset)
    assert item.encumbrance.released_at is not None
    assert transfer.to_organisation == cast["orgs"]["bidder"] and transfer.reference.endswith(str(closed.pk))
    assert item.asset.__class__.objects.get(pk=item.asset_id).owner == cast["orgs"]["bidder"]
    logged = Entry.objects.filter(kind="asset.transferred", subject=f"assets.asset:{item.asset_id}")
    assert logged.count() == 1


def test_the_winners_deal_goes_through_a_deal_room_with_the_bank(auction, cast, client_as, alice):
    closed = _close(auction, cast)
    room = closed.deal_room
    assert room.seller == cast["orgs"]["bank"] and room.buyer == cast["orgs"]["bidder"]
    assert room.deal_type == "assignment" and room.currency == "HKD"
    seated = set(room.members.values_list("user__email", flat=True))
    assert seated == {"bank@example.com", "bidder@example.com"}
    page = reverse("financing:disposal", args=[closed.pk])
    assert (
        reverse("deals:room", args=[room.pk])
        in client_as(cast["people"]["bidder"]).get(page).content.decode()
    )
    # The borrower sees the sale on its loan's disposal, but the room is the bank's and the buyer's.
    assert reverse("deals:room", args=[room.pk]) not in client_as(alice).get(page).content.decode()
    assert not DealRoom.objects.restrict(alice).filter(pk=room.pk).exists()
    api = client_as(cast["people"]["bank"]).get(f"/api/v1/financing/disposals/{closed.pk}").json()
    assert api["deal_room_id"] == room.pk and api["currency"] == "HKD" and api["price"] == "350000.55"


def test_a_recovery_fund_purchase_records_the_transfer_to_the_fund(auction, cast):
    Disposal.objects.filter(pk=auction.pk).update(status=Disposal.Status.UNSOLD)
    loan = auction.loan
    disposal = default.offer_to_fund(loan=loan, by=cast["people"]["bank"], fund=cast["orgs"]["fund"])
    default.fund_purchase(disposal=disposal, by=cast["people"]["fund"], price="200000")
    asset = loan.pledged.get().asset
    assert TitleTransfer.objects.get(asset=asset).to_organisation == cast["orgs"]["fund"]
    disposal.refresh_from_db()
    assert disposal.deal_room is None


def test_an_organisation_awaiting_approval_cannot_bid(auction, cast, make_organisation, make_user):
    pending = make_organisation("Pending Buyer", "company")
    Organisation.objects.filter(pk=pending.pk).update(status=Organisation.Status.PENDING)
    pending.refresh_from_db()
    person = make_user("pending@example.com", pending, "admin")
    with pytest.raises(Forbidden):
        default.place_bid(disposal=auction, by=person, bidder=pending, amount="400000")
    assert not auction.bids.exists()


def test_the_marketplace_and_the_asset_page_link_to_an_open_auction(auction, client_as, charlie):
    auctions, page = reverse("financing:auctions"), reverse("financing:disposal", args=[auction.pk])
    asset = auction.loan.pledged.get().asset
    market = client_as(charlie).get(reverse("listings:browse")).content.decode()
    assert auctions in market
    assert page in client_as(charlie).get(reverse("assets:detail", args=[asset.pk])).content.decode()
    assert auctions not in client_as(None).get(reverse("listings:browse")).content.decode()


def test_the_auctions_page_lists_an_open_auction_without_its_reserve(auction, client_as, charlie):
    # Who may open the page is financing:auctions's row (test_pages.py); an open auction is for every member.
    response = client_as(charlie).get(reverse("financing:auctions"))
    assert reverse("financing:disposal", args=[auction.pk]) in response.content.decode()
    assert "300,000" not in response.content.decode()


def test_a_closed_auction_leaves_the_outsiders_list(auction, cast, client_as, charlie):
    closed = _close(auction, cast)
    page = reverse("financing:disposal", args=[closed.pk])
    assert page not in client_as(charlie).get(reverse("financing:auctions")).content.decode()
    assert client_as(charlie).get(page).status_code == 404
    assert page in client_as(cast["people"]["bank"]).get(reverse("financing:auctions")).content.decode()


def test_bad_bids_on_the_page_are_refused_with_a_message(auction, client_as, cast):
    bidder = cast["people"]["bidder"]
    url = reverse("financing:bid", args=[auction.pk])
    response = client_as(bidder).post(url, {"bidder": cast["orgs"]["bidder"].pk, "amount": "-5"}, follow=True)
    assert response.status_code == 200 and not auction.bids.exists()
    assert Decimal(0) == sum((bid.amount for bid in auction.bids.all()), Decimal(0))


@pytest.fixture
def defaulted(approved_loan, cast):
    bank = cast["people"]["bank"]
    loan = servicing.disburse(
        loan=approved_loan, by=bank, day=timezone.localdate() - datetime.timedelta(days=200)
    )
    return default.declare_default(loan=loan, by=bank, reasons="Borrower stopped paying")


def test_the_bank_auctions_the_collateral_through_the_loan_page(defaulted, client_as, cast):
    bank = client_as(cast["people"]["bank"])
    url = reverse("financing:act", args=[defaulted.pk, "auction"])
    assert (
        "Sell the collateral in a timed auction"
        in bank.get(reverse("financing:loan", args=[defaulted.pk])).content.decode()
    )
    ends = (timezone.localtime() + datetime.timedelta(days=7)).strftime("%Y-%m-%dT%H:%M")
    bad = bank.post(url, {"auction-reserve_price": "-1", "auction-ends_at": ends}, follow=True)
    past = bank.post(
        url, {"auction-reserve_price": "1000", "auction-ends_at": "2020-01-01T10:00"}, follow=True
    )
    assert not Disposal.objects.exists()
    assert "Reserve price" in bad.content.decode() and "future" in past.content.decode()
    assert "Done." not in bad.content.decode()  # the form's errors, with the field's label, and no success
    bank.post(url, {"auction-reserve_price": "250000", "auction-ends_at": ends, "auction-sealed": "on"})
    disposal = Disposal.objects.get()
    assert disposal.sealed and disposal.reserve_price == Decimal("250000") and disposal.status == "open"


def test_the_bank_closes_and_the_fund_buys_through_the_disposal_page(defaulted, client_as, cast):
    bank = client_as(cast["people"]["bank"])
    bank.post(reverse("financing:act", args=[defaulted.pk, "fund"]), {"fund-fund": cast["orgs"]["fund"].pk})
    offer = Disposal.objects.get(method="recovery_fund")
    buy = reverse("financing:fund_purchase", args=[offer.pk])
    client_as(cast["people"]["fund"]).post(buy, {"price": "-3"})
    assert Disposal.objects.get(pk=offer.pk).status == "open"
    page = (
        client_as(cast["people"]["fund"]).get(reverse("financing:disposal", args=[offer.pk])).content.decode()
    )
    assert "Buy at this price" in page
    client_as(cast["people"]["fund"]).post(buy, {"price": "123456.78"})
    offer.refresh_from_db()
    assert offer.status == "sold" and offer.price == Decimal("123456.78")
    assert TitleTransfer.objects.get().to_organisation == cast["orgs"]["fund"]


def test_the_bank_closes_an_ended_auction_on_its_page(auction, client_as, cast):
    bidder = cast["people"]["bidder"]
    default.place_bid(disposal=auction, by=bidder, bidder=cast["orgs"]["bidder"], amount="400000")
    close = reverse("financing:close_auction", args=[auction.pk])
    bank = client_as(cast["people"]["bank"])
    early = bank.post(close, follow=True)
    assert "The auction runs until" in early.content.decode()
    Disposal.objects.filter(pk=auction.pk).update(ends_at=timezone.now() - datetime.timedelta(seconds=1))
    client_as(cast["people"]["bank"]).post(close)
    assert Disposal.objects.get(pk=auction.pk).status == "sold"


@pytest.fixture
def second_bidder(make_organisation, make_user):
    org = make_organisation("Runner Up Labs", "company")
    return org, make_user("runnerup@example.com", org, "admin")


def _two_bids(auction, cast, second_bidder):
    org, person = second_bidder
    default.place_bid(disposal=auction, by=person, bidder=org, amount="333333.33")
    default.place_bid(
        disposal=auction, by=cast["people"]["bidder"], bidder=cast["orgs"]["bidder"], amount="350000.55"
    )
    Disposal.objects.filter(pk=auction.pk).update(ends_at=timezone.now() - datetime.timedelta(seconds=1))


def test_after_the_sale_the_buyer_sees_only_its_own_bid_from_five_viewpoints(
    auction, cast, second_bidder, client_as, alice, charlie, staff
):
    _two_bids(auction, cast, second_bidder)
    closed = default.close_auction(disposal=auction, by=cast["people"]["bank"])
    page = reverse("financing:disposal", args=[closed.pk])
    api = f"/api/v1/financing/disposals/{closed.pk}/bids"
    assert client_as(None).get(page).status_code == 302
    assert client_as(None).get(api).status_code in (401, 403)
    for user in (charlie, second_bidder[1]):  # an outsider; a losing bidder is no party after the close
        assert client_as(user).get(page).status_code == 404 and client_as(user).get(api).status_code == 404
    buyer = client_as(cast["people"]["bidder"])
    html = buyer.get(page).content.decode()
    assert "Runner Up Labs" not in html and "333,333.33" not in html
    assert [bid["amount"] for bid in buyer.get(api).json()] == ["350000.55"]
    for user in (alice, cast["people"]["bank"], staff):  # the borrower, the bank, the operator see all
        assert len(client_as(user).get(api).json()) == 2
        assert "Runner Up Labs" in client_as(user).get(page).content.decode()


def test_a_winner_no_longer_approved_gives_way_to_the_next_valid_bid(auction, cast, second_bidder):
    _two_bids(auction, cast, second_bidder)
    Organisation.objects.filter(pk=cast["orgs"]["bidder"].pk).update(status=Organisation.Status.PENDING)
    closed = default.close_auction(disposal=auction, by=cast["people"]["bank"])
    assert closed.status == "sold" and closed.buyer == second_bidder[0]
    assert closed.price == Decimal("333333.33")
    assert closed.deal_room is not None and closed.deal_room.buyer == second_bidder[0]


def test_no_approved_bidder_leaves_the_collateral_unsold(auction, cast):
    Organisation.objects.filter(pk=cast["orgs"]["bidder"].pk).update(status=Organisation.Status.PENDING)
    from financing.models import Bid

    Bid.objects.create(disposal=auction, bidder=cast["orgs"]["bidder"], amount="400000")
    Disposal.objects.filter(pk=auction.pk).update(ends_at=timezone.now() - datetime.timedelta(seconds=1))
    closed = default.close_auction(disposal=auction, by=cast["people"]["bank"])
    assert closed.status == "unsold" and not TitleTransfer.objects.exists()


def test_the_operator_records_the_transfer_when_nobody_acts_for_the_borrower(auction, cast, alice_org, staff):
    from accounts.models import Membership
    from core.errors import Conflict

    default.place_bid(
        disposal=auction, by=cast["people"]["bidder"], bidder=cast["orgs"]["bidder"], amount="400000"
    )
    Disposal.objects.filter(pk=auction.pk).update(ends_at=timezone.now() - datetime.timedelta(seconds=1))
    Membership.objects.filter(organisation=alice_org).update(role=Membership.Role.VIEWER)
    with pytest.raises(Conflict):
        default.close_auction(disposal=auction, by=cast["people"]["bank"])
    # Nothing moved: the auction is still open, the pledge holds, the debt is not settled.
    assert Disposal.objects.get(pk=auction.pk).status == "open" and not TitleTransfer.objects.exists()
    assert auction.loan.pledged.get().encumbrance.released_at is None
    closed = default.close_auction(disposal=auction, by=staff)
    assert closed.status == "sold" and TitleTransfer.objects.get().to_organisation == cast["orgs"]["bidder"]


def test_a_bank_no_longer_approved_does_not_block_the_sale_its_room_opens_later(auction, cast, staff):
    from core.models import Event

    default.place_bid(
        disposal=auction, by=cast["people"]["bidder"], bidder=cast["orgs"]["bidder"], amount="400000"
    )
    Disposal.objects.filter(pk=auction.pk).update(ends_at=timezone.now() - datetime.timedelta(seconds=1))
    bank = cast["orgs"]["bank"]
    Organisation.objects.filter(pk=bank.pk).update(status=Organisation.Status.PENDING)
    closed = default.close_auction(disposal=auction, by=staff)
    assert closed.status == "sold" and closed.deal_room is None
    assert TitleTransfer.objects.get().to_organisation == cast["orgs"]["bidder"]
    assert Event.objects.filter(kind="financing.buyer_room_not_opened").exists()
    Organisation.objects.filter(pk=bank.pk).update(status=Organisation.Status.APPROVED)
    room = default.open_sale_room(disposal=Disposal.objects.get(pk=closed.pk), by=staff)
    assert room is not None and Disposal.objects.get(pk=closed.pk).deal_room == room


def test_a_bidder_who_left_the_buyer_is_not_seated_in_the_room(auction, cast, make_user):
    from accounts.models import Membership

    make_user("bidder-admin@example.com", cast["orgs"]["bidder"], "admin")
    default.place_bid(
        disposal=auction, by=cast["people"]["bidder"], bidder=cast["orgs"]["bidder"], amount="400000"
    )
    Membership.objects.filter(user=cast["people"]["bidder"]).delete()
    Disposal.objects.filter(pk=auction.pk).update(ends_at=timezone.now() - datetime.timedelta(seconds=1))
    room = default.close_auction(disposal=auction, by=cast["people"]["bank"]).deal_room
    assert room is not None
    assert set(room.members.values_list("user__email", flat=True)) == {
        "bank@example.com",
        "bidder-admin@example.com",
    }


def test_an_ended_auction_is_no_longer_advertised_to_bidders(auction, client_as, cast, charlie):
    Disposal.objects.filter(pk=auction.pk).update(ends_at=timezone.now() - datetime.timedelta(seconds=1))
    auctions, page = reverse("financing:auctions"), reverse("financing:disposal", args=[auction.pk])
    asset = auction.loan.pledged.get().asset
    assert auctions not in client_as(charlie).get(reverse("listings:browse")).content.decode()
    assert page not in client_as(charlie).get(reverse("assets:detail", args=[asset.pk])).content.decode()
    assert page not in client_as(charlie).get(auctions).content.decode()
    # The bank still finds it, to close it.
    assert page in client_as(cast["people"]["bank"]).get(auctions).content.decode()


# The steps of a defaulted loan's disposal, each viewpoint on a fresh world: the bank starts an auction from
# the loan page, members bid while it runs, the bank closes it once ended, the recovery fund buys on the
# bank's offer. participant: the bank's person; owner: Alice, whose Alice Bio borrowed; extra viewpoints: the
# bidder, the fund. Pages redirect a step done and one refused with a message alike (302): STEPS_TAKEN names
# the viewpoints whose step goes through, and every other viewpoint must change nothing.
ENDS = (timezone.localtime() + datetime.timedelta(days=7)).strftime("%Y-%m-%dT%H:%M")
DISPOSAL = {"pk": "disposal"}


def _step(name: str, params: dict, body: dict, expected: tuple, **extra: int) -> Row:
    return Row(name, expected, params=params, body=body, method="post", extra=extra, checked_by="test_steps")


STEPS = [
    _step(
        "financing:act",
        {"pk": "loan", "action": "=auction"},
        {"auction-reserve_price": "250000", "auction-ends_at": ENDS},
        (LOGIN, 404, 302, 403, 403),
        bidder=404,
        fund=404,
    ),
    _step(
        "financing:bid",
        DISPOSAL,
        {"bidder": "@bidder", "amount": "400000"},
        (LOGIN, 302, 302, 302, 403),
        bidder=302,
        fund=302,
    ),
    _step("financing:close_auction", DISPOSAL, {}, (LOGIN, 403, 302, 403, 302), bidder=403, fund=403),
    _step(
        "financing:fund_purchase",
        DISPOSAL,
        {"price": "123456.78"},
        (LOGIN, 404, 403, 403, 403),
        bidder=404,
        fund=302,
    ),
]
# Starting an auction, bidding and buying are the parties' own decisions, which the operator's staff do not
# take for them; closing an ended auction only applies the bids, so the operator may do it when the bank
# cannot.
STEPS_TAKEN = {
    "financing:act": {"participant"},  # the bank
    "financing:bid": {"bidder"},  # for Bidder Tech: its member
    "financing:close_auction": {"participant", "staff"},
    "financing:fund_purchase": {"fund"},
}
MATRIX = STEPS


def _disposal_for(name: str, loan, cast) -> Disposal | None:
    """The disposal each step needs: a running auction, one ended with a bid, or an offer to the fund."""
    bank = cast["people"]["bank"]
    if name == "financing:fund_purchase":
        return default.offer_to_fund(loan=loan, by=bank, fund=cast["orgs"]["fund"])
    if name not in ("financing:bid", "financing:close_auction"):
        return None
    ends = timezone.now() + datetime.timedelta(hours=1)
    auction = default.start_auction(loan=loan, by=bank, reserve_price="300000", ends_at=ends)
    if name == "financing:close_auction":
        _close_after(auction, cast)
    return auction


def _close_after(auction, cast) -> None:
    bidder = cast["people"]["bidder"]
    default.place_bid(disposal=auction, by=bidder, bidder=cast["orgs"]["bidder"], amount="350000")
    Disposal.objects.filter(pk=auction.pk).update(ends_at=timezone.now() - datetime.timedelta(seconds=1))


def _disposals() -> tuple:
    return list(Disposal.objects.order_by("pk").values_list("pk", "status", "price")), Bid.objects.count()


@pytest.mark.parametrize(("row", "viewpoint"), each_viewpoint(STEPS))
def test_steps(defaulted, cast, client_as, alice, charlie, staff, row, viewpoint):
    users = {
        "anonymous": None, "outsider": charlie, "participant": cast["people"]["bank"], "owner": alice,
        "staff": staff, "bidder": cast["people"]["bidder"], "fund": cast["people"]["fund"],
    }  # fmt: skip
    disposal = _disposal_for(row.endpoint, defaulted, cast)
    world = {
        "loan": defaulted.pk,
        "disposal": disposal.pk if disposal else None,
        "bidder": cast["orgs"]["bidder"].pk,
    }
    before = _disposals()
    check_viewpoint(row, viewpoint, client_as(users[viewpoint]), world.__getitem__)
    assert (_disposals() != before) == (viewpoint in STEPS_TAKEN[row.endpoint]), viewpoint
