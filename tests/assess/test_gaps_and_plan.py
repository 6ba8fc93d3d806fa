"""Gaps to a target level and the dated plan that closes them."""

from __future__ import annotations

import datetime as dt

import pytest

from mlladder import Framework, InputError, Profile, builtin_framework, gaps, load_profile, plan
from mlladder.framework.ladder import placed_competencies
from mlladder.plan.planner import add_months, check_start
from tests.conftest import ROOT

LADDER = builtin_framework()
START = dt.date(2027, 1, 4)


def mid_profile() -> Profile:
    return load_profile(ROOT / "examples" / "profiles" / "mid.yaml", LADDER)


def rated(framework: Framework, level: str, **changes: int) -> Profile:
    ratings = {c.id: c.expectations[level].proficiency for c in placed_competencies(framework)}
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
            next(c for c in placed_competencies(LADDER) if c.id == gap.competency).expectations["L3"].markers
        )


def test_explicit_target_and_targets_off_the_main_track() -> None:
    report = gaps(rated(LADDER, "L1"), LADDER, target="L3")
    assert report.target == "L3" and all(gap.expected >= 2 for gap in report.gaps)
    management = gaps(rated(LADDER, "L3"), LADDER, target="M1")
    assert management.probability_at_target is None and "off the main track" in management.note
    # No shared expectation at M1 is above L3's: the gaps are the management track's own competencies.
    track_only = ["people-management", "hiring-and-team-building", "delivery", "organisation-design"]
    assert sorted(gap.competency for gap in management.gaps) == sorted(track_only)
    assert all(gap.current is None and gap.markers and gap.skills for gap in management.gaps)
    leader = gaps(rated(LADDER, "L3", leadership=2, communication=2), LADDER, target="M2")
    assert {gap.competency for gap in leader.gaps[:2]} == {"leadership", "communication"}
    assert all(gap.odds_gain == 1.0 and gap.gain == 0.0 for gap in leader.gaps)


def test_no_gaps_when_the_target_is_met() -> None:
    report = gaps(rated(LADDER, "L3"), LADDER, target="L2")
    assert report.gaps == [] and len(report.met) == len(placed_competencies(LADDER))


def test_plan_schedules_every_activity_after_its_prerequisites() -> None:
    growth = plan(mid_profile(), LADDER, weekly_hours=6, start=START)
    by_id = {activity.id: activity for activity in growth.activities}
    assert growth.activities and growth.start == START
    for activity in growth.activities:
        assert activity.start >= START and activity.end >= activity.start
        assert activity.effort_basis.startswith(("estimate:", "the framework's estimate")) and activity.why
        for prerequisite in activity.depends_on:
            assert by_id[prerequisite].end <= activity.start + dt.timedelta(days=1)
    assert growth.total_hours == pytest.approx(sum(a.effort_hours for a in growth.activities))
    weeks = (growth.plan_complete - START).days / 7
    assert weeks == pytest.approx(growth.total_hours / 6, abs=1.5)
    assert "learn_skill" in {activity.kind for activity in growth.activities}


def test_the_plan_ends_within_the_guides_window_and_says_what_it_left_out() -> None:
    growth = plan(mid_profile(), LADDER, weekly_hours=5, start=START)
    window = growth.timeline.realistic_dates
    assert window is not None and growth.deadline == window[1] and growth.plan_complete <= window[1]
    assert growth.left_out and growth.full_weekly_hours is not None and growth.full_weekly_hours > 5
    every_hour = growth.total_hours + sum(item.effort_hours for item in growth.left_out)
    weeks = ((window[1] - START).days + 1) / 7
    assert growth.full_weekly_hours == pytest.approx(every_hour / weeks, abs=0.05)
    assert growth.next_90_days == [a.id for a in growth.activities if (a.start - START).days < 90]


def test_a_passed_window_gives_twelve_months() -> None:
    veteran = mid_profile().model_copy(update={"in_level_since": dt.date(2018, 1, 1)})
    growth = plan(veteran, LADDER, weekly_hours=5, start=START)
    assert growth.deadline == add_months(START, 12) - dt.timedelta(days=1)
    assert "has passed" in growth.deadline_basis and growth.plan_complete <= growth.deadline


def test_more_hours_a_week_keep_more_of_the_plan() -> None:
    slow = plan(mid_profile(), LADDER, weekly_hours=3, start=START)
    fast = plan(mid_profile(), LADDER, weekly_hours=12, start=START)
    assert slow.deadline is not None and slow.deadline == fast.deadline
    assert slow.plan_complete <= slow.deadline and fast.plan_complete <= slow.deadline
    assert fast.total_hours > slow.total_hours and len(fast.left_out) < len(slow.left_out)


def test_milestones_name_what_is_done_at_the_end_of_a_month() -> None:
    growth = plan(mid_profile(), LADDER, weekly_hours=8, start=START)
    dates = [milestone.date for milestone in growth.milestones]
    assert dates == sorted(dates) and dates[-1] == growth.plan_complete
    assert all(milestone.done and "in progress" not in milestone.title for milestone in growth.milestones)
    assert all(date == growth.plan_complete or (date + dt.timedelta(days=1)).day == START.day for date in dates)
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
