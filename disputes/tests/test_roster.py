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
