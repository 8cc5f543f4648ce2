"""Pages come from each worker's bitsets in publication order: the same listings, in the same order, as the
postings walk in the database would give, page after page, whichever way the page is found."""

from datetime import timedelta

import pytest
from django.db.models import Exists, OuterRef, Q
from django.utils import timezone

from listings import facets, services
from listings.facets import facet_index
from listings.indexing import current_generation, index_listing
from listings.models import Listing, ListingKey
from listings.search import conditions, search_listings

pytestmark = pytest.mark.django_db


@pytest.fixture
def market(make_listing, asset, staff):
    deal_types = ["exclusive_licence", "assignment", "non_exclusive_licence"]
    listings = [
        make_listing([asset], publish=True, staff=staff, title=f"Offer {n}", deal_type=deal_types[n % 3])
        for n in range(14)
    ]
    same_moment = timezone.now() - timedelta(days=1)
    for listing in listings[3:9]:  # ties in publication order are broken by id, as the walk does
        Listing.objects.filter(pk=listing.pk).update(published_at=same_moment)
        listing.refresh_from_db()
        index_listing(listing)
    return listings


def matching(conds):
    """The postings of the listings that meet every condition, walked in the database: the reference the
    bitsets are held to."""
    postings = (
        ListingKey.objects.filter(key=conds[0][0])
        if len(conds[0]) == 1
        else ListingKey.objects.filter(key="all")
    )
    for cond in conds:
        postings = postings.filter(
            Exists(ListingKey.objects.filter(listing_id=OuterRef("listing_id"), key__in=cond))
        )
    return postings


def walked(conds, after, limit):
    postings = matching(conds)
    if after:
        postings = postings.filter(Q(sort__lt=after[0]) | Q(sort=after[0], listing_id__lt=after[1]))
    return [
        tuple(r) for r in postings.order_by("-sort", "-listing_id").values_list("listing_id", "sort")[:limit]
    ]


@pytest.mark.parametrize("direct", [0, 10**9], ids=["scanning", "sorting all matches"])
@pytest.mark.parametrize(
    ("query", "filters"),
    [("", {}), ("", {"deal_type": "assignment"}), ("kras", {"territory": "SG"}), ("nothing", {})],
)
def test_pages_follow_the_postings_walk(market, monkeypatch, direct, query, filters):
    monkeypatch.setattr(facets, "DIRECT", direct)
    conds, after, pages = conditions(query, filters), None, 0
    while True:
        expected = walked(conds, after, 4)
        assert facet_index(current_generation()).page(conds, after, 4) == expected
        pages += 1
        if len(expected) < 4:
            break
        after = (expected[2][1], expected[2][0])
    assert pages >= (2 if query != "nothing" else 1)


def test_the_order_follows_the_market(market, make_listing, asset, staff, alice):
    first = search_listings(per_page=3).listings
    newest = make_listing([asset], publish=True, staff=staff, title="Newest offer")
    assert [card.pk for card in search_listings(per_page=3).listings] == [newest.pk, first[0].pk, first[1].pk]
    services.close_listing(listing=newest, by=alice, outcome="withdrawn")
    services.close_listing(listing=market[-1], by=alice, outcome="withdrawn")
    assert [card.pk for card in search_listings(per_page=2).listings] == [first[1].pk, first[2].pk]


def test_a_bitset_leaves_out_ids_the_index_has_no_room_for_yet():
    import numpy as np

    bits = facets._bitset([0, 63, 64, 4095, 4096, 9000], 4096)
    assert len(bits) == 64 and int(np.bitwise_count(bits).sum()) == 4
    assert (
        bits[0] == np.uint64(1) | np.uint64(1) << np.uint64(63)
        and bits[1] == 1
        and bits[63] >> np.uint64(63) == 1
    )
