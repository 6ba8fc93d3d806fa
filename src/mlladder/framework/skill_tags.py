"""Skills as people write them in a tag list ("Feature Store, pytorch, K8s"), turned into the framework's skill ids.

A name, an id or an alias is accepted in any case, with spaces, hyphens and underscores read alike. A list typed
before commas were the rule ("pytorch kubernetes mlflow") still works when every word is a skill. Anything else
is refused with the closest names, so the person can correct one tag instead of guessing ids. A list that comes
as a list (the JSON API's ``skills``) is read the same way, one skill per item, and every item that names no skill
is refused at once (:class:`UnknownSkills`).
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from rapidfuzz import fuzz

from mlladder.errors import FieldError, clipped
from mlladder.framework.schema import Framework, Skill
from mlladder.framework.skills import search_skills

__all__ = ["SKILLS_FIELD", "UnknownSkill", "UnknownSkills", "skill_ids_from_list", "skill_ids_from_names", "skill_key"]

SKILLS_FIELD = "skills"  # the name the error carries, as a form's field
MAX_SUGGESTED = 3


class UnknownSkill(FieldError):
    """A tag names no skill of the framework: ``typed`` as it was written, ``closest`` the skills it may mean
    (nearest first; empty when nothing is near), and ``position`` its place in a list given as a list."""

    def __init__(self, message: str, advice: str, typed: str, closest: Sequence[Skill], position: int = 0) -> None:
        super().__init__(message, SKILLS_FIELD, advice)
        self.typed, self.closest, self.position = typed, tuple(closest), position
        self.args = (message, advice, typed, self.closest, position)  # so that the error pickles


class UnknownSkills(FieldError):
    """Some items of a list of skills name no skill; ``unknown`` holds each, in the list's order (the message is
    the first one's)."""

    def __init__(self, unknown: Sequence[UnknownSkill]) -> None:
        first = unknown[0]
        super().__init__(first.message, SKILLS_FIELD, first.advice)
        self.unknown = tuple(unknown)
        self.args = (self.unknown,)


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


def skill_ids_from_list(framework: Framework, names: Sequence[str]) -> list[str]:
    """['Feature Store', 'pytorch', 'K8S'] -> ['feature-store', 'pytorch', 'kubernetes'], each once, in the order
    given: each item one skill by id, name or alias, as in :func:`skill_ids_from_names`.

    Raises :class:`UnknownSkills` naming every item that is no skill, each with the closest skills."""
    index = _skill_index(framework)
    found: list[str] = []
    unknown: list[UnknownSkill] = []
    for position, name in enumerate(names):
        try:
            found.extend(_ids_of_part(framework, index, name.strip()))
        except UnknownSkill as error:
            unknown.append(UnknownSkill(error.message, error.advice, error.typed, error.closest, position))
    if unknown:
        raise UnknownSkills(unknown)
    return list(dict.fromkeys(found))


def _ids_of_part(framework: Framework, index: dict[str, str], part: str) -> list[str]:
    whole = index.get(skill_key(part))
    if whole is not None:
        return [whole]
    words = [index.get(skill_key(word)) for word in part.split()]
    if len(words) > 1 and all(words):  # an older, space-separated list of ids
        return [word for word in words if word]
    raise _unknown(framework, part)


def _unknown(framework: Framework, part: str) -> UnknownSkill:
    close = _suggestions(framework, part)
    said = f"no skill named '{clipped(part, 40)}'"
    if close:
        advice = f"{said} — did you mean {_either([skill.name for skill in close])}?"
        hint = f"did you mean {_either([repr(skill.name) for skill in close])}?"
    else:
        advice = f"{said} — check the spelling, or look the skill up on the skills page"
        hint = "check the spelling, or search the skills list"
    return UnknownSkill(f"{said} (fix: {hint})", advice, part, close)


def _suggestions(framework: Framework, part: str) -> list[Skill]:
    """The skills whose names contain what was typed, else the closest names; the nearest spelling first."""
    wanted = skill_key(part)

    def nearness(skill: Skill) -> float:
        return max(fuzz.ratio(wanted, skill_key(name)) for name in (skill.name, skill.id, *skill.aliases))

    return sorted(search_skills(framework, part).skills, key=nearness, reverse=True)[:MAX_SUGGESTED]


def _either(names: list[str]) -> str:
    """['A'] -> 'A'; ['A', 'B', 'C'] -> 'A, B or C'."""
    return names[0] if len(names) == 1 else f"{', '.join(names[:-1])} or {names[-1]}"
