"""``mlladder move``: guidance for moving into ML from another field, or for getting hired into a first ML role."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from mlladder import InputError, assess, get_hired, hiring_data, load_profile, move_data, move_into_ml
from mlladder.cli.move_text import hiring_text, move_text
from mlladder.cli.output import FormatOption, FrameworkOption, OutputFormat, print_json
from mlladder.cli.pay import PersonRegionOption
from mlladder.framework.load import framework_from_option
from mlladder.market.pay import check_region

__all__ = ["register"]


def register(app: typer.Typer) -> None:
    """Add ``move`` to the root app."""
    app.command("move")(move_command)


def move_command(
    profile: Annotated[Path, typer.Option("--profile", "-p", metavar="FILE", help="Profile file (YAML or JSON).")],
    region: PersonRegionOption = None,
    framework: FrameworkOption = None,
    output: FormatOption = None,
) -> None:
    """Moving into ML (goal move-into-ml): the guides' time for a move from your field, the foundations to lay
    first, the first role to aim for (Junior or Mid) and why, and the projects that prove the move. Getting hired
    (goal get-hired): the projects to show, the level's interview questions and the pay of a first offer with the
    articles' advice on negotiating (region: the profile's unless --region is given). Rules: docs/moves.md."""
    if region is not None:
        check_region(region)  # refused for a move into ML too, which shows no pay: a wrong flag is never ignored
    ladder = framework_from_option(framework)
    person = load_profile(profile, ladder)
    assessment = assess(person, ladder)
    move = move_into_ml(ladder, person, assessment)
    if move is not None:
        if output is OutputFormat.json:
            print_json(move_data(move))
        else:
            typer.echo(move_text(move), nl=False)
        return
    hiring = get_hired(ladder, person, assessment, region=region)
    if hiring is None:
        kind = person.goal.kind if person.goal is not None else "next-level (no goal given)"
        raise InputError(
            f"{profile}: goal: {kind} is not a goal mlladder move answers; it is for moving into ML or getting hired "
            "(fix: set goal: {kind: move-into-ml, from: backend} or goal: get-hired in the profile)"
        )
    if output is OutputFormat.json:
        print_json(hiring_data(hiring))
    else:
        typer.echo(hiring_text(hiring), nl=False)
