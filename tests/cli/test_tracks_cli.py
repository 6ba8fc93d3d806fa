"""The CLI across tracks: compare reads as a change of track, ``ladder tracks``, and gaps towards M1."""

from __future__ import annotations

from copy import deepcopy
from typing import Any

from tests.conftest import EXAMPLE_FRAMEWORK, ROOT, RunCli, WriteFramework

SENIOR = str(ROOT / "examples" / "profiles" / "senior.yaml")


def test_compare_staff_to_manager_is_a_change_of_track_not_a_demotion(run_cli: RunCli) -> None:
    data = run_cli("ladder", "compare", "L4", "M1", "--format", "json").json()
    assert data["expectations_lowered"] == []  # nothing reads as "down"
    shifted = {change["competency"] for change in data["expectations_shifted"]}
    assert {"software-engineering", "mlops", "leadership"} <= shifted
    appearing = [item["competency"] for item in data["new_competencies"]]
    assert appearing == ["people-management", "hiring-and-team-building", "delivery", "organisation-design"]
    track = data["track_change"]
    assert track["to_track"] == "management" and track["path"]["citations"][0]["article"]
    assert data["new_competencies"][0]["citations"][0]["title"].startswith("Junior to Senior")
    assert any("energy" in item["text"] for item in track["considerations"])
    assert data["time_allocation"]["from"] and data["time_allocation"]["to"] == []

    text = run_cli("ladder", "compare", "L4", "M1").out
    assert "A change of track, to Management: a different job, not a step down." in text
    assert "Competencies that appear at M1" in text and "Shifts of emphasis" in text
    assert "Expectations that change" not in text and "M1: no source gives a split of the time" in text
    assert "Before you choose" in text and ".txt" not in text
    assert "“Junior to Senior: ML Engineer Career Path" in text  # the key of the source marks, by title


def test_compare_within_a_track_is_unchanged(run_cli: RunCli) -> None:
    data = run_cli("ladder", "compare", "L2", "L3", "--format", "json").json()
    assert data["track_change"] is None and data["new_competencies"] == [] and data["expectations_shifted"] == []


def test_ladder_tracks_from_senior_and_json(run_cli: RunCli) -> None:
    result = run_cli("ladder", "tracks")
    assert result.code == 0
    assert result.out.startswith("The choice of track from L3 Senior ML Engineer")
    for heading in ("L4 Staff ML Engineer (next step on your track)", "M1 Engineering Manager (ML) (onto the"):
        assert heading in result.out
    assert "Competencies that appear" in result.out and ".txt" not in result.out
    data = run_cli("ladder", "tracks", "--from", "l4", "--format", "json").json()
    assert data["level"] == "L4" and [option["level"] for option in data["options"]] == ["L5", "A1", "M1"]


def test_ladder_tracks_below_the_branch_or_without_one_is_a_one_line_error(run_cli: RunCli) -> None:
    below = run_cli("ladder", "tracks", "--from", "L2")
    assert below.code == 2 and below.err.count("\n") == 1
    assert "L2 is below L3" in below.err and "--from L3" in below.err
    custom = run_cli("ladder", "tracks", "--framework", str(EXAMPLE_FRAMEWORK))
    assert custom.code == 2 and "no track that branches" in custom.err
    unknown = run_cli("ladder", "tracks", "--from", "L9")
    assert unknown.code == 2 and "L9" in unknown.err


def test_gap_to_manager_lists_the_management_competencies(run_cli: RunCli) -> None:
    text = run_cli("gap", "--profile", SENIOR, "--target", "M1").out
    assert "No gaps" not in text and "People management" in text
    data = run_cli("plan", "--profile", SENIOR, "--target", "A1", "--format", "json").json()
    assert {"ai-strategy", "responsible-ai"} <= {gap["competency"] for gap in data["gaps"]["gaps"]}


def test_a_competency_naming_an_unknown_track_is_one_problem_with_a_fix(
    run_cli: RunCli, example_data: dict[str, Any], write_framework: WriteFramework
) -> None:
    data = deepcopy(example_data)
    data["competencies"][0]["tracks"] = ["managment"]
    result = run_cli("ladder", "validate", str(write_framework(data)), "--format", "json")
    assert result.code == 1
    problems = result.json()["problems"]
    assert any("unknown track 'managment'" in problem["message"] for problem in problems)
    assert any(problem["path"] == "competencies[0].tracks[0]" for problem in problems)
