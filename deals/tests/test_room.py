"""The room's people and state, questions, messages and milestone claims."""

from datetime import date, timedelta

import pytest

from core.errors import Conflict, Forbidden, InvalidInput
from core.models import Event
from deals.models import DealNotification, DealRoom, Document, RoomMember
from deals.services import agreement as agreements
from deals.services import dataroom, nda, obligations, qa, terms
from deals.services import room as rooms
from deals.tests.conftest import licence_terms


def test_a_seller_invites_an_organisation_into_a_room(alice, alice_org, dana_org, dana, listing):
    room = rooms.invite_organisation(seller=alice_org, buyer=dana_org, by=alice, listing=listing)
    assert room.members.get(user=dana).side == "buyer"
    assert Event.objects.filter(kind="deal.room_opened", subject_id=str(room.pk)).exists()
    assert DealNotification.objects.filter(user=dana, room=room).exists()


def test_nobody_opens_a_room_for_another_organisation(charlie, alice_org, dana_org):
    with pytest.raises(Forbidden):
        rooms.open_room(seller=alice_org, buyer=dana_org, by=charlie, deal_type="assignment")
    assert not DealRoom.objects.exists()


def test_an_organisation_awaiting_approval_opens_no_room(make_organisation, make_user, dana_org):
    pending = make_organisation("Pending Bio", approved=False)
    founder = make_user("pat@example.com", pending, "admin")
    with pytest.raises(Forbidden, match="awaiting the operator's approval"):
        rooms.open_room(seller=pending, buyer=dana_org, by=founder, deal_type="exclusive_licence")
    assert not DealRoom.objects.exists()


def test_an_accepted_lead_opens_one_room_only(room):
    assert rooms.open_room_for_interest(room.interest, room.created_by) is None
    assert DealRoom.objects.count() == 1


def test_the_room_pauses_resumes_closes_and_reopens_and_each_step_is_an_event(room, alice, dana):
    for action, status in [("pause", "paused"), ("resume", "open"), ("close", "closed"), ("reopen", "open")]:
        assert (
            rooms.change_status(room=room, by=alice if action != "resume" else dana, action=action).status
            == status
        )
    kinds = set(Event.objects.filter(subject_id=str(room.pk)).values_list("kind", flat=True))
    assert {"deal.room_pause", "deal.room_resume", "deal.room_close", "deal.room_reopen"} <= kinds


def test_nothing_is_done_in_a_paused_room(room, alice, asset):
    rooms.change_status(room=room, by=alice, action="pause")
    with pytest.raises(Conflict):
        terms.offer_terms(room=room, by=alice, terms=licence_terms(asset))


def test_an_adviser_joins_a_side_but_never_signs(room, dana, make_organisation, make_user):
    firm = make_organisation("Harbour Law", "law_firm")
    lawyer = make_user("lawyer@example.com", firm, "member")
    seat = rooms.add_member(room=room, by=dana, user=lawyer, role=RoomMember.Role.LEAD, organisation=firm)
    assert seat.is_adviser and seat.side == "buyer"
    with pytest.raises(InvalidInput):
        rooms.change_role(member=seat, by=dana, role=RoomMember.Role.SIGNATORY)
    with pytest.raises(Forbidden):
        rooms.add_member(room=room, by=lawyer, user=dana, role="observer")


def test_a_viewer_of_the_organisation_cannot_be_its_signatory(room, dana, make_user, dana_org):
    viewer = make_user("viewer@example.com", dana_org, "viewer")
    with pytest.raises(InvalidInput):
        rooms.add_member(room=room, by=dana, user=viewer, role=RoomMember.Role.SIGNATORY)
    assert not room.members.filter(user=viewer).exists()


def test_people_of_the_other_party_are_added_by_their_own_lead(room, alice, make_user, dana_org):
    other = make_user("other@example.com", dana_org, "member")
    with pytest.raises(InvalidInput):
        rooms.add_member(room=room, by=alice, user=other, role="observer")


def test_an_observer_reads_but_does_not_act(room, dana, make_user, dana_org):
    watcher = make_user("watcher@example.com", dana_org, "member")
    rooms.add_member(room=room, by=dana, user=watcher, role=RoomMember.Role.OBSERVER)
    assert DealRoom.objects.visible_to(watcher).filter(pk=room.pk).exists()
    assert not DealRoom.objects.restrict(watcher, "change").filter(pk=room.pk).exists()
    with pytest.raises(Forbidden):
        qa.post_message(room=room, by=watcher, body="hi")


def test_clean_team_documents_reach_only_named_clean_team_members(
    room, alice, alice_signs, dan, dana, make_user, dana_org
):
    nda.prepare_nda(room=room, by=alice)
    nda.sign_nda(room=room, by=alice_signs)
    nda.sign_nda(room=room, by=dan)
    chemist = make_user("chemist@example.com", dana_org, "member")
    rooms.add_member(room=room, by=dana, user=chemist, role=RoomMember.Role.CLEAN_TEAM)
    document = dataroom.upload_document(
        room=room, by=alice, tier="clean_team", title="Pricing", filename="p.txt", data=b"price list"
    )
    assert Document.objects.visible_to(chemist).filter(pk=document.pk).exists()
    assert not Document.objects.visible_to(dana).filter(pk=document.pk).exists()


def test_an_expired_document_is_no_longer_shown_to_the_other_side(room, alice, dana):
    document = dataroom.upload_document(
        room=room, by=alice, tier="teaser", title="Deck", filename="d.txt", data=b"deck"
    )
    Document.objects.filter(pk=document.pk).update(expires_at=document.created_at)
    assert not Document.objects.visible_to(dana).filter(pk=document.pk).exists()


def test_questions_go_to_the_other_side_and_are_answered_there(room, alice, dana):
    question = qa.ask_question(
        room=room,
        by=dana,
        text="Who owns the cell line?",
        category="legal",
        due_on=date.today() + timedelta(days=7),
    )
    assert DealNotification.objects.filter(user=alice, kind="question_asked").exists()
    with pytest.raises(Forbidden):
        qa.answer_question(question=question, by=dana, answer="We do")
    qa.answer_question(question=question, by=alice, answer="Alice Bio, see the chain of title.")
    with pytest.raises(Conflict):
        qa.answer_question(question=question, by=alice, answer="again")


def test_milestones_are_claimed_by_the_licensor_and_confirmed_by_the_licensee(
    room, asset, alice, alice_signs, dan, dana
):
    nda.prepare_nda(room=room, by=alice)
    nda.sign_nda(room=room, by=alice_signs)
    nda.sign_nda(room=room, by=dan)
    room.refresh_from_db()
    sheet = terms.offer_terms(room=room, by=alice, terms=licence_terms(asset))
    terms.accept_terms(sheet=sheet, by=dan)
    agreement = agreements.generate_agreement(room=room, by=alice)
    agreements.sign_agreement(agreement=agreement, by=dan)
    agreements.sign_agreement(agreement=agreement, by=alice_signs)
    milestone = room.obligations.get(event="approval")
    with pytest.raises(Forbidden):
        obligations.claim_milestone(obligation=milestone, by=dana, reached_on=date.today())
    claimed = obligations.claim_milestone(obligation=milestone, by=alice, reached_on=date.today())
    assert claimed.status == "claimed" and claimed.due_on == date.today() + timedelta(
        days=sheet.terms["milestone_payment_days"]
    )
    assert obligations.answer_claim(obligation=claimed, by=dana, confirm=False).status == "disputed"
    agreement.refresh_from_db()
    with pytest.raises(Conflict):
        agreement.save()


def test_members_get_a_digest_of_unread_notices_in_their_language(room, alice, dana, mailoutbox):
    from django.core.management import call_command

    dana.language = "zh-hans"
    dana.save(update_fields=["language"])
    qa.post_message(room=room, by=alice, body="Data room is ready.")
    call_command("deals", "digest")
    mail = next(m for m in mailoutbox if m.to == [dana.email])
    assert "交易室" in mail.subject and "Data room is ready." in mail.body
    call_command("deals", "digest")
    assert len([m for m in mailoutbox if m.to == [dana.email]]) == 1


def test_an_open_licensee_opens_a_room_for_more_than_the_standard_terms(
    client, alice, alice_org, staff, dana, dana_org, make_user
):
    from accounts.services import create_api_token
    from listings import open_licence
    from listings import services as market
    from tests.factories import make_asset

    patent = make_asset(alice_org, number="CN200002A", holder_name="Alice Bio")
    declared = market.create_listing(
        organisation=alice_org, by=alice, assets=[patent], title="Open licence", deal_type="open_licence",
        open_royalty_rate="3", open_payment_method="royalty_quarterly",
    )  # fmt: skip
    market.submit_listing(listing=declared, by=alice)
    market.approve_listing(listing=declared, by=staff)
    headers = {"HTTP_AUTHORIZATION": f"Bearer {create_api_token(user=dana, name='t', scope='read-write')[1]}"}
    path = f"/api/v1/deals/open-licences/{declared.pk}/rooms"
    refused = client.post(path, {"organisation": dana_org.slug}, content_type="application/json", **headers)
    assert refused.status_code == 409 and not DealRoom.objects.exists()
    open_licence.take_open_licence(
        listing=declared, organisation=dana_org, by=dana, payment_reference="PAY-1"
    )
    opened = client.post(path, {"organisation": dana_org.slug}, content_type="application/json", **headers)
    assert opened.status_code == 201
    room = DealRoom.objects.get()
    assert room.members.get(user=alice).side == "seller" and room.members.get(user=dana).side == "buyer"


def test_term_descriptions_group_the_digits_of_amounts():
    from deals.terms import describe

    assert describe("upfront", "5000000") == "5,000,000"
    milestones = describe("milestones", [{"kind": "regulatory", "event": "approval", "amount": "20000000"}])
    assert milestones == "kind regulatory, event approval, amount 20,000,000"
    assert describe("term_years", 12) == "12"
