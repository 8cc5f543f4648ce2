"""The public search index of listings: postings of (key, listing) kept beside the listings themselves.

A key is a facet value ("d:exclusive_licence", "r:SG", "i:nsclc") or a folded word or Chinese bigram
("t:kras", "t:肺癌"); "all" holds every public listing. A search intersects postings, walking the most
selective key in publication order, so a page costs the same at 1,000 or 1,000,000 listings. The same
tables and queries run on SQLite and PostgreSQL.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _

from listings.models.listing import Listing


class ListingKey(models.Model):
    listing = models.ForeignKey(
        Listing, verbose_name=_("listing"), on_delete=models.CASCADE, related_name="+"
    )
    key = models.CharField(_("key"), max_length=64)
    # Publication order (microseconds since the epoch): newest first, ties broken by listing id.
    sort = models.BigIntegerField(_("order"))

    class Meta:
        verbose_name = _("search posting")
        verbose_name_plural = _("search postings")
        constraints = [models.UniqueConstraint(fields=["key", "listing"], name="listing_key_once")]
        indexes = [
            models.Index(fields=["key", "-sort", "-listing"], name="listing_key_walk"),
        ]

    def __str__(self) -> str:
        return f"{self.key} → {self.listing_id}"


class SearchState(models.Model):
    """One row: the search generation, bumped whenever a listing enters, changes on, or leaves the market;
    cached counts and facets are keyed by it, so that every worker sees the change at once."""

    generation = models.BigIntegerField(_("generation"), default=0)

    class Meta:
        verbose_name = _("search state")
        verbose_name_plural = _("search state")

    def __str__(self) -> str:
        return str(self.generation)


class SearchChange(models.Model):
    """Which listing's postings changed in which generation, so that each worker brings its in-memory
    facet index up to date by reading only those (listing 0 means "everything changed": reload)."""

    generation = models.BigIntegerField(_("generation"), db_index=True)
    listing_id = models.BigIntegerField(_("listing"))

    class Meta:
        verbose_name = _("search change")
        verbose_name_plural = _("search changes")

    def __str__(self) -> str:
        return f"{self.generation}: {self.listing_id}"
