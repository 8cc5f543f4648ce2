"""The NDA gate: operator-edited bilingual templates, the NDA of a room filled in from one, and signatures."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from accounts.models import Organisation
from core.access import RestrictedQuerySet
from deals.models.room import DealRoom, RoomChildQuerySet, Side

SECOND_LANGUAGES = [("zh-hant", _("Traditional Chinese")), ("zh-hans", _("Simplified Chinese"))]


class NdaTemplateQuerySet(RestrictedQuerySet):
    def for_member(self, user, action):
        """Every member may read the active templates; only the operator changes them (in the back office)."""
        return self.filter(is_active=True) if action == "view" else self.none()


class NdaTemplate(models.Model):
    """One version of the NDA text in English and one Chinese script.

    Placeholders in braces are filled in per room: {seller}, {buyer}, {governing_law}, {term_months},
    {date}, {room}. A new version is a new row; rooms keep the text they were given.
    """

    name = models.CharField(_("name"), max_length=120)
    version = models.PositiveIntegerField(_("version"), default=1)
    second_language = models.CharField(
        _("Chinese script"), max_length=8, choices=SECOND_LANGUAGES, default="zh-hant"
    )
    body_en = models.TextField(_("text in English"))
    body_zh = models.TextField(_("text in Chinese"))
    is_active = models.BooleanField(_("offered to new rooms"), default=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    objects = NdaTemplateQuerySet.as_manager()

    class Meta:
        verbose_name = _("NDA template")
        verbose_name_plural = _("NDA templates")
        ordering = ["name", "-version"]
        constraints = [
            models.UniqueConstraint(
                fields=["name", "version", "second_language"], name="nda_template_version"
            )
        ]

    def __str__(self) -> str:
        return f"{self.name} v{self.version} ({self.second_language})"


class Nda(models.Model):
    """The NDA of a room: the exact text both sides sign, and its SHA-256."""

    room = models.OneToOneField(
        DealRoom, verbose_name=_("room"), on_delete=models.CASCADE, related_name="nda"
    )
    template = models.ForeignKey(NdaTemplate, verbose_name=_("template"), on_delete=models.PROTECT)
    governing_law = models.CharField(_("governing law"), max_length=120, default="Hong Kong")
    term_months = models.PositiveSmallIntegerField(_("term (months)"), default=36)
    text = models.TextField(_("text"))
    text_sha256 = models.CharField(_("SHA-256 of the text"), max_length=64)
    created_at = models.DateTimeField(_("prepared at"), auto_now_add=True)

    objects = RoomChildQuerySet.as_manager()

    class Meta:
        verbose_name = _("NDA")
        verbose_name_plural = _("NDAs")

    def __str__(self) -> str:
        return f"NDA {self.room}"


class NdaSignature(models.Model):
    """One side's signature of the NDA: who, for which organisation, when, and the hash of the text signed."""

    nda = models.ForeignKey(Nda, verbose_name=_("NDA"), on_delete=models.CASCADE, related_name="signatures")
    side = models.CharField(_("side"), max_length=6, choices=Side.choices)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("signatory"), on_delete=models.PROTECT)
    signer_name = models.CharField(_("name of the signatory"), max_length=200)
    organisation = models.ForeignKey(Organisation, verbose_name=_("organisation"), on_delete=models.PROTECT)
    text_sha256 = models.CharField(_("SHA-256 of the text signed"), max_length=64)
    signed_at = models.DateTimeField(_("signed at"), auto_now_add=True)

    class Meta:
        verbose_name = _("NDA signature")
        verbose_name_plural = _("NDA signatures")
        ordering = ["signed_at", "id"]
        constraints = [models.UniqueConstraint(fields=["nda", "side"], name="one_nda_signature_per_side")]

    def __str__(self) -> str:
        return f"{self.signer_name} for {self.organisation}"
