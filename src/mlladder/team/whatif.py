"""What-if: the team after someone joins (from a profile, or a hire at a posting's level), leaves, is promoted or
moves to another team, side by side with the team today.

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
from mlladder.errors import InputError
from mlladder.evidence.kinds import DocumentKind
from mlladder.evidence.pipeline import check_posting, evidence_from_file
from mlladder.framework.ladder import get_level
from mlladder.framework.schema import Framework
from mlladder.team.load import Roster, RosterError, profile_member
from mlladder.team.matrix import Coverage, TeamMatrix, matrix_data, team_matrix, team_risks
from mlladder.team.roster import Member

__all__ = [
    "Add",
    "Change",
    "CoverageChange",
    "Move",
    "Promote",
    "Remove",
    "WhatIf",
    "applied",
    "numbered",
    "posting_member",
    "profile_change",
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
    """Someone moves to ``team`` (their manager stays unless the caller changes it)."""

    name: str
    team: str

    def describe(self) -> str:
        return f"move {self.name} to {self.team}"


Change = Add | Remove | Promote | Move


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
class WhatIf:
    changes: tuple[str, ...]  # each change in words, in the order applied
    before: TeamMatrix
    after: TeamMatrix
    coverage: tuple[CoverageChange, ...]  # only what changed

    @property
    def level_mix(self) -> dict[str, tuple[int, int]]:
        """Level -> (people before, after), in the ladder's order as either side lists it."""
        levels = dict.fromkeys([*self.before.level_mix, *self.after.level_mix])
        return {level: (self.before.level_mix.get(level, 0), self.after.level_mix.get(level, 0)) for level in levels}


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
    level = get_level(framework, placed.level)
    ratings = {c.id: c.expectations[level.id].proficiency for c in framework.competencies if level.id in c.expectations}
    skills = sorted({mention.skill for mention in found.skills if not mention.negated and not mention.hedged})
    who = name or f"New {level.id} hire ({path.stem})"
    profile = Profile(framework=framework.id, name=who, ratings={"manager": ratings}, skills=skills)
    return Member(who, profile, assess(profile, framework), team=team, source=str(path), held_level=level.id)


def numbered(members: Sequence[Member]) -> list[Member]:
    """New people with one name (two hires from one posting) numbered: 'New L4 hire (posting) 2'."""
    seen: dict[str, int] = {}
    result = []
    for member in members:
        count = seen.get(member.name.casefold(), 0) + 1
        seen[member.name.casefold()] = count
        result.append(member if count == 1 else replace(member, name=f"{member.name} {count}"))
    return result


def applied(roster: Roster, changes: Iterable[Change]) -> Roster:
    """The roster after ``changes``, in order. :class:`RosterError` names a change that cannot apply (an unknown
    name, someone added twice)."""
    members = list(roster.members)
    for change in changes:
        members = _apply(members, change)
    return Roster(tuple(sorted(members, key=lambda member: member.name.casefold())), roster.warnings)


def _apply(members: list[Member], change: Change) -> list[Member]:
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
    return [replace(member, team=change.team) if member.name == name else member for member in members]


# -- comparing ---------------------------------------------------------------------------------------------------


def what_if(
    framework: Framework,
    roster: Roster,
    changes: Sequence[Change],
    needed: str | None = None,
    today: dt.date | None = None,
) -> WhatIf:
    """Today's matrix and the one after ``changes``, both at today's needed level (or ``needed``)."""
    if not changes:
        raise InputError("no change to try (fix: give --add, --add-posting, --remove, --promote or --move)")
    checked = [_checked(framework, change) for change in changes]
    before = team_matrix(framework, roster, needed=needed, today=today)
    after = team_matrix(framework, applied(roster, checked), needed=before.needed_level, today=today)
    return WhatIf(
        tuple(change.describe() for change in checked), before, after, tuple(_coverage_changes(before, after))
    )


def _checked(framework: Framework, change: Change) -> Change:
    """A promotion names a level of the framework, spelt as the framework spells it."""
    return replace(change, level=get_level(framework, change.level).id) if isinstance(change, Promote) else change


def _coverage_changes(before: TeamMatrix, after: TeamMatrix) -> list[CoverageChange]:
    def index(matrix: TeamMatrix) -> dict[tuple[str, str], Coverage]:
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
    before_risks = {risk.text for risk in team_risks(result.before)}
    after_risks = {risk.text for risk in team_risks(result.after)}
    return {
        "changes": list(result.changes),
        "needed_level": result.before.needed_level,
        "level_mix": {level: {"before": old, "after": new} for level, (old, new) in result.level_mix.items()},
        "coverage": [
            {
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
            for item in result.coverage
        ],
        "new_risks": sorted(after_risks - before_risks),
        "resolved_risks": sorted(before_risks - after_risks),
        "before": matrix_data(result.before),
        "after": matrix_data(result.after),
    }
