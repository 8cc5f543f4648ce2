"""A deal room in Chromium: both sides sign the NDA, talk (HTMX), the seller offers terms through the form
and the buyer accepts them."""

import pytest

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


@pytest.fixture
def deal_room(settings, tmp_path, alice, alice_org, staff, make_organisation, make_user):
    from deals import nda_default
    from deals.models import NdaTemplate, RoomMember
    from deals.services import room as rooms
    from listings import services as market
    from tests.factories import make_asset

    settings.DATA_DIR, settings.MEDIA_ROOT = tmp_path, tmp_path / "media"
    nda_default.seed(NdaTemplate)
    buyer_org = make_organisation("Dana Pharma")
    dana = make_user("dana@example.com", buyer_org, "admin")
    asset = make_asset(alice_org, number="CN100001A", holder_name="Alice Bio")
    listing = market.create_listing(
        organisation=alice_org, by=alice, assets=[asset], title="Anti-PD-1 antibody licence",
        deal_type="exclusive_licence", territories=["ASEAN"],
    )  # fmt: skip
    market.submit_listing(listing=listing, by=alice)
    market.approve_listing(listing=listing, by=staff)
    interest = market.express_interest(listing=listing, organisation=buyer_org, by=dana)
    market.decide_interest(interest=interest, by=alice, accept=True)
    room = interest.deal_room
    for person in (alice, dana):
        rooms.change_role(member=room.members.get(user=person), by=person, role=RoomMember.Role.SIGNATORY)
    return room, dana, asset


def test_a_deal_room_from_nda_to_accepted_terms(page, login, deal_room, alice):
    room, dana, _asset = deal_room
    login(alice)
    page.goto(f"/deals/{room.pk}/")
    page.click("#nda button:has-text('Prepare')")
    page.click("text=Sign the NDA for my side")
    page.fill("textarea[name=body]", "Welcome, Dana.")
    page.click("#messages button:has-text('Send')")
    page.wait_for_selector("#messages li:has-text('Welcome, Dana.')")
    page.goto(f"/deals/{room.pk}/terms/")
    page.fill("input[name=upfront]", "2500000")
    page.fill("textarea[name=royalty_tiers]", "0; 100000000; 6\n100000000; ; 8")
    page.fill("input[name=territories]", "ASEAN")
    page.click("main form button:has-text('Offer')")
    page.wait_for_selector("text=Version 1")
    page.context.clear_cookies()
    login(dana)
    page.goto(f"/deals/{room.pk}/")
    page.click("text=Sign the NDA for my side")
    page.wait_for_selector(".tag:has-text('NDA signed')")
    page.goto(f"/deals/{room.pk}/terms/")
    page.once("dialog", lambda dialog: dialog.accept())  # accepting locks the terms: the page asks first
    page.click("text=Accept this version")
    page.wait_for_selector("text=Accepted: the terms are locked")
    room.refresh_from_db()
    assert room.nda_complete and room.term_sheets.get().status == "accepted"
