"""What-if: the team after someone joins (from a profile, or a hire at a posting's level), leaves, is promoted or
moves to another team or manager, side by side with the team today, and each team whose people change.

Changes never edit the roster: :func:`applied` makes a new one. Both sides are measured at the same needed level
(today's, unless the caller names one), so a change in coverage is the people changing, not the yardstick.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from mlladder.assess.documents import posting_placement
from mlladder.assess.placement import assess
from mlladder.assess.profile import Profile
from mlladder.errors import InputError, clipped
from mlladder.evidence.kinds import DocumentKind
from mlladder.evidence.pipeline import check_posting, evidence_from_file
from mlladder.framework.ladder import get_level, track_levels
from mlladder.framework.schema import Framework
from mlladder.team.load import Roster, RosterError, managers_of, profile_member, suggest_name
from mlladder.team.matrix import Coverage, TeamMatrix, matrix_data, team_matrix, team_risks
from mlladder.team.roster import Member

__all__ = [
    "Add",
    "Change",
    "CoverageChange",
    "ManagerCycle",
    "Move",
    "NotAPromotion",
    "Promote",
    "Remove",
    "TeamShift",
    "WhatIf",
    "applied",
    "level_member",
    "moves",
    "numbered",
    "posting_member",
    "profile_change",
    "team_of",
    "what_if",
    "what_if_data",
]


@dataclass(frozen=True)
class Add:
    """Someone joins: a member read from a profile file or made from a posting."""

    member: Member

    def describe(self) -> str:
        return f"add {self.member.name} ({self.member.current_level})"


@dataclass(frozen=True)
class Remove:
    """Someone leaves; their reports then report to their manager."""

    name: str

    def describe(self) -> str:
        return f"remove {self.name}"


@dataclass(frozen=True)
class Promote:
    """Someone now holds ``level`` (their ratings stay as they are: a promotion changes the bar, not the person)."""

    name: str
    level: str

    def describe(self) -> str:
        return f"promote {self.name} to {self.level}"


@dataclass(frozen=True)
class Move:
    """Someone moves to ``team``, to report to ``manager``, or both; what is not given stays as it is."""

    name: str
    team: str | None = None
    manager: str | None = None

    def describe(self) -> str:
        where = [] if self.team is None else [self.team]
        where += [] if self.manager is None else [f"report to {self.manager}"]
        return f"move {self.name} to {' and '.join(where) or 'where they are'}"


Change = Add | Remove | Promote | Move


class ManagerCycle(RosterError):
    """A move would have someone report to themselves or to someone below them."""


class NotAPromotion(RosterError):
    """A promotion to the level the person holds, or to one below it on the same track."""


@dataclass(frozen=True)
class CoverageChange:
    """A competency's or skill's holders before and after."""

    kind: str
    id: str
    name: str
    before: int
    after: int
    single_point_before: bool
    single_point_after: bool
    gap_before: bool
    gap_after: bool


@dataclass(frozen=True)
class TeamShift:
    """One team whose people change (someone joins, leaves or moves): its matrix before and after, at the whole
    team's needed level. A team that did not exist before, or that nobody is left in, has None on that side."""

    team: str
    before: TeamMatrix | None
    after: TeamMatrix | None
    coverage: tuple[CoverageChange, ...]  # only what changed

    @property
    def head_count(self) -> tuple[int, int]:
        return (len(self.before.rows) if self.before else 0, len(self.after.rows) if self.after else 0)

    @property
    def people(self) -> tuple[tuple[str, ...], tuple[str, ...]]:
        """The team's people (before, after), as each side's matrix orders them."""
        return (
            tuple(row.name for row in self.before.rows) if self.before else (),
            tuple(row.name for row in self.after.rows) if self.after else (),
        )

    @property
    def joined(self) -> tuple[str, ...]:
        """Who is in the team after the changes and was not before: new people and people moving in."""
        before, after = self.people
        return tuple(name for name in after if name not in before)

    @property
    def left(self) -> tuple[str, ...]:
        """Who was in the team and is not after the changes: people leaving and people moving out."""
        before, after = self.people
        return tuple(name for name in before if name not in after)

    @property
    def level_mix(self) -> dict[str, tuple[int, int]]:
        """Level -> (people before, after) in this team."""
        return _level_mix(self.before, self.after)

    @property
    def risks(self) -> tuple[list[str], list[str]]:
        """The team's risk texts that appear (new) and go away (resolved) with the changes, each sorted."""
        return _risk_changes(self.before, self.after)


@dataclass(frozen=True)
class WhatIf:
    changes: tuple[str, ...]  # each change in words, in the order applied
    before: TeamMatrix
    after: TeamMatrix
    coverage: tuple[CoverageChange, ...]  # only what changed
    teams: tuple[TeamShift, ...] = ()  # the teams whose people change, by name

    @property
    def level_mix(self) -> dict[str, tuple[int, int]]:
        """Level -> (people before, after), in the ladder's order as either side lists it."""
        return _level_mix(self.before, self.after)

    @property
    def risks(self) -> tuple[list[str], list[str]]:
        """The team's risk texts that appear (new) and go away (resolved) with the changes, each sorted."""
        return _risk_changes(self.before, self.after)


def _level_mix(before: TeamMatrix | None, after: TeamMatrix | None) -> dict[str, tuple[int, int]]:
    """Level -> (people before, after), in the ladder's order as either side lists it; a side that is None (a team
    that is new, or that nobody is left in) counts nobody."""
    old = before.level_mix if before else {}
    new = after.level_mix if after else {}
    return {level: (old.get(level, 0), new.get(level, 0)) for level in dict.fromkeys([*old, *new])}


def _risk_changes(before: TeamMatrix | None, after: TeamMatrix | None) -> tuple[list[str], list[str]]:
    """The risk texts that appear (new) and go away (resolved) from ``before`` to ``after``, each sorted."""
    old = {risk.text for risk in team_risks(before)} if before else set()
    new = {risk.text for risk in team_risks(after)} if after else set()
    return sorted(new - old), sorted(old - new)


# -- making changes ----------------------------------------------------------------------------------------------


def profile_change(framework: Framework, path: str | Path, team: str | None = None, manager: str | None = None) -> Add:
    """Someone joins from a profile file."""
    member = profile_member(framework, path)
    return Add(replace(member, team=team, manager=manager))


def posting_member(framework: Framework, path: str | Path, name: str | None = None, team: str | None = None) -> Member:
    """A hire at the level a job posting asks for: rated at that level's expectation in every competency the
    level asks for, with the skills the posting names as required (not those it calls a plus)."""
    path = Path(path)
    document, found = evidence_from_file(path, framework, DocumentKind.posting)
    check_posting(document, found)
    placed, _ = posting_placement(found, framework, document.text)
    skills = sorted({mention.skill for mention in found.skills if not mention.negated and not mention.hedged})
    level = get_level(framework, placed.level).id
    hire = level_member(framework, level, name or f"New {level} hire ({path.stem})", team=team, skills=skills)
    return replace(hire, source=str(path))


def moves(teams: Sequence[tuple[str, str]] = (), managers: Sequence[tuple[str, str]] = ()) -> list[Move]:
    """The moves ``(name, team)`` and ``(name, manager)`` pairs ask for, in that order. Someone named in both
    makes one move to the team and the manager (a move names one destination of each kind)."""
    found = [Move(name, team=team) for name, team in teams]
    for name, manager in managers:
        same = next(
            (i for i, move in enumerate(found) if move.name.casefold() == name.casefold() and move.manager is None),
            None,
        )
        if same is None:
            found.append(Move(name, manager=manager))
        else:
            found[same] = replace(found[same], manager=manager)
    return found


def level_member(
    framework: Framework,
    level: str,
    name: str | None = None,
    *,
    specialisation: Sequence[str] = (),
    skills: Sequence[str] = (),
    team: str | None = None,
    manager: str | None = None,
) -> Member:
    """A hire at ``level``, rated at its expectation in every competency it asks for: someone who just meets the
    bar, so the comparison shows what the level brings, not what one particular person would. :class:`UnknownLevel`
    for a level the ladder lacks; an unknown specialisation is an :class:`~mlladder.errors.InputError`."""
    found = get_level(framework, level)
    ratings = {c.id: c.expectations[found.id].proficiency for c in framework.competencies if found.id in c.expectations}
    who = (name or "").strip() or f"New {found.id} hire"
    _check_specialisations(framework, specialisation)
    profile = Profile(
        framework=framework.id,
        name=who,
        ratings={"manager": ratings},
        skills=list(skills),
        specialisation=list(specialisation),
    )
    assessed = assess(profile, framework)
    return Member(
        who, profile, assessed, manager=manager, team=team, source=f"a hire at {found.id}", held_level=found.id
    )


def _check_specialisations(framework: Framework, chosen: Sequence[str]) -> None:
    known = [item.id for item in framework.specialisations]
    for item in chosen:
        if item not in known:
            raise InputError(
                f"specialisation: '{clipped(item)}' is not one of this ladder's specialisations"
                f" (fix: one of {', '.join(known) or 'none: leave it empty'})"
            )


def numbered(members: Sequence[Member]) -> list[Member]:
    """New people with one name (two hires from one posting) numbered: 'New L4 hire (posting) 2'."""
    seen: dict[str, int] = {}
    result = []
    for member in members:
        count = seen.get(member.name.casefold(), 0) + 1
        seen[member.name.casefold()] = count
        result.append(member if count == 1 else replace(member, name=f"{member.name} {count}"))
    return result


def applied(roster: Roster, changes: Iterable[Change], *, outside_managers: bool = True) -> Roster:
    """The roster after ``changes``, in order. :class:`RosterError` names a change that cannot apply (an unknown
    name, someone added twice). A move may name a manager outside the roster (someone who manages the whole of
    it, say) unless ``outside_managers`` is False: then the manager must be in the team or manage someone in it
    when the move applies (after the joins and leaves before it)."""
    members = list(roster.members)
    for change in changes:
        members = _apply(members, change, outside_managers)
    return Roster(tuple(sorted(members, key=lambda member: member.name.casefold())), roster.warnings)


def _apply(members: list[Member], change: Change, outside_managers: bool = True) -> list[Member]:
    if isinstance(change, Add):
        if any(member.name.casefold() == change.member.name.casefold() for member in members):
            raise RosterError(
                f"--add: {change.member.name} is already in the team (fix: add someone else, or change the name in "
                "their profile)"
            )
        return [*members, change.member]
    name = Roster(tuple(members)).member(change.name).name  # the roster's spelling; RosterError if unknown
    if isinstance(change, Remove):
        gone = next(member for member in members if member.name == name)
        # Their reports now report to their manager, as they would the day after.
        return [
            replace(member, manager=gone.manager) if member.manager == name else member
            for member in members
            if member.name != name
        ]
    if isinstance(change, Promote):
        return [replace(member, held_level=change.level) if member.name == name else member for member in members]
    manager = _new_manager(members, name, change.manager, outside_managers)
    return [
        replace(member, team=change.team or member.team, manager=manager or member.manager)
        if member.name == name
        else member
        for member in members
    ]


def _new_manager(members: list[Member], name: str, manager: str | None, outside: bool = True) -> str | None:
    """The manager a move names, spelt as the roster spells them (someone outside it as given, when ``outside``
    allows it). Nobody may come to report to themselves or to someone below them: the chain of managers would go
    round in a circle."""
    if manager is None:
        return None
    known = {member.name.casefold(): member.name for member in members}
    if not outside:
        # Someone who manages people of the team counts too: the manager a team is narrowed to, or one the
        # database has no assessment of.
        known |= {member.manager.casefold(): member.manager for member in members if member.manager}
        if manager.strip().casefold() not in known:
            raise RosterError(
                f"move: {name} cannot report to '{clipped(manager)}': nobody called that is in the team or manages "
                f"anyone in it ({suggest_name(manager.strip(), known.values())})"
            )
    manager = known.get(manager.strip().casefold(), manager.strip())
    in_team = any(member.name == manager for member in members)
    if manager == name or (in_team and name in managers_of(Roster(tuple(members)), manager)):
        whom = "themselves" if manager == name else f"{manager}, who is below them"
        raise ManagerCycle(f"move: {name} cannot report to {whom} (fix: choose a manager outside their reporting line)")
    return manager


# -- comparing ---------------------------------------------------------------------------------------------------


def what_if(
    framework: Framework,
    roster: Roster,
    changes: Sequence[Change],
    needed: str | None = None,
    today: dt.date | None = None,
    *,
    outside_managers: bool = True,
) -> WhatIf:
    """Today's matrix and the one after ``changes``, both at today's needed level (or ``needed``);
    ``outside_managers`` as for :func:`applied`."""
    if not changes:
        raise InputError(
            "no change to try (fix: give --add, --add-posting, --remove, --promote, --move or --reports-to)"
        )
    known = {name.casefold(): name for name in _names(roster, changes)}
    checked = [_checked(framework, change, known) for change in changes]
    for change in checked:
        if isinstance(change, Promote):
            _check_promotion(framework, roster, change)
    before = team_matrix(framework, roster, needed=needed, today=today)
    changed = applied(roster, checked, outside_managers=outside_managers)
    after = team_matrix(framework, changed, needed=before.needed_level, today=today)
    teams = _team_shifts(framework, roster, changed, before.needed_level, today)
    return WhatIf(
        tuple(change.describe() for change in checked), before, after, tuple(_coverage_changes(before, after)), teams
    )


def team_of(member: Member) -> str:
    """The team a member counts in for a what-if: their team when one is given, else their manager's reports (a
    database has no teams: its teams are the managers')."""
    if member.team:
        return member.team
    return f"reports of {member.manager}" if member.manager else "(no team)"


def _team_shifts(
    framework: Framework, before: Roster, after: Roster, needed: str, today: dt.date | None
) -> tuple[TeamShift, ...]:
    """The teams whose people change, each compared at the whole team's needed level."""

    def teams(roster: Roster) -> dict[str, list[Member]]:
        found: dict[str, list[Member]] = {}
        for member in roster.members:
            found.setdefault(team_of(member), []).append(member)
        return found

    old, new = teams(before), teams(after)
    shifts = []
    for name in sorted({*old, *new}, key=str.casefold):
        was, now = old.get(name, []), new.get(name, [])
        if [m.name for m in was] == [m.name for m in now] and [m.current_level for m in was] == [
            m.current_level for m in now
        ]:
            continue
        first = team_matrix(framework, was, needed=needed, today=today) if was else None
        second = team_matrix(framework, now, needed=needed, today=today) if now else None
        coverage = _coverage_changes(first, second)
        shifts.append(TeamShift(name, first, second, tuple(coverage)))
    return tuple(shifts)


def _names(roster: Roster, changes: Sequence[Change]) -> list[str]:
    """Everyone a change may name: the team, the managers above its people, and the people who join."""
    joining = [change.member.name for change in changes if isinstance(change, Add)]
    return [*(member.manager for member in roster.members if member.manager), *roster.names(), *joining]


def _check_promotion(framework: Framework, roster: Roster, change: Promote) -> None:
    """A promotion goes up its track: :class:`NotAPromotion` for the level held or one below it. A level on
    another track (to management, say) is a change of track, which a promotion may be."""
    member = next((member for member in roster.members if member.name == change.name), None)
    if member is None:  # someone the same what-if adds, or nobody: applying the changes says which
        return
    held, new = get_level(framework, member.current_level), get_level(framework, change.level)
    if held.track != new.track:
        return
    ladder = [level.id for level in track_levels(framework, held.track)]
    step = ladder.index(new.id) - ladder.index(held.id)
    if step > 0:
        return
    above = ladder[ladder.index(held.id) + 1 :]
    fix = f"name a level above {held.id}, such as {above[0]}" if above else f"{held.id} is the top of its track"
    holds = f"holds {held.id} already" if step == 0 else f"holds {held.id}, above {new.id}"
    raise NotAPromotion(f"promote: {member.name} {holds} (fix: {fix})")


def _checked(framework: Framework, change: Change, known: dict[str, str]) -> Change:
    """Names spelt as the team spells them (a name nobody has stays as typed, for :func:`applied` to refuse); a
    promotion names a level of the framework, spelt as the framework spells it."""

    def spelt(name: str) -> str:
        return known.get(name.strip().casefold(), name)

    if isinstance(change, Promote):
        return replace(change, name=spelt(change.name), level=get_level(framework, change.level).id)
    if isinstance(change, Move):
        return replace(
            change, name=spelt(change.name), manager=None if change.manager is None else spelt(change.manager)
        )
    return change if isinstance(change, Add) else replace(change, name=spelt(change.name))


def _coverage_changes(before: TeamMatrix | None, after: TeamMatrix | None) -> list[CoverageChange]:
    def index(matrix: TeamMatrix | None) -> dict[tuple[str, str], Coverage]:
        if matrix is None:
            return {}
        return {(item.kind, item.id): item for item in (*matrix.coverage, *matrix.skill_coverage)}

    old, new = index(before), index(after)
    found = []
    for key in dict.fromkeys([*old, *new]):
        was, now = old.get(key), new.get(key)
        base = was or now
        assert base is not None
        pair = CoverageChange(
            kind=base.kind,
            id=base.id,
            name=base.name,
            before=was.count if was else 0,
            after=now.count if now else 0,
            single_point_before=bool(was and was.single_point),
            single_point_after=bool(now and now.single_point),
            gap_before=bool(was and was.gap),
            gap_after=bool(now and now.gap),
        )
        if pair.before != pair.after:
            found.append(pair)
    return found


def what_if_data(result: WhatIf) -> dict[str, Any]:
    """The comparison as plain data (docs/json-output.md)."""
    new_risks, resolved_risks = result.risks
    return {
        "changes": list(result.changes),
        "needed_level": result.before.needed_level,
        "level_mix": _mix_data(result.level_mix),
        "coverage": [_coverage_data(item) for item in result.coverage],
        "new_risks": new_risks,
        "resolved_risks": resolved_risks,
        "before": matrix_data(result.before),
        "after": matrix_data(result.after),
        "teams": [_shift_data(shift) for shift in result.teams],
    }


def _mix_data(mix: dict[str, tuple[int, int]]) -> dict[str, dict[str, int]]:
    return {level: {"before": old, "after": new} for level, (old, new) in mix.items()}


def _coverage_data(item: CoverageChange) -> dict[str, Any]:
    return {
        "kind": item.kind,
        "id": item.id,
        "name": item.name,
        "before": item.before,
        "after": item.after,
        "single_point_before": item.single_point_before,
        "single_point_after": item.single_point_after,
        "gap_before": item.gap_before,
        "gap_after": item.gap_after,
    }


def _shift_data(shift: TeamShift) -> dict[str, Any]:
    (count_before, count_after), (people_before, people_after) = shift.head_count, shift.people
    new_risks, resolved_risks = shift.risks
    return {
        "team": shift.team,
        "head_count": {"before": count_before, "after": count_after},
        "people": {"before": list(people_before), "after": list(people_after)},
        "joined": list(shift.joined),
        "left": list(shift.left),
        "level_mix": _mix_data(shift.level_mix),
        "coverage": [_coverage_data(item) for item in shift.coverage],
        "new_risks": new_risks,
        "resolved_risks": resolved_risks,
    }
