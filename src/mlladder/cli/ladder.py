"""``mlladder ladder``: show, compare, search, validate and export career ladders."""

from __future__ import annotations

from collections.abc import Callable
from enum import StrEnum
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.console import RenderableType

from mlladder import (
    ExportFormat,
    Framework,
    InputError,
    builtin_framework,
    builtin_framework_ids,
    compare_levels,
    comparison_data,
    export_framework,
    framework_data,
    get_level,
    level_data,
    skills_data,
    specialisations_data,
    track_view,
    track_view_data,
    validate_framework_file,
)
from mlladder.cli import ladder_text
from mlladder.cli.output import (
    EXIT_OK,
    FormatOption,
    FrameworkOption,
    OutputFormat,
    console,
    print_json,
    report_problems,
)
from mlladder.errors import clipped
from mlladder.files import write_atomically
from mlladder.framework.load import framework_from_option
from mlladder.framework.skills import search_skills
from mlladder.guidance.tracks import branching_level
from mlladder.limits import visible

__all__ = ["ladder_app"]

ladder_app = typer.Typer(
    help="Without a command: an overview of the ladder's levels. Commands show, compare, search, validate and "
    "export career ladders, and show the choice of track from the senior level up.",
    invoke_without_command=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,
)


class _Choice(StrEnum):
    """Export formats as a CLI choice."""

    md = "md"
    html = "html"
    json = "json"
    yaml = "yaml"


def _options(ctx: typer.Context, framework: str | None, output: OutputFormat | None) -> tuple[Framework, bool]:
    """Options given to a subcommand win over the same options given to ``mlladder ladder``."""
    parent = ctx.obj if isinstance(ctx.obj, dict) else {}
    chosen = framework if framework is not None else parent.get("framework")
    fmt = output or parent.get("format") or OutputFormat.text
    return framework_from_option(chosen), fmt is OutputFormat.json


def _show(as_json: bool, data: Any, render: Callable[[Any], RenderableType]) -> None:
    """Print a view as JSON or as its terminal rendering."""
    if as_json:
        print_json(data)
    else:
        console().print(render(data))


@ladder_app.callback()
def overview(ctx: typer.Context, framework: FrameworkOption = None, output: FormatOption = None) -> None:
    """Overview of the ladder: every level with its years, salary bands and a one-line summary."""
    ctx.obj = {"framework": framework, "format": output}
    if ctx.invoked_subcommand is not None:
        return
    loaded, as_json = _options(ctx, None, None)
    if as_json:
        print_json(framework_data(loaded))
    else:
        console().print(ladder_text.overview(loaded))


@ladder_app.command("level")
def level(
    ctx: typer.Context,
    level_id: Annotated[str, typer.Argument(metavar="ID", help="Level id, e.g. L3.")],
    framework: FrameworkOption = None,
    output: FormatOption = None,
) -> None:
    """One level's full card: responsibilities, expectations, skills, pay, projects and interview questions."""
    loaded, as_json = _options(ctx, framework, output)
    _show(as_json, level_data(loaded, get_level(loaded, level_id)), lambda data: ladder_text.level_card(loaded, data))


@ladder_app.command("compare")
def compare(
    ctx: typer.Context,
    from_id: Annotated[str, typer.Argument(metavar="A", help="The level you compare from, e.g. L2.")],
    to_id: Annotated[str, typer.Argument(metavar="B", help="The level you compare to, e.g. L3.")],
    framework: FrameworkOption = None,
    output: FormatOption = None,
) -> None:
    """Only what changes between two levels: expectations, responsibilities, skills, pay and typical time."""
    loaded, as_json = _options(ctx, framework, output)
    _show(
        as_json,
        comparison_data(compare_levels(loaded, from_id, to_id), loaded),
        lambda data: ladder_text.comparison(loaded, data),
    )


@ladder_app.command("tracks")
def tracks(
    ctx: typer.Context,
    from_id: Annotated[
        str | None,
        typer.Option("--from", metavar="LEVEL", help="The level to look from (default: where the tracks branch)."),
    ] = None,
    framework: FrameworkOption = None,
    output: FormatOption = None,
) -> None:
    """From the level where tracks branch up: each track you can move onto, what changes and what to weigh."""
    loaded, as_json = _options(ctx, framework, output)
    branch = branching_level(loaded)
    if branch is None:
        raise InputError(
            f"framework '{loaded.id}' has no track that branches from its main track "
            "(fix: compare two levels with 'mlladder ladder compare')"
        )
    level = get_level(loaded, from_id or branch)
    view = track_view(loaded, level.id)
    if view is None:
        raise InputError(
            f"--from: {level.id} is below {branch}, where the tracks branch "
            f"(fix: use --from {branch} or a level above it)"
        )
    _show(as_json, track_view_data(view), ladder_text.track_view_text)


@ladder_app.command("skills")
def skills(
    ctx: typer.Context,
    competency: Annotated[str | None, typer.Option(help="Only skills that evidence this competency id.")] = None,
    level_id: Annotated[
        str | None, typer.Option("--level", help="Only skills typically expected at this level.")
    ] = None,
    category: Annotated[str | None, typer.Option(help="Only skills of this category id.")] = None,
    search: Annotated[
        str | None,
        typer.Option(help="Only skills whose name, id or an alias contains this; if none does, the closest names."),
    ] = None,
    framework: FrameworkOption = None,
    output: FormatOption = None,
) -> None:
    """The skills taxonomy, optionally searched and filtered by competency, level and category."""
    loaded, as_json = _options(ctx, framework, output)
    found = search_skills(loaded, search, competency=competency, level=level_id, category=category)
    if as_json:
        print_json(skills_data(found.skills, loaded))
        return
    if found.fuzzy:
        closest = "the closest names:" if found.skills else "nothing comes close either."
        named = visible(clipped(found.query))
        console().print(f"No skill is named '{named}'; {closest}", markup=False, highlight=False)
    if found.skills or not found.fuzzy:
        console().print(ladder_text.skills_table(loaded, found.skills))


@ladder_app.command("specialisations")
def specialisations(ctx: typer.Context, framework: FrameworkOption = None, output: FormatOption = None) -> None:
    """The areas one can specialise in (a profile's `specialisation`), with their domain skills."""
    loaded, as_json = _options(ctx, framework, output)
    _show(as_json, specialisations_data(loaded), lambda _: ladder_text.specialisations_table(loaded))


@ladder_app.command("validate")
def validate(
    ctx: typer.Context,
    file: Annotated[
        Path | None,
        typer.Argument(metavar="[FILE]", help="Framework file to check (YAML or JSON). Default: --framework's file."),
    ] = None,
    framework: FrameworkOption = None,
    output: FormatOption = None,
) -> None:
    """Check a framework file and list every problem with its line and a fix (exit 1 if any)."""
    parent = ctx.obj if isinstance(ctx.obj, dict) else {}
    chosen = file or framework or parent.get("framework")
    fmt = output or parent.get("format")
    if chosen is None or (str(chosen) in builtin_framework_ids() and not Path(chosen).exists()):
        name = str(chosen or "ml-engineer")
        builtin_framework(name)  # built-in ladders are validated as they load
        print(f"built-in framework {name}: valid framework")
        raise typer.Exit(EXIT_OK)
    problems = validate_framework_file(chosen)  # a file that cannot be read at all raises: exit 2
    as_json = fmt is OutputFormat.json
    raise typer.Exit(report_problems(str(chosen), problems, as_json, f"{chosen}: valid framework"))


@ladder_app.command("export")
def export(
    ctx: typer.Context,
    to: Annotated[_Choice, typer.Option("--format", help="md, html, json or yaml.")] = _Choice.md,
    destination: Annotated[
        Path | None, typer.Option("--output", "-o", metavar="FILE", help="Write here instead of stdout.")
    ] = None,
    framework: FrameworkOption = None,
) -> None:
    """Export the whole ladder as Markdown, self-contained HTML, JSON or YAML."""
    loaded, _ = _options(ctx, framework, OutputFormat.text)
    text = export_framework(loaded, ExportFormat(to.value))
    if destination is None:
        print(text, end="" if text.endswith("\n") else "\n")
    else:
        write_atomically(destination, text)
        print(f"wrote {destination}")
