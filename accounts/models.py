"""Organisations, the people in them, and what each may do."""

import hashlib
import secrets
from typing import TypeAlias

from django.conf import settings
from django.contrib.auth.models import AbstractUser, AnonymousUser, UserManager
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.access import VIEW, RestrictedQuerySet, is_signed_in


class EmailUserManager(UserManager):
    def create_user(self, email, password=None, **extra):  # type: ignore[override]
        email = self.normalize_email(email)
        extra.setdefault("username", email)
        user = self.model(email=email, **extra)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_superuser(self, email, password=None, **extra):  # type: ignore[override]
        extra.update(is_staff=True, is_superuser=True)
        return self.create_user(email, password, **extra)


class User(AbstractUser):
    """A person; signs in with an e-mail address."""

    email = models.EmailField(_("e-mail address"), unique=True)
    display_name = models.CharField(_("display name"), max_length=120, blank=True)
    language = models.CharField(
        _("preferred language"), max_length=8, choices=settings.LANGUAGES, default="en"
    )

    USERNAME_FIELD = "email"  # type: ignore[misc]
    REQUIRED_FIELDS: list[str] = []  # type: ignore[misc]
    objects = EmailUserManager()  # type: ignore[misc]
    _password: str | None  # AbstractBaseUser's: the raw password set_password() keeps until the save

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")

    def __str__(self) -> str:
        return self.display_name or self.email

    def save(self, *args, **kwargs):
        # set_password() keeps the new password in _password until the save; every way of changing it
        # (allauth's change and reset, the back office, `changepassword`) comes through here; a hash upgrade
        # at login does not.
        password_changed = self._password is not None and not self._state.adding
        super().save(*args, **kwargs)
        if password_changed:
            from accounts.services import password_changed as end_tokens_after_password_change

            end_tokens_after_password_change(self)


# Whoever a page or an endpoint serves: a signed-in person or an anonymous visitor (Django's request.user).
AnyUser: TypeAlias = User | AnonymousUser


def _public_profile() -> models.Q:
    return models.Q(status=Organisation.Status.APPROVED, public_profile=True)


class OrganisationQuerySet(RestrictedQuerySet):
    """Approved public profiles for everyone; members see their own; the operator sees all."""

    def for_anonymous(self, action: str) -> "OrganisationQuerySet":
        return self.filter(_public_profile()) if action == VIEW else self.none()

    def for_member(self, user, action: str) -> "OrganisationQuerySet":
        if action == VIEW:
            return self.filter(models.Q(memberships__user=user) | _public_profile()).distinct()
        # Changing: the organisations the person acts for (administrators and members; viewers only read).
        writing = Membership.objects.filter(user=user, role__in=Membership.WRITING_ROLES)
        return self.filter(pk__in=writing.values("organisation"))

    def of_member(self, user: AnyUser) -> "OrganisationQuerySet":
        """The organisations the person belongs to (their own, not all they may see: staff included)."""
        if not is_signed_in(user):
            return self.none()
        return self.filter(memberships__user=user)


class Organisation(models.Model):
    """A member of the exchange: a company, a university, a bank, a certifier, the operator …"""

    class Kind(models.TextChoices):
        COMPANY = "company", _("Company")
        UNIVERSITY = "university", _("University / technology-transfer office")
        STATE_OWNED = "state_owned", _("State-owned enterprise")
        RESEARCH_INSTITUTE = "research_institute", _("Research institute")
        BANK = "bank", _("Bank")
        INSURER = "insurer", _("Insurer")
        GUARANTOR = "guarantor", _("Guarantor")
        VALUER = "valuer", _("Valuer")
        LAW_FIRM = "law_firm", _("Law firm")
        CERTIFIER = "certifier", _("Certifier")
        DISPUTE_INSTITUTION = "dispute_institution", _("Arbitration / mediation institution")
        INVESTOR = "investor", _("Investor (family office, fund)")
        GOVERNMENT = "government", _("Government agency")
        OPERATOR = "operator", _("Platform operator")

    class Jurisdiction(models.TextChoices):
        MAINLAND = "CN", _("Mainland China")
        HONG_KONG = "HK", _("Hong Kong")
        MACAO = "MO", _("Macao")
        ELSEWHERE = "XX", _("Elsewhere")

    class Status(models.TextChoices):
        PENDING = "pending", _("Awaiting approval")
        APPROVED = "approved", _("Approved")
        REJECTED = "rejected", _("Rejected")

    name = models.CharField(_("name"), max_length=200)
    name_local = models.CharField(_("name in Chinese"), max_length=200, blank=True)
    slug = models.SlugField(_("short name"), max_length=80, unique=True)
    kind = models.CharField(_("type"), max_length=30, choices=Kind.choices)
    jurisdiction = models.CharField(_("jurisdiction"), max_length=2, choices=Jurisdiction.choices)
    country = models.CharField(_("country (ISO code)"), max_length=2, blank=True)
    registration_number = models.CharField(_("registration number"), max_length=80, blank=True)
    registration_document = models.FileField(
        _("registration document"), upload_to="organisations/registration/", blank=True
    )
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.PENDING)
    rejection_reason = models.TextField(_("reason for rejection"), blank=True)
    verified = models.BooleanField(_("verified"), default=False)
    verified_at = models.DateTimeField(_("verified at"), null=True, blank=True)
    public_profile = models.BooleanField(_("public profile"), default=True)
    website = models.URLField(_("website"), blank=True)
    description = models.TextField(_("description"), blank=True)
    franchise_areas = models.TextField(
        _("franchise areas"),
        blank=True,
        help_text=_("Therapeutic areas and technologies the organisation works in."),
    )
    is_demo = models.BooleanField(_("demo data"), default=False)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    objects = OrganisationQuerySet.as_manager()

    class Meta:
        verbose_name = _("organisation")
        verbose_name_plural = _("organisations")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    @property
    def can_publish(self) -> bool:
        return self.status == self.Status.APPROVED


class Membership(models.Model):
    class Role(models.TextChoices):
        ADMIN = "admin", _("Administrator")
        MEMBER = "member", _("Member")
        VIEWER = "viewer", _("Viewer")

    # Roles that act for the organisation (edit its records); viewers only read.
    WRITING_ROLES = (Role.ADMIN, Role.MEMBER)

    user = models.ForeignKey(
        User, verbose_name=_("person"), on_delete=models.CASCADE, related_name="memberships"
    )
    organisation = models.ForeignKey(
        Organisation, verbose_name=_("organisation"), on_delete=models.CASCADE, related_name="memberships"
    )
    role = models.CharField(_("role"), max_length=10, choices=Role.choices, default=Role.MEMBER)
    created_at = models.DateTimeField(_("joined at"), auto_now_add=True)

    class Meta:
        verbose_name = _("membership")
        verbose_name_plural = _("memberships")
        constraints = [
            models.UniqueConstraint(fields=["user", "organisation"], name="one_membership_per_org")
        ]

    def __str__(self) -> str:
        return f"{self.user} @ {self.organisation} ({self.role})"


def _invitation_token() -> str:
    return secrets.token_urlsafe(32)


class Invitation(models.Model):
    organisation = models.ForeignKey(
        Organisation, verbose_name=_("organisation"), on_delete=models.CASCADE, related_name="invitations"
    )
    email = models.EmailField(_("e-mail address"))
    role = models.CharField(
        _("role"), max_length=10, choices=Membership.Role.choices, default=Membership.Role.MEMBER
    )
    token = models.CharField(_("token"), max_length=64, unique=True, default=_invitation_token)
    invited_by = models.ForeignKey(User, verbose_name=_("invited by"), null=True, on_delete=models.SET_NULL)
    created_at = models.DateTimeField(_("sent at"), auto_now_add=True)
    expires_at = models.DateTimeField(_("expires at"))
    accepted_at = models.DateTimeField(_("accepted at"), null=True, blank=True)

    class Meta:
        verbose_name = _("invitation")
        verbose_name_plural = _("invitations")

    def __str__(self) -> str:
        return f"{self.email} → {self.organisation}"

    @property
    def is_open(self) -> bool:
        return self.accepted_at is None and self.expires_at > timezone.now()


class ApiTokenQuerySet(RestrictedQuerySet):
    staff_see_all = False  # the operator ends tokens in the back office, never through a member's pages

    def for_member(self, user, action: str) -> "ApiTokenQuerySet":
        """A token is its owner's alone: nobody else learns that it exists."""
        return self.filter(user=user)

    def active(self) -> "ApiTokenQuerySet":
        return self.filter(revoked_at__isnull=True, expires_at__gt=timezone.now())


class ApiToken(models.Model):
    """A personal API token; only its SHA-256 is stored, the token itself is shown once.

    It acts for its owner until it expires or ends (revoked by its owner or the operator, the owner's password
    changed, the owner left an organisation); a read-only token may only read.
    """

    class Scope(models.TextChoices):
        READ_ONLY = "read-only", _("Read only")
        READ_WRITE = "read-write", _("Read and write")

    class EndReason(models.TextChoices):
        REVOKED = "revoked", _("Revoked")
        PASSWORD_CHANGED = "password_changed", _("Password changed")
        LEFT_ORGANISATION = "left_organisation", _("Removed from an organisation")

    user = models.ForeignKey(
        User, verbose_name=_("person"), on_delete=models.CASCADE, related_name="api_tokens"
    )
    name = models.CharField(_("name"), max_length=80)
    prefix = models.CharField(_("prefix"), max_length=12)
    digest = models.CharField(_("digest"), max_length=64, unique=True)
    scope = models.CharField(_("scope"), max_length=12, choices=Scope.choices, default=Scope.READ_WRITE)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    expires_at = models.DateTimeField(_("expires at"))
    last_used_at = models.DateTimeField(_("last used at"), null=True, blank=True)
    revoked_at = models.DateTimeField(_("ended at"), null=True, blank=True)
    end_reason = models.CharField(_("why it ended"), max_length=20, choices=EndReason.choices, blank=True)

    objects = ApiTokenQuerySet.as_manager()

    class Meta:
        verbose_name = _("API token")
        verbose_name_plural = _("API tokens")
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.name} ({self.prefix}…)"

    @staticmethod
    def digest_of(token: str) -> str:
        return hashlib.sha256(token.encode()).hexdigest()

    @property
    def is_active(self) -> bool:
        return self.revoked_at is None and self.expires_at > timezone.now()

    @property
    def state(self) -> str:
        """What the owner sees: active, expired or why it ended."""
        if self.revoked_at is not None:
            return str(self.EndReason(self.end_reason).label) if self.end_reason else str(_("Revoked"))
        if self.expires_at <= timezone.now():
            return str(_("Expired"))
        return str(_("Active"))

    @property
    def read_only(self) -> bool:
        return self.scope == self.Scope.READ_ONLY
