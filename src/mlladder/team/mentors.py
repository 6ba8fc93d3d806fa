"""Mentor pairing: for each mentee's largest gaps, the mentor who helps most, chosen for the whole team at once.

Who may mentor whom on what (every rule is here, in :func:`_candidates_for`):

* the competency is one of the mentee's ``top_gaps`` largest gaps to their target level (the level they aim at,
  else the one above their own; :func:`mlladder.assess.gaps.default_target`);
* the mentor's combined rating there is at least what the mentee's target level expects, and the mentor sits at
  least ``min_level_gap`` levels above the mentee;
* the mentor is not the mentee's own manager (a manager already coaches their reports, and a mentor is meant to
  be someone outside the reporting line), unless allowed, and the pair is not excluded;
* a mentor takes at most their capacity of mentees, and each mentee gets one mentor.

The benefit of a pair is the size of the gap times the mentor's margin (one for meeting the bar, plus every point
above it), plus a small bonus when the two share a specialisation. The pairs are the ones with the greatest total
benefit: an assignment problem solved exactly by :func:`optimal_assignment`. :func:`greedy_assignment` (best pair
first) is the baseline the benchmark compares with; it can lose benefit and pairs when a versatile mentor is
taken by the first mentee who wants them.
"""

from __future__ import annotations

import difflib
from collections.abc import Callable, Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from typing import Any, Final, Literal, NamedTuple

import numpy as np
import numpy.typing as npt
from scipy.optimize import linear_sum_assignment

from mlladder.assess.gaps import default_target
from mlladder.errors import InputError, clipped
from mlladder.framework.ladder import get_level, height, level_competencies
from mlladder.framework.schema import Framework
from mlladder.guidance.diagnosis import step_up_of
from mlladder.store.mentoring import MentorPair, NewMentorPair
from mlladder.store.store import Store
from mlladder.team.roster import Member

__all__ = [
    "DEFAULT_CAPACITY",
    "SPECIALISATION_BONUS",
    "Assign",
    "MenteeGap",
    "MentorLoad",
    "Pair",
    "Pairing",
    "PairingOptions",
    "Unmatched",
    "UnmatchedReason",
    "greedy_assignment",
    "optimal_assignment",
    "pair_mentors",
    "pairing_data",
    "save_pairing",
    "with_stored_decisions",
]

DEFAULT_CAPACITY: Final = 2  # mentees per mentor: enough to matter, few enough to leave time for their own work
# Added to a pair's benefit when mentor and mentee share a specialisation: small, so it breaks near-ties between
# mentors rather than outweighing a real difference in gap or strength (the smallest margin is 1 per point of gap).
SPECIALISATION_BONUS: Final = 0.25

UnmatchedReason = Literal["no-gaps", "no-capable-mentor", "mentors-at-capacity", "already-mentored"]
Matrix = npt.NDArray[np.float64]
# An assignment: (mentee row, mentor column) pairs from a benefit matrix (0 = not allowed) and mentor capacities.
Assign = Callable[[Matrix, npt.NDArray[np.int64]], list[tuple[int, int]]]


@dataclass(frozen=True)
class PairingOptions:
    """The constraints and preferences of one pairing. Names are members' names (matched ignoring case)."""

    capacity: int = DEFAULT_CAPACITY
    capacity_of: Mapping[str, int] = field(default_factory=dict)  # per-mentor capacities that replace ``capacity``
    min_level_gap: int = 1
    allow_own_manager: bool = False
    prefer_same_specialisation: bool = True
    exclusions: Collection[tuple[str, str]] = ()  # (mentor, mentee) pairs never to propose
    # (mentor, mentee) pairs already agreed: the mentee is not paired again and the mentor has a place fewer.
    ongoing: Collection[tuple[str, str]] = ()
    top_gaps: int = 3

    def __post_init__(self) -> None:
        _check_at_least("capacity", self.capacity, 0, "give 0 or more mentees per mentor")
        for name, value in self.capacity_of.items():
            _check_at_least(f"capacity of '{clipped(name)}'", value, 0, "give 0 or more mentees for this mentor")
        _check_at_least("min_level_gap", self.min_level_gap, 0, "give 0 or more levels")
        _check_at_least("top_gaps", self.top_gaps, 1, "consider at least 1 gap per mentee")


def _check_at_least(what: str, value: int, least: int, fix: str) -> None:
    if value < least:
        raise InputError(f"{what}: {value} is below {least} (fix: {fix})")


@dataclass(frozen=True)
class MenteeGap:
    """One competency where a mentee falls short of their target level."""

    competency: str
    name: str
    current: float | None  # the mentee's combined rating; None when unrated
    expected: int  # at the mentee's target level
    shortfall: float  # expected - current (the whole expectation when unrated)


@dataclass(frozen=True)
class Pair:
    """A mentor proposed for a mentee, on the competency where the mentor helps the mentee most."""

    mentor: str
    mentee: str
    competency: str
    competency_name: str
    mentor_rating: float
    mentee_rating: float | None
    expected: int
    target: str  # the mentee's target level
    benefit: float
    same_specialisation: bool
    also: list[str]  # the mentee's other top gaps this mentor is strong in
    explanation: str


@dataclass(frozen=True)
class Unmatched:
    """A mentee left without a mentor, and why."""

    mentee: str
    reason: UnmatchedReason
    explanation: str
    target: str
    gaps: list[MenteeGap]


@dataclass(frozen=True)
class MentorLoad:
    """A person who could mentor someone in this pairing: how many mentees they may take and were given."""

    name: str
    level: str
    capacity: int
    assigned: int  # mentees proposed now
    ongoing: int = 0  # mentees already agreed, which take places of the capacity


@dataclass(frozen=True)
class Pairing:
    """The proposed pairs (largest benefit first), the mentees left over, and each possible mentor's load."""

    framework: str
    options: PairingOptions
    pairs: list[Pair]
    unmatched: list[Unmatched]
    mentors: list[MentorLoad]

    @property
    def total_benefit(self) -> float:
        return round(sum(pair.benefit for pair in self.pairs), 6)


@dataclass(frozen=True)
class _Mentee:
    member: Member
    row: int
    target: str
    gaps: list[MenteeGap]


@dataclass
class _Team:
    """The members as arrays, so a mentee's candidates are a few vector operations instead of a loop per mentor."""

    members: list[Member]
    competencies: dict[str, int]
    scores: Matrix  # member x competency; NaN where unrated
    heights: Matrix  # a member's level on the main track's scale; NaN off it
    specialisations: npt.NDArray[np.bool_]  # member x specialisation
    index: dict[str, int]  # name -> member position


class _Solved(NamedTuple):
    """What the explanations need besides the chosen pairs."""

    benefit: Matrix  # mentee x member, capacity left aside
    best: npt.NDArray[np.int64]  # mentee x member: the position of the gap the benefit comes from
    capacities: npt.NDArray[np.int64]  # the places left
    excluded: Mapping[int, set[int]]
    taken: npt.NDArray[np.int64]  # places taken by ongoing pairs


# -- the pairing ----------------------------------------------------------------------------------------------------


def pair_mentors(
    framework: Framework,
    members: Sequence[Member],
    options: PairingOptions | None = None,
    reports: Collection[str] | None = None,
    assign: Assign | None = None,
) -> Pairing:
    """Mentors for ``reports`` (names; default: every member), chosen among all ``members`` for the greatest total
    benefit under ``options``. ``assign`` solves the assignment (default :func:`optimal_assignment`).

    Raises :class:`InputError` when an option or ``reports`` names nobody in ``members``.
    """
    options = options or PairingOptions()
    team = _team(framework, members)
    ongoing = _named_pairs(team, options.ongoing, "ongoing pair")
    taken = np.bincount([mentor for mentors in ongoing.values() for mentor in mentors], minlength=len(team.members))
    capacities = np.maximum(_capacities(team, options) - taken, 0)
    excluded = _named_pairs(team, options.exclusions, "exclusion")
    rows = _mentee_rows(team, reports)
    mentored = [_mentee(framework, team.members[row], row, options.top_gaps) for row in rows if row in ongoing]
    mentees = [_mentee(framework, team.members[row], row, options.top_gaps) for row in rows if row not in ongoing]
    benefit = np.zeros((len(mentees), len(team.members)))
    best = np.full((len(mentees), len(team.members)), -1, dtype=np.int64)  # the gap each mentor helps most with
    for position, mentee in enumerate(mentees):
        benefit[position], best[position] = _candidates_for(team, mentee, options, excluded)
    usable = benefit * (capacities > 0)  # a mentor with no capacity is never assigned
    chosen = (assign or optimal_assignment)(usable, capacities)
    solved = _Solved(benefit, best, capacities, excluded, taken)
    pairing = _pairing(framework, team, options, mentees, solved, chosen)
    if not mentored:
        return pairing
    already = [_already_mentored(team, mentee, ongoing[mentee.row]) for mentee in mentored]
    return replace(pairing, unmatched=sorted([*pairing.unmatched, *already], key=lambda item: item.mentee.casefold()))


def optimal_assignment(benefit: Matrix, capacities: npt.NDArray[np.int64]) -> list[tuple[int, int]]:
    """The (mentee, mentor) pairs of greatest total benefit, each mentee once, each mentor up to their capacity.

    Solved exactly as a linear assignment (``scipy.optimize.linear_sum_assignment``, Jonker-Volgenant) on the
    mentors' columns repeated once per slot. A mentor's slots are capped at the number of mentees who could use
    them, so a generous capacity does not grow the problem. Entries of 0 are pairs not allowed: the solver may
    fill a row with one when nothing better is left, and those are dropped, which keeps the total (they add 0).
    """
    rows = np.flatnonzero(benefit.max(axis=1, initial=0.0) > 0)
    if rows.size == 0:
        return []
    wanted = (benefit[rows] > 0).sum(axis=0)
    slots = np.repeat(np.arange(benefit.shape[1]), np.minimum(capacities, wanted))
    if slots.size == 0:
        return []
    sub = benefit[np.ix_(rows, slots)]
    picked_rows, picked_slots = linear_sum_assignment(sub, maximize=True)
    return [
        (int(rows[r]), int(slots[s]))
        for r, s in zip(picked_rows, picked_slots, strict=True)
        if sub[r, s] > 0  # a filler pair
    ]


def greedy_assignment(benefit: Matrix, capacities: npt.NDArray[np.int64]) -> list[tuple[int, int]]:
    """The baseline: take the pair of largest benefit, then the next whose mentee is free and whose mentor has room.

    Quick and often close, but not optimal: a mentor strong in many gaps goes to whoever values them most first,
    even when that mentee had another good mentor and a later one had none.
    """
    left = capacities.copy()
    paired: set[int] = set()
    rows, columns = np.nonzero(benefit > 0)
    order = np.argsort(-benefit[rows, columns], kind="stable")
    chosen = []
    for row, column in zip(rows[order].tolist(), columns[order].tolist(), strict=True):
        if row not in paired and left[column] > 0:
            chosen.append((row, column))
            paired.add(row)
            left[column] -= 1
    return chosen


# -- the team as arrays, and the options checked against it -----------------------------------------------------------


def _team(framework: Framework, members: Sequence[Member]) -> _Team:
    index: dict[str, int] = {}
    for position, member in enumerate(members):
        if member.name.casefold() in index:
            raise InputError(f"two members are named '{clipped(member.name)}' (fix: give each person a unique name)")
        index[member.name.casefold()] = position
    competencies = {competency.id: position for position, competency in enumerate(framework.competencies)}
    specialisations = {item.id: position for position, item in enumerate(framework.specialisations)}
    scores = np.full((len(members), len(competencies)), np.nan)
    chosen = np.zeros((len(members), len(specialisations)), dtype=bool)
    for row, member in enumerate(members):
        for result in member.assessment.competencies:
            if result.estimate is not None and result.id in competencies:
                scores[row, competencies[result.id]] = result.estimate
        for item in member.specialisation:
            if item in specialisations:
                chosen[row, specialisations[item]] = True
    heights = np.array([_height(framework, member.current_level) for member in members], dtype=float)
    return _Team(list(members), competencies, scores, heights, chosen, index)


def _height(framework: Framework, level: str) -> float:
    found = height(framework, level)
    return np.nan if found is None else float(found)  # NaN compares false: off the scale is never "above"


def _row(team: _Team, name: str, what: str) -> int:
    """The position of the member called ``name``; an unknown name is one line naming ``what`` and the fix."""
    found = team.index.get(name.casefold())
    if found is not None:
        return found
    names = [member.name for member in team.members]
    close = difflib.get_close_matches(name, names, n=1, cutoff=0.6)
    hint = f"did you mean '{close[0]}'?" if close else "use a name from the team's profiles"
    raise InputError(f"{what}: nobody in the team is named '{clipped(name)}' (fix: {hint})")


def _capacities(team: _Team, options: PairingOptions) -> npt.NDArray[np.int64]:
    capacities = np.full(len(team.members), options.capacity, dtype=np.int64)
    for name, value in options.capacity_of.items():
        capacities[_row(team, name, "capacity")] = value
    return capacities


def _named_pairs(team: _Team, pairs: Iterable[tuple[str, str]], what: str) -> dict[int, set[int]]:
    """(mentor, mentee) names as mentee row -> mentor rows."""
    found: dict[int, set[int]] = {}
    for mentor, mentee in pairs:
        found.setdefault(_row(team, mentee, what), set()).add(_row(team, mentor, what))
    return found


def _mentee_rows(team: _Team, reports: Collection[str] | None) -> list[int]:
    if reports is None:
        return list(range(len(team.members)))
    return sorted({_row(team, name, "reports") for name in reports})


# -- one mentee: their gaps and who could help -----------------------------------------------------------------------


def _mentee(framework: Framework, member: Member, row: int, top: int) -> _Mentee:
    """A mentee's largest gaps to their target level, largest first (the framework's order between equals)."""
    target = _target(framework, member)
    found = []
    for competency in level_competencies(framework, target):
        expected = competency.expectations[target].proficiency
        current = member.score(competency.id)
        shortfall = expected - (current or 0.0)
        if shortfall > 0:
            found.append(MenteeGap(competency.id, competency.name, current, expected, round(shortfall, 3)))
    found.sort(key=lambda gap: -gap.shortfall)
    return _Mentee(member, row, target, found[:top])


def _target(framework: Framework, member: Member) -> str:
    """The level a mentee works towards: with a held level other than the placement, the step up from the level
    held (as the team's readiness measures it); otherwise the assessment's target (their goal, or the level above
    the placed one)."""
    if member.held_level is None or member.held_level == member.assessment.level:
        return default_target(framework, member.assessment, member.profile)
    held = get_level(framework, member.held_level)
    step_up = step_up_of(framework, held)
    return held.id if step_up is None else step_up.id


def _candidates_for(
    team: _Team, mentee: _Mentee, options: PairingOptions, excluded: Mapping[int, set[int]]
) -> tuple[Matrix, npt.NDArray[np.int64]]:
    """Each member's benefit as this mentee's mentor (0: not allowed) and the gap it comes from (-1: none)."""
    allowed = _allowed_mentors(team, mentee, options, excluded)
    benefit = np.zeros(len(team.members))
    best = np.full(len(team.members), -1, dtype=np.int64)
    bonus = SPECIALISATION_BONUS * _shares_specialisation(team, mentee.row) if options.prefer_same_specialisation else 0
    for position, gap in enumerate(mentee.gaps):
        scores = team.scores[:, team.competencies[gap.competency]]
        with np.errstate(invalid="ignore"):
            strong = allowed & (scores >= gap.expected)  # NaN (unrated) is never strong
        value = np.where(strong, gap.shortfall * (1.0 + scores - gap.expected) + bonus, 0.0)
        better = value > benefit
        benefit[better], best[better] = value[better], position
    return np.round(benefit, 6), best


def _allowed_mentors(
    team: _Team, mentee: _Mentee, options: PairingOptions, excluded: Mapping[int, set[int]]
) -> npt.NDArray[np.bool_]:
    """Members who may mentor this mentee on anything: far enough above, not them, not ruled out."""
    with np.errstate(invalid="ignore"):
        allowed: npt.NDArray[np.bool_] = team.heights - team.heights[mentee.row] >= options.min_level_gap
    allowed[mentee.row] = False
    for row in excluded.get(mentee.row, ()):
        allowed[row] = False
    manager = _manager_row(team, mentee.member)
    if manager is not None and not options.allow_own_manager:
        allowed[manager] = False
    return allowed


def _manager_row(team: _Team, member: Member) -> int | None:
    return team.index.get(member.manager.casefold()) if member.manager else None


def _shares_specialisation(team: _Team, row: int) -> npt.NDArray[np.float64]:
    shared: npt.NDArray[np.float64] = (team.specialisations.astype(float) @ team.specialisations[row]) > 0
    return shared.astype(float)


# -- the result, explained ------------------------------------------------------------------------------------------


def _pairing(
    framework: Framework,
    team: _Team,
    options: PairingOptions,
    mentees: list[_Mentee],
    solved: _Solved,
    chosen: Iterable[tuple[int, int]],
) -> Pairing:
    benefit, best, capacities, excluded, taken = solved
    pairs = {row: _pair(team, mentees[row], column, benefit[row], best[row]) for row, column in chosen}
    assigned = np.bincount([team.index[pair.mentor.casefold()] for pair in pairs.values()], minlength=len(team.members))
    unmatched = [
        _unmatched(team, mentee, benefit[row], capacities, options, excluded)
        for row, mentee in enumerate(mentees)
        if row not in pairs
    ]
    possible = np.flatnonzero((benefit.max(axis=0, initial=0.0) > 0) | (taken > 0))
    loads = [
        MentorLoad(
            team.members[i].name,
            team.members[i].current_level,
            int(capacities[i] + taken[i]),
            int(assigned[i]),
            int(taken[i]),
        )
        for i in possible
    ]
    return Pairing(
        framework=framework.id,
        options=options,
        pairs=sorted(pairs.values(), key=lambda pair: (-pair.benefit, pair.mentee.casefold())),
        unmatched=sorted(unmatched, key=lambda item: item.mentee.casefold()),
        mentors=sorted(loads, key=lambda load: (-load.assigned, load.name.casefold())),
    )


def _pair(team: _Team, mentee: _Mentee, column: int, benefit: Matrix, best: npt.NDArray[np.int64]) -> Pair:
    mentor = team.members[column]
    gap = mentee.gaps[int(best[column])]
    rating = float(team.scores[column, team.competencies[gap.competency]])
    shared = sorted(set(mentor.specialisation) & set(mentee.member.specialisation))
    also = [
        other.name
        for other in mentee.gaps
        if other is not gap and _rating_of(team, column, other.competency) >= other.expected
    ]
    name, who = mentor.name, mentee.member.name
    explanation = (
        f"{name} mentors {who} on {gap.name}: {name} {_shown(rating)}, {who} {_shown(gap.current)}, "
        f"gap to {mentee.target}"
    )
    if shared:
        explanation += f"; both work on {', '.join(shared)}"
    return Pair(
        mentor=name,
        mentee=who,
        competency=gap.competency,
        competency_name=gap.name,
        mentor_rating=round(rating, 3),
        mentee_rating=gap.current,
        expected=gap.expected,
        target=mentee.target,
        benefit=float(benefit[column]),
        same_specialisation=bool(shared),
        also=also,
        explanation=explanation,
    )


def _rating_of(team: _Team, row: int, competency: str) -> float:
    value = float(team.scores[row, team.competencies[competency]])
    return -np.inf if np.isnan(value) else value


def _shown(rating: float | None) -> str:
    """A rating as people write it: 4, 3.5, or 'unrated'."""
    return "unrated" if rating is None else f"{rating:.1f}".removesuffix(".0")


def _unmatched(
    team: _Team,
    mentee: _Mentee,
    benefit: Matrix,
    capacities: npt.NDArray[np.int64],
    options: PairingOptions,
    excluded: Mapping[int, set[int]],
) -> Unmatched:
    who, target = mentee.member.name, mentee.target
    capable = np.flatnonzero(benefit > 0)
    if not mentee.gaps:
        reason: UnmatchedReason = "no-gaps"
        text = f"{who} meets every {target} expectation: there is no gap to mentor"
    elif capable.size == 0:
        reason = "no-capable-mentor"
        text = f"nobody {_above(options.min_level_gap)} {who} is strong in {_listed(mentee.gaps)}"
        text += _blocked_note(team, mentee, options, excluded)
    else:
        reason = "mentors-at-capacity"
        names = ", ".join(team.members[i].name for i in capable)
        full = "have no room" if (capacities[capable] == 0).all() else "are full with mentees who gain more"
        text = f"the mentors strong in {who}'s gaps ({names}) {full}"
    return Unmatched(mentee=who, reason=reason, explanation=text, target=target, gaps=mentee.gaps)


def _above(levels: int) -> str:
    return "at or above the level of" if levels == 0 else f"at least {levels} level{'s' * (levels > 1)} above"


def _already_mentored(team: _Team, mentee: _Mentee, mentors: set[int]) -> Unmatched:
    names = ", ".join(sorted(team.members[row].name for row in mentors))
    text = f"{mentee.member.name} already has a mentor: {names}"
    return Unmatched(mentee.member.name, "already-mentored", text, mentee.target, mentee.gaps)


def _listed(gaps: list[MenteeGap]) -> str:
    names = [gap.name for gap in gaps]
    return names[0] if len(names) == 1 else f"{', '.join(names[:-1])} or {names[-1]}"


def _blocked_note(team: _Team, mentee: _Mentee, options: PairingOptions, excluded: Mapping[int, set[int]]) -> str:
    """Who would have been capable but for the own-manager rule or an exclusion: the change a manager may want."""
    loose = PairingOptions(min_level_gap=options.min_level_gap, allow_own_manager=True, top_gaps=options.top_gaps)
    benefit, _ = _candidates_for(team, mentee, loose, {})
    manager = _manager_row(team, mentee.member)
    notes = []
    if manager is not None and not options.allow_own_manager and benefit[manager] > 0:
        notes.append(f"their own manager, {team.members[manager].name} (not paired with their own reports)")
    notes += [
        f"{team.members[row].name} (excluded)" for row in sorted(excluded.get(mentee.row, ())) if benefit[row] > 0
    ]
    return f" except {' and '.join(notes)}" if notes else ""


def pairing_data(pairing: Pairing) -> dict[str, Any]:
    """The pairing as JSON-ready data (keys documented in docs/json-output.md)."""
    options = pairing.options
    return {
        "framework": pairing.framework,
        "options": {
            "capacity": options.capacity,
            "capacity_of": dict(options.capacity_of),
            "min_level_gap": options.min_level_gap,
            "allow_own_manager": options.allow_own_manager,
            "prefer_same_specialisation": options.prefer_same_specialisation,
            "exclusions": [{"mentor": mentor, "mentee": mentee} for mentor, mentee in options.exclusions],
            "ongoing": [{"mentor": mentor, "mentee": mentee} for mentor, mentee in options.ongoing],
            "top_gaps": options.top_gaps,
        },
        "total_benefit": pairing.total_benefit,
        "pairs": [_pair_data(pair) for pair in pairing.pairs],
        "unmatched": [_unmatched_data(item) for item in pairing.unmatched],
        "mentors": [vars(load) for load in pairing.mentors],
    }


def _pair_data(pair: Pair) -> dict[str, Any]:
    return dict(vars(pair))


def _unmatched_data(item: Unmatched) -> dict[str, Any]:
    return {
        "mentee": item.mentee,
        "reason": item.reason,
        "explanation": item.explanation,
        "target": item.target,
        "gaps": [vars(gap) for gap in item.gaps],
    }


# -- with the store -------------------------------------------------------------------------------------------------


def with_stored_decisions(options: PairingOptions, store: Store, members: Sequence[Member]) -> PairingOptions:
    """``options`` with what people decided before: a declined pair becomes an exclusion (never proposed again,
    so the mentee gets someone else) and an accepted pair an ongoing one. Pairs with someone outside ``members``
    do not bear on this pairing and are left aside."""
    names = {member.person_id: member.name for member in members if member.person_id is not None}

    def named(status: Literal["accepted", "declined"]) -> list[tuple[str, str]]:
        return [
            (names[pair.mentor_id], names[pair.mentee_id])
            for pair in store.list_mentor_pairs(status=status)
            if pair.mentor_id in names and pair.mentee_id in names
        ]

    return replace(
        options,
        exclusions=[*options.exclusions, *named("declined")],
        ongoing=[*options.ongoing, *named("accepted")],
    )


def save_pairing(store: Store, pairing: Pairing, members: Sequence[Member]) -> list[MentorPair]:
    """Keep the pairing's proposals in ``store``, replacing the undecided proposals of every mentee it covered
    (matched or not) and keeping every decision; the pairs written are returned. The members must be the store's
    people (:func:`mlladder.team.load.roster_from_store`)."""
    ids = {member.name: member.person_id for member in members}
    missing = sorted(name for name, person_id in ids.items() if person_id is None)
    if missing:
        raise InputError(
            f"cannot save pairs for '{clipped(missing[0])}', who is not in the database (fix: pair people read "
            "from the database to save the pairs)"
        )
    proposals = [
        NewMentorPair(
            mentor_id=_person_id(ids, pair.mentor),
            mentee_id=_person_id(ids, pair.mentee),
            framework_id=pairing.framework,
            competency=pair.competency,
            benefit=pair.benefit,
            explanation=pair.explanation,
        )
        for pair in pairing.pairs
    ]
    covered = [_person_id(ids, item.mentee) for item in pairing.unmatched]
    return store.save_mentor_proposals(proposals, mentees=covered)


def _person_id(ids: Mapping[str, int | None], name: str) -> int:
    found = ids.get(name)
    if found is None:  # the pairing was made from other members than these
        raise InputError(f"'{clipped(name)}' is not among the members given (fix: save with the members paired)")
    return found
