"""Orders, awards and settlements, and their effect on the registry."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from disputes.models.case import Case, CaseChildQuerySet, Side


class Decision(models.Model):
    """A procedural order, an award (partial, final, consent) or a settlement agreement.

    `effects` lists what the registry must record where the award orders it, e.g.
    {"action": "end_licence", "encumbrance": 12} or {"action": "assign", "asset": 7, "to_organisation": 3}."""

    class Kind(models.TextChoices):
        ORDER = "order", _("Procedural order")
        PARTIAL_AWARD = "partial_award", _("Partial award")
        FINAL_AWARD = "final_award", _("Final award")
        CONSENT_AWARD = "consent_award", _("Consent award")
        SETTLEMENT = "settlement", _("Settlement agreement")

    AWARDS = (Kind.PARTIAL_AWARD, Kind.FINAL_AWARD, Kind.CONSENT_AWARD)
    ENDS_CASE = (Kind.FINAL_AWARD, Kind.CONSENT_AWARD)

    class Outcome(models.TextChoices):
        CLAIMANT = "claimant", _("In favour of the claimant")
        RESPONDENT = "respondent", _("In favour of the respondent")
        SPLIT = "split", _("Partly each way")
        AGREED = "agreed", _("As the parties agreed")

    case = models.ForeignKey(Case, verbose_name=_("case"), on_delete=models.CASCADE, related_name="decisions")
    kind = models.CharField(_("kind"), max_length=14, choices=Kind.choices)
    title = models.CharField(_("title"), max_length=300)
    text = models.TextField(_("text"))
    sha256 = models.CharField(_("SHA-256 of the text"), max_length=64)
    outcome = models.CharField(_("outcome"), max_length=10, choices=Outcome.choices, blank=True)
    effects = models.JSONField(_("effects on the registry"), default=list, blank=True)
    applied = models.JSONField(_("effects applied"), default=list, blank=True)
    applied_at = models.DateTimeField(_("applied to the registry at"), null=True, blank=True)
    issued_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("issued by"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    issued_at = models.DateTimeField(_("issued at"), auto_now_add=True)
    signed_at = models.DateTimeField(_("signed by all parties at"), null=True, blank=True)

    objects = CaseChildQuerySet.as_manager()

    class Meta:
        verbose_name = _("order, award or settlement")
        verbose_name_plural = _("orders, awards and settlements")
        ordering = ["case", "issued_at", "id"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.title}"


class SettlementSignature(models.Model):
    """One side's signature of a settlement agreement, over the SHA-256 of its text."""

    decision = models.ForeignKey(
        Decision, verbose_name=_("settlement"), on_delete=models.CASCADE, related_name="signatures"
    )
    side = models.CharField(_("side"), max_length=10, choices=Side.choices)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("signatory"), on_delete=models.PROTECT)
    text_sha256 = models.CharField(_("SHA-256 signed"), max_length=64)
    signed_at = models.DateTimeField(_("signed at"), auto_now_add=True)

    class Meta:
        verbose_name = _("settlement signature")
        verbose_name_plural = _("settlement signatures")
        constraints = [
            models.UniqueConstraint(fields=["decision", "side"], name="one_settlement_signature_per_side")
        ]

    def __str__(self) -> str:
        return f"{self.decision_id} {self.side}"
