"""Gaps to a target level and the dated plan that closes them."""

from __future__ import annotations

import datetime as dt

import pytest

from mlladder import Framework, InputError, Profile, builtin_framework, gaps, load_profile, plan
from mlladder.plan.planner import add_months, check_start
from tests.conftest import ROOT

LADDER = builtin_framework()
START = dt.date(2027, 1, 4)


def mid_profile() -> Profile:
    return load_profile(ROOT / "examples" / "profiles" / "mid.yaml", LADDER)


def rated(framework: Framework, level: str, **changes: int) -> Profile:
    ratings = {c.id: c.expectations[level].proficiency for c in framework.competencies}
    ratings.update({key.replace("_", "-"): value for key, value in changes.items()})
    return Profile(ratings={"self": ratings, "manager": ratings})


def test_gaps_default_to_the_next_level_and_rank_by_effect() -> None:
    report = gaps(rated(LADDER, "L2", communication=1, mlops=3), LADDER)
    assert (report.level, report.target) == ("L2", "L3")
    assert "mlops" in report.met and "communication" not in report.met
    first = report.gaps[0]
    assert first.competency == "communication" and first.shortfall == pytest.approx(2)
    gains = [gap.odds_gain for gap in report.gaps]
    assert gains == sorted(gains, reverse=True) and gains[0] > gains[-1]


def test_closing_the_top_gap_helps_more_than_closing_the_last() -> None:
    profile = rated(LADDER, "L2", communication=1, leadership=1, mlops=3)
    report = gaps(profile, LADDER)
    top, last = report.gaps[0], report.gaps[-1]
    assert top.gain >= last.gain and top.odds_gain > last.odds_gain


def test_gap_skills_come_in_prerequisite_order_and_skip_owned_skills() -> None:
    profile = rated(LADDER, "L2").model_copy(update={"skills": ["ML System Design"]})
    report = gaps(profile, LADDER, target="L3")
    for gap in report.gaps:
        ids = [skill.id for skill in gap.skills]
        assert "ml-system-design" not in ids
        for position, skill in enumerate(gap.skills):
            assert not set(skill.prerequisites) & set(ids[position + 1 :]), (gap.competency, ids)
        assert gap.markers == list(
            next(c for c in LADDER.competencies if c.id == gap.competency).expectations["L3"].markers
        )


def test_explicit_target_and_targets_off_the_main_track() -> None:
    report = gaps(rated(LADDER, "L1"), LADDER, target="L3")
    assert report.target == "L3" and all(gap.expected >= 2 for gap in report.gaps)
    with pytest.raises(InputError, match="not on the main track"):
        gaps(rated(LADDER, "L3"), LADDER, target="M1")


def test_no_gaps_when_the_target_is_met() -> None:
    report = gaps(rated(LADDER, "L3"), LADDER, target="L2")
    assert report.gaps == [] and len(report.met) == len(LADDER.competencies)


def test_plan_schedules_every_activity_after_its_prerequisites() -> None:
    growth = plan(mid_profile(), LADDER, weekly_hours=6, start=START)
    by_id = {activity.id: activity for activity in growth.activities}
    assert growth.activities and growth.start == START
    for activity in growth.activities:
        assert activity.start >= START and activity.end >= activity.start
        for prerequisite in activity.depends_on:
            assert by_id[prerequisite].end <= activity.start + dt.timedelta(days=1)
    assert growth.total_hours == pytest.approx(sum(a.effort_hours for a in growth.activities))
    weeks = (growth.plan_complete - START).days / 7
    assert weeks == pytest.approx(growth.total_hours / 6, abs=1.5)
    kinds = {activity.kind for activity in growth.activities}
    assert {"learn_skill", "portfolio_project"} <= kinds


def test_more_hours_a_week_finish_sooner() -> None:
    slow = plan(mid_profile(), LADDER, weekly_hours=3, start=START)
    fast = plan(mid_profile(), LADDER, weekly_hours=12, start=START)
    assert fast.plan_complete < slow.plan_complete
    assert fast.total_hours == slow.total_hours


def test_monthly_milestones_cover_the_plan() -> None:
    growth = plan(mid_profile(), LADDER, weekly_hours=8, start=START)
    dates = [milestone.date for milestone in growth.milestones]
    assert dates == sorted(dates) and dates[-1] == growth.plan_complete
    assert dates[0] == add_months(START, 1) - dt.timedelta(days=1)
    done = [activity for milestone in growth.milestones for activity in milestone.done]
    assert sorted(done) == sorted(activity.id for activity in growth.activities)


def test_readiness_is_the_later_of_plan_and_accelerated_timeline() -> None:
    profile = rated(LADDER, "L2", communication=1).model_copy(update={"in_level_since": dt.date(2026, 12, 1)})
    quick = plan(profile, LADDER, weekly_hours=40, start=START)
    assert quick.timeline.accelerated_years == (2, 3) and quick.timeline.realistic_years == (3, 4)
    assert quick.timeline.earliest_by_timeline == dt.date(2028, 12, 1)
    assert (quick.readiness_date, quick.readiness_basis) == (dt.date(2028, 12, 1), "timeline")
    veteran = profile.model_copy(update={"in_level_since": dt.date(2020, 1, 1)})
    slow = plan(veteran, LADDER, weekly_hours=1, start=START)
    assert (slow.readiness_date, slow.readiness_basis) == (slow.plan_complete, "plan")


def test_anchor_is_estimated_from_years_of_experience() -> None:
    profile = rated(LADDER, "L2").model_copy(update={"years_experience": 3.5})
    growth = plan(profile, LADDER, start=START)
    assert growth.timeline.anchor_basis == "years_experience"
    assert growth.timeline.anchor == add_months(START, -18)  # L2 starts at 2 years in every source


def test_bad_hours_and_start_dates() -> None:
    with pytest.raises(InputError, match="weekly hours"):
        plan(mid_profile(), LADDER, weekly_hours=0)
    with pytest.raises(InputError, match="write it as YYYY-MM-DD"):
        check_start("04/01/2027")
