"""Screening rules: chain of title, expiry, conflicting licences, pledges and open-licence declarations."""

from datetime import date, timedelta

import pytest
from django.utils import timezone

from assets.models import TitleTransfer
from core.errors import Conflict, InvalidInput
from listings import screening, services
from listings.models import Listing
from listings.open_licence import record_pledgee_consent
from listings.tests.conftest import pledge
from tests.factories import make_asset

pytestmark = pytest.mark.django_db


def codes(listing, status=None):
    return [c.code for c in screening.screen(listing) if status is None or c.status == status]


def test_a_clean_listing_passes_every_check(make_listing, asset):
    listing = make_listing([asset])
    assert codes(listing, screening.FAIL) == []
    assert "title_ok" in codes(listing) and "in_force" in codes(listing)


def test_an_asset_held_by_someone_else_on_the_chain_of_title_fails(make_listing, asset):
    TitleTransfer.objects.create(
        asset=asset, date=date(2024, 1, 1), from_name="Alice Bio", to_name="Third Party Ltd"
    )
    assert "holder_mismatch" in codes(make_listing([asset]), screening.FAIL)


def test_a_transfer_to_the_seller_organisation_satisfies_the_chain_of_title(make_listing, asset, alice_org):
    TitleTransfer.objects.create(
        asset=asset,
        date=date(2024, 1, 1),
        from_name="Founder",
        to_name="Alice Bio (HK) Ltd",
        to_organisation=alice_org,
    )
    assert "title_ok" in codes(make_listing([asset]), screening.PASS)


def test_an_expired_or_lapsed_asset_fails(make_listing, asset):
    listing = make_listing([asset])
    asset.expiry_date = timezone.localdate() - timedelta(days=1)
    asset.save()
    assert "expired" in codes(listing, screening.FAIL)
    asset.expiry_date, asset.legal_status = None, "lapsed"
    asset.save()
    assert "not_in_force" in codes(listing, screening.FAIL)


def test_an_exclusive_licence_in_an_overlapping_territory_conflicts(make_listing, asset):
    asset.encumbrances.create(
        kind="exclusive_licence", holder_name="Licensee SG", territories=["SG"], start_date=date(2024, 1, 1)
    )
    assert "exclusive_licence_conflict" in codes(make_listing([asset], territories=["ASEAN"]), screening.FAIL)


def test_an_exclusive_licence_elsewhere_or_released_does_not_conflict(make_listing, asset):
    asset.encumbrances.create(
        kind="exclusive_licence", holder_name="EU Co", territories=["EU"], start_date=date(2024, 1, 1)
    )
    asset.encumbrances.create(
        kind="sole_licence",
        holder_name="Old",
        territories=["SG"],
        start_date=date(2020, 1, 1),
        released_at=date(2023, 1, 1),
    )
    assert codes(make_listing([asset], territories=["ASEAN"]), screening.FAIL) == []


def test_a_licence_in_another_field_of_use_does_not_conflict(make_listing, asset):
    asset.encumbrances.create(
        kind="exclusive_licence", holder_name="Vet Co", field_of_use="veterinary", start_date=date(2024, 1, 1)
    )
    listing = make_listing([asset], fields_of_use=["human oncology"])
    assert codes(listing, screening.FAIL) == []


def test_an_exclusive_licence_is_only_a_warning_for_a_sale(make_listing, asset):
    asset.encumbrances.create(kind="exclusive_licence", holder_name="Licensee", start_date=date(2024, 1, 1))
    listing = make_listing([asset], deal_type="assignment")
    assert "licence_survives" in codes(listing, screening.WARN)
    assert codes(listing, screening.FAIL) == []


def test_a_pledged_asset_cannot_be_offered_for_sale_without_the_pledgees_consent(
    make_listing, asset, charlie_org, charlie
):
    encumbrance = pledge(asset, charlie_org)
    listing = make_listing([asset], deal_type="assignment")
    assert "pledged_without_consent" in codes(listing, screening.FAIL)
    record_pledgee_consent(listing=listing, encumbrance=encumbrance, by=charlie)
    assert "pledge_consented" in codes(listing, screening.PASS)
    assert codes(listing, screening.FAIL) == []


def test_only_the_pledgee_or_staff_with_a_reference_may_consent(
    make_listing, asset, charlie_org, alice, staff
):
    from core.errors import Forbidden

    encumbrance = pledge(asset, charlie_org)
    listing = make_listing([asset], deal_type="assignment")
    with pytest.raises(Forbidden):
        record_pledgee_consent(listing=listing, encumbrance=encumbrance, by=alice)
    with pytest.raises(InvalidInput):
        record_pledgee_consent(listing=listing, encumbrance=encumbrance, by=staff)
    consent = record_pledgee_consent(
        listing=listing, encumbrance=encumbrance, by=staff, reference="Signed letter 2025-07"
    )
    assert consent.reference == "Signed letter 2025-07"


def test_a_released_pledge_does_not_block(make_listing, asset, charlie_org):
    pledge(asset, charlie_org, released_at=date(2025, 6, 1))
    assert codes(make_listing([asset], deal_type="assignment"), screening.FAIL) == []


def test_a_standing_open_licence_blocks_an_exclusive_or_sole_offer(make_listing, asset, staff):
    make_listing(
        [asset],
        publish=True,
        staff=staff,
        deal_type="open_licence",
        territories=[],
        open_royalty_rate="3",
        open_payment_method="royalty_quarterly",
    )
    for deal_type in ("exclusive_licence", "sole_licence"):
        assert "open_licence_declared" in codes(make_listing([asset], deal_type=deal_type), screening.FAIL)
    assert codes(make_listing([asset], deal_type="non_exclusive_licence"), screening.FAIL) == []


def test_withdrawing_the_open_licence_lifts_the_block(make_listing, asset, staff, alice):
    open_listing = make_listing(
        [asset],
        publish=True,
        staff=staff,
        deal_type="open_licence",
        open_fee="1000",
        open_payment_method="lump_sum",
    )
    services.close_listing(listing=open_listing, by=alice, outcome="withdrawn")
    assert codes(make_listing([asset], deal_type="exclusive_licence"), screening.FAIL) == []


def test_an_open_licence_declares_royalty_and_payment_method(make_listing, asset):
    listing = make_listing([asset], deal_type="open_licence")
    assert {"open_licence_without_royalty", "open_licence_without_payment_method"} <= set(
        codes(listing, screening.FAIL)
    )


def test_an_open_licence_of_a_utility_model_needs_an_evaluation_report(make_listing, alice_org):
    utility = make_asset(alice_org, number="CN200002U", kind="utility_model")
    terms = {"deal_type": "open_licence", "open_fee": "500", "open_payment_method": "lump_sum"}
    assert "evaluation_report_missing" in codes(make_listing([utility], **terms), screening.FAIL)
    assert (
        codes(make_listing([utility], evaluation_report_reference="CNIPA-ER-2025-1", **terms), screening.FAIL)
        == []
    )


def test_a_trademark_cannot_be_offered_under_an_open_licence(make_listing, alice_org):
    mark = make_asset(alice_org, number="HKTM1", kind="trademark")
    listing = make_listing([mark], deal_type="open_licence", open_fee="1", open_payment_method="lump_sum")
    assert "open_licence_not_a_patent" in codes(listing, screening.FAIL)


def test_a_pending_organisation_cannot_pass_screening(make_listing, asset, alice_org):
    listing = make_listing([asset])
    alice_org.status = "pending"
    alice_org.save()
    assert "seller_approved" in codes(listing, screening.FAIL)


def test_submitting_a_failing_listing_keeps_it_with_the_seller_and_shows_why(make_listing, asset, alice):
    asset.legal_status = "revoked"
    asset.save()
    listing = make_listing([asset])
    with pytest.raises(Conflict, match="no longer in force"):
        services.submit_listing(listing=listing, by=alice)
    listing.refresh_from_db()
    assert listing.status == Listing.Status.DRAFT
    assert any(c["code"] == "not_in_force" for c in listing.screening)


def test_approval_screens_again(make_listing, asset, alice, staff, charlie_org):
    listing = make_listing([asset], deal_type="assignment")
    services.submit_listing(listing=listing, by=alice)
    pledge(asset, charlie_org)  # pledged after submission
    with pytest.raises(Conflict):
        services.approve_listing(listing=listing, by=staff)
    listing.refresh_from_db()
    assert listing.status == Listing.Status.SUBMITTED


def test_messages_are_readable(make_listing, asset):
    for check in screening.screen(make_listing([asset])):
        text = screening.message(check.as_dict())
        assert "%(" not in text and text != check.code
