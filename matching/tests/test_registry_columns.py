"""The registry columns of the indexed rows (facet tokens, newest-first key): written with every asset's
row, filled for rows written before they existed (by the migration on PostgreSQL, by the recovery for any
left), and never read as "an asset without facets" while a searchable row is unfilled."""

import datetime
import importlib

import pytest
from django.apps import apps
from django.db import connection

from assets.models import Asset, BiomedicalProfile, Classification, Indication
from assets.search import RANKING, search_assets
from core.recovery import recover
from matching import generations
from matching.attributes import Attributes
from matching.documents import Document, newest_key, registry_column, registry_facets
from matching.indexing import ASSETS, index_assets, index_documents, rebuild_asset_index, remove_documents
from matching.models import IndexedDocument
from matching.registry_search import engine_facets, engine_newest
from matching.tests.conftest import make_asset

MIGRATION = importlib.import_module("matching.migrations.0004_registry_columns")


def _postgres_only() -> None:
    if connection.vendor != "postgresql":
        pytest.skip("the registry columns are read by the PostgreSQL backend (DATABASE_URL); CI runs it")


@pytest.fixture
def registry(corpus, alice_org):
    """The corpus, and assets whose facet values are odd: a space or a percent sign in a value (imported
    as written), phase 0, a profile without indications, no publication date, a confidential asset."""
    odd = make_asset("XY11000090A", "Odd values", "", ["A61P35/00"])
    Asset.objects.filter(pk=odd.pk).update(jurisdiction="X Y", holder_country="S%", publication_date=None)
    Classification.objects.create(asset=odd, scheme="ipc", code=" 61K", section=" ")
    spaced = Indication.objects.create(code="odd code%", name_en="Odd", is_cancer=False)
    BiomedicalProfile.objects.create(asset=odd, phase=0).indications.set([spaced])
    dated = corpus["US11000001B2"]
    Asset.objects.filter(pk=dated.pk).update(publication_date=datetime.date(2024, 3, 1))
    BiomedicalProfile.objects.create(asset=dated, phase=3, modality="small_molecule").indications.set(
        Indication.objects.filter(code__in=["nsclc", "asthma"])
    )
    BiomedicalProfile.objects.create(asset=corpus["US11000002B2"], modality="device")
    make_asset("JP11000099B2", "Confidential", "", ["A61P35/00"], owner=alice_org, visibility="confidential")
    rebuild_asset_index()
    return corpus


def _columns() -> dict[int, tuple[set[str], int | None]]:
    rows = IndexedDocument.objects.filter(namespace=ASSETS).values_list("object_id", "registry", "newest")
    return {pk: (set(tokens.split()), newest) for pk, tokens, newest in rows}


def _expected(asset: Asset) -> tuple[set[str], int]:
    published = asset.publication_date.toordinal() if asset.publication_date else 0
    return set(registry_column(registry_facets(asset)).split()), newest_key(published, asset.pk)


def test_every_asset_row_holds_its_facet_tokens_and_newest_key(registry):
    columns = _columns()
    assert len(columns) == Asset.objects.count()
    for asset in Asset.objects.all():
        assert columns[asset.pk] == _expected(asset)
    odd = Asset.objects.get(number="XY11000090A")
    assert columns[odd.pk][0] >= {"jurisdiction=X%20Y", "owner_country=S%25", "cpc_section=%20", "phase=0"}
    assert "indication=odd%20code%25" in columns[odd.pk][0] and "cancer=any" not in columns[odd.pk][0]


def test_rows_of_other_namespaces_leave_the_registry_columns_empty(db):
    document = Document(
        id=7,
        number="L7",
        title="Inhaler",
        text="inhaler",
        embed_text="inhaler",
        attributes=Attributes(jurisdiction="SG"),
        registry_facets=("kind=invention",),
    )
    index_documents(IndexedDocument.Namespace.LISTINGS, [document])
    row = IndexedDocument.objects.get(namespace=IndexedDocument.Namespace.LISTINGS, object_id=7)
    assert (row.registry, row.newest) == ("", None)


def test_a_value_with_a_space_is_counted_and_filtered_whole(registry):
    total, facets = engine_facets({"jurisdiction": "X Y"}) or (0, {})
    assert total == 1
    assert facets["jurisdiction"] == {"X Y": 1} and facets["owner_country"] == {"S%": 1}
    assert facets["cpc_section"] == {" ": 1} and facets["indication"] == {"odd code%": 1}
    assert facets["phase"] == {0: 1}
    assert search_assets(user=None, filters={"indication": "odd code%"}).total == 1


def test_every_write_of_the_rows_moves_the_generation(registry):
    before = generations.current(ASSETS)
    asset = registry["US11000005B2"]
    index_assets([asset.pk])  # unchanged: nothing written
    assert generations.current(ASSETS) == before
    Asset.objects.filter(pk=asset.pk).update(title="GLP-1 agonist, renamed")
    index_assets([asset.pk])
    written = generations.current(ASSETS)
    assert written > before
    remove_documents(ASSETS, [asset.pk])
    assert generations.current(ASSETS) > written


def test_the_migration_fills_the_rows_as_the_indexer_writes_them(registry):
    _postgres_only()
    written = _columns()
    IndexedDocument.objects.update(registry="", newest=None)
    with connection.schema_editor() as editor:
        MIGRATION.fill(apps, editor)
    assert _columns() == written


def test_while_a_searchable_row_is_unfilled_the_database_counts_and_orders(registry, monkeypatch):
    _postgres_only()
    unfilled = registry["US11000003B2"].pk
    IndexedDocument.objects.filter(object_id=unfilled).update(registry="", newest=None)
    generations.bump(ASSETS)  # as the recovery's fill or any write does
    assert engine_facets({}) is None
    assert engine_facets({}, [unfilled]) is None
    assert engine_facets({}, [registry["US11000004B2"].pk]) is not None  # the others' rows are filled
    assert engine_newest({}, None, 0, 5) is None
    found = search_assets(user=None)
    monkeypatch.setattr(RANKING, "count", None)
    by_database = search_assets(user=None)
    assert (found.total, found.facets) == (by_database.total, by_database.facets)
    assert [a.pk for a in found.page] == [a.pk for a in by_database.page]


def test_a_row_unfilled_behind_kept_counts_still_leaves_the_order_to_the_database(registry):
    """A row emptied without the generation moving (a worker of the earlier version rewrote it after the
    migration): the counts kept for the generation are served, but the page is never left empty."""
    _postgres_only()
    first = search_assets(user=None)  # the counts without words are kept for this generation
    IndexedDocument.objects.filter(object_id=registry["US11000003B2"].pk).update(newest=None)
    assert engine_newest({}, None, 0, 0) is None  # asked whether it can order, the backend says no
    again = search_assets(user=None)
    assert again.total == first.total
    assert [a.pk for a in again.page] == [a.pk for a in first.page]


def test_the_recovery_fills_unfilled_rows_and_removes_those_of_assets_gone(registry):
    _postgres_only()
    written = _columns()
    unfilled = registry["US11000003B2"].pk
    gone = make_asset("CN11000100A", "Withdrawn", "", ["A61P35/00"])
    index_assets([gone.pk])
    Asset.objects.filter(pk=gone.pk).delete()  # its row outlives it until the index task runs
    IndexedDocument.objects.filter(object_id__in=[unfilled, gone.pk]).update(registry="", newest=None)
    recover()  # as ./run and every worker do at start (and a task worker every minute)
    assert _columns() == written
    total, _facets = engine_facets({}) or (0, {})
    assert total == Asset.objects.filter(visibility=Asset.Visibility.PUBLIC).count()


def test_the_recovery_leaves_a_row_an_index_task_rewrote_since_it_read_it(registry, monkeypatch):
    """The fill reads the registry, then writes: a row rewritten in between (newer values) is left as is."""
    _postgres_only()
    from matching import indexing

    row = IndexedDocument.objects.get(object_id=registry["US11000003B2"].pk)
    IndexedDocument.objects.filter(pk=row.pk).update(registry="", newest=None)
    read = indexing.registry_facets

    def rewritten_meanwhile(asset):
        IndexedDocument.objects.filter(pk=row.pk).update(registry="kind=newer", newest=7)
        return read(asset)

    monkeypatch.setattr(indexing, "registry_facets", rewritten_meanwhile)
    indexing.fill_registry_columns()
    assert IndexedDocument.objects.filter(pk=row.pk).values_list("registry", "newest").get() == (
        "kind=newer",
        7,
    )
