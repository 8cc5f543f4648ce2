"""The transparency log is public: every page and read is the same for all five viewpoints; only the
operator registers witnesses."""

import base64
from typing import Any

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from cryptography.hazmat.primitives.serialization import Encoding, PublicFormat

from ledger.models import Witness
from tests.matrix import Row, check, generic

ALL = (200, 200, 200, 200, 200)


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


@pytest.mark.parametrize("row", generic(MATRIX), ids=str)
def test_matrix(client_as, users, filled_log, row):
    no_keys: dict[str, Any] = {}
    check(row, lambda viewpoint: client_as(users[viewpoint]), no_keys.__getitem__)


def test_only_the_operator_registers_a_witness(client_as, users, filled_log):
    (row,) = [row for row in MATRIX if row.checked_by]
    for viewpoint, status in row.statuses().items():
        raw = Ed25519PrivateKey.generate().public_key().public_bytes(Encoding.Raw, PublicFormat.Raw)
        body = {"name": f"witness.example/{viewpoint}", "public_key": base64.b64encode(raw).decode()}
        response = client_as(users[viewpoint]).post(
            "/api/v1/ledger/witnesses", body, content_type="application/json"
        )
        assert response.status_code == status, viewpoint
        assert Witness.objects.filter(name=body["name"]).exists() is (status == 201), viewpoint
