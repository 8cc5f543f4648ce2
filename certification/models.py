"""Certification: what certifiers offer, the requests asset owners make, the evidence, the automatic
checks, the decisions, and the signed attestations that result.

Access has one choke point per model, `visible_to(user)`: a request and everything under it is seen by
the members of the requesting organisation and of the certifier, and by the operator's staff. An
attestation's public verification page is reached by its unguessable public id instead (see views).
"""

import secrets

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.models import Organisation, User
from assets.models import Asset
from core.access import VIEW, RestrictedQuerySet
from core.money import CURRENCY_CHOICES


class Claim(models.TextChoices):
    VALIDITY = "validity", _("Validity")
    CHAIN_OF_TITLE = "chain_of_title", _("Chain of title")
    CLINICAL_PHASE = "clinical_phase", _("Clinical phase")
    FIRST_IN_CLASS = "first_in_class", _("First-in-class")
    BEST_IN_CLASS = "best_in_class", _("Best-in-class")


# Claims that rest on a reviewer's reasoned opinion with sources rather than on registry facts.
OPINION_CLAIMS = {Claim.FIRST_IN_CLASS, Claim.BEST_IN_CLASS}


def _member_of(field: str, user: User) -> Q:
    return Q(**{f"{field}__memberships__user": user})


class CertificationServiceQuerySet(RestrictedQuerySet):
    """The public catalogue: active services of approved certifiers; members see (and change) their own."""

    def for_anonymous(self, action: str) -> "CertificationServiceQuerySet":
        if action == VIEW:
            return self.filter(active=True, certifier__status=Organisation.Status.APPROVED)
        return self.none()

    def for_member(self, user, action: str) -> "CertificationServiceQuerySet":
        own = _member_of("certifier", user)
        if action == VIEW:
            return self.filter(
                own | Q(active=True, certifier__status=Organisation.Status.APPROVED)
            ).distinct()
        return self.filter(own).distinct()


class CertificationService(models.Model):
    """One claim a certifier certifies, at a published fee."""

    certifier = models.ForeignKey(
        Organisation,
        verbose_name=_("certifier"),
        on_delete=models.CASCADE,
        related_name="certification_services",
    )
    claim = models.CharField(_("claim"), max_length=20, choices=Claim.choices)
    description = models.TextField(_("what is checked"), blank=True)
    fee_amount = models.DecimalField(_("fee"), max_digits=14, decimal_places=2)
    fee_currency = models.CharField(_("fee currency"), max_length=3, choices=CURRENCY_CHOICES, default="HKD")
    turnaround_days = models.PositiveSmallIntegerField(_("turnaround (working days)"), default=10)
    validity_days = models.PositiveSmallIntegerField(
        _("attestation valid for (days)"),
        default=365,
        help_text=_("How long an attestation stays valid; never beyond the asset's expiry for legal claims."),
    )
    reminder_days = models.PositiveSmallIntegerField(_("reminder before expiry (days)"), default=30)
    active = models.BooleanField(_("offered"), default=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    objects = CertificationServiceQuerySet.as_manager()

    class Meta:
        verbose_name = _("certification service")
        verbose_name_plural = _("certification services")
        ordering = ["certifier__name", "claim"]
        constraints = [
            models.UniqueConstraint(
                fields=["certifier", "claim"], name="certification_one_service_per_claim"
            ),
            models.CheckConstraint(condition=Q(fee_amount__gte=0), name="certification_fee_not_negative"),
        ]

    def __str__(self) -> str:
        return f"{self.certifier} — {self.get_claim_display()}"


class CertifierKey(models.Model):
    """A certifier's Ed25519 public key. The private half lives encrypted in the data directory.

    Keys are public: they are what anyone checks an attestation against, retired ones included.
    """

    certifier = models.ForeignKey(
        Organisation, verbose_name=_("certifier"), on_delete=models.PROTECT, related_name="certifier_keys"
    )
    key_id = models.CharField(_("key id"), max_length=64, unique=True)
    public_key = models.CharField(_("public key (base64)"), max_length=64)
    valid_from = models.DateTimeField(_("valid from"))
    valid_until = models.DateTimeField(_("valid until"), null=True, blank=True)

    class Meta:
        verbose_name = _("certifier key")
        verbose_name_plural = _("certifier keys")
        ordering = ["-valid_from", "-id"]

    def __str__(self) -> str:
        return f"{self.certifier} {self.key_id[:16]}"

    @property
    def active(self) -> bool:
        return self.valid_until is None


class ConflictDeclarationQuerySet(RestrictedQuerySet):
    def for_member(self, user, action: str) -> "ConflictDeclarationQuerySet":
        """A certifier's declarations are its own members' (and the operator's)."""
        return self.filter(_member_of("certifier", user)).distinct()


class ConflictDeclaration(models.Model):
    """A certifier's declared conflict with an organisation (all its assets) or with one asset."""

    certifier = models.ForeignKey(
        Organisation, verbose_name=_("certifier"), on_delete=models.CASCADE, related_name="declared_conflicts"
    )
    organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("organisation"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="conflicts_declared_against",
    )
    asset = models.ForeignKey(Asset, verbose_name=_("asset"), null=True, blank=True, on_delete=models.CASCADE)
    reason = models.TextField(_("reason"))
    declared_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("declared by"), null=True, on_delete=models.SET_NULL
    )
    declared_at = models.DateTimeField(_("declared at"), auto_now_add=True)

    objects = ConflictDeclarationQuerySet.as_manager()

    class Meta:
        verbose_name = _("declared conflict")
        verbose_name_plural = _("declared conflicts")
        ordering = ["-declared_at"]
        constraints = [
            models.CheckConstraint(
                condition=Q(organisation__isnull=False) | Q(asset__isnull=False),
                name="certification_conflict_names_something",
            )
        ]

    def __str__(self) -> str:
        return f"{self.certifier} ≠ {self.organisation or self.asset}"


class RequestQuerySet(RestrictedQuerySet):
    def for_member(self, user, action: str) -> "RequestQuerySet":
        """Members of the requesting organisation and of the certifier (and the operator's staff)."""
        return self.filter(_member_of("requester", user) | _member_of("certifier", user)).distinct()


class CertificationRequest(models.Model):
    """An asset owner's request to one certifier to certify one or more claims about one asset."""

    class Status(models.TextChoices):
        OPEN = "open", _("Open")
        DECIDED = "decided", _("Decided")
        WITHDRAWN = "withdrawn", _("Withdrawn")

    certifier = models.ForeignKey(
        Organisation,
        verbose_name=_("certifier"),
        on_delete=models.PROTECT,
        related_name="certifications_received",
    )
    requester = models.ForeignKey(
        Organisation,
        verbose_name=_("requested by"),
        on_delete=models.PROTECT,
        related_name="certifications_sent",
    )
    asset = models.ForeignKey(
        Asset, verbose_name=_("asset"), on_delete=models.PROTECT, related_name="certification_requests"
    )
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("submitted by"), null=True, on_delete=models.SET_NULL
    )
    message = models.TextField(_("message to the certifier"), blank=True)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.OPEN)
    renews = models.ForeignKey(
        "Attestation",
        verbose_name=_("re-certifies"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="renewals",
    )
    created_at = models.DateTimeField(_("submitted at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    objects = RequestQuerySet.as_manager()

    class Meta:
        verbose_name = _("certification request")
        verbose_name_plural = _("certification requests")
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"#{self.pk} {self.asset} → {self.certifier}"


class RequestedClaimQuerySet(RestrictedQuerySet):
    def for_member(self, user, action: str) -> "RequestedClaimQuerySet":
        """That of its request."""
        return self.filter(request__in=CertificationRequest.objects.restrict(user, action))


class RequestedClaim(models.Model):
    """One claim of a request, with the fee quoted when it was asked and the reviewer's decision."""

    class Decision(models.TextChoices):
        PENDING = "pending", _("Awaiting decision")
        GRANTED = "granted", _("Granted")
        REFUSED = "refused", _("Refused")

    request = models.ForeignKey(
        CertificationRequest, verbose_name=_("request"), on_delete=models.CASCADE, related_name="claims"
    )
    claim = models.CharField(_("claim"), max_length=20, choices=Claim.choices)
    service = models.ForeignKey(CertificationService, verbose_name=_("service"), on_delete=models.PROTECT)
    fee_amount = models.DecimalField(_("fee"), max_digits=14, decimal_places=2)
    fee_currency = models.CharField(_("fee currency"), max_length=3, choices=CURRENCY_CHOICES)
    decision = models.CharField(
        _("decision"), max_length=10, choices=Decision.choices, default=Decision.PENDING
    )
    reasons = models.TextField(_("reasons"), blank=True)
    sources = models.JSONField(_("sources"), default=list, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("decided by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)

    objects = RequestedClaimQuerySet.as_manager()

    class Meta:
        verbose_name = _("requested claim")
        verbose_name_plural = _("requested claims")
        ordering = ["id"]
        constraints = [models.UniqueConstraint(fields=["request", "claim"], name="certification_claim_once")]

    def __str__(self) -> str:
        return f"{self.request_id} {self.claim} {self.decision}"

    def latest_check(self) -> "CheckResult | None":
        return self.request.checks.filter(claim=self.claim).order_by("-id").first()


def _evidence_path(instance: "Evidence", filename: str) -> str:
    # A random folder: the media route of a development server must not let anyone guess evidence paths.
    return f"certification/evidence/{secrets.token_urlsafe(16)}/{filename}"


class EvidenceQuerySet(RestrictedQuerySet):
    def for_member(self, user, action: str) -> "EvidenceQuerySet":
        """That of its request."""
        return self.filter(request__in=CertificationRequest.objects.restrict(user, action))


class Evidence(models.Model):
    """A document or a link to a trial record offered in support of a request."""

    class Kind(models.TextChoices):
        FILE = "file", _("Document")
        TRIAL = "trial", _("Clinical-trial record")
        LINK = "link", _("Link")

    request = models.ForeignKey(
        CertificationRequest, verbose_name=_("request"), on_delete=models.CASCADE, related_name="evidence"
    )
    kind = models.CharField(_("kind"), max_length=8, choices=Kind.choices)
    description = models.CharField(_("description"), max_length=500, blank=True)
    file = models.FileField(_("file"), upload_to=_evidence_path, blank=True)
    file_name = models.CharField(_("file name"), max_length=255, blank=True)
    sha256 = models.CharField(_("SHA-256"), max_length=64, blank=True)
    size = models.PositiveIntegerField(_("size (bytes)"), default=0)
    trial = models.ForeignKey(
        "trials.Trial",
        verbose_name=_("trial"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="certification_evidence",
    )
    url = models.URLField(_("link"), blank=True)
    added_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("added by"), null=True, on_delete=models.SET_NULL
    )
    added_at = models.DateTimeField(_("added at"), auto_now_add=True)

    objects = EvidenceQuerySet.as_manager()

    class Meta:
        verbose_name = _("evidence")
        verbose_name_plural = _("evidence")
        ordering = ["id"]

    def __str__(self) -> str:
        return self.description or self.file_name or self.url or str(self.trial)


class CheckResultQuerySet(RestrictedQuerySet):
    def for_member(self, user, action: str) -> "CheckResultQuerySet":
        """That of its request."""
        return self.filter(request__in=CertificationRequest.objects.restrict(user, action))


class CheckResult(models.Model):
    """One automatic check of one claim against the registry and trial data, kept for every run."""

    class Outcome(models.TextChoices):
        PASSED = "passed", _("Passed")
        FAILED = "failed", _("Failed")
        REVIEW = "review", _("For the reviewer's judgement")

    request = models.ForeignKey(
        CertificationRequest, verbose_name=_("request"), on_delete=models.CASCADE, related_name="checks"
    )
    claim = models.CharField(_("claim"), max_length=20, choices=Claim.choices)
    outcome = models.CharField(_("outcome"), max_length=8, choices=Outcome.choices)
    findings = models.JSONField(_("findings"), default=list, blank=True)
    facts = models.JSONField(_("facts checked"), default=dict, blank=True)
    checked_at = models.DateTimeField(_("checked at"), auto_now_add=True)

    objects = CheckResultQuerySet.as_manager()

    class Meta:
        verbose_name = _("check result")
        verbose_name_plural = _("check results")
        ordering = ["-id"]

    def __str__(self) -> str:
        return f"{self.claim}: {self.outcome}"

    def described(self) -> list[dict]:
        """The findings in the reader's language: each with ok (True, False or None) and a sentence."""
        from certification.checks import describe

        return [{"ok": finding.get("ok"), "text": describe(finding)} for finding in self.findings]


def _public_id() -> str:
    return secrets.token_urlsafe(18)


class AttestationQuerySet(RestrictedQuerySet):
    def for_member(self, user, action: str) -> "AttestationQuerySet":
        """Participants and staff; everyone else reaches an attestation only by its public id."""
        return self.filter(_member_of("request__requester", user) | _member_of("certifier", user)).distinct()

    def current(self, at=None) -> "AttestationQuerySet":
        """Attestations in force at `at` (default now): signed, begun, not expired, not revoked."""
        at = at or timezone.now()
        return self.filter(revoked_at__isnull=True, valid_from__lte=at, valid_until__gt=at)


class Attestation(models.Model):
    """A certifier's signed statement that one claim about one asset holds, within a scope and a period."""

    public_id = models.CharField(
        _("public id"), max_length=32, unique=True, default=_public_id, editable=False
    )
    request = models.ForeignKey(
        CertificationRequest, verbose_name=_("request"), on_delete=models.PROTECT, related_name="attestations"
    )
    requested_claim = models.OneToOneField(
        RequestedClaim,
        verbose_name=_("requested claim"),
        on_delete=models.PROTECT,
        related_name="attestation",
    )
    certifier = models.ForeignKey(
        Organisation,
        verbose_name=_("certifier"),
        on_delete=models.PROTECT,
        related_name="attestations_issued",
    )
    asset = models.ForeignKey(
        Asset, verbose_name=_("asset"), on_delete=models.PROTECT, related_name="attestations"
    )
    claim = models.CharField(_("claim"), max_length=20, choices=Claim.choices)
    scope = models.TextField(_("scope"))
    facts = models.JSONField(_("facts attested"), default=dict, blank=True)
    valid_from = models.DateTimeField(_("valid from"))
    valid_until = models.DateTimeField(_("valid until"), db_index=True)
    key = models.ForeignKey(CertifierKey, verbose_name=_("signing key"), on_delete=models.PROTECT)
    credential = models.JSONField(_("signed credential"))
    signature = models.CharField(_("signature (multibase)"), max_length=120)
    credential_sha256 = models.CharField(_("credential SHA-256"), max_length=64)
    issued_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("signed by"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    issued_at = models.DateTimeField(_("issued at"))
    issued_entry = models.ForeignKey(
        "ledger.Entry",
        verbose_name=_("log entry of issue"),
        null=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    revoked_at = models.DateTimeField(_("revoked at"), null=True, blank=True)
    reason = models.TextField(_("reason for revocation"), blank=True)
    revoked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("revoked by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    revoked_entry = models.ForeignKey(
        "ledger.Entry",
        verbose_name=_("log entry of revocation"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    reminder_sent_at = models.DateTimeField(_("expiry reminder sent at"), null=True, blank=True)

    objects = AttestationQuerySet.as_manager()

    class Meta:
        verbose_name = _("attestation")
        verbose_name_plural = _("attestations")
        ordering = ["-issued_at", "-id"]
        indexes = [models.Index(fields=["asset", "claim"])]
        constraints = [
            models.CheckConstraint(
                condition=Q(valid_until__gt=models.F("valid_from")), name="attestation_period"
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_claim_display()} · {self.asset} · {self.certifier}"

    def status(self, at=None) -> str:
        """revoked, expired, not_yet_valid or valid, in that order of precedence."""
        at = at or timezone.now()
        if self.revoked_at is not None:
            return "revoked"
        if at >= self.valid_until:
            return "expired"
        if at < self.valid_from:
            return "not_yet_valid"
        return "valid"
