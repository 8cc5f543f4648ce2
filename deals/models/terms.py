"""Term sheets: numbered offers and counter-offers; accepting one locks the terms of the deal."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from deals.models.room import DealRoom, RoomChildQuerySet, Side


class TermSheet(models.Model):
    """One version of the terms, as offered by one side. The terms are the checked structure that
    deals.terms.parse_terms produces (Decimal amounts as strings, with the currency)."""

    class Status(models.TextChoices):
        OFFERED = "offered", _("Offered")
        SUPERSEDED = "superseded", _("Superseded by a later version")
        ACCEPTED = "accepted", _("Accepted: the terms are locked")
        WITHDRAWN = "withdrawn", _("Withdrawn")

    room = models.ForeignKey(
        DealRoom, verbose_name=_("room"), on_delete=models.CASCADE, related_name="term_sheets"
    )
    number = models.PositiveIntegerField(_("version"))
    side = models.CharField(_("offered by"), max_length=6, choices=Side.choices)
    terms = models.JSONField(_("terms"))
    note = models.TextField(_("note"), blank=True)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.OFFERED)
    offered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("offered by"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    accepted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("accepted by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    accepted_at = models.DateTimeField(_("accepted at"), null=True, blank=True)
    created_at = models.DateTimeField(_("offered at"), auto_now_add=True)

    objects = RoomChildQuerySet.as_manager()

    class Meta:
        verbose_name = _("term sheet")
        verbose_name_plural = _("term sheets")
        ordering = ["room", "number"]
        constraints = [
            models.UniqueConstraint(fields=["room", "number"], name="term_sheet_number_once"),
            models.UniqueConstraint(
                fields=["room"], condition=models.Q(status="accepted"), name="one_accepted_term_sheet"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.room} v{self.number}"
