"""The questions both questionnaires ask, and how their answers are read.

The terminal questionnaire (:mod:`mlladder.cli.wizard`) and the web wizard (:mod:`mlladder.web.wizard`) ask the
same things: a few questions about the person (years, hours, goal, specialisations, region, where they stand at
their level), then one rating per competency. Each answer is read and checked here once, by the rules of the
profile itself, so the terminal and the web accept and refuse the same text. Nothing here draws a screen.
"""

from __future__ import annotations

import datetime as dt
import difflib
import math
from collections.abc import Sequence
from typing import Protocol

from pydantic import TypeAdapter, ValidationError

from mlladder.assess.profile import BACKGROUNDS, Goal, Profile, PromotionReview, RaterId, goal_level
from mlladder.errors import InputError
from mlladder.framework.ladder import level_competencies, placed_competencies
from mlladder.framework.schema import Competency, Framework

__all__ = [
    "BACKGROUND_NAMES",
    "GOAL_CHOICES",
    "BackgroundAnswers",
    "answers_profile",
    "asked_competencies",
    "check_rater",
    "find_level",
    "goal_answer",
    "goal_kind",
    "goal_text",
    "holds_a_level",
    "profile_number",
    "region_answer",
    "specialisation_answer",
]

_REGION_HINT = "type two letters such as US, GB, DE or IN, or press Enter to skip"
GOAL_CHOICES: tuple[tuple[str, str], ...] = (
    ("next-level", "The next level up (the default)"),
    ("level", "A level on any track"),
    ("get-hired", "Get hired (at a level, if you like)"),
    ("move-into-ml", "Move into ML from another field"),
)
BACKGROUND_NAMES = {"data-science": "data science", "backend": "backend", "research": "research", "other": "other"}


def check_rater(rater: str) -> None:
    """Fail before the first question, not after the last one, if the rater id cannot go in a profile."""
    try:
        TypeAdapter(RaterId).validate_python(rater)
    except ValidationError:
        raise InputError(f"rater '{rater}' is not valid (fix: use self, manager or peer, e.g. peer-2)") from None


def asked_competencies(framework: Framework, goal: Goal | None) -> list[Competency]:
    """The competencies a questionnaire asks about: those placement weighs, plus those of the track the goal aims
    at when it is another one (people management for a goal of M1 or ``management``). Engineers who aim along
    their own track are not asked about managing people."""
    asked = placed_competencies(framework)
    target = goal_level(goal, framework) if goal is not None else None
    if target is None:
        return asked
    extra = {c.id for c in level_competencies(framework, target)} - {c.id for c in asked}
    return [c for c in framework.competencies if c.id in extra or c in asked]


def profile_number(text: str, field: str) -> float | None:
    """The number in ``text`` if it is one the profile accepts for ``field``; the profile owns the limits."""
    try:
        value = float(text.strip().replace(",", "."))  # "4,5" is how half the world writes 4.5
    except ValueError:
        return None
    if not math.isfinite(value):
        return None
    try:
        Profile.model_validate({field: value})
    except ValidationError:
        return None
    return value


def goal_kind(text: str) -> str | None:
    """'2' or 'level' -> 'level'; None for anything that is not one of the four choices."""
    word = text.strip().casefold()
    if word.isdigit() and 1 <= int(word) <= len(GOAL_CHOICES):
        return GOAL_CHOICES[int(word) - 1][0]
    return word if word in {kind for kind, _ in GOAL_CHOICES} else None


def find_level(framework: Framework, text: str) -> str | None:
    """The level or track id ``text`` names, in any case; None if the framework has no such level or track."""
    wanted = text.strip().casefold()
    ids = [level.id for level in framework.levels] + [track.id for track in framework.tracks]
    return next((known for known in ids if known.casefold() == wanted), None)


def goal_answer(framework: Framework, kind: str, level: str, field: str) -> Goal | None:
    """A goal from the three answers of a form (kind, level, the field one comes from); None when all are empty.

    A level alone means that level; a field alone, a move into ML. InputError says what does not fit together."""
    kind, level, field = kind.strip(), level.strip(), field.strip()
    if not kind:
        kind = "move-into-ml" if field else "level" if level else ""
    if not kind:
        return None
    if kind not in {choice for choice, _ in GOAL_CHOICES}:
        raise InputError(f"goal: unknown goal '{kind}' (fix: choose one from the list)")
    found = find_level(framework, level) if level else None
    if level and found is None:
        levels = ", ".join(known.id for known in framework.levels)
        raise InputError(f"goal: there is no level or track '{level}' (fix: choose one of {levels})")
    if field and kind != "move-into-ml":
        raise InputError("goal: the field you come from goes with moving into ML (fix: clear it, or choose that goal)")
    if field and field not in BACKGROUNDS:
        raise InputError(f"goal: unknown field '{field}' (fix: choose one of {', '.join(BACKGROUNDS)})")
    if found is not None and kind in ("next-level", "move-into-ml"):
        label = dict(GOAL_CHOICES)[kind].split(" (")[0].lower()
        raise InputError(f"goal: '{label}' takes no level (fix: clear the level, or choose a level as the goal)")
    if kind == "level" and found is None:
        raise InputError("goal: a level on any track needs the level (fix: choose it in the list of levels)")
    return Goal.model_validate({"kind": kind, "level": found, "from": field or None})


def goal_text(framework: Framework, goal: Goal | None) -> str:
    """A goal in words: 'the next level up', 'L4 Staff ML Engineer', 'get hired at L2', 'move into ML from backend'."""
    titles = {level.id: f"{level.id} {level.title}" for level in framework.levels}
    titles.update({track.id: f"the {track.name} track" for track in framework.tracks})
    if goal is None or goal.kind == "next-level":
        return "the next level up"
    if goal.kind == "level":
        return titles.get(goal.level or "", goal.level or "")
    if goal.kind == "get-hired":
        return f"get hired at {titles.get(goal.level, goal.level)}" if goal.level else "get hired"
    return f"move into ML from {BACKGROUND_NAMES[goal.from_]}" if goal.from_ else "move into ML"


def specialisation_answer(framework: Framework, answers: list[str]) -> list[str]:
    """Specialisation ids from numbers (as listed) or ids in any case, each once, in the order given;
    InputError names the first answer that is neither."""
    known = [specialisation.id for specialisation in framework.specialisations]
    chosen: list[str] = []
    for answer in (item.strip() for item in answers):
        if not answer:
            continue
        if answer.isdigit() and 1 <= int(answer) <= len(known):
            found: str | None = known[int(answer) - 1]
        else:
            found = next((id_ for id_ in known if id_.casefold() == answer.casefold()), None)
        if found is None:
            close = difflib.get_close_matches(answer.casefold(), known, n=1)
            hint = f"did you mean '{close[0]}'?" if close else f"type numbers from 1 to {len(known)} or ids"
            raise InputError(f"unknown specialisation '{answer}' ({hint})")
        if found not in chosen:
            chosen.append(found)
    return chosen


def region_answer(text: str) -> str | None:
    """A country code as the profile accepts it (the profile owns the rule), upper case; None for nothing."""
    if not text.strip():
        return None
    try:
        return Profile.model_validate({"region": text}).region
    except ValidationError:
        raise InputError(f"'{text.strip()}' is not a country code: {_REGION_HINT}") from None


def holds_a_level(years: float, goal: Goal | None) -> bool:
    """Whether the person holds a level to be stuck at: not before a first ML role."""
    return years > 0 and (goal is None or goal.kind not in ("get-hired", "move-into-ml"))


class BackgroundAnswers(Protocol):
    """What both questionnaires (terminal and web) ask before the competency screens."""

    @property
    def name(self) -> str | None: ...
    @property
    def current_title(self) -> str | None: ...
    @property
    def years_experience(self) -> float: ...
    @property
    def weekly_hours(self) -> float | None: ...
    @property
    def goal(self) -> Goal | None: ...
    @property
    def specialisation(self) -> list[str]: ...
    @property
    def region(self) -> str | None: ...
    @property
    def in_level_since(self) -> dt.date | None: ...
    @property
    def passed_over(self) -> Sequence[dt.date]: ...
    @property
    def sponsor(self) -> bool | None: ...


def answers_profile(
    framework: Framework, background: BackgroundAnswers, rater: str, ratings: dict[str, int]
) -> Profile:
    """The answers of a questionnaire as a profile: ratings under ``rater``, in the framework's order."""
    ordered = {c.id: ratings[c.id] for c in framework.competencies if c.id in ratings}  # the framework's order
    return Profile(
        name=background.name,
        current_title=background.current_title,
        framework=framework.id,
        years_experience=background.years_experience,
        ratings={rater: ordered} if ordered else {},
        weekly_hours=background.weekly_hours,
        goal=background.goal,
        specialisation=list(background.specialisation),
        region=background.region,
        in_level_since=background.in_level_since,
        promotion_reviews=[PromotionReview(date=day, outcome="passed-over") for day in background.passed_over],
        sponsor=background.sponsor,
    )
