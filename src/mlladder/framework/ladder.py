"""Questions about a loaded framework: level order, lookups, the combined salary view, level comparison."""

from __future__ import annotations

import difflib
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from statistics import median
from typing import Protocol, TypeVar

from mlladder.errors import InputError, UnknownCompetency, UnknownLevel, clipped
from mlladder.framework.cache import derived
from mlladder.framework.schema import (
    Competency,
    Duration,
    Framework,
    Level,
    SalaryBand,
    Skill,
    SourcedText,
    TimeAllocation,
    Transition,
    YearRange,
)

__all__ = [
    "CombinedSalary",
    "ExpectationChange",
    "LevelComparison",
    "NewCompetency",
    "TrackChange",
    "belongs_to",
    "combined_salaries",
    "compare_levels",
    "domain_skills",
    "estimate_time",
    "filter_skills",
    "fits_specialisation",
    "focus_skills",
    "format_band",
    "format_money",
    "format_years",
    "get_competency",
    "get_level",
    "height",
    "ic_levels",
    "level_competencies",
    "main_track_id",
    "placed_competencies",
    "salary_bands_for",
    "skill_verb",
    "skills_in_prerequisite_order",
    "track_levels",
    "transition_path",
    "years_by_range",
]


class _HasId(Protocol):
    @property
    def id(self) -> str: ...


T = TypeVar("T", bound=_HasId)


def _did_you_mean(value: str, known: Iterable[str]) -> str:
    close = difflib.get_close_matches(value, list(known), n=1, cutoff=0.4)
    return f"did you mean '{close[0]}'?" if close else ""


def _find(items: Sequence[T], wanted: str, what: str, error: type[InputError], framework: Framework) -> T:
    """The item whose id matches (case-insensitive), or ``error`` naming the close match or the valid ids."""
    for item in items:
        if item.id.casefold() == wanted.casefold():
            return item
    known = [item.id for item in items]
    hint = _did_you_mean(wanted, known) or f"use one of {', '.join(known)}"
    raise error(f"framework '{framework.id}' has no {what} '{clipped(wanted)}' ({hint})")


def get_level(framework: Framework, level_id: str) -> Level:
    """The level with this id (case-insensitive); :class:`UnknownLevel` names the valid ids otherwise."""
    return _find(framework.levels, level_id, "level", UnknownLevel, framework)


def get_competency(framework: Framework, competency_id: str) -> Competency:
    """The competency with this id; :class:`UnknownCompetency` names the valid ids otherwise."""
    return _find(framework.competencies, competency_id, "competency", UnknownCompetency, framework)


def track_levels(framework: Framework, track_id: str) -> list[Level]:
    """Levels of one track, lowest first (file order)."""
    return [level for level in framework.levels if level.track == track_id]


def main_track_id(framework: Framework) -> str:
    """The track placement runs on: the first individual-contributor track, else the first track."""
    for track in framework.tracks:
        if track.kind == "individual_contributor":
            return track.id
    return framework.tracks[0].id


def ic_levels(framework: Framework) -> list[Level]:
    """The levels of the main (individual-contributor) track, lowest first."""
    return track_levels(framework, main_track_id(framework))


def belongs_to(competency: Competency, track_id: str) -> bool:
    """A competency without ``tracks`` belongs to every track; one with them, to those only."""
    return not competency.tracks or track_id in competency.tracks


def placed_competencies(framework: Framework) -> list[Competency]:
    """The competencies placement weighs: those of the main track. A competency of other tracks only (people
    management, AI strategy) says nothing about an engineer's level, and leaving it unrated must not widen it."""
    main = main_track_id(framework)
    return derived(framework, "placed-competencies", lambda: [c for c in framework.competencies if belongs_to(c, main)])


def level_competencies(framework: Framework, level_id: str) -> list[Competency]:
    """The competencies a level expects, in the framework's order: those of its track with an expectation there."""
    level = get_level(framework, level_id)
    return [c for c in framework.competencies if belongs_to(c, level.track) and level.id in c.expectations]


def track_only_competencies(framework: Framework, track_id: str) -> list[Competency]:
    """Competencies that belong to ``track_id`` but not to the main track: what a move onto it adds."""
    main = main_track_id(framework)
    return [c for c in framework.competencies if c.tracks and track_id in c.tracks and main not in c.tracks]


def height(framework: Framework, level_id: str) -> int | None:
    """A level's height on the main track's scale: its position there, or for a track branching from a main-track
    level, the branch point's position plus one plus the position on its own track (M1 just above L3). None for a
    level of a track that does not branch from the main track."""
    main = [level.id for level in ic_levels(framework)]
    if level_id in main:
        return main.index(level_id)
    level = get_level(framework, level_id)
    track = next(item for item in framework.tracks if item.id == level.track)
    if track.branches_from not in main:
        return None
    own = [item.id for item in track_levels(framework, track.id)]
    return main.index(track.branches_from) + 1 + own.index(level.id)


def level_rank(framework: Framework, level_id: str) -> tuple[str, int]:
    """(track id, position in track) of a level."""
    level = get_level(framework, level_id)
    return level.track, [item.id for item in track_levels(framework, level.track)].index(level.id)


def format_years(span: YearRange) -> str:
    """'0-2', '8+' or '10+': how people write experience ranges."""
    low = f"{span.min:g}"
    return f"{low}+" if span.max is None else f"{low}-{span.max:g}"


def years_by_range(level: Level) -> list[tuple[str, list[str]]]:
    """Distinct year ranges of a level with the sources that give each: sources that agree are grouped."""
    grouped: dict[str, list[str]] = defaultdict(list)
    for span in level.years:
        grouped[format_years(span)].extend(span.sources)
    return list(grouped.items())


# -- salaries ---------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class CombinedSalary:
    """All of one level's bands in one currency, combined without averaging them away.

    ``low``-``high`` is the envelope (lowest minimum to highest maximum across sources); ``overlap_min``-
    ``overlap_max`` is the range every source agrees on (absent when the sources do not overlap);
    ``midpoint_median`` is the median of the sources' midpoints, shown as a single reference figure.
    """

    level: str
    currency: str
    low: float
    high: float
    open_ended: bool
    overlap_min: float | None
    overlap_max: float | None
    midpoint_median: float
    sources: list[str]
    bands: list[SalaryBand] = field(repr=False)


def salary_bands_for(framework: Framework, level_id: str) -> list[SalaryBand]:
    return [band for band in framework.salary_bands if band.level == level_id]


def combined_salaries(framework: Framework) -> list[CombinedSalary]:
    """The documented combined view of every level's bands, one entry per level and currency, in level order."""
    order = {level.id: index for index, level in enumerate(framework.levels)}
    groups: dict[tuple[str, str], list[SalaryBand]] = defaultdict(list)
    for band in framework.salary_bands:
        groups[(band.level, band.currency)].append(band)
    combined = [_combine(level, currency, bands) for (level, currency), bands in groups.items()]
    return sorted(combined, key=lambda item: (order.get(item.level, len(order)), item.currency))


def _combine(level: str, currency: str, bands: list[SalaryBand]) -> CombinedSalary:
    overlap_min = max(band.min for band in bands)
    overlap_max = min(band.max for band in bands)
    agreed = overlap_min <= overlap_max
    return CombinedSalary(
        level=level,
        currency=currency,
        low=min(band.min for band in bands),
        high=max(band.max for band in bands),
        open_ended=any(band.open_ended for band in bands),
        overlap_min=overlap_min if agreed else None,
        overlap_max=overlap_max if agreed else None,
        midpoint_median=median((band.min + band.max) / 2 for band in bands),
        sources=[band.source for band in bands],
        bands=bands,
    )


def format_money(amount: float, currency: str, open_ended: bool = False) -> str:
    """'$180K', '€95K', '$350K+'."""
    symbol = {"USD": "$", "EUR": "€", "GBP": "£"}.get(currency, f"{currency} ")
    value = f"{amount / 1000:g}K" if amount >= 1000 else f"{amount:g}"
    return f"{symbol}{value}{'+' if open_ended else ''}"


def format_band(low: float, high: float, currency: str, open_ended: bool = False) -> str:
    return f"{format_money(low, currency)}-{format_money(high, currency, open_ended)}"


# -- skills -----------------------------------------------------------------------------------------------------


def filter_skills(
    framework: Framework,
    competency: str | None = None,
    level: str | None = None,
    category: str | None = None,
) -> list[Skill]:
    """Skills giving evidence for a competency, typically expected at a level, in a category (all optional)."""
    competency_id = get_competency(framework, competency).id if competency else None
    level_id = get_level(framework, level).id if level else None
    categories = {item.id for item in framework.skill_categories}
    if category and category not in categories:
        hint = _did_you_mean(category, categories) or f"use one of {', '.join(sorted(categories))}"
        raise InputError(f"framework '{framework.id}' has no skill category '{category}' ({hint})")
    return [
        skill
        for skill in framework.skills
        if (competency_id is None or competency_id in skill.competencies)
        and (level_id is None or skill.typical_level == level_id)
        and (category is None or skill.category == category)
    ]


def skills_in_prerequisite_order(framework: Framework, skills: Iterable[Skill]) -> list[Skill]:
    """The given skills ordered so every prerequisite among them comes first (stable otherwise)."""
    chosen = {skill.id: skill for skill in skills}
    ordered: list[Skill] = []
    placed: set[str] = set()

    def place(skill: Skill) -> None:
        if skill.id in placed:
            return
        placed.add(skill.id)
        for prerequisite in skill.prerequisites:
            if prerequisite in chosen:
                place(chosen[prerequisite])
        ordered.append(skill)

    for skill in chosen.values():
        place(skill)
    return ordered


# -- comparing two levels ---------------------------------------------------------------------------------------


@dataclass(frozen=True)
class ExpectationChange:
    competency: str
    name: str
    before: int
    after: int
    markers: list[str]


@dataclass(frozen=True)
class SalaryChange:
    source: str
    currency: str
    before: tuple[float, float]
    after: tuple[float, float]
    after_open_ended: bool


@dataclass(frozen=True)
class TimeEstimate:
    """Years to get from one level to another, summed over the steps between them."""

    steps: list[str]
    realistic: tuple[float, float] | None
    accelerated: tuple[float, float] | None
    time_in_levels: tuple[float, float] | None


@dataclass(frozen=True)
class NewCompetency:
    """A competency the destination level expects and the starting level does not: it appears with the move."""

    competency: str
    name: str
    after: int
    description: str  # what the expected step of the scale looks like
    markers: list[str]
    sources: list[str]


@dataclass(frozen=True)
class TrackChange:
    """Moving onto another track: the path in the guides' words and what to weigh before choosing it."""

    from_track: str
    to_track: str
    to_track_name: str
    path: SourcedText | None  # the track_choice path of the destination track
    considerations: list[SourcedText]
    not_carried: list[str]  # competency names the starting level expects and the destination does not


@dataclass(frozen=True)
class LevelComparison:
    """What changes between two levels; unchanged things are left out on purpose.

    Across tracks (L4 to M1) a lower expectation is a shift of emphasis, not a step down: the destination's
    markers say what the competency looks like there (reviewing and staffing rather than building), so such
    changes go to ``shifted`` and ``lowered`` stays for a fall within one track (docs/tracks.md)."""

    from_level: Level
    to_level: Level
    raised: list[ExpectationChange]
    lowered: list[ExpectationChange]
    new_responsibilities: list[str]
    new_skills: list[Skill]
    salary: list[SalaryChange]
    time: TimeEstimate
    shifted: list[ExpectationChange] = field(default_factory=list)
    new_competencies: list[NewCompetency] = field(default_factory=list)
    time_allocation: tuple[list[TimeAllocation], list[TimeAllocation]] = field(default_factory=lambda: ([], []))
    track_change: TrackChange | None = None


def compare_levels(framework: Framework, from_id: str, to_id: str) -> LevelComparison:
    """What changes from one level to another: expectations, responsibilities, skills, pay, time and, across
    tracks, the competencies that appear, the shifts of emphasis and the guides' considerations."""
    start, end = get_level(framework, from_id), get_level(framework, to_id)
    across = start.track != end.track
    raised: list[ExpectationChange] = []
    lowered: list[ExpectationChange] = []
    shifted: list[ExpectationChange] = []
    for competency in framework.competencies:
        before = competency.expectations.get(start.id)
        after = competency.expectations.get(end.id)
        if before is None or after is None or before.proficiency == after.proficiency:
            continue
        change = ExpectationChange(competency.id, competency.name, before.proficiency, after.proficiency, after.markers)
        if after.proficiency > before.proficiency:
            raised.append(change)
        else:
            (shifted if across else lowered).append(change)
    known = {item.text.casefold() for item in start.responsibilities}
    responsibilities = [item.text for item in end.responsibilities if item.text.casefold() not in known]
    return LevelComparison(
        from_level=start,
        to_level=end,
        raised=raised,
        lowered=lowered,
        new_responsibilities=responsibilities,
        new_skills=_skills_between(framework, start, end),
        salary=_salary_changes(framework, start.id, end.id),
        time=estimate_time(framework, start.id, end.id),
        shifted=shifted,
        new_competencies=_new_competencies(framework, start, end),
        time_allocation=(list(start.time_allocation), list(end.time_allocation)),
        track_change=_track_change(framework, start, end) if across else None,
    )


def _new_competencies(framework: Framework, start: Level, end: Level) -> list[NewCompetency]:
    """Competencies expected at ``end`` and not at ``start`` (people management on the way to M1)."""
    found = []
    for competency in level_competencies(framework, end.id):
        if start.id in competency.expectations and belongs_to(competency, start.track):
            continue
        expectation = competency.expectations[end.id]
        found.append(
            NewCompetency(
                competency=competency.id,
                name=competency.name,
                after=expectation.proficiency,
                description=competency.scale.get(expectation.proficiency, ""),
                markers=list(expectation.markers),
                sources=list(expectation.sources),
            )
        )
    return found


def _track_change(framework: Framework, start: Level, end: Level) -> TrackChange:
    """The guides' view of moving from ``start``'s track onto ``end``'s."""
    choice = framework.track_choice
    track = next(item for item in framework.tracks if item.id == end.track)
    expected_after = {c.id for c in level_competencies(framework, end.id)}
    return TrackChange(
        from_track=start.track,
        to_track=end.track,
        to_track_name=track.name,
        path=choice.paths.get(end.track) if choice else None,
        considerations=list(choice.considerations) if choice else [],
        not_carried=[c.name for c in level_competencies(framework, start.id) if c.id not in expected_after],
    )


def _skills_between(framework: Framework, start: Level, end: Level) -> list[Skill]:
    """Skills typically expected above ``start`` up to ``end`` on the main track (only ``end``'s otherwise)."""
    order = [level.id for level in ic_levels(framework)]
    if start.id in order and end.id in order:
        window = set(order[order.index(start.id) + 1 : order.index(end.id) + 1])
    else:
        window = {end.id}
    return [skill for skill in framework.skills if skill.typical_level in window]


def _salary_changes(framework: Framework, from_id: str, to_id: str) -> list[SalaryChange]:
    before = {(band.source, band.currency): band for band in salary_bands_for(framework, from_id)}
    changes = []
    for band in salary_bands_for(framework, to_id):
        old = before.get((band.source, band.currency))
        if old is not None:
            changes.append(
                SalaryChange(band.source, band.currency, (old.min, old.max), (band.min, band.max), band.open_ended)
            )
    return changes


def transition_path(framework: Framework, from_id: str, to_id: str) -> list[Transition]:
    """The chain of transitions leading from one level to another (empty if none connects them)."""
    outgoing: dict[str, list[Transition]] = defaultdict(list)
    for step in framework.transitions:
        outgoing[step.from_level].append(step)
    frontier: list[tuple[str, list[Transition]]] = [(from_id, [])]
    seen = {from_id}
    while frontier:
        current, path = frontier.pop(0)
        if current == to_id:
            return path
        for step in outgoing[current]:
            if step.to_level not in seen:
                seen.add(step.to_level)
                frontier.append((step.to_level, [*path, step]))
    return []


def estimate_time(framework: Framework, from_id: str, to_id: str) -> TimeEstimate:
    """Sum each kind of duration over the path; a kind missing on any step makes that sum unknown."""
    path = transition_path(framework, from_id, to_id)

    def total(kind: str) -> tuple[float, float] | None:
        spans: list[Duration | None] = [getattr(step, kind) for step in path]
        if not path or any(span is None for span in spans):
            return None
        return (sum(span.min_years for span in spans if span), sum(span.max_years for span in spans if span))

    return TimeEstimate(
        steps=[f"{step.from_level}->{step.to_level}" for step in path],
        realistic=total("realistic"),
        accelerated=total("accelerated"),
        time_in_levels=total("time_in_level"),
    )


# -- specialisations and the guides' focus ---------------------------------------------------------------------


def domain_skills(framework: Framework) -> dict[str, frozenset[str]]:
    """Every domain skill (listed under a specialisation) -> the specialisations it belongs to."""

    def build() -> dict[str, frozenset[str]]:
        owners: dict[str, set[str]] = defaultdict(set)
        for specialisation in framework.specialisations:
            for skill in specialisation.skills:
                owners[skill].add(specialisation.id)
        return {skill: frozenset(ids) for skill, ids in owners.items()}

    return derived(framework, "domain-skills", build)


def fits_specialisation(framework: Framework, skill_id: str, chosen: Iterable[str]) -> bool:
    """A general skill fits everyone; a domain skill only someone who chose one of its specialisations."""
    owners = domain_skills(framework).get(skill_id)
    return owners is None or not owners.isdisjoint(chosen)


def focus_skills(framework: Framework, from_id: str, to_id: str) -> list[str]:
    """The skills the guides name for the step(s) from one level to another, in order, once each."""
    found: list[str] = []
    for step in transition_path(framework, from_id, to_id):
        found.extend(skill for skill in step.skills_to_add if skill not in found)
    return found


_PRACTISED = ("soft", "leadership", "strategy", "communication", "people")  # words of categories one practises


def skill_verb(framework: Framework, skill_id: str) -> str:
    """ "Practise" for skills of people and strategy (one gets better at them by doing), else "Learn"."""

    def build() -> dict[str, str]:
        names = {category.id: category.name for category in framework.skill_categories}
        verbs = {}
        for skill in framework.skills:
            words = f"{skill.category} {names.get(skill.category, '')}".lower()
            verbs[skill.id] = "Practise" if any(word in words for word in _PRACTISED) else "Learn"
        return verbs

    return derived(framework, "skill-verbs", build).get(skill_id, "Learn")
