"""The public API and page: open to anonymous callers, bad input answered with problem details."""

import base64
import time

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from cryptography.hazmat.primitives.serialization import Encoding, PublicFormat

from ledger import checkpoints, merkle, services
from ledger.models import Cosignature, Witness

API = "/api/v1/ledger"


def problem(response, status):
    assert response.status_code == status, response.content
    assert response["Content-Type"] == "application/problem+json"
    body = response.json()
    assert body["status"] == status and body["title"] and body["detail"]
    return body


def test_anonymous_callers_read_the_signed_head(client, filled_log):
    body = client.get(f"{API}/head").json()
    assert body["tree_size"] == 37 and body["root_hash"] == filled_log.root_hash
    key = client.get(f"{API}/keys").json()[0]
    assert key["key_id"] == body["key_id"] and key["active"]
    raw = base64.b64decode(key["public_key"])
    assert checkpoints.verify_signature(raw, body["checkpoint"].encode(), base64.b64decode(body["signature"]))


def test_the_checkpoint_is_a_signed_note(client, filled_log):
    response = client.get(f"{API}/checkpoint")
    assert response["Content-Type"].startswith("text/plain")
    body, signatures = response.content.decode().split("\n\n")
    assert body.splitlines()[1] == "37"
    assert signatures.startswith(f"— {filled_log.origin} ")


def test_entries_come_in_bounded_pages(client, filled_log):
    body = client.get(f"{API}/entries", {"start": 30, "end": 100}).json()
    assert body["tree_size"] == 37 and body["start"] == 30 and body["end"] == 37
    assert [e["index"] for e in body["entries"]] == list(range(30, 37))
    entry = body["entries"][0]
    assert merkle.leaf_hash(entry["leaf"].encode()).hex() == entry["leaf_hash"]
    assert entry["content"]["public"]["number"] == "CN000030"
    assert client.get(f"{API}/entries/3").json()["index"] == 3


@pytest.mark.parametrize(
    ("path", "params", "status"),
    [
        ("/entries", {"start": -1}, 422),
        ("/entries", {"start": 5, "end": 2}, 422),
        ("/entries", {"start": 38}, 422),
        ("/entries", {"start": "ten"}, 422),
        ("/entries/37", {}, 404),
        ("/proof/inclusion", {}, 422),
        ("/proof/inclusion", {"index": 37}, 404),
        ("/proof/inclusion", {"index": 5, "tree_size": 3}, 422),
        ("/proof/inclusion", {"index": 5, "tree_size": 99}, 422),
        ("/proof/inclusion", {"leaf_hash": "ab" * 32}, 404),
        ("/proof/consistency", {"first": 9, "second": 4}, 422),
        ("/proof/consistency", {"first": 1, "second": 40}, 422),
        ("/proof/consistency", {}, 422),
    ],
)
def test_bad_requests_get_problem_details(client, filled_log, path, params, status):
    problem(client.get(API + path, params), status)


def test_inclusion_proofs_verify_against_the_signed_head(client, filled_log):
    head = client.get(f"{API}/head").json()
    root = bytes.fromhex(head["root_hash"])
    for index in (0, 17, 36):
        entry = client.get(f"{API}/entries/{index}").json()
        proof = client.get(f"{API}/proof/inclusion", {"index": index}).json()
        assert proof["tree_size"] == 37 and proof["root_hash"] == head["root_hash"]
        path = [bytes.fromhex(h) for h in proof["audit_path"]]
        leaf = merkle.leaf_hash(entry["leaf"].encode())
        assert merkle.verify_inclusion(leaf, index, 37, path, root)
    by_hash = client.get(f"{API}/proof/inclusion", {"leaf_hash": entry["leaf_hash"], "tree_size": 37}).json()
    assert by_hash["leaf_index"] == 36


def test_consistency_proofs_verify_between_two_sizes(client, filled_log):
    proof = client.get(f"{API}/proof/consistency", {"first": 11, "second": 37}).json()
    path = [bytes.fromhex(h) for h in proof["consistency_path"]]
    first, second = bytes.fromhex(proof["first_root"]), bytes.fromhex(proof["second_root"])
    assert second.hex() == filled_log.root_hash
    assert merkle.verify_consistency(11, 37, first, second, path)


def witness_key():
    private = Ed25519PrivateKey.generate()
    raw = private.public_key().public_bytes(Encoding.Raw, PublicFormat.Raw)
    return private, base64.b64encode(raw).decode()


@pytest.mark.parametrize(("viewpoint", "status"), [("anonymous", 401), ("outsider", 403), ("owner", 403)])
def test_only_staff_register_witnesses(client_as, users, viewpoint, status):
    _private, public = witness_key()
    response = client_as(users[viewpoint]).post(
        f"{API}/witnesses",
        {"name": "witness.example/w1", "public_key": public},
        content_type="application/json",
    )
    problem(response, status)
    assert not Witness.objects.exists()


def test_staff_register_a_witness_who_then_cosigns_a_head(client_as, users, filled_log):
    private, public = witness_key()
    staff = client_as(users["staff"])
    response = staff.post(
        f"{API}/witnesses",
        {"name": "witness.example/w1", "public_key": public},
        content_type="application/json",
    )
    assert response.status_code == 201
    assert client_as(None).get(f"{API}/witnesses").json()[0]["name"] == "witness.example/w1"
    head = client_as(None).get(f"{API}/head").json()
    now = int(time.time())
    signature = private.sign(checkpoints.cosignature_message(head["checkpoint"].encode(), now))
    payload = {
        "witness": "witness.example/w1",
        "tree_size": head["tree_size"],
        "timestamp": now,
        "signature": base64.b64encode(signature).decode(),
    }
    anonymous = client_as(None)
    assert anonymous.post(f"{API}/cosignatures", payload, content_type="application/json").status_code == 201
    assert Cosignature.objects.count() == 1
    # Registering the witness was itself logged; the head shown now carries the cosignature.
    assert anonymous.get(f"{API}/entries/37").json()["kind"] == "ledger.witness.registered"
    cosigned = anonymous.get(f"{API}/head").json()
    assert cosigned["cosignatures"][0]["witness"] == "witness.example/w1"
    note = anonymous.get(f"{API}/checkpoint").content.decode()
    assert "— witness.example/w1 " in note


def test_bad_cosignatures_are_refused(client_as, users, filled_log):
    private, public = witness_key()
    staff = client_as(users["staff"])
    staff.post(f"{API}/witnesses", {"name": "w1", "public_key": public}, content_type="application/json")
    head = services.latest_head()
    assert head is not None
    now = int(time.time())
    good = private.sign(checkpoints.cosignature_message(head.checkpoint.body(), now))
    anonymous = client_as(None)

    def post(**changes):
        payload = {
            "witness": "w1",
            "tree_size": head.size,
            "timestamp": now,
            "signature": base64.b64encode(good).decode(),
        }
        return anonymous.post(f"{API}/cosignatures", {**payload, **changes}, content_type="application/json")

    problem(post(timestamp=now + 1), 422)  # the signed time is part of the message
    problem(post(signature=base64.b64encode(Ed25519PrivateKey.generate().sign(b"x")).decode()), 422)
    problem(post(signature="not base64!"), 422)
    problem(post(witness="nobody"), 404)
    problem(post(tree_size=999), 404)
    problem(post(timestamp=now + 86400), 422)
    problem(post(tree_size=-1), 422)
    assert not Cosignature.objects.exists()


def test_duplicate_or_malformed_witness_keys_are_refused(client_as, users, db):
    _private, public = witness_key()
    staff = client_as(users["staff"])
    url = f"{API}/witnesses"
    assert (
        staff.post(url, {"name": "w1", "public_key": public}, content_type="application/json").status_code
        == 201
    )
    problem(staff.post(url, {"name": "w2", "public_key": public}, content_type="application/json"), 409)
    problem(staff.post(url, {"name": "w3", "public_key": "AAAA"}, content_type="application/json"), 422)
    problem(
        staff.post(
            url, {"name": "two words", "public_key": witness_key()[1]}, content_type="application/json"
        ),
        422,
    )


def test_the_public_page_shows_the_head_entries_and_how_to_verify(client, filled_log):
    response = client.get("/ledger/")
    assert response.status_code == 200
    text = response.content.decode()
    assert filled_log.root_hash in text
    assert "assets.asset:36" in text
    assert "ipharbour ledger verify" in text and "/api/v1/ledger/proof/inclusion" in text


def test_the_public_page_works_on_an_empty_log(client, db):
    assert client.get("/ledger/").status_code == 200


def test_confidential_content_never_reaches_the_api(client, db):
    entry = services.record(
        "deal.step",
        subject="deals.deal:7",
        public={"step": "offer"},
        confidential={"upfront": "USD 4,242,424"},
    )
    services.sign_tree_head()
    for path in ("/entries", "/entries/0", "/head", "/proof/inclusion?index=0"):
        response = client.get(API + path)
        assert response.status_code == 200
        assert b"4,242,424" not in response.content and entry.salt.encode() not in response.content
    assert b"4,242,424" not in client.get("/ledger/").content


def test_the_back_office_shows_the_log_read_only(client_as, users, filled_log):
    staff = users["staff"]
    staff.is_superuser = True
    staff.save()
    client = client_as(staff)
    assert client.get("/admin/ledger/entry/").status_code == 200
    assert client.get("/admin/ledger/entry/add/").status_code == 403
    assert client.get("/admin/ledger/treehead/").status_code == 200


@pytest.mark.parametrize("viewpoint", ["anonymous", "outsider", "participant", "owner", "staff"])
def test_everyone_reads_the_same_public_log(client_as, users, filled_log, viewpoint):
    client = client_as(users[viewpoint])
    for path in ("/head", "/entries?start=0&end=5", "/entries/4", "/proof/inclusion?index=4", "/keys"):
        response = client.get(API + path)
        assert response.status_code == 200, path
    assert client.get(f"{API}/head").json()["root_hash"] == filled_log.root_hash
