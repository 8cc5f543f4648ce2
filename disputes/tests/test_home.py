"""What disputes puts on a member's home and on its entry page: cases waiting for the member's action."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from core.home import inbox_for, shortcuts_for
from disputes.services import decisions, docket, neutrals, roster
from disputes.templatetags.disputes import time_left

pytestmark = pytest.mark.django_db


def _counts(user) -> dict[str, int]:
    return {str(item.title): item.count for item in inbox_for(user)}


def test_a_served_submission_waits_for_the_other_side_until_opened(standalone, alice):
    dana = standalone.dana
    submission = docket.file_submission(case=standalone, by=alice, kind="statement", title="Claim")
    assert _counts(dana)["Dispute submissions served on you, not yet opened"] == 1
    assert "Dispute submissions served on you, not yet opened" not in _counts(alice)
    docket.mark_opened(submission=submission, by=dana)
    assert "Dispute submissions served on you, not yet opened" not in _counts(dana)


def test_coming_deadlines_wait_for_the_people_in_the_case_only(standalone, alice, charlie, staff):
    answer = standalone.deadlines.get(code="answer")
    answer.due_on = timezone.localdate() + datetime.timedelta(days=3)
    answer.save()
    assert _counts(alice)["Deadlines coming up in your disputes"] >= 1
    assert "Deadlines coming up in your disputes" not in _counts(charlie)
    assert "Deadlines coming up in your disputes" not in _counts(staff)  # staff see cases, sit in none


def test_a_settlement_waits_for_the_side_that_has_not_signed(alice, alice_org, dana_org, dana, hkiac, jun):
    from disputes.services import filing

    mediation = filing.file_case(
        by=alice, kind="mediation", rules=hkiac, title="Mediation", claimant=alice_org, respondent=dana_org
    )
    neutrals.nominate(case=mediation, by=alice, neutral=jun, role="mediator")
    settlement = decisions.issue_decision(
        case=mediation, by=jun.user, kind="settlement", title="Settlement", text="Terms."
    )
    title = "Settlement agreements waiting for your side's signature"
    assert _counts(alice)[title] == 1 and _counts(dana)[title] == 1
    decisions.sign_settlement(decision=settlement, by=alice)
    assert title not in _counts(alice) and _counts(dana)[title] == 1


def test_lists_and_challenges_wait_for_those_who_must_act(standalone, alice, hana, ivan, jun, kit):
    neutrals.propose_list(case=standalone, by=hana, role="presiding", candidates=[jun, kit])
    assert _counts(alice)["Lists of candidate neutrals for your side to rank"] == 1
    appointment = neutrals.appoint(case=standalone, by=hana, neutral=ivan, role="co")
    neutrals.raise_challenge(appointment=appointment, by=alice, grounds="Ties to Dana")
    assert _counts(hana)["Challenges to neutrals to decide"] == 1
    assert "Challenges to neutrals to decide" not in _counts(alice)


def test_roster_applications_wait_for_the_centre(make_user, institution, hana, alice):
    roster.apply_to_roster(
        by=make_user("lee@example.com"), centre=institution, name="Lee", qualifications="QC", languages=["en"]
    )
    assert _counts(hana)["Applications to your centre's roster to decide"] == 1
    assert "Applications to your centre's roster to decide" not in _counts(alice)


def test_the_entry_page_lists_the_members_cases_and_what_waits(client_as, standalone, alice, charlie):
    docket.file_submission(case=standalone, by=standalone.dana, kind="answer", title="Answer")
    page = client_as(alice).get(reverse("disputes:index")).content.decode()
    assert standalone.reference in page and "Waiting for you" in page
    assert standalone.reference not in client_as(charlie).get(reverse("disputes:index")).content.decode()
    assert reverse("disputes:index") in [s.url for s in shortcuts_for(alice)]
    assert reverse("disputes:index") not in [s.url for s in shortcuts_for(charlie)]


def test_the_time_left_reads_in_days():
    today = timezone.localdate()
    assert time_left(today) == "due today"
    assert time_left(today + datetime.timedelta(days=1)) == "in 1 day"
    assert time_left(today + datetime.timedelta(days=12)) == "in 12 days"
    assert time_left(today - datetime.timedelta(days=2)) == "2 days late"


def test_the_log_in_sentence_is_one_sentence_in_chinese(client):
    from django.urls import reverse

    for language, expected in (("zh-hant", "登入</a>以查看您的案件"), ("zh-hans", "登录</a>以查看您的案件")):
        page = client.get(reverse("disputes:index"), HTTP_ACCEPT_LANGUAGE=language)
        assert page.status_code == 200 and expected in page.content.decode(), language


def test_the_older_address_of_the_case_list_redirects_to_the_one_list(client):
    from django.urls import reverse

    response = client.get(reverse("disputes:cases"))
    assert response.status_code == 301 and response["Location"] == reverse("disputes:index")


def _activity(user) -> list[str]:
    from core.home import recent_activity

    return [str(item.verb) for item in recent_activity(user, limit=50)]


def test_the_parties_and_the_case_officer_see_the_cases_steps_as_recent_activity(standalone, alice, hana):
    docket.file_submission(case=standalone, by=alice, kind="statement", title="Claim SECRET-TITLE")
    for person in (alice, standalone.dana, hana):
        steps = _activity(person)
        assert "The case was filed" in steps
        assert "A submission was filed" in steps


def test_the_home_page_links_the_case_and_shows_none_of_its_content(client, standalone, alice):
    docket.file_submission(case=standalone, by=alice, kind="statement", title="Claim SECRET-TITLE")
    client.force_login(standalone.dana)
    html = client.get("/").content.decode()
    assert f'href="/disputes/cases/{standalone.pk}/"' in html
    for secret in ("CONFIDENTIAL-SUMMARY", "SECRET-TITLE", "50000000", "50,000,000", "Standalone dispute"):
        assert secret not in html


def test_a_colleague_without_a_seat_an_outsider_and_staff_see_none_of_the_cases_activity(
    client, standalone, alice_org, make_user, charlie, staff
):
    colleague = make_user("eve@example.com", alice_org, "member")
    for person in (colleague, charlie, staff):
        assert "The case was filed" not in _activity(person)
        client.force_login(person)
        assert f"/disputes/cases/{standalone.pk}/" not in client.get("/").content.decode()
