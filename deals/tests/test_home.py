"""Deal rooms on a member's home: each person sees what waits for their own seat (NDA and agreement to sign,
offer to answer, questions, royalty reports and milestones), and nobody outside the room sees any of it."""

from datetime import timedelta

import pytest
from django.utils import timezone

from core import home
from deals.models import Obligation
from deals.services import agreement as agreements
from deals.services import nda, obligations, qa, terms
from deals.tests.conftest import licence_terms

pytestmark = pytest.mark.django_db


def waiting(user) -> dict[str, int]:
    return {str(item.title): item.count for item in home.inbox_for(user)}


def test_both_signatories_are_asked_to_sign_the_prepared_nda(room, alice, alice_signs, dan):
    nda.prepare_nda(room=room, by=alice)
    assert waiting(alice_signs)["NDAs to sign"] == 1
    assert waiting(dan)["NDAs to sign"] == 1
    assert "NDAs to sign" not in waiting(alice)


def test_a_side_that_signed_the_nda_is_no_longer_asked(room, alice, alice_signs, dan):
    nda.prepare_nda(room=room, by=alice)
    nda.sign_nda(room=room, by=alice_signs)
    assert "NDAs to sign" not in waiting(alice_signs)
    assert waiting(dan)["NDAs to sign"] == 1


def test_the_other_side_is_asked_to_answer_an_offer(room, asset, alice, dana, dan):
    terms.offer_terms(room=room, by=alice, terms=licence_terms(asset))
    assert waiting(dana)["Offers to answer"] == 1
    assert waiting(dan)["Offers to answer"] == 1
    assert "Offers to answer" not in waiting(alice)


def test_signatories_are_asked_to_sign_the_agreement_and_the_other_side_to_answer_questions(
    full_room, alice, alice_signs, dan, dana
):
    assert waiting(alice_signs)["Agreements to sign"] == 1
    assert waiting(dan)["Agreements to sign"] == 1
    assert waiting(alice)["Due-diligence questions to answer"] == 1
    assert "Due-diligence questions to answer" not in waiting(dana)


def test_nothing_in_the_room_waits_for_an_outsider_a_colleague_outside_the_room_or_staff(
    full_room, bob, charlie, staff
):
    for person in (bob, charlie, staff):
        titles = waiting(person)
        assert not {"Agreements to sign", "Due-diligence questions to answer", "Offers to answer"} & set(
            titles
        )


@pytest.fixture
def signed_room(full_room, alice_signs, dan):
    agreement = full_room["agreement"]
    agreements.sign_agreement(agreement=agreement, by=alice_signs)
    agreements.sign_agreement(agreement=agreement, by=dan)
    full_room["room"].refresh_from_db()
    return full_room["room"]


def test_the_licensee_is_asked_for_a_royalty_report_falling_due(signed_room, dana, alice):
    report = signed_room.obligations.filter(kind=Obligation.Kind.ROYALTY_REPORT).first()
    Obligation.objects.filter(pk=report.pk).update(due_on=timezone.localdate() + timedelta(days=2))
    assert waiting(dana)["Royalty reports due"] == 1
    assert "Royalty reports due" not in waiting(alice)


def test_the_licensee_is_asked_to_confirm_a_claimed_milestone(signed_room, alice, dana):
    milestone = signed_room.obligations.filter(kind=Obligation.Kind.MILESTONE).first()
    obligations.claim_milestone(obligation=milestone, by=alice, reached_on=timezone.localdate())
    assert waiting(dana)["Milestones to confirm or dispute"] == 1
    assert "Milestones to confirm or dispute" not in waiting(alice)


def test_the_members_home_page_shows_the_room_items(client, room, alice, dan):
    nda.prepare_nda(room=room, by=alice)
    client.force_login(dan)
    html = client.get("/").content.decode()
    assert "NDAs to sign" in html
    assert "/deals/" in html


def test_answered_questions_no_longer_wait(full_room, alice):
    qa.answer_question(question=full_room["question"], by=alice, answer="We do.")
    assert "Due-diligence questions to answer" not in waiting(alice)


def activity(user) -> list[str]:
    return [str(item.verb) for item in home.recent_activity(user, limit=50)]


def test_room_members_see_the_rooms_steps_as_recent_activity_in_words(full_room, alice, dan):
    for person in (alice, dan):
        steps = activity(person)
        assert "Both sides signed the NDA" in steps
        assert "New terms were offered" in steps
        assert "The agreement is ready to sign" in steps
        assert "changed" not in steps


def test_the_home_page_links_the_rooms_activity_without_its_terms_or_texts(client, full_room, dan):
    client.force_login(dan)
    html = client.get("/").content.decode()
    assert f'href="/deals/{full_room["room"].pk}/"' in html
    assert "The terms were accepted and locked" in html
    for secret in ("5000000", "5,000,000", "CONF-XYZ", "Who holds the CMC data?", "Welcome to the room."):
        assert secret not in html


def test_a_colleague_without_a_seat_an_outsider_and_staff_see_none_of_the_rooms_activity(
    client, full_room, bob, charlie, staff
):
    room_url = f'href="/deals/{full_room["room"].pk}/"'
    for person in (bob, charlie, staff):
        assert not {"New terms were offered", "A deal room opened"} & set(activity(person))
        client.force_login(person)
        assert room_url not in client.get("/").content.decode()
