"""The marketplace's relevance order: the matching engine's hybrid ranking over the listings on the market.

Which listings a search finds is the postings' business (search.py, facets.py): exact counts and facets,
the same for the page, the API and saved-search alerts. In which order a search with words shows them is
the engine's, as for the registry: the engine's "listings" namespace holds every listing on the market as a
document (its public words in every language the seller wrote, folded and glossary-expanded; its vector
from the headline and teaser), and a search's matches come best first by the fused score of BM25 and the
encoder's cosine. Matches the engine did not score (past its candidate depth, or written since its last
refresh) follow, newest first.

The documents follow the listings through the search's one freshness hook: `search.freshness.apply`
queues `refresh` on commit for every listing whose postings it rewrote, and `refresh` moves the search
generation when a document changed, so that no worker keeps an order of before. `ipharbour listings
reindex` rebuilds the namespace, and the recovery at start (`catch_up`) indexes the listings on the market
that it lacks, or rebuilds the namespace when its files are gone or were written by another version.

The ranked part of a search's pages is paged by position (a cursor says how many ranked listings were
shown): when the market changes between two pages, a reader paging on may meet a listing twice or miss one
that moved, as with any paging by offset; the newest-first part after it is paged by key.
"""

import logging
from collections.abc import Callable, Iterable, Iterator

import numpy as np
from django.db import transaction
from django.db.models import QuerySet

from core.errors import Conflict
from listings.facets import facet_index
from listings.indexing import assets_of, bump_generation, current_generation, indication_names, listing_text
from listings.models import Listing
from matching.attributes import Attributes
from matching.backends import get_backend
from matching.documents import Document
from matching.encoder import document_text
from matching.models import IndexedDocument
from matching.services import (
    index_documents,
    rank_documents,
    rebuild_documents,
    remove_documents,
)

NAMESPACE = IndexedDocument.Namespace.LISTINGS
# A search whose words match at most this many listings has every match scored; more, the engine's best
# candidates among them (DEPTH by full text and 100 by meaning: the first pages). Scoring thousands costs
# 30-40 ms per search's words and, through the objects it makes, the worker's full garbage collections
# (200+ ms pauses) at 100,000 listings (docs/benchmarks.md, web).
SCORE_ALL = 500
# Beyond SCORE_ALL, how many of the words' best matches by full text the engine ranks (with its best by
# meaning), so that a filter on a common word still finds its matches best first on its first pages;
# worked out once per worker and search generation for the words, whatever the filters. At 100,000
# listings: 7-8 ms for a word's 500 (4-6 ms for the engine's usual 100), 25-50 ms for 1,000.
DEPTH = 500
logger = logging.getLogger(__name__)


def listing_document(listing: Listing, text: str) -> Document:
    """A listing as the engine indexes it: its public words (`listings.indexing.listing_text`) and facts."""
    return Document(
        id=listing.pk,
        number=str(listing.pk),
        title=listing.title,
        text=text,
        embed_text=document_text(listing.title, listing.summary),
        # The facts the engine's structured signal reads; territories and deal type stay with the postings.
        # Few distinct combinations, so the engine's store keeps a small palette of them (with territories
        # too, 69,000 at 100,000 listings: 280,000 objects for every full garbage collection to walk).
        attributes=Attributes(
            modality=listing.modality, indications=frozenset(listing.indications), phase=listing.phase
        ),
        owner_id=listing.organisation_id,
        searchable=listing.is_public,
    )


def schedule(listing_ids: list[int]) -> None:
    """Refresh these listings' documents once the current transaction commits (nothing if it rolls back)."""
    from listings.tasks import rank_listings

    ids = sorted(set(listing_ids))
    if ids:
        transaction.on_commit(lambda: rank_listings.enqueue(ids))


def _documents(listings: Iterable[Listing]) -> list[Document]:
    names = indication_names()
    return [
        listing_document(listing, listing_text(listing, assets_of(listing), names))
        for listing in listings
        if listing.is_public
    ]


def _listings(ids: list[int]) -> QuerySet[Listing]:
    return Listing.objects.filter(pk__in=ids).select_related("organisation").prefetch_related("translations")


def refresh(listing_ids: list[int]) -> int:
    """Bring the engine's documents of these listings up to date: those on the market in, the rest out.
    Moves the search generation once when a document changed; returns how many did."""
    ids = sorted(set(listing_ids))
    documents = _documents(_listings(ids))
    kept = {document.id for document in documents}
    indexed = IndexedDocument.objects.filter(namespace=NAMESPACE, object_id__in=ids)
    gone = list(indexed.exclude(object_id__in=kept).values_list("object_id", flat=True))
    changed = index_documents(NAMESPACE, documents)
    if gone:
        remove_documents(NAMESPACE, gone)
    if changed or gone:
        # One move of the generation drops every worker's orders and pages; the listing it names is the
        # one whose postings the workers re-read (unchanged, and one is the least there is to re-read).
        bump_generation(min(kept | set(gone)))
    return changed + len(gone)


def rebuild(*, batch_size: int = 256, progress: Callable[[int, int], None] | None = None) -> int:
    """Replace the namespace by every listing on the market (re-encoding only what changed); `progress`
    hears how many of how many listings were read after each batch."""
    ids = list(Listing.objects.public().order_by("pk").values_list("pk", flat=True))

    def batches() -> Iterator[list[Document]]:
        for start in range(0, len(ids), batch_size):
            yield _documents(_listings(ids[start : start + batch_size]))
            if progress is not None:
                progress(min(start + batch_size, len(ids)), len(ids))

    total = rebuild_documents(NAMESPACE, batches())
    bump_generation()
    return total


CATCH_UP = 1000  # more listings missing than this at start: rebuild the namespace in batches instead


def catch_up(recovered: object = None) -> int:
    """A recovery step (`ipharbour recover`, run at start): index the listings on the market that the
    engine lacks (a worker killed before its task ran), or rebuild the namespace when its files hold fewer
    documents than its rows (files lost), were written by another version, or many listings are missing
    (an install upgraded from before the ranking). Returns how many listings it indexed."""
    rows = IndexedDocument.objects.filter(namespace=NAMESPACE)
    missing = list(
        Listing.objects.public().exclude(pk__in=rows.values("object_id")).values_list("pk", flat=True)
    )
    try:
        lost = get_backend().count(NAMESPACE) < rows.filter(searchable=True).count()
    except Conflict:
        lost = True
    if lost or len(missing) > CATCH_UP:
        logger.warning("rebuilding the listings' search index (%d listings missing)", len(missing))
        return rebuild()
    if missing:
        logger.info("ranking %d listings the search engine lacks", len(missing))
        return refresh(missing)
    return 0


def warm() -> None:
    """Load what a worker's first searches would: the search's bitsets for the current generation, and
    the encoder and the engine's listings (through a ranking that finds any listing; nothing is loaded
    when the engine holds none)."""
    facet_index(current_generation())
    rank_documents(NAMESPACE, "cancer")


def ranked(query: str, matches: np.ndarray) -> np.ndarray:
    """The listings of `matches` (what the query finds) that the engine scores for the query, best first:
    every match when they are at most SCORE_ALL, else the engine's best candidates among them (DEPTH by
    full text, with the best by meaning). Empty when
    the engine holds no listing or fails (the search then keeps newest first: ranking is never the reason
    a search fails); search.py keeps the order per search generation."""
    if not len(matches):
        return np.zeros(0, dtype=np.int64)
    try:
        if len(matches) <= SCORE_ALL:
            ids = np.asarray(rank_documents(NAMESPACE, query, matches.tolist()), dtype=np.int64)
        else:
            ids = np.asarray(rank_documents(NAMESPACE, query, depth=DEPTH), dtype=np.int64)
    except Conflict:  # an index of an earlier version, until rebuilt (the recovery at start rebuilds it)
        logger.warning("the listings' index was built by another version: run `ipharbour listings reindex`")
        return np.zeros(0, dtype=np.int64)
    except Exception:  # the engine failed (files, encoder): the matches stay newest first, and it is logged
        logger.exception("ranking the listings for a search failed: they are shown newest first")
        return np.zeros(0, dtype=np.int64)
    return ids[np.isin(ids, matches)]
