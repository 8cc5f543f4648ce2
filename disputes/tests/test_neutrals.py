"""Appointing neutrals: conflicts refuse a nomination with reasons; the list procedure; challenges."""

import pytest

from accounts.models import Membership
from core.errors import Conflict, Forbidden, InvalidInput
from disputes.models import Appointment, Case, Challenge, NeutralConflict
from disputes.services import neutrals

pytestmark = pytest.mark.django_db


def test_a_nomination_constitutes_the_tribunal_and_starts_its_deadlines(case, alice, ivan):
    neutrals.nominate(case=case, by=alice, neutral=ivan, role="sole", declaration="Independent.")
    case.refresh_from_db()
    assert case.status == Case.Status.CONSTITUTED
    assert case.deadlines.get(code="constitution").status == "met"
    assert case.deadlines.filter(code="expedited_award").exists()
    assert Case.objects.visible_to(ivan.user).filter(pk=case.pk).exists()


def test_a_neutral_who_declared_a_conflict_with_a_party_is_refused_without_its_private_reason(
    case, alice, ivan, dana_org
):
    neutrals.declare_conflict(
        neutral=ivan, by=ivan.user, organisation=dana_org, reason="Advised Dana in 2025"
    )
    with pytest.raises(Conflict) as refused:
        neutrals.nominate(case=case, by=alice, neutral=ivan, role="sole")
    assert (
        "Advised Dana in 2025" not in refused.value.detail and "conflict of interest" in refused.value.detail
    )
    assert not Appointment.objects.exists()
    assert "Advised Dana in 2025" in " ".join(
        neutrals.conflict_check(case=case, neutral=ivan, reader=ivan.user)
    )


def test_the_case_roster_shows_reasons_only_to_officers_and_the_operator(client_as, users, standalone, ivan):
    from django.urls import reverse

    dana_org = standalone.parties.get(side="respondent").organisation
    neutrals.declare_conflict(neutral=ivan, by=ivan.user, organisation=dana_org, reason="SECRET-REASON")
    url = reverse("disputes:neutrals", args=[standalone.pk])
    for name, user in users.items():
        page = client_as(user).get(url)
        if name in ("anonymous", "outsider"):
            assert page.status_code in (302, 404), name
            continue
        text = page.content.decode()
        assert page.status_code == 200 and "Ivan Arbitrator" in text, name
        assert ("SECRET-REASON" in text) == (name == "staff"), name
        assert (name == "staff") or "conflict of interest" in text, name


def test_a_conflict_declared_by_name_against_an_affiliate_counts(case, alice, ivan):
    party = case.parties.get(side="respondent")
    party.affiliate_names = ["Dana Holdings Ltd"]
    party.save()
    NeutralConflict.objects.create(neutral=ivan, name="dana holdings  ltd", reason="Board member")
    assert neutrals.conflict_check(case=case, neutral=ivan)


def test_a_neutral_belonging_to_a_party_is_refused(case, alice, ivan, dana_org):
    Membership.objects.create(user=ivan.user, organisation=dana_org, role="viewer")
    with pytest.raises(Conflict):
        neutrals.nominate(case=case, by=alice, neutral=ivan, role="sole")


def test_a_neutral_who_acted_for_a_party_in_an_earlier_case_is_refused(
    case, alice, alice_org, ivan, hkiac, make_user
):
    from disputes.models import Participant
    from disputes.services import filing

    earlier = filing.file_case(
        by=alice,
        kind="arbitration",
        rules=hkiac,
        title="Earlier",
        claimant=alice_org,
        respondent_name="Other Ltd",
    )
    Participant.objects.create(case=earlier, user=ivan.user, role="counsel", party=earlier.parties.first())
    reasons = neutrals.conflict_check(case=case, neutral=ivan)
    assert any(earlier.reference in reason for reason in reasons)
    # A case officer named on this case only does not learn the earlier case's reference.
    officer = make_user("officer@example.com")
    Participant.objects.create(case=case, user=officer, role=Participant.Role.CASE_OFFICER)
    read = neutrals.conflict_check(case=case, neutral=ivan, reader=officer)
    assert read and not any(earlier.reference in reason for reason in read)


def test_only_parties_nominate_and_only_officers_appoint(case, charlie, alice, hana, ivan, jun):
    with pytest.raises(Forbidden):
        neutrals.nominate(case=case, by=hana, neutral=ivan, role="co")
    with pytest.raises(Forbidden):
        neutrals.appoint(case=case, by=alice, neutral=ivan, role="presiding")
    neutrals.appoint(case=case, by=hana, neutral=jun, role="presiding")
    assert case.appointments.get().method == "institution"


def test_a_mediator_role_is_refused_in_an_arbitration(case, alice, jun):
    with pytest.raises(InvalidInput):
        neutrals.nominate(case=case, by=alice, neutral=jun, role="mediator")


def test_the_list_procedure_appoints_the_best_combined_rank(case, hana, alice, dana, ivan, jun, kit):
    proposal = neutrals.propose_list(case=case, by=hana, role="presiding", candidates=[ivan, jun, kit])
    neutrals.rank_list(proposal=proposal, by=alice, ranking=[ivan.pk, jun.pk, kit.pk])
    with pytest.raises(InvalidInput):
        neutrals.rank_list(proposal=proposal, by=dana, ranking=[kit.pk])
    neutrals.rank_list(proposal=proposal, by=dana, ranking=[jun.pk, kit.pk, ivan.pk])
    proposal.refresh_from_db()
    assert proposal.appointment is not None
    assert proposal.appointment.neutral == jun and proposal.appointment.method == "list"


def test_an_upheld_challenge_removes_the_neutral_from_the_case(case, alice, dana, hana, ivan):
    appointment = neutrals.nominate(case=case, by=alice, neutral=ivan, role="co")
    challenge = neutrals.raise_challenge(appointment=appointment, by=dana, grounds="Undisclosed relationship")
    with pytest.raises(Forbidden):
        neutrals.decide_challenge(challenge=challenge, by=alice, uphold=True, reason="x")
    neutrals.decide_challenge(challenge=challenge, by=hana, uphold=True, reason="Justifiable doubts.")
    appointment.refresh_from_db()
    assert appointment.status == Appointment.Status.REMOVED
    assert Challenge.objects.get().status == Challenge.Status.UPHELD
    assert not Case.objects.visible_to(ivan.user).filter(pk=case.pk).exists()


def test_a_dismissed_challenge_keeps_the_neutral(case, alice, dana, hana, ivan):
    appointment = neutrals.nominate(case=case, by=alice, neutral=ivan, role="co")
    challenge = neutrals.raise_challenge(appointment=appointment, by=dana, grounds="Too slow")
    neutrals.decide_challenge(challenge=challenge, by=hana, uphold=False, reason="No grounds.")
    appointment.refresh_from_db()
    assert appointment.status == Appointment.Status.CONFIRMED


def test_a_party_declares_its_affiliates_and_neutrals_are_checked_against_them(
    client_as, standalone, ivan, make_organisation
):
    import json

    parent = make_organisation("Dana Holdings")
    NeutralConflict.objects.create(neutral=ivan, organisation=parent, reason="Sits on the holding's board")
    assert neutrals.conflict_check(case=standalone, neutral=ivan) == []
    response = client_as(standalone.dana).put(
        f"/api/v1/disputes/cases/{standalone.pk}/affiliates",
        data=json.dumps({"organisations": [parent.slug], "names": ["Dana Trading (BVI) Ltd"]}),
        content_type="application/json",
    )
    assert response.status_code == 200 and response.json()["affiliates"] == [parent.slug]
    assert any(
        "holding's board" in reason for reason in neutrals.conflict_check(case=standalone, neutral=ivan)
    )


def test_only_a_party_declares_affiliates(client_as, standalone, charlie, hana):
    import json

    url = f"/api/v1/disputes/cases/{standalone.pk}/affiliates"
    body = json.dumps({"names": ["X"]})
    assert client_as(charlie).put(url, data=body, content_type="application/json").status_code == 404
    assert client_as(hana).put(url, data=body, content_type="application/json").status_code == 403
    assert not standalone.parties.exclude(affiliate_names=[]).exists()
