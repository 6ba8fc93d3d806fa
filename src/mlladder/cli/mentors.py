"""``mlladder mentors``: a thin shell over :func:`mlladder.team.mentors.pair_mentors`."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated

import typer

from mlladder.cli.mentors_text import pairing_text
from mlladder.cli.output import FormatOption, FrameworkOption, OutputFormat, print_json
from mlladder.errors import InputError, clipped
from mlladder.framework.load import framework_from_option
from mlladder.framework.schema import Framework
from mlladder.limits import visible
from mlladder.store import Store, resolve_url
from mlladder.team.load import Roster, RosterError, reports_of, roster_from_folder, roster_from_store
from mlladder.team.mentors import (
    DEFAULT_CAPACITY,
    PairingOptions,
    pair_mentors,
    pairing_data,
    save_pairing,
    with_stored_decisions,
)

__all__ = ["register"]


def register(app: typer.Typer) -> None:
    """Add ``mentors`` to the root app."""
    app.command("mentors")(mentors_command)


def mentors_command(
    profiles: Annotated[
        Path | None,
        typer.Option("--profiles", metavar="DIR", help="A folder of profile files, one per person, with team.yaml."),
    ] = None,
    db: Annotated[
        str | None,
        typer.Option("--db", metavar="URL", help="Read the team from this database (URL or SQLite file) instead."),
    ] = None,
    manager: Annotated[
        str | None,
        typer.Option("--manager", metavar="NAME", help="Find mentors for the people below this manager only."),
    ] = None,
    capacity: Annotated[
        int, typer.Option("--capacity", metavar="N", min=0, help="Mentees each mentor takes at most.")
    ] = DEFAULT_CAPACITY,
    capacity_of: Annotated[
        list[str] | None,
        typer.Option("--capacity-of", metavar="NAME=N", help="One mentor's own capacity (repeatable)."),
    ] = None,
    exclude: Annotated[
        list[str] | None,
        typer.Option("--exclude", metavar="MENTOR:MENTEE", help="Never propose this pair (repeatable)."),
    ] = None,
    allow_own_manager: Annotated[
        bool, typer.Option("--allow-own-manager", help="A manager may mentor their own reports.")
    ] = False,
    any_specialisation: Annotated[
        bool,
        typer.Option("--any-specialisation", help="No preference for a mentor who shares the mentee's specialisation."),
    ] = False,
    save: Annotated[
        bool,
        typer.Option("--save", help="With --db: keep the proposals for the people to accept or decline."),
    ] = False,
    output: FormatOption = None,
    framework: FrameworkOption = None,
) -> None:
    """Mentors for a team: for each person's largest gaps to their target level, someone at least a level above
    who is strong there, chosen for the greatest total benefit under each mentor's capacity; every pair and every
    person left without a mentor explained. With --db, pairs people declined are not proposed again and accepted
    ones are kept. See docs/mentors.md."""
    if profiles is not None and db is not None:
        raise InputError("--profiles and --db: give one of them (fix: leave out --profiles or --db)")
    if save and db is None:
        raise InputError("--save: proposals are kept in a database (fix: give --db URL, or leave out --save)")
    loaded = framework_from_option(framework)
    store = _open(db) if db is not None else None
    try:
        roster = roster_from_store(loaded, store) if store is not None else _folder(loaded, profiles)
        options = PairingOptions(
            capacity=capacity,
            capacity_of=dict(_capacity_of(roster, text) for text in capacity_of or []),
            exclusions=[_exclusion(roster, text) for text in exclude or []],
            allow_own_manager=allow_own_manager,
            prefer_same_specialisation=not any_specialisation,
        )
        if store is not None:
            options = with_stored_decisions(options, store, roster.members)
        mentees = reports_of(roster, manager).names() if manager is not None else None
        pairing = pair_mentors(loaded, roster.members, options, reports=mentees)
        saved = len(save_pairing(store, pairing, roster.members)) if save and store is not None else None
    finally:
        if store is not None:
            store.close()
    for warning in roster.warnings:  # on stderr, so JSON on stdout stays whole
        print(f"warning: {visible(warning)}", file=sys.stderr)
    if output is OutputFormat.json:
        data = {**pairing_data(pairing), "warnings": list(roster.warnings)}
        print_json(data if saved is None else {**data, "saved": saved})
    else:
        typer.echo(pairing_text(pairing, saved), nl=False)


def _folder(framework: Framework, profiles: Path | None) -> Roster:
    if profiles is None:
        raise InputError("give --profiles DIR or --db URL (fix: one of them, for the team to pair)")
    return roster_from_folder(framework, profiles)


def _open(db: str) -> Store:
    """The database the team is in. An SQLite path that is not there is an error: opening it would create it."""
    url = resolve_url(db)
    path = url.database if url.get_backend_name() == "sqlite" else None
    if path not in (None, "", ":memory:") and not Path(str(path)).expanduser().is_file():
        raise InputError(f"--db {clipped(db, 200)}: no such database file (fix: give the file mlladder serve uses)")
    return Store(db)


def _capacity_of(roster: Roster, text: str) -> tuple[str, int]:
    name, sep, count = text.rpartition("=")
    if not sep or not name.strip() or not count.strip().isdigit():
        raise InputError(
            f"--capacity-of '{clipped(text)}': write NAME=N with N a whole number, 0 or more "
            "(fix: e.g. --capacity-of 'Kim Sample=1')"
        )
    return _member(roster, name, "--capacity-of", text), int(count)


def _exclusion(roster: Roster, text: str) -> tuple[str, str]:
    mentor, sep, mentee = text.partition(":")
    if not sep or not mentor.strip() or not mentee.strip():
        raise InputError(
            f"--exclude '{clipped(text)}': write MENTOR:MENTEE (fix: e.g. --exclude 'Ivo Placeholder:Lea Madeup')"
        )
    return _member(roster, mentor, "--exclude", text), _member(roster, mentee, "--exclude", text)


def _member(roster: Roster, name: str, flag: str, text: str) -> str:
    """The roster's spelling of a name a flag gives; an unknown name is one line naming the flag."""
    try:
        return roster.member(name.strip()).name
    except RosterError as error:
        raise InputError(f"{flag} '{clipped(text)}': {error}") from None
