"""A roster: the members of a team, read from a folder of profile files (with an optional ``team.yaml``) or from
the store, and the ways to narrow it (a manager's reports, a level, a specialisation).

Reading a folder is forgiving about single files and strict about the team: a profile that cannot be read
becomes a warning naming the file and the fix, and the others are used; but a team that contradicts itself
(a person in two teams, managers in a circle, a manager nobody knows) stops with one line, since every view
drawn from it would be wrong.
"""

from __future__ import annotations

import difflib
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Annotated, Any, Literal

from pydantic import Field, StringConstraints

from mlladder.assess.placement import assess
from mlladder.assess.profile import Profile, load_profile
from mlladder.documents import Found, load_document
from mlladder.errors import InputError, InvalidFile, Problem, clipped
from mlladder.framework.ladder import get_level
from mlladder.framework.schema import Framework, Identifier, Model
from mlladder.store.store import Store
from mlladder.team.roster import Member

__all__ = [
    "TEAM_FILE",
    "Roster",
    "RosterError",
    "TeamFile",
    "TeamFileError",
    "check_managers",
    "load_team_file",
    "managers_of",
    "narrowed",
    "profile_member",
    "reports_of",
    "roster_from_folder",
    "roster_from_store",
    "suggest_name",
]

TEAM_FILE = "team.yaml"
PROFILE_SUFFIXES = (".yaml", ".yml", ".json")
MAX_PROFILES = 10_000  # files read from one folder: more is not a team a manager reads as a table
PersonName = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=120)]
_FIX_EMPTY = "write the teams, managers and held levels (see docs/team.md)"
_TOP_LEVEL_HINT = "write 'teams:', 'managers:' and 'held_levels:' at the top level (see docs/team.md)"


class RosterError(InputError):
    """The team cannot be read as one: no usable profile, a person in two teams, a cycle of managers, a name
    nobody has. The message is one line naming the file or the person and the fix."""


class TeamFileError(InvalidFile):
    """``team.yaml`` breaks its rules; the message is the first problem and how many more there are."""

    def __init__(self, problems: list[Problem], unreadable: bool = False) -> None:
        super().__init__(problems, unreadable)
        first = str(problems[0]) if problems else "team.yaml is not a team file"
        more = f" [+{len(problems) - 1} more in the same file]" if len(problems) > 1 else ""
        self.args = (first + more,)  # no command lists a team file's problems: say how many, not where


class TeamFile(Model):
    """``team.yaml`` beside the profiles: who is in which team, who manages whom, the level each person holds.

    Every name is a person's ``name`` as their profile gives it (or, without one, the file name without its
    suffix). Every part is optional."""

    schema_version: Literal[1] = 1
    teams: dict[PersonName, list[PersonName]] = Field(default_factory=dict, description="team -> its members")
    managers: dict[PersonName, PersonName] = Field(default_factory=dict, description="person -> their manager")
    held_levels: dict[PersonName, Identifier] = Field(
        default_factory=dict,
        description="person -> the level they officially hold (when it differs from the placement)",
    )


@dataclass(frozen=True)
class Roster:
    """The members of a team, in a stable order (by name), and one warning per file or record left out."""

    members: tuple[Member, ...]
    warnings: tuple[str, ...] = ()

    def names(self) -> list[str]:
        return [member.name for member in self.members]

    def member(self, name: str) -> Member:
        """The member called ``name`` (case-insensitive); :class:`RosterError` with the closest name otherwise."""
        found = _by_name(self.members).get(name.casefold())
        if found is None:
            raise RosterError(f"nobody called '{clipped(name)}' is in the team ({suggest_name(name, self.names())})")
        return found


# -- one profile -------------------------------------------------------------------------------------------------


def profile_member(framework: Framework, path: str | Path, name: str | None = None) -> Member:
    """A member from one profile file: the profile validated and assessed against ``framework``; named ``name``,
    else the profile's name, else the file name without its suffix."""
    path = Path(path)
    profile = load_profile(path, framework)
    return _member(framework, profile, name or profile.name or path.stem, source=str(path))


def _member(framework: Framework, profile: Profile, name: str, source: str) -> Member:
    return Member(name=name.strip(), profile=profile, assessment=assess(profile, framework), source=source)


# -- a folder ----------------------------------------------------------------------------------------------------


def roster_from_folder(framework: Framework, folder: str | Path) -> Roster:
    """Every profile file in ``folder`` (YAML or JSON, not in subfolders), assessed, with ``team.yaml`` applied.

    A profile that cannot be used is left out with a warning; :class:`RosterError` when none can be used or when
    the team file contradicts itself or the profiles."""
    folder = Path(folder).expanduser()
    if not folder.is_dir():
        what = "is a file" if folder.exists() else "does not exist"
        raise RosterError(f"--profiles {folder}: the folder {what} (fix: give a folder of profile files)")
    members, warnings = _read_profiles(framework, _profile_files(folder))
    if not members:
        raise RosterError(_nobody_usable(folder, warnings))
    team_path = folder / TEAM_FILE
    if team_path.is_file():
        members = _with_team_file(framework, members, load_team_file(framework, team_path), team_path, warnings)
    check_managers(members, str(team_path))
    return Roster(tuple(sorted(members, key=lambda member: member.name.casefold())), tuple(warnings))


def _profile_files(folder: Path) -> list[Path]:
    files = sorted(
        path
        for path in folder.iterdir()
        if path.suffix.lower() in PROFILE_SUFFIXES and path.name != TEAM_FILE and not path.name.startswith(".")
    )
    if len(files) > MAX_PROFILES:
        raise RosterError(f"{folder}: {len(files)} profile files, more than {MAX_PROFILES:,} (fix: split the folder)")
    return files


def _read_profiles(framework: Framework, files: Iterable[Path]) -> tuple[list[Member], list[str]]:
    members: dict[str, Member] = {}
    warnings: list[str] = []
    for path in files:
        try:
            member = profile_member(framework, path)
        except InputError as error:  # the file's own problem (ProfileError and kin): the rest of the team counts
            warnings.append(f"skipped {error}")
            continue
        earlier = members.get(member.name.casefold())
        if earlier is not None:
            warnings.append(
                f"skipped {path}: '{member.name}' is also {earlier.source} "
                "(fix: give each person one profile, or different names)"
            )
            continue
        members[member.name.casefold()] = member
    return list(members.values()), warnings


def _nobody_usable(folder: Path, warnings: list[str]) -> str:
    if not warnings:
        return f"--profiles {folder}: no profile files (*.yaml, *.yml, *.json) (fix: add one file per person)"
    first = warnings[0].removeprefix("skipped ")
    more = f" [+{len(warnings) - 1} more]" if len(warnings) > 1 else ""
    return f"--profiles {folder}: no usable profile: {first}{more}"


def load_team_file(framework: Framework, path: Path) -> TeamFile:
    """Read and validate ``team.yaml``: its shape, and held levels the framework has. :class:`TeamFileError` lists
    every problem with its line otherwise."""

    def checks(data: dict[str, Any], _: TeamFile | None) -> list[Found]:
        held = data.get("held_levels")
        known = {level.id for level in framework.levels}
        if not isinstance(held, dict):
            return []
        return [
            (("held_levels", person), f"unknown level '{level}'", f"use one of: {', '.join(sorted(known))}")
            for person, level in held.items()
            if isinstance(level, str) and level not in known
        ]

    return load_document(
        path, TeamFile, "team file", checks, fix_empty=_FIX_EMPTY, top_level_hint=_TOP_LEVEL_HINT, error=TeamFileError
    )


def _with_team_file(
    framework: Framework, members: list[Member], team: TeamFile, path: Path, skipped: list[str]
) -> list[Member]:
    """The members with their team, manager and held level from ``team``; every name it uses must be a member."""
    names = {member.name.casefold(): member.name for member in members}
    # A name without a profile is often a profile that was skipped: say so, or the message misleads.
    why = f"; {len(skipped)} file(s) skipped, the first: {skipped[0].removeprefix('skipped ')}" if skipped else ""

    def known(name: str, role: str) -> str:
        found = names.get(name.casefold())
        if found is None:
            hint = suggest_name(name, names.values())
            raise RosterError(f"{path}: {role} '{clipped(name)}' has no usable profile in the folder ({hint}){why}")
        return found

    team_of: dict[str, str] = {}
    for team_name, people in team.teams.items():
        for person in people:
            who = known(person, f"teams.{team_name}: member")
            if who in team_of and team_of[who] != team_name:
                raise RosterError(
                    f"{path}: {who} is in two teams, '{team_of[who]}' and '{team_name}' (fix: keep them in one)"
                )
            team_of[who] = team_name
    manager_of = {
        known(person, "managers: person"): known(boss, "managers: manager") for person, boss in team.managers.items()
    }
    held = {
        known(person, "held_levels: person"): get_level(framework, level).id
        for person, level in team.held_levels.items()
    }
    return [
        Member(
            name=member.name,
            profile=member.profile,
            assessment=member.assessment,
            manager=manager_of.get(member.name, member.manager),
            team=team_of.get(member.name, member.team),
            source=member.source,
            held_level=held.get(member.name, member.held_level),
            person_id=member.person_id,
        )
        for member in members
    ]


def check_managers(members: Iterable[Member], where: str) -> None:
    """No one manages themselves, directly or around a circle: every chain of managers must end."""
    manager_of = {member.name: member.manager for member in members if member.manager}
    for start in manager_of:
        chain = [start]
        boss = manager_of.get(start)
        while boss is not None:
            if boss in chain:
                circle = " -> ".join([*chain[chain.index(boss) :], boss])
                raise RosterError(f"{where}: managers form a circle: {circle} (fix: the top manager has no manager)")
            chain.append(boss)
            boss = manager_of.get(boss)


# -- the store ---------------------------------------------------------------------------------------------------


def roster_from_store(framework: Framework, store: Store, manager: str | None = None) -> Roster:
    """Each person's latest assessment on ``framework`` from the store; in team mode each person's manager is the
    person of their account's manager. With ``manager``, only the people below that manager (and not the manager).

    People without an assessment on this framework are left out with a warning."""
    users = {user.id: user for user in store.list_users()}
    people = store.list_people()
    person_of_user = {person.user_id: person for person in people if person.user_id is not None}
    members: list[Member] = []
    warnings: list[str] = []
    for person in people:
        latest = store.latest_assessment(person.id)
        if latest is None or latest.framework_id != framework.id:
            warnings.append(f"left out {person.name}: no assessment on '{framework.id}' yet (fix: assess them)")
            continue
        account = users.get(person.user_id) if person.user_id is not None else None
        boss = users.get(account.manager_id) if account is not None and account.manager_id is not None else None
        boss_person = person_of_user.get(boss.id) if boss is not None else None
        members.append(
            Member(
                name=person.name,
                profile=latest.profile,
                assessment=latest.assessment,
                manager=boss_person.name if boss_person is not None else None,
                source=f"assessment {latest.id} of person {person.id}",
                person_id=person.id,
            )
        )
    if not members:
        raise RosterError(f"{store!r}: nobody has an assessment on '{framework.id}' yet (fix: assess someone first)")
    roster = Roster(tuple(_unique_names(sorted(members, key=lambda member: member.name.casefold()))), tuple(warnings))
    check_managers(roster.members, "the database's accounts")
    return reports_of(roster, manager) if manager is not None else roster


def _unique_names(members: list[Member]) -> Iterator[Member]:
    """Two people of one name in the store become 'Name (2)' and so on, since views name people."""
    seen: dict[str, int] = {}
    for member in members:
        count = seen.get(member.name.casefold(), 0) + 1
        seen[member.name.casefold()] = count
        if count == 1:
            yield member
        else:
            yield _renamed(member, f"{member.name} ({count})")


def _renamed(member: Member, name: str) -> Member:
    return replace(member, name=name)


# -- narrowing ---------------------------------------------------------------------------------------------------


def managers_of(roster: Roster, name: str) -> list[str]:
    """The chain of managers above a member, nearest first."""
    manager_of = {member.name: member.manager for member in roster.members}
    chain: list[str] = []
    boss = manager_of.get(roster.member(name).name)
    while boss is not None and boss not in chain:
        chain.append(boss)
        boss = manager_of.get(boss)
    return chain


def reports_of(roster: Roster, manager: str, indirect: bool = True) -> Roster:
    """Everyone below ``manager``: their direct reports, and with ``indirect`` the reports' reports and so on.

    :class:`RosterError` when nobody has that name, or nobody reports to them."""
    boss = _manager_name(roster, manager)
    below: list[str] = []
    frontier = [boss]
    while frontier:
        direct = [member.name for member in roster.members if member.manager in frontier and member.name not in below]
        below.extend(direct)
        frontier = direct if indirect else []
    if not below:
        raise RosterError(f"--manager {boss}: nobody reports to {boss} (fix: name a manager, see team.yaml)")
    keep = set(below)
    return Roster(tuple(member for member in roster.members if member.name in keep), roster.warnings)


def _manager_name(roster: Roster, name: str) -> str:
    """The spelling the roster uses for a manager: a member's name, or a manager named only as someone's manager
    (a manager without a profile of their own, as the store may have)."""
    known = {member.name.casefold(): member.name for member in roster.members}
    known.update({member.manager.casefold(): member.manager for member in roster.members if member.manager})
    found = known.get(name.strip().casefold())
    if found is None:
        raise RosterError(
            f"--manager: nobody called '{clipped(name)}' is in the team ({suggest_name(name, known.values())})"
        )
    return found


def narrowed(
    roster: Roster,
    level: str | None = None,
    specialisation: str | None = None,
    manager: str | None = None,
    framework: Framework | None = None,
) -> Roster:
    """The members at ``level`` (the level they hold), working in ``specialisation``, below ``manager``; with
    ``framework``, an unknown level or specialisation is an error rather than an empty team."""
    if framework is not None and level is not None:
        level = get_level(framework, level).id
    if framework is not None and specialisation is not None:
        specialisation = _specialisation(framework, specialisation)
    chosen = reports_of(roster, manager) if manager is not None else roster
    kept = tuple(
        member
        for member in chosen.members
        if (level is None or member.current_level == level)
        and (specialisation is None or specialisation in member.specialisation)
    )
    return Roster(kept, roster.warnings)


def _specialisation(framework: Framework, wanted: str) -> str:
    known = [item.id for item in framework.specialisations]
    match = next((item for item in known if item.casefold() == wanted.strip().casefold()), None)
    if match is None:
        raise RosterError(
            f"--specialisation: framework '{framework.id}' has no '{clipped(wanted)}' ({suggest_name(wanted, known)})"
        )
    return match


# -- names -------------------------------------------------------------------------------------------------------


def _by_name(members: Iterable[Member]) -> dict[str, Member]:
    return {member.name.casefold(): member for member in members}


def suggest_name(name: str, known: Iterable[str]) -> str:
    """The fix for a name nobody has: the closest of ``known``, else the first few of them."""
    names = sorted(set(known))
    close = difflib.get_close_matches(name, names, n=1, cutoff=0.5)
    if close:
        return f"fix: did you mean '{close[0]}'?"
    shown = ", ".join(names[:8]) + (", ..." if len(names) > 8 else "")
    return f"fix: use one of: {shown}" if names else "fix: add people first"
