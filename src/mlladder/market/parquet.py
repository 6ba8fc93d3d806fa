"""Writing rows to Parquet (one file, or a dataset folder of part files) and JSONL, streamed and all-or-nothing.

Rows are written in record batches of ``CHUNK_ROWS``, so memory stays flat whatever the input's size. Each file
goes to a temporary name in the target's folder and is renamed when complete: an interrupted run leaves the
previous file (or none), never half of one. A dataset folder holds ``part-00000.parquet``, ``part-00001.parquet``
and so on; each part is written by :func:`write_rows` alone, so parts can be written independently (by other
processes or machines) and read back together by the analysis.
"""

from __future__ import annotations

import contextlib
import os
import tempfile
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any, TextIO

from mlladder.errors import CannotWrite
from mlladder.market.extras import parquet_module, pyarrow_module
from mlladder.market.rows import row_schema

__all__ = [
    "CHUNK_ROWS",
    "PART_PATTERN",
    "jsonl_output",
    "partition_path",
    "replacing",
    "write_rows",
]

CHUNK_ROWS = 2_000  # rows per record batch: large enough for Parquet's compression, small enough to stay flat
PART_PATTERN = "part-*.parquet"


def partition_path(directory: Path, index: int) -> Path:
    """The file of partition ``index`` in a dataset folder: ``part-00000.parquet`` and so on."""
    return directory / f"part-{index:05d}.parquet"


@contextlib.contextmanager
def replacing(path: Path) -> Iterator[Path]:
    """A temporary path beside ``path`` to write to; renamed onto ``path`` when the block ends without an error,
    removed when it raises (an interruption included)."""
    folder = path.parent
    if not folder.is_dir():
        raise CannotWrite(f"{path}: the folder {folder} does not exist (fix: create it or choose another --out)")
    if path.is_dir():
        raise CannotWrite(f"{path}: is a folder (fix: name a file, or a folder for a dataset with a trailing /)")
    try:
        handle, temporary = tempfile.mkstemp(dir=folder, prefix=f".{path.name}.", suffix=".tmp")
    except OSError as failure:
        raise CannotWrite(f"{path}: cannot be written: {failure.strerror} (fix: check the folder)") from None
    os.close(handle)
    written = Path(temporary)
    written.chmod(path.stat().st_mode & 0o777 if path.exists() else 0o644)  # not the temporary file's 0600
    try:
        yield written
        written.replace(path)
    except BaseException:
        written.unlink(missing_ok=True)
        raise


def _chunks(rows: Iterable[dict[str, Any]], size: int) -> Iterator[list[dict[str, Any]]]:
    chunk: list[dict[str, Any]] = []
    for row in rows:
        chunk.append(row)
        if len(chunk) >= size:
            yield chunk
            chunk = []
    if chunk:
        yield chunk


def write_rows(rows: Iterable[dict[str, Any]], path: Path, chunk_rows: int = CHUNK_ROWS) -> int:
    """Write rows (as :func:`~mlladder.market.rows.document_row` makes them) to one Parquet file, all or nothing;
    returns how many. An empty input still writes a file with the schema, so a dataset's parts all read."""
    pa, pq = pyarrow_module(), parquet_module()
    schema = row_schema()
    count = 0
    with replacing(path) as temporary, pq.ParquetWriter(temporary, schema, compression="zstd") as writer:
        for chunk in _chunks(rows, chunk_rows):
            writer.write_batch(pa.RecordBatch.from_pylist(chunk, schema=schema))
            count += len(chunk)
    return count


@contextlib.contextmanager
def jsonl_output(path: Path) -> Iterator[TextIO]:
    """A text stream for JSON lines that becomes ``path`` only when the block completes."""
    with replacing(path) as temporary, temporary.open("w", encoding="utf-8") as stream:
        yield stream
