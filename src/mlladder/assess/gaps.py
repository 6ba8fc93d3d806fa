"""The gap to a target level: what falls short, ranked by how much closing it would help, and how to close it."""

from __future__ import annotations

import math

import numpy as np

from mlladder.assess.model import DEFAULT_SETTINGS, ModelSettings, PlacementModel, normalise, placement_model
from mlladder.assess.placement import Assessment, Result, assess, combined_rating, log_likelihoods, rating_pairs
from mlladder.assess.profile import Profile, skill_lookup
from mlladder.errors import InputError
from mlladder.framework.cache import derived
from mlladder.framework.ladder import get_level, skills_in_prerequisite_order
from mlladder.framework.schema import Framework

SKILLS_PER_GAP = 3


class SkillRef(Result):
    id: str
    name: str
    typical_level: str
    prerequisites: list[str]


class Gap(Result):
    competency: str
    name: str
    current: float | None  # combined rating; None when unrated
    expected: int  # at the target level
    shortfall: float  # expected - current (the whole expectation when unrated)
    gain: float  # rise in P(at or above target) if this gap alone were closed
    odds_gain: float  # the same as a factor on the odds of reaching the target (ranks gaps even when far away)
    skills: list[SkillRef]  # taxonomy skills that evidence it, in prerequisite order
    markers: list[str]  # what the target level's evidence looks like


class GapReport(Result):
    framework: str
    level: str  # placed level
    target: str
    target_title: str
    probability_at_target: float  # P(at or above target) now
    gaps: list[Gap]
    met: list[str]  # competencies already at the target expectation
    unrated: list[str]


def default_target(framework: Framework, assessment: Assessment, profile: Profile) -> str:
    """The profile's target, else the level above the placed one (the placed one if it is the top)."""
    if profile.target_level:
        return get_level(framework, profile.target_level).id
    levels = list(assessment.probabilities)
    position = levels.index(assessment.level)
    return levels[min(position + 1, len(levels) - 1)]


def gaps(
    profile: Profile,
    framework: Framework,
    target: str | None = None,
    assessment: Assessment | None = None,
    settings: ModelSettings = DEFAULT_SETTINGS,
) -> GapReport:
    """Each competency below the target's expectation, by how much, ranked by what closing it is worth."""
    assessment = assessment or assess(profile, framework, settings)
    model = placement_model(framework, settings)
    target_id = get_level(framework, target).id if target else default_target(framework, assessment, profile)
    if target_id not in model.level_ids:
        raise InputError(
            f"level '{target_id}' is not on the main track ({', '.join(model.level_ids)}); "
            "gaps are measured along it (fix: choose a target on that track)"
        )
    column = model.level_ids.index(target_id)
    pairs = rating_pairs(profile)
    log_prior = model.log_prior(profile.years_experience)
    table = log_likelihoods(model, pairs)
    now = float(normalise(log_prior + table.sum(axis=0))[column:].sum())
    owned = {skill_lookup(framework)[name.casefold()] for name in profile.skills}
    found: list[Gap] = []
    met: list[str] = []
    for index, competency in enumerate(framework.competencies):
        expected = int(model.expectations[index, column])
        current = combined_rating(model, pairs.get(competency.id, []))
        if current is not None and current >= expected - settings.meets_tolerance:
            met.append(competency.id)
            continue
        closed = table.copy()
        closed[index] = _closed_row(model, competency.id, pairs.get(competency.id, []), expected)
        after = float(normalise(log_prior + closed.sum(axis=0))[column:].sum())
        found.append(
            Gap(
                competency=competency.id,
                name=competency.name,
                current=None if current is None else round(current, 3),
                expected=expected,
                shortfall=round(expected - (current or 0.0), 3),
                gain=round(after - now, 6),
                odds_gain=round(_odds(after) / _odds(now), 4),
                skills=_skills_for(framework, competency.id, target_id, owned, model),
                markers=list(competency.expectations[target_id].markers),
            )
        )
    found.sort(key=lambda gap: (-gap.odds_gain, -gap.shortfall, gap.competency))
    return GapReport(
        framework=framework.id,
        level=assessment.level,
        target=target_id,
        target_title=get_level(framework, target_id).title,
        probability_at_target=round(now, 6),
        gaps=found,
        met=met,
        unrated=[c for c in assessment.unrated if c not in met],
    )


def _odds(probability: float) -> float:
    probability = min(max(probability, 1e-12), 1 - 1e-12)
    return probability / (1 - probability)


def _closed_row(model: PlacementModel, competency: str, ratings: list[tuple[str, int]], expected: int) -> np.ndarray:
    """The competency's log-likelihood row if every rater now gave the target expectation."""
    raters = [kind for kind, _ in ratings] or ["manager"]
    return model.competency_log_likelihood(competency, [(kind, expected) for kind in raters])


def _skills_for(
    framework: Framework, competency: str, target: str, owned: set[str], model: PlacementModel
) -> list[SkillRef]:
    """A few skills to learn for a competency, in prerequisite order.

    Preferred: skills whose main competency this is, expected closest to (not above) the target level, named by
    a source rather than added editorially, and foundational (other skills build on them).
    """
    rank = {level: position for position, level in enumerate(model.level_ids)}
    ceiling = rank[target]
    dependents = _dependents(framework)
    candidates = [
        skill
        for skill in framework.skills
        if competency in skill.competencies
        and skill.id not in owned
        and rank.get(skill.typical_level, math.inf) <= ceiling
    ]
    candidates.sort(
        key=lambda skill: (
            skill.competencies[0] != competency,
            ceiling - rank[skill.typical_level],
            all(source == "mlladder-editorial" for source in skill.sources),
            -dependents.get(skill.id, 0),
            skill.name,
        )
    )
    chosen = skills_in_prerequisite_order(framework, candidates[:SKILLS_PER_GAP])
    return [
        SkillRef(id=s.id, name=s.name, typical_level=s.typical_level, prerequisites=s.prerequisites) for s in chosen
    ]


def _dependents(framework: Framework) -> dict[str, int]:
    """How many skills list each skill as a prerequisite."""

    def build() -> dict[str, int]:
        counts: dict[str, int] = {}
        for skill in framework.skills:
            for prerequisite in skill.prerequisites:
                counts[prerequisite] = counts.get(prerequisite, 0) + 1
        return counts

    return derived(framework, "skill-dependents", build)
