"""Exports verify from the file alone, and every kind of tampering is named as such."""

import json

import pytest

from ledger import exports, merkle, services, verify


def export(tmp_path, name="ledger.jsonl"):
    path = tmp_path / name
    with open(path, "w", encoding="utf-8") as handle:
        exports.write_export(handle)
    return path


def lines_of(path):
    return [json.loads(line) for line in path.read_text().splitlines()]


def write(tmp_path, lines, name="tampered.jsonl"):
    path = tmp_path / name
    path.write_text("".join(json.dumps(line, ensure_ascii=False) + "\n" for line in lines))
    return path


def entry_positions(lines):
    return [i for i, line in enumerate(lines) if line["type"] == "entry"]


def problems_of(path):
    return verify.verify_file(path).problems


def kinds(problems):
    return {(p.kind, p.index) for p in problems}


@pytest.fixture
def exported(filled_log, tmp_path):
    # A second head in the middle of the log gives the verifier two anchors.
    services.record_many(
        services.LogItem("asset.transferred", f"assets.asset:{i}", {"number": f"CN{i}"}) for i in range(5)
    )
    services.sign_tree_head()
    return export(tmp_path)


def test_an_untouched_export_verifies(exported):
    report = verify.verify_file(exported)
    assert report.ok, report.problems
    assert report.entries == 42 and report.heads == 2 and report.tree_size == 42


def test_the_export_holds_keys_heads_and_every_entry(exported):
    lines = lines_of(exported)
    assert lines[0]["type"] == "ledger-export" and lines[0]["tree_size"] == 42
    assert [line["type"] for line in lines[1:4]] == ["key", "head", "head"]
    entries = [line for line in lines if line["type"] == "entry"]
    assert [e["index"] for e in entries] == list(range(42))
    assert merkle.root([bytes.fromhex(e["leaf_hash"]) for e in entries]).hex() == lines[3]["root_hash"]


def test_an_altered_entry_is_named(exported, tmp_path):
    lines = lines_of(exported)
    target = entry_positions(lines)[12]
    lines[target]["leaf"] = lines[target]["leaf"].replace("CN000012", "CN000099")
    problems = problems_of(write(tmp_path, lines))
    assert kinds(problems) == {("altered", 12)}
    assert "Entry 12" in problems[0].message and "altered" in problems[0].message


def test_an_altered_entry_with_a_rewritten_leaf_hash_is_still_named(exported, tmp_path):
    lines = lines_of(exported)
    target = entry_positions(lines)[12]
    lines[target]["leaf"] = lines[target]["leaf"].replace("CN000012", "CN000099")
    lines[target]["leaf_hash"] = merkle.leaf_hash(lines[target]["leaf"].encode()).hex()
    problems = problems_of(write(tmp_path, lines))
    assert [p.kind for p in problems] == ["altered"]
    # Only the signed roots are trustworthy now: the verifier narrows the damage to the first head's range.
    assert "Entries 0 to 36" in problems[0].message


def test_a_removed_entry_is_named(exported, tmp_path):
    lines = lines_of(exported)
    del lines[entry_positions(lines)[20]]
    problems = problems_of(write(tmp_path, lines))
    assert kinds(problems) == {("removed", 20)}
    assert "Entry 20 is missing" in problems[0].message


def test_a_removed_last_entry_is_named(exported, tmp_path):
    lines = lines_of(exported)
    del lines[entry_positions(lines)[-1]]
    assert kinds(problems_of(write(tmp_path, lines))) == {("removed", 41)}


def test_an_inserted_entry_is_named(exported, tmp_path):
    lines = lines_of(exported)
    position = entry_positions(lines)[8]
    forged = dict(lines[position])
    forged["leaf"] = forged["leaf"].replace("CN000008", "CN123456")
    forged["leaf_hash"] = merkle.leaf_hash(forged["leaf"].encode()).hex()
    lines.insert(position + 1, forged)
    problems = problems_of(write(tmp_path, lines))
    assert [p.kind for p in problems] == ["inserted"]
    assert problems[0].line == position + 2  # file lines count from 1
    assert "inserted" in problems[0].message


def test_an_entry_appended_beyond_the_signed_head_is_named_as_inserted(exported, tmp_path):
    lines = lines_of(exported)
    extra = dict(lines[-1], index=42, leaf='{"index":42}')
    extra["leaf_hash"] = merkle.leaf_hash(extra["leaf"].encode()).hex()
    problems = problems_of(write(tmp_path, [*lines, extra]))
    assert kinds(problems) == {("inserted", 42)}


def test_a_duplicated_entry_is_named_as_inserted(exported, tmp_path):
    lines = lines_of(exported)
    position = entry_positions(lines)[3]
    lines.insert(position + 5, lines[position])
    assert kinds(problems_of(write(tmp_path, lines))) == {("inserted", 3)}


def test_reordered_entries_are_named(exported, tmp_path):
    lines = lines_of(exported)
    positions = entry_positions(lines)
    lines[positions[5]], lines[positions[30]] = lines[positions[30]], lines[positions[5]]
    problems = problems_of(write(tmp_path, lines))
    assert kinds(problems) == {("reordered", 5), ("reordered", 30)}
    assert all("out of order" in p.message for p in problems)


def test_reordered_and_renumbered_entries_are_still_named(exported, tmp_path):
    lines = lines_of(exported)
    positions = entry_positions(lines)
    a, b = positions[10], positions[11]
    lines[a], lines[b] = lines[b], lines[a]
    lines[a]["index"], lines[b]["index"] = 10, 11  # the labels follow the new order; the leaves cannot
    problems = problems_of(write(tmp_path, lines))
    assert {p.kind for p in problems} == {"reordered"}
    assert {p.index for p in problems} <= {10, 11} and problems


def test_a_head_signed_by_an_unknown_key_fails(exported, tmp_path):
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

    from ledger import checkpoints

    lines = lines_of(exported)
    head = next(line for line in lines if line["type"] == "head")
    body = checkpoints.Checkpoint(
        head["origin"], head["tree_size"], bytes.fromhex(head["root_hash"]), head["timestamp"]
    )
    head["signature"] = checkpoints.b64(Ed25519PrivateKey.generate().sign(body.body()))
    head["key_id"] = "ab" * 32
    problems = problems_of(write(tmp_path, lines))
    assert any(p.kind == "head" and "unknown key" in p.message for p in problems)


def test_a_forged_signature_fails(exported, tmp_path):
    lines = lines_of(exported)
    head = next(line for line in lines if line["type"] == "head")
    head["root_hash"] = "00" * 32
    problems = problems_of(write(tmp_path, lines))
    assert any(p.kind == "head" and "does not verify" in p.message for p in problems)


def test_only_pinned_keys_are_trusted(exported):
    key_id = next(line for line in lines_of(exported) if line["type"] == "key")["key_id"]
    assert verify.verify_file(exported, trusted_keys=[key_id]).ok
    report = verify.verify_file(exported, trusted_keys=["cd" * 32])
    assert not report.ok and {p.kind for p in report.problems} >= {"key"}


def test_confidential_content_never_reaches_an_export(db, tmp_path):
    services.record(
        "deal.step",
        subject="deals.deal:1",
        public={"step": "term sheet"},
        confidential={"upfront": "USD 9,876,543"},
    )
    services.sign_tree_head()
    text = export(tmp_path).read_text()
    assert "9,876,543" not in text and "term sheet" in text
    entry = services.record("deal.step", subject="deals.deal:1", public={}, confidential={"x": "y"})
    assert entry.salt not in export(tmp_path, "again.jsonl").read_text()


def test_an_empty_log_exports_and_verifies(db, tmp_path):
    services.sign_tree_head()
    assert verify.verify_file(export(tmp_path)).ok


def test_an_export_spanning_a_key_rotation_verifies(filled_log, tmp_path):
    services.rotate_key()
    services.record("asset.registered", subject="a:1", public={})
    services.sign_tree_head()
    path = export(tmp_path)
    lines = lines_of(path)
    assert len({line["key_id"] for line in lines if line["type"] == "head"}) == 2
    assert verify.verify_file(path).ok
    # Dropping the retired key from the export leaves its heads unverifiable.
    old_key = next(line for line in lines if line["type"] == "key")
    problems = problems_of(write(tmp_path, [line for line in lines if line is not old_key]))
    assert any("unknown key" in p.message for p in problems)


def test_malformed_entry_lines_are_named_not_crashed_on(exported, tmp_path):
    lines = lines_of(exported)
    position = entry_positions(lines)[4]
    lines[position]["leaf"] = 42
    problems = problems_of(write(tmp_path, lines))
    assert kinds(problems) == {("altered", 4)}
    text = write(tmp_path, lines_of(exported), "garbage.jsonl").read_text() + "not json\n"
    garbage = tmp_path / "garbage.jsonl"
    garbage.write_text(text)
    assert [p.kind for p in problems_of(garbage)] == ["format"]
