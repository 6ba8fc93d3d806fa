"""Invented people, each with what a coach would expect of their placement, first steps and plan.

Every file in tests/advice/people/ holds a profile and an ``expect`` block. The checks below are the same for
everyone (a bounded plan, no domain skill outside the person's specialisations, one ordered first list) plus the
expectations written beside each person.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import pytest
import yaml

from mlladder import Framework, assess, gaps, plan
from mlladder.assess.profile import Profile, validate_profile_data
from mlladder.framework.ladder import domain_skills

PEOPLE = sorted((Path(__file__).parent / "people").glob("*.yaml"))
START = dt.date(2027, 1, 4)


def person(path: Path, ladder: Framework) -> tuple[Profile, dict[str, Any]]:
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    return validate_profile_data(data["profile"], ladder, name=path.name), data["expect"]


def months_between(start: dt.date, end: dt.date) -> float:
    return (end - start).days / 30.44


def test_there_are_enough_people_of_every_kind(ml_ladder: Framework) -> None:
    profiles = [person(path, ml_ladder)[0] for path in PEOPLE]
    assert len(profiles) >= 12
    goals = {p.goal.kind if p.goal else "next-level" for p in profiles}
    assert goals == {"next-level", "level", "get-hired", "move-into-ml"}
    backgrounds = {p.goal.from_ for p in profiles if p.goal and p.goal.kind == "move-into-ml"}
    assert {"data-science", "backend", "research"} <= backgrounds
    levels = {assess(p, ml_ladder).level for p in profiles}
    assert {"L1", "L2", "L3", "L4"} <= levels
    assert len({s for p in profiles for s in p.specialisation}) >= 6


@pytest.mark.parametrize("path", PEOPLE, ids=[path.stem for path in PEOPLE])
def test_what_a_coach_would_expect(path: Path, ml_ladder: Framework) -> None:
    profile, expect = person(path, ml_ladder)
    assessment = assess(profile, ml_ladder)
    report = gaps(profile, ml_ladder, assessment=assessment)
    growth = plan(profile, ml_ladder, start=START, assessment=assessment)
    first = [gap.competency for gap in report.gaps]
    levels = list(assessment.probabilities)

    # For everyone: one ordered list, a bounded plan, only one's own specialisations' domain skills.
    assert assessment.first == first
    assert growth.deadline is not None and growth.plan_complete <= growth.deadline
    assert all("in progress" not in milestone.title for milestone in growth.milestones)
    domains = domain_skills(ml_ladder)
    suggested = [skill.id for gap in report.gaps for skill in gap.skills] + [
        activity.skill for activity in growth.activities if activity.skill
    ]
    chosen = set(profile.specialisation)
    assert [skill for skill in suggested if skill in domains and not domains[skill] & chosen] == []

    assert assessment.level in expect["levels"], assessment.summary
    if "confidence" in expect:
        assert assessment.confidence.label in expect["confidence"], assessment.confidence
    if "target" in expect:
        assert report.target == expect["target"]
    if expect.get("target_one_above_placement"):
        assert levels.index(report.target) == levels.index(assessment.level) + 1
    if expect.get("capped"):
        assert assessment.cap is not None and "core competencies" in assessment.cap.reason
    if expect.get("off_track"):
        assert report.probability_at_target is None and "off the main track" in report.note
    if "first_two" in expect:
        assert first[:2] == expect["first_two"]
    for competency in expect.get("first_three_include", []):
        assert competency in first[:3], first
    if "first_activity_competency" in expect:
        assert growth.activities[0].competencies == [expect["first_activity_competency"]]
    if "skills_include_any" in expect:
        assert set(expect["skills_include_any"]) & set(suggested), suggested
    if "max_plan_months" in expect:
        assert months_between(START, growth.plan_complete) <= expect["max_plan_months"]
    if expect.get("plan_within_window"):
        window = growth.timeline.realistic_dates
        assert window is not None and growth.plan_complete <= window[1]
    if "deadline_basis_contains" in expect:
        assert expect["deadline_basis_contains"] in growth.deadline_basis
    for kind in expect.get("kinds_include", []):
        assert kind in {activity.kind for activity in growth.activities}
    for fragment in expect.get("titles_exclude", []):
        assert not [a.title for a in growth.activities if fragment in a.title], fragment
    if "reason_contains" in expect:
        assert any(expect["reason_contains"] in reason for reason in assessment.confidence.reasons)
    if "below_count" in expect:
        assert len(assessment.below) == expect["below_count"]
    if "summary_contains" in expect:
        assert expect["summary_contains"] in assessment.summary
    if expect.get("first_five_are_below"):
        assert set(first[: len(assessment.below)]) == set(assessment.below)
