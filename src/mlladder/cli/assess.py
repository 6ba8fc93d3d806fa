"""``mlladder assess``, ``gap``, ``plan``, ``report`` and ``profile validate``: thin shells over the library."""

from __future__ import annotations

import sys
from collections.abc import Callable
from enum import StrEnum
from pathlib import Path
from typing import Annotated, Any, NamedTuple

import typer

from mlladder.assess.batch import assess_jsonl
from mlladder.assess.documents import assess_person, posting_placement
from mlladder.assess.gaps import GapReport, gaps
from mlladder.assess.placement import Assessment, assess
from mlladder.assess.postings import PostingReading
from mlladder.assess.profile import Profile, load_profile
from mlladder.batch_input import batch_size
from mlladder.cli import assess_text
from mlladder.cli.batch_progress import batch_progress, print_counts
from mlladder.cli.evidence import SemanticOption, load_semantic_model
from mlladder.cli.guide_text import guidance_summary
from mlladder.cli.output import (
    EXIT_OK,
    FormatOption,
    FrameworkOption,
    OutputFormat,
    console,
    print_json,
    report_problems,
)
from mlladder.errors import InputError, ProfileError
from mlladder.evidence.kinds import DocumentKind
from mlladder.evidence.model import Evidence, to_data
from mlladder.evidence.pipeline import check_posting, evidence_from_file
from mlladder.files import write_atomically
from mlladder.framework.load import framework_from_option
from mlladder.framework.schema import Framework
from mlladder.guidance.person import person_guidance, person_guidance_data
from mlladder.plan.planner import Plan, check_start, plan

__all__ = [
    "RequiredProfile",
    "TargetOption",
    "register",
]

ProfileOption = Annotated[
    Path | None, typer.Option("--profile", "-p", metavar="FILE", help="Profile file (YAML or JSON).")
]
RequiredProfile = Annotated[Path, typer.Option("--profile", "-p", metavar="FILE", help="Profile file (YAML or JSON).")]
TargetOption = Annotated[
    str | None,
    typer.Option("--target", metavar="LEVEL", help="Target level id. Default: the profile's, else the next."),
]
HoursOption = Annotated[
    float | None,
    typer.Option("--hours", metavar="N", help="Hours a week for growth. Default: the profile's, else 5."),
]
StartOption = Annotated[
    str | None, typer.Option("--start", metavar="DATE", help="Start date of the plan, YYYY-MM-DD. Default: today.")
]


class BatchFormat(StrEnum):
    jsonl = "jsonl"


def _load(framework: str | None, profile: Path) -> tuple[Framework, Profile]:
    loaded = framework_from_option(framework)
    return loaded, load_profile(profile, loaded)


def register(app: typer.Typer) -> None:
    """Add the assessment commands to the root app."""
    app.command("assess")(assess_command)
    app.command("gap")(gap_command)
    app.command("plan")(plan_command)
    app.command("report")(report_command)
    profile_app = typer.Typer(help="Check profile files.", no_args_is_help=True, add_completion=False)
    profile_app.command("validate")(validate_profile_command)
    app.add_typer(profile_app, name="profile")


def assess_command(
    profile: ProfileOption = None,
    resume: Annotated[
        Path | None, typer.Option("--resume", metavar="FILE", help="A resume (PDF, DOCX, HTML, Markdown, text).")
    ] = None,
    brag: Annotated[
        list[Path] | None, typer.Option("--brag", metavar="FILE", help="A brag document or self-review (repeatable).")
    ] = None,
    posting: Annotated[
        Path | None, typer.Option("--posting", metavar="FILE", help="A job posting: the level it asks for.")
    ] = None,
    semantic: SemanticOption = False,
    batch: Annotated[
        Path | None, typer.Option("--batch", metavar="FILE", help="Assess every profile of a JSONL file.")
    ] = None,
    save: Annotated[
        Path | None, typer.Option("--save", metavar="FILE", help="Interactive mode: where to write the profile.")
    ] = None,
    framework: FrameworkOption = None,
    output: Annotated[
        str | None, typer.Option("--format", help="text or json; jsonl with --batch (one line per profile).")
    ] = None,
) -> None:
    """Place a person on the ladder: level probabilities, the level they meet, confidence and why.

    Evidence can come from ratings (--profile), documents (--resume, --brag) or both. --posting alone places a
    job posting at the level it asks for; with a person, it becomes their target. Without any of these, asks one
    question per competency in the terminal and saves the answers as a profile before assessing it.
    """
    fmt = _format(output, allowed={"text", "json", "jsonl"})
    if batch is not None:
        _run_batch(batch, framework, fmt)
        return
    documents = [path for path in [resume, *(brag or [])] if path is not None]
    if semantic:
        load_semantic_model(framework_from_option(framework))
    if posting is not None and not documents and profile is None:
        _show_posting(framework, posting, fmt)
        return
    if profile is None and not documents:
        profile = _interactive(framework, save)
    loaded = framework_from_option(framework)
    ratings = load_profile(profile, loaded) if profile is not None else None
    found = [_read_evidence(path, loaded, _kind_of(path, brag), semantic) for path in documents]
    person, assessment = assess_person(found, loaded, ratings)
    target = None
    if posting is not None:
        target = _posting_assessment(loaded, posting)[2].level
    report = gaps(person, loaded, target=target, assessment=assessment)
    if fmt == "json":
        data = {**assessment.model_dump(mode="json"), "gaps": report.model_dump(mode="json")}
        if found:
            data["evidence"] = [to_data(item) for item in found]
        else:
            data["guidance"] = person_guidance_data(person_guidance(loaded, person, assessment, report))
        print_json(data)
    elif fmt == "jsonl":
        raise InputError("--format jsonl goes with --batch (fix: use --format json for one profile)")
    else:
        console().print(assess_text.assessment_view(loaded, assessment, report))
        if profile is not None and not found:
            _print_guidance(loaded, person, assessment, report, profile)


def _print_guidance(
    framework: Framework, person: Profile, assessment: Assessment, report: GapReport, profile: Path
) -> None:
    """The short guidance note under a person's text results (pay, situations, interview questions)."""
    guidance = person_guidance(framework, person, assessment, report)
    typer.echo(guidance_summary(guidance, str(profile)), nl=False)


def _kind_of(path: Path, brag: list[Path] | None) -> DocumentKind:
    return DocumentKind.brag if path in (brag or []) else DocumentKind.resume


def _read_evidence(path: Path, framework: Framework, kind: DocumentKind, semantic: bool = False) -> Evidence:
    return evidence_from_file(path, framework, kind, semantic=semantic)[1]


def _posting_assessment(framework: Framework, path: Path) -> tuple[Evidence, Assessment, PostingReading]:
    document, found = evidence_from_file(path, framework, DocumentKind.posting)
    check_posting(document, found)
    assessment, reading = posting_placement(found, framework, document.text)
    return found, assessment, reading


def _show_posting(framework_option: str | None, path: Path, fmt: str) -> None:
    loaded = framework_from_option(framework_option)
    found, assessment, reading = _posting_assessment(loaded, path)
    if fmt == "json":
        data = {**assessment.model_dump(mode="json"), "reading": reading.model_dump(mode="json")}
        print_json({**data, "evidence": to_data(found)})
    elif fmt == "jsonl":
        raise InputError("--format jsonl goes with --batch (fix: use --format json for one posting)")
    else:
        console().print(assess_text.posting_view(loaded, assessment, found, reading))


def _format(value: str | None, allowed: set[str]) -> str:
    fmt = value or "text"
    if fmt not in allowed:
        raise InputError(f"unknown --format '{fmt}' (fix: use one of {', '.join(sorted(allowed))})")
    return fmt


def _interactive(framework: str | None, save: Path | None) -> Path:
    if not sys.stdin.isatty():
        raise InputError("no --profile given and the input is not a terminal (fix: pass --profile FILE)")
    from mlladder import save_profile
    from mlladder.cli.wizard import interview

    loaded = framework_from_option(framework)
    screen = console()
    person = interview(loaded, ask=screen.input, show=screen.print)
    if person is None:
        raise typer.Exit(EXIT_OK)
    target = save or Path("profile.yaml")
    save_profile(person, target)
    screen.print(f"Saved the profile to {target}")
    return target


def _run_batch(path: Path, framework: str | None, fmt: str) -> None:
    if fmt != "jsonl":
        raise InputError("--batch writes one JSON line per profile (fix: add --format jsonl)")
    loaded = framework_from_option(framework)
    with batch_progress("assessing", batch_size(path)) as shown:
        assessed, skipped = assess_jsonl(
            path, loaded, sys.stdout, lambda problem: shown.skipped(problem.message), shown.advance
        )
    print_counts(f"{assessed} assessed, {skipped} skipped")


def gap_command(
    profile: RequiredProfile,
    target: TargetOption = None,
    framework: FrameworkOption = None,
    output: FormatOption = None,
) -> None:
    """What stands between the profile and a target level, ranked by how much closing it would help."""
    loaded, person = _load(framework, profile)
    assessment = assess(person, loaded)
    report = gaps(person, loaded, target=target, assessment=assessment)
    if output is OutputFormat.json:
        print_json(report.model_dump(mode="json"))
    else:
        console().print(assess_text.gap_view(loaded, report))
        _print_guidance(loaded, person, assessment, report, profile)


def plan_command(
    profile: RequiredProfile,
    hours: HoursOption = None,
    start: StartOption = None,
    target: TargetOption = None,
    ics: Annotated[
        Path | None, typer.Option("--ics", metavar="FILE", help="Write the milestones as iCalendar.")
    ] = None,
    markdown: Annotated[Path | None, typer.Option("--md", metavar="FILE", help="Write the plan as Markdown.")] = None,
    framework: FrameworkOption = None,
    output: FormatOption = None,
) -> None:
    """A dated plan to the target level: activities with hours, monthly milestones and a readiness date."""
    loaded, person, assessment, growth = _planned(framework, profile, hours, start, target)
    from mlladder.report.plan_export import plan_ics, plan_markdown

    _write(ics, lambda: plan_ics(growth, loaded))
    _write(markdown, lambda: plan_markdown(growth, loaded))
    if output is OutputFormat.json:
        print_json(growth.model_dump(mode="json"))
    else:
        console().print(assess_text.plan_view(loaded, growth))
        _print_guidance(loaded, person, assessment, growth.gaps, profile)
        _print_written(ics, markdown)


class _Planned(NamedTuple):
    framework: Framework
    person: Profile
    assessment: Assessment
    plan: Plan


def _planned(
    framework: str | None, profile: Path, hours: float | None, start: str | None, target: str | None
) -> _Planned:
    """The profile placed and planned for, as ``plan`` and ``report`` both show it."""
    loaded, person = _load(framework, profile)
    begin = check_start(start) if start is not None else None
    assessment = assess(person, loaded)
    growth = plan(person, loaded, weekly_hours=hours, start=begin, target=target, assessment=assessment)
    return _Planned(loaded, person, assessment, growth)


def _write(path: Path | None, render: Callable[[], str | bytes]) -> None:
    """Write a file the command was asked for (rendered only then)."""
    if path is not None:
        write_atomically(path, render())


def _print_written(*paths: Path | None) -> None:
    for written in paths:
        if written is not None:
            print(f"wrote {written}")


def report_command(
    profile: RequiredProfile,
    html: Annotated[
        Path | None, typer.Option("--html", metavar="FILE", help="Write a self-contained HTML report.")
    ] = None,
    markdown: Annotated[Path | None, typer.Option("--md", metavar="FILE", help="Write the report as Markdown.")] = None,
    hours: HoursOption = None,
    start: StartOption = None,
    target: TargetOption = None,
    framework: FrameworkOption = None,
    output: FormatOption = None,
) -> None:
    """The full report: placement, explanation, gaps and plan, in the terminal and as HTML or Markdown files."""
    loaded, person, assessment, growth = _planned(framework, profile, hours, start, target)
    guidance = person_guidance(loaded, person, assessment, growth.gaps)
    from mlladder.report.render import report_html, report_markdown

    _write(html, lambda: report_html(loaded, assessment, growth.gaps, growth, guidance=guidance))
    _write(markdown, lambda: report_markdown(loaded, assessment, growth.gaps, growth, guidance=guidance))
    if output is OutputFormat.json:
        data: dict[str, Any] = {**assessment.model_dump(mode="json"), "gaps": growth.gaps.model_dump(mode="json")}
        data["plan"] = growth.model_dump(mode="json", exclude={"gaps"})
        data["guidance"] = person_guidance_data(guidance)
        print_json(data)
        return
    screen = console()
    screen.print(assess_text.assessment_view(loaded, assessment, growth.gaps))
    screen.print(assess_text.plan_view(loaded, growth))
    typer.echo(guidance_summary(guidance, str(profile)), nl=False)
    _print_written(html, markdown)


def validate_profile_command(
    file: Annotated[Path, typer.Argument(metavar="FILE", help="Profile file to check (YAML or JSON).")],
    framework: FrameworkOption = None,
    output: FormatOption = None,
) -> None:
    """Check a profile file against a framework and list every problem with its line and a fix (exit 1 if any)."""
    loaded = framework_from_option(framework)
    try:
        load_profile(file, loaded)
        problems = []
    except ProfileError as error:
        if error.unreadable:
            raise
        problems = error.problems
    as_json = output is OutputFormat.json
    raise typer.Exit(report_problems(str(file), problems, as_json, f"{file}: valid profile for {loaded.id}"))
