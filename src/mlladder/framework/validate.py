"""Rules that look across a whole framework document: ids, references, ordering, sums and cycles.

The checks run even when some items are structurally broken (those are reported by pydantic), so that a user
sees every problem of a file at once. Each check yields ``(location, message, hint)``; the loader turns the
location into a line number.
"""

from __future__ import annotations

import difflib
import itertools
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from functools import cache
from typing import Any

from pydantic import BaseModel, TypeAdapter, ValidationError

from mlladder.documents import Found, Loc
from mlladder.framework.schema import (
    PROFICIENCY_MAX,
    PROFICIENCY_MIN,
    Accelerator,
    Challenge,
    Competency,
    CompetencyArea,
    Framework,
    InterviewQuestion,
    Level,
    MoveIn,
    PortfolioProject,
    ProficiencyLevel,
    SalaryBand,
    Skill,
    SkillCategory,
    Source,
    Specialisation,
    Track,
    TrackChoice,
    Transition,
)

__all__ = ["check_framework"]

COLLECTIONS: dict[str, type[BaseModel]] = {
    "sources": Source,
    "tracks": Track,
    "levels": Level,
    "proficiency_scale": ProficiencyLevel,
    "competency_areas": CompetencyArea,
    "competencies": Competency,
    "skill_categories": SkillCategory,
    "skills": Skill,
    "specialisations": Specialisation,
    "salary_bands": SalaryBand,
    "transitions": Transition,
    "portfolio_projects": PortfolioProject,
    "interview_questions": InterviewQuestion,
    "challenges": Challenge,
    "accelerators": Accelerator,
    "moves_in": MoveIn,
}
ALLOCATION_TOLERANCE = 0.5


@cache
def _adapter(model: type[BaseModel]) -> TypeAdapter[Any]:
    return TypeAdapter(model)


@dataclass
class _Document:
    """The valid items of each collection with their index in the file, plus every id the file declares."""

    items: dict[str, list[tuple[int, Any]]] = field(default_factory=dict)
    ids: dict[str, set[str]] = field(default_factory=dict)
    track_choice: TrackChoice | None = None

    def of(self, collection: str) -> list[tuple[int, Any]]:
        return self.items.get(collection, [])


def _document(data: dict[str, Any], framework: Framework | None) -> _Document:
    document = _Document()
    for name, model in COLLECTIONS.items():
        raw = data.get(name)
        raw_items = raw if isinstance(raw, list) else []
        if framework is not None:
            document.items[name] = list(enumerate(getattr(framework, name)))
        else:
            document.items[name] = [
                (position, valid) for position, item in enumerate(raw_items) if (valid := _valid(model, item))
            ]
        document.ids[name] = {
            item["id"] for item in raw_items if isinstance(item, dict) and isinstance(item.get("id"), str)
        }
    choice = data.get("track_choice")
    document.track_choice = framework.track_choice if framework else _valid(TrackChoice, choice)
    return document


def _valid(model: type[BaseModel], item: Any) -> Any:
    try:
        return _adapter(model).validate_python(item)
    except ValidationError:
        return None


def check_framework(data: dict[str, Any], framework: Framework | None) -> list[Found]:
    """Every cross-document problem of a parsed framework (``framework`` is None when the structure failed)."""
    document = _document(data, framework)
    checks = (
        _duplicate_ids,
        _level_rules,
        _scale_rules,
        _competency_rules,
        _rising_expectations,
        _skill_rules,
        _prerequisite_cycles,
        _alias_collisions,
        _salary_rules,
        _transition_rules,
        _content_references,
        lambda doc: _source_references(data, doc),
    )
    found: list[Found] = []
    for check in checks:
        found.extend(check(document))
    return found


def _unknown(loc: Loc, kind: str, value: str, known: Iterable[str], where: str) -> Found:
    close = difflib.get_close_matches(value, sorted(known), n=1)
    suggestion = f" (did you mean '{close[0]}'?)" if close else ""
    return loc, f"unknown {kind} '{value}'", f"use an id defined under '{where}'{suggestion}"


def _references(loc: Loc, values: Iterable[str], kind: str, known: set[str], where: str) -> Iterator[Found]:
    for position, value in enumerate(values):
        if value not in known:
            yield _unknown((*loc, position), kind, value, known, where)


def _duplicate_ids(document: _Document) -> Iterator[Found]:
    for name in COLLECTIONS:
        first_seen: dict[str, int] = {}
        for position, item in document.of(name):
            item_id = getattr(item, "id", None)
            if item_id is None:
                continue
            if item_id in first_seen:
                message = f"duplicate id '{item_id}' (first used by {name}[{first_seen[item_id]}])"
                yield (name, position, "id"), message, "give every entry a unique id"
            else:
                first_seen[item_id] = position


def _level_rules(document: _Document) -> Iterator[Found]:
    tracks, levels = document.ids["tracks"], document.ids["levels"]
    for position, level in document.of("levels"):
        level_: Level = level
        if level_.track not in tracks:
            yield _unknown(("levels", position, "track"), "track", level_.track, tracks, "tracks")
        for index, years in enumerate(level_.years):
            if years.max is not None and years.min > years.max:
                loc: Loc = ("levels", position, "years", index)
                yield loc, f"years min {years.min:g} is above max {years.max:g}", "swap min and max"
        for index, allocation in enumerate(level_.time_allocation):
            total = sum(allocation.activities.values())
            if abs(total - 100) > ALLOCATION_TOLERANCE:
                loc = ("levels", position, "time_allocation", index, "activities")
                yield loc, f"time allocation sums to {total:g}%, not 100%", "make the percentages add up to 100"
    used_tracks = {level.track for _, level in document.of("levels")}
    for position, track in document.of("tracks"):
        if track.id not in used_tracks:
            yield ("tracks", position, "id"), f"track '{track.id}' has no levels", "add levels with this track"
        if track.branches_from is not None and track.branches_from not in levels:
            loc = ("tracks", position, "branches_from")
            yield _unknown(loc, "level", track.branches_from, levels, "levels")


def _scale_rules(document: _Document) -> Iterator[Found]:
    expected = set(range(PROFICIENCY_MIN, PROFICIENCY_MAX + 1))
    values = [step.value for _, step in document.of("proficiency_scale")]
    missing = sorted(expected - set(values))
    if document.of("proficiency_scale") and missing:
        steps = ", ".join(map(str, missing))
        yield ("proficiency_scale",), f"proficiency scale lacks step(s) {steps}", "describe every step 0-4"
    for position, step in document.of("proficiency_scale"):
        if values.count(step.value) > 1:
            loc: Loc = ("proficiency_scale", position, "value")
            yield loc, f"proficiency step {step.value} is defined twice", "keep one entry per step"


def _competency_rules(document: _Document) -> Iterator[Found]:
    areas, levels, tracks = document.ids["competency_areas"], document.ids["levels"], document.ids["tracks"]
    all_steps = set(range(PROFICIENCY_MIN, PROFICIENCY_MAX + 1))
    for position, competency in document.of("competencies"):
        comp: Competency = competency
        if comp.area not in areas:
            yield _unknown(("competencies", position, "area"), "competency area", comp.area, areas, "competency_areas")
        missing_steps = sorted(all_steps - set(comp.scale))
        if missing_steps:
            steps = ", ".join(map(str, missing_steps))
            loc: Loc = ("competencies", position, "scale")
            yield loc, f"scale of '{comp.id}' lacks step(s) {steps}", "describe the behaviour at every step 0-4"
        for level_id in comp.expectations:
            if level_id not in levels:
                loc = ("competencies", position, "expectations", level_id)
                yield _unknown(loc, "level", level_id, levels, "levels")
        yield from _references(("competencies", position, "tracks"), comp.tracks, "track", tracks, "tracks")
        for _, level in document.of("levels"):
            # A competency of some tracks only is expected on their levels alone (docs/tracks.md).
            if level.id not in comp.expectations and (not comp.tracks or level.track in comp.tracks):
                loc = ("competencies", position, "expectations")
                message = f"level '{level.id}' has no expectation for competency '{comp.id}'"
                yield loc, message, f"add expectations.{level.id} with a proficiency and markers"


def _rising_expectations(document: _Document) -> Iterator[Found]:
    """Expectations may stay level or rise along a track, never fall: a higher level asks at least as much."""
    tracks: dict[str, list[str]] = {}
    for _, level in document.of("levels"):
        tracks.setdefault(level.track, []).append(level.id)
    for position, competency in document.of("competencies"):
        for ordered in tracks.values():
            present = [level_id for level_id in ordered if level_id in competency.expectations]
            for lower, higher in itertools.pairwise(present):
                low = competency.expectations[lower].proficiency
                high = competency.expectations[higher].proficiency
                if high < low:
                    loc: Loc = ("competencies", position, "expectations", higher, "proficiency")
                    message = f"expectation for '{competency.id}' falls from {low} at {lower} to {high} at {higher}"
                    yield loc, message, f"set it to {low} or more: expectations must not fall as the level rises"


def _skill_rules(document: _Document) -> Iterator[Found]:
    ids = document.ids
    for position, skill in document.of("skills"):
        loc: Loc = ("skills", position)
        if skill.category not in ids["skill_categories"]:
            yield _unknown(
                (*loc, "category"), "skill category", skill.category, ids["skill_categories"], "skill_categories"
            )
        yield from _references(
            (*loc, "competencies"), skill.competencies, "competency", ids["competencies"], "competencies"
        )
        if skill.typical_level not in ids["levels"]:
            yield _unknown((*loc, "typical_level"), "level", skill.typical_level, ids["levels"], "levels")
        yield from _references((*loc, "prerequisites"), skill.prerequisites, "skill", ids["skills"], "skills")
        if skill.id in skill.prerequisites:
            yield (*loc, "prerequisites"), f"skill '{skill.id}' lists itself as a prerequisite", "remove it"


def _prerequisite_cycles(document: _Document) -> Iterator[Found]:
    """Prerequisites must form a DAG, or no learning order exists; report each cycle once."""
    graph = {skill.id: list(skill.prerequisites) for _, skill in document.of("skills")}
    position_of = {skill.id: position for position, skill in document.of("skills")}
    state: dict[str, int] = {}  # 1 = on the current path, 2 = done
    reported: set[frozenset[str]] = set()
    for start in graph:
        if state.get(start):
            continue
        stack: list[tuple[str, Iterator[str]]] = [(start, iter(graph[start]))]
        path = [start]
        state[start] = 1
        while stack:
            node, children = stack[-1]
            child = next(children, None)
            if child is None:
                stack.pop()
                path.pop()
                state[node] = 2
            elif state.get(child) == 1 and child != node:
                cycle = [*path[path.index(child) :], child]
                if frozenset(cycle) not in reported:
                    reported.add(frozenset(cycle))
                    loc: Loc = ("skills", position_of[child], "prerequisites")
                    message = "prerequisites form a cycle: " + " -> ".join(cycle)
                    yield loc, message, "remove one prerequisite of this loop"
            elif child in graph and not state.get(child):
                state[child] = 1
                path.append(child)
                stack.append((child, iter(graph[child])))


def _alias_collisions(document: _Document) -> Iterator[Found]:
    """A name or alias must point at one skill, or text matching cannot tell which skill was meant."""
    owner: dict[str, str] = {}
    for position, skill in document.of("skills"):
        for index, name in enumerate([skill.name, *skill.aliases]):
            key = name.casefold()
            other = owner.get(key)
            if other is not None and other != skill.id:
                loc: Loc = ("skills", position, "aliases", index - 1) if index else ("skills", position, "name")
                yield loc, f"'{name}' also names skill '{other}'", "make each name and alias unique across skills"
            owner.setdefault(key, skill.id)


def _salary_rules(document: _Document) -> Iterator[Found]:
    levels = document.ids["levels"]
    for position, band in document.of("salary_bands"):
        if band.level not in levels:
            yield _unknown(("salary_bands", position, "level"), "level", band.level, levels, "levels")
        if band.min > band.max:
            loc: Loc = ("salary_bands", position, "min")
            yield loc, f"salary min {band.min:g} is above max {band.max:g}", "swap min and max"


def _transition_rules(document: _Document) -> Iterator[Found]:
    levels = [level for _, level in document.of("levels")]
    rank = {level.id: (level.track, index) for index, level in enumerate(levels)}
    branches = {track.id: track.branches_from for _, track in document.of("tracks")}
    known = document.ids["levels"]
    for position, step in document.of("transitions"):
        loc: Loc = ("transitions", position)
        for key in ("from_level", "to_level"):
            if getattr(step, key) not in known:
                yield _unknown((*loc, key), "level", getattr(step, key), known, "levels")
        for key in ("realistic", "accelerated", "time_in_level"):
            span = getattr(step, key)
            if span is not None and span.min_years > span.max_years:
                yield (*loc, key), f"{key} min {span.min_years:g} is above max {span.max_years:g}", "swap them"
        source, target = rank.get(step.from_level), rank.get(step.to_level)
        if source and target and not _is_step_up(source, target, branches, step.from_level):
            message = f"'{step.to_level}' is not above '{step.from_level}' on a track"
            yield (*loc, "to_level"), message, "a transition goes up a track or onto a track that branches there"
        yield from _references((*loc, "skills_to_add"), step.skills_to_add, "skill", document.ids["skills"], "skills")
    for position, move in document.of("moves_in"):
        span = move.duration
        if span is not None and span.min_years > span.max_years:
            loc = ("moves_in", position, "duration")
            yield loc, f"duration min {span.min_years:g} is above max {span.max_years:g}", "swap them"


def _is_step_up(source: tuple[str, int], target: tuple[str, int], branches: dict[str, str | None], origin: str) -> bool:
    if source[0] == target[0]:
        return target[1] > source[1]
    return branches.get(target[0]) == origin


def _content_references(document: _Document) -> Iterator[Found]:
    ids = document.ids
    for name in ("portfolio_projects", "interview_questions", "challenges", "accelerators"):
        for position, item in document.of(name):
            loc: Loc = (name, position)
            level = getattr(item, "level", None)
            if level is not None and level not in ids["levels"]:
                yield _unknown((*loc, "level"), "level", level, ids["levels"], "levels")
            competencies = getattr(item, "competencies", [])
            yield from _references(
                (*loc, "competencies"), competencies, "competency", ids["competencies"], "competencies"
            )
            yield from _references((*loc, "skills"), getattr(item, "skills", []), "skill", ids["skills"], "skills")
    for position, specialisation in document.of("specialisations"):
        loc = ("specialisations", position, "skills")
        yield from _references(loc, specialisation.skills, "skill", ids["skills"], "skills")
    choice = document.track_choice
    if choice is not None:
        if choice.decision_point is not None and choice.decision_point not in ids["levels"]:
            yield _unknown(("track_choice", "decision_point"), "level", choice.decision_point, ids["levels"], "levels")
        for track_id in choice.paths:
            if track_id not in ids["tracks"]:
                yield _unknown(("track_choice", "paths", track_id), "track", track_id, ids["tracks"], "tracks")


def _source_references(data: dict[str, Any], document: _Document) -> Iterator[Found]:
    """Every ``sources`` entry (and a salary band's ``source``) must name a source declared under 'sources'."""
    known = document.ids["sources"]
    for loc, value in _cited_sources(data, ()):
        if value not in known:
            yield _unknown(loc, "source", value, known, "sources")


def _cited_sources(node: Any, loc: Loc) -> Iterator[tuple[Loc, str]]:
    if isinstance(node, dict):
        for key, value in node.items():
            if loc == () and key == "sources":
                continue  # the declarations themselves
            if key == "sources" and isinstance(value, list):
                yield from (((*loc, key, i), v) for i, v in enumerate(value) if isinstance(v, str))
            elif key == "source" and isinstance(value, str) and loc[:1] == ("salary_bands",):
                yield (*loc, key), value
            else:
                yield from _cited_sources(value, (*loc, key))
    elif isinstance(node, list):
        for position, value in enumerate(node):
            yield from _cited_sources(value, (*loc, position))
