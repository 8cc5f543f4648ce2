"""Keeping the listing search postings (models.search) in step with the market."""

import re
import time
from collections.abc import Iterable
from datetime import datetime

from django.db import connection, transaction
from django.db.models import F

from assets.models import Asset, Indication
from core.languages import fold
from listings import territories
from listings.models import Listing, ListingKey, SearchChange, SearchState

MAX_KEY = 64
MAX_TERMS = 200
_TOKEN = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]+|[a-z0-9]+")
_CJK = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]")
STOPWORDS = frozenset(
    {"a", "an", "and", "are", "as", "at", "be", "by", "for", "from", "in", "into", "is", "it", "its"}
    | {"of", "on", "or", "the", "this", "to", "with"}
)


def _stem(word: str) -> str:
    # Plural folding only, so that "inhibitors" finds "inhibitor"; a stemmer would change too much.
    if len(word) > 4 and word.endswith("ies"):
        return word[:-3] + "y"
    if len(word) > 3 and word.endswith("s") and not word.endswith(("ss", "us", "is")):
        return word[:-1]
    return word


def words(text: str) -> list[str]:
    """Search terms of a text: folded Latin words and Chinese bigrams (single characters stand alone)."""
    out: list[str] = []
    for run in _TOKEN.findall(fold(text)):
        if _CJK.match(run):
            out.extend([run] if len(run) == 1 else [run[i : i + 2] for i in range(len(run) - 1)])
        elif run not in STOPWORDS and (len(run) > 1 or run.isdigit()):
            out.append(_stem(run))
    return list(dict.fromkeys(out))


def sort_key(moment: datetime | None) -> int:
    return int(moment.timestamp() * 1_000_000) if moment else 0


def indication_names() -> dict[str, list[str]]:
    return {i.code: [i.name_en, i.name_zh_hant, i.name_zh_hans] for i in Indication.objects.all()}


def listing_text(
    listing: Listing, assets: list[Asset], names: dict[str, list[str]], *, translated: bool = True
) -> str:
    """The public words of a listing: its teaser (and the seller's translations of it), seller and public
    assets; never the confidential part."""
    parts = [listing.title, listing.summary, " ".join(listing.fields_of_use)]
    if translated:  # the benchmark's seeded listings have none, and a query each would be its cost
        parts += [text for t in listing.translations.all() for text in (t.title, t.summary)]
    parts += [listing.organisation.name, listing.organisation.name_local]
    for asset in public_assets(assets):
        parts += [asset.number, asset.title, *(t.title for t in asset.translations.all())]
        profile = getattr(asset, "biomedical", None)
        if profile is not None:
            parts += [profile.drug_name, profile.inn, " ".join(map(str, profile.targets))]
    for code in listing.indications:
        parts += names.get(code, [])
    return " ".join(p for p in parts if p)


def facet_keys(listing: Listing, table: dict | None = None) -> set[str]:
    # One corridor key per listing, so that the corridor counts add up to the listings counted; a search
    # for one direction also takes the listings open to either (search.conditions).
    keys = {"all", f"d:{listing.deal_type}", f"c:{listing.corridor}"}
    keys |= {f"r:{code}" for code in territories.index_codes(listing.territories, table)}
    keys |= {f"i:{code}" for code in listing.indications}
    if listing.modality:
        keys.add(f"m:{listing.modality}")
    if listing.phase is not None:
        keys.add(f"p:{listing.phase}")
    if listing.seller_country:
        keys.add(f"s:{listing.seller_country}")
    return keys


def keys_of(listing: Listing, text: str, table: dict | None = None) -> set[str]:
    from listings.glossary import concepts, english_words

    found = words(text)[:MAX_TERMS]
    found += [w for w in english_words(text) if w not in found]
    terms = {f"t:{w}"[:MAX_KEY] for w in found}
    terms |= {concept_key(term) for term in concepts(text, set(found))}
    return facet_keys(listing, table) | terms


def concept_key(term: str) -> str:
    # A word key ("t:") to the postings and their caches, which load word keys lazily; "=" never occurs
    # in a word, so a concept key cannot collide with one.
    return f"t:={term}"[:MAX_KEY]


def query_keys(text: str) -> list[str]:
    """The keys a query's words ask for: Latin words as `t:` keys, Chinese glossary terms as concept
    keys (so that 双特异性抗体 finds "bispecific antibody"), other Chinese characters as bigrams."""
    from matching.text import split_chinese

    keys: list[str] = []
    for run in _TOKEN.findall(fold(text)):
        if not _CJK.match(run):
            keys += [f"t:{w}" for w in words(run)]
            continue
        terms, rest = split_chinese(run)
        keys += [concept_key(term) for term in terms]
        keys += [f"t:{w}" for piece in rest for w in words(piece)]
    return [key[:MAX_KEY] for key in dict.fromkeys(keys)]


CHANGES_KEPT = 10_000  # generations of the change log kept; a worker further behind reloads


def bump_generation(listing_id: int = 0) -> int:
    """Tell every worker that counts and facets changed (after this transaction commits): listing_id is the
    listing whose postings changed, 0 for a bulk change."""
    if not SearchState.objects.filter(pk=1).update(generation=F("generation") + 1):
        # The first generation is taken from the clock, so that a restored or recreated database never
        # repeats a generation that a worker (or the cache) already holds for other content.
        SearchState.objects.create(pk=1, generation=int(time.time() * 1000) * 1000)
    generation = current_generation()
    SearchChange.objects.create(generation=generation, listing_id=listing_id)
    if generation % 1000 == 0:
        SearchChange.objects.filter(generation__lt=generation - CHANGES_KEPT).delete()
    return generation


def current_generation() -> int:
    """The search generation (read on every search request, hence one plain query)."""
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT generation FROM {SearchState._meta.db_table} WHERE id = 1")  # noqa: S608
        row = cursor.fetchone()
    return row[0] if row else 0


def public_assets(assets: Iterable[Asset]) -> list[Asset]:
    """The assets of a listing whose facts may be shown to anyone: the rest are named only by kind."""
    return [asset for asset in assets if asset.visibility == Asset.Visibility.PUBLIC]


def denormalise(listing: Listing, assets: list[Asset]) -> None:
    """Copy the main public asset's profile, the public assets' indications and the seller's country onto
    the listing for results pages, facets and search. These fields are public, so a confidential asset's
    profile never feeds them."""
    assets = public_assets(assets)
    main = next((a for a in assets if getattr(a, "biomedical", None) is not None), None)
    profile = getattr(main, "biomedical", None) if main else None
    listing.modality = profile.modality if profile else ""
    listing.phase = profile.phase if profile else None
    codes: list[str] = []
    for asset in assets:
        if getattr(asset, "biomedical", None) is not None:
            codes += [
                c for c in asset.biomedical.indications.values_list("code", flat=True) if c not in codes
            ]
    listing.indications = codes
    org = listing.organisation
    listing.seller_country = (org.country or org.jurisdiction or "")[:2].upper()


def assets_of(listing: Listing) -> list[Asset]:
    return [
        item.asset
        for item in listing.items.select_related("asset", "asset__biomedical").prefetch_related(
            "asset__translations"
        )
    ]


@transaction.atomic
def index_listing(listing: Listing) -> None:
    """Postings for a listing on the market; none for one off it. Refreshes the denormalised fields, and
    moves the search generation when what the market shows changed (not for a draft's edits)."""
    assets = assets_of(listing)
    denormalise(listing, assets)
    Listing.objects.filter(pk=listing.pk).update(
        modality=listing.modality,
        phase=listing.phase,
        indications=listing.indications,
        seller_country=listing.seller_country,
    )
    removed, _kinds = ListingKey.objects.filter(listing=listing).delete()
    if listing.is_public:
        text = listing_text(listing, assets, indication_names())
        sort = sort_key(listing.published_at)
        rows = [ListingKey(listing=listing, key=key, sort=sort) for key in sorted(keys_of(listing, text))]
        ListingKey.objects.bulk_create(rows)
    if removed or listing.is_public:
        bump_generation(listing.pk)


def index_listings(listing_ids: list[int]) -> None:
    """Index these listings as they are now; one that no longer exists leaves the market."""
    found = Listing.objects.filter(pk__in=listing_ids).select_related("organisation").in_bulk()
    for listing_id in listing_ids:
        if listing_id in found:
            index_listing(found[listing_id])
        else:
            ListingKey.objects.filter(listing_id=listing_id).delete()
            bump_generation(listing_id)


def listings_of(*, assets: Iterable[int] = (), organisations: Iterable[int] = ()) -> set[int]:
    """The listings that show these assets or are offered by these organisations."""
    assets, organisations = list(assets), list(organisations)
    found: set[int] = set()
    if assets:
        found |= set(Listing.objects.filter(items__asset_id__in=assets).values_list("pk", flat=True))
    if organisations:
        found |= set(Listing.objects.filter(organisation_id__in=organisations).values_list("pk", flat=True))
    return found


def _insert_postings(rows: list[tuple[int, str, int]]) -> None:
    # Plain executemany: at benchmark and reindex scale the ORM's per-row model instances cost more than
    # the database does. Sorting by key keeps the index inserts local.
    rows.sort(key=lambda row: (row[1], row[2]))
    table = ListingKey._meta.db_table
    with connection.cursor() as cursor:
        cursor.executemany(f"INSERT INTO {table} (listing_id, key, sort) VALUES (%s, %s, %s)", rows)  # noqa: S608


def index_many(listings: Iterable[Listing], *, batch_size: int = 200_000, with_assets: bool = True) -> int:
    """Bulk postings for listings already denormalised (the reindex command and the benchmark, which
    seeds listings without assets)."""
    names, table = indication_names(), territories.group_table()
    rows: list[tuple[int, str, int]] = []
    count = 0
    for listing in listings:
        count += 1
        if not listing.is_public:
            continue
        assets = assets_of(listing) if with_assets else []
        text = listing_text(listing, assets, names, translated=with_assets)
        sort = sort_key(listing.published_at)
        rows += [(listing.pk, key, sort) for key in keys_of(listing, text, table)]
        if len(rows) >= batch_size:
            _insert_postings(rows)
            rows = []
    _insert_postings(rows)
    bump_generation()
    return count


def rebuild() -> int:
    """Drop and rebuild every posting from the listings (after a vocabulary or grouping change)."""
    with transaction.atomic():
        ListingKey.objects.all().delete()
        for listing in Listing.objects.select_related("organisation").iterator(chunk_size=500):
            assets = assets_of(listing)
            denormalise(listing, assets)
            listing.save(update_fields=["modality", "phase", "indications", "seller_country"])
        public = Listing.objects.public().select_related("organisation").iterator(chunk_size=500)
        return index_many(public)
