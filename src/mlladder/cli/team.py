"""``mlladder team`` and ``mlladder team whatif``: thin shells over :mod:`mlladder.team`."""

from __future__ import annotations

import sys
from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer

from mlladder.cli import team_text
from mlladder.cli.mentors_text import pairing_text
from mlladder.cli.output import FrameworkOption, console, print_json
from mlladder.cli.serve import DbOption
from mlladder.errors import InputError, clipped
from mlladder.framework.load import framework_from_option
from mlladder.framework.schema import Framework
from mlladder.limits import visible
from mlladder.store import Store, resolve_url
from mlladder.team.load import Roster, narrowed, roster_from_folder, roster_from_store
from mlladder.team.matrix import by_team, matrix_csv, matrix_data, team_matrix
from mlladder.team.mentors import PairingOptions, pair_mentors
from mlladder.team.whatif import (
    Add,
    Change,
    Promote,
    Remove,
    moves,
    numbered,
    posting_member,
    profile_change,
    what_if,
    what_if_data,
)

__all__ = ["register", "team_app"]


class TeamFormat(StrEnum):
    text = "text"
    json = "json"
    csv = "csv"


ProfilesOption = Annotated[
    Path | None,
    typer.Option("--profiles", metavar="DIR", help="A folder of profile files, one per person, with team.yaml."),
]
ManagerOption = Annotated[
    str | None, typer.Option("--manager", metavar="NAME", help="Only the people below this manager, at any depth.")
]
NeededOption = Annotated[
    str | None,
    typer.Option("--needed", metavar="LEVEL", help="Measure coverage at this level. Default: the level most hold."),
]

team_app = typer.Typer(
    help="Without a command: the team matrix (ratings against each person's level, coverage, single points of "
    "failure, gaps, risks and readiness). 'whatif' compares the team with someone added, removed, promoted or moved.",
    invoke_without_command=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,
)


def register(app: typer.Typer) -> None:
    """Add ``team`` to the root app."""
    app.add_typer(team_app, name="team")


@team_app.callback()
def team_command(
    ctx: typer.Context,
    profiles: ProfilesOption = None,
    db: DbOption = None,
    manager: ManagerOption = None,
    level: Annotated[
        str | None, typer.Option("--level", metavar="LEVEL", help="Only people holding this level.")
    ] = None,
    specialisation: Annotated[
        str | None, typer.Option("--specialisation", metavar="ID", help="Only people working in this specialisation.")
    ] = None,
    target: Annotated[
        str | None,
        typer.Option("--target", metavar="LEVEL", help="Readiness for this level. Default: each person's step up."),
    ] = None,
    needed: NeededOption = None,
    teams: Annotated[
        bool, typer.Option("--by-team", help="One matrix per team, each at its own needed level.")
    ] = False,
    skills: Annotated[
        bool, typer.Option("--skills", help="Every skill held or needed, and each person's skills.")
    ] = False,
    output: Annotated[
        TeamFormat | None, typer.Option("--format", help="text (tables), json (docs/json-output.md) or csv.")
    ] = None,
    framework: FrameworkOption = None,
) -> None:
    """The team matrix: each person's ratings against their level, coverage at the level the team needs, single
    points of failure, gaps nobody covers, people past the step's window, and who is ready for the next level."""
    if ctx.invoked_subcommand is not None:
        return
    loaded = framework_from_option(framework)
    roster = _roster(loaded, profiles, db)
    chosen = narrowed(roster, level=level, specialisation=specialisation, manager=manager, framework=loaded)
    fmt = output or TeamFormat.text
    _warn(roster)
    if teams and fmt is not TeamFormat.csv:
        matrices = by_team(loaded, chosen, target, needed)
        if fmt is TeamFormat.json:
            print_json({"teams": {name: matrix_data(m, skills) for name, m in matrices.items()}, **_warnings(roster)})
        else:
            console().print(team_text.teams_view(matrices, skills))
        return
    matrix = team_matrix(loaded, chosen, target, needed)
    if fmt is TeamFormat.csv:
        sys.stdout.write(matrix_csv(matrix))
    elif fmt is TeamFormat.json:
        print_json({**matrix_data(matrix, skills), **_warnings(roster)})
    else:
        console().print(team_text.matrix_view(matrix, skills, title=_title(manager)))
        # The pairing belongs in the same first look at a team; `mlladder mentors` sets its options and saves it.
        pairing = pair_mentors(loaded, chosen.members, PairingOptions())
        print(f"\nMentor pairs (default options; see 'mlladder mentors --help'):\n{pairing_text(pairing)}")


@team_app.command("whatif")
def what_if_command(
    profiles: ProfilesOption = None,
    db: DbOption = None,
    manager: ManagerOption = None,
    add: Annotated[
        list[Path] | None, typer.Option("--add", metavar="FILE", help="Someone joins: their profile (repeatable).")
    ] = None,
    add_posting: Annotated[
        list[Path] | None,
        typer.Option("--add-posting", metavar="FILE", help="A hire at the level a job posting asks for (repeatable)."),
    ] = None,
    remove: Annotated[
        list[str] | None, typer.Option("--remove", metavar="NAME", help="Someone leaves (repeatable).")
    ] = None,
    promote: Annotated[
        list[str] | None, typer.Option("--promote", metavar="NAME=LEVEL", help="Someone now holds LEVEL (repeatable).")
    ] = None,
    move: Annotated[
        list[str] | None, typer.Option("--move", metavar="NAME=TEAM", help="Someone joins another team (repeatable).")
    ] = None,
    reports_to: Annotated[
        list[str] | None,
        typer.Option(
            "--reports-to",
            metavar="NAME=MANAGER",
            help="Someone moves to report to MANAGER, who is in the team or manages someone in it; with --move for "
            "the same person, one move to both (repeatable).",
        ),
    ] = None,
    needed: NeededOption = None,
    output: Annotated[
        TeamFormat | None, typer.Option("--format", help="text (side by side) or json (docs/json-output.md).")
    ] = None,
    framework: FrameworkOption = None,
) -> None:
    """The team today and after the changes, side by side: the level mix, coverage at today's needed level, the
    single points of failure, gaps and other risks that appear or go away, and each team whose people change.
    Changes apply in the order: additions, removals, promotions, moves."""
    if output is TeamFormat.csv:
        raise InputError("--format csv: what-if compares two teams (fix: use --format text or json)")
    loaded = framework_from_option(framework)
    roster = _roster(loaded, profiles, db)
    if manager is not None:
        roster = narrowed(roster, manager=manager)
    changes: list[Change] = [profile_change(loaded, path) for path in add or []]
    changes += [Add(hire) for hire in numbered([posting_member(loaded, path) for path in add_posting or []])]
    changes += [Remove(name) for name in remove or []]
    changes += [Promote(*_pair(text, "--promote", "NAME=LEVEL")) for text in promote or []]
    teams = [_pair(text, "--move", "NAME=TEAM", "Kim Sample=platform") for text in move or []]
    managers = [_pair(text, "--reports-to", "NAME=MANAGER", "Kim Sample=Fern Madeup") for text in reports_to or []]
    changes += moves(teams, managers)
    _warn(roster)
    result = what_if(loaded, roster, changes, needed, outside_managers=False)
    if output is TeamFormat.json:
        print_json({**what_if_data(result), **_warnings(roster)})
    else:
        console().print(team_text.what_if_view(result))


def _title(manager: str | None) -> str:
    return f"Below {manager}" if manager else "Team"


def _roster(framework: Framework, profiles: Path | None, db: str | None) -> Roster:
    """The team from exactly one source."""
    if (profiles is None) == (db is None):
        raise InputError("give either --profiles DIR or --db URL (fix: one of them, not both or neither)")
    if profiles is not None:
        return roster_from_folder(framework, profiles)
    assert db is not None
    _require_database(db)
    with Store(db) as store:
        return roster_from_store(framework, store)


def _require_database(db: str) -> None:
    """A team is read from a database that exists: an SQLite path that is not there would be created empty."""
    url = resolve_url(db)
    path = url.database
    if url.get_backend_name() == "sqlite" and path and path != ":memory:" and not Path(path).expanduser().exists():
        raise InputError(f"--db {clipped(db)}: no such database file (fix: give the file mlladder serve uses)")


def _pair(text: str, flag: str, form: str, example: str = "Kim Sample=L3") -> tuple[str, str]:
    name, sep, value = text.partition("=")
    if not sep or not name.strip() or not value.strip():
        raise InputError(f"{flag} '{clipped(text)}': write it as {form} (fix: e.g. {flag} '{example}')")
    return name.strip(), value.strip()


def _warn(roster: Roster) -> None:
    for warning in roster.warnings:
        # On stderr, so JSON and CSV on stdout stay whole; control characters in a file name are escaped.
        print(f"warning: {visible(warning)}", file=sys.stderr)


def _warnings(roster: Roster) -> dict[str, list[str]]:
    return {"warnings": list(roster.warnings)}
