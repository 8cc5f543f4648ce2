"""Reading import files as streams: paths or uploaded files, gzip or plain, one record at a time.

Nothing here holds a whole file in memory: XML bulk files are split into their documents while being read
line by line, JSONL is read line by line, and JSON arrays are decoded one element at a time.
"""

import csv
import gzip
import io
import json
import os
import zlib
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any

from django.utils.translation import gettext as _

from core.errors import InvalidInput
from core.importing.text import NUL, clean_line, nul_reason

SourceItem = str | os.PathLike | IO[bytes]
GZIP_MAGIC = b"\x1f\x8b"


@dataclass
class Source:
    name: str
    stream: IO[bytes]
    format: str
    size: int = 0  # bytes as stored (compressed or not); 0 when unknown
    path: Path | None = None  # the file on disk, when the source is one and is not compressed


def as_items(paths_or_fileobjs: SourceItem | Iterable[SourceItem]) -> list[SourceItem]:
    """One path or file, or several: a lone path must not be read as a list of its characters."""
    if isinstance(paths_or_fileobjs, str | os.PathLike) or hasattr(paths_or_fileobjs, "read"):
        return [paths_or_fileobjs]  # type: ignore[list-item]
    return list(paths_or_fileobjs)


def source_name(item: SourceItem) -> str:
    if isinstance(item, str | os.PathLike):
        return Path(item).name
    return Path(str(getattr(item, "name", "") or "upload")).name


@contextmanager
def open_source(item: SourceItem) -> Iterator[Source]:
    """Open a path or take a file object, undo gzip, and tell the format (xml, jsonl, json or csv)."""
    name = source_name(item)
    if isinstance(item, str | os.PathLike):
        path = Path(item)
        if not path.is_file():
            raise InvalidInput(_("No such file: %(path)s") % {"path": path})
        raw: IO[bytes] = path.open("rb")
    else:
        raw = item if _seekable(item) else io.BytesIO(item.read())
    try:
        size = _size(raw)
        stream, format = _opened(name, raw)
        plain = Path(item) if isinstance(item, str | os.PathLike) and stream is raw else None
        yield Source(name=name, stream=stream, format=format, size=size, path=plain)
    finally:
        if isinstance(item, str | os.PathLike):
            raw.close()


UNREADABLE = (
    OSError,
    EOFError,
    zlib.error,
)  # what a broken file raises while it is read (BadGzipFile: OSError)


def _opened(name: str, raw: IO[bytes]) -> tuple[IO[bytes], str]:
    """The stream with gzip undone, and its format; a file named .gz that is not gzip, or whose gzip is
    broken, is refused here, so that the caller rejects this one file and goes on with the others."""
    stream = _ungzip(raw)
    if name.lower().endswith(".gz") and stream is raw:
        raise InvalidInput(_("%(name)s is named .gz but is not compressed with gzip") % {"name": name})
    try:
        return stream, detect_format(name, stream)
    except UNREADABLE as error:
        message = _("%(name)s is not a readable gzip file: %(error)s") % {"name": name, "error": error}
        raise InvalidInput(message) from error


def csv_reason(error: csv.Error) -> str:
    """Why a CSV file could not be read on, said for the person who saved it."""
    if "field larger than field limit" in str(error):
        return _("a cell is longer than %(limit)d characters; the rest of the file was not read") % {
            "limit": csv.field_size_limit()
        }
    return _("the file is not valid CSV (%(error)s); the rest of it was not read") % {"error": error}


def _size(raw: IO[bytes]) -> int:
    if not _seekable(raw):
        return 0
    size = raw.seek(0, io.SEEK_END)
    raw.seek(0)
    return size


def _seekable(stream: Any) -> bool:
    try:
        return bool(stream.seekable())
    except (AttributeError, ValueError):
        return False


def _ungzip(raw: IO[bytes]) -> IO[bytes]:
    raw.seek(0)
    magic = raw.read(2)
    raw.seek(0)
    return gzip.GzipFile(fileobj=raw, mode="rb") if magic == GZIP_MAGIC else raw  # type: ignore[return-value]


def _peek(stream: IO[bytes], size: int = 4096) -> bytes:
    # GzipFile and plain files both seek back cheaply within the first block.
    head = stream.read(size)
    stream.seek(0)
    return head


def detect_format(name: str, stream: IO[bytes]) -> str:
    """The format from the file's first bytes, with its name as a tie-breaker."""
    head = _peek(stream).lstrip(b"\xef\xbb\xbf \t\r\n")
    lower = name.lower().removesuffix(".gz")
    if head.startswith(b"<"):
        return "xml"
    if head.startswith(b"["):
        return "json"
    if head.startswith(b"{"):
        if lower.endswith(".json"):
            return "json"
        return "jsonl" if lower.endswith((".jsonl", ".ndjson")) or _first_line_is_object(head) else "json"
    return "csv"


_TEXT_CONTROLS = set(b"\t\n\r\f")


def not_text(stream: IO[bytes]) -> str | None:
    """What a file is when no importer can read it as text (empty, UTF-16, binary), or None.

    Said before any format is guessed, so that such a file is not reported as "looks like CSV". A stream
    that cannot seek back is not looked at (None)."""
    if not _seekable(stream):
        return None
    head = _peek(stream)
    if not head.lstrip(b"\xef\xbb\xbf \t\r\n"):
        return _("it is empty")
    if head.startswith((b"\xff\xfe", b"\xfe\xff")) or _looks_utf16(head):
        return _("it is UTF-16 text; save it as UTF-8 (e.g. “CSV UTF-8” or “UTF-8” in the save dialog)")
    # A stray control character or NUL is a damaged line (rejected on its own); many make a binary file.
    controls = sum(1 for byte in head if byte < 0x20 and byte not in _TEXT_CONTROLS)
    if head.count(0) > len(head) // 100 or controls > len(head) // 20:
        return _("it is a binary file, not text")
    return None


def _looks_utf16(head: bytes) -> bool:
    # UTF-16 without a byte-order mark: ASCII characters leave every other byte NUL.
    sample = head[:512]
    if len(sample) < 4:
        return False
    nul_even, nul_odd = sample[0::2].count(0), sample[1::2].count(0)
    return max(nul_even, nul_odd) > len(sample) // 4 and min(nul_even, nul_odd) <= len(sample) // 50


def _first_line_is_object(head: bytes) -> bool:
    line = head.split(b"\n", 1)[0]
    try:
        return isinstance(json.loads(line), dict)
    except ValueError:
        return False


def numbered_lines(stream: IO[bytes]) -> Iterator[tuple[int, bytes]]:
    yield from enumerate(stream, start=1)


def xml_documents(stream: IO[bytes], *, chunk_size: int = 1 << 20) -> Iterator[tuple[int, bytes]]:
    """Split a file of concatenated XML documents (USPTO weekly files) on the XML declarations that begin
    their lines. Yields (first line number, document bytes); one document and one chunk are held at a time.
    """
    line = 1
    for document in split_documents(stream, chunk_size=chunk_size):
        if document.strip():
            yield line, document
        line += document.count(b"\n")


def split_documents(stream: IO[bytes], *, chunk_size: int = 1 << 20) -> Iterator[bytes]:
    """The pieces of the file between the XML declarations that begin lines, blank ones included, so that
    counting their lines gives each document's line; no line is counted here (workers can do it)."""
    buffer = b""
    while True:
        data = stream.read(chunk_size)
        scan_from = max(0, len(buffer) - len(_DECLARATION) + 1)  # a declaration cut by the chunk boundary
        buffer += data
        start = 0
        while (at := buffer.find(_DECLARATION, max(start, scan_from))) != -1:
            yield buffer[start : at + 1]
            start = at + 1
        buffer = buffer[start:]
        if not data:
            if buffer:
                yield buffer
            return


_DECLARATION = b"\n<?xml"


def xml_file_parts(path: Path, *, size: int, part_bytes: int) -> Iterator[tuple[str, int, int]]:
    """Cut a plain file of concatenated XML documents into parts of about `part_bytes` that begin and end
    where `split_documents` would cut, without reading it all: each cut is found by reading from about
    where it should fall to the next declaration. Yields (path, start, stop) for `read_file_part`."""
    with path.open("rb") as file:
        start = 0
        while start < size:
            stop = _next_cut(file, start + part_bytes, size)
            yield str(path), start, stop
            start = stop


def _next_cut(file: IO[bytes], offset: int, size: int, *, block_size: int = 1 << 16) -> int:
    """The first position at or after `offset` where a piece begins (a declaration after a newline)."""
    if offset >= size:
        return size
    position = offset - 1  # the newline before a declaration may sit just before the offset
    file.seek(position)
    carry = b""
    while block := file.read(block_size):
        window = carry + block
        if (at := window.find(_DECLARATION)) != -1:
            return position + at + 1
        carry = window[-(len(_DECLARATION) - 1) :]  # a declaration cut by the block boundary
        position += len(window) - len(carry)
    return size


def read_file_part(path: str, start: int, stop: int) -> Iterator[bytes]:
    """The pieces (as `split_documents` gives them) of one part given by `xml_file_parts`."""
    with open(path, "rb") as file:
        file.seek(start)
        data = file.read(stop - start)
    begin = 0
    while (at := data.find(_DECLARATION, begin)) != -1:
        yield data[begin : at + 1]
        begin = at + 1
    if begin < len(data):
        yield data[begin:]


class MalformedJSON(ValueError):
    def __init__(self, position: int, message: str):
        super().__init__(message)
        self.position = position


def json_elements(stream: IO[bytes], *, list_key: str) -> Iterator[tuple[int, Any]]:
    """The elements of a JSON array, or of the array under `list_key` of a top-level object, one by one.

    Yields (index, element). Raises MalformedJSON where the text stops being JSON; the elements before
    that point have been yielded already.
    """
    reader = _JSONReader(io.TextIOWrapper(stream, encoding="utf-8-sig", errors="strict"))
    first = reader.next_char()
    if first == "[":
        yield from enumerate(reader.array_items())
    elif first == "{":
        yield from enumerate(reader.object_array(list_key))
    else:
        raise MalformedJSON(reader.offset, _("expected a JSON array or object"))


class _JSONReader:
    """A small incremental reader over the top level of a JSON document, decoding values with raw_decode."""

    CHUNK = 1 << 16

    def __init__(self, text: IO[str]):
        self.text = text
        self.buffer = ""
        self.position = 0
        self.consumed = 0
        self.decoder = json.JSONDecoder()

    @property
    def offset(self) -> int:
        return self.consumed + self.position

    def _fill(self) -> bool:
        try:
            chunk = self.text.read(self.CHUNK)
        except UnicodeDecodeError as error:
            reason = _("the file is not UTF-8 text (%(error)s)") % {"error": error}
            raise MalformedJSON(self.offset, reason) from error
        if not chunk:
            return False
        self.consumed += self.position
        self.buffer = self.buffer[self.position :] + chunk
        self.position = 0
        return True

    def peek_char(self) -> str:
        """The next character that is not white space, without consuming it ("" at the end)."""
        while True:
            while self.position < len(self.buffer) and self.buffer[self.position] in " \t\r\n":
                self.position += 1
            if self.position < len(self.buffer):
                return self.buffer[self.position]
            if not self._fill():
                return ""

    def next_char(self) -> str:
        char = self.peek_char()
        self.position += len(char)
        return char

    def value(self) -> Any:
        self.peek_char()
        while True:
            try:
                value, end = self.decoder.raw_decode(self.buffer, self.position)
            except json.JSONDecodeError as error:
                # A value cut by the chunk boundary: read more and try again, until the file ends.
                if self._fill():
                    continue
                raise MalformedJSON(self.consumed + error.pos, error.msg) from error
            if end == len(self.buffer) and self._fill():
                continue  # a number may go on in the next chunk
            self.position = end
            return value

    def array_items(self) -> Iterator[Any]:
        if self.peek_char() == "]":
            self.next_char()
            return
        while True:
            yield self.value()
            char = self.next_char()
            if char == "]":
                return
            if char != ",":
                raise MalformedJSON(self.offset, _("expected ',' or ']' between array elements"))

    def object_array(self, key: str) -> Iterator[Any]:
        found = False
        while (char := self.next_char()) != "}":
            if char == ",":
                continue
            if char != '"':
                raise MalformedJSON(self.offset, _("expected a property name"))
            self.position -= 1
            name = self.value()
            if self.next_char() != ":":
                raise MalformedJSON(self.offset, _("expected ':' after a property name"))
            if name == key and self.peek_char() == "[":
                self.next_char()
                found = True
                yield from self.array_items()
            else:
                self.value()
        if not found:
            raise MalformedJSON(self.offset, _('no "%(key)s" list in the JSON object') % {"key": key})


def decoded_lines(lines: Iterable[tuple[int, bytes]], bad: list[tuple[int, str]]) -> Iterator[str]:
    """Lines decoded strictly as UTF-8 (a BOM allowed on the first); a line that is not is replaced by an
    empty one and reported in `bad` as (line number, reason), so that GBK bytes never become garbage.
    So is a line holding a NUL; other control characters are removed (see core.importing.text)."""
    for number, raw in lines:
        try:
            text = raw.decode("utf-8-sig" if number == 1 else "utf-8")
        except UnicodeDecodeError as error:
            reason = _(
                "line %(line)d is not UTF-8 text (byte 0x%(byte)02x at column %(column)d); "
                "save the file as UTF-8, e.g. “CSV UTF-8” in Excel"
            ) % {"line": number, "byte": raw[error.start], "column": error.start + 1}
            bad.append((number, reason))
            text = "\n"
        if NUL in text:
            bad.append((number, _("line %(line)d %(reason)s") % {"line": number, "reason": nul_reason()}))
            text = "\n"
        yield clean_line(text)
