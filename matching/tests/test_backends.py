import numpy as np
import pytest
from django.db import connection

from assets.models import Asset
from matching.backends import get_backend
from matching.backends.embedded import EmbeddedBackend
from matching.indexing import index_assets, rebuild_asset_index
from matching.services import match_text
from matching.tests.conftest import make_asset

NEEDS = ["KRAS inhibitor for lung cancer", "治療哮喘的吸入劑", "抗体药物偶联物", "psoriasis antibody"]


def _run(monkeypatch, name):
    monkeypatch.setenv("IPHARBOUR_MATCHING_BACKEND", name)
    assert get_backend().name == name
    rebuild_asset_index()
    return {need: [hit.as_dict() for hit in match_text(need, top=5)] for need in NEEDS}


def _shape(hit):
    return sorted(hit), [sorted(why) for why in hit["why"]], [why["signal"] for why in hit["why"]]


def test_the_result_contract_is_the_same_on_both_backends(corpus, monkeypatch):
    if connection.vendor != "postgresql":
        pytest.skip("the PostgreSQL backend needs PostgreSQL (DATABASE_URL); CI runs it")
    embedded, postgres = _run(monkeypatch, "embedded"), _run(monkeypatch, "postgres")
    for need in NEEDS:
        assert [_shape(h) for h in embedded[need]] == [_shape(h) for h in postgres[need]]
        assert embedded[need][0]["number"] == postgres[need][0]["number"]
        for hits in (embedded[need], postgres[need]):
            for hit in hits:
                assert hit["score"] == pytest.approx(sum(w["contribution"] for w in hit["why"]), abs=1e-6)
                semantic = next(w for w in hit["why"] if w["signal"] == "semantic")
                assert 0.0 <= semantic["value"] <= 1.0


def test_postgres_uses_pgvector_only_when_the_server_has_it(corpus, monkeypatch, settings):
    if connection.vendor != "postgresql":
        pytest.skip("the PostgreSQL backend needs PostgreSQL (DATABASE_URL); CI runs it")
    from matching.backends.postgres import PostgresBackend, pgvector_available

    _run(monkeypatch, "postgres")
    backend = get_backend("postgres")
    assert isinstance(backend, PostgresBackend)
    in_process = settings.DATA_DIR / "index" / "pg" / "assets" / "vectors.hnsw"
    assert backend.uses_pgvector() == pgvector_available()
    assert in_process.exists() != backend.uses_pgvector()


def test_postgres_keeps_each_rows_terms_and_ranks_with_their_index(corpus, monkeypatch):
    """The terms ranked are kept with the row (migration 0005) and follow its text; the word's matches are
    found through their GIN index, not by parsing every row's text."""
    if connection.vendor != "postgresql":
        pytest.skip("the PostgreSQL backend needs PostgreSQL (DATABASE_URL); CI runs it")
    from matching.backends.postgres import TABLE

    _run(monkeypatch, "postgres")
    backend, asset = get_backend("postgres"), Asset.objects.get(number="US11000001B2")
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT lexical_terms::text FROM {TABLE} WHERE object_id = %s", [asset.pk])  # noqa: S608
        assert "'kras'" in cursor.fetchone()[0]
        cursor.execute(f"UPDATE {TABLE} SET lexical_text = 'zanubrutinib' WHERE object_id = %s", [asset.pk])  # noqa: S608
    assert [i for i, _score in backend.lexical_search("assets", ["zanubrutinib"], 5)] == [asset.pk]
    assert asset.pk not in dict(backend.lexical_search("assets", ["kras"], 50))
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_seqscan = off")  # a table this small would otherwise be scanned
        cursor.execute(
            f"EXPLAIN SELECT object_id FROM {TABLE} WHERE lexical_terms @@ to_tsquery('simple', 'kras')"  # noqa: S608
        )
        assert "matching_lexical_terms_gin" in " ".join(row[0] for row in cursor.fetchall())


def test_the_embedded_index_follows_updates_and_removals(corpus):
    kras = Asset.objects.get(number="US11000001B2")
    kras.title = "Mesothelin-directed T-cell engager"
    kras.abstract = "A bispecific antibody for mesothelioma."
    kras.save()
    index_assets([kras.pk])
    assert match_text("T-cell engager for mesothelioma", top=1)[0].number == "US11000001B2"
    kras.visibility = Asset.Visibility.CONFIDENTIAL
    kras.save()
    index_assets([kras.pk])
    assert "US11000001B2" not in [h.number for h in match_text("T-cell engager for mesothelioma", top=13)]
    asthma = Asset.objects.get(number="US11000002B2")
    asthma_id = asthma.pk
    asthma.delete()
    index_assets([asthma_id])
    assert "US11000002B2" not in [h.number for h in match_text("asthma inhaler", top=13)]


def test_a_new_worker_process_sees_what_another_indexed(corpus, settings):
    reader = EmbeddedBackend(settings.DATA_DIR / "index")
    before = reader.count("assets")
    asset = make_asset("US11000077B2", "Oral GLP-1 small molecule", "Diabetes.", ["A61P3/10"])
    writer = EmbeddedBackend(settings.DATA_DIR / "index")
    from matching.documents import asset_documents
    from matching.encoder import encode

    documents = asset_documents([asset.pk])
    writer.upsert("assets", documents, encode([d.embed_text for d in documents]))
    assert reader.count("assets") == before + 1
    assert reader.dense_search("assets", encode(["oral GLP-1 for diabetes"])[0], 1)[0][0] == asset.pk


def test_vectors_survive_the_float16_storage_round_trip():
    from matching.encoder import encode, from_bytes, to_bytes

    vector = encode(["pulmonary fibrosis"])[0]
    assert np.dot(vector, from_bytes(to_bytes(vector))) == pytest.approx(1.0, abs=1e-3)


def test_indexing_is_queued_only_when_the_change_commits(corpus, django_capture_on_commit_callbacks):
    from django.db import transaction

    from matching.services import schedule_index

    asset = Asset.objects.get(number="US11000010B2")
    with django_capture_on_commit_callbacks() as callbacks:
        try:
            with transaction.atomic():
                schedule_index([asset.pk])
                raise RuntimeError("roll back")
        except RuntimeError:
            pass
    assert callbacks == []
    with django_capture_on_commit_callbacks() as callbacks:
        schedule_index([asset.pk, asset.pk])
    assert len(callbacks) == 1


def test_a_write_made_while_the_embedded_index_is_rebuilt_is_not_lost(tmp_path):
    """A refresh that arrives while a rebuild runs waits for it, then goes into the rebuilt index (the
    rebuild's swap would otherwise replace the files it wrote)."""
    import threading

    from matching.attributes import Attributes
    from matching.documents import Document

    def document(doc_id: int, words: str) -> Document:
        return Document(doc_id, f"D-{doc_id}", words, words, words, Attributes())

    def vectors(count: int) -> np.ndarray:
        found = np.random.default_rng(count).normal(size=(count, 512)).astype(np.float32)
        return found / np.linalg.norm(found, axis=1, keepdims=True)

    backend = EmbeddedBackend(tmp_path)
    backend.upsert("listings", [document(1, "kras inhibitor")], vectors(1))
    arrived, written = threading.Event(), threading.Event()

    def refresh() -> None:
        arrived.set()
        backend.upsert("listings", [document(2, "bispecific antibody")], vectors(1))
        written.set()

    def batches():
        yield [document(1, "kras inhibitor")], vectors(1)
        threading.Thread(target=refresh).start()
        arrived.wait(5)
        assert not written.wait(0.5)  # the refresh waits for the rebuild
        yield [document(3, "cell therapy")], vectors(1)

    assert backend.rebuild("listings", batches()) == 2
    assert written.wait(10)
    assert {i for i, _score in backend.lexical_search("listings", ["bispecific"], 5)} == {2}
    assert backend.count("listings") == 3
