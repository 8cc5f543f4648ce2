"""Bad input through the API is refused with a clear problem and changes nothing; a conflicted nomination
is refused with its reasons, in the caller's language."""

import json

import pytest

from disputes.models import Appointment, Case, NeutralConflict, Submission

pytestmark = pytest.mark.django_db

BASE = "/api/v1/disputes"


def _post(client, url, body, **headers):
    return client.post(BASE + url, data=json.dumps(body), content_type="application/json", **headers)


def _filing(**changes):
    body = {
        "kind": "arbitration",
        "rules": "hkiac-2024",
        "title": "Dispute",
        "claimant": "alice-bio",
        "respondent_name": "Someone Ltd",
        "amount_in_dispute": "1000",
    }
    return {**body, **changes}


@pytest.mark.parametrize(
    ("changes", "status"),
    [
        ({"amount_in_dispute": 1.5}, 422),
        ({"amount_in_dispute": "a lot"}, 422),
        ({"rules": "no-such-rules"}, 422),
        ({"kind": "litigation"}, 422),
        ({"claimant": "charlie-pharma"}, 403),
        ({"claimant": "nobody"}, 422),
        ({"deal_room": 999999}, 404),
        ({"currency": "ZZZ"}, 422),
    ],
)
def test_bad_filings_are_refused_as_problems(client_as, alice, charlie_org, hkiac, changes, status):
    response = _post(client_as(alice), "/cases", _filing(**changes))
    assert response.status_code == status
    assert response["Content-Type"].startswith("application/problem+json")
    assert not Case.objects.exists()


def test_a_good_filing_answers_with_the_case_url(client_as, alice, hkiac):
    response = _post(client_as(alice), "/cases", _filing())
    assert response.status_code == 201
    body = response.json()
    assert body["url"] == f"{BASE}/cases/{body['id']}" and body["deadlines"]


def test_a_submission_with_content_that_is_not_base64_is_refused(client_as, standalone, alice):
    body = {"kind": "evidence", "title": "x", "documents": [{"filename": "a.txt", "content_base64": "%%%"}]}
    response = _post(client_as(alice), f"/cases/{standalone.pk}/submissions", body)
    assert response.status_code == 422 and not Submission.objects.exists()


@pytest.mark.parametrize("language", ["en", "zh-hant", "zh-hans"])
def test_a_conflicted_nomination_is_refused_in_the_readers_language_without_the_private_reason(
    client_as, standalone, alice, ivan, language
):
    respondent = standalone.parties.get(side="respondent").organisation
    NeutralConflict.objects.create(neutral=ivan, organisation=respondent, reason="Former counsel")
    response = _post(
        client_as(alice),
        f"/cases/{standalone.pk}/appointments",
        {"neutral": ivan.pk, "role": "co"},
        HTTP_ACCEPT_LANGUAGE=language,
    )
    assert response.status_code == 409 and not Appointment.objects.exists()
    detail = response.json()["detail"]
    assert "Former counsel" not in detail  # the neutral's declaration is not the party's to read
    expected = {"en": "conflict of interest", "zh-hant": "利益衝突", "zh-hans": "利益冲突"}[language]
    assert expected in detail


def test_bad_fee_amounts_are_refused(client_as, standalone, staff):
    url = f"/cases/{standalone.pk}/fees/deposits"
    for amount in ("abc", "-10", "0"):
        response = _post(client_as(staff), url, {"side": "claimant", "amount": amount, "currency": "HKD"})
        assert response.status_code == 422
    response = _post(client_as(staff), url, {"side": "nobody", "amount": "10", "currency": "HKD"})
    assert response.status_code == 422
    assert standalone.fees.count() == 1


def test_a_case_number_that_does_not_exist_is_a_404(client_as, alice):
    assert client_as(alice).get(f"{BASE}/cases/2147483647").status_code == 404
