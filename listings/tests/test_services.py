"""Listing lifecycle, leads and open licences, through the services."""

from datetime import date
from decimal import Decimal

import pytest

from assets.models import Encumbrance
from core.errors import Conflict, Forbidden, InvalidInput
from core.events import events_for
from ledger.models import Entry
from listings import open_licence, services
from listings.models import Interest, Listing, Notification, OpenLicenceGrant
from listings.search import search_listings
from tests.factories import make_asset

pytestmark = pytest.mark.django_db


def kinds(listing):
    return list(events_for(listing).order_by("id").values_list("kind", flat=True))


def test_the_lifecycle_records_every_step(make_listing, asset, alice, staff, charlie_org, charlie):
    listing = make_listing([asset])
    services.submit_listing(listing=listing, by=alice)
    services.approve_listing(listing=listing, by=staff)
    interest = services.express_interest(listing=listing, organisation=charlie_org, by=charlie)
    services.decide_interest(interest=interest, by=alice, accept=True)
    listing.refresh_from_db()
    assert listing.status == Listing.Status.UNDER_NEGOTIATION
    services.close_listing(listing=listing, by=alice, outcome="deal", note="Signed")
    listing.refresh_from_db()
    assert (listing.status, listing.outcome) == ("closed", "deal")
    assert kinds(listing) == [
        "listing.created",
        "listing.screened",
        "listing.submitted",
        "listing.published",
        "listing.interest_expressed",
        "listing.under_negotiation",
        "listing.interest_accepted",
        "listing.closed",
    ]


def test_publication_and_closing_go_to_the_transparency_log(published, alice):
    services.close_listing(listing=published, by=alice, outcome="withdrawn")
    entries = Entry.objects.filter(subject=f"listing:{published.pk}").order_by("index")
    assert [e.kind for e in entries] == ["listing.published", "listing.closed"]
    assert "CONFIDENTIAL-DOSSIER-77" not in "".join(e.leaf for e in entries)


def test_a_closed_listing_leaves_the_search(published, alice):
    assert [listing.pk for listing in search_listings().listings] == [published.pk]
    services.close_listing(listing=published, by=alice, outcome="withdrawn")
    assert search_listings().listings == []


def test_only_the_seller_creates_listings_of_its_own_assets(asset, charlie, charlie_org, alice_org, alice):
    with pytest.raises(Forbidden):
        services.create_listing(
            organisation=alice_org, by=charlie, assets=[asset], title="Mine now", deal_type="assignment"
        )
    other = make_asset(charlie_org, number="US999B2")
    with pytest.raises(InvalidInput, match="not managed by"):
        services.create_listing(organisation=alice_org, by=alice, assets=[other], title="Not ours")
    assert not Listing.objects.exists()


@pytest.mark.parametrize(
    ("fields", "field"),
    [
        ({"deal_type": "barter"}, "deal_type"),
        ({"territories": ["Atlantis"]}, "territories"),
        ({"currency": "XYZ"}, None),
        ({"upfront_min": "9", "upfront_max": "1"}, "upfront_min"),
        ({"royalty_max": "140"}, "royalty_max"),
        ({"upfront_min": 1.5}, None),
        ({"upfront_min": "-3"}, "upfront_min"),
        ({"title": "  "}, "title"),
        ({"expires_on": "2001-01-01"}, "expires_on"),
        ({"colour": "blue"}, None),
    ],
)
def test_bad_listing_input_is_refused_and_changes_nothing(asset, alice, alice_org, fields, field):
    from datetime import date

    if "expires_on" in fields:
        fields = {"expires_on": date(2001, 1, 1)}
    base = {"title": "KRAS", "deal_type": "assignment"}
    with pytest.raises(InvalidInput) as error:
        services.create_listing(organisation=alice_org, by=alice, assets=[asset], **{**base, **fields})
    assert field is None or error.value.field == field
    assert not Listing.objects.exists()


def test_money_is_kept_as_decimal(make_listing, asset):
    listing = make_listing([asset], upfront_min="1000000.50", currency="cny")
    assert listing.upfront_min == Decimal("1000000.50") and listing.currency == "CNY"


def test_a_published_listing_cannot_be_edited(published, alice):
    with pytest.raises(Conflict):
        services.update_listing(listing=published, by=alice, title="New title")


def test_a_rejected_listing_returns_to_the_seller_with_the_reason(make_listing, asset, alice, staff):
    listing = make_listing([asset])
    services.submit_listing(listing=listing, by=alice)
    with pytest.raises(InvalidInput):
        services.reject_listing(listing=listing, by=staff, reason=" ")
    services.reject_listing(listing=listing, by=staff, reason="Territory unclear")
    listing.refresh_from_db()
    assert listing.status == "rejected" and listing.rejection_reason == "Territory unclear"
    assert Notification.objects.filter(user=alice, kind="listing_rejected").exists()
    services.update_listing(listing=listing, by=alice, territories=["SG", "MY"])
    services.submit_listing(listing=listing, by=alice)


def test_only_staff_approve(make_listing, asset, alice):
    listing = make_listing([asset])
    services.submit_listing(listing=listing, by=alice)
    with pytest.raises(Forbidden):
        services.approve_listing(listing=listing, by=alice)


def test_the_operator_sees_a_lead_but_the_seller_decides_it(published, charlie, charlie_org, staff):
    interest = services.express_interest(listing=published, organisation=charlie_org, by=charlie)
    with pytest.raises(Forbidden, match="operator's staff do not decide"):
        services.decide_interest(interest=interest, by=staff, accept=True)
    with pytest.raises(Forbidden, match="Only members of Alice Bio"):
        services.decide_interest(interest=interest, by=charlie, accept=True)  # the buyer does not either
    interest.refresh_from_db()
    assert interest.status == "pending"


def test_interest_rules(published, alice_org, alice, charlie, charlie_org, make_organisation, make_user):
    with pytest.raises(InvalidInput):
        services.express_interest(listing=published, organisation=alice_org, by=alice)
    with pytest.raises(Forbidden):
        services.express_interest(listing=published, organisation=charlie_org, by=alice)
    pending_org = make_organisation("Pending Co", approved=False)
    with pytest.raises(Forbidden):
        services.express_interest(
            listing=published, organisation=pending_org, by=make_user("p@example.com", pending_org, "admin")
        )
    interest = services.express_interest(
        listing=published, organisation=charlie_org, by=charlie, message="Keen"
    )
    with pytest.raises(Conflict):
        services.express_interest(listing=published, organisation=charlie_org, by=charlie)
    assert Notification.objects.filter(user=alice, kind="interest_received", interest=interest).exists()
    with pytest.raises(Forbidden):
        services.decide_interest(interest=interest, by=charlie, accept=True)
    services.decide_interest(interest=interest, by=alice, accept=False, note="Not this territory")
    with pytest.raises(Conflict):
        services.decide_interest(interest=interest, by=alice, accept=True)
    assert Notification.objects.filter(user=charlie, kind="interest_declined").exists()
    published.refresh_from_db()
    assert published.status == "published"


def test_a_draft_cannot_receive_interest(make_listing, asset, charlie, charlie_org):
    with pytest.raises(Conflict):
        services.express_interest(listing=make_listing([asset]), organisation=charlie_org, by=charlie)
    assert not Interest.objects.exists()


@pytest.fixture
def declaration(make_listing, asset, staff):
    return make_listing(
        [asset],
        publish=True,
        staff=staff,
        deal_type="open_licence",
        territories=["CN"],
        open_fee="50000",
        currency="CNY",
        open_royalty_rate="2.5",
        open_payment_method="fee_and_royalty",
    )


def test_taking_an_open_licence_records_a_non_exclusive_licence(declaration, asset, charlie, charlie_org):
    grant = open_licence.take_open_licence(
        listing=declaration, organisation=charlie_org, by=charlie, payment_reference="PAY-1"
    )
    assert (grant.fee_paid, grant.currency, grant.royalty_rate) == (
        Decimal("50000.00"),
        "CNY",
        Decimal("2.500"),
    )
    licence = asset.encumbrances.get()
    assert (licence.kind, licence.holder_organisation, licence.territories) == (
        "non_exclusive_licence",
        charlie_org,
        ["CN"],
    )
    assert list(grant.encumbrances.all()) == [licence]
    assert Entry.objects.filter(kind="listing.open_licence_taken").count() == 1
    with pytest.raises(Conflict):
        open_licence.take_open_licence(
            listing=declaration, organisation=charlie_org, by=charlie, payment_reference="PAY-2"
        )


def test_withdrawing_the_declaration_keeps_the_licences_granted(
    declaration, asset, alice, charlie, charlie_org, make_organisation, make_user
):
    open_licence.take_open_licence(
        listing=declaration, organisation=charlie_org, by=charlie, payment_reference="PAY-1"
    )
    services.close_listing(listing=declaration, by=alice, outcome="withdrawn")
    assert asset.encumbrances.filter(kind="non_exclusive_licence", released_at__isnull=True).count() == 1
    late = make_organisation("Late Co")
    with pytest.raises(Conflict):
        open_licence.take_open_licence(
            listing=declaration,
            organisation=late,
            by=make_user("l@example.com", late, "admin"),
            payment_reference="X",
        )
    assert OpenLicenceGrant.objects.count() == 1


def test_open_licence_needs_a_payment_reference_and_another_taker(
    declaration, alice, alice_org, charlie, charlie_org
):
    with pytest.raises(InvalidInput):
        open_licence.take_open_licence(
            listing=declaration, organisation=charlie_org, by=charlie, payment_reference=" "
        )
    with pytest.raises(InvalidInput):
        open_licence.take_open_licence(
            listing=declaration, organisation=alice_org, by=alice, payment_reference="P"
        )
    assert not Encumbrance.objects.exists()


def test_a_standing_declaration_is_visible_to_other_apps(declaration, asset, alice):
    assert open_licence.open_licence_stands(asset)
    services.close_listing(listing=declaration, by=alice, outcome="withdrawn")
    assert not open_licence.open_licence_stands(asset)


def test_the_licensee_of_an_open_licence_sees_the_confidential_part(declaration, charlie, charlie_org):
    from listings.permissions import can_see_confidential

    assert not can_see_confidential(charlie, declaration)
    open_licence.take_open_licence(
        listing=declaration, organisation=charlie_org, by=charlie, payment_reference="PAY-1"
    )
    assert can_see_confidential(charlie, declaration)


def test_listings_expire(make_listing, asset, staff):
    from datetime import date, timedelta

    from django.utils import timezone

    listing = make_listing(
        [asset], publish=True, staff=staff, expires_on=timezone.localdate() + timedelta(days=3)
    )
    assert services.expire_listings(today=timezone.localdate()) == 0
    assert services.expire_listings(today=timezone.localdate() + timedelta(days=4)) == 1
    listing.refresh_from_db()
    assert (listing.status, listing.outcome) == ("closed", "expired")
    assert date.today() is not None


def test_the_registry_refuses_an_exclusive_licence_while_an_open_licence_stands(declaration, asset, alice):
    from assets import services as registry
    from core.errors import Conflict

    for kind in ("exclusive_licence", "sole_licence"):
        with pytest.raises(Conflict, match="open-licence"):
            registry.add_encumbrance(
                asset=asset, by=alice, kind=kind, holder_name="Buyer", start_date=date(2026, 1, 1)
            )
    assert not asset.encumbrances.exists()
    registry.add_encumbrance(
        asset=asset, by=alice, kind="non_exclusive_licence", holder_name="Buyer", start_date=date(2026, 1, 1)
    )
    assert asset.encumbrances.count() == 1
