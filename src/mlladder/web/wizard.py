"""The self-assessment wizard of the web app: the terminal questionnaire's steps as pages.

As in the terminal (:mod:`mlladder.assess.wizard`): a few questions about the person, then one page per
competency where they pick the behavioural description that fits their work best (or skip it), then a summary
to review before anything is saved. The answers so far live in the signed session cookie, so nothing half done
reaches the database; the profile itself enforces every limit, so the web and the terminal accept the same input.
"""

from __future__ import annotations

from collections.abc import Mapping, MutableMapping
from typing import Any

from pydantic import BaseModel, ValidationError

from mlladder.assess.profile import Profile
from mlladder.assess.wizard import answers_profile, profile_number
from mlladder.errors import InputError
from mlladder.framework.ladder import ic_levels
from mlladder.framework.schema import Framework

SESSION_KEY = "wizard"
RATER = "self"


class Background(BaseModel):
    """The answers to the questions asked before the competency pages."""

    name: str | None = None
    current_title: str | None = None
    years_experience: float
    weekly_hours: float | None = None
    target_level: str | None = None


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


def background_from_form(framework: Framework, form: Mapping[str, str]) -> Background:
    """The first page's answers, checked by the same rules as a profile file; InputError says what to fix."""
    years = profile_number(form.get("years_experience", ""), "years_experience")
    if years is None:
        raise InputError("years of experience: type a number from 0 to 60, e.g. 3 or 4.5")
    hours_text = form.get("weekly_hours", "").strip()
    hours = profile_number(hours_text, "weekly_hours") if hours_text else None
    if hours_text and hours is None:
        raise InputError("hours per week: type a number above 0 and up to 80, or leave it empty")
    target = form.get("target_level", "").strip() or None
    if target is not None and target not in {level.id for level in ic_levels(framework)}:
        raise InputError(f"target level: choose one of {', '.join(level.id for level in ic_levels(framework))}")
    return Background(
        name=_text(form.get("name")),
        current_title=_text(form.get("current_title")),
        years_experience=years,
        weekly_hours=hours,
        target_level=target,
    )


def _text(value: str | None) -> str | None:
    cleaned = " ".join((value or "").split())
    return cleaned[:200] or None


def choose(framework: Framework, state: WizardState, index: int, action: str, choice: str | None) -> WizardState:
    """Apply one competency page's answer: a chosen description (next), skip (leave unrated) or back (no change).

    InputError when "next" comes without a choice, so the page can ask again.
    """
    competency = framework.competencies[index]
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
    background = Background(
        name=profile.name,
        current_title=profile.current_title,
        years_experience=profile.years_experience,
        weekly_hours=profile.weekly_hours,
        target_level=profile.target_level,
    )
    return WizardState(person_id=person_id, background=background, ratings={k: v for k, v in own.items() if k in known})


def profile(framework: Framework, state: WizardState) -> Profile:
    """The answers as a profile: ratings under ``self``, in the framework's order."""
    return answers_profile(framework, state.background, RATER, state.ratings)
