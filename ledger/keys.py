"""The log operator's Ed25519 signing keys: generated, stored encrypted in the data directory, rotated.

A private key lives in DATA_DIR/ledger/keys/<key id>.json, encrypted with AES-256-GCM under a key
derived by scrypt from the passphrase: IPHARBOUR_LEDGER_PASSPHRASE when set, otherwise a value derived
from SECRET_KEY (so that a fresh install signs with no setup; changing SECRET_KEY then needs the old
value in IPHARBOUR_LEDGER_PASSPHRASE, or a key rotation). Public keys live in the database and stay
published after rotation, so that old tree heads keep verifying.
"""

import base64
import datetime
import hashlib
import json
import os
import secrets
from pathlib import Path

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext as _

from core.errors import Conflict
from ledger import checkpoints
from ledger.models import SigningKey

PASSPHRASE_ENV = "IPHARBOUR_LEDGER_PASSPHRASE"  # noqa: S105 (the name of a variable, not a secret)
# scrypt cost: about 16 MiB and a few dozen milliseconds, paid once per process per key.
SCRYPT = {"n": 2**14, "r": 8, "p": 1}

_loaded: dict[tuple[str, bytes], Ed25519PrivateKey] = {}


def key_dir() -> Path:
    return Path(settings.DATA_DIR) / "ledger" / "keys"


def passphrase() -> bytes:
    if value := os.environ.get(PASSPHRASE_ENV):
        return value.encode()
    return hashlib.sha256(b"ipharbour ledger key passphrase\n" + settings.SECRET_KEY.encode()).digest()


def _wrapping_key(salt: bytes, secret: bytes) -> bytes:
    return hashlib.scrypt(secret, salt=salt, dklen=32, maxmem=64 * 1024 * 1024, **SCRYPT)


def _write_private_key(key_id: str, private: Ed25519PrivateKey) -> None:
    raw = private.private_bytes(
        serialization.Encoding.Raw, serialization.PrivateFormat.Raw, serialization.NoEncryption()
    )
    salt, nonce = secrets.token_bytes(16), secrets.token_bytes(12)
    sealed = AESGCM(_wrapping_key(salt, passphrase())).encrypt(nonce, raw, key_id.encode())
    document = {
        "key_id": key_id,
        "algorithm": checkpoints.ALGORITHM,
        "kdf": {"name": "scrypt", **SCRYPT, "salt": base64.b64encode(salt).decode()},
        "cipher": "AES-256-GCM",
        "nonce": base64.b64encode(nonce).decode(),
        "ciphertext": base64.b64encode(sealed).decode(),
    }
    path = key_dir() / f"{key_id}.json"
    path.parent.mkdir(parents=True, exist_ok=True)
    # Create the file readable by the owner only before any secret is written into it.
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "w") as handle:
        json.dump(document, handle, indent=2)


def private_key(key: SigningKey) -> Ed25519PrivateKey:
    """The decrypted private half of `key` (cached per process); Conflict when it cannot be read."""
    secret = passphrase()
    cached = _loaded.get((key.key_id, secret))
    if cached is not None:
        return cached
    path = key_dir() / f"{key.key_id}.json"
    try:
        document = json.loads(path.read_text())
        salt = base64.b64decode(document["kdf"]["salt"])
        nonce = base64.b64decode(document["nonce"])
        sealed = base64.b64decode(document["ciphertext"])
        raw = AESGCM(_wrapping_key(salt, secret)).decrypt(nonce, sealed, key.key_id.encode())
    except FileNotFoundError as error:
        raise Conflict(
            _("The private signing key %(key)s is missing from %(dir)s; run `ipharbour ledger rotate-key`.")
            % {"key": key.key_id[:16], "dir": key_dir()}
        ) from error
    except (InvalidTag, KeyError, ValueError) as error:
        raise Conflict(
            _(
                "The private signing key %(key)s cannot be decrypted: set %(env)s to the passphrase it "
                "was made with, or run `ipharbour ledger rotate-key`."
            )
            % {"key": key.key_id[:16], "env": PASSPHRASE_ENV}
        ) from error
    private = Ed25519PrivateKey.from_private_bytes(raw)
    if checkpoints.key_id(_public_raw(private)) != key.key_id:
        raise Conflict(_("The private key file %(path)s belongs to another key.") % {"path": path})
    _loaded[(key.key_id, secret)] = private
    return private


def _public_raw(private: Ed25519PrivateKey) -> bytes:
    return private.public_key().public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)


def whole_milliseconds(moment: datetime.datetime) -> datetime.datetime:
    # Tree head timestamps are whole milliseconds; validity bounds are too, so comparisons are exact.
    return moment.replace(microsecond=moment.microsecond // 1000 * 1000)


EPOCH = datetime.datetime(1970, 1, 1, tzinfo=datetime.UTC)


def milliseconds(moment: datetime.datetime) -> int:
    return (moment - EPOCH) // datetime.timedelta(milliseconds=1)


def create_key(*, now: datetime.datetime | None = None) -> SigningKey:
    """A new key, valid from now; its private half is written encrypted before the row exists."""
    private = Ed25519PrivateKey.generate()
    raw = _public_raw(private)
    key_id = checkpoints.key_id(raw)
    _write_private_key(key_id, private)
    _loaded[(key_id, passphrase())] = private
    return SigningKey.objects.create(
        key_id=key_id,
        public_key=base64.b64encode(raw).decode(),
        valid_from=whole_milliseconds(now or timezone.now()),
    )


def active_key() -> SigningKey:
    """The key that signs new tree heads, made on first use. Call with the tree state locked."""
    key = SigningKey.objects.filter(valid_until__isnull=True).order_by("-valid_from", "-id").first()
    return key or create_key()


def retire_and_replace() -> tuple[SigningKey | None, SigningKey]:
    """Close the active key's validity and start a new key at the same instant. Call locked."""
    now = whole_milliseconds(timezone.now())
    old = SigningKey.objects.filter(valid_until__isnull=True).first()
    SigningKey.objects.filter(valid_until__isnull=True).update(valid_until=now)
    return old, create_key(now=now)


def sign(key: SigningKey, message: bytes) -> bytes:
    return private_key(key).sign(message)
