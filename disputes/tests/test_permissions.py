"""Every disputes page and endpoint from five viewpoints: anonymous, outsider (Charlie), participant (Bob,
Alice Bio's counsel in the case), owner (Alice, who filed it) and staff (Olivia). Outsiders get 404 and
learn nothing; refused actions change nothing."""

import json

import pytest
from django.urls import reverse

from disputes.models import Appointment, Fee, Neutral, Submission
from disputes.services import docket
from tests.matrix import LOGIN, Row, check, check_viewpoint, each_viewpoint, generic

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
    Row("disputes:cases", (LOGIN, 200, 200, 200, 200)),
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


@pytest.mark.parametrize(("row", "viewpoint"), each_viewpoint(WRITES))
def test_writes(client_as, users, world, ivan, row, viewpoint):
    check_viewpoint(row, viewpoint, client_as(users[viewpoint]), _resolve(world, ivan))
