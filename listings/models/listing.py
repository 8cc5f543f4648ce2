"""Listings: what a member offers, and the leads, consents and open licences around each one."""

from django.conf import settings
from django.core.validators import MaxLengthValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.models import AnyUser, Organisation
from assets.models import Asset, Encumbrance
from core.access import CHANGE, VIEW, RestrictedQuerySet
from core.languages import ORIGINAL_LANGUAGE_CHOICES
from core.money import CURRENCY_CHOICES
from core.validators import long_text, offer_date
from listings.choices import Corridor, DealType, PaymentMethod


def _member_orgs(user: AnyUser) -> models.QuerySet:
    return Organisation.objects.of_member(user).values("pk")


class ListingQuerySet(RestrictedQuerySet):
    """Listings on the market for everyone; the seller's own at every stage; those an organisation engaged
    with (a lead, an open licence) or holds a pledge on; all for staff. Changing is the seller's."""

    def public(self) -> "ListingQuerySet":
        """What anyone may see: listings on the market."""
        return self.filter(status__in=Listing.PUBLIC_STATUSES)

    def for_anonymous(self, action: str) -> "ListingQuerySet":
        return self.public() if action == VIEW else self.none()

    def for_member(self, user, action: str) -> "ListingQuerySet":
        if action == CHANGE:
            return self.filter(organisation__in=Organisation.objects.restrict(user, CHANGE).values("pk"))
        orgs = _member_orgs(user)
        public = Q(status__in=Listing.PUBLIC_STATUSES)
        engaged = Q(pk__in=Interest.objects.filter(organisation__in=orgs).values("listing")) | Q(
            pk__in=OpenLicenceGrant.objects.filter(organisation__in=orgs).values("listing")
        )
        # A pledgee must see an offer of its collateral, to consent or not.
        pledges = Encumbrance.objects.active_on(timezone.localdate()).filter(
            kind=Encumbrance.Kind.PLEDGE, holder_organisation__in=orgs
        )
        pledged = ListingAsset.objects.filter(asset__in=pledges.values("asset"))
        return self.filter(public | Q(organisation__in=orgs) | engaged | Q(pk__in=pledged.values("listing")))

    def of_seller(self, user: AnyUser) -> "ListingQuerySet":
        """The listings of the person's own organisations (staff included: their own, not everyone's)."""
        return self.filter(organisation__in=_member_orgs(user))


class Listing(models.Model):
    """An offer of one asset or a bundle (a portfolio; a patent with its know-how) on stated terms.

    The title and summary are the public teaser; `confidential_details` reaches only the seller, the
    operator and organisations whose interest the seller accepted.
    """

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        SUBMITTED = "submitted", _("Submitted for screening")
        REJECTED = "rejected", _("Rejected by the operator")
        PUBLISHED = "published", _("Published")
        UNDER_NEGOTIATION = "under_negotiation", _("Under negotiation")
        CLOSED = "closed", _("Closed")

    class Outcome(models.TextChoices):
        DEAL = "deal", _("Deal done")
        WITHDRAWN = "withdrawn", _("Withdrawn")
        EXPIRED = "expired", _("Expired")

    PUBLIC_STATUSES = (Status.PUBLISHED, Status.UNDER_NEGOTIATION)
    EDITABLE_STATUSES = (Status.DRAFT, Status.REJECTED)

    organisation = models.ForeignKey(
        Organisation, verbose_name=_("seller"), on_delete=models.PROTECT, related_name="listings"
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("created by"), null=True, on_delete=models.SET_NULL
    )
    assets: models.ManyToManyField = models.ManyToManyField(
        Asset, verbose_name=_("assets"), through="ListingAsset", related_name="listings"
    )
    title = models.CharField(_("headline"), max_length=300)
    summary = models.TextField(_("public teaser"), blank=True, validators=[long_text])
    confidential_details = models.TextField(
        _("confidential details"),
        blank=True,
        help_text=_("Shown only to organisations whose interest you accept."),
        validators=[long_text],
    )
    original_language = models.CharField(
        _("original language"), max_length=8, choices=ORIGINAL_LANGUAGE_CHOICES, default="en"
    )
    deal_type = models.CharField(_("deal type"), max_length=24, choices=DealType.choices)
    corridor = models.CharField(_("corridor"), max_length=24, choices=Corridor.choices, default=Corridor.ANY)
    territories = models.JSONField(
        _("territories"),
        default=list,
        blank=True,
        help_text=_("Country codes or ASEAN, GCC, BRI, EU, GBA; empty for worldwide."),
    )
    fields_of_use = models.JSONField(_("fields of use"), default=list, blank=True)
    currency = models.CharField(_("currency"), max_length=3, choices=CURRENCY_CHOICES, default="USD")
    upfront_min = models.DecimalField(
        _("upfront from"), max_digits=18, decimal_places=2, null=True, blank=True
    )
    upfront_max = models.DecimalField(_("upfront to"), max_digits=18, decimal_places=2, null=True, blank=True)
    royalty_min = models.DecimalField(
        _("royalty from (%)"), max_digits=6, decimal_places=3, null=True, blank=True
    )
    royalty_max = models.DecimalField(
        _("royalty to (%)"), max_digits=6, decimal_places=3, null=True, blank=True
    )
    # The open-licence declaration (Patent Law of the PRC Arts. 50-52): royalty standard and payment method.
    open_fee = models.DecimalField(
        _("open-licence fee"), max_digits=18, decimal_places=2, null=True, blank=True
    )
    open_royalty_rate = models.DecimalField(
        _("open-licence royalty (%)"), max_digits=6, decimal_places=3, null=True, blank=True
    )
    open_payment_method = models.CharField(
        _("payment method"), max_length=20, choices=PaymentMethod.choices, blank=True
    )
    open_terms = models.TextField(_("other terms of the open licence"), blank=True, validators=[long_text])
    evaluation_report_reference = models.CharField(
        _("patent evaluation report"),
        max_length=120,
        blank=True,
        help_text=_("Required to declare an open licence of a utility model or design."),
    )
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.DRAFT)
    outcome = models.CharField(_("outcome"), max_length=10, choices=Outcome.choices, blank=True)
    outcome_note = models.TextField(_("note on the outcome"), blank=True, validators=[long_text])
    expires_on = models.DateField(_("offer valid until"), null=True, blank=True, validators=[offer_date])
    screening = models.JSONField(_("screening results"), default=list, blank=True, editable=False)
    screened_at = models.DateTimeField(_("screened at"), null=True, blank=True)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("reviewed by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    rejection_reason = models.TextField(_("reason for rejection"), blank=True, validators=[long_text])
    submitted_at = models.DateTimeField(_("submitted at"), null=True, blank=True)
    published_at = models.DateTimeField(_("published at"), null=True, blank=True)
    closed_at = models.DateTimeField(_("closed at"), null=True, blank=True)
    # Denormalised from the main asset at publication, so that a results page needs no joins.
    modality = models.CharField(_("modality"), max_length=20, blank=True)
    phase = models.PositiveSmallIntegerField(_("development phase"), null=True, blank=True)
    indications = models.JSONField(_("indications"), default=list, blank=True)
    seller_country = models.CharField(_("seller country"), max_length=2, blank=True)
    is_demo = models.BooleanField(_("demo data"), default=False)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    objects = ListingQuerySet.as_manager()

    class Meta:
        verbose_name = _("listing")
        verbose_name_plural = _("listings")
        ordering = ["-published_at", "-id"]
        indexes = [
            models.Index(fields=["status", "expires_on"]),
            models.Index(fields=["organisation", "status"]),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def is_public(self) -> bool:
        return self.status in self.PUBLIC_STATUSES

    @property
    def is_editable(self) -> bool:
        return self.status in self.EDITABLE_STATUSES


class ListingAsset(models.Model):
    """One asset of a listing; the first (lowest position) is the main one."""

    class Role(models.TextChoices):
        MAIN = "main", _("Main asset")
        PORTFOLIO = "portfolio", _("Portfolio member")
        KNOW_HOW = "know_how", _("Know-how package")

    listing = models.ForeignKey(
        Listing, verbose_name=_("listing"), on_delete=models.CASCADE, related_name="items"
    )
    asset = models.ForeignKey(
        Asset, verbose_name=_("asset"), on_delete=models.PROTECT, related_name="listing_items"
    )
    role = models.CharField(_("role"), max_length=10, choices=Role.choices, default=Role.MAIN)
    position = models.PositiveSmallIntegerField(_("position"), default=0)

    class Meta:
        verbose_name = _("listed asset")
        verbose_name_plural = _("listed assets")
        ordering = ["position", "id"]
        constraints = [models.UniqueConstraint(fields=["listing", "asset"], name="listing_asset_once")]

    def __str__(self) -> str:
        return f"{self.listing_id}: {self.asset_id} ({self.role})"


class InterestQuerySet(RestrictedQuerySet):
    def for_member(self, user, action: str) -> "InterestQuerySet":
        """A lead is seen by the seller's and the buyer's members (and the operator)."""
        orgs = _member_orgs(user)
        return self.filter(Q(organisation__in=orgs) | Q(listing__organisation__in=orgs))


class Interest(models.Model):
    """A lead: an organisation expressed interest in a listing; the seller accepts or declines it."""

    class Status(models.TextChoices):
        PENDING = "pending", _("Awaiting the seller")
        ACCEPTED = "accepted", _("Accepted")
        DECLINED = "declined", _("Declined")

    listing = models.ForeignKey(
        Listing, verbose_name=_("listing"), on_delete=models.CASCADE, related_name="interests"
    )
    organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("interested organisation"),
        on_delete=models.CASCADE,
        related_name="interests",
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("sent by"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    message = models.TextField(_("message"), blank=True, validators=[MaxLengthValidator(5000)])
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.PENDING)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("decided by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)
    decision_note = models.TextField(
        _("note to the buyer"), blank=True, validators=[MaxLengthValidator(2000)]
    )
    created_at = models.DateTimeField(_("sent at"), auto_now_add=True)

    objects = InterestQuerySet.as_manager()

    class Meta:
        verbose_name = _("expression of interest")
        verbose_name_plural = _("expressions of interest")
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["listing", "organisation"], name="one_interest_per_org")
        ]

    def __str__(self) -> str:
        return f"{self.organisation} → {self.listing}"


class PledgeeConsent(models.Model):
    """The pledgee's consent to offer a pledged asset, given by the pledgee's member or recorded by staff."""

    listing = models.ForeignKey(
        Listing, verbose_name=_("listing"), on_delete=models.CASCADE, related_name="consents"
    )
    encumbrance = models.ForeignKey(
        Encumbrance, verbose_name=_("pledge"), on_delete=models.CASCADE, related_name="listing_consents"
    )
    given_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("recorded by"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    reference = models.CharField(_("reference of the consent"), max_length=200, blank=True)
    created_at = models.DateTimeField(_("given at"), auto_now_add=True)

    class Meta:
        verbose_name = _("pledgee consent")
        verbose_name_plural = _("pledgee consents")
        constraints = [
            models.UniqueConstraint(fields=["listing", "encumbrance"], name="one_consent_per_pledge")
        ]

    def __str__(self) -> str:
        return f"{self.encumbrance} consents to {self.listing}"


class OpenLicenceGrantQuerySet(RestrictedQuerySet):
    def for_member(self, user, action: str) -> "OpenLicenceGrantQuerySet":
        """A grant is seen by the patentee's and the licensee's members (and the operator)."""
        orgs = _member_orgs(user)
        return self.filter(Q(organisation__in=orgs) | Q(listing__organisation__in=orgs))


class OpenLicenceGrant(models.Model):
    """A non-exclusive licence taken under an open-licence declaration: notified, paid, recorded."""

    listing = models.ForeignKey(
        Listing, verbose_name=_("open licence"), on_delete=models.PROTECT, related_name="licence_grants"
    )
    organisation = models.ForeignKey(
        Organisation, verbose_name=_("licensee"), on_delete=models.PROTECT, related_name="open_licences"
    )
    taken_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("notified by"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    fee_paid = models.DecimalField(_("fee paid"), max_digits=18, decimal_places=2, default=0)
    currency = models.CharField(_("currency"), max_length=3, choices=CURRENCY_CHOICES)
    royalty_rate = models.DecimalField(
        _("royalty (%)"), max_digits=6, decimal_places=3, null=True, blank=True
    )
    payment_method = models.CharField(
        _("payment method"), max_length=20, choices=PaymentMethod.choices, blank=True
    )
    payment_reference = models.CharField(_("payment reference"), max_length=120)
    encumbrances = models.ManyToManyField(Encumbrance, verbose_name=_("recorded licences"), related_name="+")
    created_at = models.DateTimeField(_("granted at"), auto_now_add=True)

    objects = OpenLicenceGrantQuerySet.as_manager()

    class Meta:
        verbose_name = _("open-licence grant")
        verbose_name_plural = _("open-licence grants")
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["listing", "organisation"], name="one_open_licence_per_org")
        ]

    def __str__(self) -> str:
        return f"{self.organisation} under {self.listing}"
