"""The registry's facets and totals come from the engine (public assets) plus the database (the viewer's
confidential assets), and equal what the database alone counts, from every viewpoint, with either backend
(the embedded index's fast fields, or the PostgreSQL rows' registry columns); the count of assets waiting
for the index is the maintained flag."""

import pytest

from assets.models import Asset, BiomedicalProfile, Classification, Indication
from assets.search import RANKING, search_assets
from matching.indexing import index_assets, rebuild_asset_index
from matching.registry_search import engine_facets
from matching.tests.conftest import make_asset

VIEWPOINTS = ["anonymous", "outsider", "participant", "owner", "staff"]
FILTERS = [{}, {"jurisdiction": "US"}, {"cpc_section": "A"}, {"phase": "3"}, {"indication": "nsclc"}]


def _classify(asset: Asset, *codes: str) -> None:
    for code in codes:
        Classification.objects.create(asset=asset, scheme="cpc", code=code, section=code[0])


@pytest.fixture
def registry(corpus, alice_org):
    first, second = corpus["US11000001B2"], corpus["US11000003B2"]
    _classify(first, "A61K31/519", "C07D471/04")
    _classify(second, "A61K47/6803")
    profile = BiomedicalProfile.objects.create(asset=first, phase=3, modality="small_molecule")
    profile.indications.set(Indication.objects.filter(code__in=["nsclc", "solid-tumours"]))
    Asset.objects.filter(pk=second.pk).update(holder_country="SG")
    secret = make_asset(
        "JP11000099B2",
        "Confidential KRAS back-up",
        "Confidential.",
        ["A61P35/00"],
        owner=alice_org,
        visibility=Asset.Visibility.CONFIDENTIAL,
    )
    _classify(secret, "A61P35/00")
    BiomedicalProfile.objects.create(asset=secret, phase=3).indications.set(
        Indication.objects.filter(code="nsclc")
    )
    rebuild_asset_index()
    return corpus


def _as_sets(facets: dict) -> dict:
    return {name: {(row["value"], row["count"]) for row in rows} for name, rows in facets.items()}


def _answers(monkeypatch, name: str) -> list:
    """What the engine answers through RANKING.<name> from now on (None: the database had to)."""
    answers: list = []
    asked = getattr(RANKING, name)

    def recorded(*args):
        answers.append(asked(*args))
        return answers[-1]

    monkeypatch.setattr(RANKING, name, recorded)
    return answers


@pytest.mark.parametrize("viewpoint", VIEWPOINTS)
@pytest.mark.parametrize("filters", FILTERS)
@pytest.mark.parametrize("query", ["", "KRAS lung cancer", "KRAS"])
def test_engine_counts_equal_the_database_counts(registry, users, monkeypatch, viewpoint, filters, query):
    user = users[viewpoint]
    answers = _answers(monkeypatch, "count")
    counted = search_assets(user=user, query=query, filters=filters)
    assert answers or (query and not counted.total)  # asked whenever there was something to count …
    assert None not in answers  # … and the engine counted (whichever the backend), not the database
    monkeypatch.setattr(RANKING, "count", None)  # the database alone
    expected = search_assets(user=user, query=query, filters=filters)
    assert counted.total == expected.total
    assert _as_sets(counted.facets) == _as_sets(expected.facets)
    assert [a.pk for a in counted.page] == [a.pk for a in expected.page]


def test_the_engine_counts_public_assets_only(registry):
    total, facets = engine_facets({"phase": 3}) or (0, {})
    assert total == 1  # the confidential asset in phase 3 is not in the engine
    assert facets["indication"] == {"nsclc": 1, "solid-tumours": 1}
    assert facets["phase"] == {3: 1}
    secret = Asset.objects.get(number="JP11000099B2").pk
    total, facets = engine_facets({}, [registry["US11000003B2"].pk, secret]) or (0, {})
    assert total == 1 and facets["owner_country"] == {"SG": 1} and facets["cpc_section"] == {"A": 1}


@pytest.mark.parametrize("viewpoint", VIEWPOINTS)
def test_the_confidential_asset_is_counted_only_for_those_who_may_see_it(registry, users, viewpoint):
    result = search_assets(user=users[viewpoint], filters={"indication": "nsclc"})
    sees = viewpoint in {"participant", "owner", "staff"}
    assert result.total == (2 if sees else 1)
    jurisdictions = {row["value"]: row["count"] for row in result.facets["jurisdiction"]}
    assert jurisdictions.get("JP") == (1 if sees else None)


def test_while_assets_wait_the_database_counts_them(registry):
    late = make_asset("CN11000100A", "Waiting", "", ["A61P35/00"])
    result = search_assets(user=None)
    assert result.index.waiting == 1
    assert ("CN", 1) in _as_sets(result.facets)["jurisdiction"]
    index_assets([late.pk])
    result = search_assets(user=None)
    assert not result.index.behind and ("CN", 1) in _as_sets(result.facets)["jurisdiction"]


def test_an_asset_saved_while_it_is_indexed_still_waits(registry, monkeypatch):
    asset = registry["US11000002B2"]
    import matching.indexing as indexing

    read = indexing.asset_documents

    def read_then_save(ids):
        documents = read(ids)
        Asset.objects.get(pk=asset.pk).save()  # a change the indexer did not read
        return documents

    monkeypatch.setattr(indexing, "asset_documents", read_then_save)
    index_assets([asset.pk])
    assert Asset.objects.get(pk=asset.pk).index_pending


@pytest.mark.parametrize("viewpoint", VIEWPOINTS)
@pytest.mark.parametrize("filters", [{}, {"cpc_section": "A"}, {"certified": "validity"}])
def test_newest_first_pages_are_the_databases(registry, users, monkeypatch, viewpoint, filters):
    """Without words the engine orders the public assets (publication date, then id; no date last) and the
    viewer's confidential ones are merged in: every page as the database orders it."""
    dates = ["2024-03-01", "2025-01-15", "2025-01-15", None, "2023-07-30"]
    for n, asset in enumerate(Asset.objects.order_by("pk")):
        Asset.objects.filter(pk=asset.pk).update(publication_date=dates[n % len(dates)])
    Asset.objects.filter(number="JP11000099B2").update(publication_date="2025-01-15")
    rebuild_asset_index()
    user = users[viewpoint]

    def every_page() -> list[list[int]]:
        first = search_assets(user=user, filters=filters, per_page=3, with_facets=False)
        pages = [[a.pk for a in first.page]]
        for page in range(2, first.page.paginator.num_pages + 1):
            result = search_assets(user=user, filters=filters, page=page, per_page=3, with_facets=False)
            pages.append([a.pk for a in result.page])
        return pages

    answers = _answers(monkeypatch, "newest")
    by_engine = every_page()
    assert None not in answers  # ordered by the engine, whichever the backend
    assert any(answers) or by_engine == [[]]  # (nothing certified: nothing to order)
    monkeypatch.setattr(RANKING, "newest", None)  # the database orders
    assert by_engine == every_page()
    assert len(by_engine) > 1 or filters


def test_a_renamed_indication_shows_under_its_new_name(registry, client):
    def names() -> set[str]:
        facets = client.get("/api/v1/assets", {"phase": "3"}).json()["facets"]
        return {row["label"] for row in facets["indication"]}

    before = names()  # kept by the worker between searches
    assert before and "NSCLC (renamed)" not in before
    indication = Indication.objects.get(code="nsclc")
    indication.name_en = "NSCLC (renamed)"
    indication.save()
    assert "NSCLC (renamed)" in names()


def test_the_engine_counts_kept_between_searches_follow_the_index(registry):
    before = search_assets(user=None, filters={"jurisdiction": "CN"})
    assert before.total == 0  # counted by the engine, and kept for this index generation
    index_assets([make_asset("CN11000101A", "New", "", ["A61P35/00"]).pk])
    after = search_assets(user=None, filters={"jurisdiction": "CN"})
    assert not after.index.behind and after.total == 1
    assert ("CN", 1) in _as_sets(after.facets)["jurisdiction"]
