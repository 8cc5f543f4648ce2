"""What the matching engine keeps in the database: one row per indexed document, with its vector.

The database row is the source of truth; the embedded full-text and vector indexes under
DATA_DIR/index/ are caches rebuilt from these rows (`ipharbour matching rebuild`).
"""

from django.db import models
from django.utils.translation import gettext_lazy as _

from accounts.models import Organisation


class IndexedDocument(models.Model):
    """An asset (or, later, a listing or need) as the engine sees it: tokens, vector, attributes."""

    class Namespace(models.TextChoices):
        ASSETS = "assets", _("Assets")
        LISTINGS = "listings", _("Listings")
        NEEDS = "needs", _("Needs")

    namespace = models.CharField(_("namespace"), max_length=16, choices=Namespace.choices)
    object_id = models.PositiveBigIntegerField(_("object id"))
    number = models.CharField(_("number"), max_length=40, blank=True)
    owner = models.ForeignKey(
        Organisation,
        verbose_name=_("owning organisation"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    searchable = models.BooleanField(
        _("searchable"),
        default=True,
        help_text=_("Public documents are searched; confidential ones only inform their owner's portfolio."),
    )
    lexical_text = models.TextField(_("index terms"), blank=True)
    facets = models.TextField(
        _("attribute tokens"),
        blank=True,
        help_text=_("Modality, indications … as tokens for filtered search."),
    )
    # The registry's facet values and newest-first order, for the PostgreSQL backend to count and order the
    # registry search as the embedded backend does from its own index (assets only; empty for the others).
    registry = models.TextField(
        _("registry facet tokens"),
        blank=True,
        help_text=_("The registry search's facet values as name=value tokens, separated by spaces."),
    )
    newest = models.PositiveBigIntegerField(
        _("newest-first key"),
        null=True,
        blank=True,
        help_text=_("Publication date, then id, as one number; empty until the registry columns are filled."),
    )
    vector = models.BinaryField(_("embedding (float16)"))
    model = models.CharField(_("embedding model"), max_length=40)
    attributes = models.JSONField(_("structured attributes"), default=dict, blank=True)
    content_hash = models.CharField(_("content hash"), max_length=64)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        verbose_name = _("indexed document")
        verbose_name_plural = _("indexed documents")
        constraints = [
            models.UniqueConstraint(fields=["namespace", "object_id"], name="indexed_document_once"),
        ]
        indexes = [models.Index(fields=["namespace", "owner"])]

    def __str__(self) -> str:
        return f"{self.namespace}:{self.object_id} {self.number}"


class IndexState(models.Model):
    """One row per namespace: its generation, moved in the same transaction as every write of the
    namespace's rows (`matching.generations`), so that what a worker keeps for a generation (the
    PostgreSQL backend's facet counts) is dropped by every worker once the write commits."""

    namespace = models.CharField(
        _("namespace"), max_length=16, choices=IndexedDocument.Namespace.choices, unique=True
    )
    generation = models.BigIntegerField(_("generation"), default=0)

    class Meta:
        verbose_name = _("index state")
        verbose_name_plural = _("index states")

    def __str__(self) -> str:
        return f"{self.namespace}: {self.generation}"
