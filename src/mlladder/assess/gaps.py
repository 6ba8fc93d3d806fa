"""The gap to a target level: what falls short, ranked by how much closing it would help, and how to close it."""

from __future__ import annotations

import math
from typing import NamedTuple

from mlladder.assess.model import DEFAULT_SETTINGS, ModelSettings, placement_model
from mlladder.assess.placement import Assessment, Result, assess, log_likelihoods, rating_pairs
from mlladder.assess.priorities import Shortfall, is_changer, shortfalls, target_for
from mlladder.assess.profile import Profile, skill_lookup
from mlladder.framework.cache import derived
from mlladder.framework.ladder import (
    fits_specialisation,
    focus_skills,
    get_level,
    height,
    ic_levels,
    level_competencies,
    skills_in_prerequisite_order,
    track_levels,
)
from mlladder.framework.schema import Framework, Skill

__all__ = ["Gap", "GapReport", "SkillRef", "default_target", "gaps", "skill_dependents"]

SKILLS_PER_GAP = 3
FOUNDATIONS_SHORTFALL = 1.0  # a career changer this far below on a core competency starts from its base skills


class _Person(NamedTuple):
    """What skill suggestions depend on besides the gap: skills one has, specialisations, the guides' focus."""

    owned: set[str]
    chosen: list[str]
    focus: list[str]


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
    gain: float  # rise in P(at or above target) if this gap alone were closed (0 off the main track)
    odds_gain: float  # the same as a factor on the odds of reaching the target (1 off the main track)
    below_placed: bool = False  # below the placed level's expectation too: it comes first
    core_first: bool = False  # a core competency of someone moving into ML: it leads the order
    skills: list[SkillRef]  # taxonomy skills that evidence it, in prerequisite order
    markers: list[str]  # what the target level's evidence looks like


class GapReport(Result):
    framework: str
    level: str  # placed level
    target: str
    target_title: str
    probability_at_target: float | None  # P(at or above target) now; None for a target off the main track
    gaps: list[Gap]
    met: list[str]  # competencies already at the target expectation
    unrated: list[str]
    note: str = ""  # what the numbers mean together, in words (placed on balance, a target off the main track)


def default_target(
    framework: Framework,
    assessment: Assessment | None = None,
    profile: Profile | None = None,
    wanted: str | None = None,
) -> str:
    """The level gaps, plans and packets aim at: ``wanted`` when one is asked for; else the assessment's target,
    the profile's goal or the level above the placed one (the rules: :mod:`mlladder.assess.priorities`), with
    someone not assessed yet taken as placed at the main track's first level."""
    if wanted:
        return get_level(framework, wanted).id
    if assessment is not None and assessment.target:
        return assessment.target
    person = profile or Profile(framework=framework.id)
    if assessment is None:  # not assessed yet: as if placed at the main track's first level
        main_track = [level.id for level in ic_levels(framework)]
        return target_for(person, framework, main_track[0], main_track)
    return target_for(person, framework, assessment.level, list(assessment.probabilities))


def gaps(
    profile: Profile,
    framework: Framework,
    target: str | None = None,
    assessment: Assessment | None = None,
    settings: ModelSettings = DEFAULT_SETTINGS,
) -> GapReport:
    """Each competency below the target's expectation, by how much, in the order to raise them."""
    assessment = assessment or assess(profile, framework, settings)
    model = placement_model(framework, settings)
    target_id = default_target(framework, assessment, profile, target)
    pairs = rating_pairs(profile)
    changer = is_changer(profile)
    log_prior = model.log_prior(None if changer else profile.years_experience)
    table = log_likelihoods(model, pairs)
    placed = model.level_ids.index(assessment.level)
    found = shortfalls(model, pairs, log_prior, table, target_id, placed, changer)
    person = _Person(
        owned={skill_lookup(framework)[name.casefold()] for name in profile.skills},
        chosen=list(profile.specialisation),
        focus=focus_skills(framework, assessment.level, target_id),
    )
    listed = [_gap(framework, item, target_id, person) for item in found]
    short = {gap.competency for gap in listed}
    on_track = target_id in model.level_ids
    return GapReport(
        framework=framework.id,
        level=assessment.level,
        target=target_id,
        target_title=get_level(framework, target_id).title,
        probability_at_target=assessment.at_or_above[target_id] if on_track else None,
        gaps=listed,
        met=[c.id for c in level_competencies(framework, target_id) if c.id not in short],
        unrated=[c for c in assessment.unrated if c in short],
        note=_note(assessment, target_id, on_track, framework),
    )


def _gap(framework: Framework, item: Shortfall, target: str, person: _Person) -> Gap:
    competency = framework.competencies[item.position]
    foundations = item.core_first and item.expected - (item.current or 0.0) >= FOUNDATIONS_SHORTFALL
    return Gap(
        competency=competency.id,
        name=competency.name,
        current=None if item.current is None else round(item.current, 3),
        expected=item.expected,
        shortfall=round(item.expected - (item.current or 0.0), 3),
        gain=round(item.gain, 6),
        odds_gain=round(item.odds_gain, 4) if item.odds_gain else 1.0,
        below_placed=item.below_placed,
        core_first=item.core_first,
        skills=skills_for(framework, competency.id, target, person.owned, person.chosen, person.focus, foundations),
        markers=list(competency.expectations[target].markers),
    )


def _note(assessment: Assessment, target: str, on_track: bool, framework: Framework) -> str:
    """The words that keep the figures from contradicting each other."""
    parts = []
    if assessment.below:
        parts.append(
            f"Placed {assessment.level} on balance, but below the {assessment.level} expectation in "
            f"{len(assessment.below)} of {len(assessment.competencies)} competencies: those gaps come first."
        )
    if not on_track:
        parts.append(
            f"{target} is off the main track, so there is no probability of being there; gaps are measured "
            "against its expectations."
        )
    return " ".join(parts)


def skills_for(
    framework: Framework,
    competency: str,
    target: str,
    owned: set[str],
    chosen: list[str],
    focus: list[str],
    foundations: bool = False,
) -> list[SkillRef]:
    """A few skills to learn for a competency, in prerequisite order.

    Only skills that fit the person: not already theirs, expected no later than the target, and general or of a
    specialisation they chose; one per category. Preferred: skills the guides name for this step, then skills whose main
    competency this is, expected closest to the target (or, for ``foundations``, the earliest first: someone far
    below on a core competency starts at its base), named by a source rather than added editorially, and
    foundational (other skills build on them).
    """
    main = [level.id for level in ic_levels(framework)]
    rank = _skill_ranks(framework, target)
    # A target off the main track: any main-track level's skills, and its own track's up to it; closest first.
    ceiling = rank[target] if target in main else len(main) - 1
    aim = rank.get(target, ceiling)
    dependents = skill_dependents(framework)
    focused = {skill: position for position, skill in enumerate(focus)}
    candidates = [
        skill
        for skill in framework.skills
        if competency in skill.competencies
        and skill.id not in owned
        and rank.get(skill.typical_level, math.inf) <= max(ceiling, aim)
        and fits_specialisation(framework, skill.id, chosen)
    ]

    def preference(skill: Skill) -> tuple[int, int, bool, bool, int, str]:
        level = rank[skill.typical_level]
        # Foundations: the earliest skills that most others build on, whatever the step's focus.
        first, second = (level, 0) if foundations else (focused.get(skill.id, len(focused)), abs(aim - level))
        editorial = all(source == "mlladder-editorial" for source in skill.sources)
        return first, second, skill.competencies[0] != competency, editorial, -dependents.get(skill.id, 0), skill.name

    candidates.sort(key=preference)
    chosen_skills = skills_in_prerequisite_order(framework, _one_per_category(candidates))
    return [
        SkillRef(id=s.id, name=s.name, typical_level=s.typical_level, prerequisites=s.prerequisites)
        for s in chosen_skills
    ]


def _skill_ranks(framework: Framework, target: str) -> dict[str, int]:
    """Level -> height for the levels whose skills may be suggested towards ``target``: the main track, plus the
    target's own track up to the target when it is another track (people-management skills towards M1, not M3)."""
    main = [level.id for level in ic_levels(framework)]
    ranks = {level: position for position, level in enumerate(main)}
    track = get_level(framework, target).track
    for level in track_levels(framework, track):
        found = height(framework, level.id)
        if level.id not in ranks and found is not None:
            ranks[level.id] = found
        if level.id == target:
            break
    return ranks


def _one_per_category(ranked: list[Skill]) -> list[Skill]:
    """The first ``SKILLS_PER_GAP`` skills, one per category: skills of one category are often alternatives
    (PyTorch or TensorFlow, AWS or GCP), and learning both is rarely the next step."""
    chosen: list[Skill] = []
    for skill in ranked:
        if all(skill.category != other.category for other in chosen):
            chosen.append(skill)
            if len(chosen) == SKILLS_PER_GAP:
                break
    return chosen


def skill_dependents(framework: Framework) -> dict[str, int]:
    """How many main-track skills list each skill as a prerequisite."""

    def build() -> dict[str, int]:
        counts: dict[str, int] = {}
        main = {level.id for level in ic_levels(framework)}
        # Only main-track skills count: a manager's skill building on mentoring does not make mentoring more
        # foundational for an engineer, and the engineer's suggestions stay as they were.
        for skill in (item for item in framework.skills if item.typical_level in main):
            for prerequisite in skill.prerequisites:
                counts[prerequisite] = counts.get(prerequisite, 0) + 1
        return counts

    return derived(framework, "skill-dependents", build)
