"""Public listing search: words and facet filters, keyset pages, exact counts and facets.

Each worker holds the postings as bitsets (facets.py), kept current by the search generation: a query's
matches are the AND of its conditions' bitsets, its counts and facets their popcounts, and one page the
first matches in publication order (a cursor continues from the last one seen), or with words the first in
the matching engine's order (listings.relevance; a cursor counts the ranked ones seen). The cards of a page
are read by primary key. Only listings on the market are ever indexed, and never their
confidential part.
"""

import base64
import re
import threading
from collections import OrderedDict
from dataclasses import dataclass, field
from typing import Any, Generic, TypeVar

import numpy as np
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django_countries import countries

from assets.models import BiomedicalProfile, Indication
from core.errors import InvalidInput
from core.places import place_name
from listings import relevance, territories
from listings.cards import ListingCard, cards
from listings.choices import Corridor, DealType
from listings.facets import facet_index, facet_lock, has
from listings.indexing import current_generation, query_keys, words
from listings.models import Listing

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
RANKINGS = 1024  # relevance orders of recent searches' words kept per worker
FACET_VALUES = 12  # the most frequent values of each facet; a longer list helps nobody choose
_SLUG = re.compile(r"^[a-z0-9-]{1,60}$")
_COUNTRY = re.compile(r"^[A-Z]{2}$")


@dataclass
class SearchResult:
    listings: list[ListingCard]
    total: int
    next_cursor: str = ""
    facets: dict[str, list[dict[str, Any]]] = field(default_factory=dict)
    terms: tuple[str, ...] = ()  # the words a result matched, to mark in its teaser


def highlight_terms(query: str) -> tuple[str, ...]:
    """The words a query finds in a listing's text: its own (folded, plurals folded), and the English of
    its Chinese glossary terms (双特异性抗体 finds and marks "bispecific antibody")."""
    from listings.glossary import english_words

    return tuple(dict.fromkeys([*words(query), *english_words(query)]))


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
    found: list[tuple[str, ...]] = [(key,) for key in query_keys(query)[:MAX_TERMS]]
    for name, value in sorted(filters.items()):
        key = f"{PREFIX[name]}:{value}"
        if name == "territory" and value != "WW":
            found.append((key, "r:WW"))  # a worldwide offer covers every territory
        elif name == "corridor" and value != Corridor.ANY:
            found.append((key, f"c:{Corridor.ANY}"))  # so does an offer open to either direction
        else:
            found.append((key,))
    return found or [("all",)]


@dataclass(frozen=True)
class Cursor:
    """Where the next page starts: after `shown` listings best first (a search with words), or after
    (publication order, listing id) newest first."""

    shown: int = 0
    after: tuple[int, int] | None = None


def encode_cursor(cursor: Cursor) -> str:
    raw = f"{cursor.after[0]}.{cursor.after[1]}" if cursor.after else f"r.{cursor.shown}"
    return base64.urlsafe_b64encode(raw.encode()).decode().rstrip("=")


def decode_cursor(cursor: str) -> Cursor:
    try:
        raw = base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4)).decode()
        first, second = raw.split(".")
        if first == "r":
            if int(second) < 0:
                raise ValueError(second)
            return Cursor(shown=int(second))
        return Cursor(after=(int(first), int(second)))
    except (ValueError, UnicodeDecodeError):
        raise InvalidInput(_("The page cursor is not valid."), field="cursor") from None


def _look_up(
    query: str, conds: list[tuple[str, ...]], generation: int, cursor: Cursor, limit: int
) -> tuple[int, list[tuple[str, int]], list[tuple[int, int]], int]:
    """The total, every facet value's count and one page of (listing id, publication order) for the
    query, from this worker's bitsets: best first when it has words (how many of the page came so, last),
    else newest first."""
    asked: list[tuple[str, ...]] = [(key,) for key in query_keys(query)[:MAX_TERMS]] if query else []
    if not asked and cursor.shown:
        raise InvalidInput(_("The page cursor is not valid."), field="cursor")
    ranked = _ranking(query, asked, generation) if asked else None
    with facet_lock:
        index = facet_index(generation)
        total, counts = index.summary(conds)
        if ranked is None:
            return total, counts, index.page(conds, cursor.after, limit), 0
        rows, best = index.relevance_page(conds, ranked, cursor.shown, cursor.after, limit)
        return total, counts, rows, best


def _ranking(query: str, asked: list[tuple[str, ...]], generation: int) -> np.ndarray:
    """The engine's order for what the query's words find, kept per worker and generation and shared by
    every filter: a filter intersects it. (Ranking what each filter leaves on its own, so that a narrow
    filter on a common word meets more than the few of the engine's best candidates that pass it, cost an
    engine call per search and halved the never-seen searches' rate at 100,000 listings; see
    docs/marketplace.md.)"""
    ranked = orders.get(generation, (query,))
    if ranked is None:
        with facet_lock:
            matches = facet_index(generation).ids(asked)
        ranked = relevance.ranked(query, matches)  # the engine, outside the lock
        orders.put(generation, (query,), ranked)
    return ranked


CHOICE_FACETS = {
    "deal_type": DealType,
    "corridor": Corridor,
    "modality": BiomedicalProfile.Modality,
    "phase": BiomedicalProfile.Phase,
}


def _labels(name: str, language: str) -> dict[str, str]:
    if name in CHOICE_FACETS:
        return {str(k): str(v) for k, v in CHOICE_FACETS[name].choices}
    if name == "indication":
        return indication_labels(language)
    if name in ("territory", "seller_country"):
        names = {country.code: place_name(country.code) for country in countries}
        return names | {code: str(label) for code, label in territories.LABELS.items()}
    return {}


def indication_labels(language: str) -> dict[str, str]:
    return {i.code: i.localized_name(language) for i in Indication.objects.all()}


_label_tables: dict[str, tuple[int, dict[str, dict[str, str]]]] = {}


def facet_labels(language: str, generation: int) -> dict[str, dict[str, str]]:
    """Every facet value's name in `language`, worked out once per worker and search generation: the
    search's freshness hook moves the generation when a name changes (an indication renamed), as it does
    for every listing written."""
    found = _label_tables.get(language)
    if found is None or found[0] != generation:
        with translation.override(language):
            tables = {name: _labels(name, language) for name in PREFIX}
        found = _label_tables[language] = (generation, tables)
    return found[1]


def _facets(rows: list[tuple[str, int]], language: str, generation: int) -> dict[str, list[dict[str, Any]]]:
    by_prefix = {prefix: name for name, prefix in PREFIX.items()}
    grouped: dict[str, list[tuple[str, int]]] = {name: [] for name in PREFIX}
    for key, n in rows:
        prefix, _sep, value = key.partition(":")
        if prefix in by_prefix:
            grouped[by_prefix[prefix]].append((value, n))
    facets, tables = {}, facet_labels(language, generation)
    for name, values in grouped.items():
        labels = tables[name]
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
    generation: int | None = None,
) -> SearchResult:
    """One page of listings on the market, best first for words (the matching engine's ranking,
    `listings.relevance`) and newest first without, with the total and facet counts (for the search
    generation given, which a caller that already read it passes on)."""
    if not 1 <= per_page <= MAX_PER_PAGE:
        raise InvalidInput(
            _("per_page must be between 1 and %(max)d.") % {"max": MAX_PER_PAGE}, field="per_page"
        )
    if len(query) > 500:
        raise InvalidInput(_("The search text is too long."), field="q")
    query = " ".join(query.split())
    conds = conditions(query, clean_filters(filters))
    start = decode_cursor(cursor) if cursor else Cursor()
    generation = current_generation() if generation is None else generation
    total, facet_rows, rows, best = _look_up(query, conds, generation, start, per_page + 1)
    page = rows[:per_page]
    result = SearchResult(cards([r[0] for r in page]), total, terms=highlight_terms(query) if query else ())
    if len(rows) > per_page:
        ranked_last = best >= per_page  # the page ends among the listings ranked best first
        last = (
            Cursor(shown=start.shown + per_page) if ranked_last else Cursor(after=(page[-1][1], page[-1][0]))
        )
        result.next_cursor = encode_cursor(last)
    if with_facets:
        result.facets = _facets(facet_rows, language, generation)
    return result


def listing_matches(listing: Listing, params: dict[str, Any]) -> bool:
    """Whether a saved search (words and filters) finds the listing: the same conditions on the same
    bitsets as the page and the API, so an alert never disagrees with the search it was saved from."""
    params = dict(params or {})
    conds = conditions(str(params.pop("q", "")), clean_filters(params))
    with facet_lock:
        index = facet_index(current_generation())
        return listing.pk < index.size and bool(has(index.matching(conds), np.asarray([listing.pk]))[0])


Kept = TypeVar("Kept")


class ResponseCache(Generic[Kept]):
    """What this worker worked out for searches, for one search generation at a time.

    Public search results are the same for every visitor, so a page of results (HTML fragment or JSON
    body) is kept per language and normalised parameters until the market changes (a new generation),
    as is the relevance order of a search's words. Bounded, least recently used first out.
    """

    def __init__(self, size: int = 2048):
        self.size, self.generation = size, -1
        self.entries: OrderedDict[tuple, Kept] = OrderedDict()
        self.lock = threading.Lock()

    def get(self, generation: int, key: tuple) -> Kept | None:
        with self.lock:
            if generation != self.generation:
                self.entries.clear()
                self.generation = generation
                return None
            value = self.entries.get(key)
            if value is not None:
                self.entries.move_to_end(key)
            return value

    def put(self, generation: int, key: tuple, value: Kept) -> None:
        with self.lock:
            if generation != self.generation:
                return
            self.entries[key] = value
            if len(self.entries) > self.size:
                self.entries.popitem(last=False)


responses = ResponseCache[str]()  # the page's HTML fragments
bodies = ResponseCache[bytes]()  # the API's JSON bodies
orders = ResponseCache[np.ndarray](RANKINGS)  # the relevance order of a search's words


def response_key(kind: str, language: str, params: dict[str, Any]) -> tuple:
    """What makes two search requests the same: the kind of response, the language and the parameters."""
    names = ("q", "cursor", "per_page", "facets", *PREFIX)
    return (kind, language, *((name, str(params.get(name, "") or "")) for name in names))
