"""The batch on a Dask cluster: input files cut into partitions, each placed on a worker into its own part file.

A partition is one slice of one input file (``PARTITION_RECORDS`` lines of JSONL or records of CSV, cut at record
starts by :func:`~mlladder.batch_input.record_spans`). Only its description travels to a worker: the worker reads
the slice from the shared input itself, places its documents with the framework it was sent once, and writes
``part-NNNNN.parquet`` with :func:`~mlladder.market.parquet.write_rows` (a temporary file, then a rename). A worker
that dies mid-partition leaves no part file, only a temporary one; Dask runs the partition again on another worker,
which writes the whole part. So the dataset ends with each partition exactly once, and its rows are those the
single-process batch writes, in the same order when the parts are read by name.

Dask (``dask.distributed``) is an optional extra: ``pip install 'mlladder[dask]'``.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import importlib
import logging
import os
import socket
import uuid
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from types import ModuleType
from typing import Any

import numpy as np

from mlladder.batch_input import Span, is_csv, record_spans
from mlladder.errors import InputError
from mlladder.evidence.document import Document
from mlladder.evidence.kinds import KindValue
from mlladder.evidence.model import Evidence
from mlladder.evidence.pipeline import DocumentBatch
from mlladder.framework.schema import Framework
from mlladder.market.extras import MissingExtra
from mlladder.market.parquet import partition_path, write_rows
from mlladder.market.rows import SourceColumns, placed_rows

__all__ = [
    "CONNECT_SECONDS",
    "DASK_MISSING",
    "PARTITION_RECORDS",
    "RETRIES",
    "DaskRun",
    "Partition",
    "PartitionDone",
    "Recipe",
    "dask_client",
    "extract_partition",
    "partitions",
    "place_on_cluster",
]

PARTITION_RECORDS = 5_000  # a few seconds of one core's work: small enough to spread, large enough to be cheap
RETRIES = 3  # runs of a partition whose task raised before it is given up
CONNECT_SECONDS = 5.0  # how long to wait for a scheduler before saying it cannot be reached
# A document's level probabilities: the assessment's function, passed in from the layer above. It travels to the
# workers by name, so it must be a module-level function they can import.
PlaceDocument = Callable[[Document, Evidence, Framework], np.ndarray]
# Dask's sampling profiler walks the running task's stack every 10 ms while holding the interpreter lock: for
# placing postings (pure Python) that costs a tenth of the rate and tells nothing the batch needs. Workers
# started here go without it; docs/scale.md says how to do the same on a cluster.
QUIET_WORKERS = {"distributed.worker.profile.enabled": False, "distributed.admin.system-monitor.gil.enabled": False}
DASK_MISSING = "--dask needs Dask's distributed scheduler (fix: pip install 'mlladder[dask]')"


def distributed_module() -> ModuleType:
    """``dask.distributed``, or :class:`~mlladder.market.extras.MissingExtra` with the install hint."""
    try:
        return importlib.import_module("distributed")
    except ImportError:
        raise MissingExtra(DASK_MISSING) from None


@dataclass(frozen=True)
class Partition:
    """One slice of one input file, written to part file ``index`` of the dataset."""

    index: int
    path: Path
    span: Span
    csv: bool

    @property
    def size(self) -> int:
        """Its bytes in the input, for the progress bar."""
        return self.span.end - self.span.start

    @property
    def name(self) -> str:
        return partition_path(Path(), self.index).name

    def describe(self) -> str:
        unit = "records" if self.csv else "lines"
        return f"{self.name} ({self.path} {unit} from {self.span.first})"


@dataclass(frozen=True)
class Recipe:
    """How every partition is read and placed: the batch's options, the same on every worker."""

    place: PlaceDocument
    kind: KindValue | None = None
    id_column: str | None = None
    text_column: str | None = None
    columns: SourceColumns = field(default_factory=SourceColumns)
    today: dt.date | None = None  # when "to Present" ends: fixed once, so workers on either side of midnight agree


@dataclass(frozen=True)
class PartitionDone:
    """What a partition's task reports: rows written, rows skipped (each with why), or why it failed."""

    partition: Partition
    placed: int = 0
    problems: tuple[str, ...] = ()
    failure: str | None = None  # None: its part file is complete


@dataclass(frozen=True)
class DaskRun:
    """The counts of a whole run; ``failed`` lists partitions with no part file, each with why."""

    placed: int
    skipped: int
    written: int
    failed: tuple[str, ...]
    workers: int


def partitions(files: Sequence[Path], records: int, id_column: str | None, text_column: str | None) -> list[Partition]:
    """The partitions of the input files, in order: by file, then slices of ``records`` records each. Reading a
    file's record boundaries here is a quick scan (no JSON, no extraction), and it finds a CSV quoting error or
    a missing file before any worker starts."""
    if records < 1:
        raise InputError(f"--partition-records {records}: must be at least 1 (fix: e.g. {PARTITION_RECORDS})")
    found: list[Partition] = []
    for path in files:
        csv_file = is_csv(path, id_column, text_column)
        for span in record_spans(path, records, csv_file):
            found.append(Partition(len(found), path.resolve(), span, csv_file))
    return found


def _unreachable(partition: Partition, folder: Path) -> str | None:
    """Why a worker cannot do a partition at all (it does not see the input or the output): the usual mistake on a
    cluster, where every worker must mount the same storage at the same path."""
    host = socket.gethostname()
    if not partition.path.is_file():
        return f"worker on {host} cannot read {partition.path} (fix: put the inputs on storage every worker mounts)"
    if not folder.is_dir():
        return f"worker on {host} cannot see the folder {folder} (fix: put --out on storage every worker mounts)"
    return None


def extract_partition(partition: Partition, recipe: Recipe, framework: Framework, folder: Path) -> PartitionDone:
    """Place one partition's documents and write its part file (whole or not at all); runs on a worker. A mistake
    in the input (or an unreachable path) is reported, not raised, so Dask does not retry what cannot succeed;
    anything else raises and the partition runs again."""
    unreachable = _unreachable(partition, folder)
    if unreachable is not None:
        return PartitionDone(partition, failure=unreachable)
    problems: list[str] = []
    batch = DocumentBatch(
        partition.path, recipe.kind, recipe.id_column, recipe.text_column, recipe.today, partition.span
    )
    rows = placed_rows(batch, framework, recipe.place, problems.append, columns=recipe.columns)
    try:
        placed = write_rows(rows, partition_path(folder, partition.index))
    except InputError as error:
        return PartitionDone(partition, failure=str(error))
    return PartitionDone(partition, placed, tuple(problems))


def _local_workers(where: str) -> int | None:
    """The worker count of ``local`` or ``local:N``; None when ``where`` names a scheduler instead."""
    if where != "local" and not where.startswith("local:"):
        return None
    count = where.partition(":")[2] or str(os.cpu_count() or 1)
    if not count.isdigit() or int(count) < 1:
        raise InputError(f"--dask {where}: the worker count must be a whole number from 1 (fix: --dask local:2)")
    return int(count)


def _check_address(where: str) -> None:
    scheme, separator, rest = where.partition("://")
    if not separator or not rest or scheme not in ("tcp", "tls", "ws", "wss", "inproc", "ucx"):
        raise InputError(
            f"--dask {where}: not a scheduler address (fix: tcp://HOST:8786, local, or local:N for N workers here)"
        )


def _listening(where: str, seconds: float) -> bool:
    """Whether something accepts connections at a tcp:// address, asked directly: a refused port answers at once,
    where Dask's client would keep trying until its timeout."""
    scheme, _, rest = where.partition("://")
    host, _, port = rest.rstrip("/").rpartition(":")
    if scheme != "tcp" or not port.isdigit():
        return True  # other transports: Dask's own timeout decides
    try:
        with socket.create_connection((host.strip("[]") or "localhost", int(port)), timeout=seconds):
            return True
    except OSError:
        return False


@contextlib.contextmanager
def _quiet_logs() -> Iterator[None]:
    """Dask's own log lines (a worker restarting, a lost connection) stay off the terminal: the batch says what
    matters in its own words."""
    loggers = [logging.getLogger(name) for name in ("distributed", "dask")]
    levels = [logger.level for logger in loggers]
    for logger in loggers:
        logger.setLevel(logging.CRITICAL)
    try:
        yield
    finally:
        for logger, level in zip(loggers, levels, strict=True):
            logger.setLevel(level)


@contextlib.contextmanager
def dask_client(where: str, connect_seconds: float = CONNECT_SECONDS) -> Iterator[Any]:
    """A ``distributed.Client``: of a LocalCluster for ``local`` (a worker process a core, one thread each) or
    ``local:N`` (N workers), else of the scheduler at the address ``where`` (``tcp://host:8786``)."""
    workers = _local_workers(where)
    if workers is None:
        _check_address(where)
        unreachable = InputError(
            f"--dask {where}: no scheduler answered within {connect_seconds:g} s (fix: start one there with "
            "'dask scheduler' and workers with 'dask worker', check the host and port, or use --dask local)"
        )
        if not _listening(where, connect_seconds):  # before importing Dask, so a wrong address is told at once
            raise unreachable
    distributed = distributed_module()
    with _quiet_logs(), importlib.import_module("dask").config.set(QUIET_WORKERS):
        if workers is not None:
            # No dashboard, and the scheduler's small web server on any free port: two runs at once do not clash.
            cluster = distributed.LocalCluster(
                n_workers=workers,
                threads_per_worker=1,
                processes=True,
                dashboard_address=None,
                scheduler_kwargs={"dashboard_address": ":0"},
            )
            with cluster, distributed.Client(cluster) as client:
                yield client
            return
        try:
            client = distributed.Client(where, timeout=connect_seconds)
        except (OSError, TimeoutError):
            raise unreachable from None
        with client:
            yield client


def _failure_of(error: BaseException) -> str:
    reason = str(error).splitlines()[0] if str(error) else type(error).__name__
    return f"{type(error).__name__}: {reason}"


def _remove_leftovers(folder: Path, done: Sequence[Partition]) -> None:
    """Temporary files of partitions whose worker died while writing (the rerun wrote the part under its own
    temporary name); only this run's partitions, and only where this machine sees the folder."""
    for partition in done:
        for leftover in folder.glob(f".{partition.name}.*.tmp"):
            leftover.unlink(missing_ok=True)


def place_on_cluster(
    client: Any,
    work: Sequence[Partition],
    recipe: Recipe,
    framework: Framework,
    folder: Path,
    on_done: Callable[[PartitionDone], None] = lambda _: None,
    retries: int = RETRIES,
) -> DaskRun:
    """Run every partition on the cluster behind ``client`` into part files in ``folder`` (which every worker must
    see at the same path); ``on_done`` hears of each partition as it finishes, in the order they finish."""
    distributed = distributed_module()
    folder = folder.resolve()
    shared = client.scatter(framework, broadcast=True, hash=False)  # sent once to each worker, not once a task
    run = uuid.uuid4().hex[:8]
    futures = {
        client.submit(
            extract_partition,
            partition,
            recipe,
            shared,
            folder,
            key=f"mlladder-{run}-{partition.name}",
            retries=retries,
            pure=False,
        ): partition
        for partition in work
    }
    placed = skipped = written = 0
    failed: list[str] = []
    for future in distributed.as_completed(futures):
        partition = futures[future]
        try:
            done: PartitionDone = future.result()
        except Exception as error:  # retries used up, or a worker died on it too often (KilledWorker)
            done = PartitionDone(partition, failure=_failure_of(error))
        if done.failure is None:
            placed, skipped, written = placed + done.placed, skipped + len(done.problems), written + 1
        else:
            failed.append(f"{partition.describe()}: {done.failure}")
        on_done(done)
    if folder.is_dir():
        _remove_leftovers(folder, work)
    return DaskRun(placed, skipped, written, tuple(failed), len(client.scheduler_info().get("workers", {})))
