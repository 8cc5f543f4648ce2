"""Asset search with facets: folded full-text terms plus structured filters, always through visible_to()."""

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django.core.paginator import Page, Paginator
from django.db.models import Count, Exists, OuterRef, Prefetch, Q, QuerySet
from django.utils.translation import gettext_lazy as _

from assets.models import Asset, AssetTranslation, BiomedicalProfile, Indication
from core.errors import InvalidInput
from core.languages import fold
from core.pagination import page_or_404

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


@dataclass
class SearchResult:
    page: Page
    facets: dict[str, list[dict[str, Any]]] = field(default_factory=dict)
    total: int = 0
    ranked: bool = False  # by relevance (there were words), else newest first
    index: Any = None  # matching.freshness.Backlog: how far the search index is behind the registry


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


def facet_counts(queryset: QuerySet[Asset], language: str = "en") -> dict[str, list[dict[str, Any]]]:
    ids = queryset.values("pk")
    facets: dict[str, list[dict[str, Any]]] = {}
    for name, lookup in _FILTER_LOOKUPS.items():
        rows = (
            Asset.objects.filter(pk__in=ids)
            .exclude(**{f"{lookup}__isnull": True})
            .exclude(**({} if name == "phase" else {lookup: ""}))
            .values(lookup)
            .annotate(count=Count("pk", distinct=True))
            .order_by("-count")[:25]
        )
        labels = _labels(name)
        if name == "indication":
            vocabulary = {i.code: i.localized_name(language) for i in Indication.objects.all()}
            labels = vocabulary
        facets[name] = [
            {"value": row[lookup], "label": str(labels.get(row[lookup], row[lookup])), "count": row["count"]}
            for row in rows
        ]
    for name, facet in CONTRIBUTED.items():
        counts = [
            {
                "value": value,
                "label": str(label),
                "count": queryset.filter(pk__in=facet.restrict(value).values("pk")).count(),
            }
            for value, label in facet.choices()
        ]
        facets[name] = [row for row in counts if row["count"]]
    return facets


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
    from matching.freshness import asset_backlog

    visible = with_filters(Asset.objects.visible_to(user), filters)
    matched: QuerySet[Asset]
    paginator: Paginator
    if terms_of(query):
        ids, why = ranked_ids(user, query, visible, narrowed=bool(clean_filters(filters)))
        paginator = Paginator(ids, per_page)
        result = SearchResult(page=page_or_404(paginator, page), total=paginator.count, ranked=True)
        result.page.object_list = _in_order(list(result.page.object_list), why, language)
        matched = Asset.objects.filter(pk__in=ids)
    else:
        matched = visible.order_by("-publication_date", "-id")
        paginator = Paginator(_with_details(matched, language), per_page)
        result = SearchResult(page=page_or_404(paginator, page), total=paginator.count)
    result.index = asset_backlog(user)
    if with_facets:
        result.facets = facet_counts(matched, language)
    return result


def _with_details(queryset: QuerySet[Asset], language: str) -> QuerySet[Asset]:
    current = Prefetch(
        "translations", queryset=AssetTranslation.objects.filter(language_code=language), to_attr="current"
    )
    return queryset.select_related("owner", "biomedical").prefetch_related(current)


def _in_order(ids: list[int], why: dict[int, str], language: str) -> list[Asset]:
    assets = _with_details(Asset.objects.filter(pk__in=ids), language).in_bulk()
    for pk, asset in assets.items():
        asset.search_why = why.get(pk, "")  # type: ignore[attr-defined]
    return [assets[pk] for pk in ids if pk in assets]


def ranked_ids(
    user, query: str, visible: QuerySet[Asset], *, narrowed: bool = False
) -> tuple[list[int], dict[int, str]]:
    """Ids best first and why each matched: first the assets the ranked index cannot hold that hold
    every word of the query (the viewer's organisation's confidential ones, across languages through
    their indexed terms, and those still waiting to be indexed), then the matching engine's hits."""
    from matching.models import IndexedDocument
    from matching.services import WITHIN_LIMIT, shared_terms
    from matching.services import search_assets as engine_search

    within = None
    if narrowed:  # filters: score every asset they leave (when few), not only the unfiltered best
        ids = list(visible.values_list("pk", flat=True)[: WITHIN_LIMIT + 1])
        within = ids if len(ids) <= WITHIN_LIMIT else None
    hits, terms = engine_search(query, user=user, within=within)
    allowed = set(visible.filter(pk__in=[h.id for h in hits]).values_list("pk", flat=True))
    ranked = [h.id for h in hits if h.id in allowed]
    unindexed = _unindexed_matches(query, visible)
    why = {pk: _explain_unindexed(visibility) for pk, visibility in unindexed}
    shared = shared_terms(IndexedDocument.Namespace.ASSETS, ranked, terms)
    for pk in ranked:
        words = shared.get(pk)
        why[pk] = (
            _("Matched: %(terms)s") % {"terms": ", ".join(words)} if words else str(_("Close in meaning"))
        )
    return [pk for pk, _visibility in unindexed] + ranked, why


# Assets outside the ranked index listed for one query at most (a registry imported but not yet indexed
# must not turn every search into a scan of everything).
UNINDEXED_LIMIT = 1000


def _unindexed_matches(query: str, visible: QuerySet[Asset]) -> list[tuple[int, str]]:
    from matching.models import IndexedDocument
    from matching.text import literal_match

    rows = IndexedDocument.objects.filter(namespace=IndexedDocument.Namespace.ASSETS)
    outside = visible.exclude(Exists(rows.filter(object_id=OuterRef("pk"), searchable=True)))
    unsearchable = rows.filter(searchable=False, object_id__in=outside.values("pk"))
    found = [
        pk for pk, text in unsearchable.values_list("object_id", "lexical_text") if literal_match(query, text)
    ]
    waiting = filtered(outside.exclude(pk__in=unsearchable.values("object_id")), query=query)
    matches = outside.filter(Q(pk__in=found[:UNINDEXED_LIMIT]) | Q(pk__in=waiting.values("pk")))
    ordered = matches.order_by("-publication_date", "-id").values_list("pk", "visibility")
    return list(ordered[:UNINDEXED_LIMIT])


def _explain_unindexed(visibility: str) -> str:
    if visibility == Asset.Visibility.PUBLIC:
        return str(_("Every word found; not in the search index yet"))
    return str(_("Every word found in a confidential asset you may see"))


def public_counts() -> dict[str, int]:
    """Live figures for the home page, from public records only."""
    public = Asset.objects.filter(visibility=Asset.Visibility.PUBLIC)
    return {
        "assets": public.count(),
        "cancer_assets": public.filter(Q(biomedical__indications__is_cancer=True)).distinct().count(),
        "jurisdictions": public.values("jurisdiction").distinct().count(),
    }
