"""Targets on the management and architect tracks: their own competencies as gaps and activities, while the
main-track placement of engineers stays exactly what the ladder without those competencies gives."""

from __future__ import annotations

from copy import deepcopy
from pathlib import Path
from typing import Any

import pytest
import yaml

from mlladder import Framework, Profile, assess, builtin_framework, gaps, load_framework, load_profile, plan
from mlladder.assess.profile import Goal
from mlladder.framework.ladder import placed_competencies
from mlladder.framework.schema import Framework as FrameworkModel
from tests.conftest import EXAMPLE_FRAMEWORK, ROOT, WriteFramework

LADDER = builtin_framework()
PROFILES = sorted((ROOT / "examples" / "profiles").glob("*.yaml"))
BUILTIN_FILE = ROOT / "src" / "mlladder" / "framework" / "builtin" / "ml-engineer.yaml"
MANAGEMENT_ONLY = {"people-management", "hiring-and-team-building", "delivery", "organisation-design"}
ARCHITECT_ONLY = {"people-management", "ai-strategy", "responsible-ai"}


def without_track_competencies(data: dict[str, Any]) -> dict[str, Any]:
    """The built-in ladder as it was before it had track competencies: those, and every mention of them, removed."""
    data = deepcopy(data)
    dropped = {c["id"] for c in data["competencies"] if c.get("tracks")}
    data["competencies"] = [c for c in data["competencies"] if c["id"] not in dropped]
    kept_skills = []
    for skill in data["skills"]:
        skill["competencies"] = [c for c in skill["competencies"] if c not in dropped]
        if skill["competencies"]:
            kept_skills.append(skill)
    known = {skill["id"] for skill in kept_skills}
    for skill in kept_skills:
        skill["prerequisites"] = [p for p in skill.get("prerequisites", []) if p in known]
    data["skills"] = kept_skills
    for key in ("interview_questions", "portfolio_projects"):
        for item in data[key]:
            item["competencies"] = [c for c in item.get("competencies", []) if c not in dropped]
            if "skills" in item:
                item["skills"] = [s for s in item["skills"] if s in known]
    return data


@pytest.fixture(scope="module")
def earlier_ladder() -> Framework:
    return FrameworkModel.model_validate(without_track_competencies(yaml.safe_load(BUILTIN_FILE.read_text())))


@pytest.mark.parametrize("path", PROFILES, ids=[path.stem for path in PROFILES])
def test_example_placements_equal_those_of_the_ladder_without_track_competencies(
    path: Path, earlier_ladder: Framework
) -> None:
    now = assess(load_profile(path, LADDER), LADDER)
    before = assess(load_profile(path, earlier_ladder), earlier_ladder)
    assert now.level == before.level and now.probabilities == before.probabilities
    assert now.confidence == before.confidence and now.first == before.first
    assert now.model_dump(mode="json") == before.model_dump(mode="json")
    gap_now, gap_before = (
        gaps(load_profile(path, LADDER), LADDER),
        gaps(load_profile(path, earlier_ladder), earlier_ladder),
    )
    assert gap_now.model_dump(mode="json") == gap_before.model_dump(mode="json")


def test_rating_a_track_competency_does_not_move_the_placement() -> None:
    senior = load_profile(ROOT / "examples" / "profiles" / "senior.yaml", LADDER)
    ratings = {rater: {**given, "people-management": 4, "ai-strategy": 0} for rater, given in senior.ratings.items()}
    rated = senior.model_copy(update={"ratings": ratings})
    assert assess(rated, LADDER).probabilities == assess(senior, LADDER).probabilities


@pytest.mark.parametrize(("target", "expected"), [("M1", MANAGEMENT_ONLY), ("A1", ARCHITECT_ONLY)])
def test_gap_and_plan_to_another_track_name_its_competencies(target: str, expected: set[str]) -> None:
    senior = load_profile(ROOT / "examples" / "profiles" / "senior.yaml", LADDER)
    report = gaps(senior, LADDER, target=target)
    found = {gap.competency for gap in report.gaps}
    assert expected <= found and report.probability_at_target is None
    for gap in report.gaps:
        if gap.competency in expected:
            assert gap.current is None and gap.markers and gap.skills
    growth = plan(senior, LADDER, target=target)
    touched = {competency for activity in growth.activities for competency in activity.competencies}
    assert expected & touched
    titles = " ".join(activity.title for activity in growth.activities)
    assert "Show it at work" in titles


def test_a_management_goal_aims_at_m1_and_rated_management_closes_those_gaps() -> None:
    senior = load_profile(ROOT / "examples" / "profiles" / "senior.yaml", LADDER)
    aiming = senior.model_copy(update={"goal": Goal(kind="level", level="management")})
    placed = assess(aiming, LADDER)
    assert placed.target == "M1" and set(placed.first) >= MANAGEMENT_ONLY
    assert "People management" in placed.summary  # named although not a placed competency
    ratings = {rater: {**given, **dict.fromkeys(MANAGEMENT_ONLY, 3)} for rater, given in senior.ratings.items()}
    ready = aiming.model_copy(update={"ratings": ratings})
    assert gaps(ready, LADDER).gaps == []


def test_main_track_targets_never_ask_for_track_competencies() -> None:
    for path in PROFILES:
        report = gaps(load_profile(path, LADDER), LADDER)
        assert not ({gap.competency for gap in report.gaps} & (MANAGEMENT_ONLY | ARCHITECT_ONLY))
        assert set(report.met) <= {c.id for c in placed_competencies(LADDER)}


def test_a_custom_framework_without_tracks_works_as_before(write_framework: WriteFramework) -> None:
    custom = load_framework(EXAMPLE_FRAMEWORK)
    assert placed_competencies(custom) == list(custom.competencies)
    profile = Profile(ratings={"self": {c.id: c.expectations["DS3"].proficiency for c in custom.competencies}})
    assert assess(profile, custom).level == "DS3"


def test_a_custom_framework_may_give_a_competency_to_one_track(
    example_data: dict[str, Any], write_framework: WriteFramework
) -> None:
    data = deepcopy(example_data)
    data["tracks"].append(
        {"id": "lead", "name": "Leads", "kind": "management", "branches_from": "DS3", "description": "Lead people."}
    )
    data["levels"].append({"id": "DM1", "track": "lead", "title": "Data Science Manager", "summary": "Leads a team."})
    for competency in data["competencies"]:
        competency["expectations"]["DM1"] = {"proficiency": 2, "markers": ["Reviewed the team's work"]}
    data["competencies"].append(
        {
            "id": "managing",
            "name": "Managing people",
            "area": "influence",
            "tracks": ["lead"],
            "description": "Running a team's people side.",
            "scale": {0: "None.", 1: "Some.", 2: "Alone.", 3: "Leads others.", 4: "Sets practice."},
            "expectations": {"DM1": {"proficiency": 3, "markers": ["Held one-to-ones with every report"]}},
        }
    )
    custom = load_framework(write_framework(data))
    profile = Profile(ratings={"self": {c.id: c.expectations["DS3"].proficiency for c in placed_competencies(custom)}})
    assert assess(profile, custom).level == "DS3"
    assert [gap.competency for gap in gaps(profile, custom, target="DM1").gaps] == ["managing"]
