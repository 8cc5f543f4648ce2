"""Bulk XML read by worker processes: exactly what reading it in this process gives, in the same order."""

import gzip

import pytest
from django.db import connection, transaction

from assets.importers import import_patents, patents
from assets.importers.parallel import OrderedPool, WorkerFailed
from assets.models import Asset, Classification
from assets.tests.patent_samples import grant_xml
from ledger.models import Entry

pytestmark = pytest.mark.django_db

SEQUENCE_LISTING = (
    '<?xml version="1.0" encoding="UTF-8"?>\n<sequence-cwu id="SEQLST-1"><p>ACGT</p></sequence-cwu>\n'
)


def weekly_file(path):
    """Forty grants as USPTO ships them, with the mistakes a real week can hold."""
    documents = [grant_xml(f"0700{n:04d}", f"Widget holder {n}").encode() for n in range(40)]
    documents[5] = grant_xml("07000005").replace("</us-bibliographic-data-grant>", "").encode()
    documents[9] = grant_xml("07000009", filed="20090101", granted="20080101").encode()
    documents[13] = grant_xml("").encode()
    documents[17] = grant_xml("07000017").encode().replace(b"Widget holder", "抗肿瘤".encode("gbk"))
    documents[21] = grant_xml("07000021", filed="20070230").encode()
    documents.insert(30, SEQUENCE_LISTING.encode())
    documents.append(documents[3])  # the same grant twice: the second is rejected as a duplicate
    path.write_bytes(b"".join(documents))
    return path


def imported(path, workers: int) -> tuple[dict, list, list, list]:
    """The result and everything written, then rolled back so that the next import starts afresh."""
    with transaction.atomic():
        result = import_patents([path], workers=workers)
        assets = [
            {f.attname: getattr(a, f.attname) for f in Asset._meta.concrete_fields if f.attname in COMPARED}
            for a in Asset.objects.order_by("number")
        ]
        codes = list(
            Classification.objects.order_by("asset__number", "scheme", "code").values_list(
                "asset__number", "scheme", "code"
            )
        )
        logged = list(Entry.objects.order_by("index").values_list("kind", "leaf"))
        transaction.set_rollback(True)
    return result.as_dict(), assets, codes, [(kind, _number_in(leaf)) for kind, leaf in logged]


COMPARED = {
    f.attname for f in Asset._meta.concrete_fields if f.attname not in {"id", "created_at", "updated_at"}
} - {"family_id"}


def _number_in(leaf: str) -> str:
    return leaf.split('"number":"', 1)[1].split('"', 1)[0]


def test_workers_give_the_same_counts_rows_rejections_and_log_as_one_process(tmp_path, monkeypatch):
    monkeypatch.setattr(patents, "PART_BYTES", 4000)  # parts of one or two documents: many cuts
    path = weekly_file(tmp_path / "ipg080101.xml")

    alone = imported(path, workers=1)
    with_workers = imported(path, workers=2)

    assert with_workers == alone
    result, assets, codes, logged = alone
    assert (result["created"], result["unchanged"], result["rejected"]) == (35, 0, 6)
    lines = grant_xml().count("\n")
    assert [error["record"].split(" ")[0] for error in result["errors"][:5]] == [
        f"ipg080101.xml:{1 + lines * n}" for n in (5, 9, 13, 17, 21)
    ]
    assert f"ipg080101.xml:{1 + lines * 3}" in result["errors"][5]["reason"]
    assert len(assets) == len(logged) == 35
    assert codes[0] == ("US7000000B2", "ipc", "A61K31/519")


def test_a_file_of_16_mb_or_more_is_read_by_workers_and_a_smaller_or_packed_one_here(tmp_path, monkeypatch):
    pools = []

    def recorded(function, workers):
        pools.append(workers)
        return OrderedPool(function, workers)

    monkeypatch.setattr(patents, "OrderedPool", recorded)
    plain = tmp_path / "a.xml"
    plain.write_text(grant_xml("07000001"))
    packed = tmp_path / "b.xml.gz"
    packed.write_bytes(gzip.compress(grant_xml("07000002").encode()))

    import_patents([plain, packed])
    monkeypatch.setattr(patents, "PARALLEL_FROM_BYTES", 100)
    import_patents([plain, packed])

    assert pools == [2]
    assert Asset.objects.count() == 2


def test_results_come_in_the_order_of_the_items():
    with OrderedPool(lambda n: n * n, 2, window=3) as pool:
        assert list(pool.map(range(50))) == [n * n for n in range(50)]


def test_an_error_in_a_worker_is_raised_here_with_its_traceback():
    def failing(n):
        if n == 7:
            raise ValueError("seven is not allowed")
        return n

    with pytest.raises(WorkerFailed, match="seven is not allowed"), OrderedPool(failing, 2) as pool:
        list(pool.map(range(20)))


def test_items_read_before_a_read_error_still_give_their_results():
    def items():
        yield from range(5)
        raise OSError("the file broke off")

    seen: list[str] = []
    with pytest.raises(OSError, match="broke off"), OrderedPool(str, 2) as pool:
        seen.extend(pool.map(items()))
    assert seen == ["0", "1", "2", "3", "4"]


def test_workers_refuse_to_use_the_database():
    connection.ensure_connection()

    with (
        pytest.raises(WorkerFailed, match="must not use the database"),
        OrderedPool(lambda _n: Asset.objects.count(), 2) as pool,
    ):
        list(pool.map([1]))
    assert Asset.objects.count() == 0  # this process's connection still works
