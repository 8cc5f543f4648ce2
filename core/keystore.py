"""Ed25519 private keys sealed at rest in the data directory, for every signer on the platform.

A key file holds the private key encrypted with AES-256-GCM under a key derived by scrypt from the platform's
signing passphrase: IPHARBOUR_LEDGER_PASSPHRASE when set, otherwise a value derived from SECRET_KEY (so that a
fresh install signs with no setup; changing SECRET_KEY then needs the old value in the variable). The key id
is the associated data, so a file cannot be passed off as another key.
"""

import base64
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
from django.utils.translation import gettext as _

PASSPHRASE_ENV = "IPHARBOUR_LEDGER_PASSPHRASE"  # noqa: S105 (the name of a variable, not a secret)
# scrypt cost: about 16 MiB and a few dozen milliseconds, paid once per process per key.
SCRYPT = {"n": 2**14, "r": 8, "p": 1}


class KeyFileMissing(Exception):
    pass


class KeyFileUnreadable(Exception):
    pass


def passphrase() -> bytes:
    if value := os.environ.get(PASSPHRASE_ENV):
        return value.encode()
    return hashlib.sha256(b"ipharbour ledger key passphrase\n" + settings.SECRET_KEY.encode()).digest()


def _wrapping_key(salt: bytes, secret: bytes) -> bytes:
    return hashlib.scrypt(secret, salt=salt, dklen=32, maxmem=64 * 1024 * 1024, **SCRYPT)


def public_raw(private: Ed25519PrivateKey) -> bytes:
    return private.public_key().public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)


def seal(path: Path, key_id: str, private: Ed25519PrivateKey, *, algorithm: str) -> None:
    """Write the sealed key to `path`, a new file readable by its owner only."""
    salt, nonce = secrets.token_bytes(16), secrets.token_bytes(12)
    wrapping = _wrapping_key(salt, passphrase())
    sealed = AESGCM(wrapping).encrypt(nonce, private.private_bytes_raw(), key_id.encode())
    document = {
        "key_id": key_id,
        "algorithm": algorithm,
        "kdf": {"name": "scrypt", **SCRYPT, "salt": base64.b64encode(salt).decode()},
        "cipher": "AES-256-GCM",
        "nonce": base64.b64encode(nonce).decode(),
        "ciphertext": base64.b64encode(sealed).decode(),
    }
    path.parent.mkdir(parents=True, exist_ok=True)
    # Readable by the owner only from the moment it exists, before any secret is written into it.
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "w") as handle:
        json.dump(document, handle, indent=2)


def unseal(path: Path, key_id: str, secret: bytes | None = None) -> Ed25519PrivateKey:
    """The private key sealed in `path`; KeyFileMissing or KeyFileUnreadable when it cannot be had."""
    try:
        document = json.loads(path.read_text())
        salt = base64.b64decode(document["kdf"]["salt"])
        nonce = base64.b64decode(document["nonce"])
        sealed = base64.b64decode(document["ciphertext"])
        raw = AESGCM(_wrapping_key(salt, secret or passphrase())).decrypt(nonce, sealed, key_id.encode())
    except FileNotFoundError as error:
        raise KeyFileMissing(str(path)) from error
    except (InvalidTag, KeyError, ValueError) as error:
        raise KeyFileUnreadable(str(path)) from error
    return Ed25519PrivateKey.from_private_bytes(raw)


class KeyRing:
    """The sealed keys of one signer kind, in DATA_DIR/<folder>/keys/, decrypted once per process.

    `missing` and `unreadable` are the translated messages of the Conflict raised when a key cannot be had;
    they may use %(key)s, %(dir)s and %(env)s. `key_id_of` maps a raw public key to its id.
    """

    def __init__(self, folder: str, *, key_id_of, algorithm: str, missing, unreadable):
        self.folder, self.key_id_of, self.algorithm = folder, key_id_of, algorithm
        self.missing, self.unreadable = missing, unreadable
        self.cache: dict[tuple[str, bytes], Ed25519PrivateKey] = {}

    def directory(self) -> Path:
        return Path(settings.DATA_DIR) / self.folder / "keys"

    def store(self, key_id: str, private: Ed25519PrivateKey) -> None:
        seal(self.directory() / f"{key_id}.json", key_id, private, algorithm=self.algorithm)
        self.cache[(key_id, passphrase())] = private

    def private(self, key_id: str) -> Ed25519PrivateKey:
        from core.errors import Conflict

        secret = passphrase()
        if (cached := self.cache.get((key_id, secret))) is not None:
            return cached
        path = self.directory() / f"{key_id}.json"
        values = {"key": key_id[:16], "dir": self.directory(), "env": PASSPHRASE_ENV, "path": path}
        try:
            private = unseal(path, key_id, secret)
        except KeyFileMissing as error:
            raise Conflict(str(self.missing) % values) from error
        except KeyFileUnreadable as error:
            raise Conflict(str(self.unreadable) % values) from error
        if self.key_id_of(public_raw(private)) != key_id:
            raise Conflict(_("The private key file %(path)s belongs to another key.") % values)
        self.cache[(key_id, secret)] = private
        return private
