"""The choice of track from the senior level up: what each reachable track asks that one's own does not.

From the level where other tracks branch off the main one (Senior, L3, in the built-in ladder), a person can take
the next step on their own track or move onto another (engineering manager, ML architect). For each of those
options :func:`track_view` gathers what changes, read from the framework: competencies that appear, expectations
that rise, expectations whose emphasis shifts from doing the work to enabling it, the destination's new
responsibilities and where the time goes; plus the considerations the guides give for the choice. Every text
carries its citations by title (:mod:`mlladder.framework.sources`). Below the branching level there is no choice
yet, and the view is None. The model is described in docs/tracks.md.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from mlladder.framework.ladder import (
    ExpectationChange,
    NewCompetency,
    compare_levels,
    get_level,
    height,
    ic_levels,
    main_track_id,
    track_levels,
)
from mlladder.framework.schema import Framework, Level, SourcedText, TimeAllocation, Track
from mlladder.framework.sources import Citation, cite, titles_data

__all__ = ["TrackView", "branching_level", "track_view", "track_view_data"]


@dataclass(frozen=True)
class Cited:
    """A text with the sources its facts come from."""

    text: str
    sources: list[Citation]


@dataclass(frozen=True)
class Allocation:
    """How a source says time is spent at a level: activity -> percent."""

    activities: dict[str, float]
    sources: list[Citation]


@dataclass(frozen=True)
class Appearing:
    """A competency the destination expects and the current level does not (people management towards M1)."""

    competency: str
    name: str
    expected: int
    description: str  # the scale's text for the expected step
    markers: list[str]
    sources: list[Citation]


@dataclass(frozen=True)
class TrackOption:
    """One way on from a level: the next level on one's own track, or the first level of another track."""

    track: str
    track_name: str
    kind: str  # the track's kind: individual_contributor, management or hybrid
    level: str
    level_title: str
    same_track: bool
    summary: str  # the destination level's summary
    path: Cited | None  # the guides' description of this track's path
    new_competencies: list[Appearing]
    raised: list[ExpectationChange]
    shifted: list[ExpectationChange]  # lower on another track: asked for differently (enabling rather than doing)
    responsibilities: list[Cited]  # the destination's responsibilities the current level does not list
    time_now: list[Allocation]
    time_there: list[Allocation]


@dataclass(frozen=True)
class TrackView:
    """The options from one level, with the guides' summary of the choice and what to weigh."""

    level: str
    level_title: str
    track: str
    decision_point: str | None
    summary: Cited | None
    options: list[TrackOption]
    considerations: list[Cited]


def branch_points(framework: Framework) -> dict[str, str]:
    """Track id -> the main-track level it branches from, for every track that branches from the main track."""
    main = {level.id for level in ic_levels(framework)}
    return {
        track.id: track.branches_from
        for track in framework.tracks
        if track.branches_from is not None and track.branches_from in main
    }


def branching_level(framework: Framework) -> str | None:
    """The level the track choice is made at: the framework's decision point, else the lowest level another track
    branches from; None when no track branches from the main one."""
    points = branch_points(framework)
    if not points:
        return None
    if framework.track_choice and framework.track_choice.decision_point:
        return framework.track_choice.decision_point
    return min(points.values(), key=lambda level: height(framework, level) or 0)


def track_view(framework: Framework, level_id: str) -> TrackView | None:
    """The track choice seen from ``level_id``; None below the level tracks branch from, or when no track branches.

    On the main track the options are its next level and the first level of every track branching at or below
    this level. On a branched track they are its own next level, the first levels of the other branched tracks,
    and a way back to the main track at the same height (M1 back to L4): the guides note people switch paths.
    """
    level = get_level(framework, level_id)
    branches = branch_points(framework)
    here = height(framework, level.id)
    if not branches or here is None:
        return None
    lowest = min(height(framework, origin) or 0 for origin in branches.values())
    if here < lowest:
        return None
    options = [_option(framework, level, target) for target in _destinations(framework, level, branches, here)]
    choice = framework.track_choice
    return TrackView(
        level=level.id,
        level_title=level.title,
        track=level.track,
        decision_point=choice.decision_point
        if choice
        else min(branches.values(), key=lambda lv: height(framework, lv) or 0),
        summary=Cited(choice.summary, cite(framework, choice.sources)) if choice else None,
        options=options,
        considerations=[cited(framework, item) for item in choice.considerations] if choice else [],
    )


def _destinations(framework: Framework, level: Level, branches: dict[str, str], here: int) -> list[Level]:
    """The levels one can move to from ``level``, one per track, own track first."""
    found: list[Level] = []
    own = track_levels(framework, level.track)
    position = [item.id for item in own].index(level.id)
    if position + 1 < len(own):
        found.append(own[position + 1])
    main = main_track_id(framework)
    for track in framework.tracks:
        if track.id == level.track:
            continue
        if track.id == main:
            levels = ic_levels(framework)
            found.append(levels[min(here, len(levels) - 1)])  # back to the main track at the same height
        elif track.id in branches and (height(framework, branches[track.id]) or 0) <= here:
            found.append(track_levels(framework, track.id)[0])
    return found


def _option(framework: Framework, start: Level, end: Level) -> TrackOption:
    comparison = compare_levels(framework, start.id, end.id)
    track = _track(framework, end.track)
    choice = framework.track_choice
    path = choice.paths.get(end.track) if choice else None
    known = {item.text.casefold() for item in start.responsibilities}
    return TrackOption(
        track=track.id,
        track_name=track.name,
        kind=track.kind,
        level=end.id,
        level_title=end.title,
        same_track=end.track == start.track,
        summary=end.summary,
        path=cited(framework, path) if path else None,
        new_competencies=[_appearing(framework, item) for item in comparison.new_competencies],
        raised=comparison.raised,
        shifted=comparison.shifted,
        responsibilities=[cited(framework, item) for item in end.responsibilities if item.text.casefold() not in known],
        time_now=[allocation(framework, item) for item in start.time_allocation],
        time_there=[allocation(framework, item) for item in end.time_allocation],
    )


def _appearing(framework: Framework, item: NewCompetency) -> Appearing:
    sources = cite(framework, item.sources)
    return Appearing(item.competency, item.name, item.after, item.description, item.markers, sources)


def _track(framework: Framework, track_id: str) -> Track:
    return next(track for track in framework.tracks if track.id == track_id)


def cited(framework: Framework, item: SourcedText) -> Cited:
    """A sourced text of the framework with its citations."""
    return Cited(item.text, cite(framework, item.sources))


def allocation(framework: Framework, item: TimeAllocation) -> Allocation:
    """A time allocation of the framework with its citations."""
    return Allocation(dict(item.activities), cite(framework, item.sources))


# -- JSON ------------------------------------------------------------------------------------------------------


def track_view_data(view: TrackView) -> dict[str, Any]:
    """The view as JSON data (keys in docs/tracks.md); sources by title, never by file."""
    return {
        "level": view.level,
        "level_title": view.level_title,
        "track": view.track,
        "decision_point": view.decision_point,
        "summary": cited_data(view.summary) if view.summary else None,
        "options": [_option_data(option) for option in view.options],
        "considerations": [cited_data(item) for item in view.considerations],
    }


def _option_data(option: TrackOption) -> dict[str, Any]:
    return {
        "track": option.track,
        "track_name": option.track_name,
        "kind": option.kind,
        "level": option.level,
        "level_title": option.level_title,
        "same_track": option.same_track,
        "summary": option.summary,
        "path": cited_data(option.path) if option.path else None,
        "new_competencies": [
            {
                "competency": item.competency,
                "name": item.name,
                "expected": item.expected,
                "description": item.description,
                "markers": item.markers,
                "sources": titles_data(item.sources),
            }
            for item in option.new_competencies
        ],
        "raised": [_change_data(change) for change in option.raised],
        "shifted": [_change_data(change) for change in option.shifted],
        "responsibilities": [cited_data(item) for item in option.responsibilities],
        "time_now": [allocation_data(item) for item in option.time_now],
        "time_there": [allocation_data(item) for item in option.time_there],
    }


def _change_data(change: ExpectationChange) -> dict[str, Any]:
    return {
        "competency": change.competency,
        "name": change.name,
        "before": change.before,
        "after": change.after,
        "markers": change.markers,
    }


def cited_data(item: Cited) -> dict[str, Any]:
    return {"text": item.text, "sources": titles_data(item.sources)}


def allocation_data(item: Allocation) -> dict[str, Any]:
    return {"activities": item.activities, "sources": titles_data(item.sources)}
