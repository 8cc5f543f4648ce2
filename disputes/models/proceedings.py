"""The timetable, the docket (submissions, their documents and the record of their service), hearings."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from disputes.models.case import Case, CaseChildQuerySet, CaseParty, Participant, Side
from disputes.models.rules import STEP_LABELS


class Deadline(models.Model):
    """One date of the procedural timetable: derived from the rules, or set by the tribunal or officer."""

    class Status(models.TextChoices):
        OPEN = "open", _("Open")
        MET = "met", _("Met")
        LAPSED = "lapsed", _("Lapsed")

    case = models.ForeignKey(Case, verbose_name=_("case"), on_delete=models.CASCADE, related_name="deadlines")
    code = models.CharField(_("step"), max_length=40, blank=True)
    title = models.CharField(_("title"), max_length=300)
    due_on = models.DateField(_("due on"))
    rule_days = models.PositiveIntegerField(_("days under the rules"), null=True, blank=True)
    status = models.CharField(_("status"), max_length=8, choices=Status.choices, default=Status.OPEN)
    reminded_on = models.DateField(_("reminder sent on"), null=True, blank=True)
    created_at = models.DateTimeField(_("set at"), auto_now_add=True)

    objects = CaseChildQuerySet.as_manager()

    class Meta:
        verbose_name = _("deadline")
        verbose_name_plural = _("deadlines")
        ordering = ["case", "due_on", "id"]

    def __str__(self) -> str:
        return f"{self.title} · {self.due_on}"

    @property
    def label(self) -> str:
        return str(STEP_LABELS.get(self.code, self.title))


class Submission(models.Model):
    """A filing in the docket by one side (or by the tribunal); served on everyone else in the case."""

    class Kind(models.TextChoices):
        NOTICE = "notice", _("Notice of arbitration or request for mediation")
        ANSWER = "answer", _("Answer")
        STATEMENT = "statement", _("Statement of case")
        EVIDENCE = "evidence", _("Evidence")
        APPLICATION = "application", _("Application")
        CORRESPONDENCE = "correspondence", _("Correspondence")

    case = models.ForeignKey(
        Case, verbose_name=_("case"), on_delete=models.CASCADE, related_name="submissions"
    )
    number = models.PositiveIntegerField(_("docket number"))
    kind = models.CharField(_("kind"), max_length=16, choices=Kind.choices)
    side = models.CharField(_("filed for"), max_length=10, choices=Side.choices, blank=True)
    title = models.CharField(_("title"), max_length=300)
    body = models.TextField(_("text"), blank=True)
    filed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("filed by"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    filed_at = models.DateTimeField(_("filed at"), auto_now_add=True)

    objects = CaseChildQuerySet.as_manager()

    class Meta:
        verbose_name = _("submission")
        verbose_name_plural = _("submissions")
        ordering = ["case", "number"]
        constraints = [models.UniqueConstraint(fields=["case", "number"], name="docket_number_once")]

    def __str__(self) -> str:
        return f"{self.case.reference} #{self.number} {self.title}"


class SubmissionDocument(models.Model):
    """A document attached to a submission, with its SHA-256."""

    case = models.ForeignKey(Case, verbose_name=_("case"), on_delete=models.CASCADE, related_name="+")
    submission = models.ForeignKey(
        Submission, verbose_name=_("submission"), on_delete=models.CASCADE, related_name="documents"
    )
    filename = models.CharField(_("file name"), max_length=255)
    content_type = models.CharField(_("content type"), max_length=100)
    content = models.BinaryField(_("content"))
    size = models.PositiveIntegerField(_("size (bytes)"))
    sha256 = models.CharField(_("SHA-256"), max_length=64)

    objects = CaseChildQuerySet.as_manager()

    class Meta:
        verbose_name = _("submitted document")
        verbose_name_plural = _("submitted documents")
        ordering = ["submission", "id"]

    def __str__(self) -> str:
        return self.filename


class ServiceRecord(models.Model):
    """Proof that a submission was served on a party or neutral: when, and when they first opened it."""

    case = models.ForeignKey(Case, verbose_name=_("case"), on_delete=models.CASCADE, related_name="+")
    submission = models.ForeignKey(
        Submission, verbose_name=_("submission"), on_delete=models.CASCADE, related_name="services"
    )
    party = models.ForeignKey(
        CaseParty, verbose_name=_("served on the party"), null=True, blank=True, on_delete=models.CASCADE
    )
    participant = models.ForeignKey(
        Participant, verbose_name=_("served on"), on_delete=models.CASCADE, related_name="+"
    )
    served_at = models.DateTimeField(_("served at"), auto_now_add=True)
    opened_at = models.DateTimeField(_("first opened at"), null=True, blank=True)

    objects = CaseChildQuerySet.as_manager()

    class Meta:
        verbose_name = _("record of service")
        verbose_name_plural = _("records of service")
        ordering = ["submission", "id"]
        constraints = [
            models.UniqueConstraint(fields=["submission", "participant"], name="served_once_per_person")
        ]

    def __str__(self) -> str:
        return f"#{self.submission_id} → {self.participant}"


class Hearing(models.Model):
    """A hearing or mediation session, in person or online."""

    class Mode(models.TextChoices):
        IN_PERSON = "in_person", _("In person")
        ONLINE = "online", _("Online")

    case = models.ForeignKey(Case, verbose_name=_("case"), on_delete=models.CASCADE, related_name="hearings")
    title = models.CharField(_("title"), max_length=300)
    starts_at = models.DateTimeField(_("starts at"))
    ends_at = models.DateTimeField(_("ends at"))
    mode = models.CharField(_("mode"), max_length=10, choices=Mode.choices)
    venue = models.CharField(_("venue or link"), max_length=500)
    scheduled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("scheduled by"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    objects = CaseChildQuerySet.as_manager()

    class Meta:
        verbose_name = _("hearing")
        verbose_name_plural = _("hearings")
        ordering = ["case", "starts_at"]

    def __str__(self) -> str:
        return f"{self.title} · {self.starts_at:%Y-%m-%d %H:%M}"

    def clean(self) -> None:
        from django.core.exceptions import ValidationError

        if self.starts_at and self.ends_at and self.ends_at <= self.starts_at:
            raise ValidationError(_("A hearing must end after it starts."))
