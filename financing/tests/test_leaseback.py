"""Sale-and-licence-back: the title moves to the investor, an exclusive licence back, royalties and the buyback."""

import datetime

import pytest
from django.utils import timezone

from assets.models import Asset, Encumbrance
from core.errors import Conflict, Forbidden, InvalidInput
from financing.models import LicenceBack, RoyaltyPayment
from financing.services import leaseback
from ledger.models import Entry
from tests.factories import make_asset
from tests.matrix import LOGIN, Row, check, check_viewpoint, each_viewpoint, generic

pytestmark = pytest.mark.django_db


@pytest.fixture
def offer(alice, alice_org, cast):
    asset = make_asset(alice_org, number="CN2026LB1A")
    today = timezone.localdate()
    return leaseback.propose(
        asset=asset,
        investor=cast["orgs"]["fund"],
        by=alice,
        currency="HKD",
        price="2000000",
        annual_royalty="150000",
        licence_end=today + datetime.timedelta(days=5 * 365),
        buyback_price="2300000",
        buyback_deadline=today + datetime.timedelta(days=3 * 365),
    )


def test_accepting_moves_the_title_and_licenses_the_asset_back(offer, cast, alice_org):
    agreement = leaseback.accept(agreement=offer, by=cast["people"]["fund"])
    asset = Asset.objects.get(pk=offer.asset_id)
    assert asset.owner == cast["orgs"]["fund"]
    assert agreement.licence is not None
    assert agreement.licence.kind == Encumbrance.Kind.EXCLUSIVE_LICENCE
    assert agreement.licence.holder_organisation == alice_org
    entry = Entry.objects.get(kind="financing.sold_and_licensed_back")
    assert asset.number in entry.leaf and "2000000" not in entry.leaf


def test_royalties_in_another_currency_are_refused(offer, cast):
    leaseback.accept(agreement=offer, by=cast["people"]["fund"])
    with pytest.raises(InvalidInput):
        leaseback.record_royalty(agreement=offer, by=cast["people"]["fund"], amount="1000", currency="USD")
    payment = leaseback.record_royalty(
        agreement=offer, by=cast["people"]["fund"], amount="37500", currency="HKD"
    )
    assert offer.royalties.get() == payment


def test_the_former_owner_buys_back_within_the_option(offer, cast, alice, alice_org):
    leaseback.accept(agreement=offer, by=cast["people"]["fund"])
    agreement = leaseback.buy_back(agreement=offer, by=alice)
    assert agreement.status == LicenceBack.Status.BOUGHT_BACK
    assert Asset.objects.get(pk=offer.asset_id).owner == alice_org
    assert agreement.licence_id is not None
    assert Encumbrance.objects.get(pk=agreement.licence_id).released_at is not None


def test_the_option_closes_after_its_deadline(offer, cast, alice):
    leaseback.accept(agreement=offer, by=cast["people"]["fund"])
    LicenceBack.objects.filter(pk=offer.pk).update(
        buyback_deadline=timezone.localdate() - datetime.timedelta(days=1)
    )
    with pytest.raises(Conflict):
        leaseback.buy_back(agreement=offer, by=alice)


def test_only_the_investor_accepts(offer, charlie, alice):
    for person in (charlie, alice):
        with pytest.raises(Forbidden):
            leaseback.accept(agreement=offer, by=person)
    assert LicenceBack.objects.get(pk=offer.pk).status == LicenceBack.Status.PROPOSED


def test_a_pledged_asset_cannot_be_sold_and_licensed_back(approved_loan, alice, cast):
    asset = approved_loan.pledged.get().asset
    today = timezone.localdate()
    agreement = leaseback.propose(
        asset=asset,
        investor=cast["orgs"]["fund"],
        by=alice,
        currency="HKD",
        price="1",
        annual_royalty="0",
        licence_end=today + datetime.timedelta(days=400),
        buyback_price="2",
        buyback_deadline=today + datetime.timedelta(days=300),
    )
    with pytest.raises(Conflict, match="pledged"):
        leaseback.accept(agreement=agreement, by=cast["people"]["fund"])
    assert Asset.objects.get(pk=asset.pk).owner == approved_loan.borrower


def test_the_parties_decide_on_the_agreement_and_the_operators_staff_only_see_it(offer, alice, cast, staff):
    from core.access import may

    assert may(alice, offer, "decide") and may(cast["people"]["fund"], offer, "decide")
    assert may(staff, offer, "view") and not may(staff, offer, "decide")


def test_outsiders_do_not_see_the_agreement(offer, charlie, alice, cast):
    assert not LicenceBack.objects.visible_to(charlie).exists()
    assert LicenceBack.objects.visible_to(alice).get() == offer
    assert LicenceBack.objects.visible_to(cast["people"]["fund"]).get() == offer


AGREEMENT, ACTIVE = {"agreement_id": "offer"}, {"agreement_id": "active"}


def _term(days: int) -> str:
    return (timezone.localdate() + datetime.timedelta(days=days)).isoformat()


# Each viewpoint tries these on a fresh world (test_writes): "offer" is proposed, "active" accepted by the fund.
# participant: the recovery fund's person (the investor); owner: Alice, whose Alice Bio sells and licenses back.
# Selling the title, accepting or declining the offer, recording royalties and buying back are the members'
# own decisions: the operator's staff see the agreement and are refused (403), never deciding in a member's
# name.
OFFER = {
    "asset": "@spare",
    "investor": "@fund",
    "currency": "HKD",
    "price": "1000000",
    "annual_royalty": "80000",
    "licence_end": _term(5 * 365),
    "buyback_price": "1200000",
    "buyback_deadline": _term(3 * 365),
}
WRITES = [
    # The asset is public: others see it and are refused (403).
    Row(
        "POST /api/v1/financing/licence-backs",
        (401, 403, 403, 201, 403),
        body=OFFER,
        checked_by="test_writes",
    ),
    Row(
        "POST /api/v1/financing/licence-backs/{agreement_id}/accept",
        (401, 404, 200, 403, 403),
        params=AGREEMENT,
        checked_by="test_writes",
    ),
    Row(
        "POST /api/v1/financing/licence-backs/{agreement_id}/decline",
        (401, 404, 200, 403, 403),
        params=AGREEMENT,
        checked_by="test_writes",
    ),
    Row(
        "POST /api/v1/financing/licence-backs/{agreement_id}/royalties",
        (401, 404, 201, 403, 403),
        params=ACTIVE,
        body={"amount": "37500", "currency": "HKD"},
        checked_by="test_writes",
    ),
    Row(
        "POST /api/v1/financing/licence-backs/{agreement_id}/buyback",
        (401, 404, 403, 200, 403),
        params=ACTIVE,
        checked_by="test_writes",
    ),
    Row(
        "financing:licence_back_act",
        (LOGIN, 404, 302, 403, 403),
        params={"pk": "offer", "action": "=accept"},
        method="post",
        checked_by="test_writes",
    ),
    Row(
        "financing:licence_back_act",
        (LOGIN, 404, 302, 403, 403),
        params={"pk": "offer", "action": "=decline"},
        method="post",
        checked_by="test_writes",
    ),
    Row(
        "financing:licence_back_act",
        (LOGIN, 404, 403, 302, 403),
        params={"pk": "active", "action": "=buyback"},
        method="post",
        checked_by="test_writes",
    ),
    # The form offers only one's own organisations' assets: to anyone else (staff included) the spare asset
    # is no choice, and the form comes back with its error (200).
    Row(
        "financing:licence_back_new",
        (LOGIN, 200, 200, 302, 200),
        method="post",
        body={**OFFER, "investor": "@fund_pk"},
        checked_by="test_writes",
    ),
]
MATRIX = [
    # An agreement answers 404 to everyone outside it (401 anonymous, as every API), as a loan does.
    Row("GET /api/v1/financing/licence-backs/{agreement_id}", (401, 404, 200, 200, 200), params=AGREEMENT),
    Row("financing:licence_back", (LOGIN, 404, 200, 200, 200), params={"pk": "offer"}),
    Row("financing:licence_back_new", (LOGIN, 200, 200, 200, 200)),
    *WRITES,
]


@pytest.fixture
def viewpoints(cast, alice, charlie, staff):
    return {
        "anonymous": None,
        "outsider": charlie,
        "participant": cast["people"]["fund"],
        "owner": alice,
        "staff": staff,
    }


@pytest.fixture
def world(offer, cast, alice, alice_org):
    today = timezone.localdate()
    active = leaseback.propose(
        asset=make_asset(alice_org, number="CN2026LB2A"),
        investor=cast["orgs"]["fund"],
        by=alice,
        currency="HKD",
        price="2000000",
        annual_royalty="150000",
        licence_end=today + datetime.timedelta(days=5 * 365),
        buyback_price="2300000",
        buyback_deadline=today + datetime.timedelta(days=3 * 365),
    )
    leaseback.accept(agreement=active, by=cast["people"]["fund"])
    spare = make_asset(alice_org, number="CN2026LB3A")
    fund = cast["orgs"]["fund"]
    return {"offer": offer.pk, "active": active.pk, "spare": spare.pk, "fund": fund.slug, "fund_pk": fund.pk}


@pytest.mark.parametrize("row", generic(MATRIX), ids=str)
def test_matrix(client_as, viewpoints, world, row):
    check(row, lambda viewpoint: client_as(viewpoints[viewpoint]), world.__getitem__)


def _state() -> tuple:
    return (
        list(LicenceBack.objects.order_by("pk").values_list("status", flat=True)),
        list(RoyaltyPayment.objects.values_list("pk", flat=True)),
        list(Asset.objects.order_by("pk").values_list("owner_id", flat=True)),
    )


def _went_through(row: Row, viewpoint: str) -> bool:
    """A page's step that went through redirects (its form, refused, comes back with 200)."""
    status = row.statuses()[viewpoint]
    return status < 400 if row.is_api else status == 302 and viewpoint != "anonymous"


@pytest.mark.parametrize(("row", "viewpoint"), each_viewpoint(WRITES))
def test_writes(client_as, viewpoints, world, row, viewpoint):
    before = _state()
    check_viewpoint(row, viewpoint, client_as(viewpoints[viewpoint]), world.__getitem__)
    assert (_state() != before) == _went_through(row, viewpoint)


def test_the_operator_is_told_it_does_not_decide_for_a_member(client_as, staff, world):
    response = client_as(staff).post(f"/api/v1/financing/licence-backs/{world['offer']}/accept")
    assert response.status_code == 403
    assert "do not take a member's business decisions" in response.json()["detail"]


def test_a_declined_offer_leaves_the_asset_with_its_owner_and_cannot_be_accepted(offer, cast, alice_org):
    fund = cast["people"]["fund"]
    assert leaseback.decline(agreement=offer, by=fund).status == LicenceBack.Status.DECLINED
    with pytest.raises(Conflict):
        leaseback.accept(agreement=offer, by=fund)
    assert Asset.objects.get(pk=offer.asset_id).owner == alice_org


def test_the_investor_accepts_on_the_page(client_as, offer, cast):
    from django.urls import reverse

    client_as(cast["people"]["fund"]).post(reverse("financing:licence_back_act", args=[offer.pk, "accept"]))
    assert LicenceBack.objects.get(pk=offer.pk).status == LicenceBack.Status.ACTIVE


def test_an_owner_awaiting_approval_cannot_offer_a_sale_and_licence_back(alice, alice_org, cast):
    from accounts.models import Organisation

    asset = make_asset(alice_org, number="CN2026LB2A")
    alice_org.status = Organisation.Status.PENDING
    alice_org.save(update_fields=["status"])
    today = timezone.localdate()
    with pytest.raises(Forbidden, match="approv"):
        leaseback.propose(
            asset=asset,
            investor=cast["orgs"]["fund"],
            by=alice,
            currency="HKD",
            price="2000000",
            annual_royalty="150000",
            licence_end=today + datetime.timedelta(days=5 * 365),
            buyback_price="2300000",
            buyback_deadline=today + datetime.timedelta(days=3 * 365),
        )
    assert not LicenceBack.objects.exists()


def test_a_licence_ending_in_year_9999_is_refused(alice, alice_org, cast):
    asset = make_asset(alice_org, number="CN2026LB3A")
    today = timezone.localdate()
    with pytest.raises(InvalidInput) as refused:
        leaseback.propose(
            asset=asset,
            investor=cast["orgs"]["fund"],
            by=alice,
            currency="HKD",
            price="2000000",
            annual_royalty="150000",
            licence_end=datetime.date(9999, 12, 31),
            buyback_price="2300000",
            buyback_deadline=today + datetime.timedelta(days=3 * 365),
        )
    assert refused.value.field == "licence_end"
    assert not LicenceBack.objects.exists()


def _form(asset, investor, **changes):
    today = timezone.localdate()
    data = {
        "asset": asset.pk,
        "investor": investor.pk,
        "currency": "HKD",
        "price": "2000000",
        "annual_royalty": "150000",
        "licence_end": (today + datetime.timedelta(days=5 * 365)).isoformat(),
        "buyback_price": "2300000",
        "buyback_deadline": (today + datetime.timedelta(days=3 * 365)).isoformat(),
    }
    return {**data, **changes}


def test_the_owner_offers_a_sale_and_licence_back_on_the_page(client_as, alice, alice_org, cast, charlie):
    from django.urls import reverse

    url = reverse("financing:licence_back_new")
    asset = make_asset(alice_org, number="CN2026LB9A")
    # Charlie cannot offer Alice's asset: it is not among his choices.
    client_as(charlie).post(url, _form(asset, cast["orgs"]["fund"]))
    late = _form(asset, cast["orgs"]["fund"], buyback_deadline="2099-01-01")
    refused = client_as(alice).post(url, late)
    assert refused.status_code == 200 and "no later than the licence" in refused.content.decode()
    assert not LicenceBack.objects.exists()
    done = client_as(alice).post(url, _form(asset, cast["orgs"]["fund"]))
    agreement = LicenceBack.objects.get()
    assert done.status_code == 302 and agreement.seller == alice_org and agreement.asset == asset


def test_the_investor_records_royalties_on_the_page(client_as, offer, cast, alice):
    from django.urls import reverse

    leaseback.accept(agreement=offer, by=cast["people"]["fund"])
    url = reverse("financing:licence_back_act", args=[offer.pk, "royalty"])
    fund = cast["people"]["fund"]
    assert (
        "Record the royalty"
        in client_as(fund).get(reverse("financing:licence_back", args=[offer.pk])).content.decode()
    )
    wrong = client_as(fund).post(url, {"amount": "1000", "currency": "USD"}, follow=True)
    assert "in HKD" in wrong.content.decode()
    client_as(alice).post(url, {"amount": "1000", "currency": "HKD"})  # the former owner does not record them
    assert not offer.royalties.exists()
    client_as(fund).post(url, {"amount": "37500.25", "currency": "HKD", "paid_on": "2026-03-31"})
    assert [str(r.amount) for r in offer.royalties.all()] == ["37500.25"]
    # The sale itself is in the registry's chain of title and the log.
    assert Entry.objects.filter(kind="asset.transferred").count() == 1
