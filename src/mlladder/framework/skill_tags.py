"""Skills as people write them in a tag list ("Feature Store, pytorch, K8s"), turned into the framework's skill ids.

A name, an id or an alias is accepted in any case, with spaces, hyphens and underscores read alike. A list typed
before commas were the rule ("pytorch kubernetes mlflow") still works when every word is a skill. Anything else
is refused with the closest names, so the person can correct one tag instead of guessing ids.
"""

from __future__ import annotations

import re

from rapidfuzz import fuzz

from mlladder.errors import FieldError, clipped
from mlladder.framework.schema import Framework, Skill
from mlladder.framework.skills import search_skills

__all__ = ["SKILLS_FIELD", "skill_ids_from_names", "skill_key"]

SKILLS_FIELD = "skills"  # the name the error carries, as a form's field
MAX_SUGGESTED = 3


def skill_key(name: str) -> str:
    """How two spellings of a skill compare: any case, and '-', '_' and runs of spaces alike."""
    return re.sub(r"[\s_-]+", " ", name.casefold()).strip()


def _skill_index(framework: Framework) -> dict[str, str]:
    """Every spelling of every skill -> its id; an id wins over a name, a name over an alias, when two skills
    share a spelling."""
    ids = [(skill.id, skill.id) for skill in framework.skills]
    names = [(skill.name, skill.id) for skill in framework.skills]
    aliases = [(alias, skill.id) for skill in framework.skills for alias in skill.aliases]
    index: dict[str, str] = {}
    for spelling, skill_id in [*ids, *names, *aliases]:
        index.setdefault(skill_key(spelling), skill_id)
    return index


def skill_ids_from_names(framework: Framework, text: str) -> list[str]:
    """'Feature Store, pytorch, K8s' -> ['feature-store', 'pytorch', 'kubernetes'], each once, in the order given.

    Raises :class:`~mlladder.errors.FieldError` (field ``skills``) for the first part that names no skill."""
    index = _skill_index(framework)
    found: list[str] = []
    for part in (piece.strip() for piece in text.split(",")):
        if part:
            found.extend(_ids_of_part(framework, index, part))
    return list(dict.fromkeys(found))


def _ids_of_part(framework: Framework, index: dict[str, str], part: str) -> list[str]:
    whole = index.get(skill_key(part))
    if whole is not None:
        return [whole]
    words = [index.get(skill_key(word)) for word in part.split()]
    if len(words) > 1 and all(words):  # an older, space-separated list of ids
        return [word for word in words if word]
    raise _unknown(framework, part)


def _unknown(framework: Framework, part: str) -> FieldError:
    close = _suggestions(framework, part)
    said = f"no skill named '{clipped(part, 40)}'"
    if close:
        advice = f"{said} — did you mean {_either([skill.name for skill in close])}?"
        hint = f"did you mean {_either([repr(skill.name) for skill in close])}?"
    else:
        advice = f"{said} — check the spelling, or look the skill up on the skills page"
        hint = "check the spelling, or search the skills list"
    return FieldError(f"{said} (fix: {hint})", field=SKILLS_FIELD, advice=advice)


def _suggestions(framework: Framework, part: str) -> list[Skill]:
    """The skills whose names contain what was typed, else the closest names; the nearest spelling first."""
    wanted = skill_key(part)

    def nearness(skill: Skill) -> float:
        return max(fuzz.ratio(wanted, skill_key(name)) for name in (skill.name, skill.id, *skill.aliases))

    return sorted(search_skills(framework, part).skills, key=nearness, reverse=True)[:MAX_SUGGESTED]


def _either(names: list[str]) -> str:
    """['A'] -> 'A'; ['A', 'B', 'C'] -> 'A, B or C'."""
    return names[0] if len(names) == 1 else f"{', '.join(names[:-1])} or {names[-1]}"
