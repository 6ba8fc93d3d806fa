"""A person's profile: years of experience, ratings per competency from one or more raters, evidence, goals.

Profiles are YAML or JSON files validated like framework files: unknown keys are errors, and every reference
(competency, level, skill) must exist in the framework the profile is assessed against.
"""

from __future__ import annotations

import datetime as dt
import difflib
from collections.abc import Iterable
from pathlib import Path
from typing import Annotated, Any, Literal

from pydantic import Field, Strict, StringConstraints

from mlladder.documents import Found, Loc, dotted, load_document, validate_document
from mlladder.errors import Problem, ProfileError
from mlladder.framework.cache import derived
from mlladder.framework.schema import Framework, Identifier, Model, Proficiency, Text
from mlladder.limits import MAX_WEEKLY_HOURS, MIN_WEEKLY_HOURS, is_future

RATER_KINDS = ("self", "manager", "peer", "evidence")
# "evidence" holds ratings read from documents (resumes, brag documents); it is noisier than any person.
RaterId = Annotated[str, StringConstraints(pattern=r"^(self|manager|peer|evidence)(-[A-Za-z0-9_]+)?$")]
# Dates arrive as date objects from YAML and as ISO strings from JSON; both are accepted.
Date = Annotated[dt.date, Strict(False)]


class EvidenceItem(Model):
    """A dated achievement in the person's own words, optionally tagged with the competencies it shows."""

    text: Text
    date: Date | None = None
    competencies: list[Identifier] = Field(default_factory=list)


class Profile(Model):
    """Everything an assessment needs to know about one person."""

    schema_version: Literal[1] = 1
    name: str | None = None
    current_title: str | None = None
    framework: Identifier | None = Field(default=None, description="Id of the framework the ratings are for.")
    years_experience: Annotated[float, Field(ge=0, le=60)] | None = None
    in_level_since: Date | None = Field(default=None, description="When the person reached their current level.")
    ratings: dict[RaterId, dict[Identifier, Proficiency]] = Field(
        default_factory=dict, description="Rater (self, manager, peer, peer-2, evidence, ...) -> competency id -> 0-4."
    )
    evidence: list[EvidenceItem] = Field(default_factory=list)
    skills: list[Text] = Field(default_factory=list, description="Skills the person has: ids, names or aliases.")
    target_level: Identifier | None = None
    weekly_hours: Annotated[float, Field(ge=MIN_WEEKLY_HOURS, le=MAX_WEEKLY_HOURS)] | None = None


def rater_kind(rater: str) -> str:
    """'peer-2' -> 'peer'."""
    return rater.split("-", 1)[0]


def _unknown(loc: Loc, kind: str, value: str, known: Iterable[str]) -> Found:
    close = difflib.get_close_matches(value, sorted(known), n=1)
    suggestion = f"did you mean '{close[0]}'?" if close else f"use one of: {', '.join(sorted(known))}"
    return loc, f"unknown {kind} '{value}'", suggestion


def skill_lookup(framework: Framework) -> dict[str, str]:
    """Every skill id, name and alias (case-folded) -> skill id."""

    def build() -> dict[str, str]:
        lookup: dict[str, str] = {}
        for skill in framework.skills:
            for name in (skill.id, skill.name, *skill.aliases):
                lookup.setdefault(name.casefold(), skill.id)
        return lookup

    return derived(framework, "skill-lookup", build)


def profile_checks(framework: Framework) -> Any:
    """The cross-reference checks of a profile against ``framework`` (for :func:`validate_document`)."""
    competencies = {competency.id for competency in framework.competencies}
    levels = {level.id for level in framework.levels}
    skills = skill_lookup(framework)

    def check(data: dict[str, Any], profile: Profile | None) -> list[Found]:
        found: list[Found] = []
        ratings = data.get("ratings")
        if isinstance(ratings, dict):
            for rater, given in ratings.items():
                for competency in given if isinstance(given, dict) else {}:
                    if isinstance(competency, str) and competency not in competencies:
                        found.append(_unknown(("ratings", rater, competency), "competency", competency, competencies))
        target = data.get("target_level")
        if isinstance(target, str) and target not in levels:
            found.append(_unknown(("target_level",), "level", target, levels))
        if profile is not None:
            found.extend(_future_dates(profile))
        named = data.get("framework")
        if isinstance(named, str) and named != framework.id:
            message = f"the profile is for framework '{named}', not '{framework.id}'"
            found.append((("framework",), message, f"assess it with --framework {named}, or change this field"))
        for index, skill in enumerate(_list(data.get("skills"))):
            if isinstance(skill, str) and skill.casefold() not in skills:
                found.append(_unknown(("skills", index), "skill", skill, [s.id for s in framework.skills]))
        for index, item in enumerate(_list(data.get("evidence"))):
            for position, competency in enumerate(_list(item.get("competencies") if isinstance(item, dict) else [])):
                if isinstance(competency, str) and competency not in competencies:
                    loc = ("evidence", index, "competencies", position)
                    found.append(_unknown(loc, "competency", competency, competencies))
        return found

    return check


def _future_dates(profile: Profile, today: dt.date | None = None) -> list[Found]:
    """Reaching a level and an achievement have happened: a date after today is a typing mistake (2999 for 2024)."""
    fix = "give the date it happened (today or earlier)"
    found: list[Found] = []
    if profile.in_level_since is not None and is_future(profile.in_level_since, today):
        found.append((("in_level_since",), f"{profile.in_level_since.isoformat()} is in the future", fix))
    for index, item in enumerate(profile.evidence):
        if item.date is not None and is_future(item.date, today):
            found.append((("evidence", index, "date"), f"{item.date.isoformat()} is in the future", fix))
    return found


def _list(value: Any) -> list[Any]:
    """A field that should be a list, or nothing to check (the model reports the wrong type)."""
    return value if isinstance(value, list) else []


_FIX_EMPTY = "write a profile in YAML or JSON (see docs/profile-format.md)"
_TOP_LEVEL_HINT = "write keys such as 'years_experience:' and 'ratings:' at the top level"


def load_profile(path: str | Path, framework: Framework) -> Profile:
    """Load and validate a profile file against ``framework``; raise :class:`ProfileError` listing every problem."""
    return load_document(
        Path(path),
        Profile,
        "profile file",
        profile_checks(framework),
        fix_empty=_FIX_EMPTY,
        top_level_hint=_TOP_LEVEL_HINT,
        error=ProfileError,
    )


def validate_profile_data(data: Any, framework: Framework, name: str = "<profile>") -> Profile:
    """Validate a profile given as plain data (e.g. one JSONL line); raise :class:`ProfileError`."""
    profile, problems = validate_document(data, Profile, name, None, profile_checks(framework), _TOP_LEVEL_HINT)
    if problems or profile is None:
        raise ProfileError(problems)
    return profile


def check_profile(profile: Profile, framework: Framework) -> None:
    """Raise :class:`ProfileError` if a profile built in code refers to things the framework lacks."""
    found = profile_checks(framework)(profile.model_dump(mode="json"), profile)
    if found:
        raise ProfileError([Problem("<profile>", None, dotted(loc), message, hint) for loc, message, hint in found])
