"""All the guidance for one person, in one result: what ``mlladder guide``, the report and the web's guidance
page show beside the placement, the gaps and the plan.

Each part is computed by its own module (pay, diagnosis, interview preparation, tracks, moves into ML and getting
hired); this module only decides which parts apply to the person and for which level.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from mlladder.assess.gaps import GapReport, gaps
from mlladder.assess.placement import Assessment
from mlladder.assess.profile import Profile
from mlladder.framework.schema import Framework
from mlladder.guidance.diagnosis import Diagnosis, diagnose
from mlladder.guidance.interview import InterviewPrep, interview_prep, interview_prep_data
from mlladder.guidance.moves import HiringGuidance, MoveGuidance, get_hired, hiring_data, move_data, move_into_ml
from mlladder.guidance.person_pay import PersonPay, pay_for_person, person_pay_data
from mlladder.guidance.tracks import TrackView, track_view, track_view_data
from mlladder.guidance.views import diagnosis_data

__all__ = ["PersonGuidance", "person_guidance", "person_guidance_data"]


@dataclass(frozen=True)
class PersonGuidance:
    """The guidance for one person: pay now and at the target, the situations recognised, the interview
    preparation for the target level, from Senior up what changes on each track, and the move into ML or the job
    search when that is the goal."""

    level: str
    target: str
    pay: PersonPay
    diagnosis: Diagnosis
    interview: InterviewPrep
    tracks: TrackView | None  # from the level tracks branch from up: what changes on each track
    move: MoveGuidance | None
    hiring: HiringGuidance | None


def interview_level(report: GapReport, move: MoveGuidance | None, hiring: HiringGuidance | None) -> str:
    """The level to prepare interviews for: the first ML role when moving into ML, the level being hired at when
    getting hired, else the target (the next interview a person faces is for the level they aim at)."""
    if move is not None:
        return move.first_role.level
    return hiring.level if hiring is not None else report.target


def person_guidance(
    framework: Framework,
    profile: Profile,
    assessment: Assessment,
    report: GapReport | None = None,
    *,
    region: str | None = None,
    today: dt.date | None = None,
) -> PersonGuidance:
    """Every part of the guidance that applies to the person. ``report`` is the gap report the rest of the output
    shows (so the interview focus and the target agree with it); without it, the gaps to the assessment's target."""
    report = report or gaps(profile, framework, assessment=assessment)
    move = move_into_ml(framework, profile, assessment)
    hiring = get_hired(framework, profile, assessment, region=region)
    level = interview_level(report, move, hiring)
    return PersonGuidance(
        level=assessment.level,
        target=report.target,
        pay=pay_for_person(framework, profile, assessment, report.target, region=region),
        diagnosis=diagnose(framework, profile, assessment, today),
        interview=interview_prep(framework, level, [gap.competency for gap in report.gaps]),
        tracks=track_view(framework, assessment.level),
        move=move,
        hiring=hiring,
    )


def person_guidance_data(guidance: PersonGuidance) -> dict[str, Any]:
    """The JSON view (``mlladder guide --format json``; keys in docs/guidance.md)."""
    return {
        "level": guidance.level,
        "target": guidance.target,
        "pay": person_pay_data(guidance.pay),
        "diagnosis": diagnosis_data(guidance.diagnosis),
        "interview": interview_prep_data(guidance.interview),
        "tracks": None if guidance.tracks is None else track_view_data(guidance.tracks),
        "move": None if guidance.move is None else move_data(guidance.move),
        "hiring": None if guidance.hiring is None else hiring_data(guidance.hiring),
    }
