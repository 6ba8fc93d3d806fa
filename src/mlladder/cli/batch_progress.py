"""What a batch command shows on stderr while it runs (a progress bar, the rows it skips) and when it ends (its
counts); stdout keeps only the results, one JSON line each."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import NamedTuple

from rich.console import Console
from rich.progress import BarColumn, Progress, ProgressColumn, Task, TaskProgressColumn, TextColumn, TimeRemainingColumn
from rich.text import Text

__all__ = [
    "BatchProgress",
    "DocumentRate",
    "batch_progress",
    "print_counts",
]


class BatchProgress(NamedTuple):
    skipped: Callable[[str], None]  # prints a row the batch skipped, above the bar
    advance: Callable[[int], None]  # moves the bar by the bytes read
    counted: Callable[[int], None]  # adds documents done, for the rate shown beside the bar


class DocumentRate(ProgressColumn):
    """How many documents are done and how many a second, once a batch counts them."""

    def render(self, task: Task) -> Text:
        done = int(task.fields.get("documents", 0))
        elapsed = task.elapsed or 0.0
        if not done or elapsed <= 0:
            return Text("")
        return Text(f"{done:,} docs, {done / elapsed:,.0f}/s")


@contextmanager
def batch_progress(verb: str, total: int) -> Iterator[BatchProgress]:
    """A progress bar on stderr while a batch file of ``total`` bytes is read; it is gone when the batch ends, and
    stdout keeps only the results."""
    columns = (TextColumn(verb), BarColumn(), TaskProgressColumn(), TimeRemainingColumn(), DocumentRate())
    with Progress(*columns, console=Console(stderr=True), transient=True) as progress:
        task = progress.add_task(verb, total=total or None, documents=0)
        documents = 0

        def counted(number: int) -> None:
            nonlocal documents
            documents += number
            progress.update(task, documents=documents)

        yield BatchProgress(
            lambda problem: progress.console.print(f"skipped: {problem}", markup=False, highlight=False),
            lambda size: progress.advance(task, size),
            counted,
        )


def print_counts(message: str) -> None:
    """One line on stderr that is not an error, such as a batch's counts."""
    Console(stderr=True).print(message, markup=False, highlight=False)
