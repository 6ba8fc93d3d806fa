"""``mlladder batch``: every document of a file placed on the ladder, as JSON lines on stdout or into a file, or as
rows of a Parquet file or dataset folder for ``mlladder market``."""

from __future__ import annotations

import dataclasses
import datetime as dt
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
from mlladder.market.distributed import (
    PARTITION_RECORDS,
    DaskRun,
    PartitionDone,
    Recipe,
    dask_client,
    partitions,
    place_on_cluster,
)
from mlladder.market.parquet import jsonl_output, partition_path, write_rows
from mlladder.market.resume import finished_parts, read_run, run_record, write_run
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


def dataset_part(folder: Path, resumable: bool = False) -> Path:
    """The first part file of a dataset folder, which is made if missing; a folder holding parts is refused so that
    one run never mixes with another's (``resumable``: the fix may be to go on with that run)."""
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as failure:
        raise CannotWrite(f"--out {folder}: cannot make the folder: {failure.strerror} (fix: check the path)") from None
    if any(folder.glob("part-*.parquet")):
        more = ", or pass --resume to go on with the run that wrote them" if resumable else ""
        raise CannotWrite(
            f"--out {folder}: already holds part files (fix: choose an empty folder or remove them{more})"
        )
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


def dask_batch(
    files: list[Path],
    target: Path,
    where: str,
    records: int,
    recipe: Recipe,
    framework: Framework,
    resume: bool,
) -> None:
    """The batch on a Dask cluster: one part file of the dataset folder per partition of the inputs; with
    ``resume``, only the partitions a run into the same folder left unfinished."""
    record = run_record(
        files,
        records,
        framework,
        recipe.kind,
        recipe.id_column,
        recipe.text_column,
        recipe.columns,
        recipe.today or dt.date.today(),
    )
    work = partitions(files, records, recipe.id_column, recipe.text_column)
    if resume:
        folder = target
        began = read_run(folder)
        kept = finished_parts(folder, began, record, len(work))
        recipe = dataclasses.replace(recipe, today=began.day)  # "to Present" ends where it did in the first run
        work = [partition for partition in work if partition.index not in kept]
    else:
        folder = dataset_part(target, resumable=True).parent  # made if missing; refused if it holds parts already
        kept = set()
    started = time.perf_counter()
    with dask_client(where) as client, batch_progress("placing", sum(part.size for part in work)) as shown:
        if not resume:
            write_run(folder, record)  # once a cluster answers: a run that never began leaves no record

        def finished(done: PartitionDone) -> None:
            for problem in done.problems:
                shown.skipped(problem)
            if done.failure is not None:
                print_counts(f"failed: {done.partition.describe()}: {done.failure}")
            shown.counted(done.placed)
            shown.advance(done.partition.size)

        run = place_on_cluster(client, work, recipe, framework, folder, finished)
    rate = run.placed / max(time.perf_counter() - started, 1e-9)
    total = len(work) + len(kept)
    before = f", {len(kept)} kept from before" if resume else ""
    print_counts(
        f"{run.placed} placed, {run.skipped} skipped into {folder} ({run.written} of {len(work)} parts{before}, "
        f"{run.workers} workers, {rate:,.0f} documents/s)"
    )
    failed_parts(run, folder, total)


def failed_parts(run: DaskRun, folder: Path, partitions: int) -> None:
    """A run with partitions that did not finish ends with one line (exit 2); the parts written stay complete."""
    if run.failed:
        raise InputError(
            f"--out {folder}: {len(run.failed)} of {partitions} partitions failed (listed above), the part files "
            "written are complete (fix: remove the cause, then run the same command with --resume to run only "
            "the missing parts)"
        )


def batch_command(
    files: Annotated[
        list[Path], typer.Argument(metavar="FILE", help="JSONL with id and text, or CSV; several with --dask.")
    ],
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
    dask: Annotated[
        str | None,
        typer.Option(
            "--dask",
            metavar="ADDRESS",
            help="Place on a Dask cluster: tcp://HOST:8786, or local[:N] for N worker processes here; needs --out "
            "DIR/ (see docs/scale.md).",
        ),
    ] = None,
    partition_records: Annotated[
        int, typer.Option("--partition-records", help="Records (lines of JSONL, records of CSV) a --dask partition.")
    ] = PARTITION_RECORDS,
    resume: Annotated[
        bool,
        typer.Option(
            "--resume",
            help="Go on with a --dask run into the same --out DIR/: keep its finished parts, run the missing ones.",
        ),
    ] = False,
) -> None:
    """Place every document of a file on the ladder: one JSON line each with id, level, probabilities, skills (or,
    with --out FILE.parquet, one row each for 'mlladder market')."""
    if output != "jsonl":
        raise InputError(f"unknown --format '{output}' (fix: batch writes --format jsonl; use --out for Parquet)")
    target = Path(out).expanduser() if out else None
    where = output_kind(target, out)
    columns = SourceColumns(date_column, company_column, location_column, region_column)
    if dask is not None:
        if where != "dataset" or target is None:
            raise InputError("--dask writes a dataset folder, one part file a partition (fix: pass --out DIR/)")
        recipe = Recipe(level_probabilities, document_kind(kind), id_column, text_column, columns, dt.date.today())
        dask_batch(files, target, dask, partition_records, recipe, framework_from_option(framework), resume)
        return
    if resume:
        raise InputError("--resume goes on with a --dask run (fix: pass the --dask and --out DIR/ of that run)")
    if len(files) > 1:
        raise InputError(
            f"{len(files)} input files: without --dask, one at a time (fix: pass --dask local, or one FILE)"
        )
    file = files[0]
    loaded = framework_from_option(framework)
    batch = DocumentBatch(file, document_kind(kind), id_column, text_column)
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
