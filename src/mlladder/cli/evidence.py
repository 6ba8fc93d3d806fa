"""``mlladder evidence``: documents to cited evidence (``mlladder batch`` is in :mod:`mlladder.cli.batch`)."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from mlladder.cli import evidence_text
from mlladder.cli.output import FormatOption, FrameworkOption, OutputFormat, console, print_json
from mlladder.errors import InputError
from mlladder.evidence.kinds import DocumentKind, KindChoice
from mlladder.evidence.model import to_data
from mlladder.evidence.pipeline import by_competency, evidence_from_file
from mlladder.framework.load import framework_from_option
from mlladder.framework.schema import Framework

__all__ = ["KindOption", "SemanticOption", "document_kind", "load_semantic_model", "register"]

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


def evidence_command(
    files: Annotated[list[Path], typer.Argument(metavar="FILE...", help="Resumes, brag documents or postings.")],
    kind: KindOption = "auto",
    semantic: SemanticOption = False,
    framework: FrameworkOption = None,
    output: FormatOption = None,
) -> None:
    """What a document shows, grouped by competency: each line it came from quoted once, with all it shows."""
    loaded = framework_from_option(framework)
    chosen = document_kind(kind)
    if semantic:
        load_semantic_model(loaded)
    results = [evidence_from_file(path, loaded, chosen, semantic=semantic)[1] for path in files]
    if output is OutputFormat.json:
        print_json([{**to_data(found), "by_competency": by_competency(found, loaded)} for found in results])
        return
    screen = console()
    for found in results:
        screen.print(evidence_text.evidence_view(loaded, found))
