"""The self-assessment wizard of the web app: the terminal questionnaire's steps as pages.

As in the terminal (:mod:`mlladder.cli.wizard`): a few questions about the person, then one page per
competency where they pick the behavioural description that fits their work best (or skip it), then a summary
to review before anything is saved. The answers so far live in the signed session cookie, so nothing half done
reaches the database; the profile itself enforces every limit, so the web and the terminal accept the same input.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator, Mapping, MutableMapping, Sequence
from contextlib import contextmanager
from typing import Any

from pydantic import BaseModel, Field, ValidationError

from mlladder import Competency, Framework, Goal, InputError, Profile
from mlladder.assess.questions import (
    BACKGROUND_NAMES,
    GOAL_CHOICES,
    answers_profile,
    asked_competencies,
    find_level,
    goal_answer,
    profile_number,
    region_answer,
    specialisation_answer,
)
from mlladder.assess.standing import (
    Standing,
    date_answer,
    passed_over_answer,
    sponsor_answer,
    standing_of,
    standing_values,
)
from mlladder.errors import FieldError, clipped
from mlladder.store.people import clean_name
from mlladder.web.forms import advice_of

__all__ = [
    "WizardState",
    "asked",
    "background_from_form",
    "choose",
    "clear",
    "form_values",
    "keep",
    "load",
    "profile",
    "standing_summary",
    "start_from",
]

SESSION_KEY = "wizard"
RATER = "self"


class Background(BaseModel):
    """The answers to the questions asked before the competency pages (a wizard begun before the goal, the
    specialisations and the region were asked still loads: unknown keys are ignored, these are empty)."""

    name: str | None = None
    current_title: str | None = None
    years_experience: float
    weekly_hours: float | None = None
    goal: Goal | None = None
    specialisation: list[str] = Field(default_factory=list)
    region: str | None = None
    in_level_since: dt.date | None = None
    passed_over: list[dt.date] = Field(default_factory=list)
    sponsor: bool | None = None


class WizardState(BaseModel):
    person_id: int
    background: Background
    ratings: dict[str, int] = {}


def load(session: Mapping[str, Any], person_id: int) -> WizardState | None:
    """The wizard in progress for this person, if any (a damaged or foreign one counts as none)."""
    data = session.get(SESSION_KEY)
    try:
        state = WizardState.model_validate(data)
    except ValidationError:
        return None
    return state if state.person_id == person_id else None


def keep(session: MutableMapping[str, Any], state: WizardState) -> None:
    session[SESSION_KEY] = state.model_dump(mode="json")


def clear(session: MutableMapping[str, Any]) -> None:
    session.pop(SESSION_KEY, None)


def background_from_form(
    framework: Framework, form: Mapping[str, str], specialisation: Sequence[str] = (), today: dt.date | None = None
) -> Background:
    """The first page's answers, checked by the same rules as a profile file and the terminal questionnaire;
    a :class:`~mlladder.errors.FieldError` names the form field to fix (``years_experience``, ``goal_level``, ...)
    and says what to enter there. ``specialisation`` holds the ids of the boxes ticked."""
    years = profile_number(form.get("years_experience", ""), "years_experience")
    if years is None:
        raise FieldError(
            "years of experience: type a number from 0 to 60, e.g. 3 or 4.5",
            "years_experience",
            "enter a number from 0 to 60, such as 3 or 4.5",
        )
    hours_text = form.get("weekly_hours", "").strip()
    hours = profile_number(hours_text, "weekly_hours") if hours_text else None
    if hours_text and hours is None:
        raise FieldError(
            "hours per week: type a number above 0 and up to 80, or leave it empty",
            "weekly_hours",
            "enter a number above 0 and up to 80, or leave it empty",
        )
    kind, level, origin = form.get("goal_kind", ""), form.get("goal_level", ""), form.get("goal_from", "")
    with _about(_goal_field(framework, kind, level, origin), "goal: "):
        goal = goal_answer(framework, kind, level, origin)
    with _about("specialisation", "specialisation: "):
        chosen = specialisation_answer(framework, list(specialisation))
    region = _region(form.get("region", ""))
    today = today or dt.date.today()
    with _about("in_level_since", "at this level since: "):
        since = date_answer(form.get("in_level_since", ""), today)
    with _about("passed_over", "passed over: "):
        passed_over = passed_over_answer(form.get("passed_over", ""), today, since)
    with _about("sponsor", "sponsor: "):
        sponsor = sponsor_answer(form.get("sponsor", ""))
    return Background(
        name=_name(form.get("name")),
        current_title=_text(form.get("current_title")),
        years_experience=years,
        weekly_hours=hours,
        goal=goal,
        specialisation=chosen,
        region=region,
        in_level_since=since,
        passed_over=list(passed_over),
        sponsor=sponsor,
    )


@contextmanager
def _about(field: str, prefix: str) -> Iterator[None]:
    """An answer's InputError, tied to the form field it is about: its message led by ``prefix`` (as the
    terminal says it) and its fix in the form's words, so the page can show it beside that field."""
    try:
        yield
    except InputError as error:
        said = str(error).removeprefix(prefix)
        raise FieldError(f"{prefix}{said}", field, advice_of(InputError(said))) from None


def _goal_field(framework: Framework, kind: str, level: str, origin: str) -> str:
    """Which of the goal's three lists a refused goal is about, so the message stands beside the one to change:
    the goal itself when it is none of the choices; the field one comes from when it is unknown or goes with
    another goal than moving into ML; the level otherwise (unknown, missing, or given to a goal that takes none).
    The level is named first when it is unknown, as :func:`goal_answer` checks it before the field."""
    kind, level, origin = kind.strip(), level.strip(), origin.strip()
    kind = kind or ("move-into-ml" if origin else "level")
    if kind not in dict(GOAL_CHOICES):
        return "goal_kind"
    if level and find_level(framework, level) is None:
        return "goal_level"
    if origin and (kind != "move-into-ml" or origin not in BACKGROUND_NAMES):
        return "goal_from"
    return "goal_level"


def _region(text: str) -> str | None:
    """The region typed, as a country code; a FieldError says what a form expects instead."""
    try:
        return region_answer(text)
    except InputError as error:
        raise FieldError(
            f"region: {error}",
            "region",
            f"'{clipped(text.strip(), 40)}' is not a country code: type two letters such as US, GB, DE or IN, "
            "or leave it empty",
        ) from None


def form_values(background: Background | None) -> dict[str, str]:
    """The first page's fields filled from earlier answers (empty without any)."""
    goal = background.goal if background else None
    return {
        "name": (background.name if background else None) or "",
        "current_title": (background.current_title if background else None) or "",
        "years_experience": f"{background.years_experience:g}" if background else "",
        "weekly_hours": f"{background.weekly_hours:g}" if background and background.weekly_hours else "",
        "goal_kind": goal.kind if goal else "",
        "goal_level": (goal.level if goal else None) or "",
        "goal_from": (goal.from_ if goal else None) or "",
        "region": (background.region if background else None) or "",
        **standing_values(_standing(background) if background else None),
    }


def _standing(background: Background) -> Standing:
    return Standing(background.in_level_since, tuple(background.passed_over), background.sponsor)


def _name(value: str | None) -> str | None:
    """The name typed, as the person will be called (it is saved on them); None when left empty."""
    typed = _text(value)
    if typed is None:
        return None
    try:
        return clean_name(typed)
    except InputError:
        raise FieldError(
            "name: it holds only control characters (fix: type the name you go by, or leave it empty)",
            "name",
            "it holds only control characters; type the name you go by, or leave it empty",
        ) from None


def _text(value: str | None) -> str | None:
    cleaned = " ".join((value or "").split())
    return cleaned[:200] or None


def asked(framework: Framework, state: WizardState) -> list[Competency]:
    """The competencies this wizard has a page for: the main track's, plus those of the track the goal aims at."""
    return asked_competencies(framework, state.background.goal)


def choose(framework: Framework, state: WizardState, index: int, action: str, choice: str | None) -> WizardState:
    """Apply one competency page's answer: a chosen description (next), skip (leave unrated) or back (no change).

    A FieldError (field ``choice``) when "next" comes without a choice, so the page can ask again.
    """
    competency = asked(framework, state)[index]
    ratings = dict(state.ratings)
    if action == "skip":
        ratings.pop(competency.id, None)
    elif action == "next":
        if choice is None or not choice.strip().isdigit() or int(choice) not in competency.scale:
            raise FieldError(
                "Pick the description that fits best, or skip this competency.",
                "choice",
                "pick the description that fits best, or skip this competency",
            )
        ratings[competency.id] = int(choice)
    elif action != "back":
        raise InputError(f"unknown action '{action}' (fix: use next, back or skip)")
    return state.model_copy(update={"ratings": ratings})


def start_from(framework: Framework, person_id: int, profile: Profile | None) -> WizardState | None:
    """A wizard pre-filled from an earlier profile (its own ratings become the current choices), if there is one."""
    if profile is None or profile.years_experience is None:
        return None
    own = profile.ratings.get(RATER, {})
    known = {competency.id for competency in framework.competencies}
    goal = profile.goal
    if goal is None and profile.target_level is not None:  # an older profile: its target is a goal now
        goal = Goal(kind="level", level=profile.target_level)
    standing = standing_of(profile)
    background = Background(
        name=profile.name,
        current_title=profile.current_title,
        years_experience=profile.years_experience,
        weekly_hours=profile.weekly_hours,
        goal=goal,
        specialisation=list(profile.specialisation),
        region=profile.region,
        in_level_since=standing.in_level_since,
        passed_over=list(standing.passed_over),
        sponsor=standing.sponsor,
    )
    return WizardState(person_id=person_id, background=background, ratings={k: v for k, v in own.items() if k in known})


def profile(framework: Framework, state: WizardState) -> Profile:
    """The answers as a profile: ratings under ``self``, in the framework's order."""
    return answers_profile(framework, state.background, RATER, state.ratings)


def standing_summary(background: Background) -> dict[str, str]:
    """The answers about where the person stands, as the summary page lists them."""
    sponsor = {None: "not said", True: "yes", False: "no"}[background.sponsor]
    return {
        "At this level since": background.in_level_since.isoformat() if background.in_level_since else "not said",
        "Passed over since": ", ".join(day.isoformat() for day in background.passed_over) or "none given",
        "Someone senior argues for you": sponsor,
    }
