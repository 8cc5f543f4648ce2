"""The subsidy pages and API from the five viewpoints: apply, eligibility, quota, decisions, payout.

Each write is tried by every viewpoint on a fresh world; a refused one leaves everything as it was (no event,
no application, decision or payout), an allowed one changes something."""

import datetime
import json
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import translation

from core.models import Event
from tests.factories import make_asset
from tests.matrix import LOGIN, Row, check, check_viewpoint, each_viewpoint, generic
from valuation import indicator_defaults, services
from valuation.subsidy import services as subsidy
from valuation.subsidy.models import SubsidyApplication, SubsidyPayout, SubsidyProgramme

pytestmark = pytest.mark.django_db
API = "/api/v1/valuation/subsidy"


@pytest.fixture
def programme(db):
    SubsidyProgramme.objects.update(active=False)  # the one seeded from figures.json, when present
    return SubsidyProgramme.objects.create(
        name="Test valuation subsidy",
        share_of_fee=Decimal("0.5"),
        max_subsidy_per_case=Decimal("80000"),
        currency="HKD",
        max_cases_per_year=2,
        fields=["chemistry", "medicine"],
        starts_on=datetime.date(2020, 1, 1),
        source="test programme",
    )


@pytest.fixture
def valuation(alice_org, alice):
    asset = make_asset(alice_org, number="CN997A", visibility="confidential")
    scores = {code: "60" for code, *_names, kind, _key in indicator_defaults.TREE if kind != "derived"}
    created = services.create_valuation(
        asset=asset,
        by=alice,
        purpose="financing",
        methods=["indicators"],
        inputs={"indicators": {"scores": scores}},
        currency="HKD",
    )
    return services.run_valuation(valuation=created, by=alice)


@pytest.fixture
def application(programme, valuation, alice):
    return subsidy.apply_for_valuation(
        programme=programme,
        valuation=valuation,
        technology_field="medicine",
        valuation_fee="120000",
        by=alice,
    )


@pytest.fixture
def approved(programme, valuation, alice, staff):
    """An application the officer approved, whose payout is still to be recorded."""
    applied = subsidy.apply_for_valuation(
        programme=programme,
        valuation=valuation,
        technology_field="chemistry",
        valuation_fee="40000",
        by=alice,
    )
    return subsidy.approve_application(application=applied, by=staff)


@pytest.fixture
def world(application, approved):
    values = {
        "application": application.pk,
        "approved": approved.pk,
        "programme": application.programme_id,
        "valuation": application.valuation_id,
    }
    return values.__getitem__


APPLICATION = {"application_id": "application"}
OFFICER = (401, 404, 403, 403, 200)  # the programme officer (staff) decides and pays; the applicant does not
OFFICER_PAGE = (LOGIN, 404, 403, 403, 302)
MATRIX = [
    Row("valuation:subsidy_application", (302, 404, 200, 200, 200), params={"pk": "application"}),
    Row("GET /api/v1/valuation/subsidy/programmes", (200, 200, 200, 200, 200)),
    # No application is public: an anonymous caller is asked to sign in (401), an outsider lists none.
    Row("GET /api/v1/valuation/subsidy/applications", (401, 200, 200, 200, 200)),
    Row(
        "GET /api/v1/valuation/subsidy/applications/{application_id}",
        (401, 404, 200, 200, 200),
        params=APPLICATION,
    ),
    Row(
        "GET /api/v1/valuation/subsidy/programmes/{programme_id}/eligibility",
        (401, 404, 200, 200, 200),
        params={"programme_id": "programme"},
        query="valuation={valuation}&technology_field=biology",
    ),
]


def _decide(expected, body, **params) -> Row:
    return Row(
        "valuation:subsidy_decide", expected, params, body=body, method="post", checked_by="test_writes"
    )


WRITES = [
    # The owner's members apply; the operator may apply on an owner's behalf, as it may edit its records.
    Row(
        "POST /api/v1/valuation/subsidy/applications",
        (401, 404, 201, 201, 201),
        body={
            "programme": "@programme",
            "valuation": "@valuation",
            "technology_field": "chemistry",
            "valuation_fee": "5000",
        },
        checked_by="test_writes",
    ),
    Row(
        "POST /api/v1/valuation/subsidy/applications/{application_id}/approve",
        OFFICER,
        params=APPLICATION,
        checked_by="test_writes",
    ),
    Row(
        "POST /api/v1/valuation/subsidy/applications/{application_id}/reject",
        OFFICER,
        params=APPLICATION,
        body={"reason": "Outside the programme's fields."},
        checked_by="test_writes",
    ),
    Row(
        "POST /api/v1/valuation/subsidy/applications/{application_id}/payout",
        OFFICER,
        params={"application_id": "approved"},
        body={"reference": "FPS-7"},
        checked_by="test_writes",
    ),
    _decide(OFFICER_PAGE, {"decision": "approve"}, pk="application"),
    _decide(
        OFFICER_PAGE, {"decision": "reject", "reason": "Outside the programme's fields."}, pk="application"
    ),
    _decide(
        OFFICER_PAGE, {"decision": "payout", "reference": "FPS-42", "paid_on": "2026-02-01"}, pk="approved"
    ),
]
MATRIX += WRITES


def _state() -> tuple:
    applications = sorted(SubsidyApplication.objects.values_list("pk", "status", "approved_amount"))
    return Event.objects.count(), applications, SubsidyPayout.objects.count()


@pytest.mark.parametrize(("row", "viewpoint"), each_viewpoint(WRITES))
def test_writes(client_as, users, world, row, viewpoint):
    before = _state()
    check_viewpoint(row, viewpoint, client_as(users[viewpoint]), world)
    refused = viewpoint == "anonymous" or row.statuses()[viewpoint] >= 400
    assert (_state() == before) is refused, viewpoint


@pytest.mark.parametrize("row", generic(MATRIX), ids=str)
def test_matrix(client_as, users, world, row):
    check(row, lambda viewpoint: client_as(users[viewpoint]), world, secret=b"120,000.00")
    assert SubsidyApplication.objects.count() == 2


def post_json(client, url, body=None):
    return client.post(url, json.dumps(body or {}), content_type="application/json")


def test_the_application_page_shows_the_fee_to_those_who_see_it(client_as, alice, application):
    page = client_as(alice).get(reverse("valuation:subsidy_application", args=[application.pk]))
    assert "120,000.00" in page.content.decode()  # what the matrix's refusals must not show


def test_the_overview_shows_the_quota_and_only_ones_own_applications(client_as, users, application):
    for viewpoint in ["outsider", "participant", "owner", "staff"]:
        page = client_as(users[viewpoint]).get(reverse("valuation:subsidy")).content.decode()
        assert "0 of 2 approved" in page, viewpoint
        assert ("CN997A" in page) is (viewpoint != "outsider"), viewpoint


def test_checking_eligibility_applies_for_nothing(client_as, alice, programme, valuation):
    form = {"programme": programme.pk, "valuation": valuation.pk, "technology_field": "medicine"}
    response = client_as(alice).post(
        reverse("valuation:subsidy_apply"), {**form, "valuation_fee": "1000", "check": "1"}
    )
    assert response.status_code == 200
    assert 'class="met"' in response.content.decode()
    assert 'class="unmet"' not in response.content.decode()
    assert not SubsidyApplication.objects.exists()


def test_applying_from_the_page(client_as, alice, programme, valuation):
    form = {"programme": programme.pk, "valuation": valuation.pk, "technology_field": "medicine"}
    response = client_as(alice).post(
        reverse("valuation:subsidy_apply"), {**form, "valuation_fee": "1000", "apply": "1"}
    )
    application = SubsidyApplication.objects.get()
    assert response.status_code == 302 and response.url.endswith(f"/applications/{application.pk}/")
    assert application.status == SubsidyApplication.Status.SUBMITTED
    assert application.organisation == valuation.asset.owner


def test_an_outsider_cannot_apply_with_someone_elses_valuation(client_as, charlie, programme, valuation):
    form = {"programme": programme.pk, "valuation": valuation.pk, "technology_field": "medicine"}
    response = client_as(charlie).post(
        reverse("valuation:subsidy_apply"), {**form, "valuation_fee": "1000", "apply": "1"}
    )
    assert response.status_code == 200  # the form refuses the choice: the valuation is not listed
    assert "CN997A" not in response.content.decode()
    assert not SubsidyApplication.objects.exists()


def test_a_bad_fee_shows_a_translated_error_and_changes_nothing(client, alice, programme, valuation):
    client.force_login(alice)
    client.cookies["django_language"] = "zh-hans"
    form = {"programme": programme.pk, "valuation": valuation.pk, "technology_field": "medicine"}
    response = client.post(reverse("valuation:subsidy_apply"), {**form, "valuation_fee": "", "apply": "1"})
    with translation.override("zh-hans"):
        required = translation.gettext("This field is required.")
    assert required != "This field is required."
    assert required in response.content.decode()
    assert not SubsidyApplication.objects.exists()


def test_the_officer_approves_then_records_the_payout_from_the_page(client_as, users, application):
    url = reverse("valuation:subsidy_decide", args=[application.pk])
    client = client_as(users["staff"])
    client.post(url, {"decision": "approve"})
    application.refresh_from_db()
    assert application.approved_amount == Decimal("60000.00")  # half of 120,000, under the cap
    client.post(url, {"decision": "payout", "reference": "FPS-42", "paid_on": "2026-02-01"})
    application.refresh_from_db()
    assert application.status == SubsidyApplication.Status.PAID
    assert application.payout.reference == "FPS-42"


def test_a_rejection_needs_a_reason(client_as, staff, application):
    url = reverse("valuation:subsidy_decide", args=[application.pk])
    response = client_as(staff).post(url, {"decision": "reject", "reason": " "}, follow=True)
    assert "Give a reason" in response.content.decode()
    application.refresh_from_db()
    assert application.status == SubsidyApplication.Status.SUBMITTED


# -- API -------------------------------------------------------------------------------------------------


def test_programmes_with_their_quota_are_public(client, programme, application, staff):
    subsidy.approve_application(application=application, by=staff)
    body = client.get(f"{API}/programmes").json()
    assert [(p["name"], p["quota"]["used"], p["quota"]["left"]) for p in body] == [
        ("Test valuation subsidy", 1, 1)
    ]


def test_eligibility_endpoint_names_the_unmet_rule(client_as, users, programme, valuation):
    url = f"{API}/programmes/{programme.pk}/eligibility?valuation={valuation.pk}&technology_field=biology"
    checks = client_as(users["owner"]).get(url).json()
    assert [check["rule"] for check in checks if not check["met"]] == ["field"]
    assert not SubsidyApplication.objects.exists()


def test_an_application_through_the_api_is_listed_for_the_owner_alone(client_as, users, programme, valuation):
    body = {
        "programme": programme.pk,
        "valuation": valuation.pk,
        "technology_field": "chemistry",
        "valuation_fee": "5000",
    }
    response = post_json(client_as(users["participant"]), f"{API}/applications", body)
    assert response.status_code == 201 and response.json()["status"] == "submitted"
    assert client_as(users["owner"]).get(f"{API}/applications").json()["count"] == 1
    assert client_as(users["outsider"]).get(f"{API}/applications").json()["count"] == 0


def test_a_float_fee_is_refused(client_as, alice, programme, valuation):
    body = {
        "programme": programme.pk,
        "valuation": valuation.pk,
        "technology_field": "chemistry",
        "valuation_fee": "abc",
    }
    response = post_json(client_as(alice), f"{API}/applications", body)
    assert response.status_code == 422
    assert not SubsidyApplication.objects.exists()


def test_the_officer_approves_once_then_pays_through_the_api(client_as, users, application):
    url = f"{API}/applications/{application.pk}"
    staff = client_as(users["staff"])
    assert post_json(staff, f"{url}/approve").json()["approved_amount"] == "60000.00"
    assert post_json(staff, f"{url}/approve").status_code == 409
    paid = post_json(staff, f"{url}/payout", {"reference": "FPS-7"}).json()
    assert paid["status"] == "paid" and paid["payout"]["reference"] == "FPS-7"


def test_the_yearly_quota_holds_through_the_api(client_as, staff, alice, programme, valuation):
    programme.max_cases_per_year = 1
    programme.save()
    first, second = (
        subsidy.apply_for_valuation(
            programme=programme,
            valuation=valuation,
            technology_field="medicine",
            valuation_fee="100",
            by=alice,
        )
        for _ in range(2)
    )
    client = client_as(staff)
    assert post_json(client, f"{API}/applications/{first.pk}/approve").status_code == 200
    assert post_json(client, f"{API}/applications/{second.pk}/approve").status_code == 409
    assert (
        post_json(client, f"{API}/applications/{second.pk}/reject", {"reason": "quota"}).json()["status"]
        == "rejected"
    )
