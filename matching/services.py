"""The matching engine's public services: what the marketplace, the registry and the command line call.

- match_text: a need's text and structured filters → ranked assets (or listings), each explained;
- similar_assets: an asset → the assets most like it;
- organisations_for_text: a listing's text → organisations likely to want it;
- schedule_index: subscribed to the registry's ASSETS_WRITTEN, queued on commit after assets change;
- index_documents / rebuild_documents / remove_documents / register_namespace / rank_documents: how the
  marketplace brings and ranks its listings and needs.
"""

from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from typing import Any

import numpy as np
from django.db import transaction
from django.utils.translation import gettext as _

from accounts.models import AnyUser, Organisation
from assets.models import Asset
from assets.vocabulary import INDICATIONS
from core.errors import InvalidInput, NotFound
from core.languages import fold, in_turns
from matching import engine
from matching.attributes import Filters
from matching.backends import get_backend
from matching.encoder import document_text, encode_one, encode_query, from_bytes
from matching.explain import organisation_reason
from matching.indexing import index_documents, rebuild_documents, remove_documents
from matching.models import IndexedDocument
from matching.scoring import Buyer, Hit, Query, current_weights, fuse
from matching.text import QUERY_TERMS, query_terms, tokens

__all__ = [
    "index_documents",
    "match_text",
    "organisations_for_text",
    "rank_documents",
    "rebuild_documents",
    "register_namespace",
    "remove_documents",
    "schedule_index",
    "search_assets",
    "shared_terms",
    "similar_assets",
]

MAX_TOP = 200
# Which hits a user may see, per namespace. The marketplace registers "listings" and "needs" here.
VISIBILITY: dict[str, Callable[[Any, list[int]], set[int]]] = {}


def _visible_assets(user: AnyUser | None, ids: list[int]) -> set[int]:
    return set(Asset.objects.visible_to(user).filter(pk__in=ids).values_list("pk", flat=True))


VISIBILITY["assets"] = _visible_assets


def register_namespace(namespace: str, visible: Callable[[Any, list[int]], set[int]]) -> None:
    """Let another app match over its own documents (indexed with index_documents), filtered by `visible`."""
    VISIBILITY[namespace] = visible


def schedule_index(asset_ids: Iterable[int]) -> None:
    """Queue re-indexing of assets once the current transaction commits (a no-op if it rolls back)."""
    from matching.tasks import refresh_asset_index

    ids = sorted({int(i) for i in asset_ids})
    if ids:
        transaction.on_commit(lambda: refresh_asset_index.enqueue(ids))


def _check(over: str, top: int) -> None:
    if over not in VISIBILITY:
        raise InvalidInput(_("Matching over %(what)s is not available.") % {"what": over}, field="over")
    if not 1 <= top <= MAX_TOP:
        raise InvalidInput(_("Ask for between 1 and %(max)d results.") % {"max": MAX_TOP}, field="top")


def shared_terms(namespace: str, ids: list[int], terms: list[str]) -> dict[int, list[str]]:
    """The query terms each document's indexed row shares (rows only: an id without one is stale)."""
    rows = IndexedDocument.objects.filter(namespace=namespace, object_id__in=ids)
    wanted = set(terms)
    return {
        object_id: [t for t in dict.fromkeys(text.split()) if t in wanted][:8]
        for object_id, text in rows.values_list("object_id", "lexical_text")
    }


def _explain_terms(hits: list[Hit], namespace: str, terms: list[str]) -> None:
    """Add the shared terms to each lexical explanation (for the few hits shown, from the database)."""
    if not hits or not terms:
        return
    shared_by_id = shared_terms(namespace, [h.id for h in hits], terms)
    for hit in hits:
        shared = shared_by_id.get(hit.id, [])
        for why in hit.why:
            if why.signal == "lexical" and shared:
                why.detail += _("; shared terms: %(terms)s") % {"terms": ", ".join(shared)}
                why.facts["terms"] = shared


def _finish(hits: list[Hit], namespace: str, user: AnyUser | None, terms: list[str], top: int) -> list[Hit]:
    visible = VISIBILITY[namespace](user, [h.id for h in hits])
    shown = [h for h in hits if h.id in visible][:top]
    _explain_terms(shown, namespace, terms)
    return shown


def match_text(
    text: str,
    *,
    user: AnyUser | None = None,
    filters: "dict | Filters | None" = None,
    buyer_organisation: Organisation | None = None,
    top: int = 20,
    over: str = "assets",
    translations: Sequence[str] = (),
) -> list[Hit]:
    """Rank documents for a need: its text in any of the three languages plus structured criteria, and
    its `translations` (the same need in other languages: their terms share the query's in turns; the
    meaning is read from `text`).

    With a buyer organisation, closeness to its portfolio and franchise counts too. Only what `user`
    may see is returned (None is an anonymous visitor: public documents only).
    """
    if not text.strip():
        raise InvalidInput(_("Say what you are looking for."), field="text")
    _check(over, top)
    terms = in_turns([query_terms(version) for version in (text, *translations)], QUERY_TERMS)
    query = Query(encode_one(text), terms, Filters.of(filters), buyer_profile(buyer_organisation))
    hits = engine.rank(get_backend(), over, query, current_weights(), top=top * 2)
    return _finish(hits, over, user, terms, top)


# The registry search box ranks this many assets at most (the engine's candidate pools are 100 + 100).
SEARCH_DEPTH = 200
# A hit must share a word with the query (after folding and the glossary) or be this close in meaning:
# the encoder places any two patents of the field above 0.3, so a lower floor lists the whole registry.
SEMANTIC_FLOOR = 0.5
# A filtered search scores every asset the filters leave when they are at most this many.
WITHIN_LIMIT = 5000


def search_assets(
    text: str, *, user: AnyUser | None = None, depth: int | None = None, within: list[int] | None = None
) -> tuple[list[Hit], list[str]]:
    """Assets for a search box, best first, in any of the three languages; and the query's terms.

    The same engine as match_text (BM25 over folded, glossary-expanded terms fused with the encoder's
    cosine), kept to hits that share a term or come close in meaning. Only public assets are indexed;
    hits are filtered by what `user` may see, and an id whose indexed row is gone is dropped as stale.
    With `within` (a filtered set of ids, at most WITHIN_LIMIT) only those are ranked, each of them scored.
    The hits carry no explanation of their score: the search box says why from the words they share.
    """
    terms = query_terms(text)
    query = Query(encode_one(text), terms)
    kept = set(within) if within is not None else None
    pool = [
        c
        for c in engine.candidates(get_backend(), "assets", query, include=within or ())
        if (c.lexical > 0 or c.semantic >= SEMANTIC_FLOOR) and (kept is None or c.id in kept)
    ]
    hits = fuse(pool, query, current_weights(), top=depth or SEARCH_DEPTH, explain=False)
    indexed = set(
        IndexedDocument.objects.filter(namespace="assets", object_id__in=[h.id for h in hits]).values_list(
            "object_id", flat=True
        )
    )
    visible = VISIBILITY["assets"](user, [h.id for h in hits if h.id in indexed])
    return [h for h in hits if h.id in visible], terms


def rank_documents(
    namespace: str, text: str, among: list[int] | None = None, depth: int | None = None
) -> list[int]:
    """Another app's documents (indexed with index_documents) for a search box, best first by the fused
    score of the registry's search (BM25 over folded, glossary-expanded terms and the encoder's cosine):
    every one of `among` when given (pass at most WITHIN_LIMIT), else the engine's best candidates (the
    `depth` best by full text, when given, with the best by meaning). Ids the namespace does not hold are
    left out; an empty namespace answers at once, without encoding."""
    backend = get_backend()
    if not text.strip() or (among is not None and not among) or not backend.count(namespace):
        return []
    query = Query(encode_query(text), query_terms(text))
    pool = engine.candidates(backend, namespace, query, include=among or (), depth=depth)
    return [hit.id for hit in fuse(pool, query, current_weights(), explain=False)]


def _asset_vector(asset: Asset) -> np.ndarray:
    row = IndexedDocument.objects.filter(namespace="assets", object_id=asset.pk).first()
    if row is not None:
        return from_bytes(row.vector)
    return encode_one(document_text(asset.title, asset.abstract))


def similar_assets(asset: Asset, *, user: AnyUser | None = None, top: int = 20) -> list[Hit]:
    """Assets most like this one (itself excluded), by the same fused score as a need."""
    if not Asset.objects.visible_to(user).filter(pk=asset.pk).exists():
        raise NotFound(_("No such asset."))
    _check("assets", top)
    terms = query_terms(f"{asset.title} {asset.abstract[:600]}", limit=32)
    query = Query(_asset_vector(asset), terms)
    hits = engine.rank(get_backend(), "assets", query, current_weights(), top=top * 2, exclude=[asset.pk])
    return _finish(hits, "assets", user, terms, top)


# ---- buyer fit ---------------------------------------------------------------------------------------

_GENERIC = {"disease", "cancer", "carcinoma", "unspecified", "incl", "cell", "and", "acute", "chronic"}


def _indication_keys() -> list[tuple[str, set[str], tuple[str, str]]]:
    keys = []
    for code, english, hant, hans, *_rest in INDICATIONS:
        words = {t for t in tokens(english.split("(")[0]) if t not in _GENERIC} or set(tokens(english))
        keys.append((code, words, (fold(hant.split("（")[0]), fold(hans.split("（")[0]))))
    return keys


def indications_in(text: str) -> frozenset[str]:
    """Indication codes named in free text (English or either Chinese script)."""
    folded, words = fold(text), set(tokens(text))
    return frozenset(
        code
        for code, needed, names in _indication_keys()
        if needed <= words or any(n in folded for n in names)
    )


def buyer_profile(organisation: Organisation | None, *, public_only: bool = False) -> Buyer | None:
    """The buyer's portfolio centroid and franchise text as one vector, and its indications.

    Its confidential assets count only when the profile serves the buyer itself; shown to anyone else
    (likely buyers of a listing), the profile is built from its public assets and franchise alone.
    """
    if organisation is None:
        return None
    documents = IndexedDocument.objects.filter(namespace="assets", owner=organisation)
    if public_only:
        documents = documents.filter(searchable=True)
    rows = list(documents.values_list("vector", "attributes"))
    parts = []
    if rows:
        centroid = np.mean([from_bytes(vector) for vector, _a in rows], axis=0)
        parts.append(centroid / max(float(np.linalg.norm(centroid)), 1e-12))
    if organisation.franchise_areas.strip():
        parts.append(encode_one(organisation.franchise_areas))
    counts = Counter(code for _v, attributes in rows for code in attributes.get("indications", []))
    usual = {code for code, n in counts.items() if n >= max(1, 0.2 * len(rows))}
    indications = indications_in(organisation.franchise_areas) | usual
    if not parts and not indications:
        return None
    vector = None
    if parts:
        mean = np.mean(parts, axis=0)
        vector = (mean / max(float(np.linalg.norm(mean)), 1e-12)).astype(np.float32)
    return Buyer(organisation.name, vector, frozenset(indications), len(rows))


def organisations_for_text(
    text: str, *, user: AnyUser | None = None, top: int = 10
) -> list[tuple[Organisation, float, str]]:
    """Organisations likely to want what the text offers, by the buyer fit of their portfolio and franchise.

    (When the marketplace indexes needs, their closeness joins here.)
    """
    if not text.strip():
        raise InvalidInput(_("Say what is offered."), field="text")
    vector = encode_one(text)
    offered = indications_in(text)
    scored = []
    for organisation in (
        Organisation.objects.visible_to(user).exclude(franchise_areas="", assets=None).distinct()
    ):
        buyer = buyer_profile(organisation, public_only=True)
        if buyer is None or buyer.vector is None:
            continue
        closeness = float(np.clip(vector @ buyer.vector, 0.0, 1.0))
        shared = sorted(offered & buyer.indications)
        score = round(0.5 * closeness + 0.5 * float(bool(shared)), 6)
        detail = organisation_reason(closeness, shared)
        scored.append((organisation, score, detail))
    scored.sort(key=lambda item: (-item[1], item[0].pk))
    return scored[:top]
