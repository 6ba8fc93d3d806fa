"""``mlladder evidence`` and ``mlladder batch``: documents to cited evidence and placements."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.progress import BarColumn, Progress, TaskProgressColumn, TextColumn, TimeRemainingColumn

from mlladder import DocumentKind, Framework, InputError, by_competency, evidence_from_file, place_batch
from mlladder.batch_input import batch_size
from mlladder.cli import evidence_text
from mlladder.cli.output import FormatOption, FrameworkOption, OutputFormat, console, print_json
from mlladder.evidence.model import to_data
from mlladder.framework.load import framework_from_option

__all__ = ["SemanticOption", "load_semantic_model", "register"]

KINDS: set[str] = {"resume", "brag", "posting", "auto"}
SemanticOption = Annotated[
    bool,
    typer.Option("--semantic", help="Also find skills written in other words (optional extra 'semantic'; slower)."),
]
KindOption = Annotated[
    str, typer.Option("--kind", help="resume, brag, posting, or auto (from the file name and wording).")
]


def document_kind(value: str) -> DocumentKind | None:
    if value not in KINDS:
        raise InputError(f"unknown --kind '{value}' (fix: use one of {', '.join(sorted(KINDS))})")
    return None if value == "auto" else value  # type: ignore[return-value]


def load_semantic_model(framework: Framework) -> None:
    """Load the optional model before any file is read: fails fast, with the install hint, when it is missing."""
    from mlladder.evidence.semantic import semantic_matcher

    semantic_matcher(framework)


def register(app: typer.Typer) -> None:
    app.command("evidence")(evidence_command)
    app.command("batch")(batch_command)


def evidence_command(
    files: Annotated[list[Path], typer.Argument(metavar="FILE...", help="Resumes, brag documents or postings.")],
    kind: KindOption = "auto",
    semantic: SemanticOption = False,
    framework: FrameworkOption = None,
    output: FormatOption = None,
) -> None:
    """What a document shows, grouped by competency, each item citing the sentence it came from."""
    loaded = framework_from_option(framework)
    chosen = document_kind(kind)
    if semantic:
        load_semantic_model(loaded)
    results = []
    for path in files:
        _, found = evidence_from_file(path, loaded, chosen, semantic=semantic)
        results.append((found, by_competency(found, loaded)))
    if output is OutputFormat.json:
        print_json([{**to_data(found), "by_competency": grouped} for found, grouped in results])
        return
    screen = console()
    for found, grouped in results:
        screen.print(evidence_text.evidence_view(loaded, found, grouped))


def batch_command(
    file: Annotated[Path, typer.Argument(metavar="FILE", help="JSONL with id and text, or CSV.")],
    output: Annotated[str, typer.Option("--format", help="jsonl (one JSON object per document).")] = "jsonl",
    id_column: Annotated[str | None, typer.Option("--id-column", help="CSV column with the id.")] = None,
    text_column: Annotated[str | None, typer.Option("--text-column", help="CSV column with the text.")] = None,
    kind: KindOption = "auto",
    framework: FrameworkOption = None,
) -> None:
    """Place every document of a file on the ladder: one JSON line each with id, level, probabilities, skills."""
    if output != "jsonl":
        raise InputError(f"unknown --format '{output}' (fix: batch writes --format jsonl)")
    loaded = framework_from_option(framework)
    chosen = document_kind(kind)
    total = batch_size(file)
    errors = Console(stderr=True)
    columns = (TextColumn("placing"), BarColumn(), TaskProgressColumn(), TimeRemainingColumn())
    with Progress(*columns, console=errors, transient=True) as progress:
        task = progress.add_task("batch", total=total or None)

        def report(problem: str) -> None:
            progress.console.print(f"skipped: {problem}", markup=False, highlight=False)

        placed, skipped = place_batch(
            file,
            loaded,
            sys.stdout,
            report,
            lambda size: progress.advance(task, size),
            kind=chosen,
            id_column=id_column,
            text_column=text_column,
        )
    errors.print(f"{placed} placed, {skipped} skipped", markup=False, highlight=False)
