"""Public listing search: words and facet filters, keyset pages, cached counts and facets.

Every query walks the postings of its most selective key in publication order and checks the others by
index lookups, stopping after one page; counts and facets are computed once per search generation and
filter set, then served from the cache. Only listings on the market are ever indexed.
"""

import base64
import hashlib
import re
from dataclasses import dataclass, field
from typing import Any

from django.core.cache import cache
from django.db.models import Count, Exists, OuterRef, Q, QuerySet
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from assets.models import BiomedicalProfile, Indication
from core.errors import InvalidInput
from listings import territories
from listings.choices import Corridor, DealType
from listings.indexing import current_generation, words
from listings.models import Listing, ListingKey

FACETS: dict[str, Any] = {
    "deal_type": gettext_lazy("Deal type"),
    "corridor": gettext_lazy("Corridor"),
    "territory": gettext_lazy("Territory"),
    "modality": gettext_lazy("Modality"),
    "phase": gettext_lazy("Phase"),
    "indication": gettext_lazy("Indication"),
    "seller_country": gettext_lazy("Seller country"),
}
PREFIX = {
    "deal_type": "d",
    "corridor": "c",
    "territory": "r",
    "modality": "m",
    "phase": "p",
    "indication": "i",
    "seller_country": "s",
}
MAX_TERMS = 8
MAX_PER_PAGE = 100
FACET_VALUES = 25
SELECTIVITY_PROBE = 5000  # postings counted at most when choosing the key to walk
CACHE_SECONDS = 600
_SLUG = re.compile(r"^[a-z0-9-]{1,60}$")
_COUNTRY = re.compile(r"^[A-Z]{2}$")


@dataclass
class SearchResult:
    listings: list[Listing]
    total: int
    next_cursor: str = ""
    facets: dict[str, list[dict[str, Any]]] = field(default_factory=dict)


def _check_value(name: str, value: str) -> str:
    valid = {
        "deal_type": lambda v: v in DealType.values,
        "corridor": lambda v: v in Corridor.values,
        "modality": lambda v: v in BiomedicalProfile.Modality.values,
        "phase": lambda v: v.isdigit() and int(v) in BiomedicalProfile.Phase.values,
        "indication": lambda v: bool(_SLUG.match(v)),
        "seller_country": lambda v: bool(_COUNTRY.match(v)),
    }
    if name == "territory":
        return territories.clean([value], field="territory")[0] if value.upper() != "WW" else "WW"
    if name == "seller_country":
        value = value.upper()
    if not valid[name](value):
        raise InvalidInput(
            _("%(name)s: unknown value %(value)s.") % {"name": name, "value": value[:60]}, field=name
        )
    return value


def clean_filters(filters: dict[str, Any] | None) -> dict[str, str]:
    """Drop empty filters and check the rest; a bad value is a mistake to report, not an empty page."""
    cleaned: dict[str, str] = {}
    for name, value in (filters or {}).items():
        if name in PREFIX and value not in ("", None):
            cleaned[name] = _check_value(name, str(value).strip())
    return cleaned


def conditions(query: str, filters: dict[str, str]) -> list[tuple[str, ...]]:
    """The keys a listing must have: one of each tuple."""
    found: list[tuple[str, ...]] = [(f"t:{w}"[:64],) for w in words(query)[:MAX_TERMS]]
    for name, value in sorted(filters.items()):
        key = f"{PREFIX[name]}:{value}"
        found.append((key, "r:WW") if name == "territory" and value != "WW" else (key,))
    return found or [("all",)]


def _size(key: str, generation: int) -> int:
    cache_key = f"listings:size:{generation}:{_digest(key)}"
    size = cache.get(cache_key)
    if size is None:
        size = ListingKey.objects.filter(key=key)[:SELECTIVITY_PROBE].count()
        cache.set(cache_key, size, CACHE_SECONDS)
    return size


def _matching(conds: list[tuple[str, ...]], generation: int) -> QuerySet[ListingKey]:
    singles = [c[0] for c in conds if len(c) == 1]
    walk = min(singles, key=lambda k: _size(k, generation)) if singles else "all"
    postings = ListingKey.objects.filter(key=walk)
    for cond in conds:
        if cond == (walk,):
            continue
        other = ListingKey.objects.filter(listing_id=OuterRef("listing_id"), key__in=cond)
        postings = postings.filter(Exists(other))
    return postings


def encode_cursor(sort: int, listing_id: int) -> str:
    return base64.urlsafe_b64encode(f"{sort}.{listing_id}".encode()).decode().rstrip("=")


def decode_cursor(cursor: str) -> tuple[int, int]:
    try:
        raw = base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4)).decode()
        sort, listing_id = raw.split(".")
        return int(sort), int(listing_id)
    except (ValueError, UnicodeDecodeError):
        raise InvalidInput(_("The page cursor is not valid."), field="cursor") from None


def _digest(text: str) -> str:
    return hashlib.sha256(text.encode()).hexdigest()[:24]


def _cached(kind: str, conds: list[tuple[str, ...]], generation: int, compute):
    cache_key = f"listings:{kind}:{generation}:{_digest(repr(conds))}"
    value = cache.get(cache_key)
    if value is None:
        value = compute()
        cache.set(cache_key, value, CACHE_SECONDS)
    return value


def _total(conds: list[tuple[str, ...]], generation: int) -> int:
    return _cached("total", conds, generation, lambda: _matching(conds, generation).count())


def _facet_rows(conds: list[tuple[str, ...]], generation: int) -> list[tuple[str, int]]:
    def compute() -> list[tuple[str, int]]:
        postings = ListingKey.objects.exclude(key__startswith="t:").exclude(key="all")
        if conds != [("all",)]:
            postings = postings.filter(listing_id__in=_matching(conds, generation).values("listing_id"))
        return list(postings.values("key").annotate(n=Count("id")).values_list("key", "n"))

    return _cached("facets", conds, generation, compute)


def _labels(name: str, language: str) -> dict[str, str]:
    if name == "deal_type":
        return {k: str(v) for k, v in DealType.choices}
    if name == "corridor":
        return {k: str(v) for k, v in Corridor.choices}
    if name == "modality":
        return {k: str(v) for k, v in BiomedicalProfile.Modality.choices}
    if name == "phase":
        return {str(k): str(v) for k, v in BiomedicalProfile.Phase.choices}
    if name == "indication":
        return indication_labels(language)
    if name == "territory":
        return {code: str(label) for code, label in territories.LABELS.items()}
    return {}


def indication_labels(language: str) -> dict[str, str]:
    key = f"listings:indications:{language}"
    labels = cache.get(key)
    if labels is None:
        labels = {i.code: i.localized_name(language) for i in Indication.objects.all()}
        cache.set(key, labels, CACHE_SECONDS)
    return labels


def _facets(rows: list[tuple[str, int]], language: str) -> dict[str, list[dict[str, Any]]]:
    by_prefix = {prefix: name for name, prefix in PREFIX.items()}
    grouped: dict[str, list[tuple[str, int]]] = {name: [] for name in PREFIX}
    for key, n in rows:
        prefix, _sep, value = key.partition(":")
        if prefix in by_prefix:
            grouped[by_prefix[prefix]].append((value, n))
    facets = {}
    for name, values in grouped.items():
        labels = _labels(name, language)
        top = sorted(values, key=lambda item: (-item[1], item[0]))[:FACET_VALUES]
        facets[name] = [{"value": v, "label": labels.get(v, v), "count": n} for v, n in top]
    return facets


def search_listings(
    *,
    query: str = "",
    filters: dict[str, Any] | None = None,
    cursor: str = "",
    per_page: int = 20,
    language: str = "en",
    with_facets: bool = True,
) -> SearchResult:
    """One page of listings on the market, newest first, with the total and facet counts."""
    if not 1 <= per_page <= MAX_PER_PAGE:
        raise InvalidInput(
            _("per_page must be between 1 and %(max)d.") % {"max": MAX_PER_PAGE}, field="per_page"
        )
    if len(query) > 500:
        raise InvalidInput(_("The search text is too long."), field="q")
    conds = conditions(query, clean_filters(filters))
    generation = current_generation()
    postings = _matching(conds, generation)
    if cursor:
        sort, last = decode_cursor(cursor)
        postings = postings.filter(Q(sort__lt=sort) | Q(sort=sort, listing_id__lt=last))
    rows = list(postings.order_by("-sort", "-listing_id").values_list("listing_id", "sort")[: per_page + 1])
    page = rows[:per_page]
    found = Listing.objects.public().filter(pk__in=[r[0] for r in page]).select_related("organisation")
    by_id = {listing.pk: listing for listing in found}
    result = SearchResult([by_id[r[0]] for r in page if r[0] in by_id], _total(conds, generation))
    if len(rows) > per_page:
        result.next_cursor = encode_cursor(page[-1][1], page[-1][0])
    if with_facets:
        result.facets = _facets(_facet_rows(conds, generation), language)
    return result


def listing_matches(listing: Listing, params: dict[str, Any]) -> bool:
    """Whether a saved search (words and filters) finds the listing."""
    params = dict(params or {})
    conds = conditions(str(params.pop("q", "")), clean_filters(params))
    return _matching(conds, current_generation()).filter(listing_id=listing.pk).exists()
