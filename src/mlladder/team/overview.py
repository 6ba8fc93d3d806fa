"""The team view a manager's or director's home shows: the people below the viewer as a matrix against their
levels, with readiness and the team's risks, built from the store with the access decision applied.

What the viewer may see of each person is the store's answer (:meth:`mlladder.store.Store.visibilities`, which
asks :mod:`mlladder.access`): people whose records they may read are rows of the matrix; people they may see
only in aggregate (a director's indirect reports, without the server's setting) are counted into their team's
figures, with no name and no rating, and a team too small for figures (:func:`mlladder.access.shows_aggregate`)
shows only its head count.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable
from dataclasses import dataclass, field

from mlladder import access
from mlladder.access import Visibility
from mlladder.errors import InputError, clipped
from mlladder.framework.ladder import ic_levels
from mlladder.framework.schema import Framework
from mlladder.store import Store, User
from mlladder.store.mentoring import MentorPair
from mlladder.team.load import Roster, RosterError, narrowed, roster_from_store
from mlladder.team.matrix import Coverage, Risk, TeamMatrix, team_matrix, team_risks
from mlladder.team.mentors import Pairing, PairingOptions, pair_mentors, save_pairing, with_stored_decisions
from mlladder.team.roster import Member
from mlladder.team.whatif import Change, Promote, Remove, WhatIf, what_if

__all__ = [
    "FILTER_MAX_LENGTH",
    "GroupSummary",
    "MentorView",
    "TeamFilters",
    "TeamOverview",
    "groups_csv",
    "mentor_view",
    "propose_mentors",
    "team_filters",
    "team_overview",
    "team_what_if",
    "what_if_choices",
]

FILTER_MAX_LENGTH = 100  # longer than any level, specialisation or person name a filter could name
NO_MANAGER = "No manager"


@dataclass(frozen=True)
class TeamFilters:
    """Which people the view keeps: each filter None keeps everyone."""

    level: str | None = None
    specialisation: str | None = None
    manager: str | None = None  # everyone below this manager, directly or not

    @property
    def active(self) -> bool:
        return any(value is not None for value in (self.level, self.specialisation, self.manager))


@dataclass(frozen=True)
class GroupSummary:
    """One team seen in aggregate: how many people, and for a team large enough its level mix, how many cover
    each competency, and what it lacks, all without a name."""

    name: str  # the team's manager
    head_count: int
    matrix: TeamMatrix | None  # None: too few people for figures (head count only)

    @property
    def coverage(self) -> list[tuple[Coverage, int]]:
        return [(item, item.count) for item in self.matrix.coverage] if self.matrix else []

    @property
    def risks(self) -> list[str]:
        """Gaps and single points in words that name the competency or skill, never the person."""
        if self.matrix is None:
            return []
        level = self.matrix.needed_level
        items = (*self.matrix.coverage, *self.matrix.skill_coverage)
        found = [f"Nobody meets the {level} expectation in {item.name}" for item in items if item.gap]
        found += [
            f"Only one person holds {item.name}"
            for item in items
            if item.single_point and (item.kind == "competency" or item.needed)
        ]
        return found


@dataclass(frozen=True)
class TeamOverview:
    """Everything the team page and its CSV show."""

    matrix: TeamMatrix | None  # the people whose records the viewer reads (None: nobody)
    risks: list[Risk]
    person_ids: dict[str, int]  # a row's name -> the person its links open
    groups: list[GroupSummary]  # the people seen in aggregate, per team
    filters: TeamFilters
    levels: list[str]  # the choices the filters offer
    specialisations: list[tuple[str, str]]
    managers: list[str]
    competencies: list[tuple[str, str]]  # (id, name) of the ladder, for the aggregate tables
    warnings: list[str] = field(default_factory=list)

    @property
    def head_count(self) -> int:
        rows = len(self.matrix.rows) if self.matrix else 0
        return rows + sum(group.head_count for group in self.groups)


def team_filters(
    framework: Framework,
    level: str | None = None,
    specialisation: str | None = None,
    manager: str | None = None,
) -> TeamFilters:
    """The filters a request asks for, checked against the framework; an empty value means no filter. (A
    manager's name is checked against the people the viewer sees, in :func:`team_overview`.)"""
    level = _cleaned("level", level)
    specialisation = _cleaned("specialisation", specialisation)
    manager = _cleaned("manager", manager)
    levels = [item.id for item in framework.levels]
    if level is not None and level not in levels:
        raise InputError(
            f"level: '{clipped(level)}' is not a level of the {framework.name} ladder (fix: one of {', '.join(levels)})"
        )
    known = [item.id for item in framework.specialisations]
    if specialisation is not None and specialisation not in known:
        raise InputError(
            f"specialisation: '{clipped(specialisation)}' is not one of this ladder's specialisations"
            f" (fix: one of {', '.join(known) or 'none: leave it empty'})"
        )
    return TeamFilters(level, specialisation, manager)


def _cleaned(name: str, value: str | None) -> str | None:
    """A filter value with surrounding spaces dropped; control characters and over-long values are refused."""
    if value is None or not value.strip():
        return None
    if len(value) > FILTER_MAX_LENGTH:
        raise InputError(f"{name}: the value is {len(value)} characters long (fix: at most {FILTER_MAX_LENGTH})")
    if any(ord(char) < 32 or ord(char) == 127 for char in value):
        raise InputError(f"{name}: the value holds a control character (fix: type the name as plain text)")
    return value.strip()


def _readable_members(
    framework: Framework, store: Store, viewer: User | None, director_sees_people: bool
) -> tuple[list[Member], dict[int, Visibility]]:
    """Everyone assessed the viewer may see anything of (themselves included), and what they may see of each."""
    seen = _visibilities(store, viewer, director_sees_people)
    return [member for member in _members(framework, store) if member.person_id in seen], seen


def _visibilities(store: Store, viewer: User | None, director_sees_people: bool) -> dict[int, Visibility]:
    """What the viewer may see of each person. Single-user mode (no account) has no policy: its one user owns the
    whole database, so sees everyone's records."""
    if viewer is None:
        return {person.id: Visibility.RECORDS for person in store.list_people()}
    return store.visibilities(viewer, director_sees_people=director_sees_people)


def team_overview(
    framework: Framework,
    store: Store,
    viewer: User | None,
    own_person: int,
    filters: TeamFilters,
    *,
    director_sees_people: bool = False,
) -> TeamOverview:
    """The team view of ``viewer`` (None in single-user mode), whose own person is ``own_person``: everyone below
    them, as the store lets them see each one, filtered."""
    visible, seen = _readable_members(framework, store, viewer, director_sees_people)
    seen.pop(own_person, None)  # the viewer's own data is on their own page
    visible = [member for member in visible if member.person_id in seen]
    warnings = _unassessed(store, seen, {member.person_id for member in visible})
    managers = sorted({member.manager for member in visible if member.manager is not None}, key=str.casefold)
    kept = _filtered(framework, visible, filters, managers)
    records = [member for member in kept if seen[member.person_id or 0] is Visibility.RECORDS]
    aggregate = [member for member in kept if seen[member.person_id or 0] is Visibility.AGGREGATE]
    matrix = team_matrix(framework, records) if records else None
    return TeamOverview(
        matrix=matrix,
        risks=team_risks(matrix) if matrix else [],
        person_ids={member.name: member.person_id for member in records if member.person_id is not None},
        groups=_groups(framework, aggregate),
        filters=filters,
        levels=[level.id for level in ic_levels(framework)],
        specialisations=[(item.id, item.name) for item in framework.specialisations],
        managers=managers,
        competencies=[(item.id, item.name) for item in framework.competencies],
        warnings=warnings,
    )


def _members(framework: Framework, store: Store) -> list[Member]:
    """Everyone in the store with an assessment on this ladder (visibility is applied by the caller)."""
    try:
        return list(roster_from_store(framework, store).members)
    except RosterError:  # nobody assessed yet: an empty team, not an error
        return []


def _unassessed(store: Store, seen: dict[int, Visibility], assessed: set[int | None]) -> list[str]:
    """A line for each person the viewer may read who has no assessment yet (never one seen only in aggregate)."""
    return [
        f"{person.name} has no assessment on this ladder yet, so is not in the matrix"
        for person in store.list_people()
        if seen.get(person.id) is Visibility.RECORDS and person.id not in assessed
    ]


def _filtered(framework: Framework, members: list[Member], filters: TeamFilters, managers: list[str]) -> list[Member]:
    """The members the filters keep. A manager nobody here reports to is bad input, not an empty page."""
    if filters.manager is not None and filters.manager.casefold() not in {name.casefold() for name in managers}:
        raise InputError(
            f"manager: nobody you see reports to '{clipped(filters.manager)}'"
            f" (fix: choose one of {', '.join(managers) or 'none: leave it empty'})"
        )
    if not members:
        return []
    roster = Roster(tuple(members))
    return list(narrowed(roster, filters.level, filters.specialisation, filters.manager, framework).members)


def _groups(framework: Framework, members: Iterable[Member]) -> list[GroupSummary]:
    """The people seen in aggregate, per manager; figures only for a team :func:`access.shows_aggregate` allows."""
    teams: dict[str, list[Member]] = {}
    for member in members:
        teams.setdefault(member.manager or NO_MANAGER, []).append(member)
    return [
        GroupSummary(name, len(people), team_matrix(framework, people) if access.shows_aggregate(len(people)) else None)
        for name, people in sorted(teams.items(), key=lambda item: item[0].casefold())
    ]


def groups_csv(overview: TeamOverview) -> str:
    """The aggregate view as CSV: a row per team with its head count, level mix and coverage counts."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    ids = [cid for cid, _ in overview.competencies]
    writer.writerow(["team", "people", "level_mix", *(f"{cid} covered" for cid in ids)])
    for group in overview.groups:
        counts = {item.id: count for item, count in group.coverage}
        mix = "; ".join(f"{level} {count}" for level, count in (group.matrix.level_mix if group.matrix else {}).items())
        writer.writerow([_safe(group.name), group.head_count, mix, *(counts.get(cid, "") for cid in ids)])
    return out.getvalue()


def _safe(text: str) -> str:
    """A name as a spreadsheet cell: text starting with =, +, - or @ would run as a formula, so it is quoted."""
    return "'" + text if text[:1] in ("=", "+", "-", "@") else text


# -- mentor pairs ------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class MentorView:
    """The mentor pairs page: the pairs saved that the viewer may see, and, for a viewer with people of their own,
    the pairing computed now (so the mentees it leaves without a mentor are shown with the reason)."""

    pairs: list[MentorPair]  # largest benefit first
    pairing: Pairing | None  # None for a viewer with nobody to pair (an engineer sees only their own pairs)

    @property
    def proposed(self) -> list[MentorPair]:
        return [pair for pair in self.pairs if pair.status == "proposed"]

    @property
    def decided(self) -> list[MentorPair]:
        return [pair for pair in self.pairs if pair.status != "proposed"]


def _pairing(
    framework: Framework,
    store: Store,
    viewer: User | None,
    own_person: int,
    options: PairingOptions,
    director_sees_people: bool,
) -> tuple[Pairing, list[Member]] | None:
    """Mentors for the people whose records the viewer reads, chosen among them and the viewer, with the
    decisions already taken (declined pairs are not proposed again, agreed ones take a mentor's place); None when
    the viewer reads nobody's records but their own."""
    members, seen = _readable_members(framework, store, viewer, director_sees_people)
    pool = [member for member in members if seen[member.person_id or 0] is Visibility.RECORDS]
    mentees = [member.name for member in pool if member.person_id != own_person]
    if not mentees:
        return None
    decided = with_stored_decisions(options, store, pool)
    return pair_mentors(framework, pool, decided, reports=mentees), pool


def mentor_view(
    framework: Framework,
    store: Store,
    viewer: User | None,
    own_person: int,
    options: PairingOptions | None = None,
    *,
    director_sees_people: bool = False,
) -> MentorView:
    """What the mentor pairs page shows ``viewer`` (None in single-user mode, which sees every pair): nothing is
    written (see :func:`propose_mentors`)."""
    computed = _pairing(framework, store, viewer, own_person, options or PairingOptions(), director_sees_people)
    return MentorView(store.list_mentor_pairs(viewer=viewer), computed[0] if computed else None)


def propose_mentors(
    framework: Framework,
    store: Store,
    viewer: User | None,
    own_person: int,
    options: PairingOptions | None = None,
    *,
    director_sees_people: bool = False,
) -> list[MentorPair]:
    """Pair the viewer's people now and save the pairs as proposals, in one transaction. Undecided proposals of
    the people paired are replaced; accepted and declined pairs stay as they were (the store keeps decisions)."""
    computed = _pairing(framework, store, viewer, own_person, options or PairingOptions(), director_sees_people)
    if computed is None:
        return []
    pairing, pool = computed
    return save_pairing(store, pairing, pool)


# -- what if -----------------------------------------------------------------------------------------------------


def _own_team(
    framework: Framework, store: Store, viewer: User | None, own_person: int, director_sees_people: bool
) -> list[Member]:
    """The people whose records the viewer reads, not the viewer: the rows of their matrix."""
    members, seen = _readable_members(framework, store, viewer, director_sees_people)
    return [m for m in members if m.person_id != own_person and seen[m.person_id or 0] is Visibility.RECORDS]


def what_if_choices(
    framework: Framework, store: Store, viewer: User | None, own_person: int, *, director_sees_people: bool = False
) -> list[str]:
    """The names a what-if may remove or promote: the people of the viewer's matrix."""
    return [member.name for member in _own_team(framework, store, viewer, own_person, director_sees_people)]


def team_what_if(
    framework: Framework,
    store: Store,
    viewer: User | None,
    own_person: int,
    *,
    remove: str | None = None,
    promote: str | None = None,
    to: str | None = None,
    director_sees_people: bool = False,
) -> WhatIf | None:
    """The viewer's team today beside the team after someone leaves and/or someone is promoted (None: no change
    asked). Names must be people of the viewer's matrix; the level must be one of the ladder's."""
    remove, promote, to = _cleaned("remove", remove), _cleaned("promote", promote), _cleaned("to", to)
    members = _own_team(framework, store, viewer, own_person, director_sees_people)
    names = {member.name for member in members}
    changes: list[Change] = []
    for field_name, name in (("remove", remove), ("promote", promote)):
        if name is not None and name not in names:
            raise InputError(
                f"{field_name}: nobody called '{clipped(name)}' is in your team (fix: choose from the list)"
            )
    if remove is not None:
        changes.append(Remove(remove))
    if promote is not None:
        levels = [level.id for level in framework.levels]
        if to not in levels:
            raise InputError(f"to: choose the level to promote {clipped(promote)} to (fix: one of {', '.join(levels)})")
        changes.append(Promote(promote, to))
    if not changes:
        return None
    return what_if(framework, Roster(tuple(members)), changes)
