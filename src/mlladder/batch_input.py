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
    "batch_lines",
    "batch_size",
    "json_line",
    "opened",
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


def batch_lines(path: Path) -> Iterator[tuple[int, bytes | None, int]]:
    """(number, bytes, size) of each line; bytes are None for a line over ``MAX_BATCH_LINE_BYTES``."""
    try:
        yield from lines_of(path, MAX_BATCH_LINE_BYTES)
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


def rows(path: Path, id_column: str | None, text_column: str | None) -> Iterator[Row]:
    """The rows of a JSONL or CSV batch file (CSV when the name ends with .csv or columns are given)."""
    if path.suffix.lower() == ".csv" or id_column or text_column:
        yield from _csv_rows(path, id_column or "id", text_column or "text")
    else:
        yield from _jsonl_rows(path)


def _jsonl_rows(path: Path) -> Iterator[Row]:
    for number, raw, size in batch_lines(path):
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


def _csv_rows(path: Path, id_column: str, text_column: str) -> Iterator[Row]:
    # Undecodable bytes become stand-ins (surrogateescape) so that one bad record is reported and skipped
    # instead of ending the run; a record holding one is refused, never guessed at.
    stream = io.TextIOWrapper(opened(path), encoding="utf-8-sig", errors="surrogateescape", newline="")
    with stream:
        reader = csv.DictReader(stream)
        if reader.fieldnames is None or text_column not in reader.fieldnames:
            found = ", ".join(reader.fieldnames or [])
            raise InputError(f"{path}: no column '{text_column}' (columns: {found}) (fix: pass --text-column NAME)")
        number = 0
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


@dataclass
class Skips:
    """Reports each skipped row and counts them: a batch answers how many it skipped."""

    report: Callable[[str], None]
    count: int = 0

    def __call__(self, problem: str) -> None:
        self.count += 1
        self.report(problem)
