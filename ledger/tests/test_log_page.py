"""The transparency log page pages through every entry, newest first, and finds the entries of a subject."""

import re

import pytest

from ledger import services

pytestmark = pytest.mark.django_db


@pytest.fixture
def long_log(db):
    services.record_many(
        services.LogItem("asset.registered", f"assets.asset:{i}", {"title": f"Asset {i}"}) for i in range(120)
    )
    services.record("listing.published", subject="listings.listing:7", public={"title": "Listing 7"})


def _indexes(html: str) -> list[int]:
    return [int(i) for i in re.findall(r'href="/api/v1/ledger/entries/(\d+)"', html)]


def test_the_page_walks_back_through_every_entry(client, long_log):
    seen, url = [], "/ledger/"
    while url:
        html = client.get(url).content.decode()
        seen += _indexes(html)
        older = re.search(r'rel="next" href="([^"]+)"', html)
        url = "/ledger/" + older.group(1).replace("&amp;", "&") if older else ""
    assert seen == list(range(120, -1, -1))


def test_a_subject_with_an_id_finds_exactly_its_entries(client, long_log):
    html = client.get("/ledger/", {"subject": "assets.asset:4"}).content.decode()
    assert _indexes(html) == [4]


def test_a_kind_of_subject_finds_every_object_of_that_kind(client, long_log):
    html = client.get("/ledger/", {"subject": "listings.listing"}).content.decode()
    assert _indexes(html) == [120]


def test_an_unknown_subject_says_so(client, long_log):
    html = client.get("/ledger/", {"subject": "assets.asset:999999"}).content.decode()
    assert "No entry about this subject." in html


def test_a_malformed_page_position_shows_the_newest_entries(client, long_log):
    response = client.get("/ledger/", {"before": "x'; drop"})
    assert response.status_code == 200
    assert _indexes(response.content.decode())[0] == 120
