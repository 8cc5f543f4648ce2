"""An old entry edited in the database is withheld where it would be served, proven or signed over."""

import json

import pytest
from django.core.management import CommandError, call_command

from core.errors import IntegrityFailure
from ledger import merkle, services
from ledger.models import Entry, TreeHead

pytestmark = pytest.mark.django_db
OLD = 3  # an old entry, neither the last one nor among the newest the quick check rehashes first


def _edit_public(index: int, *, rehash: bool) -> str:
    entry = Entry.objects.get(index=index)
    leaf = json.loads(entry.leaf)
    leaf["public"]["number"] = "CN999999"
    forged = json.dumps(leaf, separators=(",", ":"), sort_keys=True)
    changes = {"leaf": forged}
    if rehash:
        changes["leaf_hash"] = merkle.leaf_hash(forged.encode()).hex()
    Entry.objects.filter(index=index).update(**changes)
    return "CN999999"


def _assert_withheld(response, forged: str) -> None:
    assert response.status_code == 503
    assert response["Content-Type"] == "application/problem+json"
    assert "integrity" in response.json()["title"]
    assert forged not in response.content.decode()


@pytest.mark.parametrize("rehash", [False, True], ids=["leaf-only", "leaf-and-its-hash"])
def test_an_edited_old_entry_is_not_served_nor_proven(client, filled_log, rehash):
    forged = _edit_public(OLD, rehash=rehash)
    _assert_withheld(client.get(f"/api/v1/ledger/entries/{OLD}"), forged)
    _assert_withheld(client.get("/api/v1/ledger/entries?start=0"), forged)
    _assert_withheld(client.get(f"/api/v1/ledger/proof/inclusion?index={OLD}"), forged)


def test_entries_and_proofs_elsewhere_in_a_sound_log_still_answer(client, filled_log):
    assert client.get("/api/v1/ledger/entries?start=0").status_code == 200
    for index in (0, OLD, 36):
        assert client.get(f"/api/v1/ledger/entries/{index}").status_code == 200
        assert client.get(f"/api/v1/ledger/proof/inclusion?index={index}").status_code == 200
    assert client.get("/api/v1/ledger/proof/consistency?first=5").status_code == 200


def test_a_column_edited_beside_its_leaf_is_not_served(client, filled_log):
    Entry.objects.filter(index=OLD).update(subject="assets.asset:forged")
    _assert_withheld(client.get(f"/api/v1/ledger/entries/{OLD}"), "forged")


def test_a_proof_over_an_edited_subtree_hash_is_refused(client, filled_log):
    # Entry 31 keeps the hash of the subtree of leaves 0 to 31; an edit there changes every root above it.
    row = Entry.objects.get(index=31)
    nodes = bytearray(row.nodes)
    nodes[-1] ^= 1
    Entry.objects.filter(index=31).update(nodes=bytes(nodes))
    response = client.get("/api/v1/ledger/proof/consistency?first=32")
    assert response.status_code == 503 and "integrity" in response.json()["title"]
    assert client.get(f"/api/v1/ledger/proof/inclusion?index={OLD}").status_code == 503


def test_no_head_is_signed_over_an_entry_edited_since_the_last_head(client, filled_log, monkeypatch):
    services.record_many(
        services.LogItem("asset.registered", f"assets.asset:{i}", {"number": f"CN{i:06d}"})
        for i in range(37, 40)
    )
    _edit_public(38, rehash=True)
    heads = TreeHead.objects.count()
    with pytest.raises(IntegrityFailure):
        services.sign_tree_head()
    with pytest.raises(CommandError):
        call_command("ledger", "sign")
    monkeypatch.setattr(services, "HEAD_REFRESH", services.datetime.timedelta(0))
    assert client.get("/api/v1/ledger/head").status_code == 503
    assert TreeHead.objects.count() == heads


def test_the_log_page_withholds_edited_entries_and_says_why(client, filled_log):
    Entry.objects.filter(index=36).update(subject="assets.asset:forged")
    response = client.get("/ledger/")
    assert response.status_code == 200
    page = response.content.decode()
    assert "failed its integrity check" in page and "forged" not in page


def test_the_check_at_start_finds_an_edited_old_row_in_a_log_small_enough_to_rehash(filled_log):
    assert services.self_check() == []
    _edit_public(OLD, rehash=False)
    assert any(f"Entry {OLD} " in problem for problem in services.self_check())
    with pytest.raises(CommandError):
        call_command("ledger", "check")
