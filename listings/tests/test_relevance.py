"""The marketplace ranks a search's matches by relevance (the matching engine's hybrid over the listings on
the market), newest first only without words; which listings match, their counts and facets stay the
postings' (the same for the page, the API and alerts)."""

import numpy as np
import pytest

from listings import relevance, services
from listings.indexing import current_generation
from listings.models import Listing
from listings.search import decode_cursor, listing_matches, search_listings
from matching.backends import get_backend
from matching.models import IndexedDocument
from tests.factories import make_asset

pytestmark = pytest.mark.django_db


@pytest.fixture
def market(make_listing, alice_org, staff, django_capture_on_commit_callbacks):
    """Published oldest first: the listing about bispecific antibodies is the oldest, the one that mentions
    them in passing the newest; the engine's documents follow on commit."""
    chinese = make_asset(alice_org, number="CN500005A", title="一种双特异性抗体及其用途")
    kras = make_asset(alice_org, number="CN500007A", title="KRAS G12C inhibitor")
    with django_capture_on_commit_callbacks(execute=True):
        return {
            "about": make_listing(
                [chinese],
                publish=True,
                staff=staff,
                title="Bispecific antibody against HER2 and PD-1",
                summary="A bispecific antibody for gastric cancer, exclusive licence for ASEAN.",
            ),
            "unrelated": make_listing([kras], publish=True, staff=staff, title="KRAS G12C inhibitor"),
            "passing": make_listing(
                [kras],
                publish=True,
                staff=staff,
                title="Oral KRAS G12C inhibitor for lung cancer",
                summary="Combination studies with a partner's bispecific antibody are planned.",
            ),
        }


def pks(result) -> list[int]:
    return [card.pk for card in result.listings]


@pytest.mark.parametrize("query", ["bispecific antibody", "双特异性抗体", "雙特異性抗體"])
def test_words_rank_by_relevance_in_every_language(market, query):
    result = search_listings(query=query)
    assert pks(result) == [market["about"].pk, market["passing"].pk]
    assert result.total == 2


def test_without_words_newest_first(market):
    assert pks(search_listings()) == [market["passing"].pk, market["unrelated"].pk, market["about"].pk]


def test_the_ranking_reorders_only_what_the_words_find(market):
    """Counts, facets and alerts are the postings': the same set whichever order the page shows."""
    result = search_listings(query="bispecific antibody")
    assert result.facets["deal_type"] == [
        {"value": "exclusive_licence", "label": "Exclusive licence", "count": 2}
    ]
    params = {"q": "bispecific antibody"}
    assert {
        pk for pk, listing in ((m.pk, m) for m in market.values()) if listing_matches(listing, params)
    } == set(pks(result))


def test_pages_go_through_the_ranked_then_the_newest(market, make_listing, staff, asset):
    """A listing the engine has not ranked yet (its task not run) still matches: after the ranked ones,
    newest first; pages by cursor give every match once."""
    waiting = make_listing(
        [asset], publish=True, staff=staff, title="Bispecific antibody fragment", summary="Not ranked yet."
    )
    assert not IndexedDocument.objects.filter(namespace=relevance.NAMESPACE, object_id=waiting.pk).exists()
    first = search_listings(query="bispecific antibody", per_page=1)
    assert pks(first) == [market["about"].pk]
    assert decode_cursor(first.next_cursor).shown == 1
    second = search_listings(query="bispecific antibody", per_page=1, cursor=first.next_cursor)
    third = search_listings(query="bispecific antibody", per_page=1, cursor=second.next_cursor)
    assert pks(second) + pks(third) == [market["passing"].pk, waiting.pk]
    assert third.next_cursor == ""
    whole = search_listings(query="bispecific antibody", per_page=2)
    rest = search_listings(query="bispecific antibody", per_page=2, cursor=whole.next_cursor)
    assert decode_cursor(whole.next_cursor).shown == 2  # the page ended among the ranked ones
    assert pks(whole) + pks(rest) == [market["about"].pk, market["passing"].pk, waiting.pk]


def test_a_filter_keeps_the_ranked_order(market, make_listing, staff, asset):
    result = search_listings(query="bispecific antibody", filters={"territory": "SG"})
    assert pks(result) == [market["about"].pk, market["passing"].pk]
    assert search_listings(query="bispecific antibody", filters={"deal_type": "assignment"}).total == 0


def test_an_edit_moves_the_order_on_commit(market, django_capture_on_commit_callbacks):
    """The same search after an edit (any path: a save, the back office) ranks the listing by its new words:
    the KRAS listing renamed to a bispecific antibody comes before the newer one that only mentions it."""
    renamed, before = market["unrelated"], current_generation()
    assert pks(search_listings(query="bispecific antibody")) == [market["about"].pk, market["passing"].pk]
    with django_capture_on_commit_callbacks(execute=True):
        renamed.title = "Bispecific antibody against HER2 and CD3"
        renamed.summary = "A bispecific antibody for breast cancer."
        renamed.save()
    assert current_generation() > before
    found = pks(search_listings(query="bispecific antibody"))
    assert set(found[:2]) == {market["about"].pk, renamed.pk}
    assert found[2] == market["passing"].pk


def test_a_listing_off_the_market_leaves_the_engine(market, alice, django_capture_on_commit_callbacks):
    listing = market["passing"]
    with django_capture_on_commit_callbacks(execute=True):
        services.close_listing(listing=listing, by=alice, outcome="withdrawn")
    assert not IndexedDocument.objects.filter(namespace=relevance.NAMESPACE, object_id=listing.pk).exists()
    assert get_backend().count(relevance.NAMESPACE) == 2  # the engine's own files, not only its rows
    everyone = np.asarray([m.pk for m in market.values()])
    assert listing.pk not in relevance.ranked("bispecific antibody", everyone).tolist()
    assert pks(search_listings(query="bispecific antibody")) == [market["about"].pk]


def test_confidential_words_are_never_ranked(
    market, make_listing, alice_org, staff, django_capture_on_commit_callbacks
):
    """The engine holds the listing's public words only: neither its confidential part nor the title of a
    confidential asset it offers."""
    secret = make_asset(alice_org, number="CN500099A", title="Zyxoquine salt form", visibility="confidential")
    public = make_asset(alice_org, number="CN500098A", title="Bispecific antibody platform")
    with django_capture_on_commit_callbacks(execute=True):
        listing = make_listing([public, secret], publish=True, staff=staff, title="Platform licence")
    rows = IndexedDocument.objects.filter(namespace=relevance.NAMESPACE)
    assert rows.filter(object_id=listing.pk).exists()
    for text in rows.values_list("lexical_text", flat=True):
        assert "confidential" not in text.lower() and "zyxoquine" not in text.lower()
    assert search_listings(query="CONFIDENTIAL-DOSSIER-77").total == 0
    assert search_listings(query="Zyxoquine").total == 0


def test_recovery_ranks_what_the_engine_lacks(market, make_listing, staff, asset):
    waiting = make_listing([asset], publish=True, staff=staff, title="Bispecific antibody fragment")
    assert relevance.catch_up() == 1
    assert IndexedDocument.objects.filter(namespace=relevance.NAMESPACE, object_id=waiting.pk).exists()
    assert relevance.catch_up() == 0


def test_rebuild_replaces_the_namespace(market, alice):
    IndexedDocument.objects.filter(namespace=relevance.NAMESPACE, object_id=market["about"].pk).delete()
    services.close_listing(listing=market["passing"], by=alice, outcome="deal")  # its task never runs here
    assert relevance.rebuild() == 2
    indexed = IndexedDocument.objects.filter(namespace=relevance.NAMESPACE)
    assert sorted(indexed.values_list("object_id", flat=True)) == [market["about"].pk, market["unrelated"].pk]
    assert get_backend().count(relevance.NAMESPACE) == 2


def test_recovery_rebuilds_lost_files(market, settings):
    import shutil

    from matching.backends import backend_name

    if backend_name() != "embedded":
        pytest.skip("the PostgreSQL backend keeps its documents in the database: no index files to lose")
    shutil.rmtree(settings.DATA_DIR / "index" / relevance.NAMESPACE)
    assert relevance.catch_up() == 3  # rows without files: rebuilt from the listings
    assert get_backend().count(relevance.NAMESPACE) == 3
    assert relevance.catch_up() == 0


def test_recovery_rebuilds_when_many_are_missing(market, monkeypatch):
    monkeypatch.setattr(relevance, "CATCH_UP", 0)
    IndexedDocument.objects.filter(namespace=relevance.NAMESPACE, object_id=market["about"].pk).delete()
    assert relevance.catch_up() == 3  # more missing than CATCH_UP: a rebuild in batches


def test_an_engine_failure_keeps_newest_first(market, monkeypatch):
    def fail(*args, **kwargs):
        raise OSError("index files unreadable")

    monkeypatch.setattr(relevance, "rank_documents", fail)
    assert pks(search_listings(query="bispecific antibody")) == [market["passing"].pk, market["about"].pk]


def test_a_filter_intersects_the_words_order(market, monkeypatch):
    """Words that find more than the engine scores in full: the order is the engine's best candidates for
    the words, shared by every filter (worked out once), then the rest newest first."""
    from listings.indexing import index_listing

    about = market["about"]
    Listing.objects.filter(pk=market["passing"].pk).update(deal_type="assignment")
    index_listing(Listing.objects.get(pk=market["passing"].pk))
    monkeypatch.setattr(relevance, "SCORE_ALL", 1)
    asked, original = [], relevance.ranked

    def recorded(query, matches):
        asked.append(sorted(matches.tolist()))
        return original(query, matches)

    monkeypatch.setattr(relevance, "ranked", recorded)
    result = search_listings(query="bispecific antibody", filters={"deal_type": "exclusive_licence"})
    assert pks(result) == [about.pk]
    assert pks(search_listings(query="bispecific antibody")) == [about.pk, market["passing"].pk]
    assert asked == [sorted([about.pk, market["passing"].pk])]  # once, for the words


def test_an_empty_engine_keeps_newest_first(make_listing, asset, staff):
    listings = [make_listing([asset], publish=True, staff=staff, title=f"KRAS offer {n}") for n in range(3)]
    assert relevance.ranked("kras", np.asarray([item.pk for item in listings])).size == 0
    assert pks(search_listings(query="kras")) == [item.pk for item in reversed(listings)]


def test_many_matches_rank_deeper_than_the_engines_usual_candidates(market, monkeypatch):
    """Words that find more than SCORE_ALL: the engine ranks its DEPTH best by full text (with its best by
    meaning), not only its usual few, so a filter on a common word still meets its matches ranked."""
    from matching import engine

    monkeypatch.setattr(relevance, "SCORE_ALL", 1)
    monkeypatch.setattr(engine, "LEXICAL_DEPTH", 1)
    monkeypatch.setattr(engine, "DENSE_DEPTH", 1)
    everyone = np.asarray(sorted(listing.pk for listing in market.values()))
    ranked = relevance.ranked("inhibitor antibody", everyone)  # each listing holds one of the words
    assert sorted(ranked.tolist()) == everyone.tolist()
    assert ranked[0] == market["passing"].pk  # the one that holds both
    monkeypatch.setattr(relevance, "DEPTH", 1)
    assert len(relevance.ranked("inhibitor antibody", everyone)) < len(everyone)


def test_many_matches_rank_the_engines_best_candidates(market, monkeypatch):
    """Past SCORE_ALL matches the engine ranks its best candidates among them (the first pages), not
    every match: the same best first here, where its candidates hold them all."""
    monkeypatch.setattr(relevance, "SCORE_ALL", 1)
    assert pks(search_listings(query="双特异性抗体")) == [market["about"].pk, market["passing"].pk]


def test_a_worker_warms_up_the_search_before_its_first_request(market):
    """gunicorn runs the warm-up in each worker (gunicorn.conf.py): the marketplace's step loads the
    search's bitsets and the engine (its encoder reads a query), so the first visitor does not wait."""
    from core.warmup import WARMING, warm
    from listings import facets
    from matching.encoder import encode_query

    assert relevance.warm in WARMING.subscribers
    facets.reset()
    encode_query.cache_clear()
    assert warm() == len(WARMING.subscribers)
    assert facets._index is not None and facets._index.generation == current_generation()
    assert encode_query.cache_info().currsize == 1
