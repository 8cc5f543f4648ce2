"""Public listing search: words in any script, facets, keyset pages, cached counts that stay right."""

import pytest

from core.errors import InvalidInput
from listings import services
from listings.search import search_listings
from tests.factories import make_asset

pytestmark = pytest.mark.django_db


@pytest.fixture
def market(make_listing, asset, alice_org, staff, indications):
    from assets.models import BiomedicalProfile

    adc = make_asset(
        alice_org, number="CN300003A", title="HER2 antibody-drug conjugate", cpc_codes=["A61K47/68"]
    )
    BiomedicalProfile.objects.create(asset=adc, modality="adc", phase=4).indications.set(
        [indications["gastric"]]
    )
    device = make_asset(alice_org, number="CN400004U", kind="utility_model", title="Safety syringe")
    return {
        "kras": make_listing([asset], publish=True, staff=staff),
        "adc": make_listing(
            [adc],
            publish=True,
            staff=staff,
            title="HER2 ADC for gastric cancer",
            summary="Phase 3.",
            deal_type="assignment",
            territories=["EU"],
            corridor="mainland_to_overseas",
        ),
        "device": make_listing(
            [device],
            publish=True,
            staff=staff,
            title="Safety syringe platform",
            summary="Worldwide rights.",
            deal_type="non_exclusive_licence",
            territories=[],
        ),
    }


def titles(result):
    return sorted(listing.title for listing in result.listings)


def test_newest_first_and_total(market):
    result = search_listings()
    assert result.total == 3
    assert [listing.pk for listing in result.listings] == [
        market["device"].pk,
        market["adc"].pk,
        market["kras"].pk,
    ]


@pytest.mark.parametrize("query", ["胃癌", "gastric", "GASTRIC cancers", "her2 adc", "CN300003A"])
def test_words_in_any_script_find_the_listing(market, query):
    assert titles(search_listings(query=query)) == ["HER2 ADC for gastric cancer"]


def test_traditional_chinese_finds_the_simplified_indication(market):
    assert titles(search_listings(query="非小細胞肺癌")) == [
        "KRAS G12C inhibitor, exclusive licence for ASEAN"
    ]


def test_the_confidential_part_is_not_searchable(market):
    assert search_listings(query="CONFIDENTIAL-DOSSIER-77").total == 0


@pytest.mark.parametrize(
    ("filters", "expected"),
    [
        ({"deal_type": "assignment"}, ["HER2 ADC for gastric cancer"]),
        (
            {"territory": "SG"},
            ["KRAS G12C inhibitor, exclusive licence for ASEAN", "Safety syringe platform"],
        ),
        ({"territory": "FR"}, ["HER2 ADC for gastric cancer", "Safety syringe platform"]),
        (
            {"territory": "ASEAN"},
            ["KRAS G12C inhibitor, exclusive licence for ASEAN", "Safety syringe platform"],
        ),
        ({"modality": "adc", "phase": "4"}, ["HER2 ADC for gastric cancer"]),
        ({"indication": "nsclc"}, ["KRAS G12C inhibitor, exclusive licence for ASEAN"]),
        (
            {"corridor": "overseas_to_mainland"},
            ["KRAS G12C inhibitor, exclusive licence for ASEAN", "Safety syringe platform"],
        ),
        ({"seller_country": "cn", "deal_type": "assignment"}, ["HER2 ADC for gastric cancer"]),
        ({"deal_type": "co_development"}, []),
    ],
)
def test_facet_filters(market, filters, expected):
    assert titles(search_listings(filters=filters)) == expected


def test_facet_counts_follow_the_filters(market):
    facets = search_listings(filters={"territory": "SG"}).facets
    deal_types = {row["value"]: row["count"] for row in facets["deal_type"]}
    assert deal_types == {"exclusive_licence": 1, "non_exclusive_licence": 1}
    labels = {row["value"]: row["label"] for row in facets["deal_type"]}
    assert labels["exclusive_licence"] == "Exclusive licence"


def test_keyset_pages_cover_everything_once(make_listing, asset, staff):
    for n in range(7):
        make_listing(
            [asset], publish=True, staff=staff, title=f"Listing {n}", deal_type="non_exclusive_licence"
        )
    seen, cursor = [], ""
    while True:
        page = search_listings(per_page=3, cursor=cursor)
        seen += [listing.title for listing in page.listings]
        if not page.next_cursor:
            break
        cursor = page.next_cursor
    assert sorted(seen) == sorted(f"Listing {n}" for n in range(7))
    assert page.total == 7


def test_counts_change_when_the_market_does(market, alice):
    assert search_listings(filters={"deal_type": "assignment"}).total == 1
    services.close_listing(listing=market["adc"], by=alice, outcome="withdrawn")
    result = search_listings(filters={"deal_type": "assignment"})
    assert (result.total, result.listings) == (0, [])


@pytest.mark.parametrize(
    "arguments",
    [
        {"filters": {"deal_type": "barter"}},
        {"filters": {"territory": "Narnia"}},
        {"filters": {"phase": "9"}},
        {"filters": {"indication": "DROP TABLE"}},
        {"cursor": "not-a-cursor"},
        {"per_page": 0},
        {"per_page": 1000},
        {"query": "x" * 600},
    ],
)
def test_bad_search_input_is_refused(market, arguments):
    with pytest.raises(InvalidInput):
        search_listings(**arguments)


def test_the_facet_bitsets_follow_the_market_change_by_change(market, make_listing, asset, staff, alice):
    import numpy as np

    from listings import facets
    from listings.indexing import current_generation

    before = facets.facet_index(current_generation())
    loaded_at = before.generation
    extra = make_listing(
        [asset], publish=True, staff=staff, title="Fourth", deal_type="co_development", territories=["GCC"]
    )
    services.close_listing(listing=market["adc"], by=alice, outcome="withdrawn")
    after = facets.facet_index(current_generation())
    assert after is before and after.generation > loaded_at  # brought up to date from the change log
    fresh = facets.FacetIndex(current_generation())
    assert set(fresh.bits) <= set(after.bits)
    for key, bits in after.bits.items():
        expected = fresh.bits.get(key, np.zeros_like(bits))
        assert np.array_equal(bits[: len(expected)], expected[: len(bits)]), key
    result = search_listings(filters={"territory": "AE"})
    assert [listing.pk for listing in result.listings] == [extra.pk, market["device"].pk]
    assert result.total == 2


def test_a_worker_far_behind_reloads(market, make_listing, asset, staff):
    from listings import facets
    from listings.indexing import current_generation
    from listings.models import SearchChange

    before = facets.facet_index(current_generation())
    make_listing([asset], publish=True, staff=staff, title="Fifth", deal_type="co_development")
    SearchChange.objects.all().delete()  # the log was pruned past this worker
    assert search_listings(filters={"deal_type": "co_development"}).total == 1
    assert facets.facet_index(current_generation()) is not before
