"""How many database queries one registry search costs (API and page, with facets), whatever the registry
holds: the ranking, ordering, facet counts and labels come from the engine and cached vocabularies, the
cards from the database by primary key. A bound on the number of queries, never on time."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from assets.models import Asset, BiomedicalProfile, Classification, Indication
from matching.backends import get_backend
from matching.indexing import rebuild_asset_index
from matching.tests.conftest import make_asset

SEARCHES = [
    {"q": "lung cancer"},
    {"q": "KRAS抑制剂"},
    {"q": "asthma", "cpc_section": "A"},
    {},
    {"cpc_section": "A"},
    {"jurisdiction": "US", "kind": "invention"},
    {"certified": "validity"},
]


@pytest.fixture
def registry(corpus, alice_org):
    for asset in corpus.values():
        Classification.objects.create(asset=asset, scheme="cpc", code="A61K31/00", section="A")
    first = corpus["US11000001B2"]
    BiomedicalProfile.objects.create(asset=first, phase=3, modality="small_molecule").indications.set(
        Indication.objects.filter(code__in=["nsclc"])
    )
    make_asset(
        "JP11000099B2",
        "Confidential KRAS back-up",
        "Confidential lung cancer.",
        ["A61P35/00"],
        owner=alice_org,
        visibility=Asset.Visibility.CONFIDENTIAL,
    )
    rebuild_asset_index()
    return corpus


def _queries(client, url: str, params: dict) -> int:
    client.get(url, params)  # caches filled (vocabularies, labels), as on a running server
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url, params)
    assert response.status_code == 200
    return len(captured.captured_queries)


# Anonymous: the backlog count, the certified claims in force, the ranking's checks of its hits (indexed,
# visible), the words shared with each hit, the cards. A member adds the session and the header's rows
# on a page, and the facets of their own confidential assets (one GROUP BY per facet, over a few rows).
# The PostgreSQL backend's ranking reads its candidates' rows in the database (full-text search, scores,
# attributes: 4 more with words); without words it reads the rows' generation (the counts are kept per
# generation) and the page's ids newest first: 5 in all, where the database's GROUP BYs took 19.
BOUNDS = {
    "embedded": {"anonymous": (8, 8), "owner": (20, 27)},  # (API, page)
    "postgres": {"anonymous": (12, 12), "owner": (24, 31)},
}


@pytest.mark.parametrize("params", SEARCHES)
@pytest.mark.parametrize("viewer", ["anonymous", "owner"])
def test_one_registry_search_costs_few_queries(registry, client, users, viewer, params):
    if users[viewer] is not None:
        client.force_login(users[viewer])
    api_bound, page_bound = BOUNDS[get_backend().name][viewer]
    assert _queries(client, "/api/v1/assets", params) <= api_bound
    assert _queries(client, "/assets/", params) <= page_bound


# Without words an anonymous search reads the backlog, the certified claims in force, the page's ids newest
# first (the engine's own index; PostgreSQL: the rows' newest-first keys, whether every row is filled, and
# their generation for the kept counts) and the cards: no GROUP BY over the registry on either backend.
WITHOUT_WORDS = {"embedded": 4, "postgres": 6}


@pytest.mark.parametrize("params", [params for params in SEARCHES if "q" not in params])
def test_an_anonymous_search_without_words_is_counted_and_ordered_by_the_engine(registry, client, params):
    bound = WITHOUT_WORDS[get_backend().name]
    assert _queries(client, "/api/v1/assets", params) <= bound
    assert _queries(client, "/assets/", params) <= bound
