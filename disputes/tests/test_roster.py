"""Self-registration on a centre's roster: an arbitrator or mediator applies with qualifications,
languages, specialisms and declared conflicts; the centre's officer approves or refuses with reasons."""

import pytest

from core.errors import Conflict, Forbidden, InvalidInput
from disputes.models import Neutral, NeutralConflict, RosterApplication
from disputes.services import neutrals, roster

pytestmark = pytest.mark.django_db


def _apply(user, centre, **overrides):
    fields = {
        "name": "Lee Arbitrator",
        "qualifications": "FCIArb; former patent judge",
        "specialisms": "Biologics licensing",
        "languages": ["en", "zh-hant", "en"],
        "jurisdictions": ["HK"],
        "hourly_rate": "6500",
        "currency": "HKD",
        "arbitrator": True,
        "mediator": True,
        "conflicts": [{"name": "Dana Pharma", "reason": "Former client"}],
    }
    return roster.apply_to_roster(by=user, centre=centre, **{**fields, **overrides})


def test_an_approved_applicant_is_listed_with_its_conflicts(make_user, institution, hana, make_organisation):
    make_organisation("Dana Pharma")
    lee = make_user("lee@example.com")
    application = _apply(lee, institution)
    assert application.languages == ["en", "zh-hant"]
    assert not Neutral.objects.filter(user=lee).exists()
    roster.decide_application(application=application, by=hana, approve=True, reason="Well qualified.")
    application.refresh_from_db()
    neutral = application.neutral
    assert application.status == RosterApplication.Status.APPROVED and application.decided_by == hana
    assert neutral.active and neutral.arbitrator and neutral.mediator
    assert neutral.expertise == "Biologics licensing" and neutral.qualifications.startswith("FCIArb")
    assert list(neutral.rosters.all()) == [institution]
    declared = NeutralConflict.objects.get(neutral=neutral)
    assert (
        declared.organisation is not None
        and declared.organisation.name == "Dana Pharma"
        and declared.reason == "Former client"
    )


def test_the_declared_conflict_keeps_the_new_neutral_off_a_case_against_that_party(
    make_user, institution, hana, standalone
):
    lee = make_user("lee@example.com")
    application = _apply(lee, institution)
    roster.decide_application(application=application, by=hana, approve=True, reason="Qualified.")
    reasons = neutrals.conflict_check(case=standalone, neutral=Neutral.objects.get(user=lee))
    assert reasons and "Former client" in " ".join(reasons)


def test_a_refusal_gives_reasons_and_lists_nobody(make_user, institution, hana):
    lee = make_user("lee@example.com")
    application = _apply(lee, institution)
    with pytest.raises(InvalidInput):
        roster.decide_application(application=application, by=hana, approve=False, reason=" ")
    roster.decide_application(application=application, by=hana, approve=False, reason="No IP experience.")
    application.refresh_from_db()
    assert application.status == "refused" and application.decision_reason == "No IP experience."
    assert not Neutral.objects.filter(user=lee).exists()
    with pytest.raises(Conflict):
        roster.decide_application(application=application, by=hana, approve=True, reason="Changed my mind.")
    _apply(lee, institution)  # after a refusal, the applicant may apply again


def test_only_the_centres_officers_decide(make_user, institution, alice):
    lee = make_user("lee@example.com")
    application = _apply(lee, institution)
    for stranger in (alice, lee):
        with pytest.raises(Forbidden):
            roster.decide_application(application=application, by=stranger, approve=True, reason="Me.")
    assert RosterApplication.objects.get().status == "pending"


def test_bad_applications_are_refused_and_change_nothing(make_user, institution, alice_org):
    lee = make_user("lee@example.com")
    bad = [
        {"centre": alice_org},
        {"name": " "},
        {"arbitrator": False, "mediator": False},
        {"qualifications": ""},
        {"languages": []},
        {"hourly_rate": "-1"},
        {"hourly_rate": 1.5},
        {"currency": "XXX"},
        {"conflicts": [{"name": "Dana Pharma", "reason": ""}]},
    ]
    for overrides in bad:
        centre = overrides.pop("centre", institution)
        with pytest.raises(InvalidInput):
            _apply(lee, centre, **overrides)
    assert not RosterApplication.objects.exists()


def test_one_pending_application_per_centre_and_none_once_listed(make_user, institution, hana):
    lee = make_user("lee@example.com")
    application = _apply(lee, institution)
    with pytest.raises(Conflict):
        _apply(lee, institution)
    roster.decide_application(application=application, by=hana, approve=True, reason="Qualified.")
    with pytest.raises(Conflict):
        _apply(lee, institution)


def test_the_api_applies_and_the_officer_approves(client_as, make_user, institution, hana):
    import json

    lee = make_user("lee@example.com")
    body = {
        "centre": institution.slug,
        "name": "Lee Arbitrator",
        "qualifications": "Barrister",
        "languages": ["en"],
        "hourly_rate": "4000",
        "conflicts": [{"name": "Dana Pharma", "reason": "Former client"}],
    }
    made = client_as(lee).post(
        "/api/v1/disputes/roster-applications", data=json.dumps(body), content_type="application/json"
    )
    assert made.status_code == 201, made.content
    pk = made.json()["id"]
    assert made.json()["status"] == "pending" and made.json()["centre"] == institution.slug
    bad = client_as(lee).post(
        "/api/v1/disputes/roster-applications",
        data=json.dumps({**body, "centre": "nowhere"}),
        content_type="application/json",
    )
    assert bad.status_code == 422 and bad["Content-Type"].startswith("application/problem+json")
    decided = client_as(hana).post(
        f"/api/v1/disputes/roster-applications/{pk}/decision",
        data=json.dumps({"approve": True, "reason": "Qualified."}),
        content_type="application/json",
    )
    assert decided.status_code == 200 and decided.json()["status"] == "approved"
    listed = client_as(None).get("/api/v1/disputes/neutrals").json()
    assert [n["name"] for n in listed] == ["Lee Arbitrator"]


def test_the_back_office_lists_applications_without_deciding_them(admin_client, make_user, institution):
    from django.urls import reverse

    application = _apply(make_user("lee@example.com"), institution)
    client = admin_client
    assert client.get(reverse("admin:disputes_rosterapplication_changelist")).status_code == 200
    page = client.get(reverse("admin:disputes_rosterapplication_change", args=[application.pk]))
    assert page.status_code == 200 and b"Lee Arbitrator" in page.content


def test_a_centre_the_operator_has_not_approved_keeps_no_roster(make_user, make_organisation):
    from accounts.models import Organisation

    pending = make_organisation("Self-made Centre", "dispute_institution", approved=False)
    founder = make_user("founder@example.com", pending, "admin")
    with pytest.raises(Forbidden):
        _apply(founder, pending)
    application = RosterApplication.objects.create(
        applicant=founder, centre=pending, name="Me", qualifications="None", languages=["en"]
    )
    with pytest.raises(Forbidden):
        roster.decide_application(application=application, by=founder, approve=True, reason="Me.")
    assert not Neutral.objects.exists() and pending.status != Organisation.Status.APPROVED


def test_viewers_and_the_applicant_do_not_decide(make_user, institution):
    viewer = make_user("viewer@example.com", institution, "viewer")
    insider = make_user("insider@example.com", institution, "member")
    for applicant, decider in ((make_user("lee@example.com"), viewer), (insider, insider)):
        application = _apply(applicant, institution)
        with pytest.raises(Forbidden):
            roster.decide_application(application=application, by=decider, approve=True, reason="Fine.")
    assert not RosterApplication.objects.exclude(status="pending").exists() and not Neutral.objects.exists()


def test_a_centre_does_not_relist_a_neutral_the_operator_took_off(make_user, institution, hana):
    lee = make_user("lee@example.com")
    application = _apply(lee, institution)
    Neutral.objects.create(user=lee, name="Lee", active=False)  # the operator took Lee off the roster
    with pytest.raises(Conflict):
        roster.decide_application(application=application, by=hana, approve=True, reason="Qualified.")
    assert not Neutral.objects.get(user=lee).active


def test_a_second_centre_adds_its_roster_without_rewriting_the_profile(
    make_user, institution, hana, make_organisation
):
    other = make_organisation("Second Mediation Centre", "dispute_institution")
    olga = make_user("olga@example.com", other, "member")
    lee = make_user("lee@example.com")
    roster.decide_application(
        application=_apply(lee, institution), by=hana, approve=True, reason="Qualified."
    )
    second = _apply(lee, other, hourly_rate="100", languages=["fr"], qualifications="Other", arbitrator=False)
    roster.decide_application(application=second, by=olga, approve=True, reason="Qualified.")
    neutral = Neutral.objects.get(user=lee)
    assert neutral.hourly_rate == 6500 and neutral.languages == ["en", "zh-hant"]
    assert neutral.qualifications.startswith("FCIArb") and neutral.arbitrator and neutral.mediator
    assert set(neutral.rosters.all()) == {institution, other}


def test_the_api_gives_one_answer_for_unknown_private_and_non_centre_slugs(
    client_as, make_user, make_organisation, alice_org
):
    import json

    hidden = make_organisation("Hidden Centre", "dispute_institution", approved=False)
    lee = make_user("lee@example.com")
    body = {"name": "Lee", "qualifications": "Barrister", "languages": ["en"]}
    answers = set()
    for slug in ("nowhere", hidden.slug, alice_org.slug):
        response = client_as(lee).post(
            "/api/v1/disputes/roster-applications",
            data=json.dumps({**body, "centre": slug}),
            content_type="application/json",
        )
        assert response.status_code == 422
        answers.add(response.json()["detail"].replace(slug, "SLUG"))
    assert len(answers) == 1 and not RosterApplication.objects.exists()


def test_the_page_offers_only_approved_centres_the_person_may_see(
    client_as, make_user, make_organisation, institution
):
    from django.urls import reverse

    hidden = make_organisation("Hidden Pending Centre", "dispute_institution", approved=False)
    institution.public_profile = True
    institution.save()
    page = client_as(make_user("lee@example.com")).get(reverse("disputes:my_roster"))
    assert page.status_code == 200
    assert institution.name in page.content.decode() and hidden.name not in page.content.decode()


def test_a_second_application_at_the_same_instant_gets_a_conflict(make_user, institution, monkeypatch):
    """The check before the insert and the insert race; the database's constraint answers with a 409."""
    lee = make_user("lee@example.com")
    _apply(lee, institution)
    monkeypatch.setattr(roster, "_check_centre", lambda centre, by: None)  # the other request checked first
    with pytest.raises(Conflict):
        _apply(lee, institution)
    assert RosterApplication.objects.count() == 1


def test_the_decision_form_is_offered_to_the_centres_writers_only(client_as, make_user, institution, hana):
    from django.urls import reverse

    viewer = make_user("viewer@example.com", institution, "viewer")
    insider = make_user("insider@example.com", institution, "member")
    application = _apply(insider, institution)
    url = reverse("disputes:roster_application", args=[application.pk])
    for user, offered in ((hana, True), (viewer, False), (insider, False)):
        page = client_as(user).get(url)
        assert page.status_code == 200
        assert ('name="decision"' in page.content.decode()) == offered, user.email
