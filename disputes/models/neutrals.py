"""The roster of arbitrators and mediators, their declared conflicts, appointments and challenges."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from core.access import CHANGE, RestrictedQuerySet
from core.money import CURRENCY_CHOICES
from disputes.models.case import Case, CaseChildQuerySet, Side


class NeutralQuerySet(RestrictedQuerySet):
    def for_anonymous(self, action):
        """The roster is public: its members are professionals who ask to be listed."""
        return self.none() if action == CHANGE else self.filter(active=True)

    def for_member(self, user, action):
        if action == CHANGE:
            return self.filter(user=user)
        return self.filter(Q(active=True) | Q(user=user))


class Neutral(models.Model):
    """An arbitrator or mediator on the roster: expertise, languages, jurisdictions and fees."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("account"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="neutral_profile",
    )
    name = models.CharField(_("name"), max_length=200)
    name_local = models.CharField(_("name in Chinese"), max_length=200, blank=True)
    organisation = models.ForeignKey(
        "accounts.Organisation",
        verbose_name=_("chambers or firm"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    arbitrator = models.BooleanField(_("arbitrator"), default=True)
    mediator = models.BooleanField(_("mediator"), default=False)
    expertise = models.TextField(_("expertise"), blank=True)
    qualifications = models.TextField(_("qualifications"), blank=True)
    rosters = models.ManyToManyField(
        "accounts.Organisation",
        verbose_name=_("on the rosters of"),
        blank=True,
        related_name="+",
        help_text=_("The centres that approved this neutral's application to their roster."),
    )
    languages = models.JSONField(_("languages"), default=list, blank=True)
    jurisdictions = models.JSONField(_("jurisdictions"), default=list, blank=True)
    hourly_rate = models.DecimalField(_("hourly rate"), max_digits=12, decimal_places=2, default=0)
    currency = models.CharField(_("currency"), max_length=3, choices=CURRENCY_CHOICES, default="HKD")
    active = models.BooleanField(_("listed"), default=True)
    is_demo = models.BooleanField(_("demo data"), default=False)

    objects = NeutralQuerySet.as_manager()

    class Meta:
        verbose_name = _("neutral")
        verbose_name_plural = _("neutrals")
        ordering = ["name", "id"]
        constraints = [
            models.CheckConstraint(condition=Q(hourly_rate__gte=0), name="neutral_rate_not_negative")
        ]

    def __str__(self) -> str:
        return self.name


class NeutralConflictQuerySet(RestrictedQuerySet):
    def for_member(self, user, action):
        """A neutral keeps its own declarations; the check reads them for everyone else."""
        return self.filter(neutral__user=user)


class NeutralConflict(models.Model):
    """A conflict a neutral declares: an organisation (on the platform or by name) it may not sit against."""

    neutral = models.ForeignKey(
        Neutral, verbose_name=_("neutral"), on_delete=models.CASCADE, related_name="conflicts"
    )
    organisation = models.ForeignKey(
        "accounts.Organisation",
        verbose_name=_("organisation"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="+",
    )
    name = models.CharField(_("name, if not on the platform"), max_length=300, blank=True)
    reason = models.CharField(_("reason"), max_length=500)
    declared_at = models.DateTimeField(_("declared at"), auto_now_add=True)

    objects = NeutralConflictQuerySet.as_manager()

    class Meta:
        verbose_name = _("declared conflict of a neutral")
        verbose_name_plural = _("declared conflicts of neutrals")
        ordering = ["neutral", "-declared_at"]

    def __str__(self) -> str:
        return f"{self.neutral}: {self.organisation or self.name}"


class Appointment(models.Model):
    """A neutral's seat in a case: how it was appointed, the conflict check it passed, its declaration."""

    class Role(models.TextChoices):
        SOLE = "sole", _("Sole arbitrator")
        CO = "co", _("Co-arbitrator")
        PRESIDING = "presiding", _("Presiding arbitrator")
        EMERGENCY = "emergency", _("Emergency arbitrator")
        MEDIATOR = "mediator", _("Mediator")

    class Method(models.TextChoices):
        PARTY = "party", _("Party nomination")
        INSTITUTION = "institution", _("Institution appointment")
        LIST = "list", _("List procedure")

    class Status(models.TextChoices):
        CONFIRMED = "confirmed", _("Confirmed")
        CHALLENGED = "challenged", _("Challenged")
        REMOVED = "removed", _("Removed after a challenge")

    SITTING = (Status.CONFIRMED, Status.CHALLENGED)

    case = models.ForeignKey(
        Case, verbose_name=_("case"), on_delete=models.CASCADE, related_name="appointments"
    )
    neutral = models.ForeignKey(
        Neutral, verbose_name=_("neutral"), on_delete=models.PROTECT, related_name="appointments"
    )
    role = models.CharField(_("role"), max_length=10, choices=Role.choices)
    method = models.CharField(_("appointed by"), max_length=12, choices=Method.choices)
    nominated_by = models.CharField(_("nominated by"), max_length=10, choices=Side.choices, blank=True)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.CONFIRMED)
    declaration = models.TextField(_("declaration of independence"), blank=True)
    conflict_check = models.JSONField(_("conflict check"), default=dict, blank=True)
    appointed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("recorded by"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(_("appointed at"), auto_now_add=True)

    objects = CaseChildQuerySet.as_manager()

    class Meta:
        verbose_name = _("appointment")
        verbose_name_plural = _("appointments")
        ordering = ["case", "created_at", "id"]

    def __str__(self) -> str:
        return f"{self.neutral} · {self.get_role_display()}"


class Challenge(models.Model):
    """A party's challenge to a sitting neutral, and the institution's decision on it."""

    class Status(models.TextChoices):
        PENDING = "pending", _("Pending")
        UPHELD = "upheld", _("Upheld: the neutral is removed")
        DISMISSED = "dismissed", _("Dismissed")

    case = models.ForeignKey(
        Case, verbose_name=_("case"), on_delete=models.CASCADE, related_name="challenges"
    )
    appointment = models.ForeignKey(
        Appointment, verbose_name=_("appointment"), on_delete=models.CASCADE, related_name="challenges"
    )
    side = models.CharField(_("raised by"), max_length=10, choices=Side.choices)
    grounds = models.TextField(_("grounds"))
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.PENDING)
    decision_reason = models.TextField(_("reasons for the decision"), blank=True)
    raised_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("raised by"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("decided by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    raised_at = models.DateTimeField(_("raised at"), auto_now_add=True)
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)

    objects = CaseChildQuerySet.as_manager()

    class Meta:
        verbose_name = _("challenge")
        verbose_name_plural = _("challenges")
        ordering = ["case", "raised_at", "id"]

    def __str__(self) -> str:
        return f"{self.appointment}: {self.get_status_display()}"


class NeutralList(models.Model):
    """The list procedure: the institution proposes candidates, each side ranks them, the best
    combined rank (lowest sum; ties to the earlier candidate) is appointed."""

    case = models.ForeignKey(Case, verbose_name=_("case"), on_delete=models.CASCADE, related_name="lists")
    role = models.CharField(_("role"), max_length=10, choices=Appointment.Role.choices)
    candidates = models.ManyToManyField(Neutral, verbose_name=_("candidates"), related_name="+")
    rankings = models.JSONField(_("rankings by side"), default=dict, blank=True)
    appointment = models.OneToOneField(
        Appointment,
        verbose_name=_("result"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(_("proposed at"), auto_now_add=True)

    objects = CaseChildQuerySet.as_manager()

    class Meta:
        verbose_name = _("list of candidates")
        verbose_name_plural = _("lists of candidates")
        ordering = ["case", "created_at"]

    def __str__(self) -> str:
        return f"{self.case} list {self.pk}"
