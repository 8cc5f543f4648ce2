"""Asset search with facets: folded full-text terms plus structured filters, always through visible_to()."""

import datetime
import heapq
import itertools
import re
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

from django.core.paginator import Page, Paginator
from django.db.models import Count, F, OuterRef, Q, QuerySet, Subquery
from django.utils.translation import gettext_lazy as _

from accounts.models import AnyUser
from assets.models import Asset, AssetTranslation, BiomedicalProfile, Indication
from core.access import is_signed_in
from core.errors import InvalidInput
from core.languages import fold
from core.pagination import page_or_404
from core.places import place_name

FACETS: dict[str, Any] = {
    "kind": _("Type"),
    "jurisdiction": _("Jurisdiction"),
    "cpc_section": _("CPC section"),
    "indication": _("Indication"),
    "cancer": _("Cancer"),
    "phase": _("Phase"),
    "modality": _("Modality"),
    "owner_country": _("Holder country"),
}

CPC_SECTIONS = {
    "A": _("Human necessities"),
    "B": _("Operations, transport"),
    "C": _("Chemistry, metallurgy"),
    "D": _("Textiles, paper"),
    "E": _("Fixed constructions"),
    "F": _("Mechanical engineering"),
    "G": _("Physics"),
    "H": _("Electricity"),
    "Y": _("Emerging cross-sectional technologies"),
}

PLACES = ("jurisdiction", "owner_country")  # named as countries or patent offices, never as bare codes

_FILTER_LOOKUPS = {
    "kind": "kind",
    "jurisdiction": "jurisdiction",
    "cpc_section": "classifications__section",
    "indication": "biomedical__indications__code",
    "cancer": "biomedical__indications__is_cancer",
    "phase": "biomedical__phase",
    "modality": "biomedical__modality",
    "owner_country": "holder_country",
}


@dataclass(frozen=True)
class ContributedFacet:
    """A filter another app adds to asset search (e.g. certified claims) without the registry importing it:
    the app registers the facet in its AppConfig.ready()."""

    title: Any
    choices: Callable[[], list[tuple[str, Any]]]
    restrict: Callable[[str], QuerySet[Asset]]
    # Every value's assets, in one query (counted and filtered with them, against the engine's results).
    members: Callable[[], dict[str, set[int]]]


CONTRIBUTED: dict[str, ContributedFacet] = {}


def contribute_facet(name: str, facet: ContributedFacet) -> None:
    CONTRIBUTED[name] = facet
    FACETS[name] = facet.title


# Any cancer: the indications vocabulary marks its cancers, so one filter finds every oncology asset (the
# home page's figure links to it). The engine indexes "cancer=any" with an asset's facets; the database
# reads the mark on the indications.
ANY_CANCER = "any"
CANCER = Q(biomedical__indications__is_cancer=True)
# Facet values the database stores otherwise than the search's parameter says them.
_STORED = {"cancer": {ANY_CANCER: True}}


@dataclass
class SearchResult:
    page: Page
    facets: dict[str, list[dict[str, Any]]] = field(default_factory=dict)
    total: int = 0
    ranked: bool = False  # by relevance (there were words), else newest first
    index: Any = None  # matching.freshness.Backlog: how far the search index is behind the registry

    @property
    def has_facets(self) -> bool:
        """Whether any facet has a value to offer (an empty filter box is not drawn)."""
        return any(self.facets.values())


def _printable(value: Any, field: str) -> None:
    # A NUL character cannot be stored or compared by PostgreSQL; it is never part of a real search.
    if isinstance(value, str) and "\x00" in value:
        raise InvalidInput(_("%(field)s contains a NUL character.") % {"field": field}, field=field)


def terms_of(query: str) -> list[str]:
    _printable(query, "q")
    return [term for term in fold(query).split() if term][:12]


def clean_filters(filters: dict[str, Any] | None) -> dict[str, Any]:
    """Drop empty filters and check the rest; a bad value is the caller's mistake, not an empty result."""
    cleaned: dict[str, Any] = {}
    for name, value in (filters or {}).items():
        if (name not in _FILTER_LOOKUPS and name not in CONTRIBUTED) or value in ("", None):
            continue
        _printable(value, name)
        if name in CONTRIBUTED and value not in dict(CONTRIBUTED[name].choices()):
            raise InvalidInput(
                _("Unknown %(facet)s: %(value)s") % {"facet": name, "value": value}, field=name
            )
        if name in _STORED and value not in _STORED[name]:
            raise InvalidInput(
                _("Unknown %(facet)s: %(value)s") % {"facet": name, "value": value}, field=name
            )
        if name == "phase":
            if not str(value).isdigit() or int(value) not in BiomedicalProfile.Phase.values:
                raise InvalidInput(_("Unknown phase: %(value)s") % {"value": value}, field="phase")
            value = int(value)
        cleaned[name] = value
    return cleaned


def filtered(
    queryset: QuerySet[Asset], *, query: str = "", filters: dict[str, Any] | None = None
) -> QuerySet[Asset]:
    """Literal search: every folded word in the asset's search text, and the filters."""
    for term in terms_of(query):
        queryset = queryset.filter(search_text__contains=term)
    return with_filters(queryset, filters)


def with_filters(queryset: QuerySet[Asset], filters: dict[str, Any] | None) -> QuerySet[Asset]:
    for name, value in clean_filters(filters).items():
        if name in CONTRIBUTED:
            queryset = queryset.filter(pk__in=CONTRIBUTED[name].restrict(value).values("pk"))
        else:
            stored = _STORED.get(name, {}).get(value, value)
            queryset = queryset.filter(**{_FILTER_LOOKUPS[name]: stored})
    return queryset


def _labels(name: str) -> dict[Any, Any]:
    if name == "kind":
        return dict(Asset.Kind.choices)
    if name == "phase":
        return dict(BiomedicalProfile.Phase.choices)
    if name == "modality":
        return dict(BiomedicalProfile.Modality.choices)
    if name == "cpc_section":
        return {key: f"{key} — {label}" for key, label in CPC_SECTIONS.items()}
    if name == "cancer":
        return {ANY_CANCER: _("Any cancer")}
    return {}


def _label(name: str, value: Any, labels: dict[Any, Any]) -> str:
    if name in PLACES:
        return place_name(value)
    return str(labels.get(value, value))


LABELS_FOR = 300.0  # seconds a worker keeps the indications' names (a vocabulary seldom changed)
_indication_names: dict[str, tuple[float, dict[str, str]]] = {}


def indication_names(language: str) -> dict[str, str]:
    """The indications' names in `language`, kept by each worker for LABELS_FOR seconds; a rename in this
    process drops them at once (`forget_labels`, from the search's freshness hook)."""
    kept = _indication_names.get(language)
    if kept is None or kept[0] < time.monotonic():
        names = {i.code: i.localized_name(language) for i in Indication.objects.all()}
        kept = _indication_names[language] = (time.monotonic() + LABELS_FOR, names)
    return kept[1]


def forget_labels() -> None:
    _indication_names.clear()


FACET_VALUES = 25  # values shown per facet, most frequent first


def _value_counts(queryset: QuerySet[Asset], limit: int | None) -> dict[str, dict[Any, int]]:
    """One GROUP BY per facet over the assets of `queryset`: how many carry each value."""
    ids = queryset.values("pk")
    counts: dict[str, dict[Any, int]] = {}
    for name, lookup in _FILTER_LOOKUPS.items():
        said = {stored: value for value, stored in _STORED.get(name, {}).items()}
        rows = Asset.objects.filter(pk__in=ids).exclude(**{f"{lookup}__isnull": True})
        if said:
            rows = rows.filter(**{f"{lookup}__in": list(said)})
        elif name != "phase":
            rows = rows.exclude(**{lookup: ""})
        rows = rows.values(lookup).annotate(count=Count("pk", distinct=True)).order_by("-count")
        counts[name] = {
            said.get(row[lookup], row[lookup]): row["count"] for row in (rows[:limit] if limit else rows)
        }
    return counts


def _labelled(counts: dict[str, dict[Any, int]], language: str) -> dict[str, list[dict[str, Any]]]:
    facets: dict[str, list[dict[str, Any]]] = {}
    for name in _FILTER_LOOKUPS:
        labels = _labels(name)
        if name == "indication":
            labels = indication_names(language)
        values = sorted((counts.get(name) or {}).items(), key=lambda item: (-item[1], str(item[0])))
        facets[name] = [
            {"value": value, "label": _label(name, value, labels), "count": count}
            for value, count in values[:FACET_VALUES]
        ]
    return facets


def facet_counts(
    queryset: QuerySet[Asset] | None, language: str = "en", public: dict[str, dict[Any, int]] | None = None
) -> dict[str, list[dict[str, Any]]]:
    """The facets of the assets of `queryset`. With `public` (the public assets' counts, from the engine),
    `queryset` holds only the rest the viewer may see (their organisations' confidential assets; None when
    there are none) and the two are added up."""
    if public is None:
        assert queryset is not None
        counts = _value_counts(queryset, FACET_VALUES)
    else:
        counts = {name: dict(values) for name, values in public.items()}
        for name, values in (_value_counts(queryset, None) if queryset is not None else {}).items():
            for value, count in values.items():
                counts.setdefault(name, {})[value] = counts.get(name, {}).get(value, 0) + count
    return _labelled(counts, language)


def contributed_members() -> dict[str, dict[str, set[int]]]:
    """Each contributed facet's values and their assets (one query per facet: certified claims in force)."""
    return {name: facet.members() for name, facet in CONTRIBUTED.items()}


def contributed_counts(
    members: dict[str, dict[str, set[int]]], count: Callable[[set[int]], int]
) -> dict[str, list[dict[str, Any]]]:
    """The facets other apps contribute (certified claims): for each value, `count` of its assets (those
    of the search that hold it), in the order of the facet's choices."""
    facets: dict[str, list[dict[str, Any]]] = {}
    for name, facet in CONTRIBUTED.items():
        rows = []
        for value, label in facet.choices():
            holders = members[name].get(value)
            found = count(holders) if holders else 0
            if found:
                rows.append({"value": value, "label": str(label), "count": found})
        facets[name] = rows
    return facets


def _contributed_ids(members: dict[str, dict[str, set[int]]], filters: dict[str, Any]) -> set[int] | None:
    """The assets every contributed filter lets through (None: no such filter)."""
    ids: set[int] | None = None
    for name, value in filters.items():
        if name in CONTRIBUTED:
            holders = members[name].get(value, set())
            ids = holders if ids is None else ids & holders
    return ids


def search_assets(
    *,
    user: AnyUser | None,
    query: str = "",
    filters: dict[str, str] | None = None,
    page: int | str = 1,
    per_page: int = 20,
    language: str = "en",
    with_facets: bool = True,
) -> SearchResult:
    """The registry search: relevance-ranked across languages when there are words, newest first without.

    Whatever the path, every asset comes from `Asset.objects.visible_to(user)` with the filters applied,
    and the facets count only those assets. The engine ranks, orders, totals and counts the public
    assets; the database adds the viewer's own confidential ones (a few rows through a partial index) and
    reads the page's cards by primary key.
    """
    assert RANKING.rank and RANKING.backlog, "the matching app registers the ranking in its ready()"
    cleaned = clean_filters(filters)
    contributed = any(name in CONTRIBUTED for name in cleaned)
    search = _Search(
        user=user,
        filters=cleaned,
        visible=with_filters(Asset.objects.visible_to(user), cleaned),
        backlog=RANKING.backlog(user),
        mine=confidential_ids(user),
        members=contributed_members() if with_facets or contributed else {},
        language=language,
    )
    if terms_of(query):
        result = search.ranked(query, page, per_page, with_facets)
    else:
        result = search.newest_first(page, per_page)
    result.index = search.backlog
    if with_facets:
        result.facets = {
            **facet_counts(search.counted, language, search.public),
            **contributed_counts(search.members, search.count),
        }
    return result


@dataclass
class _Search:
    """One registry search under way: what it read once (the backlog, the viewer's confidential assets,
    the contributed facets' holders) and, once listed, what its facets count."""

    user: Any
    filters: dict[str, Any]
    visible: QuerySet[Asset]
    backlog: Any
    mine: list[int]
    members: dict[str, dict[str, set[int]]]
    language: str
    # Set by ranked() / newest_first(): the assets the database counts (None: none), the engine's counts
    # of the public ones (None: the database counts everything), and a count of a set of ids among the
    # results (for the contributed facets).
    counted: QuerySet[Asset] | None = None
    public: dict[str, dict[Any, int]] | None = None
    count: Callable[[set[int]], int] = lambda _holders: 0

    @property
    def engine_filters(self) -> dict[str, Any]:
        return {name: value for name, value in self.filters.items() if name not in CONTRIBUTED}

    def ranked(self, query: str, page: int | str, per_page: int, with_facets: bool) -> SearchResult:
        assert RANKING.rank
        ids, why = RANKING.rank(
            self.user,
            query,
            self.visible,
            narrowed=bool(self.filters),
            confidential=self.mine,
            waiting=self.backlog.waiting,
        )
        paginator = Paginator(ids, per_page)
        result = SearchResult(page=page_or_404(paginator, page), total=paginator.count, ranked=True)
        shown = list(result.page.object_list)
        result.page.object_list = _cards(self.user, shown, why(shown), self.language)
        found = set(ids)
        self.count = lambda holders: len(holders & found)
        engine = _engine_counts({}, self.backlog, ids) if with_facets and ids else None
        if engine is not None:  # the ranked public assets counted by the engine, the viewer's others here
            own = found & set(self.mine)
            self.counted, self.public = (Asset.objects.filter(pk__in=own) if own else None), engine[1]
        elif ids:
            self.counted = Asset.objects.filter(pk__in=ids)
        else:
            self.public = {}
        return result

    def newest_first(self, page: int | str, per_page: int) -> SearchResult:
        among = _contributed_ids(self.members, self.filters)
        engine = _engine_counts(self.engine_filters, self.backlog, among)
        ordered: Any = None
        if engine is not None:
            # The public assets counted and ordered by the engine, the viewer's confidential ones by the
            # database.
            own = with_filters(Asset.objects.filter(pk__in=self.mine), self.filters) if self.mine else None
            own_rows = list(own.values_list("pk", "publication_date")) if own is not None else []
            own_ids = {pk for pk, _date in own_rows}
            self.counted = Asset.objects.filter(pk__in=own_ids) if own_ids else None
            self.public = engine[1]
            newest = _NewestFirst(self.engine_filters, among, engine[0], own_rows)
            if not newest.unavailable():
                ordered = newest
                self.count = lambda holders: newest.public_count(holders) + len(holders & own_ids)
        if ordered is None:  # the database orders (and counts what the engine could not)
            matched = self.visible.order_by(NEWEST_FIRST, "-id")
            ordered = matched.values_list("pk", flat=True)
            self.count = lambda holders: matched.filter(pk__in=holders).count()
            if engine is None:
                self.counted, self.public = matched, None
        paginator = Paginator(ordered, per_page)
        result = SearchResult(page=page_or_404(paginator, page), total=paginator.count)
        result.page.object_list = _cards(self.user, list(result.page.object_list), {}, self.language)
        return result


class _NewestFirst(Sequence):
    """The public assets passing the filters newest first, from the engine, merged with the viewer's own
    confidential ones (few, read from the database); sliced by the paginator, so that only the page's ids
    are read."""

    def __init__(self, filters: dict[str, Any], among: set[int] | None, public: int, own: list[tuple]):
        self.filters, self.among, self.public = filters, among, public
        self.own = sorted(((pk, newest_key(date, pk)) for pk, date in own), key=lambda row: -row[1])

    def __len__(self) -> int:
        return self.public + len(self.own)

    def unavailable(self) -> bool:
        """Whether the engine cannot order now (an index of an earlier version, PostgreSQL rows not filled
        yet): the database orders instead."""
        return RANKING.newest is None or RANKING.newest(self.filters, self.among, 0, 0) is None

    def public_count(self, holders: set[int]) -> int:
        among = holders if self.among is None else holders & self.among
        engine = RANKING.count(self.filters, sorted(among)) if RANKING.count and among else None
        return engine[0] if engine else 0

    def __getitem__(self, index: Any) -> list[int]:
        assert isinstance(index, slice) and RANKING.newest, "the paginator slices"
        start, stop = index.start or 0, min(index.stop, len(self))
        if stop <= start:
            return []
        if not self.own:
            return [pk for pk, _key in RANKING.newest(self.filters, self.among, start, stop - start) or []]
        # The viewer's own confidential assets merged in: the public ones up to the page's end, in order.
        public = RANKING.newest(self.filters, self.among, 0, min(stop, self.public)) or []
        merged = heapq.merge(public, self.own, key=lambda row: row[1], reverse=True)
        return [pk for pk, _key in itertools.islice(merged, start, stop)]


NEWEST_FIRST = F("publication_date").desc(nulls_last=True)  # as the engine orders, on every database


def newest_key(published: datetime.date | None, pk: int) -> int:
    """The registry's newest-first order (publication date, then id, both descending; no date last) as one
    number, as the engine sorts on it."""
    return ((published.toordinal() if published else 0) << 32) | (pk & 0xFFFFFFFF)


def confidential_ids(user: AnyUser | None) -> list[int]:
    """The confidential assets `user` may see (their organisations'; every one for staff), read through a
    partial index of the confidential assets alone; none, without a query, for an anonymous visitor."""
    if not is_signed_in(user):
        return []
    visible = Asset.objects.visible_to(user).exclude(visibility=Asset.Visibility.PUBLIC)
    return list(visible.values_list("pk", flat=True))


def _engine_counts(filters: dict[str, Any], backlog: Any, ids: Any = None) -> "EngineCounts | None":
    """The engine's counts of the public assets passing the (cleaned, engine's own) filters, among `ids`
    when given, when it can give them and holds every visible asset as it is now (while assets wait for
    it, the database counts)."""
    if RANKING.count is None or backlog.behind:
        return None
    return RANKING.count(filters, None if ids is None else sorted(ids))


EngineCounts = tuple[int, dict[str, dict[Any, int]]]  # how many, and how many under each facet value


@dataclass
class Ranking:
    """The relevance ranking behind a search with words, and how far its index is behind the registry.

    Both are the matching engine's, a higher app: it fills them in its AppConfig.ready(), so that the
    registry never imports it."""

    # The ids best first, and why each of a page of them matched (a Why, or a plain str, per id).
    rank: Callable[..., tuple[list[int], Callable[[list[int]], dict[int, Any]]]] | None = None
    backlog: Callable[[Any], Any] | None = None
    # The public assets passing the filters (among the ids when given), counted by the engine:
    # (total, {facet: {value: count}}), or None when it cannot (the registry then counts in the database).
    count: Callable[[dict[str, Any], list[int] | None], "EngineCounts | None"] | None = None
    # The same assets newest first, from an offset, as (id, newest_key) pairs; None when the engine cannot
    # order them (the database orders). A limit of 0 only asks whether it can.
    newest: Callable[[dict[str, Any], Any, int, int], list[tuple[int, int]] | None] | None = None


RANKING = Ranking()


@dataclass(frozen=True)
class Why:
    """Why an asset matched: a sentence, and the words it shares with the query (marked in its snippet)."""

    text: str
    terms: tuple[str, ...] = ()


SNIPPET = 240  # characters of the abstract shown around the first word matched


def snippet(text: str, terms: tuple[str, ...] | list[str]) -> str:
    """The stretch of `text` around the first of `terms` it holds (all of it when short)."""
    if len(text) <= SNIPPET:
        return text
    pattern = terms_pattern(tuple(terms))
    found = pattern.search(text) if pattern else None
    start = max(0, (found.start() if found else 0) - SNIPPET // 4)
    piece = text[start : start + SNIPPET].strip()
    return ("…" if start else "") + piece + ("…" if start + SNIPPET < len(text) else "")


def terms_pattern(terms: tuple[str, ...]) -> re.Pattern[str] | None:
    """Words starting with a term (so that "inhibitor" marks "inhibitors"), or the term itself in Chinese."""
    words = sorted({t for t in terms if t}, key=len, reverse=True)
    if not words:
        return None
    alternatives = (rf"\b{re.escape(w)}\w*" if w.isascii() else re.escape(w) for w in words)
    return re.compile("|".join(alternatives), re.IGNORECASE)


class _Translation:
    """The reader's translation of a card's title and abstract (what `asset.current[0]` held)."""

    def __init__(self, title: str, abstract: str):
        self.title, self.abstract = title, abstract


CARD_DEFERRED = ("claims", "search_text", "inventors", "priority_claims", "applicants", "assignees")


def _cards(user: AnyUser | None, ids: list[int], why: dict[int, Any], language: str) -> list[Asset]:
    """The page's assets in the order of `ids`, read by primary key in one query (with the member that
    manages them, the biomedical profile and the reader's translation), each with why it matched and the
    stretch of its abstract around the words; read through `visible_to`, so that an index behind a change
    of visibility shows nothing the viewer may not see."""
    if not ids:
        return []
    translated = AssetTranslation.objects.filter(asset=OuterRef("pk"), language_code=language)
    assets = (
        Asset.objects.visible_to(user)
        .filter(pk__in=ids)
        .select_related("owner", "biomedical")
        .defer(*CARD_DEFERRED)
        .annotate(
            translated_title=Subquery(translated.values("title")[:1]),
            translated_abstract=Subquery(translated.values("abstract")[:1]),
        )
        .in_bulk()
    )
    for pk, asset in assets.items():
        title, abstract = asset.translated_title, asset.translated_abstract  # type: ignore[attr-defined]
        asset.current = [_Translation(title, abstract or "")] if title is not None else []  # type: ignore[attr-defined]
        found = why.get(pk, "")
        reason = found if isinstance(found, Why) else Why(str(found))
        asset.search_why, asset.search_terms = reason.text, reason.terms  # type: ignore[attr-defined]
        asset.search_snippet = (  # type: ignore[attr-defined]
            snippet(abstract or asset.abstract, reason.terms) if pk in why else ""
        )
    return [assets[pk] for pk in ids if pk in assets]


def public_counts() -> dict[str, int]:
    """Live figures for the home page, from public records only."""
    public = Asset.objects.filter(visibility=Asset.Visibility.PUBLIC)
    return {
        "assets": public.count(),
        "cancer_assets": public.filter(CANCER).distinct().count(),
        "jurisdictions": public.values("jurisdiction").distinct().count(),
    }
