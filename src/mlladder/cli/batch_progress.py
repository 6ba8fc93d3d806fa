"""What a batch command shows on stderr while it runs (a progress bar, the rows it skips) and when it ends (its
counts); stdout keeps only the results, one JSON line each."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import NamedTuple

from rich.console import Console
from rich.progress import BarColumn, Progress, TaskProgressColumn, TextColumn, TimeRemainingColumn

__all__ = [
    "batch_progress",
    "print_counts",
]


class BatchProgress(NamedTuple):
    skipped: Callable[[str], None]  # prints a row the batch skipped, above the bar
    advance: Callable[[int], None]  # moves the bar by the bytes read


@contextmanager
def batch_progress(verb: str, total: int) -> Iterator[BatchProgress]:
    """A progress bar on stderr while a batch file of ``total`` bytes is read; it is gone when the batch ends, and
    stdout keeps only the results."""
    columns = (TextColumn(verb), BarColumn(), TaskProgressColumn(), TimeRemainingColumn())
    with Progress(*columns, console=Console(stderr=True), transient=True) as progress:
        task = progress.add_task(verb, total=total or None)
        yield BatchProgress(
            lambda problem: progress.console.print(f"skipped: {problem}", markup=False, highlight=False),
            lambda size: progress.advance(task, size),
        )


def print_counts(message: str) -> None:
    """One line on stderr that is not an error, such as a batch's counts."""
    Console(stderr=True).print(message, markup=False, highlight=False)
