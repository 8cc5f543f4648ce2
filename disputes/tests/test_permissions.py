"""Every disputes page and endpoint from five viewpoints: anonymous, outsider (Charlie), participant (Bob,
Alice Bio's counsel in the case), owner (Alice, who filed it) and staff (Olivia). Outsiders get 404 and
learn nothing; refused actions change nothing."""

import json

import pytest
from django.urls import reverse

from disputes.models import Appointment, Fee, Neutral, Submission
from disputes.services import docket
from tests.matrix import LOGIN, VIEWPOINTS, Row, check, check_viewpoint, each_viewpoint, generic

pytestmark = pytest.mark.django_db

SECRET = "CONFIDENTIAL-SUMMARY"


@pytest.fixture
def world(standalone, alice):
    submission = docket.file_submission(
        case=standalone,
        by=alice,
        kind="statement",
        title="Claim",
        body=SECRET,
        documents=[("c.txt", b"exhibit")],
    )
    return {"case": standalone, "submission": submission}


def _resolve(world, ivan):
    values = {
        "case": world["case"].pk,
        "number": world["submission"].number,
        "document": world["submission"].documents.get().pk,
        "neutral": ivan.pk,
    }
    return values.__getitem__


CASE = {"pk": "case"}
ALL = (200, 200, 200, 200, 200)
PARTIES = (401, 404, 200, 200, 200)


def _read(path: str, expected, params=CASE) -> Row:
    return Row(f"GET /api/v1/disputes/{path}", expected, params=params)


MATRIX = [
    Row("disputes:statistics", ALL),
    Row("disputes:roster", ALL),
    Row("disputes:rules", ALL),
    Row("disputes:cases", (301, 301, 301, 301, 301), note="the older address of disputes:index"),
    Row("disputes:index", ALL),
    Row("disputes:neutrals", (LOGIN, 404, 200, 200, 200), params=CASE),
    Row("disputes:statement", (LOGIN, 404, 200, 200, 200), params={**CASE, "side": "=claimant"}),
    Row(
        "disputes:submission_document",
        (LOGIN, 404, 200, 200, 200),
        params={**CASE, "number": "number", "document_pk": "document"},
    ),
    Row("disputes:my_roster", (LOGIN, 200, 200, 200, 200)),
    Row("disputes:roster_applications", (LOGIN, 200, 200, 200, 200)),
    Row("disputes:file", (LOGIN, 200, 200, 200, 200)),
    Row("disputes:case", (LOGIN, 404, 200, 200, 200), params=CASE),
    Row("disputes:submission", (LOGIN, 404, 200, 200, 200), params={**CASE, "number": "number"}),
    _read("rules", ALL, {}),
    _read("neutrals", ALL, {}),
    _read("statistics", ALL, {}),
    _read("deals", (401, 200, 200, 200, 200), {}),
    _read("cases", (401, 200, 200, 200, 200), {}),
    _read("cases/{pk}", PARTIES),
    _read("cases/{pk}/deadlines", PARTIES),
    _read("cases/{pk}/submissions", PARTIES),
    _read("cases/{pk}/submissions/{number}", PARTIES, {**CASE, "number": "number"}),
    _read(
        "cases/{pk}/submissions/{number}/documents/{document_id}",
        PARTIES,
        {**CASE, "number": "number", "document_id": "document"},
    ),
    _read("cases/{pk}/hearings", PARTIES),
    _read("cases/{pk}/decisions", PARTIES),
    _read("cases/{pk}/challenges", PARTIES),
    _read("cases/{pk}/fees", PARTIES),
    _read("cases/{pk}/statement/{side}", PARTIES, {**CASE, "side": "=claimant"}),
    _read("cases/{pk}/statement/{side}", (401, 404, 403, 403, 200), {**CASE, "side": "=respondent"}),
    _read("cases/{pk}/conflict-check/{neutral_id}", PARTIES, {**CASE, "neutral_id": "neutral"}),
    _read("neutrals/me", (401, 404, 404, 404, 404), {}),
    # A neutral's own conflicts: everyone signed in asks, and only the neutral and the operator get rows.
    _read("neutrals/{pk}/conflicts", (401, 200, 200, 200, 200), {"pk": "neutral"}),
    Row(
        "POST /api/v1/disputes/cases/{pk}/appointments",
        (401, 404, 201, 201, 403),
        params=CASE,
        checked_by="test_api_nomination_permissions",
    ),
    Row(
        "POST /api/v1/disputes/cases/{pk}/submissions",
        (401, 404, 201, 201, 201),
        params=CASE,
        checked_by="test_api_submission_permissions",
    ),
    Row(
        "POST /api/v1/disputes/cases/{pk}/fees/deposits",
        (401, 404, 403, 403, 201),
        params=CASE,
        checked_by="test_api_deposit_permissions",
    ),
    Row(
        "PUT /api/v1/disputes/cases/{pk}/affiliates",
        (401, 404, 200, 200, 403),
        params=CASE,
        checked_by="test_api_affiliates_permissions",
    ),
    Row(
        "disputes:submit",
        (LOGIN, 404, 302, 302, 302),
        params=CASE,
        method="post",
        checked_by="test_filing_a_submission_on_the_page",
    ),
    Row(
        "disputes:schedule_hearing",
        (LOGIN, 404, 403, 403, 302),
        params=CASE,
        method="post",
        checked_by="test_page_actions_permissions",
    ),
    Row(
        "disputes:issue_decision",
        (LOGIN, 404, 403, 403, 403),
        params=CASE,
        method="post",
        checked_by="test_page_actions_permissions",
    ),
]


def _write(path: str, expected, body=None) -> Row:
    return Row(f"POST /api/v1/disputes/{path}", expected, params=CASE, body=body, checked_by="test_writes")


# Each viewpoint tries these on a fresh world (test_writes).
WRITES = [
    _write("cases/{pk}/withdrawal", (401, 404, 200, 200, 403)),
    _write("cases/{pk}/deadlines", (401, 404, 403, 403, 201), {"title": "Reply", "due_on": "2030-01-31"}),
    _write(
        "cases/{pk}/participants", (401, 404, 201, 201, 403), {"email": "dana@example.com", "role": "counsel"}
    ),
    _write("cases/{pk}/emergency", (401, 404, 201, 201, 403)),
    _write(
        "cases/{pk}/hearings",
        (401, 404, 403, 403, 201),
        {
            "title": "Hearing",
            "starts_at": "2030-05-01T09:00:00+08:00",
            "ends_at": "2030-05-01T12:00:00+08:00",
            "mode": "online",
            "venue": "https://v.example",
        },
    ),
    _write(
        "cases/{pk}/decisions",
        (401, 404, 403, 403, 403),
        {"kind": "order", "title": "PO1", "text": "Timetable."},
    ),
]
WRITES.append(
    Row(
        "POST /api/v1/disputes/neutrals/{pk}/conflicts",
        (401, 404, 404, 404, 201),
        params={"pk": "neutral"},
        body={"reason": "Advised one party", "name": "Acme Holdings"},
        checked_by="test_writes",
    )
)
MATRIX += WRITES

ROWS = {(row.endpoint, row.params.get("side", "")): row for row in MATRIX}  # the one row of each write


@pytest.mark.parametrize("row", generic(MATRIX), ids=str)
def test_matrix(client_as, users, world, ivan, row):
    check(row, lambda viewpoint: client_as(users[viewpoint]), _resolve(world, ivan), secret=SECRET.encode())
    if not row.is_api:
        for viewpoint in ("anonymous", "outsider"):
            assert (
                b"Standalone dispute"
                not in client_as(users[viewpoint]).get(row.url(_resolve(world, ivan))).content
            )


def _statuses(endpoint: str) -> list[tuple[str, int]]:
    return list(ROWS[(endpoint, "")].statuses().items())


@pytest.mark.parametrize(("viewpoint", "expected"), _statuses("disputes:submit"))
def test_filing_a_submission_on_the_page(client_as, users, world, viewpoint, expected):
    case = world["case"]
    before = Submission.objects.count()
    response = client_as(users[viewpoint]).post(
        reverse("disputes:submit", args=[case.pk]), {"kind": "evidence", "title": "Exhibit"}
    )
    assert response.status_code == expected
    changed = Submission.objects.count() - before
    assert changed == (0 if viewpoint in ("anonymous", "outsider") else 1)
    if expected == 302 and viewpoint not in ("anonymous",):
        assert response["Location"] == reverse("disputes:case", args=[case.pk])


def _api(client, method, url, body=None):
    if method == "get":
        return client.get(url)
    return client.post(url, data=json.dumps(body or {}), content_type="application/json")


def test_the_case_list_shows_outsiders_nothing(client_as, users, world):
    assert client_as(users["outsider"]).get("/api/v1/disputes/cases").json() == []
    assert [c["id"] for c in client_as(users["participant"]).get("/api/v1/disputes/cases").json()] == [
        world["case"].pk
    ]


@pytest.mark.parametrize(("viewpoint", "status"), _statuses("POST /api/v1/disputes/cases/{pk}/appointments"))
def test_api_nomination_permissions(client_as, users, world, viewpoint, status, make_user):
    neutral = Neutral.objects.create(user=make_user(f"{viewpoint}-n@example.com"), name=f"N {viewpoint}")
    url = f"/api/v1/disputes/cases/{world['case'].pk}/appointments"
    response = _api(client_as(users[viewpoint]), "post", url, {"neutral": neutral.pk, "role": "co"})
    assert response.status_code == status
    assert Appointment.objects.filter(neutral=neutral).exists() == (status == 201)


@pytest.mark.parametrize(("viewpoint", "status"), _statuses("POST /api/v1/disputes/cases/{pk}/submissions"))
def test_api_submission_permissions(client_as, users, world, viewpoint, status):
    before = Submission.objects.count()
    url = f"/api/v1/disputes/cases/{world['case'].pk}/submissions"
    response = _api(client_as(users[viewpoint]), "post", url, {"kind": "evidence", "title": "Exhibit"})
    assert response.status_code == status
    assert Submission.objects.count() - before == (1 if status == 201 else 0)


@pytest.mark.parametrize(("viewpoint", "status"), _statuses("POST /api/v1/disputes/cases/{pk}/fees/deposits"))
def test_api_deposit_permissions(client_as, users, world, viewpoint, status):
    before = Fee.objects.count()
    url = f"/api/v1/disputes/cases/{world['case'].pk}/fees/deposits"
    body = {"side": "claimant", "amount": "50000", "currency": "HKD"}
    response = _api(client_as(users[viewpoint]), "post", url, body)
    assert response.status_code == status
    assert Fee.objects.count() - before == (1 if status == 201 else 0)


def test_the_respondent_and_the_case_officer_see_the_case(client_as, world, hana):
    case = world["case"]
    assert client_as(case.dana).get(f"/api/v1/disputes/cases/{case.pk}").status_code == 200
    assert client_as(hana).get(f"/api/v1/disputes/cases/{case.pk}").status_code == 200


@pytest.mark.parametrize(("viewpoint", "status"), _statuses("PUT /api/v1/disputes/cases/{pk}/affiliates"))
def test_api_affiliates_permissions(client_as, users, world, viewpoint, status):
    url = f"/api/v1/disputes/cases/{world['case'].pk}/affiliates"
    response = client_as(users[viewpoint]).put(
        url, data=json.dumps({"names": ["Alice Holdings"]}), content_type="application/json"
    )
    assert response.status_code == status
    declared = world["case"].parties.get(side="claimant").affiliate_names
    assert declared == (["Alice Holdings"] if status == 200 else [])


def _hearing_form():
    import datetime

    from django.utils import timezone

    start = timezone.localtime() + datetime.timedelta(days=5)
    return {
        "title": "Hearing",
        "starts_at": start.strftime("%Y-%m-%dT%H:%M"),
        "ends_at": (start + datetime.timedelta(hours=2)).strftime("%Y-%m-%dT%H:%M"),
        "mode": "online",
        "venue": "https://v.example",
    }


POSTS = [
    ("disputes:schedule_hearing", _hearing_form, "hearings"),
    ("disputes:issue_decision", lambda: {"kind": "order", "title": "PO1", "text": "Timetable."}, "decisions"),
]


@pytest.mark.parametrize(("name", "form", "related"), POSTS, ids=[p[0] for p in POSTS])
def test_page_actions_permissions(client_as, users, world, name, form, related):
    case = world["case"]
    url = reverse(name, args=[case.pk])
    for viewpoint, status in _statuses(name):
        before = getattr(case, related).count()
        response = client_as(users[viewpoint]).post(url, form())
        assert response.status_code == status, f"{viewpoint} got {response.status_code} on {url}"
        assert getattr(case, related).count() - before == (
            1 if status == 302 and viewpoint != "anonymous" else 0
        )


# The case's steps as pages. Each runs once per viewpoint on a fresh case; OK is a redirect back with the
# change made, 403 a refusal to someone who sees the case (nothing changes), 404 an outsider.
OK = "ok"


@pytest.fixture
def steps(world, staff, ivan, jun, kit):
    """The standalone case with a sitting presiding arbitrator (Ivan), a pending challenge, a list of
    candidates, a paid registration fee and an open subsidy programme."""
    import datetime
    from decimal import Decimal

    from disputes.models import FeeSubsidyProgramme
    from disputes.services import fees, neutrals

    case = world["case"]
    presiding = neutrals.appoint(case=case, by=staff, neutral=ivan, role="presiding")
    world["appointment"] = presiding
    world["list"] = neutrals.propose_list(case=case, by=staff, role="co", candidates=[jun, kit])
    fees.record_payment(fee=case.fees.get(kind="registration"), by=staff, reference="R1")
    world["programme"] = FeeSubsidyProgramme.objects.create(
        name="Fee support",
        share_of_fees=Decimal("0.5"),
        cap_per_case=Decimal("10000"),
        budget=Decimal("100000"),
        currency="HKD",
        starts_on=datetime.date(2020, 1, 1),
        source="Test programme",
    )
    world["deposit"] = fees.request_deposit(
        case=case, by=staff, party=case.parties.get(side="respondent"), amount="1000", currency="HKD"
    )
    return world


def _challenged(world):
    from disputes.services import neutrals

    return neutrals.raise_challenge(appointment=world["appointment"], by=world["case"].dana, grounds="Bias")


def _due(days):
    import datetime

    from django.utils import timezone

    return (timezone.localdate() + datetime.timedelta(days=days)).isoformat()


STEPS = [
    # name, url arguments, form, what changes, expected per viewpoint
    (
        "disputes:challenge",
        lambda w: [w["case"].pk],
        lambda w: {"appointment": w["appointment"].pk, "grounds": "Undisclosed ties"},
        lambda w: w["case"].challenges.count(),
        [LOGIN, 404, OK, OK, 403],
    ),
    (
        "disputes:decide_challenge",
        lambda w: [w["case"].pk, _challenged(w).pk],
        lambda w: {"decision": "no", "reason": "No grounds."},
        lambda w: w["case"].challenges.filter(status="pending").count(),
        [LOGIN, 404, 403, 403, OK],
    ),
    (
        "disputes:propose_list",
        lambda w: [w["case"].pk],
        lambda w: {
            "role": "co",
            "candidates": [w["list"].candidates.first().pk, w["list"].candidates.last().pk],
        },
        lambda w: w["case"].lists.count(),
        [LOGIN, 404, 403, 403, OK],
    ),
    (
        "disputes:rank_list",
        lambda w: [w["case"].pk, w["list"].pk],
        lambda w: {f"rank_{n.pk}": i + 1 for i, n in enumerate(w["list"].candidates.all())},
        lambda w: len(type(w["list"]).objects.get(pk=w["list"].pk).rankings),
        [LOGIN, 404, OK, OK, 403],
    ),
    (
        "disputes:set_deadline",
        lambda w: [w["case"].pk],
        lambda w: {"title": "Statement of claim", "due_on": _due(20)},
        lambda w: w["case"].deadlines.count(),
        [LOGIN, 404, 403, 403, OK],
    ),
    (
        "disputes:emergency",
        lambda w: [w["case"].pk],
        lambda w: {},
        lambda w: w["case"].deadlines.count(),
        [LOGIN, 404, OK, OK, 403],
    ),
    (
        "disputes:add_participant",
        lambda w: [w["case"].pk],
        lambda w: {"email": "extra@example.com", "role": "representative"},
        lambda w: w["case"].participants.count(),
        [LOGIN, 404, OK, OK, 403],
    ),
    (
        "disputes:affiliates",
        lambda w: [w["case"].pk],
        lambda w: {"names": "Alice Holdings\nAlice Labs"},
        lambda w: w["case"].parties.get(side="claimant").affiliate_names,
        [LOGIN, 404, OK, OK, 403],
    ),
    (
        "disputes:request_deposit",
        lambda w: [w["case"].pk],
        lambda w: {"side": "claimant", "amount": "50000", "currency": "HKD", "description": "Deposit"},
        lambda w: w["case"].fees.count(),
        [LOGIN, 404, 403, 403, OK],
    ),
    (
        "disputes:charge_neutral_fee",
        lambda w: [w["case"].pk],
        lambda w: {"appointment": w["appointment"].pk, "side": "claimant", "hours": "2.5"},
        lambda w: w["case"].fees.count(),
        [LOGIN, 404, 403, 403, OK],
    ),
    (
        "disputes:record_payment",
        lambda w: [w["case"].pk, w["deposit"].pk],
        lambda w: {"reference": "BANK-1"},
        lambda w: w["case"].fees.filter(paid_on__isnull=False).count(),
        [LOGIN, 404, 403, 403, OK],
    ),
    (
        "disputes:grant_subsidy",
        lambda w: [w["case"].pk],
        lambda w: {"programme": w["programme"].pk, "side": "claimant"},
        lambda w: w["case"].subsidies.count(),
        [LOGIN, 404, 403, 403, OK],
    ),
    (
        "disputes:withdraw",
        lambda w: [w["case"].pk],
        lambda w: {},
        lambda w: type(w["case"]).objects.get(pk=w["case"].pk).status,
        [LOGIN, 404, OK, OK, 403],
    ),
]


@pytest.mark.parametrize("viewpoint", VIEWPOINTS)
@pytest.mark.parametrize(("name", "arguments", "form", "state", "expected"), STEPS, ids=[s[0] for s in STEPS])
def test_case_steps_on_pages(
    client_as, users, steps, make_user, viewpoint, name, arguments, form, state, expected
):
    make_user("extra@example.com")
    url = reverse(name, args=arguments(steps))
    before = state(steps)
    response = client_as(users[viewpoint]).post(url, form(steps))
    status = expected[VIEWPOINTS.index(viewpoint)]
    assert response.status_code == (302 if status == OK else status), response.content[:300]
    assert (state(steps) != before) == (status == OK)
    if status == OK:
        back = (
            "disputes:neutrals"
            if name in ("disputes:propose_list", "disputes:rank_list")
            else "disputes:case"
        )
        assert response["Location"] == reverse(back, args=[steps["case"].pk])


@pytest.mark.parametrize(("viewpoint", "status"), zip(VIEWPOINTS, [LOGIN, 404, 403, 403, 302], strict=True))
def test_applying_an_award_to_the_registry_on_the_page(
    client_as, users, case, asset, ivan, staff, viewpoint, status
):
    from assets.models import Encumbrance
    from disputes.services import decisions, neutrals

    neutrals.appoint(case=case, by=staff, neutral=ivan, role="sole")
    licence = Encumbrance.objects.get(asset=asset, released_at__isnull=True)
    award = decisions.issue_decision(
        case=case,
        by=ivan.user,
        kind="final_award",
        title="Final award",
        text="The licence ends.",
        outcome="claimant",
        effects=[{"action": "end_licence", "encumbrance": licence.pk}],
    )
    viewer = users[viewpoint]
    if viewpoint == "participant":
        viewer = case.participants.get(role="counsel").user  # Bob, counsel in this case too
    response = client_as(viewer).post(reverse("disputes:apply_effects", args=[case.pk, award.pk]))
    assert response.status_code == status
    licence.refresh_from_db()
    assert (licence.released_at is not None) == (viewpoint == "staff")


@pytest.mark.parametrize(("viewpoint", "status"), zip(VIEWPOINTS, [LOGIN, 404, 302, 302, 403], strict=True))
def test_moving_a_mediation_to_arbitration_on_the_page(
    client_as, users, alice, alice_org, bob, hkiac, viewpoint, status
):
    from disputes.models import Case, Participant
    from disputes.services import filing

    mediation = filing.file_case(
        by=alice, kind="mediation", rules=hkiac, title="Mediation", claimant=alice_org, respondent_name="Dana"
    )
    filing.add_participant(case=mediation, by=alice, user=bob, role=Participant.Role.COUNSEL)
    response = client_as(users[viewpoint]).post(reverse("disputes:refer", args=[mediation.pk]), {"rules": ""})
    assert response.status_code == status
    followed = Case.objects.filter(previous=mediation)
    assert followed.exists() == (viewpoint in ("participant", "owner"))
    if followed.exists():
        assert response["Location"] == reverse("disputes:case", args=[followed.get().pk])


# The roster's self-registration: Alice applies to the Harbour Arbitration Centre, whose member Hana decides.


@pytest.fixture
def application(alice, institution):
    from disputes.services import roster

    return roster.apply_to_roster(
        by=alice,
        centre=institution,
        name="Alice Arbitrator",
        qualifications="FCIArb; 15 years of patent licensing",
        languages=["en", "zh-hant"],
        conflicts=[{"name": "Dana Pharma", "reason": "Former client"}],
    )


def test_roster_application_pages(client_as, users, application, hana):
    url = reverse("disputes:roster_application", args=[application.pk])
    for viewpoint, status in zip(VIEWPOINTS, [LOGIN, 404, 404, 200, 200], strict=True):
        response = client_as(users[viewpoint]).get(url)
        assert response.status_code == status, viewpoint
        if status != 200:
            assert b"FCIArb" not in response.content
    assert client_as(hana).get(url).status_code == 200
    listed = client_as(hana).get(reverse("disputes:roster_applications")).content
    assert b"Alice Arbitrator" in listed
    assert (
        b"Alice Arbitrator"
        not in client_as(users["outsider"]).get(reverse("disputes:roster_applications")).content
    )


@pytest.mark.parametrize(("viewpoint", "status"), zip(VIEWPOINTS, [LOGIN, 404, 404, 403, 302], strict=True))
def test_deciding_a_roster_application_on_the_page(client_as, users, application, viewpoint, status):
    url = reverse("disputes:roster_application", args=[application.pk])
    response = client_as(users[viewpoint]).post(url, {"decision": "yes", "reason": "Well qualified."})
    assert response.status_code == status
    application.refresh_from_db()
    assert (application.status == "approved") == (viewpoint == "staff")
    assert Neutral.objects.filter(user=application.applicant).exists() == (viewpoint == "staff")


@pytest.mark.parametrize(("viewpoint", "status"), zip(VIEWPOINTS, [LOGIN, 302, 302, 302, 302], strict=True))
def test_applying_to_a_roster_on_the_page(client_as, users, institution, viewpoint, status):
    from disputes.models import RosterApplication

    form = {
        "centre": institution.pk,
        "name": "Applicant",
        "arbitrator": "on",
        "qualifications": "Barrister",
        "languages": "en, zh-hant",
        "hourly_rate": "5000",
        "currency": "HKD",
        "conflicts": "Dana Pharma: former client",
    }
    response = client_as(users[viewpoint]).post(reverse("disputes:my_roster"), form)
    assert response.status_code == status
    made = RosterApplication.objects.filter(name="Applicant")
    assert made.exists() == (viewpoint != "anonymous")
    if made.exists():
        assert made.get().conflicts == [{"name": "Dana Pharma", "reason": "former client"}]


@pytest.mark.parametrize(("viewpoint", "status"), zip(VIEWPOINTS, [LOGIN, 404, 404, 404, 404], strict=True))
def test_only_a_listed_neutral_declares_conflicts_on_the_page(client_as, users, ivan, viewpoint, status):
    from disputes.models import NeutralConflict

    url = reverse("disputes:declare_conflict")
    data = {"name": "Some Pharma", "reason": "Shareholder"}
    assert client_as(users[viewpoint]).post(url, data).status_code == status
    assert not NeutralConflict.objects.exists()
    assert client_as(ivan.user).post(url, data).status_code == 302
    assert NeutralConflict.objects.get().neutral == ivan


ROSTER_API = [
    ("get", "/roster-applications", [401, 200, 200, 200, 200]),
    ("get", "/roster-applications/{pk}", [401, 404, 404, 200, 200]),
    ("post", "/roster-applications/{pk}/decision", [401, 404, 404, 403, 200]),
]


@pytest.mark.parametrize(("method", "path", "expected"), ROSTER_API, ids=[r[1] for r in ROSTER_API])
def test_roster_application_api_permissions(client_as, users, application, method, path, expected):
    url = "/api/v1/disputes" + path.format(pk=application.pk)
    for viewpoint, status in zip(VIEWPOINTS, expected, strict=True):
        body = {"approve": False, "reason": "Not enough experience."}
        response = _api(client_as(users[viewpoint]), method, url, body)
        assert response.status_code == status, f"{viewpoint} got {response.status_code} on {url}"
        if status in (401, 404):
            assert "FCIArb" not in response.content.decode()
        if method == "post" and status == 200:
            break  # decided once; a second decision is a conflict
    application.refresh_from_db()
    assert application.status == ("refused" if method == "post" else "pending")


@pytest.mark.parametrize(("row", "viewpoint"), each_viewpoint(WRITES))
def test_writes(client_as, users, world, ivan, row, viewpoint):
    check_viewpoint(row, viewpoint, client_as(users[viewpoint]), _resolve(world, ivan))
