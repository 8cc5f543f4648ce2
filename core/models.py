"""The append-only event journal that every domain writes its state changes to, operator figure settings,
and the searches members save."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from core.access import RestrictedQuerySet


class Event(models.Model):
    """One state change of one domain object. Rows are only ever inserted."""

    created_at = models.DateTimeField(_("recorded at"), auto_now_add=True, db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("actor"), null=True, blank=True, on_delete=models.SET_NULL
    )
    subject_type = models.CharField(_("subject type"), max_length=60)
    subject_id = models.CharField(_("subject id"), max_length=64)
    kind = models.CharField(_("kind"), max_length=80)
    data = models.JSONField(_("data"), default=dict, blank=True)

    class Meta:
        verbose_name = _("event")
        verbose_name_plural = _("events")
        indexes = [models.Index(fields=["subject_type", "subject_id"])]
        ordering = ["-id"]

    def __str__(self) -> str:
        return f"{self.subject_type}:{self.subject_id} {self.kind}"


class FigureSetting(models.Model):
    """An operator's override of a published default figure (see core.figures)."""

    key = models.CharField(_("figure key"), max_length=200, unique=True)
    value = models.JSONField(_("value"))
    source = models.CharField(_("source"), max_length=500)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        verbose_name = _("figure setting")
        verbose_name_plural = _("figure settings")

    def __str__(self) -> str:
        return self.key


class SavedSearchQuerySet(RestrictedQuerySet):
    staff_see_all = False  # the operator too sees only their own

    def for_member(self, user, action: str) -> "SavedSearchQuerySet":
        # A saved search is its owner's alone.
        return self.filter(user=user)


class SavedSearch(models.Model):
    """A results page a member keeps to come back to: the page's path and its query string."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("member"),
        on_delete=models.CASCADE,
        related_name="saved_searches",
    )
    label = models.CharField(_("name"), max_length=200)
    path = models.CharField(_("page"), max_length=200)
    query = models.CharField(_("query string"), max_length=2000, blank=True)
    created_at = models.DateTimeField(_("saved at"), auto_now_add=True)

    objects = SavedSearchQuerySet.as_manager()

    class Meta:
        verbose_name = _("saved search")
        verbose_name_plural = _("saved searches")
        ordering = ["-id"]
        constraints = [
            models.UniqueConstraint(fields=["user", "path", "query"], name="one_saved_search_per_query")
        ]

    def __str__(self) -> str:
        return self.label

    @property
    def url(self) -> str:
        return f"{self.path}?{self.query}" if self.query else self.path
