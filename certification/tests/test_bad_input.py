"""Unreadable uploads and hostile credentials get a clear 4xx, never a server error, and change nothing."""

import json

import pytest

from certification.models import Evidence

pytestmark = pytest.mark.django_db

NO_BOUNDARY = {
    "data": b'--x\r\nContent-Disposition: form-data; name="description"\r\n\r\nx\r\n--x--',
    "content_type": "multipart/form-data",
}


def test_evidence_without_a_multipart_boundary_is_a_400_problem(client, alice, open_request):
    client.force_login(alice)
    response = client.post(f"/api/v1/certification/requests/{open_request.pk}/evidence", **NO_BOUNDARY)
    assert response.status_code == 400
    assert response["Content-Type"] == "application/problem+json"
    assert not Evidence.objects.filter(request=open_request, description="x").exists()


def test_evidence_form_without_a_multipart_boundary_is_the_400_page(client, alice, open_request):
    client.force_login(alice)
    response = client.post(f"/certification/requests/{open_request.pk}/evidence/", **NO_BOUNDARY)
    assert response.status_code == 400
    assert "site.css" in response.content.decode()


DEEP = "[" * 50_000 + "]" * 50_000


@pytest.mark.parametrize("credential", [DEEP, '{"a":' * 2000 + "1" + "}" * 2000, '{"x": "\\ud800"}'])
def test_a_hostile_credential_pasted_to_verify_is_a_form_error(client, credential):
    response = client.post("/verify/", {"credential": credential})
    assert response.status_code == 200
    assert "credential" in response.context["form"].errors


def test_a_deeply_nested_credential_sent_to_the_verify_api_is_a_400_problem(client):
    response = client.post("/api/v1/certification/verify", DEEP, content_type="application/json")
    assert response.status_code == 400
    assert response["Content-Type"] == "application/problem+json"


def test_a_real_credential_still_verifies_when_pasted(client, attestation):
    document = attestation.credential
    response = client.post("/verify/", {"credential": json.dumps(document)})
    assert response.status_code == 200 and response.context["report"] is not None


@pytest.mark.parametrize("field", ["description", "trial", "url"])
def test_a_nul_in_an_evidence_form_field_is_a_422_problem(client, alice, open_request, field):
    client.force_login(alice)
    response = client.post(f"/api/v1/certification/requests/{open_request.pk}/evidence", {field: "NCT0\x001"})
    assert response.status_code == 422 and response.json()["field"] == field
    assert not Evidence.objects.filter(request=open_request).exists()
