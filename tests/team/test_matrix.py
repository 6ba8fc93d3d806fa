"""The team matrix, coverage, single points of failure, gaps, risks, readiness and the CSV, on small invented teams
whose answers can be worked out by hand, and on the example team."""

from __future__ import annotations

import csv
import datetime as dt
import io

import pytest

from mlladder import Framework, Profile
from mlladder.assess.placement import assess
from mlladder.framework.ladder import placed_competencies
from mlladder.team.load import RosterError, roster_from_folder
from mlladder.team.matrix import by_team, held_skills, matrix_csv, matrix_data, needed_level, team_matrix, team_risks
from mlladder.team.readiness import readiness
from mlladder.team.roster import Member
from tests.conftest import ROOT

TEAM = ROOT / "examples" / "team"
TODAY = dt.date(2026, 12, 1)


def member(
    framework: Framework,
    name: str,
    base: int,
    *,
    held: str | None = None,
    team: str | None = None,
    since: dt.date | None = None,
    skills: tuple[str, ...] = (),
    evidence: tuple[tuple[str, tuple[str, ...]], ...] = (),
    **ratings: int,
) -> Member:
    """Someone rated ``base`` by themselves and their manager on every placed competency, except ``ratings``."""
    given = {competency.id: base for competency in placed_competencies(framework)}
    given.update({key.replace("_", "-"): value for key, value in ratings.items()})
    profile = Profile(
        framework=framework.id,
        name=name,
        ratings={"self": given, "manager": given},
        in_level_since=since,
        skills=list(skills),
        evidence=[{"text": text, "competencies": list(tags)} for text, tags in evidence],  # type: ignore[misc]
    )
    return Member(name, profile, assess(profile, framework), team=team, held_level=held)


def test_needed_level_is_the_most_common_level_held_the_higher_on_a_tie(ml_ladder: Framework) -> None:
    two_l2 = [member(ml_ladder, n, 2) for n in "ab"]
    two_l3 = [member(ml_ladder, n, 3) for n in "cd"]
    assert needed_level(ml_ladder, [*two_l2, member(ml_ladder, "c", 3)]) == "L2"
    assert needed_level(ml_ladder, [*two_l2, *two_l3]) == "L3"
    # Managers are placed on the engineering track but held on another: they do not set the team's bar.
    managers = [member(ml_ladder, n, 3, held="M1") for n in "xyz"]
    assert needed_level(ml_ladder, [*managers, member(ml_ladder, "e", 2)]) == "L2"
    assert needed_level(ml_ladder, managers) == "L1"


def test_cells_compare_each_rating_with_the_persons_own_level(ml_ladder: Framework) -> None:
    senior = member(ml_ladder, "Senior", 3, mlops=2, leadership=4)
    matrix = team_matrix(ml_ladder, [senior], today=TODAY)
    (row,) = matrix.rows
    cells = {cell.competency: cell for cell in row.cells}
    assert row.level == "L3" and row.probability > 0.5
    assert (cells["mlops"].rating, cells["mlops"].expected, cells["mlops"].status) == (2.0, 3, "below")
    assert cells["leadership"].status == "above" and cells["system-design"].status == "at"
    assert [column.id for column in matrix.columns] == [c.id for c in placed_competencies(ml_ladder)]


def test_coverage_single_points_and_gaps_at_the_needed_level(ml_ladder: Framework) -> None:
    team = [
        member(ml_ladder, "Ana", 3, mlops=4, research=2),
        member(ml_ladder, "Ben", 3, research=2),
        member(ml_ladder, "Cy", 3, mlops=2, research=2),
    ]
    matrix = team_matrix(ml_ladder, team, today=TODAY)
    coverage = {item.id: item for item in matrix.coverage}
    assert matrix.needed_level == "L3"
    assert coverage["mlops"].holders == ("Ana", "Ben")
    assert coverage["research"].gap and coverage["research"].count == 0
    assert coverage["system-design"].count == 3 and not coverage["system-design"].single_point
    lone = member(ml_ladder, "Di", 3, research=3)
    matrix = team_matrix(ml_ladder, [*team, lone], today=TODAY)
    research = next(item for item in matrix.coverage if item.id == "research")
    assert research.single_point and research.holders == ("Di",)
    texts = [risk.text for risk in team_risks(matrix)]
    assert "Only Di meets the L3 expectation in Research and innovation (3): nobody else covers it" in texts


def test_a_named_needed_level_moves_the_bar(ml_ladder: Framework) -> None:
    team = [member(ml_ladder, n, 3) for n in ("Ana", "Ben")]
    at_l4 = team_matrix(ml_ladder, team, needed="L4", today=TODAY)
    assert at_l4.needed_level == "L4"
    assert {item.id for item in at_l4.gaps if item.kind == "competency"} == {
        c.id for c in placed_competencies(ml_ladder) if c.expectations["L4"].proficiency == 4
    }


def test_skills_come_from_the_profile_and_the_achievements(ml_ladder: Framework) -> None:
    someone = member(
        ml_ladder, "Ana", 3, skills=("Python", "k8s"), evidence=(("Moved training to PyTorch on Kubernetes", ()),)
    )
    assert {"python", "pytorch", "kubernetes"} <= held_skills(ml_ladder, someone)


def test_skill_single_points_and_gaps(ml_ladder: Framework) -> None:
    team = [
        member(ml_ladder, "Ana", 3, skills=("pytorch", "kubernetes")),
        member(ml_ladder, "Ben", 3, skills=("pytorch",)),
    ]
    matrix = team_matrix(ml_ladder, team, today=TODAY)
    skills = {item.id: item for item in matrix.skill_coverage}
    assert skills["pytorch"].count == 2 and skills["kubernetes"].single_point
    assert skills["model-serving"].gap  # the guides name it for the step to L3, and nobody has it
    assert [item.id for item in matrix.skill_coverage[: len(matrix.gaps)]] == [item.id for item in matrix.gaps]


def test_readiness_bands_gaps_and_evidence(ml_ladder: Framework) -> None:
    ready = member(
        ml_ladder, "Ready", 3, held="L2", evidence=(("Led the design review for serving", ("system-design",)),)
    )
    one_gap = member(ml_ladder, "One", 3, held="L2", mlops=2)
    far = member(ml_ladder, "Far", 2)
    assert readiness(ml_ladder, ready, today=TODAY).band == "ready"
    assert readiness(ml_ladder, ready, today=TODAY).evidence == ("Led the design review for serving",)
    found = readiness(ml_ladder, one_gap, today=TODAY)
    assert found.band == "one-gap" and found.next_level == "L3"
    assert [(gap.competency, gap.rating, gap.expected) for gap in found.gaps] == [("mlops", 2.0, 3)]
    assert found.summary == "one gap away from L3 (MLOps and production 2.0 of 3)"
    assert readiness(ml_ladder, far, today=TODAY).band == "further"
    assert readiness(ml_ladder, member(ml_ladder, "Top", 4, held="L5"), today=TODAY).band == "top"


def test_readiness_towards_a_named_target(ml_ladder: Framework) -> None:
    found = readiness(ml_ladder, member(ml_ladder, "Ana", 3), target="L5", today=TODAY)
    assert found.next_level == "L5" and found.window is None  # the guides time single steps only
    assert all(gap.expected == 4 for gap in found.gaps)


def test_time_in_level_against_the_guides_window(ml_ladder: Framework) -> None:
    # The step from L2 to L3 realistically takes 3-4 years in the built-in ladder.
    def status(since: dt.date) -> str:
        return readiness(ml_ladder, member(ml_ladder, "A", 2, since=since), today=TODAY).window_status

    assert status(dt.date(2025, 12, 1)) == "early"
    assert status(dt.date(2023, 6, 1)) == "within"
    assert status(dt.date(2020, 1, 1)) == "past"
    assert readiness(ml_ladder, member(ml_ladder, "A", 2), today=TODAY).window_status == "unknown"
    stuck = team_matrix(ml_ladder, [member(ml_ladder, "Stuck", 2, since=dt.date(2020, 1, 1))], today=TODAY)
    assert [risk.kind for risk in team_risks(stuck)].count("past-window") == 1


def test_readiness_names_how_to_build_the_packet(ml_ladder: Framework) -> None:
    stored = member(ml_ladder, "Ana", 3)
    from_store = Member(stored.name, stored.profile, stored.assessment, person_id=7)
    assert "/people/7/packet?target=L4" in readiness(ml_ladder, from_store, today=TODAY).packet
    assert "mlladder.packet(store, 7, framework, 'L4')" in readiness(ml_ladder, from_store, today=TODAY).packet
    assert "mlladder serve" in readiness(ml_ladder, stored, today=TODAY).packet


def test_managers_are_judged_on_their_own_track(ml_ladder: Framework) -> None:
    lead = member(ml_ladder, "Lead", 3, held="M1", people_management=3, delivery=3, hiring_and_team_building=2)
    lead = Member(lead.name, lead.profile.model_copy(), lead.assessment, held_level="M1")
    matrix = team_matrix(ml_ladder, [lead], today=TODAY)
    cells = {cell.competency: cell for cell in matrix.rows[0].cells}
    assert cells["people-management"].rating == 3.0 and cells["people-management"].status == "at"
    found = readiness(ml_ladder, lead, today=TODAY)
    assert found.next_level == "M2" and "people-management" in {gap.competency for gap in found.gaps}


def test_an_empty_team_is_an_error(ml_ladder: Framework) -> None:
    with pytest.raises(RosterError, match="no one in the team matches"):
        team_matrix(ml_ladder, [])


def test_the_example_team(ml_ladder: Framework) -> None:
    matrix = team_matrix(ml_ladder, roster_from_folder(ml_ladder, TEAM), today=TODAY)
    assert matrix.needed_level == "L3" and len(matrix.rows) == 14
    assert matrix.level_mix == {"L1": 2, "L2": 3, "L3": 4, "L4": 2, "M1": 2, "M2": 1}
    single = {item.id: item.holders for item in matrix.coverage if item.single_point}
    assert single == {"research": ("Kim Sample",), "mlops": ("Mo Invented",)}
    # By team, the highest level first, then by name; the director, in no team, last.
    assert [row.name for row in matrix.rows][:3] == ["Fern Madeup", "Mo Invented", "Nia Example"]
    assert matrix.rows[-1].name == "Dana Fictional"
    kim = next(row for row in matrix.rows if row.name == "Kim Sample")
    assert (kim.level, kim.placed_level, kim.readiness.band) == ("L2", "L3", "one-gap")


def test_by_team_gives_each_team_its_own_needed_level(ml_ladder: Framework) -> None:
    teams = by_team(ml_ladder, roster_from_folder(ml_ladder, TEAM), today=TODAY)
    assert list(teams) == ["(no team)", "platform", "ranking"]
    assert [row.name for row in teams["(no team)"].rows] == ["Dana Fictional"]
    assert len(teams["ranking"].rows) == 7 and len(teams["platform"].rows) == 6


def test_csv_has_a_row_per_person_and_defuses_formulas(ml_ladder: Framework) -> None:
    team = [member(ml_ladder, "=HYPERLINK(1)", 3), member(ml_ladder, "Ben", 2)]
    rows = list(csv.reader(io.StringIO(matrix_csv(team_matrix(ml_ladder, team, today=TODAY)))))
    assert rows[0][:4] == ["name", "team", "manager", "level"] and "mlops expected" in rows[0]
    assert rows[1][0] == "'=HYPERLINK(1)" and rows[2][0] == "Ben"
    assert rows[2][rows[0].index("mlops")] == "2.00" and rows[2][rows[0].index("mlops expected")] == "2"


def test_matrix_data_keys(ml_ladder: Framework) -> None:
    data = matrix_data(team_matrix(ml_ladder, [member(ml_ladder, "Ana", 3)], today=TODAY), skills=True)
    assert set(data) == {
        "framework", "needed_level", "level_mix", "competencies", "people", "coverage", "skill_coverage", "risks"
    }  # fmt: skip
    person = data["people"][0]
    assert person["ratings"]["mlops"] == {"rating": 3.0, "expected": 3, "status": "at"}
    assert person["readiness"]["band"] == "further" and "skills" in person


def test_ready_with_unrated_competencies_says_so(ml_ladder: Framework) -> None:
    given = {"mlops": 3, "system-design": 3}
    profile = Profile(framework=ml_ladder.id, name="Few", ratings={"self": given, "manager": given})
    few = Member("Few", profile, assess(profile, ml_ladder), held_level="L2")
    found = readiness(ml_ladder, few, today=TODAY)
    assert found.band == "ready" and len(found.unverified) == 9
    assert found.summary == "ready for L3 (9 not rated)"
