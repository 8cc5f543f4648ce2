"""After signature: the obligations calendar, royalty reports and payments."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from core.money import CURRENCY_CHOICES
from deals.models.room import DealRoom, RoomChildQuerySet


class Obligation(models.Model):
    """A dated duty under the agreement: a milestone, a royalty report, a diligence deadline."""

    class Kind(models.TextChoices):
        MILESTONE = "milestone", _("Milestone payment")
        ROYALTY_REPORT = "royalty_report", _("Royalty report")
        DILIGENCE = "diligence", _("Diligence deadline")

    class Status(models.TextChoices):
        OPEN = "open", _("Open")
        CLAIMED = "claimed", _("Claimed by the licensor")
        CONFIRMED = "confirmed", _("Confirmed by the licensee")
        DISPUTED = "disputed", _("Disputed by the licensee")
        DONE = "done", _("Done")

    room = models.ForeignKey(
        DealRoom, verbose_name=_("room"), on_delete=models.CASCADE, related_name="obligations"
    )
    kind = models.CharField(_("kind"), max_length=16, choices=Kind.choices)
    title = models.CharField(_("title"), max_length=300)
    due_on = models.DateField(_("due on"), null=True, blank=True)
    amount = models.DecimalField(_("amount"), max_digits=18, decimal_places=2, null=True, blank=True)
    currency = models.CharField(_("currency"), max_length=3, choices=CURRENCY_CHOICES, blank=True)
    event = models.CharField(_("milestone event"), max_length=40, blank=True)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.OPEN)
    note = models.TextField(_("note"), blank=True)
    alerted_at = models.DateTimeField(_("late alert sent at"), null=True, blank=True)
    reminded_at = models.DateTimeField(_("reminder sent at"), null=True, blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    objects = RoomChildQuerySet.as_manager()

    class Meta:
        verbose_name = _("obligation")
        verbose_name_plural = _("obligations")
        ordering = ["due_on", "id"]

    def __str__(self) -> str:
        return self.title


class RoyaltyReport(models.Model):
    """The licensee's net sales for a period, and the royalty the platform computed from the locked terms."""

    room = models.ForeignKey(
        DealRoom, verbose_name=_("room"), on_delete=models.CASCADE, related_name="royalty_reports"
    )
    obligation = models.OneToOneField(
        Obligation,
        verbose_name=_("report due"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="report",
    )
    period_start = models.DateField(_("period from"))
    period_end = models.DateField(_("period to"))
    sales_currency = models.CharField(_("currency of the sales"), max_length=3, choices=CURRENCY_CHOICES)
    exchange_rate = models.DecimalField(
        _("exchange rate to the deal currency"), max_digits=18, decimal_places=8, default=1
    )
    lines = models.JSONField(_("net sales by product and territory"), default=list)
    step_downs_applied = models.JSONField(_("step-downs applied"), default=list, blank=True)
    net_sales = models.DecimalField(_("net sales in the deal currency"), max_digits=18, decimal_places=2)
    royalty = models.DecimalField(_("royalty due"), max_digits=18, decimal_places=2)
    currency = models.CharField(_("deal currency"), max_length=3, choices=CURRENCY_CHOICES)
    computation = models.JSONField(_("computation"), default=dict)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("submitted by"), null=True, on_delete=models.SET_NULL
    )
    submitted_at = models.DateTimeField(_("submitted at"), auto_now_add=True)

    objects = RoomChildQuerySet.as_manager()

    class Meta:
        verbose_name = _("royalty report")
        verbose_name_plural = _("royalty reports")
        ordering = ["-period_end", "-id"]

    def __str__(self) -> str:
        return f"{self.room}: {self.period_start} – {self.period_end}"


class Payment(models.Model):
    """A payment the licensee made, recorded against a report or a milestone."""

    room = models.ForeignKey(
        DealRoom, verbose_name=_("room"), on_delete=models.CASCADE, related_name="payments"
    )
    report = models.ForeignKey(
        RoyaltyReport,
        verbose_name=_("royalty report"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="payments",
    )
    obligation = models.ForeignKey(
        Obligation,
        verbose_name=_("obligation"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="payments",
    )
    amount = models.DecimalField(_("amount"), max_digits=18, decimal_places=2)
    currency = models.CharField(_("currency"), max_length=3, choices=CURRENCY_CHOICES)
    paid_on = models.DateField(_("paid on"))
    reference = models.CharField(_("payment reference"), max_length=120)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("recorded by"), null=True, on_delete=models.SET_NULL
    )
    created_at = models.DateTimeField(_("recorded at"), auto_now_add=True)

    objects = RoomChildQuerySet.as_manager()

    class Meta:
        verbose_name = _("payment")
        verbose_name_plural = _("payments")
        ordering = ["-paid_on", "-id"]

    def __str__(self) -> str:
        return f"{self.currency} {self.amount} ({self.reference})"
