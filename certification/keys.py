"""Certifiers' Ed25519 signing keys: made on first use, sealed in the data directory, rotated.

A private key lives in DATA_DIR/certification/keys/<key id>.json, sealed the way the transparency
log seals its own keys (ledger.keys): AES-256-GCM under a key derived by scrypt from the platform's
signing passphrase (IPHARBOUR_LEDGER_PASSPHRASE, else derived from SECRET_KEY), with the key id as
associated data so that a file cannot be passed off as another key. The public halves are rows of
CertifierKey and stay published after rotation, so that old attestations keep verifying.
"""

import base64
from pathlib import Path

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _lazy

from accounts.models import Organisation
from certification.models import CertifierKey
from core import keystore
from ledger import checkpoints
from ledger import keys as log_keys

RING = keystore.KeyRing(
    "certification",
    key_id_of=checkpoints.key_id,
    algorithm=checkpoints.ALGORITHM,
    missing=_lazy(
        "The certifier's private key %(key)s is missing from %(dir)s; rotate the key to sign again."
    ),
    unreadable=_lazy(
        "The certifier's private key %(key)s cannot be decrypted with the platform's passphrase (%(env)s)."
    ),
)
_loaded = RING.cache


def key_dir() -> Path:
    return RING.directory()


def private_key(key: CertifierKey) -> Ed25519PrivateKey:
    """The decrypted private half of `key` (cached per process); Conflict when it cannot be read."""
    return RING.private(key.key_id)


def raw_public_key(key: CertifierKey) -> bytes:
    return base64.b64decode(key.public_key)


def public_key_pem(key: CertifierKey) -> str:
    return checkpoints.public_key_pem(raw_public_key(key))


def create_key(certifier: Organisation) -> CertifierKey:
    """A new key for `certifier`, valid from now; the private half is sealed before the row exists."""
    private = Ed25519PrivateKey.generate()
    raw = keystore.public_raw(private)
    key_id = checkpoints.key_id(raw)
    RING.store(key_id, private)
    return CertifierKey.objects.create(
        certifier=certifier,
        key_id=key_id,
        public_key=base64.b64encode(raw).decode(),
        valid_from=log_keys.whole_milliseconds(timezone.now()),
    )


def active_key(certifier: Organisation) -> CertifierKey | None:
    return (
        CertifierKey.objects.filter(certifier=certifier, valid_until__isnull=True)
        .order_by("-valid_from")
        .first()
    )


@transaction.atomic
def active_or_new_key(certifier: Organisation) -> tuple[CertifierKey, bool]:
    """The key that signs the certifier's new attestations, and whether it was made just now."""
    Organisation.objects.select_for_update().filter(pk=certifier.pk).first()
    key = active_key(certifier)
    return (key, False) if key else (create_key(certifier), True)


@transaction.atomic
def retire_and_replace(certifier: Organisation) -> tuple[CertifierKey | None, CertifierKey]:
    """Close the active key's validity and start a new one at the same instant."""
    Organisation.objects.select_for_update().filter(pk=certifier.pk).first()
    old = active_key(certifier)
    new = create_key(certifier)
    if old is not None:
        old.valid_until = new.valid_from
        old.save(update_fields=["valid_until"])
    return old, new


def sign(key: CertifierKey, message: bytes) -> bytes:
    return private_key(key).sign(message)
