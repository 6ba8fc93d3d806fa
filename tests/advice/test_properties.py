"""Properties every assessment and plan keeps, whatever the profile: the figures never contradict each other, the
plan stays within its bound, and only the person's specialisations bring domain skills."""

from __future__ import annotations

import datetime as dt
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from mlladder import Framework, Profile, assess, builtin_framework, gaps, plan
from mlladder.assess.model import placement_model
from mlladder.assess.placement import rating_pairs
from mlladder.assess.priorities import core_cap, estimates_of
from mlladder.framework.ladder import domain_skills, level_competencies

LADDER = builtin_framework()
COMPETENCIES = [competency.id for competency in LADDER.competencies]
SPECIALISATIONS = [item.id for item in LADDER.specialisations]
START = dt.date(2027, 1, 4)
GOALS = st.one_of(
    st.none(),
    st.sampled_from(["next-level", "get-hired", "L2", "L3", "L4", "L5", "M1", "A1", "management"]),
    st.builds(
        lambda background: {"kind": "move-into-ml", "from": background},
        st.sampled_from(["data-science", "backend", "research", "other"]),
    ),
)


@st.composite
def profiles(draw: st.DrawFn) -> Profile:
    raters = draw(st.lists(st.sampled_from(["self", "manager", "peer"]), min_size=1, max_size=3, unique=True))
    ratings = {
        rater: draw(st.dictionaries(st.sampled_from(COMPETENCIES), st.integers(0, 4), min_size=1)) for rater in raters
    }
    data: dict[str, Any] = {"ratings": ratings}
    if draw(st.booleans()):
        data["years_experience"] = draw(st.floats(0, 25))
    if draw(st.booleans()):
        data["in_level_since"] = draw(st.dates(dt.date(2012, 1, 1), dt.date(2026, 11, 30)))
    goal = draw(GOALS)
    if goal is not None:
        data["goal"] = goal
    data["specialisation"] = draw(st.lists(st.sampled_from(SPECIALISATIONS), max_size=2, unique=True))
    if draw(st.booleans()):
        data["evidence"] = [{"text": "Shipped a model to production"}]
    return Profile.model_validate(data)


PROPERTY = settings(max_examples=120, deadline=None)


@PROPERTY
@given(profile=profiles())
def test_placement_status_meets_level_and_gaps_never_contradict(profile: Profile) -> None:
    assessment = assess(profile, LADDER)
    below = [c.id for c in assessment.competencies if c.status == "below"]
    assert assessment.below == below
    levels = list(assessment.probabilities)
    if assessment.meets_level is not None:
        # Meeting every expectation of a level at or above the placed one leaves nothing below the placed level.
        meets_at_or_above = levels.index(assessment.meets_level) >= levels.index(assessment.level)
        assert meets_at_or_above == (not below)
    if below:
        assert f"Placed {assessment.level} on balance" in assessment.summary
    else:
        assert "on balance" not in assessment.summary
    report = gaps(profile, LADDER, assessment=assessment)
    assert [gap.competency for gap in report.gaps] == assessment.first
    # Every competency the target expects is met or a gap (at M1 also the management track's own competencies).
    expected = {c.id for c in level_competencies(LADDER, report.target)}
    assert set(report.met) | {gap.competency for gap in report.gaps} == expected
    assert report.target == assessment.target
    if report.target == assessment.level:
        # A gap to one's own level is a competency below it, and nothing else.
        assert {gap.competency for gap in report.gaps} == set(below) | {
            c.id for c in assessment.competencies if c.status == "unrated"
        }
    consolidating = [gap.below_placed for gap in report.gaps]
    core = [gap.competency for gap in report.gaps if _core(gap.competency)]
    changer = profile.goal is not None and profile.goal.kind == "move-into-ml"
    ordered = report.gaps[len(core) :] if changer else report.gaps
    flags = [gap.below_placed for gap in ordered]
    assert flags == sorted(flags, reverse=True), consolidating  # every "below the placed level" comes first


@PROPERTY
@given(profile=profiles())
def test_confidence_is_high_only_with_two_views_and_nothing_below(profile: Profile) -> None:
    assessment = assess(profile, LADDER)
    views = len(profile.ratings) + (1 if profile.evidence else 0)
    if assessment.confidence.label == "high":
        assert views >= 2 and not assessment.below and assessment.cap is None
    if views < 2:
        assert any("one view" in reason for reason in assessment.confidence.reasons)
    assert all(reason and not reason[0].isupper() for reason in assessment.confidence.reasons)  # read after "because"


@PROPERTY
@given(profile=profiles())
def test_a_career_changer_is_never_placed_above_the_core(profile: Profile) -> None:
    assessment = assess(profile, LADDER)
    if profile.goal is None or profile.goal.kind != "move-into-ml":
        assert assessment.cap is None
        return
    model = placement_model(LADDER)
    cap = core_cap(model, estimates_of(model, rating_pairs(profile)))
    assert cap is not None
    levels = list(assessment.probabilities)
    assert levels.index(assessment.level) <= cap
    assert all(probability == 0 for probability in list(assessment.probabilities.values())[cap + 1 :])
    assert set(assessment.prior.values()) == {assessment.prior[levels[0]]}  # no years prior for a changer


@PROPERTY
@given(profile=profiles(), hours=st.floats(1, 80), start=st.dates(dt.date(2026, 1, 1), dt.date(2030, 12, 31)))
def test_a_plan_always_fits_its_bound(profile: Profile, hours: float, start: dt.date) -> None:
    growth = plan(profile, LADDER, weekly_hours=hours, start=start)
    assert growth.deadline is not None and growth.plan_complete <= growth.deadline
    weeks = ((growth.deadline - start).days + 1) / 7
    assert growth.total_hours <= weeks * hours + 1e-6
    if growth.left_out:
        assert growth.full_weekly_hours is not None and growth.full_weekly_hours >= round(hours, 1) - 0.05
    else:
        assert growth.full_weekly_hours is None
    assert growth.next_90_days == [a.id for a in growth.activities if (a.start - start).days < 90]
    assert all(milestone.done for milestone in growth.milestones)
    domains = domain_skills(LADDER)
    for activity in growth.activities:
        if activity.skill in domains:
            assert domains[activity.skill] & set(profile.specialisation), activity.title
    for gap in growth.gaps.gaps:
        for skill in gap.skills:
            assert skill.id not in domains or domains[skill.id] & set(profile.specialisation), skill.id


def _core(competency: str) -> bool:
    return next(c for c in LADDER.competencies if c.id == competency).core


def test_the_properties_see_the_ladder_they_assume(ml_ladder: Framework) -> None:
    assert [c.id for c in ml_ladder.competencies if c.core] == ["ml-fundamentals", "deep-learning"]
    assert len(SPECIALISATIONS) >= 10
