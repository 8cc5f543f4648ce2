"""Every disputes page and endpoint from five viewpoints: anonymous, outsider (Charlie), participant (Bob,
Alice Bio's counsel in the case), owner (Alice, who filed it) and staff (Olivia). Outsiders get 404 and
learn nothing; refused actions change nothing."""

import json

import pytest
from django.urls import reverse

from disputes.models import Appointment, Fee, Neutral, Submission
from disputes.services import docket

pytestmark = pytest.mark.django_db

VIEWPOINTS = ["anonymous", "outsider", "participant", "owner", "staff"]
LOGIN = 302
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


def _page(name, world):
    case = world["case"]
    arguments = {
        "disputes:case": [case.pk],
        "disputes:submission": [case.pk, world["submission"].number],
    }
    return reverse(name, args=arguments.get(name, []))


PAGES = [
    ("disputes:statistics", [200, 200, 200, 200, 200]),
    ("disputes:roster", [200, 200, 200, 200, 200]),
    ("disputes:rules", [200, 200, 200, 200, 200]),
    ("disputes:cases", [LOGIN, 200, 200, 200, 200]),
    ("disputes:file", [LOGIN, 200, 200, 200, 200]),
    ("disputes:case", [LOGIN, 404, 200, 200, 200]),
    ("disputes:submission", [LOGIN, 404, 200, 200, 200]),
]


@pytest.mark.parametrize(("name", "expected"), PAGES, ids=[p[0] for p in PAGES])
def test_page_permissions(client_as, users, world, name, expected):
    url = _page(name, world)
    for viewpoint, status in zip(VIEWPOINTS, expected, strict=True):
        response = client_as(users[viewpoint]).get(url)
        assert response.status_code == status, f"{viewpoint} got {response.status_code} on {url}"
        if viewpoint in ("anonymous", "outsider"):
            assert SECRET.encode() not in response.content and b"Standalone dispute" not in response.content


@pytest.mark.parametrize("viewpoint", VIEWPOINTS)
def test_filing_a_submission_on_the_page(client_as, users, world, viewpoint):
    case = world["case"]
    before = Submission.objects.count()
    response = client_as(users[viewpoint]).post(
        reverse("disputes:submit", args=[case.pk]), {"kind": "evidence", "title": "Exhibit"}
    )
    expected = {"anonymous": LOGIN, "outsider": 404}.get(viewpoint, 302)
    assert response.status_code == expected
    changed = Submission.objects.count() - before
    assert changed == (0 if viewpoint in ("anonymous", "outsider") else 1)
    if expected == 302 and viewpoint not in ("anonymous",):
        assert response["Location"] == reverse("disputes:case", args=[case.pk])


def _api(client, method, url, body=None):
    if method == "get":
        return client.get(url)
    return client.post(url, data=json.dumps(body or {}), content_type="application/json")


READS = [
    ("/rules", [200, 200, 200, 200, 200]),
    ("/neutrals", [200, 200, 200, 200, 200]),
    ("/statistics", [200, 200, 200, 200, 200]),
    ("/deals", [401, 200, 200, 200, 200]),
    ("/cases", [401, 200, 200, 200, 200]),
    ("/cases/{pk}", [401, 404, 200, 200, 200]),
    ("/cases/{pk}/deadlines", [401, 404, 200, 200, 200]),
    ("/cases/{pk}/submissions", [401, 404, 200, 200, 200]),
    ("/cases/{pk}/submissions/1", [401, 404, 200, 200, 200]),
    ("/cases/{pk}/submissions/1/documents/{document}", [401, 404, 200, 200, 200]),
    ("/cases/{pk}/hearings", [401, 404, 200, 200, 200]),
    ("/cases/{pk}/decisions", [401, 404, 200, 200, 200]),
    ("/cases/{pk}/challenges", [401, 404, 200, 200, 200]),
    ("/cases/{pk}/fees", [401, 404, 200, 200, 200]),
    ("/cases/{pk}/statement/claimant", [401, 404, 200, 200, 200]),
    ("/cases/{pk}/statement/respondent", [401, 404, 403, 403, 200]),
    ("/cases/{pk}/conflict-check/{neutral}", [401, 404, 200, 200, 200]),
    ("/neutrals/me", [401, 404, 404, 404, 404]),
]


@pytest.mark.parametrize(("path", "expected"), READS, ids=[r[0] for r in READS])
def test_api_read_permissions(client_as, users, world, ivan, path, expected):
    document = world["submission"].documents.get().pk
    url = "/api/v1/disputes" + path.format(pk=world["case"].pk, neutral=ivan.pk, document=document)
    for viewpoint, status in zip(VIEWPOINTS, expected, strict=True):
        response = client_as(users[viewpoint]).get(url)
        assert response.status_code == status, f"{viewpoint} got {response.status_code} on {url}"
        if viewpoint in ("anonymous", "outsider"):
            assert (
                SECRET not in response.content.decode()
                and "Standalone dispute" not in response.content.decode()
            )


def test_the_case_list_shows_outsiders_nothing(client_as, users, world):
    assert client_as(users["outsider"]).get("/api/v1/disputes/cases").json() == []
    assert [c["id"] for c in client_as(users["participant"]).get("/api/v1/disputes/cases").json()] == [
        world["case"].pk
    ]


@pytest.mark.parametrize(("viewpoint", "status"), zip(VIEWPOINTS, [401, 404, 201, 201, 403], strict=True))
def test_api_nomination_permissions(client_as, users, world, viewpoint, status, make_user):
    neutral = Neutral.objects.create(user=make_user(f"{viewpoint}-n@example.com"), name=f"N {viewpoint}")
    url = f"/api/v1/disputes/cases/{world['case'].pk}/appointments"
    response = _api(client_as(users[viewpoint]), "post", url, {"neutral": neutral.pk, "role": "co"})
    assert response.status_code == status
    assert Appointment.objects.filter(neutral=neutral).exists() == (status == 201)


@pytest.mark.parametrize(("viewpoint", "status"), zip(VIEWPOINTS, [401, 404, 201, 201, 201], strict=True))
def test_api_submission_permissions(client_as, users, world, viewpoint, status):
    before = Submission.objects.count()
    url = f"/api/v1/disputes/cases/{world['case'].pk}/submissions"
    response = _api(client_as(users[viewpoint]), "post", url, {"kind": "evidence", "title": "Exhibit"})
    assert response.status_code == status
    assert Submission.objects.count() - before == (1 if status == 201 else 0)


@pytest.mark.parametrize(("viewpoint", "status"), zip(VIEWPOINTS, [401, 404, 403, 403, 201], strict=True))
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


@pytest.mark.parametrize(("viewpoint", "status"), zip(VIEWPOINTS, [401, 404, 200, 200, 403], strict=True))
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
    ("disputes:schedule_hearing", _hearing_form, "hearings", [LOGIN, 404, 403, 403, 302]),
    (
        "disputes:issue_decision",
        lambda: {"kind": "order", "title": "PO1", "text": "Timetable."},
        "decisions",
        [LOGIN, 404, 403, 403, 403],
    ),
]


@pytest.mark.parametrize(("name", "form", "related", "expected"), POSTS, ids=[p[0] for p in POSTS])
def test_page_actions_permissions(client_as, users, world, name, form, related, expected):
    case = world["case"]
    url = reverse(name, args=[case.pk])
    for viewpoint, status in zip(VIEWPOINTS, expected, strict=True):
        before = getattr(case, related).count()
        response = client_as(users[viewpoint]).post(url, form())
        assert response.status_code == status, f"{viewpoint} got {response.status_code} on {url}"
        assert getattr(case, related).count() - before == (
            1 if status == 302 and viewpoint != "anonymous" else 0
        )
