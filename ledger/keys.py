"""The log operator's Ed25519 signing keys: generated, stored encrypted in the data directory, rotated.

A private key lives in DATA_DIR/ledger/keys/<key id>.json, encrypted with AES-256-GCM under a key
derived by scrypt from the passphrase: IPHARBOUR_LEDGER_PASSPHRASE when set, otherwise a value derived
from SECRET_KEY (so that a fresh install signs with no setup; changing SECRET_KEY then needs the old
value in IPHARBOUR_LEDGER_PASSPHRASE, or a key rotation). Public keys live in the database and stay
published after rotation, so that old tree heads keep verifying.
"""

import base64
import datetime
from pathlib import Path

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from django.utils import timezone
from django.utils.translation import gettext_lazy as _lazy

from core import keystore
from core.keystore import PASSPHRASE_ENV  # noqa: F401 (part of this module's interface)
from ledger import checkpoints
from ledger.models import SigningKey

RING = keystore.KeyRing(
    "ledger",
    key_id_of=checkpoints.key_id,
    algorithm=checkpoints.ALGORITHM,
    missing=_lazy(
        "The private signing key %(key)s is missing from %(dir)s; run `ipharbour ledger rotate-key`."
    ),
    unreadable=_lazy(
        "The private signing key %(key)s cannot be decrypted: set %(env)s to the passphrase it "
        "was made with, or run `ipharbour ledger rotate-key`."
    ),
)
_loaded = RING.cache


def key_dir() -> Path:
    return RING.directory()


def private_key(key: SigningKey) -> Ed25519PrivateKey:
    """The decrypted private half of `key` (cached per process); Conflict when it cannot be read."""
    return RING.private(key.key_id)


def whole_milliseconds(moment: datetime.datetime) -> datetime.datetime:
    # Tree head timestamps are whole milliseconds; validity bounds are too, so comparisons are exact.
    return moment.replace(microsecond=moment.microsecond // 1000 * 1000)


EPOCH = datetime.datetime(1970, 1, 1, tzinfo=datetime.UTC)


def milliseconds(moment: datetime.datetime) -> int:
    return (moment - EPOCH) // datetime.timedelta(milliseconds=1)


def create_key(*, now: datetime.datetime | None = None) -> SigningKey:
    """A new key, valid from now; its private half is written encrypted before the row exists."""
    private = Ed25519PrivateKey.generate()
    raw = keystore.public_raw(private)
    key_id = checkpoints.key_id(raw)
    RING.store(key_id, private)
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
