"""The transparency log: entries, the tree state appends lock, signing keys, signed heads, witnesses.

Everything here is public except an entry's salt and actor: the log exists so that outsiders can check
it, so there is no visible_to(); confidential content never reaches these tables in clear.
"""

import base64
import datetime

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from ledger import checkpoints, merkle

EMPTY_ROOT_HEX = merkle.EMPTY_ROOT.hex()


class TreeState(models.Model):
    """The single row every append locks: tree size, frontier and root after the last append."""

    size = models.BigIntegerField(_("tree size"), default=0)
    frontier = models.BinaryField(_("frontier hashes"), default=b"")
    root_hash = models.CharField(_("root hash"), max_length=64, default=EMPTY_ROOT_HEX)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        verbose_name = _("tree state")
        verbose_name_plural = _("tree states")

    def __str__(self) -> str:
        return f"{self.size} {self.root_hash}"

    def load_frontier(self) -> merkle.Frontier:
        return merkle.Frontier.from_bytes(self.size, bytes(self.frontier))


class Entry(models.Model):
    """One leaf of the log. `leaf` holds the exact canonical JSON (RFC 8785) whose hash is logged."""

    index = models.BigIntegerField(_("index"), primary_key=True)
    kind = models.CharField(_("kind"), max_length=80, db_index=True)
    subject = models.CharField(_("subject"), max_length=200, db_index=True)
    leaf = models.TextField(_("leaf (canonical JSON)"))
    leaf_hash = models.CharField(_("leaf hash"), max_length=64, unique=True)
    # Hashes of the perfect subtrees (levels 1, 2, …) that end with this leaf: with them any proof
    # needs O(log n) rows and no rehashing of old leaves.
    nodes = models.BinaryField(_("subtree hashes"), default=b"", editable=False)
    # The salt of the confidential commitment stays here, out of the public leaf, so that the owner
    # can later prove the content by revealing content and salt together.
    salt = models.CharField(_("confidential salt"), max_length=64, blank=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("actor"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    recorded_at = models.DateTimeField(_("recorded at"), db_index=True)

    class Meta:
        verbose_name = _("log entry")
        verbose_name_plural = _("log entries")
        ordering = ["index"]

    def __str__(self) -> str:
        return f"#{self.index} {self.kind} {self.subject}"

    def node(self, level: int) -> bytes:
        if level == 0:
            return bytes.fromhex(self.leaf_hash)
        return bytes(self.nodes)[(level - 1) * merkle.HASH_SIZE : level * merkle.HASH_SIZE]


class SigningKey(models.Model):
    """A public key of the log. The private half lives encrypted in the data directory, never here."""

    key_id = models.CharField(_("key id"), max_length=64, unique=True)
    algorithm = models.CharField(_("algorithm"), max_length=20, default=checkpoints.ALGORITHM)
    public_key = models.CharField(_("public key (base64)"), max_length=64)
    valid_from = models.DateTimeField(_("valid from"))
    valid_until = models.DateTimeField(_("valid until"), null=True, blank=True)

    class Meta:
        verbose_name = _("signing key")
        verbose_name_plural = _("signing keys")
        ordering = ["valid_from", "id"]

    def __str__(self) -> str:
        return self.key_id[:16]

    @property
    def raw(self) -> bytes:
        return base64.b64decode(self.public_key)

    @property
    def pem(self) -> str:
        return checkpoints.public_key_pem(self.raw)

    @property
    def active(self) -> bool:
        return self.valid_until is None


class TreeHead(models.Model):
    """A signed tree head (checkpoint): size, root and timestamp, signed by one named key."""

    size = models.BigIntegerField(_("tree size"))
    root_hash = models.CharField(_("root hash"), max_length=64)
    timestamp = models.BigIntegerField(_("timestamp (ms)"))
    origin = models.CharField(_("origin"), max_length=200)
    key = models.ForeignKey(SigningKey, verbose_name=_("signing key"), on_delete=models.PROTECT)
    signature = models.CharField(_("signature (base64)"), max_length=100)

    class Meta:
        verbose_name = _("signed tree head")
        verbose_name_plural = _("signed tree heads")
        ordering = ["-id"]
        indexes = [models.Index(fields=["size"])]

    def __str__(self) -> str:
        return f"{self.size} {self.root_hash[:16]}"

    @property
    def checkpoint(self) -> checkpoints.Checkpoint:
        return checkpoints.Checkpoint(self.origin, self.size, bytes.fromhex(self.root_hash), self.timestamp)

    @property
    def signed_at(self) -> datetime.datetime:
        return datetime.datetime.fromtimestamp(self.timestamp / 1000, tz=datetime.UTC)


class Witness(models.Model):
    """An outside party whose cosignatures on tree heads the log accepts and publishes."""

    name = models.CharField(_("name"), max_length=200, unique=True)
    public_key = models.CharField(_("public key (base64)"), max_length=64)
    key_id = models.CharField(_("key id"), max_length=64, unique=True)
    active = models.BooleanField(_("active"), default=True)
    registered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("registered by"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    registered_at = models.DateTimeField(_("registered at"), auto_now_add=True)

    class Meta:
        verbose_name = _("witness")
        verbose_name_plural = _("witnesses")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    @property
    def raw(self) -> bytes:
        return base64.b64decode(self.public_key)


class Cosignature(models.Model):
    """A witness's verified signature over one tree head (C2SP tlog-cosignature/v1 message)."""

    witness = models.ForeignKey(
        Witness, verbose_name=_("witness"), on_delete=models.PROTECT, related_name="cosignatures"
    )
    head = models.ForeignKey(
        TreeHead, verbose_name=_("tree head"), on_delete=models.CASCADE, related_name="cosignatures"
    )
    timestamp = models.BigIntegerField(_("timestamp (s)"))
    signature = models.CharField(_("signature (base64)"), max_length=100)
    received_at = models.DateTimeField(_("received at"), auto_now_add=True)

    class Meta:
        verbose_name = _("cosignature")
        verbose_name_plural = _("cosignatures")
        constraints = [models.UniqueConstraint(fields=["witness", "head"], name="ledger_one_cosignature")]

    def __str__(self) -> str:
        return f"{self.witness} on {self.head}"


class SealedSubject(models.Model):
    """The opaque name a confidential object bears in the log ("sealed:<token>").

    The token is random, so the log says neither which object an entry is about nor when that object was
    made; this row lets the object's owner (and the platform) find its entries again.
    """

    token = models.CharField(_("token"), max_length=32, unique=True)
    object_type = models.CharField(_("object type"), max_length=80)
    object_id = models.CharField(_("object id"), max_length=64)

    class Meta:
        verbose_name = _("sealed log subject")
        verbose_name_plural = _("sealed log subjects")
        constraints = [
            models.UniqueConstraint(fields=["object_type", "object_id"], name="ledger_one_sealed_subject")
        ]

    def __str__(self) -> str:
        return f"sealed:{self.token}"
