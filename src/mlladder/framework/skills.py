"""Finding skills by name, typos included, and everything the ladder says about one skill.

People type skills the way they remember them ("kubernetess", "pytorh", "feature store"): an exact or partial
name finds the skill as before; when nothing contains what was typed, the closest names (by edit similarity, with
rapidfuzz) are offered instead of an empty list. A skill's page gathers what the framework says about it: its
prerequisites and what builds on it, the levels and steps that add it, the specialisations and projects that use it.
"""

from __future__ import annotations

from dataclasses import dataclass

from rapidfuzz import fuzz, process, utils

from mlladder.errors import InputError, clipped
from mlladder.framework.ladder import filter_skills
from mlladder.framework.schema import Framework, Level, PortfolioProject, Skill, SkillCategory, Specialisation
from mlladder.limits import clean_text

__all__ = ["SkillSearch", "SkillUse", "UnknownSkill", "get_skill", "search_skills", "skill_use"]

# A close name must be at least this similar (0-100, rapidfuzz's normalised edit similarity of the whole name) to be
# offered: "kubernetess" scores 95 against "Kubernetes", "pytorh" 92 against "PyTorch", "tensorflw" 75 against
# "TensorFlow Lite", while unrelated words stay under 50. (A partial-match scorer would rank one-letter names
# such as "R" high for any query containing that letter.)
CLOSE_ENOUGH = 75.0
MAX_CLOSE = 8
MAX_QUERY = 100  # no skill name is this long; a pasted page is cut here rather than compared whole


class UnknownSkill(InputError):
    """The framework has no skill with that id."""


@dataclass(frozen=True)
class SkillSearch:
    """What a search found: the skills whose names contain the query, else the closest names (``fuzzy``)."""

    query: str
    skills: list[Skill]
    fuzzy: bool  # True when nothing contained the query and ``skills`` are the close names instead


@dataclass(frozen=True)
class SkillUse:
    """One skill and everything the framework says about it."""

    skill: Skill
    category: SkillCategory | None
    typical_level: Level | None
    prerequisites: list[Skill]  # what to learn first
    leads_to: list[Skill]  # skills that name this one as a prerequisite
    added_on_steps: list[tuple[Level, Level]]  # the (from, to) level steps whose focus adds this skill
    specialisations: list[Specialisation]
    projects: list[PortfolioProject]


def _names(skill: Skill) -> tuple[str, ...]:
    return (skill.name, skill.id, *skill.aliases)


def _contains(skill: Skill, wanted: str) -> bool:
    return any(wanted in name.casefold() for name in _names(skill))


def search_skills(
    framework: Framework,
    query: str | None = None,
    competency: str | None = None,
    level: str | None = None,
    category: str | None = None,
) -> SkillSearch:
    """Skills whose name, id or an alias contains ``query`` (any case) within the filters; when none does, the
    skills with the closest names, best first. An empty query lists every skill within the filters."""
    pool = filter_skills(framework, competency or None, level or None, category or None)
    wanted = clean_text(query or "").strip()[:MAX_QUERY]
    if not wanted:
        return SkillSearch(query="", skills=pool, fuzzy=False)
    folded = wanted.casefold()
    found = [skill for skill in pool if _contains(skill, folded)]
    if found:
        return SkillSearch(query=wanted, skills=found, fuzzy=False)
    return SkillSearch(query=wanted, skills=_closest(pool, wanted), fuzzy=True)


def _closest(pool: list[Skill], wanted: str) -> list[Skill]:
    """The skills with a name close to ``wanted``, best first; each skill once, scored by its closest name."""
    choices = {(index, name): name for index, skill in enumerate(pool) for name in _names(skill)}
    matches = process.extract(
        wanted, choices, scorer=fuzz.ratio, processor=utils.default_process, score_cutoff=CLOSE_ENOUGH, limit=None
    )
    best: dict[int, float] = {}
    for _, score, (index, _name) in matches:
        best[index] = max(score, best.get(index, 0.0))
    ranked = sorted(best, key=lambda index: (-best[index], pool[index].name))
    return [pool[index] for index in ranked[:MAX_CLOSE]]


def get_skill(framework: Framework, skill_id: str) -> Skill:
    """The skill with that id; an unknown id names the closest skills in its fix."""
    found = next((skill for skill in framework.skills if skill.id == skill_id), None)
    if found is not None:
        return found
    close = _closest(list(framework.skills), skill_id)[:3]
    hint = f"did you mean {' or '.join(repr(skill.id) for skill in close)}?" if close else "search the skills list"
    raise UnknownSkill(f"framework '{framework.id}' has no skill '{clipped(skill_id)}' (fix: {hint})")


def skill_use(framework: Framework, skill_id: str) -> SkillUse:
    """Everything the framework says about one skill (see :class:`SkillUse`)."""
    skill = get_skill(framework, skill_id)
    by_id = {item.id: item for item in framework.skills}
    levels = {level.id: level for level in framework.levels}
    return SkillUse(
        skill=skill,
        category=next((item for item in framework.skill_categories if item.id == skill.category), None),
        typical_level=levels.get(skill.typical_level),
        prerequisites=[by_id[item] for item in skill.prerequisites if item in by_id],
        leads_to=[item for item in framework.skills if skill.id in item.prerequisites],
        added_on_steps=[
            (levels[step.from_level], levels[step.to_level])
            for step in framework.transitions
            if skill.id in step.skills_to_add and step.from_level in levels and step.to_level in levels
        ],
        specialisations=[item for item in framework.specialisations if skill.id in item.skills],
        projects=[item for item in framework.portfolio_projects if skill.id in item.skills],
    )
