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
from mlladder.errors import FieldError, InputError, clipped
from mlladder.framework.ladder import ic_levels
from mlladder.framework.schema import Framework
from mlladder.store import Store, User
from mlladder.store.mentoring import MentorPair
from mlladder.team.load import Roster, RosterError, narrowed, roster_from_store
from mlladder.team.matrix import Coverage, Risk, TeamMatrix, team_matrix, team_risks
from mlladder.team.mentors import Pairing, PairingOptions, pair_mentors, save_pairing, with_stored_decisions
from mlladder.team.roster import Member
from mlladder.team.whatif import (
    Add,
    Change,
    ManagerCycle,
    Move,
    NotAPromotion,
    Promote,
    Remove,
    WhatIf,
    level_member,
    what_if,
)

__all__ = [
    "FILTER_MAX_LENGTH",
    "GroupSummary",
    "MentorView",
    "TeamFilters",
    "TeamOverview",
    "WhatIfChoices",
    "WhatIfRequest",
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


@dataclass(frozen=True)
class WhatIfRequest:
    """The changes a what-if page asks for, as typed (an empty value asks for nothing): someone leaves, someone is
    promoted ``to`` a level, someone joins at ``add_level`` (with a name, a specialisation and a manager when
    given), someone moves to report to ``move_to``. They apply in the order: joins, leaves, promotions, moves."""

    remove: str | None = None
    promote: str | None = None
    to: str | None = None
    add_level: str | None = None
    add_name: str | None = None
    add_specialisation: str | None = None
    add_manager: str | None = None
    move: str | None = None
    move_to: str | None = None


@dataclass(frozen=True)
class WhatIfChoices:
    """What a what-if form offers: only people the viewer may see, and the ladder's levels and specialisations."""

    names: list[str]  # the people of the viewer's matrix: who may leave, be promoted or move
    managers: list[str]  # who someone may report to: the viewer, then their people
    levels: list[str]
    specialisations: list[tuple[str, str]]  # (id, name)


def _own_team(
    framework: Framework, store: Store, viewer: User | None, own_person: int, director_sees_people: bool
) -> list[Member]:
    """The people whose records the viewer reads, not the viewer: the rows of their matrix."""
    members, seen = _readable_members(framework, store, viewer, director_sees_people)
    return [m for m in members if m.person_id != own_person and seen[m.person_id or 0] is Visibility.RECORDS]


def _choices(framework: Framework, store: Store, own_person: int, members: list[Member]) -> WhatIfChoices:
    names = [member.name for member in members]
    own = store.get_person(own_person).name
    return WhatIfChoices(
        names=names,
        managers=[own, *(name for name in names if name != own)],
        levels=[level.id for level in framework.levels],
        specialisations=[(item.id, item.name) for item in framework.specialisations],
    )


def what_if_choices(
    framework: Framework, store: Store, viewer: User | None, own_person: int, *, director_sees_people: bool = False
) -> WhatIfChoices:
    """The people, managers, levels and specialisations a what-if may name."""
    members = _own_team(framework, store, viewer, own_person, director_sees_people)
    return _choices(framework, store, own_person, members)


def team_what_if(
    framework: Framework,
    store: Store,
    viewer: User | None,
    own_person: int,
    request: WhatIfRequest,
    *,
    director_sees_people: bool = False,
) -> WhatIf | None:
    """The viewer's team today beside the team after the changes ``request`` asks for (None: no change asked).

    Every name must be one the viewer may choose (:func:`what_if_choices`), every level and specialisation one of
    the ladder's; anything else is a :class:`~mlladder.errors.FieldError` naming the form's field, so the form
    can come back with the message beside it."""
    asked = WhatIfRequest(**{name: _field(name, value) for name, value in vars(request).items()})
    members = _own_team(framework, store, viewer, own_person, director_sees_people)
    choices = _choices(framework, store, own_person, members)
    gone = _chosen("remove", asked.remove, choices.names, "in your team")
    changes: list[Change] = [*_joining(framework, asked, choices), *_leaving(asked, gone, choices)]
    changes += _moving(asked, gone, choices)
    if not changes:
        return None
    try:
        return what_if(framework, Roster(tuple(members)), changes)
    except ManagerCycle as error:
        advice = f"choose someone outside {asked.move}'s reporting line"
        raise FieldError(str(error), field="move_to", advice=advice) from None
    except NotAPromotion as error:
        raise FieldError(str(error), field="to", advice="choose a level above the one they hold") from None
    except RosterError as error:  # nothing the checks above let through; said on the form all the same
        raise InputError(str(error)) from None


def _field(name: str, value: str | None) -> str | None:
    """A value as typed, spaces dropped (empty: not asked); a control character is refused beside its field."""
    try:
        return _cleaned(name, value)
    except InputError as error:
        raise FieldError(str(error), field=name, advice="type it as plain text, or choose from the list") from None


def _chosen(field_name: str, name: str | None, allowed: list[str], what: str) -> str | None:
    """The name as the list spells it; a name not on the list (someone the viewer may not see, or nobody) is
    refused the same way, so a refusal says nothing about who else exists."""
    if name is None:
        return None
    found = {item.casefold(): item for item in allowed}.get(name.casefold())
    if found is None:
        raise FieldError(
            f"{field_name}: nobody called '{clipped(name)}' is {what} (fix: choose from the list)",
            field=field_name,
            advice="choose someone from the list",
        )
    return found


def _level(field_name: str, level: str | None, choices: WhatIfChoices, purpose: str) -> str:
    if level is None:
        raise FieldError(
            f"{field_name}: choose the level {purpose} (fix: one of {', '.join(choices.levels)})",
            field=field_name,
            advice=f"choose the level {purpose}",
        )
    found = {item.casefold(): item for item in choices.levels}.get(level.casefold())
    if found is None:
        raise FieldError(
            f"{field_name}: '{clipped(level)}' is not a level of this ladder (fix: one of {', '.join(choices.levels)})",
            field=field_name,
            advice=f"choose one of the ladder's levels ({', '.join(choices.levels)})",
        )
    return found


def _joining(framework: Framework, asked: WhatIfRequest, choices: WhatIfChoices) -> list[Change]:
    """Someone new at a level, reporting to the viewer unless another manager is chosen."""
    details = (asked.add_name, asked.add_specialisation, asked.add_manager)
    if asked.add_level is None and all(value is None for value in details):
        return []
    level = _level("add_level", asked.add_level, choices, "the new person joins at")
    manager = _chosen("add_manager", asked.add_manager, choices.managers, "someone they could report to")
    specialisations = {item_id.casefold(): item_id for item_id, _ in choices.specialisations}
    specialisation = asked.add_specialisation
    if specialisation is not None and specialisation.casefold() not in specialisations:
        known = ", ".join(specialisations.values()) or "none: leave it empty"
        raise FieldError(
            f"add_specialisation: '{clipped(specialisation)}' is not one of this ladder's specialisations"
            f" (fix: one of {known})",
            field="add_specialisation",
            advice="choose one of the ladder's specialisations, or none",
        )
    name = asked.add_name
    if name is not None and name.casefold() in {item.casefold() for item in choices.managers}:
        raise FieldError(
            f"add_name: {clipped(name)} is already in the team (fix: give the new person another name)",
            field="add_name",
            advice="give the new person a name nobody in the team has",
        )
    hire = level_member(
        framework,
        level,
        name,
        specialisation=[specialisations[specialisation.casefold()]] if specialisation else [],
        manager=manager or choices.managers[0],
    )
    return [Add(hire)]


def _leaving(asked: WhatIfRequest, remove: str | None, choices: WhatIfChoices) -> list[Change]:
    """Someone leaves and/or someone is promoted; one person cannot do both."""
    promote = _chosen("promote", asked.promote, choices.names, "in your team")
    changes: list[Change] = [] if remove is None else [Remove(remove)]
    if promote is None and asked.to is not None:
        raise FieldError(
            "promote: choose who is promoted (fix: choose from the list)",
            field="promote",
            advice=f"choose who is promoted to {clipped(asked.to)}",
        )
    if promote is not None:
        if promote == remove:
            raise FieldError(
                f"promote: {promote} leaves in this what-if (fix: choose someone else)",
                field="promote",
                advice=f"{promote} leaves in this what-if; choose someone else",
            )
        changes.append(Promote(promote, _level("to", asked.to, choices, f"to promote {promote} to")))
    return changes


def _moving(asked: WhatIfRequest, gone: str | None, choices: WhatIfChoices) -> list[Change]:
    """Someone of the viewer's people comes to report to another manager the viewer may see."""
    who = _chosen("move", asked.move, choices.names, "in your team")
    to = _chosen("move_to", asked.move_to, choices.managers, "someone they could report to")
    if who is None and to is None:
        return []
    if who is None:
        raise FieldError("move: choose who moves (fix: choose from the list)", field="move", advice="choose who moves")
    if to is None:
        raise FieldError(
            f"move_to: choose who {who} reports to after the move (fix: choose from the list)",
            field="move_to",
            advice=f"choose who {who} reports to",
        )
    for field_name, name in (("move", who), ("move_to", to)):
        if name == gone:
            raise FieldError(
                f"{field_name}: {name} leaves in this what-if (fix: choose someone else)",
                field=field_name,
                advice=f"{name} leaves in this what-if; choose someone else",
            )
    return [Move(who, manager=to)]
