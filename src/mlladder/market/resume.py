"""Resuming a batch run into a dataset folder: the parts it finished are kept, only the missing ones run again.

A run writes :data:`RUN_FILE` into its folder before any part: the input files (path, size, modification time),
the partition size, the options that shape the rows and a digest of the framework, and the day "to Present" ended
on. ``--resume`` reads it back, refuses when anything differs (so a resumed dataset never mixes rows placed from
other inputs or with other options) and runs only the partitions whose part file is missing or unreadable: a part
file exists only once it is complete (see :func:`~mlladder.market.parquet.replacing`).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from collections.abc import Sequence
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Literal

from pydantic import BaseModel, ConfigDict, ValidationError

from mlladder.errors import InputError
from mlladder.framework.schema import Framework
from mlladder.market.extras import parquet_module
from mlladder.market.parquet import partition_path, replacing
from mlladder.market.rows import SourceColumns

__all__ = ["RUN_FILE", "RunRecord", "check_same_run", "finished_parts", "read_run", "run_record", "write_run"]

RUN_FILE = ".mlladder-run.json"  # hidden, and not .parquet: the analysis never reads it as data
RECORD_VERSION = 1
FIX = "run the same command as before, or start again into an empty folder without --resume"


@dataclass(frozen=True)
class RunRecord:
    """What a run into a dataset folder was started with; two runs with equal records write the same parts."""

    inputs: tuple[tuple[str, int, int], ...]  # (resolved path, size in bytes, modification time in ns) of each file
    partition_records: int
    options: tuple[tuple[str, str | None], ...]  # what shapes the rows: kind, columns, the framework's digest
    today: str  # ISO day on which "to Present" ends, kept so a resumed run's rows agree with the first run's

    @property
    def day(self) -> dt.date:
        return dt.date.fromisoformat(self.today)


def run_record(
    files: Sequence[Path],
    partition_records: int,
    framework: Framework,
    kind: str | None,
    id_column: str | None,
    text_column: str | None,
    columns: SourceColumns,
    today: dt.date,
) -> RunRecord:
    """The record of a run over ``files`` with these options, as of now."""
    options: list[tuple[str, str | None]] = [
        ("kind", kind),
        ("id column", id_column),
        ("text column", text_column),
        *((f"{name} column", value) for name, value in asdict(columns).items()),
        ("framework", _digest(framework)),
    ]
    return RunRecord(tuple(_stamp(path) for path in files), partition_records, tuple(options), today.isoformat())


def write_run(folder: Path, record: RunRecord) -> None:
    """Keep ``record`` in the dataset folder (whole or not at all), before the run writes any part."""
    with replacing(folder / RUN_FILE) as temporary:
        temporary.write_text(json.dumps({"version": RECORD_VERSION, **asdict(record)}, indent=1), encoding="utf-8")


class _StoredRun(BaseModel):
    """The record's file, as :func:`write_run` writes it."""

    model_config = ConfigDict(extra="forbid", strict=False)

    version: Literal[1]
    inputs: tuple[tuple[str, int, int], ...]
    partition_records: int
    options: tuple[tuple[str, str | None], ...]
    today: dt.date


def read_run(folder: Path) -> RunRecord:
    """The record of the run that wrote ``folder``; an :class:`InputError` when there is none or it is unreadable."""
    path = folder / RUN_FILE
    again = "(fix: start again into an empty folder without --resume)"
    try:
        stored = _StoredRun.model_validate_json(path.read_bytes())
    except FileNotFoundError:
        raise InputError(f"--resume: {folder} holds no record of a batch run {again}") from None
    except OSError as error:
        raise InputError(f"--resume: {path} cannot be read: {error.strerror} {again}") from None
    except ValidationError:
        raise InputError(f"--resume: {path} is not a record of a batch run this version wrote {again}") from None
    return RunRecord(stored.inputs, stored.partition_records, stored.options, stored.today.isoformat())


def check_same_run(before: RunRecord, now: RunRecord) -> None:
    """Refuse to resume when the inputs or the options differ from the run that began the folder."""
    if [name for name, *_ in before.inputs] != [name for name, *_ in now.inputs]:
        was = ", ".join(name for name, *_ in before.inputs)
        raise InputError(f"--resume: the run began with other input files ({was}) (fix: {FIX})")
    for (name, size, mtime), (_, size_now, mtime_now) in zip(before.inputs, now.inputs, strict=True):
        if (size, mtime) != (size_now, mtime_now):
            raise InputError(f"--resume: {name} changed since the run began (fix: {FIX})")
    if before.partition_records != now.partition_records:
        raise InputError(
            f"--resume: the run began with --partition-records {before.partition_records}, not "
            f"{now.partition_records} (fix: {FIX})"
        )
    for (name, value), (_, value_now) in zip(before.options, now.options, strict=True):
        if value != value_now:
            shown = "another framework" if name == "framework" else f"{name} {value or 'found by its usual names'}"
            raise InputError(f"--resume: the run began with {shown} (fix: {FIX})")


def finished_parts(folder: Path, record: RunRecord, now: RunRecord, count: int) -> set[int]:
    """The partitions (of ``count``) whose part file in ``folder`` is complete, after checking that ``now`` is the
    run ``record`` began; a part file that cannot be read is run again."""
    check_same_run(record, now)
    return {index for index in range(count) if _readable(partition_path(folder, index))}


def _readable(path: Path) -> bool:
    if not path.is_file():
        return False
    try:
        parquet_module().read_metadata(path)
    except Exception:  # pyarrow raises several types for a damaged footer; each means: write it again
        return False
    return True


def _stamp(path: Path) -> tuple[str, int, int]:
    try:
        status = path.stat()
    except OSError as error:
        raise InputError(f"{path}: cannot be read: {error.strerror} (fix: check the path)") from None
    return str(path.resolve()), status.st_size, status.st_mtime_ns


def _digest(framework: Framework) -> str:
    return hashlib.sha256(framework.model_dump_json().encode("utf-8")).hexdigest()[:16]
