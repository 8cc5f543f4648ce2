"""The transparency log is public: every page and read is the same for all five viewpoints; only the
operator registers witnesses, and a witness's cosignature is accepted from whoever brings it (its signature is
the proof, not a login)."""

import base64
from typing import Any

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from cryptography.hazmat.primitives.serialization import Encoding, PublicFormat

from core.models import Event
from ledger import checkpoints, services, witnesses
from ledger.models import Cosignature, Witness
from tests.matrix import Row, check, check_viewpoint, each_viewpoint, generic

ALL = (200, 200, 200, 200, 200)
SIGNED_AT = 1_700_000_000  # when the witness says it cosigned: any time not in the future


def _read(path: str, query: str = "") -> Row:
    return Row(f"GET /api/v1/ledger/{path}", ALL, query=query)


MATRIX = [
    Row("ledger:home", ALL),
    _read("head"),
    _read("checkpoint"),
    _read("entries", "start=0&end=5"),
    Row("GET /api/v1/ledger/entries/{index}", ALL, params={"index": "=3"}),
    _read("proof/inclusion", "index=3"),
    _read("proof/consistency", "first=5"),
    _read("keys"),
    _read("witnesses"),
    Row(
        "POST /api/v1/ledger/witnesses",
        (401, 403, 403, 403, 201),
        checked_by="test_only_the_operator_registers_a_witness",
    ),
]


def _cosign(signature: str, **row) -> Row:
    body = {
        "witness": "witness.example/w1",
        "tree_size": "@size",
        "timestamp": SIGNED_AT,
        "signature": signature,
    }
    return Row("POST /api/v1/ledger/cosignatures", body=body, checked_by="test_cosigning", **row)


# Each viewpoint brings the witness's cosignature on a fresh log (test_cosigning).
COSIGNATURES = [
    _cosign("@signature", expected=(201, 201, 201, 201, 201)),
    _cosign("@forged", expected=(422, 422, 422, 422, 422), note="signed by another key"),
]
MATRIX += COSIGNATURES


@pytest.mark.parametrize("row", generic(MATRIX), ids=str)
def test_matrix(client_as, users, filled_log, row):
    no_keys: dict[str, Any] = {}
    check(row, lambda viewpoint: client_as(users[viewpoint]), no_keys.__getitem__)


def test_only_the_operator_registers_a_witness(client_as, users, filled_log):
    (row,) = [row for row in MATRIX if row.checked_by == "test_only_the_operator_registers_a_witness"]
    for viewpoint, status in row.statuses().items():
        raw = Ed25519PrivateKey.generate().public_key().public_bytes(Encoding.Raw, PublicFormat.Raw)
        body = {"name": f"witness.example/{viewpoint}", "public_key": base64.b64encode(raw).decode()}
        response = client_as(users[viewpoint]).post(
            "/api/v1/ledger/witnesses", body, content_type="application/json"
        )
        assert response.status_code == status, viewpoint
        assert Witness.objects.filter(name=body["name"]).exists() is (status == 201), viewpoint


@pytest.fixture
def witness_world(filled_log, staff) -> dict[str, Any]:
    """A registered witness and its cosignature over the log's signed head, and one by a stranger's key."""
    key = Ed25519PrivateKey.generate()
    raw = key.public_key().public_bytes(Encoding.Raw, PublicFormat.Raw)
    witnesses.register_witness(name="witness.example/w1", public_key=base64.b64encode(raw).decode(), by=staff)
    head = services.latest_head()
    assert head is not None
    message = checkpoints.cosignature_message(head.checkpoint.body(), SIGNED_AT)
    forged = Ed25519PrivateKey.generate().sign(message)
    return {
        "size": head.size,
        "signature": base64.b64encode(key.sign(message)).decode(),
        "forged": base64.b64encode(forged).decode(),
    }


@pytest.mark.parametrize(("row", "viewpoint"), each_viewpoint(COSIGNATURES))
def test_cosigning(client_as, users, witness_world, row, viewpoint):
    events = Event.objects.count()
    check_viewpoint(row, viewpoint, client_as(users[viewpoint]), witness_world.__getitem__)
    accepted = row.statuses()[viewpoint] == 201
    assert Cosignature.objects.exists() is accepted, viewpoint
    assert Event.objects.count() == events + accepted, viewpoint
