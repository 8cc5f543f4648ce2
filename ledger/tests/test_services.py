"""Appending to the log: leaves, stored hashes, proofs from the database, confidential content."""

import json
import threading

import pytest
from django.db import connection

from core.errors import InvalidInput, NotFound
from ledger import merkle, proofs, services
from ledger.models import Entry, TreeState


def test_record_appends_a_canonical_leaf_whose_hash_is_stored(db, alice):
    entry = services.record(
        "x.y",
        subject="assets.asset:1",
        public={"title": "抗体", "b": 1, "a": [2, 1]},
        actor=alice,
    )
    assert entry.index == 0
    leaf = json.loads(entry.leaf)
    assert leaf["index"] == 0 and leaf["kind"] == "x.y" and leaf["subject"] == "assets.asset:1"
    assert leaf["public"] == {"title": "抗体", "b": 1, "a": [2, 1]}
    # RFC 8785: members sorted, no whitespace, non-ASCII kept as UTF-8.
    assert entry.leaf.startswith('{"index":0,"kind":"x.y","public":{"a":[2,1],"b":1,"title":"抗体"}')
    assert entry.leaf_hash == merkle.leaf_hash(entry.leaf.encode()).hex()
    assert Entry.objects.get(index=0).actor == alice
    assert TreeState.objects.get(pk=1).root_hash == entry.leaf_hash


@pytest.mark.parametrize(
    "public",
    [{}, {"z": None, "a": True, "m": [1, 2.5, -0.0, 1e21]}, {"é": "\u2028\"\\\n", "€": {"b": [], "a": {}}},
     {"\ud83d\ude00": 1, "\uffff": 2}, {"number": 9007199254740991}],
)  # fmt: skip
def test_every_leaf_is_exactly_its_own_rfc_8785_canonical_form(db, public):
    import rfc8785

    entry = services.record("x.y", subject='assets.asset:"1" 中', public=public, confidential={"k": "v"})
    assert rfc8785.dumps(json.loads(entry.leaf)) == entry.leaf.encode()


def test_entries_get_consecutive_indices_and_the_state_keeps_the_root(db):
    first = services.record("listing.published", subject="listings.listing:1", public={})
    batch = services.record_many(services.LogItem("x.y", f"listings.listing:{i}", {"i": i}) for i in range(9))
    assert [first.index, *(e.index for e in batch)] == list(range(10))
    hashes = [bytes.fromhex(h) for h in Entry.objects.order_by("index").values_list("leaf_hash", flat=True)]
    state = TreeState.objects.get(pk=1)
    assert state.size == 10
    assert state.root_hash == merkle.root(hashes).hex()


def test_decimals_and_dates_are_logged_as_strings(db):
    from datetime import date
    from decimal import Decimal

    entry = services.record(
        "deal.step", subject="deals.deal:1", public={"upfront": Decimal("1000000.50"), "on": date(2025, 1, 2)}
    )
    assert json.loads(entry.leaf)["public"] == {"upfront": "1000000.50", "on": "2025-01-02"}


@pytest.mark.parametrize(
    ("kind", "subject", "public"),
    [("", "x:1", {}), ("Bad Kind", "x:1", {}), ("ok.kind", "", {}), ("ok.kind", "x:1", ["not", "an object"]),
     ("ok.kind", "x:1", {"nan": float("nan")}), ("ok.kind", "x:1", {"big": "x" * 70_000})],
)  # fmt: skip
def test_bad_entries_are_refused_and_change_nothing(db, kind, subject, public):
    with pytest.raises(InvalidInput):
        services.record(kind, subject=subject, public=public)
    assert Entry.objects.count() == 0
    assert services.tree_state().size == 0


def test_confidential_content_is_logged_only_as_a_salted_hash(db):
    secret = {"royalty_rate": "7.5%", "counterparty": "Secret Pharma Ltd"}
    entry = services.record(
        "deal.step", subject="deals.deal:9", public={"step": "offer"}, confidential=secret
    )
    assert "Secret Pharma" not in entry.leaf and "7.5%" not in entry.leaf
    assert entry.salt and entry.salt not in entry.leaf
    logged = json.loads(entry.leaf)["confidential_sha256"]
    assert logged == services.commitment(secret, entry.salt)
    assert services.proves_confidential(entry, secret)
    assert not services.proves_confidential(entry, {**secret, "royalty_rate": "5%"})


def test_the_same_confidential_content_gets_a_different_commitment_each_time(db):
    secret = {"price": "1"}
    one = services.record("deal.step", subject="d:1", public={}, confidential=secret)
    two = services.record("deal.step", subject="d:1", public={}, confidential=secret)
    assert json.loads(one.leaf)["confidential_sha256"] != json.loads(two.leaf)["confidential_sha256"]


def test_record_rolls_back_with_the_callers_transaction(db):
    from django.db import transaction

    services.record("asset.registered", subject="a:1", public={})
    with pytest.raises(RuntimeError), transaction.atomic():
        services.record("asset.transferred", subject="a:1", public={})
        raise RuntimeError("the caller's change failed")
    assert services.tree_state().size == 1
    assert services.record("asset.transferred", subject="a:1", public={}).index == 1


def test_proofs_from_the_database_verify_for_every_entry_and_size(db):
    services.record_many(services.LogItem("x.y", f"s:{i}", {"i": i}) for i in range(23))
    hashes = [bytes.fromhex(h) for h in Entry.objects.order_by("index").values_list("leaf_hash", flat=True)]
    reference = merkle.MemoryTree(hashes)
    for size in range(1, 24):
        root = reference.root(size)
        assert merkle.tree_root(size, proofs.fetch) == root
        for index in range(size):
            proof = proofs.inclusion(index=index, tree_size=size)
            assert proof.audit_path == reference.inclusion_proof(index, size)
            assert merkle.verify_inclusion(hashes[index], index, size, proof.audit_path, root)
        for old in range(size + 1):
            consistency = proofs.consistency(first=old, second=size)
            assert merkle.verify_consistency(old, size, reference.root(old), root, consistency.path)


def test_inclusion_by_leaf_hash_and_bad_requests(filled_log):
    entry = Entry.objects.get(index=5)
    proof = proofs.inclusion(leaf_hash=entry.leaf_hash.upper())
    assert proof.index == 5 and proof.tree_size == 37
    with pytest.raises(NotFound):
        proofs.inclusion(leaf_hash="00" * 32)
    with pytest.raises(NotFound):
        proofs.inclusion(index=37)
    with pytest.raises(InvalidInput):
        proofs.inclusion(index=5, tree_size=5)
    with pytest.raises(InvalidInput):
        proofs.inclusion(index=5, tree_size=38)
    with pytest.raises(InvalidInput):
        proofs.consistency(first=10, second=9)
    with pytest.raises(InvalidInput):
        proofs.entry_page(start=38)


def test_entry_pages_are_bounded(filled_log, monkeypatch):
    monkeypatch.setattr(proofs, "MAX_PAGE", 10)
    page, size = proofs.entry_page(start=30)
    assert [e.index for e in page] == list(range(30, 37)) and size == 37
    page, _size = proofs.entry_page(start=0, end=100)
    assert len(page) == 10
    page, _size = proofs.entry_page(start=37)
    assert page == []


def test_the_self_check_passes_on_a_sound_log_and_names_damage(filled_log, monkeypatch):
    from ledger import integrity

    monkeypatch.setattr(integrity, "RECENT", 5)
    monkeypatch.setattr(integrity, "FULL_UP_TO", 0)  # as on a log too large to rehash at every start
    assert services.self_check() == []
    assert services.self_check(full=True) == []
    Entry.objects.filter(index=36).update(
        leaf=Entry.objects.get(index=36).leaf.replace("CN000036", "CN999999")
    )
    assert any("Entry 36" in problem for problem in services.self_check())
    Entry.objects.filter(index=3).update(leaf=Entry.objects.get(index=3).leaf.replace("CN000003", "CN999999"))
    quick, full = services.self_check(), services.self_check(full=True)
    assert not any("Entry 3 " in problem for problem in quick)  # the quick check only rehashes recent leaves
    assert any("Entry 3 " in problem for problem in full)


def test_the_self_check_notices_a_rewritten_hash_against_the_signed_head(filled_log):
    entry = Entry.objects.get(index=7)
    forged = entry.leaf.replace("CN000007", "CN666666")
    Entry.objects.filter(index=7).update(leaf=forged, leaf_hash=merkle.leaf_hash(forged.encode()).hex())
    # Only the full check rehashes old entries; it names the first entry whose stored hashes disagree.
    problems = services.self_check(full=True)
    assert any("entry 7 " in problem for problem in problems)
    assert any("signed head of size 37" in problem for problem in problems)


def test_the_self_check_notices_missing_entries(filled_log):
    # Straight SQL, as an intruder would: other apps' PROTECT foreign keys stop the ORM from deleting.
    with connection.cursor() as cursor:
        cursor.execute(f"DELETE FROM ledger_entry WHERE {connection.ops.quote_name('index')} = 36")  # noqa: S608
    assert any("holds 36 entries" in problem for problem in services.self_check())


@pytest.mark.django_db(transaction=True)
def test_concurrent_appends_never_share_an_index():
    if connection.vendor != "postgresql":
        pytest.skip("SQLite's in-memory test database has no concurrent writers; PostgreSQL runs this test")
    errors = []

    def append(worker):
        try:
            for i in range(15):
                services.record("x.y", subject=f"worker:{worker}", public={"i": i})
        except Exception as error:  # pragma: no cover - reported below
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=append, args=(w,)) for w in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    indices = sorted(Entry.objects.values_list("index", flat=True))
    assert indices == list(range(60))
    assert services.self_check(full=True) == []
