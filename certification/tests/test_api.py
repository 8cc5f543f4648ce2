"""The REST API end to end, and bad input answered with RFC 9457 problem details that change nothing."""

import json

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from certification.models import CertificationRequest, CertificationService, Evidence

pytestmark = pytest.mark.django_db
BASE = "/api/v1/certification"


def _post(client, url, body):
    return client.post(url, json.dumps(body), content_type="application/json")


def test_catalogue_lists_fees_as_decimal_strings(client, catalogue):
    items = client.get(f"{BASE}/services", {"claim": "validity"}).json()["items"]
    assert [(i["certifier"], i["fee_amount"], i["fee_currency"]) for i in items] == [
        ("harbour-certifiers", "8000.00", "HKD")
    ]


def test_owner_requests_adds_evidence_and_the_certifier_signs_through_the_api(
    client_as, alice, cara, drug_asset, catalogue, phase2_trial
):
    client = client_as(alice)
    created = _post(
        client,
        f"{BASE}/requests",
        {"asset_id": drug_asset.pk, "certifier": "harbour-certifiers", "claims": ["clinical_phase"]},
    )
    assert created.status_code == 201, created.content
    body = created.json()
    assert body["checks"][0]["outcome"] == "passed"
    upload = client.post(
        f"{BASE}/requests/{body['id']}/evidence",
        {"description": "Protocol synopsis", "file": _file("synopsis.pdf", b"%PDF-1.4 synopsis")},
    )
    assert upload.status_code == 201, upload.content
    assert upload.json()["sha256"] and upload.json()["kind"] == "file"
    reviewer = client_as(cara)
    claim_id = body["claims"][0]["id"]
    signed = _post(
        reviewer, f"{BASE}/requests/{body['id']}/claims/{claim_id}/decision", {"grant": True, "reasons": "ok"}
    )
    assert signed.status_code == 201, signed.content
    attestation = signed.json()
    assert attestation["status"] == "valid"
    assert attestation["credential"]["proof"]["cryptosuite"] == "eddsa-jcs-2022"
    assert attestation["verify_url"].endswith(f"/verify/{attestation['public_id']}/")
    revoked = _post(
        reviewer, f"{BASE}/attestations/{attestation['public_id']}/revoke", {"reason": "Trial halted"}
    )
    assert revoked.json()["status"] == "revoked"
    assert client.get(f"{BASE}/verify/{attestation['public_id']}").json()["status"] == "revoked"


def _file(name, content):
    from django.core.files.uploadedfile import SimpleUploadedFile

    return SimpleUploadedFile(name, content)


BAD_REQUESTS = [
    ({"asset_id": "x", "certifier": "harbour-certifiers", "claims": ["validity"]}, 422),
    ({"certifier": "harbour-certifiers", "claims": ["validity"]}, 422),
    ({"asset_id": "{asset}", "certifier": "nobody", "claims": ["validity"]}, 422),
    ({"asset_id": "{asset}", "certifier": "harbour-certifiers", "claims": []}, 422),
    ({"asset_id": "{asset}", "certifier": "harbour-certifiers", "claims": ["bogus"]}, 422),
    ({"asset_id": "{asset}", "certifier": "harbour-certifiers", "claims": "validity"}, 422),
    ({"asset_id": 999999, "certifier": "harbour-certifiers", "claims": ["validity"]}, 404),
]


@pytest.mark.parametrize(("body", "status"), BAD_REQUESTS)
def test_bad_requests_are_problems_and_change_nothing(client_as, alice, drug_asset, catalogue, body, status):
    body = {k: (drug_asset.pk if v == "{asset}" else v) for k, v in body.items()}
    response = _post(client_as(alice), f"{BASE}/requests", body)
    assert response.status_code == status
    assert response["Content-Type"] == "application/problem+json"
    assert response.json()["status"] == status
    assert not CertificationRequest.objects.exists()


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"grant": True, "reasons": ""}, "reasons"),
        ({"grant": True, "reasons": "ok", "valid_until": "2050-01-01T00:00:00Z"}, "valid_until"),
        ({"grant": True, "reasons": "ok", "valid_until": "2001-01-01T00:00:00Z"}, "valid_until"),
        ({"grant": True, "reasons": "x" * 5001}, "reasons"),
    ],
)
def test_bad_decisions_are_refused_and_sign_nothing(client_as, cara, open_request, body, field):
    claim = open_request.claims.get(claim="validity")
    response = _post(client_as(cara), f"{BASE}/requests/{open_request.pk}/claims/{claim.pk}/decision", body)
    assert response.status_code == 422, response.content
    assert response.json()["field"] == field
    claim.refresh_from_db()
    assert claim.decision == "pending"


def test_a_failing_check_cannot_be_granted(client_as, cara, open_request, drug_asset):
    drug_asset.legal_status = "lapsed"
    drug_asset.save(update_fields=["legal_status"])
    claim = open_request.claims.get(claim="validity")
    response = _post(
        client_as(cara),
        f"{BASE}/requests/{open_request.pk}/claims/{claim.pk}/decision",
        {"grant": True, "reasons": "ok"},
    )
    assert response.status_code == 409
    assert open_request.checks.filter(claim="validity").count() == 1  # the failed re-check rolled back too


def test_bad_evidence_through_the_api(client_as, bob, open_request):
    client = client_as(bob)
    url = f"{BASE}/requests/{open_request.pk}/evidence"
    assert client.post(url, {"url": "ftp://example.com/x"}).status_code == 422
    assert client.post(url, {"file": _file("macro.xlsm", b"PK")}).status_code == 422
    assert client.post(url, {}).status_code == 422
    assert not Evidence.objects.exists()


@pytest.mark.parametrize(
    "body",
    [
        {"claim": "validity", "fee_amount": "-1", "fee_currency": "HKD"},
        {"claim": "validity", "fee_amount": "1.005", "fee_currency": "HKD"},
        {"claim": "validity", "fee_amount": "100", "fee_currency": "XXX"},
        {"claim": "validity", "fee_amount": "100", "fee_currency": "HKD", "validity_days": 0},
        {"claim": "validity", "fee_amount": "100", "fee_currency": "HKD", "reminder_days": 400},
        {"claim": "nothing", "fee_amount": "100", "fee_currency": "HKD"},
    ],
)
def test_bad_services_are_refused(client_as, cara, catalogue, body):
    response = client_as(cara).put(
        f"{BASE}/certifiers/harbour-certifiers/services", json.dumps(body), content_type="application/json"
    )
    assert response.status_code == 422, response.content
    assert CertificationService.objects.get(claim="validity").fee_amount == 8000


def test_a_service_fee_is_changed_by_the_certifiers_admin(client_as, cara, catalogue):
    body = {"claim": "validity", "fee_amount": "8500.50", "fee_currency": "USD"}
    response = client_as(cara).put(
        f"{BASE}/certifiers/harbour-certifiers/services", json.dumps(body), content_type="application/json"
    )
    assert response.status_code == 200
    assert response.json()["fee_amount"] == "8500.50"


def test_verify_command_accepts_a_genuine_credential_and_rejects_a_forgery(attestation, tmp_path, capsys):
    genuine = tmp_path / "genuine.json"
    genuine.write_text(json.dumps(attestation.credential))
    call_command("certification", "verify", str(genuine))
    assert "VALID" in capsys.readouterr().out
    forged = tmp_path / "forged.json"
    forged.write_text(json.dumps(dict(attestation.credential, validUntil="2099-01-01T00:00:00Z")))
    with pytest.raises(CommandError):
        call_command("certification", "verify", str(forged))


def test_reminders_command_and_task(attestation, capsys):
    call_command("certification", "reminders")
    assert "0 reminders sent" in capsys.readouterr().out
    from certification.tasks import send_expiry_reminders

    assert send_expiry_reminders.enqueue().return_value == 0


def test_rotate_key_command(attestation, capsys):
    call_command("certification", "rotate-key", "harbour-certifiers", "--by", "cara@example.com")
    assert "New key" in capsys.readouterr().out
    with pytest.raises(CommandError):
        call_command("certification", "rotate-key", "harbour-certifiers", "--by", "bob@example.com")
