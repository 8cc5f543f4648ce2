"""The cards of results pages and of the search API: a listing's public teaser fields as plain values.

A page's cards are read from the database by primary key on every search, with one plain query, and each
worker keeps the cards it built with the row each came from: a card is reused only while its row is the
same, so what a search shows is never older than the database, whatever path changed a listing or its
seller. The same query reads the seller's translations of the headline and teaser (one LEFT JOIN per
language) and the number of the main asset when that asset is public, so a changed translation or asset
is a changed row too; a card picks the reader's translation when it is shown (listings.translations). What
is written from a card (its HTML per language, its JSON per language) is kept with it. Only listings on
the market become cards, and a card never holds the confidential part (a confidential main asset's number
is not even read).
"""

import functools
import threading
from collections import OrderedDict
from types import SimpleNamespace
from typing import Any

from django.db import connection
from django.urls import reverse
from django.utils import timezone

from accounts.models import Organisation
from assets.models import Asset
from core.templatetags.scripts import in_reader_script
from listings.choices import Corridor, DealType
from listings.models import Listing, ListingTranslation
from listings.translations import LANGUAGES, Shown, shown_for

TEASER = 280  # characters of the summary on a results page
CARDS = 10_000  # cards kept per worker: about 45 MB with their HTML in one language and their JSON
CARD_FIELDS = (
    "id",
    "title",
    "summary",
    "status",
    "deal_type",
    "corridor",
    "territories",
    "fields_of_use",
    "seller_country",
    "currency",
    "upfront_min",
    "upfront_max",
    "royalty_min",
    "royalty_max",
    "modality",
    "phase",
    "indications",
    "published_at",
)
# Read after CARD_FIELDS: the original language, the main asset's number (public assets only), then each
# language's translated headline and teaser (NULL when the seller gave none), then the seller.
EXTRA = 2 + 2 * len(LANGUAGES)
_DEAL_TYPES, _CORRIDORS = dict(DealType.choices), dict(Corridor.choices)


class ListingCard(SimpleNamespace):
    """A listing as a results page and the search API show it: plain values, no model instances (which
    cost more than the query itself at this rate). A card never changes once built (a changed listing
    gets a new card), so what is rendered from it is kept in `rendered` (see CardCache)."""

    @property
    def pk(self) -> int:
        return self.id

    def get_deal_type_display(self) -> str:
        return str(_DEAL_TYPES.get(self.deal_type, self.deal_type))

    @property
    def url(self) -> str:
        return detail_url(self.id)

    def get_corridor_display(self) -> str:
        return str(_CORRIDORS.get(self.corridor, self.corridor))

    def shown(self, language: str) -> Shown:
        """The headline and teaser in the reader's language and script, as far as the seller gave them."""
        return shown_for(self.original_language, self.title, self.summary, self.translations, language)

    def teaser(self, language: str) -> str:
        summary = self.shown(language).summary
        return summary if len(summary) <= TEASER else summary[: TEASER - 1].rstrip() + "…"

    @property
    def published_on(self) -> str:
        return timezone.localtime(self.published_at).date().isoformat() if self.published_at else ""

    def as_json(self, language: str) -> dict[str, Any]:
        """The card as the search API returns it to a reader of `language` (the fields of
        schemas.ListingSearchItem but its snippet)."""
        data = {name: getattr(self, name) for name in CARD_FIELDS}
        shown = self.shown(language)
        data["title"], data["summary"] = shown.title, shown.summary
        data["main_asset_number"] = self.main_asset_number
        data["seller"] = self.organisation.slug
        data["seller_name"] = in_reader_script(self.organisation.name, language)
        return data


@functools.cache
def _detail_prefix() -> str:
    # The listing page's address without its id: reverse() for each card cost a third of a card's rendering
    # (55 of 156 µs, measured at 100,000 listings), and the pattern is fixed.
    return reverse("listings:detail", args=[0]).removesuffix("0/")


def detail_url(pk: int) -> str:
    """The listing page's address (as reverse("listings:detail") gives it)."""
    return f"{_detail_prefix()}{pk}/"


def _card_sql(count: int) -> tuple[str, list[Any]]:
    """The query of `count` cards by primary key, and its parameters before the ids."""
    fields: list[Any] = [Listing._meta.get_field(name) for name in CARD_FIELDS]
    columns = [f"l.{field.column}" for field in fields]
    language_column = Listing._meta.get_field("original_language").column
    columns += [f"l.{language_column}", "CASE WHEN a.visibility = %s THEN a.number END"]
    params: list[Any] = [Asset.Visibility.PUBLIC.value]
    joins = [
        f"JOIN {Organisation._meta.db_table} o ON o.id = l.organisation_id",
        f"LEFT JOIN {Asset._meta.db_table} a ON a.id = l.main_asset_id",
    ]
    for position, language in enumerate(LANGUAGES):
        columns += [f"t{position}.title", f"t{position}.summary"]
        joins.append(
            f"LEFT JOIN {ListingTranslation._meta.db_table} t{position} "
            f"ON t{position}.listing_id = l.id AND t{position}.language_code = %s"
        )
        params.append(language)
    columns += ["o.name", "o.slug"]
    marks = ", ".join(["%s"] * count)
    sql = (
        f"SELECT {', '.join(columns)} FROM {Listing._meta.db_table} l "  # noqa: S608 - names from the models
        f"{' '.join(joins)} WHERE l.id IN ({marks})"
    )
    return sql, params


def _converters() -> list[tuple[int, list, Any]]:
    """What the ORM would do to each column read raw (text to JSON, Decimal, aware datetime …)."""
    found = []
    for position, name in enumerate(CARD_FIELDS):
        field: Any = Listing._meta.get_field(name)
        column = field.get_col("l")
        functions = connection.ops.get_db_converters(column) + field.get_db_converters(connection)
        if functions:
            found.append((position, functions, column))
    return found


def _card(row: tuple, converters: list[tuple[int, list, Any]]) -> ListingCard:
    values = list(row)
    for position, functions, column in converters:
        value = values[position]
        for function in functions:
            value = function(value, column, connection)
        values[position] = value
    organisation = SimpleNamespace(name=values[-2], slug=values[-1])
    card = ListingCard(organisation=organisation, **dict(zip(CARD_FIELDS, values, strict=False)))
    extra = values[len(CARD_FIELDS) : len(CARD_FIELDS) + EXTRA]
    card.original_language, card.main_asset_number = extra[0], extra[1] or ""
    card.translations = [
        SimpleNamespace(language_code=language, title=extra[2 + 2 * i], summary=extra[3 + 2 * i] or "")
        for i, language in enumerate(LANGUAGES)
        if extra[2 + 2 * i] is not None
    ]
    card.row, card.rendered = row, {}
    return card


class CardCache:
    """The cards of this worker, each kept with the database row it was built from.

    Every search reads the rows of its page (one query by primary key) and reuses a card only when its
    row is the same, so any change to a listing or its seller shows at once, and a listing that left the
    market is dropped by its status, whatever path changed it. Bounded, least recently used first out.
    """

    def __init__(self, size: int = CARDS):
        self.size = size
        self.entries: OrderedDict[int, ListingCard] = OrderedDict()
        self.lock = threading.Lock()
        self.converters: tuple[str, list] | None = None

    def cards(self, rows: list[tuple]) -> dict[int, ListingCard]:
        if self.converters is None or self.converters[0] != connection.vendor:
            self.converters = (connection.vendor, _converters())
        found = {}
        with self.lock:
            for row in rows:
                card = self.entries.get(row[0])
                if card is None or card.row != row:
                    card = self.entries[row[0]] = _card(row, self.converters[1])
                    if len(self.entries) > self.size:
                        self.entries.popitem(last=False)
                else:
                    self.entries.move_to_end(row[0])
                found[row[0]] = card
        return found


card_cache = CardCache()
_STATUS = CARD_FIELDS.index("status")


def cards(ids: list[int]) -> list[ListingCard]:
    """The listings on the market among `ids`, in that order (looked up by primary key only)."""
    if not ids:
        return []
    sql, params = _card_sql(len(ids))
    with connection.cursor() as cursor:
        cursor.execute(sql, [*params, *ids])
        rows = [row for row in cursor.fetchall() if row[_STATUS] in Listing.PUBLIC_STATUSES]
    found = card_cache.cards(rows)
    return [found[i] for i in ids if i in found]
