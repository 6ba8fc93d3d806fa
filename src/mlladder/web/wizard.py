"""The self-assessment wizard of the web app: the terminal questionnaire's steps as pages.

As in the terminal (:mod:`mlladder.cli.wizard`): a few questions about the person, then one page per
competency where they pick the behavioural description that fits their work best (or skip it), then a summary
to review before anything is saved. The answers so far live in the signed session cookie, so nothing half done
reaches the database; the profile itself enforces every limit, so the web and the terminal accept the same input.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, MutableMapping, Sequence
from typing import Any

from pydantic import BaseModel, Field, ValidationError

from mlladder import Competency, Framework, Goal, InputError, Profile
from mlladder.assess.questions import (
    answers_profile,
    asked_competencies,
    goal_answer,
    profile_number,
    region_answer,
    specialisation_answer,
)
from mlladder.assess.standing import Standing, standing_answer, standing_of, standing_values
from mlladder.store.people import clean_name

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
    InputError says what to fix. ``specialisation`` holds the ids of the boxes ticked."""
    years = profile_number(form.get("years_experience", ""), "years_experience")
    if years is None:
        raise InputError("years of experience: type a number from 0 to 60, e.g. 3 or 4.5")
    hours_text = form.get("weekly_hours", "").strip()
    hours = profile_number(hours_text, "weekly_hours") if hours_text else None
    if hours_text and hours is None:
        raise InputError("hours per week: type a number above 0 and up to 80, or leave it empty")
    goal = goal_answer(framework, form.get("goal_kind", ""), form.get("goal_level", ""), form.get("goal_from", ""))
    try:
        chosen = specialisation_answer(framework, list(specialisation))
    except InputError as error:
        raise InputError(f"specialisation: {error}") from None
    try:
        region = region_answer(form.get("region", ""))
    except InputError as error:
        raise InputError(f"region: {error}") from None
    standing = standing_answer(
        form.get("in_level_since", ""), form.get("passed_over", ""), form.get("sponsor", ""), today or dt.date.today()
    )
    return Background(
        name=_name(form.get("name")),
        current_title=_text(form.get("current_title")),
        years_experience=years,
        weekly_hours=hours,
        goal=goal,
        specialisation=chosen,
        region=region,
        in_level_since=standing.in_level_since,
        passed_over=list(standing.passed_over),
        sponsor=standing.sponsor,
    )


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
        raise InputError(
            "name: it holds only control characters (fix: type the name you go by, or leave it empty)"
        ) from None


def _text(value: str | None) -> str | None:
    cleaned = " ".join((value or "").split())
    return cleaned[:200] or None


def asked(framework: Framework, state: WizardState) -> list[Competency]:
    """The competencies this wizard has a page for: the main track's, plus those of the track the goal aims at."""
    return asked_competencies(framework, state.background.goal)


def choose(framework: Framework, state: WizardState, index: int, action: str, choice: str | None) -> WizardState:
    """Apply one competency page's answer: a chosen description (next), skip (leave unrated) or back (no change).

    InputError when "next" comes without a choice, so the page can ask again.
    """
    competency = asked(framework, state)[index]
    ratings = dict(state.ratings)
    if action == "skip":
        ratings.pop(competency.id, None)
    elif action == "next":
        if choice is None or not choice.strip().isdigit() or int(choice) not in competency.scale:
            raise InputError("Pick the description that fits best, or skip this competency.")
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
