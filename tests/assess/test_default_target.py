"""The level gaps, plans and packets aim at when none is asked for: one rule for the CLI, the web and the store."""

from __future__ import annotations

from mlladder import Framework, Profile, assess, gaps, ic_levels
from mlladder.assess.documents import place_posting
from mlladder.assess.gaps import default_target
from mlladder.assess.profile import Goal
from mlladder.evidence.pipeline import evidence_from_file
from tests.conftest import ROOT

DOCUMENTS = ROOT / "examples" / "documents"


def _rated(framework: Framework, rating: int, goal: Goal | None = None) -> Profile:
    ratings = {competency.id: rating for competency in framework.competencies}
    return Profile(framework=framework.id, years_experience=3, ratings={"self": ratings}, goal=goal)


def test_the_level_asked_for_wins_and_is_named_as_the_framework_names_it(ml_ladder: Framework) -> None:
    profile = _rated(ml_ladder, 2, Goal(kind="level", level="M1"))
    assert default_target(ml_ladder, assess(profile, ml_ladder), profile, wanted="l4") == "L4"


def test_without_a_goal_it_is_the_level_above_the_placed_one(ml_ladder: Framework) -> None:
    profile = _rated(ml_ladder, 2)
    assessment = assess(profile, ml_ladder)
    main_track = [level.id for level in ic_levels(ml_ladder)]
    above = main_track[main_track.index(assessment.level) + 1]
    assert default_target(ml_ladder, assessment, profile) == above
    assert gaps(profile, ml_ladder, assessment=assessment).target == above  # the gap report aims there too


def test_a_goal_that_names_a_level_is_the_target(ml_ladder: Framework) -> None:
    profile = _rated(ml_ladder, 2, Goal(kind="level", level="management"))  # a track: its first level
    assert default_target(ml_ladder, assess(profile, ml_ladder), profile) == "M1"


def test_someone_not_assessed_yet_aims_at_the_second_level(ml_ladder: Framework) -> None:
    assert default_target(ml_ladder) == ic_levels(ml_ladder)[1].id
    assert default_target(ml_ladder, wanted="L5") == "L5"


def test_an_assessment_without_a_target_falls_back_to_the_rule(ml_ladder: Framework) -> None:
    document, posting = evidence_from_file(DOCUMENTS / "posting-staff.md", ml_ladder, "posting")
    placed = place_posting(posting, ml_ladder, document.text)  # a posting's placement names no target
    assert placed.target is None and placed.level == "L4"
    assert default_target(ml_ladder, placed) == "L5"
    with_goal = Profile(framework=ml_ladder.id, goal=Goal(kind="level", level="L3"))
    assert default_target(ml_ladder, placed, with_goal) == "L3"
