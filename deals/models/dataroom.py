"""The data room: documents per disclosure tier, and the log of every view and download."""

from django.conf import settings
from django.db import models
from django.db.models import Exists, OuterRef, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.access import CHANGE, RestrictedQuerySet
from deals.models.room import DealRoom, RoomMember, Side


class Tier(models.TextChoices):
    TEASER = "teaser", _("Teaser (public)")
    NON_CONFIDENTIAL = "non_confidential", _("Non-confidential")
    CONFIDENTIAL = "confidential", _("Confidential (after the NDA)")
    CLEAN_TEAM = "clean_team", _("Clean team (named people only)")


class DocumentQuerySet(RestrictedQuerySet):
    def for_member(self, user, action):
        """The disclosing side sees its own documents; the other side sees open tiers, confidential ones once
        both sides signed the NDA, clean-team ones only as a named clean-team member; never what was revoked
        or has expired."""
        seats = RoomMember.objects.filter(room=OuterRef("room"), user=user)
        own_side = Exists(seats.filter(side=OuterRef("side")))
        if action == CHANGE:
            return self.filter(
                Exists(seats.filter(side=OuterRef("side")).exclude(role=RoomMember.Role.OBSERVER))
            )
        signed = Q(room__nda_signed_at__isnull=False)
        clean_team = Exists(seats.filter(role=RoomMember.Role.CLEAN_TEAM))
        tiers = (
            Q(tier__in=[Tier.TEASER, Tier.NON_CONFIDENTIAL])
            | (Q(tier=Tier.CONFIDENTIAL) & signed)
            | (Q(tier=Tier.CLEAN_TEAM) & signed & clean_team)
        )
        live = Q(revoked_at__isnull=True) & (Q(expires_at__isnull=True) | Q(expires_at__gt=timezone.now()))
        return self.filter(Exists(seats)).filter(own_side | (tiers & live))


class Document(models.Model):
    """A file one side discloses in the room, in one tier; PDFs are handed out watermarked per viewer."""

    room = models.ForeignKey(
        DealRoom, verbose_name=_("room"), on_delete=models.CASCADE, related_name="documents"
    )
    side = models.CharField(_("disclosed by"), max_length=6, choices=Side.choices)
    tier = models.CharField(_("tier"), max_length=20, choices=Tier.choices)
    folder = models.CharField(_("folder"), max_length=120, blank=True)
    title = models.CharField(_("title"), max_length=300)
    file = models.FileField(_("file"), upload_to="deals/documents/%Y/%m/")
    filename = models.CharField(_("file name"), max_length=255)
    content_type = models.CharField(_("content type"), max_length=100)
    size = models.PositiveIntegerField(_("size (bytes)"))
    sha256 = models.CharField(_("SHA-256"), max_length=64)
    view_only = models.BooleanField(
        _("view only"), default=False, help_text=_("Shown in the browser; not offered as a download.")
    )
    expires_at = models.DateTimeField(_("access ends at"), null=True, blank=True)
    revoked_at = models.DateTimeField(_("revoked at"), null=True, blank=True)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("uploaded by"), null=True, on_delete=models.SET_NULL
    )
    created_at = models.DateTimeField(_("uploaded at"), auto_now_add=True)

    objects = DocumentQuerySet.as_manager()

    class Meta:
        verbose_name = _("data-room document")
        verbose_name_plural = _("data-room documents")
        ordering = ["tier", "folder", "title", "id"]

    def __str__(self) -> str:
        return self.title


class AccessLogQuerySet(RestrictedQuerySet):
    def for_member(self, user, action):
        """The disclosing side reads who opened its documents; nobody edits the log."""
        if action == CHANGE:
            return self.none()
        seats = RoomMember.objects.filter(room=OuterRef("document__room"), user=user)
        return self.filter(Exists(seats.filter(side=OuterRef("document__side"))))


class AccessLog(models.Model):
    """One view or download of a document, by whom, for which organisation, when."""

    class Action(models.TextChoices):
        VIEW = "view", _("Viewed")
        DOWNLOAD = "download", _("Downloaded")

    document = models.ForeignKey(
        Document, verbose_name=_("document"), on_delete=models.CASCADE, related_name="accesses"
    )
    user = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("person"), on_delete=models.PROTECT)
    organisation_name = models.CharField(_("organisation"), max_length=200)
    action = models.CharField(_("action"), max_length=10, choices=Action.choices)
    at = models.DateTimeField(_("at"), auto_now_add=True)

    objects = AccessLogQuerySet.as_manager()

    class Meta:
        verbose_name = _("data-room access")
        verbose_name_plural = _("data-room accesses")
        ordering = ["-at", "-id"]

    def __str__(self) -> str:
        return f"{self.user} {self.action} {self.document_id}"
