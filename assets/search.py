"""Asset search with facets: folded full-text terms plus structured filters, always through visible_to()."""

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django.core.paginator import Page, Paginator
from django.db.models import Count, Prefetch, Q, QuerySet
from django.utils.translation import gettext_lazy as _

from assets.models import Asset, AssetTranslation, BiomedicalProfile, Indication
from core.errors import InvalidInput
from core.languages import fold
from core.pagination import page_or_404
from core.places import place_name

FACETS: dict[str, Any] = {
    "kind": _("Type"),
    "jurisdiction": _("Jurisdiction"),
    "cpc_section": _("CPC section"),
    "indication": _("Indication"),
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


CONTRIBUTED: dict[str, ContributedFacet] = {}


def contribute_facet(name: str, facet: ContributedFacet) -> None:
    CONTRIBUTED[name] = facet
    FACETS[name] = facet.title


# Any cancer: the indications vocabulary marks its cancers, so one filter finds every oncology asset (the
# home page's figure links to it). Counted in the database like a contributed facet: the search engine's
# index holds one token per indication, not the group.
ANY_CANCER = "any"
CANCER = Q(biomedical__indications__is_cancer=True)


def cancer_assets(value: str) -> QuerySet[Asset]:
    """The assets with at least one cancer among their indications (to be narrowed by visible_to)."""
    return Asset.objects.filter(CANCER).distinct()


contribute_facet(
    "cancer",
    ContributedFacet(
        title=_("Cancer"), choices=lambda: [(ANY_CANCER, _("Any cancer"))], restrict=cancer_assets
    ),
)


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
            queryset = queryset.filter(**{_FILTER_LOOKUPS[name]: value})
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
    return {}


def _label(name: str, value: Any, labels: dict[Any, Any]) -> str:
    if name in PLACES:
        return place_name(value)
    return str(labels.get(value, value))


FACET_VALUES = 25  # values shown per facet, most frequent first


def _value_counts(queryset: QuerySet[Asset], limit: int | None) -> dict[str, dict[Any, int]]:
    """One GROUP BY per facet over the assets of `queryset`: how many carry each value."""
    ids = queryset.values("pk")
    counts: dict[str, dict[Any, int]] = {}
    for name, lookup in _FILTER_LOOKUPS.items():
        rows = (
            Asset.objects.filter(pk__in=ids)
            .exclude(**{f"{lookup}__isnull": True})
            .exclude(**({} if name == "phase" else {lookup: ""}))
            .values(lookup)
            .annotate(count=Count("pk", distinct=True))
            .order_by("-count")
        )
        counts[name] = {row[lookup]: row["count"] for row in (rows[:limit] if limit else rows)}
    return counts


def _labelled(counts: dict[str, dict[Any, int]], language: str) -> dict[str, list[dict[str, Any]]]:
    facets: dict[str, list[dict[str, Any]]] = {}
    for name in _FILTER_LOOKUPS:
        labels = _labels(name)
        if name == "indication":
            labels = {i.code: i.localized_name(language) for i in Indication.objects.all()}
        values = sorted((counts.get(name) or {}).items(), key=lambda item: (-item[1], str(item[0])))
        facets[name] = [
            {"value": value, "label": _label(name, value, labels), "count": count}
            for value, count in values[:FACET_VALUES]
        ]
    return facets


def facet_counts(
    queryset: QuerySet[Asset], language: str = "en", public: dict[str, dict[Any, int]] | None = None
) -> dict[str, list[dict[str, Any]]]:
    """The facets of the assets of `queryset`. With `public` (the public assets' counts, from the engine),
    `queryset` holds only the rest the viewer may see (their organisations' confidential assets) and the
    two are added up."""
    if public is None:
        counts = _value_counts(queryset, FACET_VALUES)
    else:
        counts = {name: dict(values) for name, values in public.items()}
        for name, values in _value_counts(queryset, None).items():
            for value, count in values.items():
                counts.setdefault(name, {})[value] = counts.get(name, {}).get(value, 0) + count
    return _labelled(counts, language)


def contributed_counts(queryset: QuerySet[Asset]) -> dict[str, list[dict[str, Any]]]:
    """The facets other apps contribute (certified claims), counted over `queryset` in the database."""
    facets: dict[str, list[dict[str, Any]]] = {}
    for name, facet in CONTRIBUTED.items():
        counts = []
        for value, label in facet.choices():
            # The few assets of the value first (the database would otherwise walk the whole query).
            ids = list(facet.restrict(value).values_list("pk", flat=True)[: CONTRIBUTED_IDS + 1])
            within = ids if len(ids) <= CONTRIBUTED_IDS else facet.restrict(value).values("pk")
            count = queryset.filter(pk__in=within).count() if ids else 0
            counts.append({"value": value, "label": str(label), "count": count})
        facets[name] = [row for row in counts if row["count"]]
    return facets


CONTRIBUTED_IDS = 10_000  # a contributed value's assets read as a list up to this many


def search_assets(
    *,
    user,
    query: str = "",
    filters: dict[str, str] | None = None,
    page: int | str = 1,
    per_page: int = 20,
    language: str = "en",
    with_facets: bool = True,
) -> SearchResult:
    """The registry search: relevance-ranked across languages when there are words, newest first without.

    Whatever the path, every asset comes from `Asset.objects.visible_to(user)` with the filters applied,
    and the facets count only those assets.
    """
    assert RANKING.rank and RANKING.backlog, "the matching app registers the ranking in its ready()"
    visible = with_filters(Asset.objects.visible_to(user), filters)
    backlog = RANKING.backlog(user)
    public: dict[str, dict[Any, int]] | None = None
    matched: QuerySet[Asset]
    counted: QuerySet[Asset]
    paginator: Paginator
    if terms_of(query):
        ids, why = RANKING.rank(user, query, visible, narrowed=bool(clean_filters(filters)))
        paginator = Paginator(ids, per_page)
        result = SearchResult(page=page_or_404(paginator, page), total=paginator.count, ranked=True)
        result.page.object_list = _in_order(list(result.page.object_list), why, language)
        matched = Asset.objects.filter(pk__in=ids)
        counted = matched
        engine = _engine_counts(filters, backlog, ids) if with_facets else None
        if engine is not None:  # the ranked public assets counted by the engine, the viewer's others here
            counted = Asset.objects.filter(pk__in=set(ids) & set(confidential_ids(user)))
            public = engine[1]
    else:
        matched = visible.order_by("-publication_date", "-id")
        counted = matched
        paginator = Paginator(_with_details(matched, language), per_page)
        engine = _engine_counts(filters, backlog)
        if engine is not None:
            # The public assets counted by the engine, the viewer's confidential ones by the database.
            counted = with_filters(Asset.objects.filter(pk__in=confidential_ids(user)), filters)
            public_total, public = engine
            paginator.__dict__["count"] = public_total + counted.count()
        result = SearchResult(page=page_or_404(paginator, page), total=paginator.count)
    result.index = backlog
    if with_facets:
        result.facets = {**facet_counts(counted, language, public), **contributed_counts(matched)}
    return result


def confidential_ids(user) -> list[int]:
    """The confidential assets `user` may see (their organisations'; every one for staff), read through a
    partial index of the confidential assets alone."""
    visible = Asset.objects.visible_to(user).exclude(visibility=Asset.Visibility.PUBLIC)
    return list(visible.values_list("pk", flat=True))


def _engine_counts(
    filters: dict[str, Any] | None, backlog: Any, ids: list[int] | None = None
) -> "EngineCounts | None":
    """The engine's counts of the public assets (among `ids` when given), when it can give them and holds
    every visible asset as it is now (while assets wait for it, the database counts)."""
    if RANKING.count is None or backlog.behind:
        return None
    return RANKING.count(clean_filters(filters), ids)


EngineCounts = tuple[int, dict[str, dict[Any, int]]]  # how many, and how many under each facet value


@dataclass
class Ranking:
    """The relevance ranking behind a search with words, and how far its index is behind the registry.

    Both are the matching engine's, a higher app: it fills them in its AppConfig.ready(), so that the
    registry never imports it."""

    rank: Callable[..., tuple[list[int], dict[int, Any]]] | None = None  # why: Why (or a plain str)
    backlog: Callable[[Any], Any] | None = None
    # The public assets passing the filters, counted by the engine: (total, {facet: {value: count}}),
    # or None when it cannot (the registry then counts in the database).
    count: Callable[[dict[str, Any], list[int] | None], "EngineCounts | None"] | None = None


RANKING = Ranking()


def _with_details(queryset: QuerySet[Asset], language: str) -> QuerySet[Asset]:
    current = Prefetch(
        "translations", queryset=AssetTranslation.objects.filter(language_code=language), to_attr="current"
    )
    return queryset.select_related("owner", "biomedical").prefetch_related(current)


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


def _in_order(ids: list[int], why: dict[int, Why | str], language: str) -> list[Asset]:
    assets = _with_details(Asset.objects.filter(pk__in=ids), language).in_bulk()
    for pk, asset in assets.items():
        found = why.get(pk, "")
        reason = found if isinstance(found, Why) else Why(str(found))
        asset.search_why, asset.search_terms = reason.text, reason.terms  # type: ignore[attr-defined]
        translated = asset.current[0].abstract if asset.current else ""  # type: ignore[attr-defined]
        asset.search_snippet = snippet(translated or asset.abstract, reason.terms)  # type: ignore[attr-defined]
    return [assets[pk] for pk in ids if pk in assets]


def public_counts() -> dict[str, int]:
    """Live figures for the home page, from public records only."""
    public = Asset.objects.filter(visibility=Asset.Visibility.PUBLIC)
    return {
        "assets": public.count(),
        "cancer_assets": public.filter(CANCER).distinct().count(),
        "jurisdictions": public.values("jurisdiction").distinct().count(),
    }
