"""Needs: what an organisation seeks, in its own words and as structured criteria."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from accounts.models import AnyUser, Organisation
from core.access import CHANGE, RestrictedQuerySet
from core.languages import ORIGINAL_LANGUAGE_CHOICES
from core.money import CURRENCY_CHOICES
from core.validators import long_text


class NeedQuerySet(RestrictedQuerySet):
    def for_member(self, user, action: str) -> "NeedQuerySet":
        """The organisation's own needs; open needs shown to sellers for members of approved organisations
        (and all for staff). Changing is the organisation's own."""
        if action == CHANGE:
            return self.filter(organisation__in=Organisation.objects.restrict(user, CHANGE).values("pk"))
        orgs = Organisation.objects.of_member(user)
        if orgs.filter(status=Organisation.Status.APPROVED).exists():
            shown = Q(visibility=Need.Visibility.SELLERS, status=Need.Status.OPEN)
        else:
            shown = Q(pk__in=[])
        return self.filter(Q(organisation__in=orgs.values("pk")) | shown)

    def of_member(self, user: AnyUser) -> "NeedQuerySet":
        """The needs of the person's own organisations (staff included: their own, not everyone's)."""
        return self.filter(organisation__in=Organisation.objects.of_member(user).values("pk"))


class Need(models.Model):
    """What an organisation wants to in-license or acquire, written freely in any of the three languages."""

    class Visibility(models.TextChoices):
        PRIVATE = "private", _("Private to my organisation")
        SELLERS = "sellers", _("Visible to sellers")

    class Status(models.TextChoices):
        OPEN = "open", _("Open")
        CLOSED = "closed", _("Closed")

    organisation = models.ForeignKey(
        Organisation, verbose_name=_("organisation"), on_delete=models.CASCADE, related_name="needs"
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("created by"), null=True, on_delete=models.SET_NULL
    )
    title = models.CharField(_("title"), max_length=300)
    text = models.TextField(_("what we are looking for"), validators=[long_text])
    original_language = models.CharField(
        _("original language"), max_length=8, choices=ORIGINAL_LANGUAGE_CHOICES, default="en"
    )
    modalities = models.JSONField(_("modalities"), default=list, blank=True)
    indications = models.JSONField(_("indications"), default=list, blank=True)
    phase_min = models.PositiveSmallIntegerField(_("earliest phase"), null=True, blank=True)
    phase_max = models.PositiveSmallIntegerField(_("latest phase"), null=True, blank=True)
    territories = models.JSONField(_("territories"), default=list, blank=True)
    deal_types = models.JSONField(_("deal types"), default=list, blank=True)
    budget_currency = models.CharField(
        _("budget currency"), max_length=3, choices=CURRENCY_CHOICES, default="USD"
    )
    budget_min = models.DecimalField(_("budget from"), max_digits=18, decimal_places=2, null=True, blank=True)
    budget_max = models.DecimalField(_("budget to"), max_digits=18, decimal_places=2, null=True, blank=True)
    visibility = models.CharField(
        _("visibility"), max_length=10, choices=Visibility.choices, default=Visibility.PRIVATE
    )
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.OPEN)
    is_demo = models.BooleanField(_("demo data"), default=False)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    objects = NeedQuerySet.as_manager()

    class Meta:
        verbose_name = _("need")
        verbose_name_plural = _("needs")
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return self.title

    @property
    def phases(self) -> list[int]:
        """The phases in the stated range (the whole range when only one end is given)."""
        if self.phase_min is None and self.phase_max is None:
            return []
        low = self.phase_min if self.phase_min is not None else 0
        high = self.phase_max if self.phase_max is not None else 6
        return list(range(low, high + 1))
