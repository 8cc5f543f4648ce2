"""The deal room and its members: the seller's and the buyer's people, and advisers either side invites."""

from django.conf import settings
from django.db import models
from django.db.models import Exists, OuterRef
from django.utils.translation import gettext_lazy as _

from accounts.models import Organisation, User
from core.access import CHANGE, RestrictedQuerySet
from core.money import CURRENCY_CHOICES
from listings.choices import DealType


class Side(models.TextChoices):
    SELLER = "seller", _("Seller (licensor)")
    BUYER = "buyer", _("Buyer (licensee)")


def membership_of(user: User, room_ref: str = "room") -> Exists:
    """Whether the user is a member of the room the outer row belongs to (`room_ref` names its field)."""
    return Exists(RoomMember.objects.filter(room=OuterRef(room_ref), user=user))


def acting_membership_of(user: User, room_ref: str = "room") -> Exists:
    """Whether the user is a member of that room with a role that acts (observers only read)."""
    members = RoomMember.objects.filter(room=OuterRef(room_ref), user=user)
    return Exists(members.exclude(role=RoomMember.Role.OBSERVER))


class DealRoomQuerySet(RestrictedQuerySet):
    def for_member(self, user, action):
        """Only the room's members see it; observers may not act in it."""
        if action == CHANGE:
            return self.filter(acting_membership_of(user, "pk"))
        return self.filter(membership_of(user, "pk"))


class RoomChildQuerySet(RestrictedQuerySet):
    """The rule of everything that belongs to a room (its `room` field): the room's members only."""

    def for_member(self, user, action):
        if action == CHANGE:
            return self.filter(acting_membership_of(user))
        return self.filter(membership_of(user))


class DealRoom(models.Model):
    """A private room where a seller and a buyer go from first interest to a signed, recorded deal."""

    class Status(models.TextChoices):
        OPEN = "open", _("Open")
        PAUSED = "paused", _("Paused")
        CLOSED = "closed", _("Closed without a deal")
        SIGNED = "signed", _("Signed")

    title = models.CharField(_("title"), max_length=300)
    seller = models.ForeignKey(
        Organisation, verbose_name=_("seller"), on_delete=models.PROTECT, related_name="rooms_selling"
    )
    buyer = models.ForeignKey(
        Organisation, verbose_name=_("buyer"), on_delete=models.PROTECT, related_name="rooms_buying"
    )
    listing = models.ForeignKey(
        "listings.Listing",
        verbose_name=_("listing"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="deal_rooms",
    )
    interest = models.OneToOneField(
        "listings.Interest",
        verbose_name=_("lead"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="deal_room",
    )
    deal_type = models.CharField(_("deal type"), max_length=24, choices=DealType.choices)
    currency = models.CharField(_("currency"), max_length=3, choices=CURRENCY_CHOICES, default="USD")
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.OPEN)
    valuation_model = models.JSONField(
        _("drug model for valuing term sheets"),
        default=dict,
        blank=True,
        help_text=_("A full rNPV drug model (as in valuation); each term-sheet version is valued on it."),
    )
    nda_signed_at = models.DateTimeField(_("NDA signed by both sides at"), null=True, blank=True)
    signed_at = models.DateTimeField(_("agreement signed at"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("opened by"), null=True, on_delete=models.SET_NULL
    )
    is_demo = models.BooleanField(_("demo data"), default=False)
    created_at = models.DateTimeField(_("opened at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    objects = DealRoomQuerySet.as_manager()

    class Meta:
        verbose_name = _("deal room")
        verbose_name_plural = _("deal rooms")
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return self.title

    def clean(self) -> None:
        from django.core.exceptions import ValidationError

        if self.seller_id and self.seller_id == self.buyer_id:
            raise ValidationError(_("The seller and the buyer must be different organisations."))

    @property
    def is_active(self) -> bool:
        return self.status == self.Status.OPEN

    @property
    def nda_complete(self) -> bool:
        return self.nda_signed_at is not None

    def organisation_of(self, side: str) -> Organisation:
        return self.seller if side == Side.SELLER else self.buyer


class RoomMember(models.Model):
    """A person in a room, on one side, with a role; an adviser belongs to an organisation a side invited."""

    class Role(models.TextChoices):
        LEAD = "lead", _("Deal lead")
        SIGNATORY = "signatory", _("Authorised signatory")
        CLEAN_TEAM = "clean_team", _("Clean-team member")
        OBSERVER = "observer", _("Observer")

    room = models.ForeignKey(
        DealRoom, verbose_name=_("room"), on_delete=models.CASCADE, related_name="members"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("person"),
        on_delete=models.CASCADE,
        related_name="deal_seats",
    )
    organisation = models.ForeignKey(
        Organisation, verbose_name=_("organisation"), on_delete=models.PROTECT, related_name="+"
    )
    side = models.CharField(_("side"), max_length=6, choices=Side.choices)
    role = models.CharField(_("role"), max_length=10, choices=Role.choices, default=Role.LEAD)
    is_adviser = models.BooleanField(_("adviser"), default=False)
    added_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("added by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(_("added at"), auto_now_add=True)

    objects = RoomChildQuerySet.as_manager()

    class Meta:
        verbose_name = _("room member")
        verbose_name_plural = _("room members")
        ordering = ["side", "role", "id"]
        constraints = [models.UniqueConstraint(fields=["room", "user"], name="one_seat_per_person")]

    def __str__(self) -> str:
        return f"{self.user} ({self.side}, {self.role})"
