"""Clinical-trial records from public registries, linked to the assets they are evidence for."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from assets.models import Asset, BiomedicalProfile
from core.access import VIEW, RestrictedQuerySet


class TrialQuerySet(RestrictedQuerySet):
    """Trial records come from public registries: everyone may read them; only importers change them."""

    def for_anonymous(self, action: str) -> "TrialQuerySet":
        return self if action == VIEW else self.none()

    def for_member(self, user, action: str) -> "TrialQuerySet":
        return self.for_anonymous(action)


class Trial(models.Model):
    registry_id = models.CharField(
        _("registry id"), max_length=40, unique=True, help_text=_("e.g. NCT01234567")
    )
    title = models.CharField(_("title"), max_length=800)
    official_title = models.TextField(_("official title"), blank=True)
    phase = models.PositiveSmallIntegerField(
        _("phase"), choices=BiomedicalProfile.Phase.choices, null=True, blank=True
    )
    phase_label = models.CharField(_("phase as registered"), max_length=40, blank=True)
    status = models.CharField(_("overall status"), max_length=40, blank=True)
    conditions = models.JSONField(_("conditions"), default=list, blank=True)
    interventions = models.JSONField(_("interventions"), default=list, blank=True)
    sponsor = models.CharField(_("lead sponsor"), max_length=300, blank=True)
    sponsor_class = models.CharField(_("sponsor class"), max_length=40, blank=True)
    collaborators = models.JSONField(_("collaborators"), default=list, blank=True)
    start_date = models.DateField(_("start date"), null=True, blank=True)
    completion_date = models.DateField(_("completion date"), null=True, blank=True)
    enrollment = models.PositiveIntegerField(_("enrolment"), null=True, blank=True)
    outcome_label = models.SmallIntegerField(
        _("outcome"),
        null=True,
        blank=True,
        help_text=_("1 succeeded, 0 failed, where a benchmark records it."),
    )
    source = models.CharField(_("source"), max_length=40, blank=True)
    content_hash = models.CharField(_("content hash"), max_length=64, blank=True, editable=False)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    objects = TrialQuerySet.as_manager()

    class Meta:
        verbose_name = _("clinical trial")
        verbose_name_plural = _("clinical trials")
        ordering = ["registry_id"]

    def __str__(self) -> str:
        return f"{self.registry_id} {self.title[:60]}"

    @property
    def registry_url(self) -> str:
        if self.registry_id.upper().startswith("NCT"):
            return f"https://clinicaltrials.gov/study/{self.registry_id}"
        return ""


class TrialLink(models.Model):
    """Evidence that a trial concerns an asset, and how the link was found."""

    class Basis(models.TextChoices):
        DRUG_NAME = "drug_name", _("Drug name")
        SPONSOR = "sponsor", _("Sponsor is the holder")
        APPLICANT = "applicant", _("Sponsor is an applicant")
        MANUAL = "manual", _("Linked by the owner")

    trial = models.ForeignKey(Trial, verbose_name=_("trial"), on_delete=models.CASCADE, related_name="links")
    asset = models.ForeignKey(
        Asset, verbose_name=_("asset"), on_delete=models.CASCADE, related_name="trial_links"
    )
    basis = models.CharField(_("basis"), max_length=12, choices=Basis.choices)
    matched_text = models.CharField(_("matched on"), max_length=300, blank=True)
    sets_phase = models.BooleanField(_("evidence for the phase"), default=False)
    created_at = models.DateTimeField(_("linked at"), auto_now_add=True)

    class Meta:
        verbose_name = _("trial link")
        verbose_name_plural = _("trial links")
        constraints = [models.UniqueConstraint(fields=["trial", "asset", "basis"], name="trial_link_once")]

    def __str__(self) -> str:
        return f"{self.trial.registry_id} → {self.asset_id} ({self.basis})"
