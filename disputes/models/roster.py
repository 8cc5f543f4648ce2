"""Applications to a centre's roster: an arbitrator or mediator asks to be listed with its
qualifications, languages, specialisms and the conflicts it declares; the centre's officers approve or
refuse, with reasons."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from core.access import CHANGE, RestrictedQuerySet
from core.money import CURRENCY_CHOICES


class RosterApplicationQuerySet(RestrictedQuerySet):
    def for_member(self, user, action):
        """The applicant sees its own applications; the centre's members see those made to it and the
        people who act for it (administrators and members, not viewers) decide them."""
        from accounts.models import Organisation

        if action == CHANGE:
            return self.filter(centre__in=Organisation.objects.restrict(user, CHANGE).values("pk"))
        members_of = Organisation.objects.of_member(user).values("pk")
        return self.filter(Q(applicant=user) | Q(centre__in=members_of))


class RosterApplication(models.Model):
    """A person's application to be listed on an institution's roster of neutrals."""

    class Status(models.TextChoices):
        PENDING = "pending", _("Waiting for the centre's decision")
        APPROVED = "approved", _("Approved: on the roster")
        REFUSED = "refused", _("Refused")

    applicant = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("applicant"),
        on_delete=models.CASCADE,
        related_name="roster_applications",
    )
    centre = models.ForeignKey(
        "accounts.Organisation",
        verbose_name=_("centre"),
        on_delete=models.CASCADE,
        related_name="roster_applications",
    )
    name = models.CharField(_("name"), max_length=200)
    name_local = models.CharField(_("name in Chinese"), max_length=200, blank=True)
    arbitrator = models.BooleanField(_("arbitrator"), default=True)
    mediator = models.BooleanField(_("mediator"), default=False)
    qualifications = models.TextField(_("qualifications"))
    specialisms = models.TextField(_("specialisms"), blank=True)
    languages = models.JSONField(_("languages"), default=list, blank=True)
    jurisdictions = models.JSONField(_("jurisdictions"), default=list, blank=True)
    hourly_rate = models.DecimalField(_("hourly rate"), max_digits=12, decimal_places=2, default=0)
    currency = models.CharField(_("currency"), max_length=3, choices=CURRENCY_CHOICES, default="HKD")
    conflicts = models.JSONField(
        _("conflicts declared"), default=list, blank=True, help_text=_('A list of {"name", "reason"}.')
    )
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.PENDING)
    decision_reason = models.TextField(_("reasons for the decision"), blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("decided by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)
    neutral = models.ForeignKey(
        "disputes.Neutral",
        verbose_name=_("roster entry"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="applications",
    )
    created_at = models.DateTimeField(_("applied at"), auto_now_add=True)

    objects = RosterApplicationQuerySet.as_manager()

    class Meta:
        verbose_name = _("roster application")
        verbose_name_plural = _("roster applications")
        ordering = ["-created_at", "-id"]
        constraints = [
            models.CheckConstraint(condition=Q(hourly_rate__gte=0), name="roster_rate_not_negative"),
            models.UniqueConstraint(
                fields=["applicant", "centre"],
                condition=Q(status="pending"),
                name="one_pending_roster_application_per_centre",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.name} → {self.centre}"
