"""Reading import files as streams: documents split at any chunk boundary, JSON decoded element by element."""

import gzip
import io
import json

import pytest

from assets.importers.normalise import classification_code, publication_number
from core.importing import sources

DOCUMENTS = [
    b'<?xml version="1.0"?>\n<a>1</a>\n',
    b'<?xml version="1.0"?>\n<!DOCTYPE b [ ]>\n<b>\n2</b>\n',
    b'<?xml version="1.0"?>\n<c/>',
]


@pytest.mark.parametrize("chunk_size", [1, 2, 5, 6, 7, 13, 1 << 20])
def test_concatenated_xml_documents_are_split_whatever_the_chunk_size(chunk_size):
    found = list(sources.xml_documents(io.BytesIO(b"".join(DOCUMENTS)), chunk_size=chunk_size))

    assert [document for _line, document in found] == DOCUMENTS
    assert [line for line, _document in found] == [1, 3, 7]


@pytest.mark.parametrize("chunk", [1, 3, 64, 1 << 16])
def test_json_arrays_and_api_pages_are_decoded_element_by_element(monkeypatch, chunk):
    monkeypatch.setattr(sources._JSONReader, "CHUNK", chunk)
    studies = [{"a": 1, "text": "長文 " * 5}, {"b": [1, 2, {"c": None}]}, 12345678]
    page = {"nextPageToken": "x", "studies": studies, "totalCount": 3}

    as_list = [
        e for _i, e in sources.json_elements(io.BytesIO(json.dumps(studies).encode()), list_key="studies")
    ]
    as_page = [
        e for _i, e in sources.json_elements(io.BytesIO(json.dumps(page).encode()), list_key="studies")
    ]

    assert as_list == as_page == studies


def test_malformed_json_stops_after_the_good_elements():
    stream = io.BytesIO(b'[{"a": 1}, {"b": 2} {"c": 3}]')
    seen = []

    with pytest.raises(sources.MalformedJSON):
        for _index, element in sources.json_elements(stream, list_key="studies"):
            seen.append(element)
    assert seen == [{"a": 1}, {"b": 2}]


def test_gzip_is_recognised_by_its_bytes_not_its_name():
    packed = io.BytesIO(gzip.compress(b'{"publication": {}}\n'))
    packed.name = "no-extension"

    with sources.open_source(packed) as source:
        assert source.format == "jsonl"
        assert source.stream.read().startswith(b'{"publication"')


@pytest.mark.parametrize(
    ("head", "name", "expected"),
    [
        (b'<?xml version="1.0"?>', "x.bin", "xml"),
        (b"\xef\xbb\xbf[{}]", "x", "json"),
        (b'{"studies": []}', "page.json", "json"),
        (b'{"a": 1}\n{"a": 2}\n', "x.txt", "jsonl"),
        (b"NCT Number,Study Title\n", "x.csv", "csv"),
    ],
)
def test_the_format_is_found_from_the_first_bytes(head, name, expected):
    assert sources.detect_format(name, io.BytesIO(head)) == expected


@pytest.mark.parametrize(
    ("code", "normalised"),
    [
        ("A61K 31/519", "A61K31/519"),
        ("A61K31/519", "A61K31/519"),
        ("A61K 31519", "A61K31/519"),
        ("C07C24900", "C07C249/00"),
        ("A45F  504", "A45F5/04"),
        ("E03C 104", "E03C1/04"),
        ("A41D013/00", "A41D13/00"),
        ("a61p 35/00", "A61P35/00"),
        ("nonsense", ""),
    ],
)
def test_classification_codes_have_one_spelling(code, normalised):
    assert classification_code(code) == normalised


@pytest.mark.parametrize(
    ("parts", "number"),
    [
        (("US", "06857133", "B2"), "US6857133B2"),
        (("US", "12376587", "B2"), "US12376587B2"),
        (("US", "D0680087", "S1"), "USD680087S1"),
        (("US", "RE050267", "E1"), "USRE50267E1"),
        (("US", "PP018398", "P2"), "USPP18398P2"),
        (("US", "20250006331", "A1"), "US20250006331A1"),
    ],
)
def test_publication_numbers_drop_leading_zeros(parts, number):
    assert publication_number(*parts) == number


@pytest.mark.parametrize("part_bytes", [1, 10, 24, 25, 40, 1 << 20])
def test_file_parts_are_cut_where_the_documents_are_split(tmp_path, part_bytes):
    content = b"\n \n" + b"".join(DOCUMENTS) + b"\n<?xml tail"
    path = tmp_path / "week.xml"
    path.write_bytes(content)

    parts = list(sources.xml_file_parts(path, size=len(content), part_bytes=part_bytes))
    pieces = [piece for part in parts for piece in sources.read_file_part(*part)]

    assert pieces == list(sources.split_documents(io.BytesIO(content)))
    assert b"".join(pieces) == content
