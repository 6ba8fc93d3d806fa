"""``mlladder match``: how well a resume fits a job posting, or which postings of a file fit it best."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer
from rich.console import Group, RenderableType
from rich.table import Table
from rich.text import Text

from mlladder import InputError, Match, Ranked, check_posting, evidence_from_file, match, rank_postings
from mlladder.batch_input import batch_size
from mlladder.cli.batch_progress import batch_progress, print_counts
from mlladder.cli.output import FormatOption, FrameworkOption, OutputFormat, console, print_json
from mlladder.evidence.kinds import DocumentKind
from mlladder.framework.load import framework_from_option

__all__ = ["register"]

MAX_TOP = 1000


def register(app: typer.Typer) -> None:
    app.command("match")(match_command)


def match_command(
    resume: Annotated[
        list[Path], typer.Option("--resume", metavar="FILE", help="The person's resume (repeat for more documents).")
    ],
    posting: Annotated[Path | None, typer.Option("--posting", metavar="FILE", help="One job posting.")] = None,
    postings: Annotated[
        Path | None,
        typer.Option("--postings", metavar="FILE", help="Many postings: JSONL with id and text, or CSV (as batch)."),
    ] = None,
    top: Annotated[int, typer.Option("--top", metavar="N", help="With --postings: how many to list (1-1000).")] = 10,
    id_column: Annotated[str | None, typer.Option("--id-column", help="CSV column with the id.")] = None,
    text_column: Annotated[str | None, typer.Option("--text-column", help="CSV column with the text.")] = None,
    framework: FrameworkOption = None,
    output: FormatOption = None,
) -> None:
    """How well a resume fits a posting: level, skills found and missing, years, a score with its parts, and the
    three changes that would help most; with --postings, the postings that fit best."""
    if (posting is None) == (postings is None):
        raise InputError("give --posting FILE or --postings FILE, one of them (fix: see 'mlladder match --help')")
    if not 1 <= top <= MAX_TOP:
        raise InputError(f"--top must be 1 to {MAX_TOP}, got {top} (fix: give a smaller number)")
    loaded = framework_from_option(framework)
    documents = [evidence_from_file(path, loaded, DocumentKind.resume)[1] for path in resume]
    as_json = output is OutputFormat.json
    if posting is not None:
        text_document, found = evidence_from_file(posting, loaded, DocumentKind.posting)
        check_posting(text_document, found)
        fit = match(documents, found, loaded, text_document.text)
        print_json(fit.model_dump(mode="json")) if as_json else console().print(match_view(fit))
        return
    assert postings is not None
    with batch_progress("matching", batch_size(postings)) as shown:
        ranked, read, skipped = rank_postings(
            documents,
            postings,
            loaded,
            shown.skipped,
            shown.advance,
            top=top,
            id_column=id_column,
            text_column=text_column,
        )
    print_counts(f"{read} postings matched, {skipped} skipped")
    if as_json:
        print_json([item.model_dump(mode="json") for item in ranked])
    else:
        console().print(ranking_view(ranked))


def match_view(fit: Match) -> RenderableType:
    parts: list[RenderableType] = [
        Text(f"{fit.posting}: fit {fit.score:.0f}/100", style="bold"),
        Text(f"The posting asks for {fit.posting_level}; the resume places you at {fit.person_level}."),
    ]
    score = Table(title="The score", show_header=True, box=None)
    for column in ("Part", "Weight", "Credit", "Why"):
        score.add_column(column)
    for part in fit.parts:
        score.add_row(part.name, f"{part.weight:.0%}", f"{part.credit:.0%}", part.why)
    parts.append(score)
    skills = Table(title="Skills the posting asks for", show_lines=False)
    for column in ("Skill", "Asked", "In the resume"):
        skills.add_column(column, overflow="fold")
    for fit_skill in [*fit.required, *fit.preferred]:
        shown = "no"
        if fit_skill.shown:
            shown = f"implied by {fit_skill.implied_by}" if fit_skill.implied_by else f"yes: {fit_skill.resume_line}"
        skills.add_row(fit_skill.name, "required" if fit_skill.required else "preferred", shown)
    if fit.required or fit.preferred:
        parts.append(skills)
    if fit.changes:
        parts.append(Text("What would help most:", style="bold"))
        parts.extend(Text(f"  {number}. {change}.") for number, change in enumerate(fit.changes, start=1))
    return Group(*parts)


def ranking_view(ranked: list[Ranked]) -> RenderableType:
    table = Table(title=f"The {len(ranked)} postings that fit best", show_lines=False)
    for column in ("#", "Id", "Posting", "Level", "Fit", "Missing required skills"):
        table.add_column(column, overflow="fold")
    for position, item in enumerate(ranked, start=1):
        fit = item.match
        missing = ", ".join(skill.name for skill in fit.required if not skill.shown) or "-"
        table.add_row(str(position), item.id, fit.posting, fit.posting_level, f"{fit.score:.0f}", missing)
    return table
