"""The registry search's relevance ranking: the matching engine's hybrid hits, after the assets the ranked
index cannot hold (the viewer's confidential ones, those still waiting to be indexed). Registered with
`assets.search.RANKING` in this app's ready()."""

from collections.abc import Callable

from django.db.models import Q, QuerySet
from django.utils.translation import gettext as _

from accounts.models import AnyUser
from assets.models import Asset
from assets.search import CONTRIBUTED, Why, confidential_ids, filtered
from core.errors import Conflict
from matching.backends import get_backend
from matching.models import IndexedDocument
from matching.services import WITHIN_LIMIT, shared_terms
from matching.services import search_assets as engine_search
from matching.text import literal_match


def ranked_ids(
    user: AnyUser | None,
    query: str,
    visible: QuerySet[Asset],
    *,
    narrowed: bool = False,
    confidential: list[int] | None = None,
    waiting: int | None = None,
) -> tuple[list[int], Callable[[list[int]], dict[int, Why]]]:
    """Ids best first, and why each of a page of them matched (a function of the page, so that only the
    page's indexed rows are read). First the assets the ranked index cannot hold that hold every word of
    the query (the viewer's organisation's confidential ones, across languages through
    their indexed terms, and those still waiting to be indexed), then the matching engine's hits.
    `confidential` (the viewer's confidential assets) and `waiting` (how many visible assets wait for
    the index) are the caller's when it has read them already."""
    within = None
    if narrowed:  # filters: score every asset they leave (when few), not only the unfiltered best
        ids = list(visible.order_by().values_list("pk", flat=True)[: WITHIN_LIMIT + 1])  # unsorted: cheap
        within = ids if len(ids) <= WITHIN_LIMIT else None
    hits, terms = engine_search(query, user=user, within=within)  # visible to the user, and within
    if narrowed and within is None:  # filters the engine did not apply
        allowed = set(visible.filter(pk__in=[h.id for h in hits]).values_list("pk", flat=True))
        ranked = [h.id for h in hits if h.id in allowed]
    else:
        ranked = [h.id for h in hits]
    mine = confidential_ids(user) if confidential is None else confidential
    unindexed = _unindexed_matches(query, visible, user, mine, waiting)
    literal = tuple(terms)
    first = {pk: Why(_explain_unindexed(visibility), literal) for pk, visibility in unindexed}
    engine_hits = set(ranked)

    def why(page: list[int]) -> dict[int, Why]:
        """Why each of `page` (a page of the ids) matched: only the page's indexed rows are read."""
        reasons = {pk: first[pk] for pk in page if pk in first and pk not in engine_hits}
        wanted = [pk for pk in page if pk in engine_hits]  # the engine's reason wins, as it is the newer
        shared = shared_terms(IndexedDocument.Namespace.ASSETS, wanted, terms)
        for pk in wanted:
            words = shared.get(pk) or []
            text = _("Matched: %(terms)s") % {"terms": ", ".join(words)} if words else _("Close in meaning")
            reasons[pk] = Why(str(text), tuple(words))
        return reasons

    return [pk for pk, _visibility in unindexed] + ranked, why


# Assets outside the ranked index listed for one query at most (a registry imported but not yet indexed
# must not turn every search into a scan of everything).
UNINDEXED_LIMIT = 1000


def _unindexed_matches(
    query: str, visible: QuerySet[Asset], user: AnyUser | None, mine: list[int], waiting: int | None
) -> list[tuple[int, str]]:
    """The visible assets the ranked index does not hold (those waiting for it, and the confidential ones
    the viewer may see) that hold every word; both sets come from small partial indexes (read before the
    filters, which would lead the database to scan what they leave), and nothing is scanned when both are
    empty, as for anyone without confidential assets once the index is current."""
    everything = Asset.objects.visible_to(user)
    pending = visible.filter(pk__in=everything.filter(index_pending=True).values("pk"))
    confidential = visible.filter(pk__in=mine)
    behind = everything.filter(index_pending=True).exists() if waiting is None else waiting > 0
    if not (mine or behind):
        return []
    outside = visible.filter(Q(pk__in=pending.values("pk")) | Q(pk__in=confidential.values("pk")))
    rows = IndexedDocument.objects.filter(namespace=IndexedDocument.Namespace.ASSETS)
    # Confidential assets read by the indexer: their indexed words (across languages) are matched here.
    unsearchable = rows.filter(
        searchable=False, object_id__in=confidential.exclude(index_pending=True).values("pk")
    )
    found = [
        pk for pk, text in unsearchable.values_list("object_id", "lexical_text") if literal_match(query, text)
    ]
    literal = filtered(outside.exclude(pk__in=unsearchable.values("object_id")), query=query)
    matches = outside.filter(Q(pk__in=found[:UNINDEXED_LIMIT]) | Q(pk__in=literal.values("pk")))
    ordered = matches.order_by("-publication_date", "-id").values_list("pk", "visibility")
    return list(ordered[:UNINDEXED_LIMIT])


def _explain_unindexed(visibility: str) -> str:
    if visibility == Asset.Visibility.PUBLIC:
        return str(_("Every word found; not in the search index yet"))
    return str(_("Every word found in a confidential asset you may see"))


def engine_facets(filters: dict, ids: list[int] | None = None) -> tuple[int, dict[str, dict]] | None:
    """The public assets that pass the (cleaned) filters, among `ids` when given (the ranked results, or
    the holders of a contributed facet's value such as a certified claim), counted by the engine: how
    many, and how many under each facet value. None when the engine cannot count (a backend without
    aggregations, an index of an earlier version, a contributed filter not turned into `ids`): the
    registry then counts in the database."""
    if any(name in CONTRIBUTED for name in filters):
        return None
    required = [f"{name}={value}" for name, value in filters.items()]
    try:
        counted = get_backend().facet_counts(IndexedDocument.Namespace.ASSETS, required, ids)
    except Conflict:  # an index of an earlier version, until rebuilt: listing the registry still works
        return None
    if counted is None:
        return None
    total, tokens = counted
    facets: dict[str, dict] = {}
    for token, count in tokens.items():
        name, _sep, value = token.partition("=")
        facets.setdefault(name, {})[int(value) if name == "phase" else value] = count
    return total, facets


def engine_newest(filters: dict, ids, offset: int, limit: int) -> list[tuple[int, int]] | None:
    """The public assets that pass the (cleaned, the engine's own) filters, among `ids` when given, newest
    first from `offset`, at most `limit`, as (id, `assets.search.newest_key`) pairs. None when the
    backend cannot order (an embedded index of an earlier version, PostgreSQL rows whose registry columns
    are not filled yet): the database orders; a limit of 0 only asks whether it can (the backend answers,
    so that PostgreSQL checks its rows)."""
    backend = get_backend()
    if not backend.orders_newest or any(name in CONTRIBUTED for name in filters):
        return None
    required = [f"{name}={value}" for name, value in filters.items()]
    among = None if ids is None else sorted(ids)
    try:
        return backend.newest(IndexedDocument.Namespace.ASSETS, required, among, offset, limit)
    except Conflict:
        return None
