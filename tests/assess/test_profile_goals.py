"""A profile's specialisation, goal and region: written as people would, checked against the framework."""

from __future__ import annotations

from pathlib import Path

import pytest

from mlladder import Framework, load_profile
from mlladder.assess.profile import Goal, goal_level
from mlladder.errors import ProfileError
from tests.conftest import ROOT, RunCli

RATED = "ratings: {self: {ml-fundamentals: 2}}\n"


def profile_from(tmp_path: Path, text: str, ladder: Framework):
    path = tmp_path / "me.yaml"
    path.write_text(text + RATED, encoding="utf-8")
    return load_profile(path, ladder)


@pytest.mark.parametrize(
    ("written", "kind", "level", "background"),
    [
        ("goal: next-level", "next-level", None, None),
        ("goal: get-hired", "get-hired", None, None),
        ("goal: {kind: get-hired, level: L2}", "get-hired", "L2", None),
        ("goal: L4", "level", "L4", None),
        ("goal: management", "level", "management", None),
        ("goal: {kind: move-into-ml, from: backend}", "move-into-ml", None, "backend"),
        ("goal: move-into-ml", "move-into-ml", None, None),
    ],
)
def test_goals_in_one_word_or_in_full(
    tmp_path: Path, ml_ladder: Framework, written: str, kind: str, level: str | None, background: str | None
) -> None:
    goal = profile_from(tmp_path, written + "\n", ml_ladder).goal
    assert goal is not None and (goal.kind, goal.level, goal.from_) == (kind, level, background)


def test_a_track_names_its_first_level(ml_ladder: Framework) -> None:
    assert goal_level(Goal.model_validate("management"), ml_ladder) == "M1"
    assert goal_level(Goal.model_validate("architect"), ml_ladder) == "A1"
    assert goal_level(Goal.model_validate("L5"), ml_ladder) == "L5"
    assert goal_level(Goal.model_validate("get-hired"), ml_ladder) is None


def test_specialisation_and_region(tmp_path: Path, ml_ladder: Framework) -> None:
    profile = profile_from(tmp_path, "specialisation: nlp\nregion: gb\n", ml_ladder)
    assert (profile.specialisation, profile.region) == (["nlp"], "GB")
    both = profile_from(tmp_path, "specialisation: [recommender-systems, search-ranking]\n", ml_ladder)
    assert both.specialisation == ["recommender-systems", "search-ranking"]


def test_a_goal_round_trips_with_its_from_key(tmp_path: Path, ml_ladder: Framework) -> None:
    profile = profile_from(tmp_path, "goal: {kind: move-into-ml, from: data-science}\n", ml_ladder)
    assert profile.model_dump(mode="json")["goal"] == {"kind": "move-into-ml", "level": None, "from": "data-science"}


@pytest.mark.parametrize(
    ("written", "message"),
    [
        ("specialisation: [nlp, recsys]", "specialisation[1]: unknown specialisation 'recsys'"),
        ("goal: architekt", "goal.level: unknown level or track 'architekt' (fix: did you mean 'architect'?)"),
        ("goal: {kind: level}", "goal: a goal of kind 'level' names the level (fix: add level: L4, say)"),
        ("goal: {kind: move-into-ml, from: sales}", "goal.from: 'sales' is not allowed"),
        ("goal: {kind: get-hired, from: backend}", "goal: 'from' goes with the goal move-into-ml"),
        ("goal: {kind: next-level, level: L3}", "goal: a goal of kind 'next-level' takes no level"),
        ("region: USA", "region: 'USA' is not a country code (fix: use a two-letter code such as US"),
        ("target_level: L3\ngoal: L4", "target_level: target_level L3 and goal L4 disagree"),
    ],
)
def test_bad_goals_are_one_clear_line(
    run_cli: RunCli, tmp_path: Path, ml_ladder: Framework, written: str, message: str
) -> None:
    with pytest.raises(ProfileError) as raised:
        profile_from(tmp_path, written + "\n", ml_ladder)
    assert message in str(raised.value)
    result = run_cli("assess", "--profile", str(tmp_path / "me.yaml"))
    assert result.code == 2 and message in result.err and result.err.count("\n") == 1


def test_a_goal_on_a_track_the_framework_lacks(run_cli: RunCli, tmp_path: Path) -> None:
    path = tmp_path / "me.yaml"
    path.write_text("goal: management\nratings: {self: {statistics: 2}}\n", encoding="utf-8")
    framework = ROOT / "examples" / "frameworks" / "data-scientist.yaml"
    result = run_cli("assess", "--profile", str(path), "--framework", str(framework))
    assert result.code == 2 and "goal.level: unknown level or track 'management'" in result.err


def test_specialisations_are_listed(run_cli: RunCli, ml_ladder: Framework) -> None:
    listed = run_cli("ladder", "specialisations", "--format", "json").json()
    assert [item["id"] for item in listed] == [item.id for item in ml_ladder.specialisations]
    assert {"id", "name", "description", "skills", "skill_names", "sources", "citations"} == set(listed[0])
    assert "recommender-systems" in run_cli("ladder", "specialisations").out
