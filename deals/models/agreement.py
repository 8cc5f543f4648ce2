"""The agreement generated from the locked terms, its signatures and the platform's seal."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from accounts.models import Organisation
from core.errors import Conflict
from deals.models.nda import SECOND_LANGUAGES
from deals.models.room import DealRoom, RoomChildQuerySet, Side
from deals.models.terms import TermSheet


class Agreement(models.Model):
    """One version of the agreement: the PDF and its SHA-256. Once sealed nothing in it changes;
    an amendment is a new version, signed again."""

    class Status(models.TextChoices):
        AWAITING_SIGNATURES = "awaiting", _("Awaiting signatures")
        SIGNED = "signed", _("Signed and sealed")
        SUPERSEDED = "superseded", _("Superseded")

    room = models.ForeignKey(
        DealRoom, verbose_name=_("room"), on_delete=models.CASCADE, related_name="agreements"
    )
    version = models.PositiveIntegerField(_("version"))
    term_sheet = models.ForeignKey(TermSheet, verbose_name=_("locked terms"), on_delete=models.PROTECT)
    second_language = models.CharField(
        _("Chinese script"), max_length=8, choices=SECOND_LANGUAGES, default="zh-hant"
    )
    pdf = models.BinaryField(_("PDF"))
    sha256 = models.CharField(_("SHA-256 of the PDF"), max_length=64)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.AWAITING_SIGNATURES
    )
    seal = models.JSONField(_("platform seal"), default=dict, blank=True)
    sealed_at = models.DateTimeField(_("sealed at"), null=True, blank=True)
    ledger_indexes = models.JSONField(_("transparency-log entries"), default=list, blank=True)
    created_at = models.DateTimeField(_("generated at"), auto_now_add=True)

    objects = RoomChildQuerySet.as_manager()

    class Meta:
        verbose_name = _("agreement")
        verbose_name_plural = _("agreements")
        ordering = ["room", "-version"]
        constraints = [models.UniqueConstraint(fields=["room", "version"], name="agreement_version_once")]

    def __str__(self) -> str:
        return f"{self.room} agreement v{self.version}"

    def save(self, *args, **kwargs):
        # A signed agreement is immutable: refuse any write to a row that is already sealed in the database.
        if self.pk and Agreement.objects.filter(pk=self.pk, status=self.Status.SIGNED).exists():
            raise Conflict(str(_("A signed agreement cannot be changed; amend it with a new version.")))
        super().save(*args, **kwargs)


class AgreementSignature(models.Model):
    """An authorised signatory's signature: identity, organisation, time and the hash of the PDF signed."""

    agreement = models.ForeignKey(
        Agreement, verbose_name=_("agreement"), on_delete=models.CASCADE, related_name="signatures"
    )
    side = models.CharField(_("side"), max_length=6, choices=Side.choices)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("signatory"), on_delete=models.PROTECT)
    signer_name = models.CharField(_("name of the signatory"), max_length=200)
    organisation = models.ForeignKey(Organisation, verbose_name=_("organisation"), on_delete=models.PROTECT)
    document_sha256 = models.CharField(_("SHA-256 of the document signed"), max_length=64)
    signed_at = models.DateTimeField(_("signed at"), auto_now_add=True)

    class Meta:
        verbose_name = _("agreement signature")
        verbose_name_plural = _("agreement signatures")
        ordering = ["signed_at", "id"]
        constraints = [
            models.UniqueConstraint(fields=["agreement", "side"], name="one_agreement_signature_per_side")
        ]

    def __str__(self) -> str:
        return f"{self.signer_name} for {self.organisation}"
