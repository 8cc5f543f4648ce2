"""One hook keeps every search fresh: whatever path writes a record that a result shows (a service, the
back office, an importer saving row by row, a shell), the search follows.

Django's post_save / post_delete / m2m_changed signals on the models that feed results are connected here,
once, in this app's ready(); no caller has to remember to reindex. Each write names the assets, listings or
organisations whose results changed (`FEEDS`), and:

- the marketplace's postings (listings.indexing.index_listing) are rewritten inside the transaction of the
  write, so they commit or roll back with it, and the search generation moves with them: every worker
  process sees the new generation at commit and drops what it kept for the old one (rendered pages, facet
  bitsets, label tables);
- the registry's ranked index (matching) is refreshed by a task queued on commit
  (matching.services.schedule_index), since it re-encodes text; so is the marketplace's relevance order
  (listings.relevance.schedule: the engine's documents of the listings).

Bulk writes that send no signals (`bulk_create`, `QuerySet.update`) are the importers' and the benchmark's,
which queue the index themselves; `ipharbour matching rebuild` and `ipharbour listings reindex` repair
anything else.
"""

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django.apps import apps
from django.db.models.signals import m2m_changed, post_delete, post_save, pre_save


@dataclass
class Change:
    """What a write changed, as the search sees it."""

    assets: set[int] = field(default_factory=set)
    listings: set[int] = field(default_factory=set)
    organisations: set[int] = field(default_factory=set)
    labels: bool = False  # a facet value's name (an indication renamed)


def _ids(*values: int | None) -> set[int]:
    return {value for value in values if value is not None}


# The models whose rows show in results, and what a write to one changes.
FEEDS: dict[str, Callable[[Any], Change]] = {
    "assets.Asset": lambda asset: Change(assets=_ids(asset.pk)),
    "assets.AssetTranslation": lambda row: Change(assets=_ids(row.asset_id)),
    "assets.BiomedicalProfile": lambda row: Change(assets=_ids(row.asset_id)),
    "assets.Classification": lambda row: Change(assets=_ids(row.asset_id)),
    "assets.Indication": lambda _row: Change(labels=True),
    "accounts.Organisation": lambda org: Change(organisations=_ids(org.pk)),
    "listings.Listing": lambda listing: Change(listings=_ids(listing.pk)),
    "listings.ListingAsset": lambda row: Change(listings=_ids(row.listing_id)),
    "listings.ListingTranslation": lambda row: Change(listings=_ids(row.listing_id)),
    "certification.Attestation": lambda row: Change(assets=_ids(row.asset_id)),
}
# What an organisation shows in results: a change elsewhere (a login, a logo) leaves the search alone.
ORGANISATION_FIELDS = ("name", "name_local", "country", "jurisdiction")
# Fields the marketplace's indexing writes back onto a listing: saving only these changes no result.
DENORMALISED = frozenset({"modality", "phase", "indications", "seller_country"})


def apply(change: Change) -> None:
    """Bring both searches up to date with `change` (inside the writer's transaction)."""
    from assets.search import forget_labels
    from listings.indexing import bump_generation, index_listings, listings_of
    from listings.relevance import schedule as schedule_ranking
    from matching.services import schedule_index

    Asset = apps.get_model("assets", "Asset")
    if change.labels:
        forget_labels()  # this worker's facet names; the others' within assets.search.LABELS_FOR
    assets = set(change.assets)
    if change.organisations:
        owned = Asset.objects.filter(owner_id__in=change.organisations).values_list("pk", flat=True)
        assets |= set(owned)
    if assets:
        schedule_index(sorted(assets))  # on commit
    listings = set(change.listings) | listings_of(assets=assets, organisations=change.organisations)
    if listings:
        index_listings(sorted(listings))
        schedule_ranking(sorted(listings))  # on commit
    elif change.labels:
        bump_generation()


def _saved(
    sender: Any, instance: Any, created: bool = False, update_fields: Any = None, raw: bool = False, **_: Any
) -> None:
    if raw:  # loaddata: related rows may not be there yet; `ipharbour listings reindex` follows a load
        return
    if update_fields and sender._meta.label == "listings.Listing" and set(update_fields) <= DENORMALISED:
        return
    if sender._meta.label == "accounts.Organisation" and not created and not _renamed(instance):
        return
    apply(FEEDS[sender._meta.label](instance))


def _deleted(sender: Any, instance: Any, **_: Any) -> None:
    apply(FEEDS[sender._meta.label](instance))


def _before_organisation_saved(sender: Any, instance: Any, raw: bool = False, **_: Any) -> None:
    if instance.pk is None or raw:
        return
    before = sender.objects.filter(pk=instance.pk).values_list(*ORGANISATION_FIELDS).first()
    instance._search_before = before  # compared after the save (_renamed)


def _renamed(organisation: Any) -> bool:
    before = getattr(organisation, "_search_before", None)
    now = tuple(getattr(organisation, name) for name in ORGANISATION_FIELDS)
    return before is None or tuple(before) != now


def _indications_changed(
    sender: Any, instance: Any, action: str, reverse: bool, pk_set: Any, **_: Any
) -> None:
    if action not in {"post_add", "post_remove", "post_clear"}:
        return
    if reverse:  # an indication's profiles
        Profile = apps.get_model("assets", "BiomedicalProfile")
        owners = Profile.objects.filter(pk__in=pk_set or []).values_list("asset_id", flat=True)
        apply(Change(assets=set(owners)))
    else:
        apply(Change(assets=_ids(instance.asset_id)))


def connect() -> None:
    """Connect the hook to every model in FEEDS (once: dispatch_uid)."""
    for label in FEEDS:
        model = apps.get_model(label)
        post_save.connect(_saved, sender=model, dispatch_uid=f"search.saved.{label}")
        post_delete.connect(_deleted, sender=model, dispatch_uid=f"search.deleted.{label}")
    Organisation = apps.get_model("accounts", "Organisation")
    pre_save.connect(_before_organisation_saved, sender=Organisation, dispatch_uid="search.before.org")
    through = apps.get_model("assets", "BiomedicalProfile").indications.through
    m2m_changed.connect(_indications_changed, sender=through, dispatch_uid="search.indications")
