"""Every certification page and endpoint from six viewpoints: anonymous, outsider (Charlie),
participant (Bob, member of the requesting Alice Bio), owner (Alice), staff (Olivia) and the
certifier's reviewer (Cara). Outsiders get 404; refused actions change nothing."""

import dataclasses
import json

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from certification import services
from certification.models import Attestation, CertificationRequest, CertifierKey, Evidence
from tests.matrix import LOGIN, Row, check, check_viewpoint, each_viewpoint, generic
from tests.matrix import VIEWPOINTS as BASE_VIEWPOINTS

pytestmark = pytest.mark.django_db

VIEWPOINTS = [*BASE_VIEWPOINTS, "certifier"]


@pytest.fixture
def world(open_request, attestation, bob, certifier_org, drug_asset):
    evidence = services.add_evidence(
        request=open_request,
        by=bob,
        upload=SimpleUploadedFile("deed.pdf", b"%PDF-1.4 SECRET-DEED"),
        description="Deed",
    )
    return {
        "request": open_request,
        "attestation": attestation,
        "evidence": evidence,
        "certifier": certifier_org,
        "asset": drug_asset,
    }


def _resolve(world):
    values = {
        "certifier": world["certifier"].slug,
        "asset": world["asset"].pk,
        "request": world["request"].pk,
        "evidence": world["evidence"].pk,
        "attestation": world["attestation"].public_id,
        "credential": world["attestation"].credential,
    }
    return values.__getitem__


def _url(name, world):
    return next(row for row in MATRIX if row.endpoint == name).url(_resolve(world))


def _row(endpoint, expected, params=None, **kwargs) -> Row:
    """expected: anonymous, outsider, participant, owner, staff and the certifier's reviewer."""
    return Row(endpoint, tuple(expected[:5]), params=params or {}, extra={"certifier": expected[5]}, **kwargs)


SLUG, REQUEST, PUBLIC = {"slug": "certifier"}, {"pk": "request"}, {"public_id": "attestation"}
ALL = [200, 200, 200, 200, 200, 200]

# The actions and writes run in their own tests, which also prove that a refused viewpoint changed nothing.
ACTIONS = {
    "decide": [LOGIN, 404, 403, 403, 403, 302],
    "revoke": [LOGIN, 404, 403, 403, 403, 302],
    "add_evidence": [LOGIN, 404, 302, 302, 403, 302],
    "run_checks": [LOGIN, 404, 302, 302, 403, 302],
    "withdraw": [LOGIN, 404, 302, 302, 403, 403],
    "recertify": [LOGIN, 404, 302, 302, 403, 403],
    "rotate_key": [LOGIN, 404, 404, 404, 404, 302],
    "save_service": [LOGIN, 404, 404, 404, 404, 302],
}
API_WRITES = {
    "decision": ("requests/{request_id}/claims/{claim_id}/decision", [401, 404, 403, 403, 403, 201]),
    "revoke": ("attestations/{public_id}/revoke", [401, 404, 403, 403, 403, 200]),
    "withdraw": ("requests/{request_id}/withdraw", [401, 404, 200, 200, 403, 403]),
    "rotate": ("certifiers/{slug}/keys/rotate", [401, 403, 403, 403, 403, 201]),
    "evidence": ("requests/{request_id}/evidence", [401, 404, 201, 201, 403, 201]),
}

# Each viewpoint tries these on a fresh world (test_writes).
WRITES = [
    _row(
        "POST /api/v1/certification/requests/{request_id}/checks",
        [401, 404, 200, 200, 403, 200],
        {"request_id": "request"},
    ),
    _row(
        "POST /api/v1/certification/attestations/{public_id}/recertify",
        [401, 404, 201, 201, 403, 403],
        PUBLIC,
    ),
    _row(
        "PUT /api/v1/certification/certifiers/{slug}/services",
        [401, 403, 403, 403, 403, 200],
        SLUG,
        body={"claim": "validity", "fee_amount": "9999.00", "fee_currency": "HKD"},
    ),
    _row(
        "POST /api/v1/certification/certifiers/{slug}/conflicts",
        [401, 404, 404, 404, 404, 201],
        SLUG,
        body={"reason": "We advised them last year.", "organisation": "charlie-pharma"},
    ),
    _row(
        "POST /api/v1/certification/requests",
        [401, 403, 201, 201, 403, 403],
        body={"asset_id": "@asset", "certifier": "@certifier", "claims": ["validity"]},
    ),
    _row("POST /api/v1/certification/verify", ALL, body={"credential": "@credential"}),
]
WRITES = [dataclasses.replace(row, checked_by="test_writes") for row in WRITES]

MATRIX = [
    *WRITES,
    _row("certification:catalogue", ALL),
    _row("certification:certified_assets", ALL),
    _row("certification:certifier", ALL, SLUG),
    _row("certification:conflicts", [LOGIN, 404, 404, 404, 404, 200], SLUG),
    _row("certification:request_form", [LOGIN, 404, 200, 200, 404, 404], {"asset_pk": "asset"}),
    _row("certification:queue", [LOGIN, 200, 200, 200, 200, 200]),
    _row("certification:request", [LOGIN, 404, 200, 200, 200, 200], REQUEST),
    _row(
        "certification:evidence_file",
        [LOGIN, 404, 200, 200, 200, 200],
        {**REQUEST, "evidence_pk": "evidence"},
    ),
    _row("certification:attestation", [LOGIN, 404, 200, 200, 200, 200], PUBLIC),
    _row("certification:verify", ALL, PUBLIC),
    _row("certification:credential", ALL, PUBLIC),
    _row("certification:certificate", ALL, PUBLIC),
    _row("certification:verify_pasted", ALL),
    _row("GET /api/v1/certification/services", ALL),
    _row("GET /api/v1/certification/certifiers/{slug}/keys", ALL, SLUG),
    _row("GET /api/v1/certification/certifiers/{slug}/conflicts", [401, 404, 404, 404, 404, 200], SLUG),
    _row("GET /api/v1/certification/requests", [401, 200, 200, 200, 200, 200]),
    _row(
        "GET /api/v1/certification/requests/{request_id}",
        [404, 404, 200, 200, 200, 200],
        {"request_id": "request"},
    ),
    _row(
        "GET /api/v1/certification/requests/{request_id}/evidence/{evidence_id}/file",
        [401, 404, 200, 200, 200, 200],
        {"request_id": "request", "evidence_id": "evidence"},
    ),
    _row("GET /api/v1/certification/attestations", [401, 200, 200, 200, 200, 200]),
    _row("GET /api/v1/certification/attestations/{public_id}", [401, 404, 200, 200, 200, 200], PUBLIC),
    _row("GET /api/v1/certification/verify/{public_id}", ALL, PUBLIC),
    _row("GET /api/v1/certification/verify/{public_id}/credential", ALL, PUBLIC),
    *[
        _row(
            f"certification:{name}",
            statuses,
            method="post",
            checked_by="test_actions_are_refused_without_change_or_done",
        )
        for name, statuses in ACTIONS.items()
    ],
    *[
        _row(f"POST /api/v1/certification/{path}", statuses, checked_by="test_api_write_permissions")
        for path, statuses in API_WRITES.values()
    ],
]


@pytest.mark.parametrize("row", generic(MATRIX), ids=str)
def test_matrix(client_as, matrix, world, row):
    check(row, lambda viewpoint: client_as(matrix[viewpoint]), _resolve(world))


@pytest.mark.parametrize("viewpoint", VIEWPOINTS)
def test_request_details_leak_nowhere_outside_the_participants(client_as, matrix, world, viewpoint):
    client = client_as(matrix[viewpoint])
    insider = viewpoint in {"participant", "owner", "staff", "certifier"}
    queue = client.get(reverse("certification:queue")).content.decode()
    assert (
        "partnering meeting" in client.get(_url("certification:request", world)).content.decode()
    ) is insider
    assert (f"/certification/requests/{world['request'].pk}/" in queue) is insider
    api = client.get("/api/v1/certification/requests")
    listed = api.json().get("items", []) if api.status_code == 200 else []
    assert bool(listed) is insider
    evidence = client.get(_url("certification:evidence_file", world))
    assert (
        b"SECRET-DEED" in b"".join(evidence.streaming_content if evidence.streaming else [evidence.content])
    ) is insider


def _post(client, name, args, data=None):
    return client.post(reverse(name, args=args), data or {})


def _state():
    return {
        "requests": list(CertificationRequest.objects.values_list("pk", "status")),
        "attestations": list(Attestation.objects.values_list("pk", "revoked_at")),
        "evidence": Evidence.objects.count(),
        "keys": CertifierKey.objects.count(),
        "checks": sum(r.checks.count() for r in CertificationRequest.objects.all()),
        "fees": [str(s.fee_amount) for s in world_services()],
    }


def world_services():
    from certification.models import CertificationService

    return CertificationService.objects.order_by("pk")


def _act(client, action, world):
    certification, attestation = world["request"], world["attestation"]
    pending = certification.claims.get(claim="chain_of_title")
    calls = {
        "decide": (
            "certification:decide",
            [certification.pk, pending.pk],
            {"decision": "grant", "reasons": "ok"},
        ),
        "revoke": ("certification:revoke", [attestation.public_id], {"reason": "Court ruling"}),
        "add_evidence": (
            "certification:add_evidence",
            [certification.pk],
            {"url": "https://example.com/deed"},
        ),
        "run_checks": ("certification:run_checks", [certification.pk], {}),
        "withdraw": ("certification:withdraw", [certification.pk], {}),
        "recertify": ("certification:recertify", [attestation.public_id], {}),
        "rotate_key": ("certification:rotate_key", [world["certifier"].slug], {}),
        "save_service": (
            "certification:save_service",
            [world["certifier"].slug],
            {
                "claim": "validity",
                "fee_amount": "9999.00",
                "fee_currency": "HKD",
                "turnaround_days": 5,
                "validity_days": 200,
                "reminder_days": 20,
                "active": "on",
            },
        ),
    }
    name, args, data = calls[action]
    return _post(client, name, args, data)


@pytest.mark.parametrize(("action", "expected"), ACTIONS.items(), ids=list(ACTIONS))
@pytest.mark.parametrize("index", range(len(VIEWPOINTS)), ids=VIEWPOINTS)
def test_actions_are_refused_without_change_or_done(client_as, matrix, world, action, expected, index):
    viewpoint, status = VIEWPOINTS[index], expected[index]
    before = _state()
    response = _act(client_as(matrix[viewpoint]), action, world)
    assert response.status_code == status, f"{viewpoint} got {response.status_code} for {action}"
    after = _state()
    refused = status in (403, 404) or viewpoint == "anonymous"
    if refused:
        assert after == before, f"{viewpoint} changed something with {action}"
    else:
        assert after != before, f"{action} by {viewpoint} did nothing"


def _api_write(client, action, world):
    certification, attestation = world["request"], world["attestation"]
    pending = certification.claims.get(claim="chain_of_title")
    base = "/api/v1/certification"
    calls = {
        "decision": (
            f"{base}/requests/{certification.pk}/claims/{pending.pk}/decision",
            {"grant": True, "reasons": "ok"},
        ),
        "revoke": (f"{base}/attestations/{attestation.public_id}/revoke", {"reason": "Court ruling"}),
        "withdraw": (f"{base}/requests/{certification.pk}/withdraw", {}),
        "rotate": (f"{base}/certifiers/{world['certifier'].slug}/keys/rotate", {}),
        "evidence": (
            f"{base}/requests/{certification.pk}/evidence",
            {"description": "The assignment", "url": "https://example.com/assignment"},
        ),
    }
    url, body = calls[action]
    if action == "evidence":  # a multipart form, as a file may come with it
        return client.post(url, body)
    return client.post(url, json.dumps(body), content_type="application/json")


@pytest.mark.parametrize(
    ("action", "expected"),
    [(name, statuses) for name, (_, statuses) in API_WRITES.items()],
    ids=list(API_WRITES),
)
@pytest.mark.parametrize("index", range(len(VIEWPOINTS)), ids=VIEWPOINTS)
def test_api_write_permissions(client_as, matrix, world, action, expected, index):
    viewpoint, status = VIEWPOINTS[index], expected[index]
    before = _state()
    response = _api_write(client_as(matrix[viewpoint]), action, world)
    assert response.status_code == status, f"{viewpoint} got {response.status_code}: {response.content[:300]}"
    assert (_state() == before) is (status >= 400)


@pytest.mark.parametrize(("row", "viewpoint"), each_viewpoint(WRITES))
def test_writes(client_as, matrix, world, row, viewpoint):
    check_viewpoint(row, viewpoint, client_as(matrix[viewpoint]), _resolve(world))
