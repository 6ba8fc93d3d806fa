"""Finding and checking the Parquet files of a market analysis: one file, or a dataset folder of part files.

Each file's footer is read before any query, so a damaged or foreign file is named in one line instead of
surfacing as a database error halfway through. A folder with one bad part is refused whole unless the caller
chooses to skip bad parts: a report that silently leaves out a slice of the market would mislead, so skipping
is explicit and the report lists what it left out.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from mlladder.errors import InputError
from mlladder.market.extras import parquet_module
from mlladder.market.rows import row_schema

__all__ = [
    "Dataset",
    "open_dataset",
]

NEEDED = ("id", "level", "skills")  # without these a file was not written by `mlladder batch --out`


@dataclass(frozen=True)
class Dataset:
    """The Parquet files an analysis reads, and the bad ones it left out (each with why)."""

    source: Path
    files: tuple[Path, ...]
    skipped: tuple[str, ...] = ()


def _candidates(source: Path) -> list[Path]:
    if source.is_dir():
        files = sorted(path for path in source.glob("*.parquet") if path.is_file())
        if not files:
            raise InputError(f"{source}: no .parquet files in the folder (fix: run 'mlladder batch ... --out DIR/')")
        return files
    if not source.exists():
        raise InputError(f"{source}: no such file or folder (fix: check the path)")
    if not source.is_file():
        raise InputError(f"{source}: not a regular file or folder (fix: name a .parquet file or a dataset folder)")
    return [source]


REWRITE = "write it again with 'mlladder batch --out'"


def problem_of(path: Path) -> str | None:
    """Why a file cannot be analysed (damaged, not Parquet, missing or retyped columns), or None when it can."""
    pq = parquet_module()
    try:
        schema = pq.read_schema(path)
    except Exception as error:  # pyarrow raises several types for a bad footer; each means the same here
        reason = str(error).splitlines()[0] if str(error) else type(error).__name__
        return f"{path}: not a readable Parquet file: {reason}"
    missing = [name for name in NEEDED if name not in schema.names]
    if missing:
        return f"{path}: no column {', '.join(missing)}, so not rows of 'mlladder batch'"
    expected = row_schema()
    for name in expected.names:
        if name in schema.names and schema.field(name).type != expected.field(name).type:
            return f"{path}: column {name} is {schema.field(name).type}, not {expected.field(name).type}"
    return None


def open_dataset(source: Path, skip_bad: bool = False) -> Dataset:
    """The files to analyse under ``source``; a bad file raises :class:`InputError` naming it, unless ``skip_bad``
    (then it is left out and listed, as long as one good file remains)."""
    good: list[Path] = []
    bad: list[str] = []
    for path in _candidates(source):
        problem = problem_of(path)
        if problem is None:
            good.append(path)
        elif skip_bad:
            bad.append(problem)
        else:
            other = ", or pass --skip-bad to analyse the other parts" if source.is_dir() else ""
            raise InputError(f"{problem} (fix: {REWRITE}{other})")
    if not good:
        raise InputError(f"{source}: no readable part (fix: {REWRITE})")
    return Dataset(source, tuple(good), tuple(bad))
