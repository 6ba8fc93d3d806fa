"""What to raise first, and the level to aim at: one ordered list, the same in the summary, the gaps and the plan.

The rules (also in docs/assessment.md):

- **The target** is the profile's goal: a named level (or a track's first level), the level to be hired at
  (``get-hired``: the named level, else the placed one), for someone moving into ML the level the rest of their
  profile supports (not below their placement, not above the track's second level), else the level above the
  placed one.
- **The order**: for someone moving into ML, the core competencies come first, in the framework's order (they
  lift the placement cap, and everything else builds on them); then the competencies below the *placed* level's
  expectation (the placement leans on the others: these consolidate it); then the rest of the gaps by how much
  closing each alone would multiply the odds of reaching the target; ties by the larger shortfall.
- **Career changers** (goal ``move-into-ml``): years spent in another field say nothing about ML, so the
  years prior is left out; and the placement is capped at the highest level whose core-competency expectations
  the mean of the core ratings meets (an unrated core competency counts as 0). Leadership or design shown
  outside ML cannot lift the ML placement above what the core supports.
"""

from __future__ import annotations

import math
from typing import NamedTuple

import numpy as np

from mlladder.assess.model import PlacementModel, Vector, normalise
from mlladder.assess.profile import Profile, goal_level
from mlladder.framework.ladder import get_level, level_competencies
from mlladder.framework.schema import Framework

__all__ = [
    "Shortfall",
    "capped",
    "combined_rating",
    "core_cap",
    "estimates_of",
    "is_changer",
    "shortfalls",
    "target_for",
]

Pairs = dict[str, list[tuple[str, int]]]


class Shortfall(NamedTuple):
    """One competency below the target's expectation, with what closing it is worth."""

    position: int  # the competency's position in the framework
    current: float | None  # combined rating; None when unrated
    expected: int  # at the target
    below_placed: bool  # below the placed level's expectation too
    core_first: bool  # a core competency of someone moving into ML
    gain: float  # rise in P(at or above target) if it alone were closed (0 off the main track)
    odds_gain: float  # the same as a factor on the odds


def is_changer(profile: Profile) -> bool:
    """Someone moving into the role from another field."""
    return profile.goal is not None and profile.goal.kind == "move-into-ml"


def target_for(
    profile: Profile, framework: Framework, placed: str, main_track: list[str], uncapped: str | None = None
) -> str:
    """The level to aim at (see the module docstring); ``uncapped``: where the whole profile, core cap aside,
    would place someone moving into ML."""
    if profile.target_level:
        return get_level(framework, profile.target_level).id
    goal = profile.goal
    named = goal_level(goal, framework)
    if named is not None:
        return named
    if goal is not None and goal.kind == "get-hired":
        return placed
    position = main_track.index(placed)
    if goal is not None and goal.kind == "move-into-ml":
        # The level the rest of the profile supports, not below the placement, and not above the track's second
        # level: the role is seldom entered higher from another field.
        rest = main_track.index(uncapped) if uncapped is not None else position
        return main_track[max(position, min(rest, 1, len(main_track) - 1))]
    return main_track[min(position + 1, len(main_track) - 1)]


def combined_rating(model: PlacementModel, pairs: list[tuple[str, int]]) -> float | None:
    """Mean of the ratings weighted by rater reliability (1 / noise²)."""
    if not pairs:
        return None
    weights = [1 / model.settings.rater_noise[kind] ** 2 for kind, _ in pairs]
    return sum(w * value for w, (_, value) in zip(weights, pairs, strict=True)) / sum(weights)


def core_cap(model: PlacementModel, estimates: dict[str, float]) -> int | None:
    """The highest main-track level (index) the core competencies support; None without core competencies."""
    core = [index for index, competency in enumerate(model.competencies) if competency.core]
    if not core:
        return None
    mean = sum(estimates.get(model.competency_ids[index], 0.0) for index in core) / len(core)
    expected = model.expectations[core].mean(axis=0)
    tolerance = model.settings.meets_tolerance
    supported = [level for level in range(len(model.level_ids)) if mean >= expected[level] - tolerance]
    return max(supported, default=0)


def capped(probabilities: Vector, cap: int | None) -> Vector:
    """Probabilities with every level above ``cap`` taken out (and the rest renormalised)."""
    if cap is None or cap >= len(probabilities) - 1:
        return probabilities
    kept = probabilities.copy()
    kept[cap + 1 :] = 0.0
    total = kept.sum()
    if total <= 0:  # all the weight sat above the cap: the cap itself is the placement
        kept[cap] = 1.0
        return kept
    result: Vector = kept / total
    return result


def estimates_of(model: PlacementModel, pairs: Pairs) -> dict[str, float]:
    return {c: value for c, ratings in pairs.items() if (value := combined_rating(model, ratings)) is not None}


def shortfalls(
    model: PlacementModel,
    pairs: Pairs,
    log_prior: Vector,
    table: Vector,
    target: str,
    placed: int,
    changer: bool,
) -> list[Shortfall]:
    """Every competency below the target's expectation, in the order to raise them (see the module docstring)."""
    framework = model.framework
    estimates = estimates_of(model, pairs)
    column = model.level_ids.index(target) if target in model.level_ids else None
    now = _chance(model, log_prior, table, estimates, column, changer)
    tolerance = model.settings.meets_tolerance
    found: list[Shortfall] = []
    wanted = {competency.id for competency in level_competencies(framework, target)}
    for position, competency in enumerate(framework.competencies):
        if competency.id not in wanted:
            continue
        expected = competency.expectations[target].proficiency
        current = estimates.get(competency.id)
        if current is not None and current >= expected - tolerance:
            continue
        # A competency of another track only (people management towards M1) has no row in the placement model:
        # it is a gap measured against the target's expectation, with no placement odds attached.
        index = model.index_of.get(competency.id)
        gain = odds = 0.0
        if column is not None and index is not None:
            closed = table.copy()
            raters = [kind for kind, _ in pairs.get(competency.id, [])] or ["manager"]
            closed[index] = model.competency_log_likelihood(competency.id, [(kind, expected) for kind in raters])
            after = _chance(model, log_prior, closed, {**estimates, competency.id: float(expected)}, column, changer)
            gain, odds = after - now, _odds(after) / _odds(now)
        below_placed = (
            index is not None and current is not None and current < model.expectations[index, placed] - tolerance
        )
        found.append(Shortfall(position, current, expected, below_placed, changer and competency.core, gain, odds))
    found.sort(key=_order)
    return found


def _order(item: Shortfall) -> tuple[bool, int, bool, float, float, int]:
    """Core competencies of a career changer first, in the framework's order (fundamentals before what builds
    on them); then below the placed level; then by odds gain and shortfall."""
    core_position = item.position if item.core_first else 0
    odds = -round(item.odds_gain if item.odds_gain else 1.0, 6)
    return (
        not item.core_first,
        core_position,
        not item.below_placed,
        odds,
        -(item.expected - (item.current or 0.0)),
        item.position,
    )


def _chance(
    model: PlacementModel,
    log_prior: Vector,
    table: Vector,
    estimates: dict[str, float],
    column: int | None,
    changer: bool,
) -> float:
    """P(at or above the target column) for these ratings (0 off the main track)."""
    if column is None:
        return 0.0
    probabilities = normalise(log_prior + table.sum(axis=0))
    if changer:
        probabilities = capped(probabilities, core_cap(model, estimates))
    return float(np.asarray(probabilities)[column:].sum())


def _odds(probability: float) -> float:
    probability = min(max(probability, 1e-12), 1 - 1e-12)
    return probability / (1 - probability) if not math.isnan(probability) else 1.0
