"""A case, its parties and the people who may see it: parties' representatives, counsel, neutrals and
the institution's case officers. Nobody else learns that the case exists."""

import re

from django.conf import settings
from django.db import models
from django.db.models import Exists, OuterRef, Q
from django.utils.translation import gettext_lazy as _

from accounts.models import Membership, User
from core.access import RestrictedQuerySet
from core.money import CURRENCY_CHOICES
from disputes.models.rules import Kind, RuleTemplate


class Side(models.TextChoices):
    CLAIMANT = "claimant", _("Claimant")
    RESPONDENT = "respondent", _("Respondent")


def _seat_on(user: User, case_ref: str) -> Exists:
    return Exists(Participant.objects.filter(case=OuterRef(case_ref), user=user, active=True))


def _officer_of(user: User, case_ref: str) -> Exists:
    prefix = f"{case_ref}__" if case_ref != "pk" else ""
    return Exists(Membership.objects.filter(organisation=OuterRef(f"{prefix}rules__institution"), user=user))


class CaseQuerySet(RestrictedQuerySet):
    def for_member(self, user, action):
        """The case's participants and the institution's case officers, for reading and acting alike;
        each step's service then checks the role it needs."""
        return self.filter(_seat_on(user, "pk") | _officer_of(user, "pk"))


class CaseChildQuerySet(RestrictedQuerySet):
    """Everything that belongs to a case (its `case` field) follows the case's rule."""

    def for_member(self, user, action):
        return self.filter(_seat_on(user, "case") | _officer_of(user, "case"))


class Case(models.Model):
    """An arbitration or a mediation under one institution's rules, filed from a deal or standalone."""

    class Status(models.TextChoices):
        FILED = "filed", _("Filed")
        CONSTITUTED = "constituted", _("Tribunal or mediator in place")
        SETTLED = "settled", _("Settled")
        AWARDED = "awarded", _("Final award made")
        REFERRED = "referred", _("Moved to arbitration")
        WITHDRAWN = "withdrawn", _("Withdrawn")

    CLOSED = (Status.SETTLED, Status.AWARDED, Status.REFERRED, Status.WITHDRAWN)

    reference = models.CharField(_("reference"), max_length=40, unique=True)
    kind = models.CharField(_("kind"), max_length=12, choices=Kind.choices)
    rules = models.ForeignKey(
        RuleTemplate, verbose_name=_("institution and rules"), on_delete=models.PROTECT, related_name="cases"
    )
    title = models.CharField(_("title"), max_length=300)
    summary = models.TextField(_("summary of the dispute"), blank=True)
    amount_in_dispute = models.DecimalField(
        _("amount in dispute"), max_digits=16, decimal_places=2, null=True, blank=True
    )
    currency = models.CharField(_("currency"), max_length=3, choices=CURRENCY_CHOICES, default="HKD")
    expedited = models.BooleanField(_("expedited procedure"), default=False)
    seat = models.CharField(_("seat"), max_length=100, default="Hong Kong")
    language = models.CharField(_("language of the proceedings"), max_length=40, default="English")
    deal_room = models.ForeignKey(
        "deals.DealRoom",
        verbose_name=_("deal"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="dispute_cases",
    )
    previous = models.ForeignKey(
        "self",
        verbose_name=_("mediation it follows"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="followed_by",
    )
    status = models.CharField(_("status"), max_length=12, choices=Status.choices, default=Status.FILED)
    outcome = models.CharField(_("outcome"), max_length=40, blank=True)
    filed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("filed by"), null=True, on_delete=models.SET_NULL
    )
    filed_at = models.DateTimeField(_("filed at"), auto_now_add=True)
    constituted_at = models.DateTimeField(_("constituted at"), null=True, blank=True)
    closed_at = models.DateTimeField(_("closed at"), null=True, blank=True)
    is_demo = models.BooleanField(_("demo data"), default=False)

    objects = CaseQuerySet.as_manager()

    class Meta:
        verbose_name = _("case")
        verbose_name_plural = _("cases")
        ordering = ["-filed_at", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(amount_in_dispute__isnull=True) | Q(amount_in_dispute__gte=0),
                name="case_amount_not_negative",
            )
        ]

    def __str__(self) -> str:
        return f"{self.reference} {self.title}"

    @property
    def is_open(self) -> bool:
        return self.status not in self.CLOSED


class CaseParty(models.Model):
    """A party on one side; `affiliates` are the organisations it declares it controls or is controlled by,
    against which neutrals are checked too."""

    case = models.ForeignKey(Case, verbose_name=_("case"), on_delete=models.CASCADE, related_name="parties")
    side = models.CharField(_("side"), max_length=10, choices=Side.choices)
    organisation = models.ForeignKey(
        "accounts.Organisation",
        verbose_name=_("organisation"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="dispute_parties",
    )
    name = models.CharField(_("name"), max_length=300)
    affiliates = models.ManyToManyField(
        "accounts.Organisation", verbose_name=_("affiliates"), blank=True, related_name="+"
    )
    affiliate_names = models.JSONField(_("affiliates not on the platform"), default=list, blank=True)

    objects = CaseChildQuerySet.as_manager()

    class Meta:
        verbose_name = _("party")
        verbose_name_plural = _("parties")
        ordering = ["case", "side", "id"]

    def __str__(self) -> str:
        return f"{self.name} ({self.get_side_display()})"


class Participant(models.Model):
    """A person who sees the case: a party's representative, its counsel, a neutral or a case officer."""

    class Role(models.TextChoices):
        REPRESENTATIVE = "representative", _("Party representative")
        COUNSEL = "counsel", _("Counsel")
        NEUTRAL = "neutral", _("Arbitrator or mediator")
        CASE_OFFICER = "case_officer", _("Case officer")

    case = models.ForeignKey(
        Case, verbose_name=_("case"), on_delete=models.CASCADE, related_name="participants"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("person"),
        on_delete=models.PROTECT,
        related_name="dispute_seats",
    )
    role = models.CharField(_("role"), max_length=16, choices=Role.choices)
    party = models.ForeignKey(
        CaseParty,
        verbose_name=_("for the party"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="people",
    )
    active = models.BooleanField(_("active"), default=True)
    added_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("added by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(_("added at"), auto_now_add=True)

    objects = CaseChildQuerySet.as_manager()

    class Meta:
        verbose_name = _("participant")
        verbose_name_plural = _("participants")
        ordering = ["case", "role", "id"]
        constraints = [
            models.UniqueConstraint(fields=["case", "user", "role"], name="dispute_seat_once_per_role")
        ]

    def __str__(self) -> str:
        return f"{self.user} ({self.get_role_display()})"

    def clean(self) -> None:
        from django.core.exceptions import ValidationError

        acts_for_party = self.role in (self.Role.REPRESENTATIVE, self.Role.COUNSEL)
        if acts_for_party != (self.party_id is not None):
            raise ValidationError(
                _("Representatives and counsel act for a party; neutrals and officers do not.")
            )

    @property
    def side(self) -> str:
        return self.party.side if self.party is not None else ""


class CaseFile(models.Model):
    """A file from the deal that travels with the case: a copy, with the SHA-256 it had in the deal."""

    class Source(models.TextChoices):
        AGREEMENT = "agreement", _("Signed agreement")
        TERM_SHEET = "term_sheet", _("Term-sheet version")
        DOCUMENT = "document", _("Data-room document")

    case = models.ForeignKey(Case, verbose_name=_("case"), on_delete=models.CASCADE, related_name="files")
    source = models.CharField(_("from"), max_length=12, choices=Source.choices)
    source_id = models.PositiveIntegerField(_("its number in the deal"))
    title = models.CharField(_("title"), max_length=300)
    filename = models.CharField(_("file name"), max_length=255)
    content_type = models.CharField(_("content type"), max_length=100)
    content = models.BinaryField(_("content"))
    sha256 = models.CharField(_("SHA-256"), max_length=64)
    added_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("added by"), null=True, on_delete=models.SET_NULL
    )
    added_at = models.DateTimeField(_("added at"), auto_now_add=True)

    objects = CaseChildQuerySet.as_manager()

    class Meta:
        verbose_name = _("file from the deal")
        verbose_name_plural = _("files from the deal")
        ordering = ["case", "source", "id"]
        constraints = [models.UniqueConstraint(fields=["case", "source", "source_id"], name="case_file_once")]

    def __str__(self) -> str:
        return self.title

    @property
    def label(self) -> str:
        """The title in the reader's language: the platform names an agreement or a term sheet copied from
        the deal ("agreement-v2.pdf"), while a document keeps the title its room gave it."""
        version = re.search(r"-v(\d+)\.", self.filename)
        if version and self.source == self.Source.AGREEMENT:
            return _("Signed agreement, version %(v)s") % {"v": version[1]}
        if version and self.source == self.Source.TERM_SHEET:
            return _("Term sheet, version %(v)s") % {"v": version[1]}
        return self.title
