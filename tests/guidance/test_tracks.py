"""The choice of track: none below the branching level, every reachable track from Senior up, sources by title."""

from __future__ import annotations

import json

import pytest

from mlladder import Framework, load_framework
from mlladder.guidance.tracks import branching_level, track_view, track_view_data
from tests.conftest import EXAMPLE_FRAMEWORK

MANAGEMENT_ONLY = ["people-management", "hiring-and-team-building", "delivery", "organisation-design"]


@pytest.mark.parametrize("level", ["L1", "L2"])
def test_no_view_below_the_branching_level(ml_ladder: Framework, level: str) -> None:
    assert track_view(ml_ladder, level) is None


def test_no_view_in_a_framework_whose_tracks_do_not_branch() -> None:
    custom = load_framework(EXAMPLE_FRAMEWORK)
    assert branching_level(custom) is None
    assert all(track_view(custom, level.id) is None for level in custom.levels)


def test_from_senior_every_track_is_an_option_with_what_changes(ml_ladder: Framework) -> None:
    assert branching_level(ml_ladder) == "L3"
    view = track_view(ml_ladder, "L3")
    assert view is not None and view.decision_point == "L3"
    options = {option.level: option for option in view.options}
    assert list(options) == ["L4", "A1", "M1"] and options["L4"].same_track
    manager = options["M1"]
    assert manager.track == "management" and not manager.same_track
    assert [item.competency for item in manager.new_competencies] == MANAGEMENT_ONLY
    assert manager.raised == [] and {change.competency for change in manager.shifted} >= {"deep-learning", "research"}
    assert manager.path is not None and "people" in manager.path.text
    architect = options["A1"]
    appearing = [item.competency for item in architect.new_competencies]
    assert appearing == ["people-management", "ai-strategy", "responsible-ai"]
    assert {change.competency for change in architect.raised} >= {"research", "system-design"}
    assert options["L4"].new_competencies == [] and options["L4"].time_there  # the staff time split
    assert view.considerations and all(item.sources for item in view.considerations)


def test_higher_levels_and_the_way_back_from_a_branched_track(ml_ladder: Framework) -> None:
    staff = track_view(ml_ladder, "L4")
    assert staff is not None and [option.level for option in staff.options] == ["L5", "A1", "M1"]
    principal = track_view(ml_ladder, "L5")
    assert principal is not None and [option.level for option in principal.options] == ["A1", "M1"]
    manager = track_view(ml_ladder, "M1")
    assert manager is not None
    assert [option.level for option in manager.options] == ["M2", "L4", "A1"]  # back to IC at the same height
    back = next(option for option in manager.options if option.level == "L4")
    assert back.new_competencies == [] and back.raised


def test_json_names_sources_by_title_never_by_file(ml_ladder: Framework) -> None:
    view = track_view(ml_ladder, "L3")
    assert view is not None
    data = track_view_data(view)
    text = json.dumps(data)
    assert ".txt" not in text
    assert set(data) == {"level", "level_title", "track", "decision_point", "summary", "options", "considerations"}
    manager = next(option for option in data["options"] if option["level"] == "M1")
    first = manager["new_competencies"][0]
    assert first["competency"] == "people-management" and first["expected"] == 3 and first["markers"]
    assert {"title", "article"} == set(first["sources"][0])
    assert any(not source["article"] for source in first["sources"])  # editorial text says so
    assert manager["responsibilities"][0]["sources"][0]["title"].startswith("Junior to Senior")
