"""``mlladder mentors``: a thin shell over :func:`mlladder.team.mentors.pair_mentors`; ``mentors accept``,
``mentors decline`` and ``mentors pairs`` over the store's saved pairs (:mod:`mlladder.store.mentoring`)."""

from __future__ import annotations

import sys
from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer

from mlladder.cli.mentors_text import decided_text, pairing_text, pairs_text
from mlladder.cli.output import FormatOption, FrameworkOption, OutputFormat, print_json
from mlladder.errors import InputError, clipped
from mlladder.framework.load import framework_from_option
from mlladder.framework.schema import Framework
from mlladder.limits import visible
from mlladder.store import Store, resolve_url
from mlladder.store.mentoring import Decision, MentorPair
from mlladder.team.load import Roster, RosterError, reports_of, roster_from_folder, roster_from_store
from mlladder.team.mentors import (
    DEFAULT_CAPACITY,
    PairingOptions,
    pair_mentors,
    pairing_data,
    save_pairing,
    with_stored_decisions,
)

__all__ = ["mentors_app", "register"]


class PairStatus(StrEnum):
    proposed = "proposed"
    accepted = "accepted"
    declined = "declined"


mentors_app = typer.Typer(
    help="Mentors for a team: for each person's largest gaps to their target level, someone at least a level above "
    "who is strong there, chosen for the greatest total benefit under each mentor's capacity; every pair and every "
    "person left without a mentor explained. With --db, pairs people declined are not proposed again and accepted "
    "ones are kept. 'accept' and 'decline' decide a saved proposal; 'pairs' lists the saved pairs with their "
    "status. See docs/mentors.md.",
    invoke_without_command=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,
)
SavedDbOption = Annotated[
    str | None,
    typer.Option(
        "--db", metavar="URL", help="The database of the saved pairs. Default: $MLLADDER_DB, else the user data folder."
    ),
]


def register(app: typer.Typer) -> None:
    """Add ``mentors`` and its commands to the root app."""
    app.add_typer(mentors_app, name="mentors")


@mentors_app.callback()
def mentors_command(
    ctx: typer.Context,
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
    if ctx.invoked_subcommand is not None:
        _no_pairing_options(ctx)
        return
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


def _no_pairing_options(ctx: typer.Context) -> None:
    """The pairing's options go with the pairing: before a command they would be silently ignored."""
    given = [name for name in ctx.params if getattr(ctx.get_parameter_source(name), "name", "DEFAULT") != "DEFAULT"]
    if given:
        flag = "--" + given[0].replace("_", "-")
        raise InputError(
            f"{flag}: an option of the pairing itself, not of 'mlladder mentors {ctx.invoked_subcommand}' "
            "(fix: leave it out; options of the command go after its name)"
        )


MenteeArgument = Annotated[str, typer.Argument(metavar="MENTEE", help="The mentee's name, as the pairs list it.")]
MentorArgument = Annotated[str, typer.Argument(metavar="MENTOR", help="The mentor's name, as the pairs list it.")]


@mentors_app.command("accept")
def accept_command(
    mentee: MenteeArgument, mentor: MentorArgument, db: SavedDbOption = None, output: FormatOption = None
) -> None:
    """Accept the proposed pair in which MENTOR mentors MENTEE (saved with 'mlladder mentors --db URL --save').
    The mentee keeps this mentor when pairs are proposed again."""
    _decide(mentee, mentor, "accepted", db, output)


@mentors_app.command("decline")
def decline_command(
    mentee: MenteeArgument, mentor: MentorArgument, db: SavedDbOption = None, output: FormatOption = None
) -> None:
    """Decline the proposed pair in which MENTOR mentors MENTEE. The two are never proposed together again."""
    _decide(mentee, mentor, "declined", db, output)


def _decide(mentee: str, mentor: str, decision: Decision, db: str | None, output: OutputFormat | None) -> None:
    with _open(db) as store:
        pair = store.proposed_pair_between(mentee, mentor)
        decided = store.decide_mentor_pair(pair.id, decision)
    if output is OutputFormat.json:
        print_json(_pair_data(decided))
    else:
        typer.echo(decided_text(decided), nl=False)


@mentors_app.command("pairs")
def pairs_command(
    db: SavedDbOption = None,
    person: Annotated[
        str | None, typer.Option("--person", metavar="NAME", help="Only the pairs this person is in.")
    ] = None,
    status: Annotated[PairStatus | None, typer.Option("--status", help="Only the pairs with this status.")] = None,
    output: FormatOption = None,
) -> None:
    """The saved mentor pairs with their status (proposed, accepted, declined), largest benefit first."""
    with _open(db) as store:
        person_id = store.person_id_named(person, "--person") if person is not None else None
        pairs = store.list_mentor_pairs(person_id, status.value if status is not None else None)
    if output is OutputFormat.json:
        print_json({"pairs": [_pair_data(pair) for pair in pairs]})
    else:
        typer.echo(pairs_text(pairs), nl=False)


def _pair_data(pair: MentorPair) -> dict[str, object]:
    """A saved pair as plain data (docs/mentors.md lists the keys)."""
    return {
        "id": pair.id,
        "mentor": pair.mentor_name,
        "mentee": pair.mentee_name,
        "competency": pair.competency,
        "framework": pair.framework_id,
        "benefit": pair.benefit,
        "status": pair.status,
        "explanation": pair.explanation,
        "proposed_at": pair.proposed_at.isoformat(),
        "decided_at": pair.decided_at.isoformat() if pair.decided_at is not None else None,
    }


def _folder(framework: Framework, profiles: Path | None) -> Roster:
    if profiles is None:
        raise InputError("give --profiles DIR or --db URL (fix: one of them, for the team to pair)")
    return roster_from_folder(framework, profiles)


def _open(db: str | None) -> Store:
    """The database the team is in. An SQLite path that is not there is an error: opening it would create it."""
    url = resolve_url(db)
    path = url.database if url.get_backend_name() == "sqlite" else None
    if path not in (None, "", ":memory:") and not Path(str(path)).expanduser().is_file():
        shown = clipped(db if db is not None else str(path), 200)
        raise InputError(f"--db {shown}: no such database file (fix: give the file mlladder serve uses)")
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
