"""What-if on the example team: joining (a profile, a posting's level), leaving, promotion and moving."""

from __future__ import annotations

import datetime as dt
import re

import pytest

from mlladder import Framework
from mlladder.errors import InputError, UnknownLevel
from mlladder.team.load import Roster, RosterError, narrowed, roster_from_folder
from mlladder.team.whatif import (
    Add,
    ManagerCycle,
    Move,
    NotAPromotion,
    Promote,
    Remove,
    applied,
    level_member,
    moves,
    posting_member,
    profile_change,
    what_if,
    what_if_data,
)
from tests.conftest import ROOT

TEAM = ROOT / "examples" / "team"
TODAY = dt.date(2026, 12, 1)


@pytest.fixture(scope="module")
def roster(ml_ladder: Framework) -> Roster:
    return roster_from_folder(ml_ladder, TEAM)


def test_applied_makes_a_new_roster_and_leaves_the_old_one(roster: Roster) -> None:
    after = applied(roster, [Promote("kim sample", "L3"), Move("Nia Example", "ranking")])
    assert after.member("Kim Sample").current_level == "L3" and after.member("Nia Example").team == "ranking"
    assert roster.member("Kim Sample").current_level == "L2" and roster.member("Nia Example").team == "platform"


def test_removing_a_manager_hands_their_reports_to_the_next_manager_up(roster: Roster) -> None:
    after = applied(roster, [Remove("Fern Madeup")])
    assert "Fern Madeup" not in after.names()
    assert after.member("Mo Invented").manager == "Dana Fictional"


def test_changes_that_cannot_apply(roster: Roster, ml_ladder: Framework) -> None:
    with pytest.raises(RosterError, match="did you mean 'Kim Sample'"):
        applied(roster, [Remove("Kim Sampel")])
    existing = roster.member("Kim Sample")
    with pytest.raises(RosterError, match="already in the team"):
        applied(roster, [Add(existing)])
    with pytest.raises(UnknownLevel, match="L9"):
        what_if(ml_ladder, roster, [Promote("Kim Sample", "L9")])
    with pytest.raises(InputError, match="no change to try"):
        what_if(ml_ladder, roster, [])


def test_losing_the_only_mlops_holder_opens_a_gap(roster: Roster, ml_ladder: Framework) -> None:
    result = what_if(ml_ladder, roster, [Remove("Mo Invented")], today=TODAY)
    mlops = next(item for item in result.coverage if item.id == "mlops")
    assert (mlops.before, mlops.after, mlops.single_point_before, mlops.gap_after) == (1, 0, True, True)
    assert result.level_mix["L4"] == (2, 1)
    data = what_if_data(result)
    assert "Nobody meets the L3 expectation in MLOps and production (3)" in data["new_risks"]
    assert any("Mo Invented" in text for text in data["resolved_risks"])


def test_both_sides_are_measured_at_todays_needed_level(roster: Roster, ml_ladder: Framework) -> None:
    # Promoting every L3 to L4 would make L4 the commonest level; the comparison still measures at L3.
    seniors = [member.name for member in roster.members if member.current_level == "L3"]
    result = what_if(ml_ladder, roster, [Promote(name, "L4") for name in seniors], today=TODAY)
    assert result.before.needed_level == result.after.needed_level == "L3"
    assert result.level_mix["L3"] == (4, 0) and result.level_mix["L4"] == (2, 6)


def test_a_hire_from_a_profile(roster: Roster, ml_ladder: Framework) -> None:
    change = profile_change(ml_ladder, ROOT / "examples" / "profiles" / "staff.yaml", team="platform")
    result = what_if(ml_ladder, roster, [change], today=TODAY)
    assert len(result.after.rows) == 15 and result.changes == ("add Morgan Invented (L4)",)
    mlops = next(item for item in result.coverage if item.id == "mlops")
    assert mlops.after == 2 and not mlops.single_point_after


def test_a_hire_at_a_postings_level(roster: Roster, ml_ladder: Framework) -> None:
    posting = ROOT / "examples" / "documents" / "posting-staff.md"
    hire = posting_member(ml_ladder, posting)
    assert hire.current_level == "L4" and hire.name == "New L4 hire (posting-staff)"
    assert hire.score("mlops") == 4.0  # rated at the level's expectation
    result = what_if(ml_ladder, roster, [Add(hire)], today=TODAY)
    assert result.level_mix["L4"] == (2, 3)


def test_a_hire_at_a_level_just_meets_its_bar(roster: Roster, ml_ladder: Framework) -> None:
    hire = level_member(ml_ladder, "l3", specialisation=["ml-platform"], manager="Fern Madeup")
    assert (hire.name, hire.current_level, hire.manager, hire.specialisation) == (
        "New L3 hire",
        "L3",
        "Fern Madeup",
        ["ml-platform"],
    )
    assert hire.score("mlops") == 3.0 and hire.assessment.level == "L3"
    result = what_if(ml_ladder, roster, [Add(level_member(ml_ladder, "L3", "Quinn New", team="platform"))])
    assert result.changes == ("add Quinn New (L3)",) and result.level_mix["L3"] == (4, 5)
    (platform,) = result.teams
    assert (platform.team, platform.head_count) == ("platform", (6, 7))
    with pytest.raises(UnknownLevel, match="L9"):
        level_member(ml_ladder, "L9")
    with pytest.raises(InputError, match="specialisation: 'knitting'"):
        level_member(ml_ladder, "L3", specialisation=["knitting"])


def test_a_promotion_goes_up_its_track(roster: Roster, ml_ladder: Framework) -> None:
    assert roster.member("Mo Invented").current_level == "L4" and roster.member("Kim Sample").current_level == "L2"
    with pytest.raises(
        NotAPromotion, match=r"Mo Invented holds L4, above L3 \(fix: name a level above L4, such as L5\)"
    ):
        what_if(ml_ladder, roster, [Promote("Mo Invented", "L3")])
    with pytest.raises(NotAPromotion, match="Kim Sample holds L2 already"):
        what_if(ml_ladder, roster, [Promote("kim sample", "l2")])
    assert what_if(ml_ladder, roster, [Promote("Kim Sample", "L4")]).changes == ("promote Kim Sample to L4",)
    assert what_if(ml_ladder, roster, [Promote("Mo Invented", "M1")]).level_mix["M1"][1] == 3  # another track


def test_moving_to_another_manager_changes_two_teams_and_not_the_whole(roster: Roster, ml_ladder: Framework) -> None:
    after = applied(roster, [Move("Jun Fictional", manager="fern madeup")])
    assert after.member("Jun Fictional").manager == "Fern Madeup" and after.member("Jun Fictional").team == "ranking"
    result = what_if(ml_ladder, roster, [Move("Jun Fictional", "platform", "Fern Madeup")], today=TODAY)
    assert result.changes == ("move Jun Fictional to platform and report to Fern Madeup",)
    assert result.coverage == () and result.level_mix["L2"] == (3, 3)  # the same people
    shifts = {shift.team: shift for shift in result.teams}
    assert {name: shift.head_count for name, shift in shifts.items()} == {"platform": (6, 7), "ranking": (7, 6)}
    assert shifts["platform"].before is not None and shifts["platform"].before.needed_level == "L3"
    assert what_if(ml_ladder, roster, [Promote("Kim Sample", "L3")]).teams[0].team == "ranking"


def test_nobody_moves_to_report_to_themselves_or_below_them(roster: Roster) -> None:
    with pytest.raises(ManagerCycle, match="Eli Sample cannot report to Kim Sample, who is below them"):
        applied(roster, [Move("Eli Sample", manager="Kim Sample")])
    with pytest.raises(ManagerCycle, match="cannot report to themselves"):
        applied(roster, [Move("Kim Sample", manager="kim sample")])
    assert applied(roster, [Move("Kim Sample", manager="Someone Outside")]).member("Kim Sample").manager == (
        "Someone Outside"
    )


def test_a_move_may_be_held_to_managers_the_team_knows(roster: Roster, ml_ladder: Framework) -> None:
    strict = {"outside_managers": False}
    with pytest.raises(RosterError, match=r"cannot report to 'Fern Madup'.*did you mean 'Fern Madeup'"):
        applied(roster, [Move("Kim Sample", manager="Fern Madup")], **strict)
    with pytest.raises(RosterError, match="cannot report to 'Someone Outside'"):
        applied(roster, [Move("Kim Sample", manager="Someone Outside")], **strict)
    with pytest.raises(RosterError, match="cannot report to 'Fern Madeup'"):  # she leaves first
        applied(roster, [Remove("Fern Madeup"), Move("Kim Sample", manager="Fern Madeup")], **strict)
    with pytest.raises(ManagerCycle, match="cannot report to themselves"):
        applied(roster, [Move("Kim Sample", manager="Kim Sample")], **strict)
    # The manager a team is narrowed to is not in it but manages it; someone who joins first can be reported to.
    ranking = narrowed(roster, manager="Eli Sample")
    assert "Eli Sample" not in ranking.names()
    back = applied(ranking, [Move("Kim Sample", manager="eli sample")], **strict)
    assert back.member("Kim Sample").manager == "Eli Sample"
    hire = Add(level_member(ml_ladder, "L4", "Quinn New", manager="Eli Sample"))
    joined = applied(ranking, [hire, Move("Lea Madeup", manager="Quinn New")], **strict)
    assert joined.member("Lea Madeup").manager == "Quinn New"


def test_moves_join_a_team_and_a_manager_for_the_same_person() -> None:
    found = moves(
        [("Kim Sample", "platform"), ("Nia Example", "ranking")], [("kim sample", "Fern Madeup"), ("Jun", "X")]
    )
    assert found == [
        Move("Kim Sample", team="platform", manager="Fern Madeup"),
        Move("Nia Example", team="ranking"),
        Move("Jun", manager="X"),
    ]
    assert moves() == []


def test_a_team_shift_names_who_joins_and_leaves_it(roster: Roster, ml_ladder: Framework) -> None:
    result = what_if(ml_ladder, roster, moves([("Mo Invented", "ranking")], [("Mo Invented", "Eli Sample")]))
    shifts = {shift.team: shift for shift in result.teams}
    ranking, platform = shifts["ranking"], shifts["platform"]
    assert (ranking.joined, ranking.left) == (("Mo Invented",), ())
    assert (platform.joined, platform.left) == ((), ("Mo Invented",))
    assert ranking.level_mix["L4"] == (1, 2) and platform.level_mix["L4"] == (1, 0)
    new_risks, resolved = platform.risks
    assert "Nobody meets the L3 expectation in MLOps and production (3)" in new_risks
    assert any("Mo Invented" in text for text in resolved)
    data = what_if_data(result)["teams"]
    assert [item["team"] for item in data] == ["platform", "ranking"]
    assert data[0]["head_count"] == {"before": 6, "after": 5} and data[0]["left"] == ["Mo Invented"]
    assert "Mo Invented" in data[1]["people"]["after"] and "Mo Invented" not in data[1]["people"]["before"]
    assert data[1]["level_mix"]["L4"] == {"before": 1, "after": 2}
    assert {item["id"] for item in data[0]["coverage"]} >= {"mlops"}
    assert data[0]["new_risks"] == new_risks


def test_the_python_example_in_the_docs_runs(capsys: pytest.CaptureFixture[str]) -> None:
    text = (ROOT / "docs" / "team.md").read_text(encoding="utf-8")
    (example,) = re.findall(r"```python\n(.*?)```", text, re.S)
    exec(compile(example, "docs/team.md", "exec"), {})  # our own documentation, run as a reader would
    printed = capsys.readouterr().out
    assert "Only Kim Sample meets the L3 expectation in Research and innovation (3)" in printed
    assert "'L4': (2, 1)" in printed
