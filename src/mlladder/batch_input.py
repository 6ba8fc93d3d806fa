"""Reading batch files (JSONL and CSV) a line at a time, within the input limits, one problem per bad line.

Shared by the two batches, of documents and of profiles: a line that is too long, not UTF-8, not JSON, nested
too deeply or holding an endless number is reported and skipped, never fatal, and never held in memory whole.
"""

from __future__ import annotations

import io
import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from mlladder.documents import LimitExceeded, cleaned, parse_json
from mlladder.errors import InputError
from mlladder.files import Unreadable, lines_of, regular_file, size_text
from mlladder.limits import MAX_BATCH_LINE_BYTES

__all__ = ["batch_lines", "batch_size", "json_line", "opened"]


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
