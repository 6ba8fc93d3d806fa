"""Reading batch files (JSONL and CSV) a line at a time, within the input limits, one problem per bad line.

Shared by the two batches, of documents and of profiles: a line that is too long, not UTF-8, not JSON, nested
too deeply or holding an endless number is reported and skipped, never fatal, and never held in memory whole.
"""

from __future__ import annotations

import csv
import io
import json
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from mlladder.documents import LimitExceeded, cleaned, parse_json
from mlladder.errors import InputError
from mlladder.files import Unreadable, lines_of, regular_file, size_text
from mlladder.limits import MAX_BATCH_LINE_BYTES, clean_text

# CSV fields can hold whole documents: the csv module's default limit (128 KB) is too small for that.
csv.field_size_limit(MAX_BATCH_LINE_BYTES)

__all__ = [
    "Row",
    "Skips",
    "Span",
    "batch_lines",
    "batch_size",
    "is_csv",
    "json_line",
    "opened",
    "record_spans",
    "rows",
]


def batch_size(path: Path) -> int:
    """The size of a batch file in bytes, once it is known to be a regular file (a pipe would block)."""
    try:
        return regular_file(path).st_size
    except Unreadable as failure:
        raise InputError(f"{path}: batch file {failure.message} (fix: {failure.hint})") from None


def opened(path: Path) -> io.BufferedReader:
    """A batch file opened for reading, once it is known to be a regular file."""
    batch_size(path)
    try:
        return path.open("rb")
    except OSError as failure:
        raise InputError(f"{path}: batch file cannot be read: {failure.strerror} (fix: check the path)") from None


@dataclass(frozen=True)
class Span:
    """A slice of a batch file that can be read on its own (by another process or machine): the bytes from
    ``start`` to ``end``, both at the start of a record, whose first record is number ``first``."""

    start: int
    end: int
    first: int


def batch_lines(path: Path, span: Span | None = None) -> Iterator[tuple[int, bytes | None, int]]:
    """(number, bytes, size) of each line (of the span only, when given); bytes are None for a line over
    ``MAX_BATCH_LINE_BYTES``."""
    where = (span.start, span.end, span.first) if span is not None else ()
    try:
        yield from lines_of(path, MAX_BATCH_LINE_BYTES, *where)
    except Unreadable as failure:
        raise InputError(f"{path}: batch file {failure.message} (fix: {failure.hint})") from None


def json_line(path: Path, number: int, raw: bytes | None) -> tuple[Any, str | None]:
    """One JSONL line's value, or the one-line problem that makes it skipped."""
    where = f"{path}:{number}"
    if raw is None:
        limit = size_text(MAX_BATCH_LINE_BYTES)
        return None, f"{where}: line over the {limit} limit (fix: one document or profile a line)"
    try:
        text = raw.decode("utf-8-sig" if number == 1 else "utf-8")
    except UnicodeDecodeError:
        return None, f"{where}: not UTF-8 (fix: save the file as UTF-8)"
    try:
        return cleaned(parse_json(text)), None
    except json.JSONDecodeError as error:
        return None, f"{where}: not JSON: {error.msg} (fix: one JSON object a line)"
    except LimitExceeded as error:
        return None, f"{where}: {error.message} (fix: {error.hint})"


# -- documents: one text a row -----------------------------------------------------------------------------


@dataclass(frozen=True)
class Row:
    number: int  # line (JSONL) or record (CSV) number, 1-based
    size: int  # bytes it took in the file, for progress
    id: Any
    text: str | None
    problem: str | None = None
    # The row's other fields (JSONL keys or CSV columns besides the text), so a batch can keep its date, company
    # or location beside what it extracts.
    fields: dict[str, Any] = field(default_factory=dict)


def is_csv(path: Path, id_column: str | None, text_column: str | None) -> bool:
    """Whether a batch file is read as CSV: its name ends with .csv or a column is named; else it is JSONL."""
    return path.suffix.lower() == ".csv" or bool(id_column or text_column)


def rows(path: Path, id_column: str | None, text_column: str | None, span: Span | None = None) -> Iterator[Row]:
    """The rows of a JSONL or CSV batch file (CSV when the name ends with .csv or columns are given); of one slice
    of it when ``span`` is given (see :func:`record_spans`)."""
    if is_csv(path, id_column, text_column):
        yield from _csv_rows(path, id_column or "id", text_column or "text", span)
    else:
        yield from _jsonl_rows(path, span)


def _jsonl_rows(path: Path, span: Span | None) -> Iterator[Row]:
    for number, raw, size in batch_lines(path, span):
        if raw is not None and not raw.strip():
            continue
        data, problem = json_line(path, number, raw)
        if problem is None and (not isinstance(data, dict) or not isinstance(data.get("text"), str)):
            problem = f'{path}:{number}: no "text" string (fix: {{"id": ..., "text": ...}})'
        elif problem is None and not data["text"].strip():
            problem = f"{path}:{number}: empty text (fix: give the document's text)"
        if problem is not None:
            yield Row(number, size, None, None, problem)
            continue
        fields = {key: value for key, value in data.items() if key != "text"}
        yield Row(number, size, data.get("id", number), data["text"], fields=fields)


def _csv_rows(path: Path, id_column: str, text_column: str, span: Span | None) -> Iterator[Row]:
    # Undecodable bytes become stand-ins (surrogateescape) so that one bad record is reported and skipped
    # instead of ending the run; a record holding one is refused, never guessed at.
    stream = io.TextIOWrapper(opened(path), encoding="utf-8-sig", errors="surrogateescape", newline="")
    with stream:
        reader = csv.DictReader(stream)
        if reader.fieldnames is None or text_column not in reader.fieldnames:
            found = ", ".join(reader.fieldnames or [])
            raise InputError(f"{path}: no column '{text_column}' (columns: {found}) (fix: pass --text-column NAME)")
        if span is not None:  # the header comes from the file's start, the records from the slice
            reader = csv.DictReader(_text_lines(path, span.start, span.end), fieldnames=reader.fieldnames)
        number = span.first - 1 if span is not None else 0
        while True:
            number += 1
            try:
                record = next(reader, None)
            except csv.Error as error:  # a field over the limit, or quoting the reader cannot follow
                raise InputError(f"{path}: record {number}: {error} (fix: check the file's quoting)") from None
            if record is None:
                return
            yield _csv_row(path, number, record, id_column, text_column)


def _csv_row(path: Path, number: int, record: dict[str, Any], id_column: str, text_column: str) -> Row:
    text = record.get(text_column)
    size = len((text or "").encode("utf-8", "surrogateescape")) + 1  # progress counts the text only
    if any(isinstance(value, str) and _SURROGATE.search(value) for value in record.values()):
        return Row(number, size, None, None, f"{path}: record {number}: not UTF-8 (fix: save the file as UTF-8)")
    record_id = record.get(id_column, number)
    record_id = clean_text(record_id) if isinstance(record_id, str) else record_id
    if not text or not text.strip():
        return Row(number, size, record_id, None, f"{path}: record {number}: empty text")
    fields = {key: value for key, value in record.items() if key != text_column}
    return Row(number, size, record_id, text, fields=fields)


_SURROGATE = re.compile(r"[\udc80-\udcff]")  # what surrogateescape makes of a byte that is not UTF-8


# -- slices: a file cut at record starts, for readers that each take one ----------------------------------------


_LONE_CR = re.compile(rb"(?<=\r)(?!\n)")  # a carriage return that ends a line on its own (old Mac files)


def _byte_lines(path: Path, start: int, end: int | None = None) -> Iterator[bytes]:
    """The lines of a file from byte ``start`` (to ``end``), split where text mode with ``newline=""`` splits them
    (at \\n, \\r\\n and a lone \\r), so the CSV reader sees the same lines as when it reads the file whole."""
    position = start
    with opened(path) as stream:
        stream.seek(start)
        while line := stream.readline():
            for part in _LONE_CR.split(line):
                if end is not None and position >= end:
                    return
                position += len(part)
                if part:
                    yield part


def _text_lines(path: Path, start: int, end: int | None = None) -> Iterator[str]:
    """The lines of a file from byte ``start`` (to ``end``), decoded as the CSV reader decodes them."""
    for index, line in enumerate(_byte_lines(path, start, end)):
        yield line.decode("utf-8-sig" if start == 0 and index == 0 else "utf-8", "surrogateescape")


def _jsonl_starts(path: Path, every: int) -> Iterator[int]:
    """The byte offset after every ``every``-th line of a file, found in blocks so no line is held whole."""
    with opened(path) as stream:
        seen, offset = 0, 0
        while block := stream.read(1 << 20):
            found = block.find(b"\n")
            while found >= 0:
                seen += 1
                if seen % every == 0:
                    yield offset + found + 1
                found = block.find(b"\n", found + 1)
            offset += len(block)


def _csv_starts(path: Path, every: int) -> Iterator[int]:
    """The byte offset after the header and after every ``every``-th record of a CSV file, following quotes (a
    field may hold line breaks); the CSV reader pulls one line at a time, so after a record the lines it has
    taken end exactly there."""
    consumed = 0

    def counted() -> Iterator[str]:
        nonlocal consumed
        for index, line in enumerate(_byte_lines(path, 0)):
            consumed += len(line)
            yield line.decode("utf-8-sig" if index == 0 else "utf-8", "surrogateescape")

    records = csv.reader(counted())
    count = 0
    try:
        if next(records, None) is not None:  # the header
            yield consumed
        for record in records:
            count += 1 if record else 0  # a blank line is no record, as for the reader of rows
            if record and count % every == 0:
                yield consumed
    except csv.Error as error:
        raise InputError(f"{path}: record {count + 1}: {error} (fix: check the file's quoting)") from None


def record_spans(path: Path, every: int, csv_file: bool) -> list[Span]:
    """A batch file cut into slices of ``every`` records (lines of JSONL, records of CSV), each readable on its own
    with :func:`rows`; numbers go on across slices as if the file were read whole. An empty file is one empty
    slice."""
    size = batch_size(path)
    starts = list(_csv_starts(path, every)) if csv_file else [0, *_jsonl_starts(path, every)]
    starts = [start for start in starts if start < size] or [min([*starts, size])]
    ends = [*starts[1:], size]
    return [Span(start, end, 1 + index * every) for index, (start, end) in enumerate(zip(starts, ends, strict=True))]


@dataclass
class Skips:
    """Reports each skipped row and counts them: a batch answers how many it skipped."""

    report: Callable[[str], None]
    count: int = 0

    def __call__(self, problem: str) -> None:
        self.count += 1
        self.report(problem)
