"""A person's profile: years of experience, ratings per competency from one or more raters, evidence, goals.

Profiles are YAML or JSON files validated like framework files: unknown keys are errors, and every reference
(competency, level, skill) must exist in the framework the profile is assessed against.
"""

from __future__ import annotations

import datetime as dt
import difflib
import json
from collections.abc import Iterable
from pathlib import Path
from typing import Annotated, Any, Literal

import yaml
from pydantic import ConfigDict, Field, Strict, StringConstraints, field_validator, model_validator

from mlladder.documents import Found, Loc, dotted, load_document, validate_document
from mlladder.errors import Problem, ProfileError
from mlladder.files import write_atomically
from mlladder.framework.cache import derived
from mlladder.framework.schema import Framework, Identifier, Model, Proficiency, Text
from mlladder.limits import MAX_WEEKLY_HOURS, MIN_WEEKLY_HOURS, is_future
from mlladder.validation_messages import COUNTRY_CODE

__all__ = [
    "BACKGROUNDS",
    "EvidenceItem",
    "Goal",
    "Profile",
    "PromotionReview",
    "RaterId",
    "check_profile",
    "goal_level",
    "load_profile",
    "rater_kind",
    "save_profile",
    "skill_lookup",
    "validate_profile_data",
]

RATER_KINDS = ("self", "manager", "peer", "evidence")
# "evidence" holds ratings read from documents (resumes, brag documents); it is noisier than any person.
RaterId = Annotated[str, StringConstraints(pattern=r"^(self|manager|peer|evidence)(-[A-Za-z0-9_]+)?$")]
# Dates arrive as date objects from YAML and as ISO strings from JSON; both are accepted.
Date = Annotated[dt.date, Strict(False)]
Region = Annotated[str, StringConstraints(pattern=COUNTRY_CODE)]  # ISO 3166 country code, as in pay data


class EvidenceItem(Model):
    """A dated achievement in the person's own words, optionally tagged with the competencies it shows."""

    text: Text
    date: Date | None = None
    competencies: list[Identifier] = Field(default_factory=list)


class PromotionReview(Model):
    """One promotion decision about the person: promoted, or passed over (considered, not promoted)."""

    date: Date
    outcome: Literal["promoted", "passed-over"]
    note: Text | None = None


GOAL_KINDS = ("next-level", "level", "get-hired", "move-into-ml")
GoalKind = Literal["next-level", "level", "get-hired", "move-into-ml"]
Background = Literal["data-science", "backend", "research", "other"]
BACKGROUNDS: tuple[str, ...] = ("data-science", "backend", "research", "other")


class Goal(Model):
    """What the person wants next: the next level (the default), a named level on any track (``level`` holds a
    level id, or a track id meaning that track's first level), to get hired (at ``level`` if given), or to move
    into ML from another field (``from``).

    In a file it is written in full (``{kind: move-into-ml, from: backend}``) or as one word: ``next-level``,
    ``get-hired``, ``move-into-ml``, or a level or track id (``L4``, ``management``)."""

    model_config = ConfigDict(validate_by_alias=True, validate_by_name=True, serialize_by_alias=True)

    kind: GoalKind
    level: Identifier | None = None
    from_: Background | None = Field(default=None, alias="from", description="move-into-ml: the field one comes from")

    @model_validator(mode="before")
    @classmethod
    def _one_word(cls, value: Any) -> Any:
        """``goal: L4`` is ``{kind: level, level: L4}``; ``goal: get-hired`` is ``{kind: get-hired}``."""
        if isinstance(value, str):
            word = value.strip()
            return {"kind": word} if word in GOAL_KINDS and word != "level" else {"kind": "level", "level": word}
        return value

    @model_validator(mode="after")
    def _fields_fit_the_kind(self) -> Goal:
        if self.kind == "level" and self.level is None:
            raise ValueError("a goal of kind 'level' names the level (fix: add level: L4, say)")
        if self.from_ is not None and self.kind != "move-into-ml":
            raise ValueError("'from' goes with the goal move-into-ml (fix: remove it, or set kind: move-into-ml)")
        if self.level is not None and self.kind in ("next-level", "move-into-ml"):
            raise ValueError(f"a goal of kind '{self.kind}' takes no level (fix: use kind: level)")
        return self


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
    target_level: Identifier | None = Field(default=None, description="Kept for old profiles: goal {level: ...}.")
    weekly_hours: Annotated[float, Field(ge=MIN_WEEKLY_HOURS, le=MAX_WEEKLY_HOURS)] | None = None
    specialisation: list[Identifier] = Field(
        default_factory=list, description="What one works on: ids of the framework's specialisations."
    )
    goal: Goal | None = None
    region: Region | None = Field(default=None, description="Where one works, as a country code (US, DE, IN, ...).")
    promotion_reviews: list[PromotionReview] = Field(
        default_factory=list, description="Promotion decisions, each with its date and outcome, in any order."
    )
    sponsor: bool | None = Field(
        default=None, description="Whether someone senior argues for the person's promotion; absent: not said."
    )

    def reviews_at_level(self) -> list[PromotionReview]:
        """The reviews since the person reached their current level, oldest first: after ``in_level_since`` when
        given, else after the latest promotion (a review on that day decided the promotion, so it is left out)."""
        reviews = sorted(self.promotion_reviews, key=lambda review: review.date)
        promoted = [review.date for review in reviews if review.outcome == "promoted"]
        since = self.in_level_since or (promoted[-1] if promoted else None)
        return [review for review in reviews if since is None or review.date > since]

    @field_validator("specialisation", mode="before")
    @classmethod
    def _one_or_more(cls, value: Any) -> Any:
        """``specialisation: nlp`` is a list of one."""
        return [value] if isinstance(value, str) else value

    @field_validator("region", mode="before")
    @classmethod
    def _upper_case(cls, value: Any) -> Any:
        return value.strip().upper() if isinstance(value, str) else value


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
    specialisations = {specialisation.id for specialisation in framework.specialisations}

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
        for index, chosen in enumerate(_list(data.get("specialisation"))):
            if isinstance(chosen, str) and chosen not in specialisations:
                found.append(_unknown(("specialisation", index), "specialisation", chosen, specialisations))
        if profile is not None and profile.goal is not None:
            found.extend(_goal_problems(profile, framework))
        if profile is not None:
            found.extend(_future_dates(profile))
            found.extend(_promotions_after_level(profile))
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


def goal_level(goal: Goal | None, framework: Framework) -> str | None:
    """The level a goal names: a level id as it is, a track id as that track's first level; None if it names
    none (no goal, kinds next-level and move-into-ml, or get-hired without a level) or names nothing the framework
    has."""
    if goal is None or goal.level is None:
        return None
    if any(level.id == goal.level for level in framework.levels):
        return goal.level
    return next((level.id for level in framework.levels if level.track == goal.level), None)


def _goal_problems(profile: Profile, framework: Framework) -> list[Found]:
    goal = profile.goal
    assert goal is not None
    if goal.level is not None and goal_level(goal, framework) is None:
        known = [*(level.id for level in framework.levels), *(track.id for track in framework.tracks)]
        return [_unknown(("goal", "level"), "level or track", goal.level, known)]
    target = goal_level(goal, framework)
    if profile.target_level is not None and target is not None and target != profile.target_level:
        message = f"target_level {profile.target_level} and goal {target} disagree"
        return [(("target_level",), message, "keep one of them (goal is the newer way to say it)")]
    return []


def _future_dates(profile: Profile, today: dt.date | None = None) -> list[Found]:
    """Reaching a level and an achievement have happened: a date after today is a typing mistake (2999 for 2024)."""
    fix = "give the date it happened (today or earlier)"
    found: list[Found] = []
    if profile.in_level_since is not None and is_future(profile.in_level_since, today):
        found.append((("in_level_since",), f"{profile.in_level_since.isoformat()} is in the future", fix))
    for index, item in enumerate(profile.evidence):
        if item.date is not None and is_future(item.date, today):
            found.append((("evidence", index, "date"), f"{item.date.isoformat()} is in the future", fix))
    for index, review in enumerate(profile.promotion_reviews):
        if is_future(review.date, today):
            found.append((("promotion_reviews", index, "date"), f"{review.date.isoformat()} is in the future", fix))
    return found


def _promotions_after_level(profile: Profile) -> list[Found]:
    """A promotion after ``in_level_since`` contradicts it: the current level was reached at the latest promotion."""
    since = profile.in_level_since
    if since is None:
        return []
    return [
        (
            ("promotion_reviews", index, "date"),
            f"a promotion on {review.date.isoformat()} is after in_level_since {since.isoformat()}",
            "set in_level_since to the date of the latest promotion, or correct this review's date or outcome",
        )
        for index, review in enumerate(profile.promotion_reviews)
        if review.outcome == "promoted" and review.date > since
    ]


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


def save_profile(profile: Profile, path: Path) -> None:
    """Write ``profile`` as YAML, or as JSON if ``path`` ends in .json; the file is replaced whole or not at all."""
    path = Path(path).expanduser()
    if path.suffix.lower() == ".json":
        text = json.dumps(_document(profile, "json"), indent=2, ensure_ascii=False) + "\n"
    else:
        text = yaml.safe_dump(_document(profile, "python"), sort_keys=False, allow_unicode=True, width=110)
    write_atomically(path, text)


def _document(profile: Profile, mode: Literal["json", "python"]) -> dict[str, Any]:
    """The profile as tidy plain data: no empty or default fields, whole numbers without '.0'.

    ``python`` mode keeps dates as date objects, which YAML writes as plain ISO dates.
    """
    data = profile.model_dump(mode=mode, exclude_none=True, exclude_defaults=True)
    # The schema version is a default, but a file without it could not be migrated later.
    document = {"schema_version": profile.schema_version, **data}
    return {key: _compact(value) for key, value in document.items()}


def _compact(value: Any) -> Any:
    return int(value) if isinstance(value, float) and value.is_integer() else value
