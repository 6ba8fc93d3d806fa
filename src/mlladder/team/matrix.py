"""The team matrix: people by competencies, each cell a person's combined rating against their own level's
expectation, with coverage of every competency and skill at the level the team needs, the single points of
failure and the gaps nobody covers.

**The needed level** is the level most of the team holds on the main track (a tie goes to the higher level): it
is the work the team is staffed for, so a competency is *covered* by the people who meet that level's expectation
in it. A caller may name another level (a team being built up to L4, say). A competency or skill held by exactly
one person is a **single point of failure**: if that person leaves, moves or is promoted away, nobody holds it.
A **gap** is a competency nobody meets at the needed level, or a skill the guides name for reaching the needed
level that nobody has.

A person's skills are the ones their profile lists plus the ones named in their dated achievements.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any, Literal

from mlladder.assess.model import DEFAULT_SETTINGS
from mlladder.assess.profile import skill_lookup
from mlladder.evidence.skills import skill_matcher
from mlladder.framework.cache import derived
from mlladder.framework.ladder import fits_specialisation, focus_skills, get_level, height, ic_levels
from mlladder.framework.schema import Framework
from mlladder.limits import visible
from mlladder.team.load import Roster, RosterError
from mlladder.team.readiness import Readiness, readiness
from mlladder.team.roster import Member

__all__ = [
    "Cell",
    "Column",
    "Coverage",
    "Risk",
    "Row",
    "TeamMatrix",
    "by_team",
    "held_skills",
    "matrix_csv",
    "matrix_data",
    "needed_level",
    "team_matrix",
    "team_risks",
]

TOLERANCE = DEFAULT_SETTINGS.meets_tolerance  # a rating this far below an expectation still meets it
NO_TEAM = "(no team)"
CellStatus = Literal["above", "at", "below", "unrated", "not-expected"]
RiskKind = Literal["gap", "single-point", "past-window"]


@dataclass(frozen=True)
class Column:
    """A competency shown in the matrix."""

    id: str
    name: str
    needed: int | None  # the expectation at the team's needed level; None when that level does not ask for it


@dataclass(frozen=True)
class Cell:
    """One person's combined rating of one competency against the expectation of the level they hold."""

    competency: str
    rating: float | None
    expected: int | None  # None: their level does not ask for this competency
    status: CellStatus


@dataclass(frozen=True)
class Row:
    """One person: level, placement, readiness, a cell per column and the skills they hold."""

    name: str
    team: str | None
    manager: str | None
    level: str  # the level held (see Member.current_level)
    placed_level: str
    probability: float  # the placement's probability of the level held (0 when off the main track)
    specialisation: tuple[str, ...]
    readiness: Readiness
    cells: tuple[Cell, ...]
    skills: tuple[str, ...]

    @property
    def target(self) -> str | None:
        return self.readiness.next_level


@dataclass(frozen=True)
class Coverage:
    """Who holds a competency (at the needed level's expectation) or a skill."""

    kind: Literal["competency", "skill"]
    id: str
    name: str
    expected: int | None  # competencies: the needed level's expectation
    holders: tuple[str, ...]
    needed: bool  # competencies: asked for at the needed level; skills: named by the guides for reaching it

    @property
    def count(self) -> int:
        return len(self.holders)

    @property
    def single_point(self) -> bool:
        return len(self.holders) == 1

    @property
    def gap(self) -> bool:
        return self.needed and not self.holders


@dataclass(frozen=True)
class TeamMatrix:
    framework: str
    needed_level: str
    columns: tuple[Column, ...]
    rows: tuple[Row, ...]
    coverage: tuple[Coverage, ...]  # one per competency the needed level asks for, in the framework's order
    skill_coverage: tuple[Coverage, ...]  # skills held or needed: gaps, then single points, then the most held
    level_mix: dict[str, int]  # level held -> people, in the ladder's order

    @property
    def single_points(self) -> list[Coverage]:
        return [item for item in (*self.coverage, *self.skill_coverage) if item.single_point]

    @property
    def gaps(self) -> list[Coverage]:
        return [item for item in (*self.coverage, *self.skill_coverage) if item.gap]


@dataclass(frozen=True)
class Risk:
    """Something a manager should act on: a gap, a single point of failure, someone past the step's window."""

    kind: RiskKind
    subject: str  # the competency or skill id, or the person's name
    text: str


# -- skills ------------------------------------------------------------------------------------------------------


def held_skills(framework: Framework, member: Member) -> frozenset[str]:
    """The skill ids a person has: listed in their profile, or named in their dated achievements."""
    lookup = skill_lookup(framework)
    listed = {lookup[name.casefold()] for name in member.profile.skills if name.casefold() in lookup}
    matcher = skill_matcher(framework)
    named = {mention.entry.skill for item in member.profile.evidence for mention in matcher.find(item.text)}
    return frozenset(listed | named)


# -- the matrix --------------------------------------------------------------------------------------------------


def needed_level(framework: Framework, members: Iterable[Member]) -> str:
    """The level most of the team holds on the main track, the higher on a tie; the main track's first level
    when nobody holds one of its levels (a team of managers is compared on the main track's start)."""
    main = [level.id for level in ic_levels(framework)]
    counts = Counter(member.current_level for member in members if member.current_level in main)
    if not counts:
        return main[0]
    return max(counts, key=lambda level: (counts[level], main.index(level)))


def team_matrix(
    framework: Framework,
    roster_or_members: Roster | Iterable[Member],
    target: str | None = None,
    needed: str | None = None,
    today: dt.date | None = None,
) -> TeamMatrix:
    """The matrix of a team: a row per person (readiness towards ``target``, default each one's step up),
    coverage at ``needed`` (default :func:`needed_level`). :class:`RosterError` for a team of nobody."""
    members = list(roster_or_members.members if isinstance(roster_or_members, Roster) else roster_or_members)
    if not members:
        raise RosterError("no one in the team matches (fix: widen the filters: --manager, --level, --specialisation)")
    level = get_level(framework, needed).id if needed else needed_level(framework, members)
    if target is not None:
        target = get_level(framework, target).id
    columns = _columns(framework, members, level)
    skills = {member.name: held_skills(framework, member) for member in members}
    ordered = sorted(members, key=lambda member: _row_order(framework, member))
    rows = tuple(_row(framework, member, columns, skills[member.name], target, today) for member in ordered)
    return TeamMatrix(
        framework=framework.id,
        needed_level=level,
        columns=columns,
        rows=rows,
        coverage=tuple(_competency_coverage(columns, rows)),
        skill_coverage=tuple(_skill_coverage(framework, members, skills, level)),
        level_mix=_level_mix(framework, members),
    )


def _row_order(framework: Framework, member: Member) -> tuple[bool, str, int, str]:
    """By team (people without one last), then the highest level first, then by name: people who are measured
    against the same bar sit together, so the heatmap's colours compare like with like."""
    rank = height(framework, member.current_level) or 0
    return member.team is None, (member.team or "").casefold(), -rank, member.name.casefold()


def _columns(framework: Framework, members: list[Member], needed: str) -> tuple[Column, ...]:
    """The competencies the needed level or any member's level asks for, in the framework's order."""
    levels = {needed, *(member.current_level for member in members)}
    return tuple(
        Column(c.id, c.name, c.expectations[needed].proficiency if needed in c.expectations else None)
        for c in framework.competencies
        if levels.intersection(c.expectations)
    )


def _row(
    framework: Framework,
    member: Member,
    columns: tuple[Column, ...],
    skills: frozenset[str],
    target: str | None,
    today: dt.date | None,
) -> Row:
    level = member.current_level
    bars = _bars(framework, level)
    cells = [
        Cell(
            column.id,
            member.score(column.id),
            bars.get(column.id),
            _status(member.score(column.id), bars.get(column.id)),
        )
        for column in columns
    ]
    return Row(
        name=member.name,
        team=member.team,
        manager=member.manager,
        level=level,
        placed_level=member.level,
        probability=member.assessment.probabilities.get(level, 0.0),
        specialisation=tuple(member.specialisation),
        readiness=readiness(framework, member, target, today),
        cells=tuple(cells),
        skills=tuple(sorted(skills)),
    )


def _bars(framework: Framework, level: str) -> dict[str, int]:
    """Competency id -> the level's expectation, worked out once per framework and level."""
    return derived(
        framework,
        ("team-bars", level),
        lambda: {c.id: c.expectations[level].proficiency for c in framework.competencies if level in c.expectations},
    )


def _status(rating: float | None, expected: int | None) -> CellStatus:
    """Above, at or below the expectation of the person's own level: what the heatmap colours."""
    if expected is None:
        return "not-expected"
    if rating is None:
        return "unrated"
    if rating >= expected + 1 - TOLERANCE:
        return "above"
    return "at" if rating >= expected - TOLERANCE else "below"


def _competency_coverage(columns: tuple[Column, ...], rows: tuple[Row, ...]) -> list[Coverage]:
    found = []
    for position, column in enumerate(columns):
        if column.needed is None:
            continue
        holders = tuple(
            row.name
            for row in rows
            if (rating := row.cells[position].rating) is not None and rating >= column.needed - TOLERANCE
        )
        found.append(Coverage("competency", column.id, column.name, column.needed, holders, needed=True))
    return found


def _skill_coverage(
    framework: Framework, members: list[Member], skills: dict[str, frozenset[str]], level: str
) -> list[Coverage]:
    """Every skill someone holds, and every skill the guides name for reaching the needed level that fits the
    team's specialisations: gaps first, then single points, then the most widely held."""
    main = [item.id for item in ic_levels(framework)]
    chosen = {item for member in members for item in member.specialisation}
    wanted = [
        skill
        for skill in (focus_skills(framework, main[0], level) if level in main else [])
        if fits_specialisation(framework, skill, chosen)
    ]
    holders: dict[str, list[str]] = {skill: [] for skill in wanted}
    for member in members:
        for skill in sorted(skills[member.name]):
            holders.setdefault(skill, []).append(member.name)
    names = derived(framework, "team-skill-names", lambda: {skill.id: skill.name for skill in framework.skills})
    found = [
        Coverage("skill", skill, names.get(skill, skill), None, tuple(people), needed=skill in wanted)
        for skill, people in holders.items()
    ]
    found.sort(key=lambda item: (not item.gap, not item.single_point, -item.count, item.name.casefold()))
    return found


def _level_mix(framework: Framework, members: list[Member]) -> dict[str, int]:
    counts = Counter(member.current_level for member in members)
    order = {level.id: (height(framework, level.id) or 0, position) for position, level in enumerate(framework.levels)}
    return {level: counts[level] for level in sorted(counts, key=lambda level: order.get(level, (0, 0)))}


def by_team(
    framework: Framework,
    roster_or_members: Roster | Iterable[Member],
    target: str | None = None,
    needed: str | None = None,
    today: dt.date | None = None,
) -> dict[str, TeamMatrix]:
    """A matrix per team (people without a team together under '(no team)'), teams by name; each team's needed
    level is its own unless ``needed`` names one."""
    members = list(roster_or_members.members if isinstance(roster_or_members, Roster) else roster_or_members)
    teams: dict[str, list[Member]] = {}
    for member in members:
        teams.setdefault(member.team or NO_TEAM, []).append(member)
    return {name: team_matrix(framework, teams[name], target, needed, today) for name in sorted(teams)}


# -- risks -------------------------------------------------------------------------------------------------------


def team_risks(matrix: TeamMatrix) -> list[Risk]:
    """What to act on, the most serious first: competencies and skills nobody covers, those only one person holds,
    and people longer in their level than the step up realistically takes."""
    level = matrix.needed_level
    risks = [
        Risk("gap", item.id, _gap_text(item, level)) for item in (*matrix.coverage, *matrix.skill_coverage) if item.gap
    ]
    risks.extend(
        Risk("single-point", item.id, _single_text(item, level))
        for item in (*matrix.coverage, *matrix.skill_coverage)
        if item.single_point and (item.kind == "competency" or item.needed)
    )
    risks.extend(
        Risk("past-window", row.name, f"{row.name}: {row.readiness.window_text}")
        for row in matrix.rows
        if row.readiness.window_status == "past"
    )
    return risks


def _gap_text(item: Coverage, level: str) -> str:
    if item.kind == "competency":
        return f"Nobody meets the {level} expectation in {item.name} ({item.expected})"
    return f"Nobody has {item.name}, which the guides name on the way to {level}"


def _single_text(item: Coverage, level: str) -> str:
    who = item.holders[0]
    if item.kind == "competency":
        return f"Only {who} meets the {level} expectation in {item.name} ({item.expected}): nobody else covers it"
    return f"Only {who} has {item.name}"


# -- output ------------------------------------------------------------------------------------------------------


def matrix_data(matrix: TeamMatrix, skills: bool = False) -> dict[str, Any]:
    """The matrix as plain data with stable keys (docs/json-output.md); ``skills`` adds each person's skills and
    every skill's coverage, not only the needed ones and the single points."""
    return {
        "framework": matrix.framework,
        "needed_level": matrix.needed_level,
        "level_mix": matrix.level_mix,
        "competencies": [{"id": c.id, "name": c.name, "needed": c.needed} for c in matrix.columns],
        "people": [_row_data(row, skills) for row in matrix.rows],
        "coverage": [_coverage_data(item) for item in matrix.coverage],
        "skill_coverage": [
            _coverage_data(item) for item in matrix.skill_coverage if skills or item.needed or item.single_point
        ],
        "risks": [{"kind": risk.kind, "subject": risk.subject, "text": risk.text} for risk in team_risks(matrix)],
    }


def _row_data(row: Row, skills: bool) -> dict[str, Any]:
    ready = row.readiness
    data: dict[str, Any] = {
        "name": row.name,
        "team": row.team,
        "manager": row.manager,
        "level": row.level,
        "placed_level": row.placed_level,
        "probability": round(row.probability, 4),
        "specialisation": list(row.specialisation),
        "target": row.target,
        "readiness": {
            "band": ready.band,
            "summary": ready.summary,
            "gaps": [
                {"competency": gap.competency, "rating": gap.rating, "expected": gap.expected} for gap in ready.gaps
            ],
            "unverified": list(ready.unverified),
            "evidence": list(ready.evidence),
            "probability_next": ready.probability_next,
            "in_level_since": ready.in_level_since.isoformat() if ready.in_level_since else None,
            "years_in_level": ready.years_in_level,
            "window_years": [ready.window.min_years, ready.window.max_years] if ready.window else None,
            "window_status": ready.window_status,
            "packet": ready.packet,
        },
        "ratings": {
            cell.competency: {"rating": cell.rating, "expected": cell.expected, "status": cell.status}
            for cell in row.cells
        },
    }
    if skills:
        data["skills"] = list(row.skills)
    return data


def _coverage_data(item: Coverage) -> dict[str, Any]:
    return {
        "kind": item.kind,
        "id": item.id,
        "name": item.name,
        "expected": item.expected,
        "holders": list(item.holders),
        "count": item.count,
        "single_point": item.single_point,
        "gap": item.gap,
    }


_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def _cell_text(value: object) -> str:
    """A CSV cell; text that a spreadsheet would run as a formula is quoted with a leading apostrophe, and control
    characters (a terminal escape in a name) are written as escapes."""
    text = "" if value is None else f"{value:.2f}" if isinstance(value, float) else visible(str(value))
    return "'" + text if text.startswith(_FORMULA_START) and not _is_number(text) else text


def _is_number(text: str) -> bool:
    try:
        float(text)
    except ValueError:
        return False
    return True


def matrix_csv(matrix: TeamMatrix) -> str:
    """A row per person: level, placement, readiness, then the combined rating of each competency (a spreadsheet
    colours it against the level's expectation in the matching '<id> expected' column)."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    head = ["name", "team", "manager", "level", "placed_level", "probability", "target", "readiness", "years_in_level"]
    writer.writerow(head + [part for c in matrix.columns for part in (c.id, f"{c.id} expected")])
    for row in matrix.rows:
        ready = row.readiness
        fixed = [row.name, row.team, row.manager, row.level, row.placed_level, row.probability]
        fixed += [row.target, ready.band, ready.years_in_level]
        writer.writerow(
            [_cell_text(value) for value in fixed + [v for cell in row.cells for v in (cell.rating, cell.expected)]]
        )
    return out.getvalue()
