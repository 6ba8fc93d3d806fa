"""``mlladder batch``: every document of a file placed on the ladder, as JSON lines on stdout or into a file, or as
rows of a Parquet file or dataset folder for ``mlladder market``."""

from __future__ import annotations

import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Annotated, Any

import typer

from mlladder.assess.batch import level_probabilities, place_batch
from mlladder.batch_input import batch_size
from mlladder.cli.batch_progress import BatchProgress, batch_progress, print_counts
from mlladder.cli.evidence import KindOption, document_kind
from mlladder.cli.output import FrameworkOption
from mlladder.errors import CannotWrite, InputError
from mlladder.evidence.pipeline import DocumentBatch
from mlladder.framework.load import framework_from_option
from mlladder.framework.schema import Framework
from mlladder.market.parquet import jsonl_output, partition_path, write_rows
from mlladder.market.rows import SourceColumns, placed_rows

__all__ = ["register"]


def column_option(role: str) -> Any:
    return typer.Option(f"--{role}-column", help=f"Column (CSV) or key (JSONL) with the {role}; default: usual names.")


def register(app: typer.Typer) -> None:
    app.command("batch")(batch_command)


def output_kind(out: Path | None, raw: str | None) -> str:
    """What --out asks for from its name: stdout, a JSONL file, a Parquet file, or a dataset folder."""
    if out is None:
        return "stdout"
    suffix = out.suffix.lower()
    if suffix in (".jsonl", ".ndjson"):
        return "jsonl"
    if suffix == ".parquet":
        return "parquet"
    if (raw or "").endswith("/") or out.is_dir():
        return "dataset"
    raise InputError(
        f"--out {out}: unknown kind of output (fix: name a .jsonl or .parquet file, or a folder ending in /)"
    )


def dataset_part(folder: Path) -> Path:
    """The first part file of a dataset folder, which is made if missing; a folder holding parts is refused so that
    one run never mixes with another's."""
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as failure:
        raise CannotWrite(f"--out {folder}: cannot make the folder: {failure.strerror} (fix: check the path)") from None
    if any(folder.glob("part-*.parquet")):
        raise CannotWrite(f"--out {folder}: already holds part files (fix: choose an empty folder or remove them)")
    return partition_path(folder, 0)


def write_parquet(
    batch: DocumentBatch, framework: Framework, target: Path, columns: SourceColumns, shown: BatchProgress
) -> tuple[int, int]:
    skipped = 0

    def on_problem(problem: str) -> None:
        nonlocal skipped
        skipped += 1
        shown.skipped(problem)

    rows = placed_rows(batch, framework, level_probabilities, on_problem, shown.advance, columns)
    return write_rows(counting(rows, shown.counted), target), skipped


def counting(rows: Any, counted: Callable[[int], None]) -> Any:
    for row in rows:
        counted(1)
        yield row


def batch_command(
    file: Annotated[Path, typer.Argument(metavar="FILE", help="JSONL with id and text, or CSV.")],
    out: Annotated[
        str | None,
        typer.Option(
            "--out",
            help="Write to FILE.jsonl, FILE.parquet or a dataset folder DIR/ (part-00000.parquet) instead of stdout.",
        ),
    ] = None,
    output: Annotated[str, typer.Option("--format", help="jsonl (one JSON object per document).")] = "jsonl",
    id_column: Annotated[str | None, typer.Option("--id-column", help="CSV column with the id.")] = None,
    text_column: Annotated[str | None, typer.Option("--text-column", help="CSV column with the text.")] = None,
    date_column: Annotated[str | None, column_option("date")] = None,
    company_column: Annotated[str | None, column_option("company")] = None,
    location_column: Annotated[str | None, column_option("location")] = None,
    region_column: Annotated[str | None, column_option("region")] = None,
    kind: KindOption = "auto",
    framework: FrameworkOption = None,
) -> None:
    """Place every document of a file on the ladder: one JSON line each with id, level, probabilities, skills (or,
    with --out FILE.parquet, one row each for 'mlladder market')."""
    if output != "jsonl":
        raise InputError(f"unknown --format '{output}' (fix: batch writes --format jsonl; use --out for Parquet)")
    target = Path(out).expanduser() if out else None
    where = output_kind(target, out)
    loaded = framework_from_option(framework)
    batch = DocumentBatch(file, document_kind(kind), id_column, text_column)
    columns = SourceColumns(date_column, company_column, location_column, region_column)
    started = time.perf_counter()
    with batch_progress("placing", batch_size(file)) as shown:
        if where == "stdout":
            placed, skipped = place_batch(batch, loaded, sys.stdout, shown.skipped, shown.advance)
        elif where == "jsonl" and target is not None:
            with jsonl_output(target) as stream:
                placed, skipped = place_batch(batch, loaded, stream, shown.skipped, shown.advance)
        elif target is not None:
            part = dataset_part(target) if where == "dataset" else target
            placed, skipped = write_parquet(batch, loaded, part, columns, shown)
    rate = placed / max(time.perf_counter() - started, 1e-9)
    written = f" into {target}" if target is not None else ""
    print_counts(f"{placed} placed, {skipped} skipped{written} ({rate:,.0f} documents/s)")
