"""Signing keys: encrypted at rest, rotated, old heads still verifying with the old public key."""

import base64
import json
import stat

import pytest

from core.errors import Conflict
from ledger import checkpoints, integrity, keys, services
from ledger.models import SigningKey, TreeHead


def signature_verifies(head):
    message = head.checkpoint.body()
    return checkpoints.verify_signature(head.key.raw, message, base64.b64decode(head.signature))


def test_the_first_head_creates_a_key_and_its_signature_verifies(db):
    services.record("asset.registered", subject="a:1", public={})
    head = services.sign_tree_head()
    assert SigningKey.objects.count() == 1
    assert head.key.key_id == checkpoints.key_id(head.key.raw)
    assert signature_verifies(head)
    assert head.checkpoint.body().decode().splitlines()[1:3] == [
        "1",
        base64.b64encode(bytes.fromhex(head.root_hash)).decode(),
    ]


def test_the_private_key_is_stored_encrypted_and_private(db, settings):
    head = services.sign_tree_head()
    path = settings.DATA_DIR / "ledger" / "keys" / f"{head.key.key_id}.json"
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    document = json.loads(path.read_text())
    assert document["cipher"] == "AES-256-GCM" and document["kdf"]["name"] == "scrypt"
    raw_private = keys.private_key(head.key).private_bytes_raw()
    assert base64.b64encode(raw_private).decode() not in path.read_text()
    assert raw_private.hex() not in path.read_text()


def test_the_passphrase_comes_from_the_environment_when_set(db, monkeypatch):
    monkeypatch.setenv(keys.PASSPHRASE_ENV, "correct horse battery staple")
    head = services.sign_tree_head()
    keys._loaded.clear()
    monkeypatch.setenv(keys.PASSPHRASE_ENV, "wrong passphrase")
    with pytest.raises(Conflict):
        keys.private_key(head.key)
    monkeypatch.setenv(keys.PASSPHRASE_ENV, "correct horse battery staple")
    assert keys.private_key(head.key)


def test_without_a_passphrase_the_key_follows_the_secret_key(db, settings):
    head = services.sign_tree_head()
    keys._loaded.clear()
    settings.SECRET_KEY = "another secret key"
    with pytest.raises(Conflict, match="cannot be decrypted"):
        services.sign_tree_head()
    # Rotation does not need the old private key, so it is the way out.
    rotated = services.rotate_key()
    assert rotated.key != head.key and signature_verifies(rotated)


def test_rotation_keeps_old_heads_verifiable_with_the_old_key(db):
    services.record("asset.registered", subject="a:1", public={})
    old_head = services.sign_tree_head()
    new_head = services.rotate_key()
    old_head.refresh_from_db()
    old_key, new_key = old_head.key, new_head.key
    assert old_key != new_key
    assert old_key.valid_until is not None and new_key.valid_until is None
    assert new_key.valid_from == old_key.valid_until
    assert signature_verifies(old_head) and signature_verifies(new_head)
    assert integrity.head_problem(old_head) is None and integrity.head_problem(new_head) is None
    # The rotation itself is an entry of the log, and the new head covers it.
    assert services.tree_state().size == 2 and new_head.size == 2
    assert SigningKey.objects.filter(valid_until__isnull=True).count() == 1


def test_a_head_does_not_verify_with_another_key(db):
    head = services.sign_tree_head()
    other = keys.create_key()
    SigningKey.objects.filter(pk=other.pk).update(valid_until=other.valid_from)
    TreeHead.objects.filter(pk=head.pk).update(key=other)
    head.refresh_from_db()
    assert not signature_verifies(head)
    assert "does not verify" in (integrity.head_problem(head) or "")


def test_a_head_signed_outside_the_keys_validity_is_refused(db):
    import datetime

    head = services.sign_tree_head()
    signed = head.signed_at
    SigningKey.objects.filter(pk=head.key.pk).update(valid_from=signed + datetime.timedelta(milliseconds=1))
    head.refresh_from_db()
    assert "validity" in (integrity.head_problem(head) or "")
    SigningKey.objects.filter(pk=head.key.pk).update(
        valid_from=signed - datetime.timedelta(days=1),
        valid_until=signed - datetime.timedelta(milliseconds=1),
    )
    head = TreeHead.objects.get(pk=head.pk)
    assert "validity" in (integrity.head_problem(head) or "")


def test_the_current_head_is_re_signed_only_when_the_log_grew_and_it_is_stale(db, monkeypatch):
    import datetime

    first = services.current_head()
    assert services.current_head() == first
    services.record("asset.registered", subject="a:1", public={})
    assert services.current_head() == first  # still fresh
    monkeypatch.setattr(services, "HEAD_REFRESH", datetime.timedelta(0))
    second = services.current_head()
    assert second != first and second.size == 1


def test_the_origin_can_be_configured(db, settings):
    settings.LEDGER_ORIGIN = "ipharbour.example/log"
    head = services.sign_tree_head()
    assert head.origin == "ipharbour.example/log"
    assert head.checkpoint.body().startswith(b"ipharbour.example/log\n0\n")
