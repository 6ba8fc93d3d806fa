"""``mlladder evidence`` and ``mlladder batch``: documents to cited evidence and placements."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated

import typer

from mlladder.assess.batch import place_batch
from mlladder.batch_input import batch_size
from mlladder.cli import evidence_text
from mlladder.cli.batch_progress import batch_progress, print_counts
from mlladder.cli.output import FormatOption, FrameworkOption, OutputFormat, console, print_json
from mlladder.errors import InputError
from mlladder.evidence.kinds import DocumentKind, KindChoice
from mlladder.evidence.model import to_data
from mlladder.evidence.pipeline import DocumentBatch, by_competency, evidence_from_file
from mlladder.framework.load import framework_from_option
from mlladder.framework.schema import Framework

__all__ = ["SemanticOption", "load_semantic_model", "register"]

SemanticOption = Annotated[
    bool,
    typer.Option("--semantic", help="Also find skills written in other words (optional extra 'semantic'; slower)."),
]
KindOption = Annotated[
    str, typer.Option("--kind", help="resume, brag, posting, or auto (from the file name and wording).")
]


def document_kind(value: str) -> DocumentKind | None:
    """The kind --kind names, None for auto (guess it)."""
    choices = sorted(choice.value for choice in KindChoice)
    if value not in choices:
        raise InputError(f"unknown --kind '{value}' (fix: use one of {', '.join(choices)})")
    return KindChoice(value).kind


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
    with batch_progress("placing", batch_size(file)) as shown:
        batch = DocumentBatch(file, chosen, id_column, text_column)
        placed, skipped = place_batch(batch, loaded, sys.stdout, shown.skipped, shown.advance)
    print_counts(f"{placed} placed, {skipped} skipped")
