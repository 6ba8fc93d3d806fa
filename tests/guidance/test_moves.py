"""Moving into ML and getting hired: timelines by background, the first-role rule both ways, foundations in
prerequisite order, portfolio projects at the right level, the first offer's pay and the negotiation advice."""

from __future__ import annotations

import re
from collections import Counter
from pathlib import Path

import pytest

from mlladder import Framework, load_framework
from mlladder.framework.ladder import domain_skills
from mlladder.guidance.moves import MoveGuidance, get_hired, hiring_data, move_data, move_into_ml
from tests.conftest import EXAMPLE_FRAMEWORK, ROOT
from tests.guidance.profiles import changer, person, ratings, write_profile

TIME_ROW = re.compile(r"^\| `([a-z-]+)` \| (\d+)-(\d+) months \|", re.M)
ARTICLE = "Career Path: ML Engineer (role overview with levels, pay and interview preparation)"
LOW_ENGINEERING = {"research": 1, "data-engineering": 1, "software-engineering": 1, "mlops": 0, "performance": 1,
                   "system-design": 1, "communication": 1, "leadership": 1, "business-impact": 1}  # fmt: skip


def move(path: Path, ladder: Framework) -> MoveGuidance:
    profile, assessment = person(path, ladder)
    guidance = move_into_ml(ladder, profile, assessment)
    assert guidance is not None
    return guidance


@pytest.mark.parametrize(
    ("background", "months", "text"),
    [
        ("data-science", (3, 6), "A move from data science usually takes 3-6 months, with a related technical"),
        ("backend", (6, 12), "A move from backend engineering usually takes 6-12 months, while learning the ML"),
        ("research", (3, 6), "A move from research usually takes 3-6 months, with a related technical background."),
        ("other", (6, 12), "A move from another field usually takes 6-12 months, while learning the ML"),
    ],
)
def test_each_background_has_the_articles_timeline(
    background: str, months: tuple[int, int], text: str, ml_ladder: Framework, tmp_path: Path
) -> None:
    guidance = move(changer(tmp_path, background, ml_fundamentals=1, deep_learning=1), ml_ladder)
    timeline = guidance.timeline
    assert guidance.background == background
    assert timeline.min_years is not None and timeline.max_years is not None
    assert (round(timeline.min_years * 12), round(timeline.max_years * 12)) == months
    assert timeline.text.text.startswith(text)
    assert [citation.title for citation in timeline.text.citations] == [ARTICLE]
    assert ".txt" not in timeline.text.text
    data = move_data(guidance)["timeline"]
    assert (data["min_months"], data["max_months"]) == months


def test_a_move_without_a_field_is_a_move_from_another_field(ml_ladder: Framework, tmp_path: Path) -> None:
    guidance = move(changer(tmp_path, None, ml_fundamentals=1, deep_learning=1), ml_ladder)
    assert guidance.background == "other" and guidance.timeline.name == "From another field"


def test_backend_with_weak_core_aims_for_junior(ml_ladder: Framework, tmp_path: Path) -> None:
    guidance = move(changer(tmp_path, "backend", ml_fundamentals=1, deep_learning=0), ml_ladder)
    role = guidance.first_role
    assert role.level == "L1" and role.title == "Junior ML Engineer"
    assert {check.rule: check.met for check in role.checks} == {"core": False, "profile": True, "years": True}
    assert "the core does not support L2 yet" in role.text.text
    assert "re-assess once the foundations are in" in role.text.text  # the plan still aims at L2
    assert guidance.plan_target == "L2"


def test_backend_with_solid_core_aims_for_mid(ml_ladder: Framework, tmp_path: Path) -> None:
    guidance = move(changer(tmp_path, "backend", ml_fundamentals=2, deep_learning=2), ml_ladder)
    role = guidance.first_role
    assert role.level == "L2" and role.title == "ML Engineer"
    assert all(check.met for check in role.checks)
    assert role.text.text.startswith("Aim for ML Engineer (L2) as your first ML role: the core")


def test_a_data_scientist_without_production_engineering_aims_for_junior(ml_ladder: Framework, tmp_path: Path) -> None:
    path = write_profile(
        tmp_path,
        goal={"kind": "move-into-ml", "from": "data-science"},
        years_experience=4,
        ratings={**ratings(ml_fundamentals=3, deep_learning=2), **LOW_ENGINEERING},
    )
    role = move(path, ml_ladder).first_role
    assert role.level == "L1"
    assert {check.rule: check.met for check in role.checks} == {"core": True, "profile": False, "years": True}
    assert "production engineering" in role.checks[1].text.text


@pytest.mark.parametrize(("background", "years"), [("other", 6), ("research", 1), ("backend", None)])
def test_years_count_only_from_a_related_field_and_only_from_two(
    background: str, years: float | None, ml_ladder: Framework, tmp_path: Path
) -> None:
    role = move(changer(tmp_path, background, years, ml_fundamentals=3, deep_learning=3), ml_ladder).first_role
    assert role.level == "L1"
    assert {check.rule: check.met for check in role.checks} == {"core": True, "profile": True, "years": False}
    assert "2+ years" in role.checks[2].text.text
    assert "re-assess once the foundations are in" not in role.text.text  # the core is not what is missing


def test_foundations_are_the_core_gaps_with_skills_in_prerequisite_order(ml_ladder: Framework, tmp_path: Path) -> None:
    guidance = move(changer(tmp_path, "backend", ml_fundamentals=1, deep_learning=0), ml_ladder)
    assert [item.competency for item in guidance.foundations] == ["ml-fundamentals", "deep-learning"]
    order = list(guidance.foundation_skills)
    assert set(order) == {skill.id for item in guidance.foundations for skill in item.skills}
    skills = {skill.id: skill for skill in ml_ladder.skills}
    for position, skill in enumerate(order):
        assert all(order.index(p) < position for p in skills[skill].prerequisites if p in order), skill
    assert order.index("supervised-learning") < order.index("scikit-learn")  # scikit-learn builds on it
    assert order.index("neural-networks") < order.index("pytorch")
    first = guidance.foundations[0]
    assert first.text.text.startswith("ML fundamentals and statistics: 1.0 now, 2 expected at L2; learn ")


def test_no_foundations_when_the_core_already_meets_the_target(ml_ladder: Framework, tmp_path: Path) -> None:
    guidance = move(changer(tmp_path, "research", ml_fundamentals=3, deep_learning=3), ml_ladder)
    assert guidance.foundations == () and guidance.foundation_skills == ()


@pytest.mark.parametrize(("core", "level"), [(1, "L1"), (2, "L2")])
def test_projects_are_at_the_first_role_level_and_prove_the_foundations(
    core: int, level: str, ml_ladder: Framework, tmp_path: Path
) -> None:
    path = changer(tmp_path, "backend", ml_fundamentals=core, deep_learning=core)
    guidance = move(path, ml_ladder)
    assert guidance.first_role.level == level
    assert guidance.projects and all(pick.project.level == level for pick in guidance.projects)
    owned = domain_skills(ml_ladder)
    assert not any(skill in owned for pick in guidance.projects for skill in pick.project.skills)  # no specialisation
    if guidance.foundations:
        assert guidance.projects[0].foundations  # the first one exercises a foundation


def test_a_specialist_gets_a_project_of_their_specialisation_first(ml_ladder: Framework, tmp_path: Path) -> None:
    graduate = {**ratings(ml_fundamentals=2, deep_learning=2), **LOW_ENGINEERING}
    path = write_profile(tmp_path, goal="get-hired", years_experience=0, specialisation="computer-vision",
                         ratings=graduate)  # fmt: skip
    profile, assessment = person(path, ml_ladder)
    hiring = get_hired(ml_ladder, profile, assessment)
    assert hiring is not None
    assert hiring.projects[0].project.id == "l1-image-classification-model"
    assert hiring.projects[0].specialisation == ("computer-vision",)


def test_get_hired_gives_projects_interviews_pay_and_negotiation(ml_ladder: Framework, tmp_path: Path) -> None:
    graduate = {**ratings(ml_fundamentals=2, deep_learning=1), **LOW_ENGINEERING}
    path = write_profile(tmp_path, goal="get-hired", years_experience=0, region="US", ratings=graduate)
    profile, assessment = person(path, ml_ladder)
    hiring = get_hired(ml_ladder, profile, assessment)
    assert hiring is not None and hiring.level == assessment.level == "L1"
    assert all(pick.project.level == "L1" for pick in hiring.projects)
    expected = Counter(q.kind for q in ml_ladder.interview_questions if q.level == "L1")
    assert {item.kind: len(item.ids) for item in hiring.interviews.kinds} == dict(expected)
    assert hiring.interviews.total == sum(expected.values())
    assert hiring.interviews.text.text.startswith(f"Practise the {hiring.interviews.total} interview questions at L1")
    offer = hiring.pay.aimed
    assert offer.level.id == "L1" and offer.region == "US" and offer.market is not None
    assert hiring.pay.region_basis == "profile"
    assert [item.text for item in hiring.negotiation] == [advice.text for advice in ml_ladder.negotiation]
    titles = {source.id: source.title for source in ml_ladder.sources}
    for item, advice in zip(hiring.negotiation, ml_ladder.negotiation, strict=True):
        assert [c.title for c in item.citations] == [titles[s] for s in advice.sources]
    data = hiring_data(hiring)
    assert data["pay"]["current"]["level"] == "L1" and data["pay"]["target"] is None
    assert data["interviews"]["by_kind"]["conceptual"][0].startswith("l1-")


def test_get_hired_at_a_named_level_prices_that_level(ml_ladder: Framework, tmp_path: Path) -> None:
    graduate = {**ratings(ml_fundamentals=2, deep_learning=1), **LOW_ENGINEERING}
    path = write_profile(tmp_path, goal={"kind": "get-hired", "level": "L2"}, years_experience=0, ratings=graduate)
    profile, assessment = person(path, ml_ladder)
    hiring = get_hired(ml_ladder, profile, assessment)
    assert hiring is not None and hiring.level == "L2"
    assert hiring.pay.aimed.level.id == "L2" and hiring.pay.current.level.id == assessment.level
    assert all(pick.project.level == "L2" for pick in hiring.projects)


def test_other_goals_get_neither_guidance(ml_ladder: Framework) -> None:
    profile, assessment = person(ROOT / "examples" / "profiles" / "mid.yaml", ml_ladder)
    assert move_into_ml(ml_ladder, profile, assessment) is None
    assert get_hired(ml_ladder, profile, assessment) is None


def test_the_examples_are_a_career_changer_and_a_new_graduate(ml_ladder: Framework) -> None:
    examples = ROOT / "examples" / "profiles"
    mover, assessment = person(examples / "backend-to-ml.yaml", ml_ladder)
    guidance = move_into_ml(ml_ladder, mover, assessment)
    assert guidance is not None and guidance.background == "backend" and guidance.first_role.level == "L1"
    assert [check.met for check in guidance.first_role.checks] == [False, True, True]  # as docs/moves.md shows
    graduate, assessment = person(examples / "new-graduate.yaml", ml_ladder)
    assert get_hired(ml_ladder, graduate, assessment) is not None


def test_the_moves_doc_gives_each_backgrounds_time_as_the_ladder_does(ml_ladder: Framework) -> None:
    text = (ROOT / "docs" / "moves.md").read_text(encoding="utf-8")
    documented = {field: (int(low), int(high)) for field, low, high in TIME_ROW.findall(text)}
    assert documented == {
        move.id: (round(move.duration.min_years * 12), round(move.duration.max_years * 12))
        for move in ml_ladder.moves_in
        if move.duration is not None
    }


def test_a_framework_without_moves_or_core_says_so(tmp_path: Path) -> None:
    """A user's framework may lack moves_in, core competencies and negotiation advice: the guidance says what is
    missing instead of inventing it."""
    ladder = load_framework(EXAMPLE_FRAMEWORK)
    given = {"statistics": 2, "experimentation": 2, "programming": 2, "communication": 2, "product-sense": 2}
    path = write_profile(tmp_path, goal={"kind": "move-into-ml", "from": "backend"}, years_experience=3,
                         ratings=given, framework=ladder.id)  # fmt: skip
    guidance = move(path, ladder)
    assert guidance.timeline.min_years is None and guidance.timeline.advice == ()
    assert guidance.timeline.text.text == "The framework gives no time for a move from backend engineering."
    assert guidance.foundations == ()
    assert guidance.first_role.checks[0].text.text == "The framework marks no core competencies."
    assert guidance.first_role.level == "DS2"  # no core to hold it back; 3 years in a related field
    hired = write_profile(tmp_path, "hired.yaml", goal="get-hired", ratings=given, framework=ladder.id)
    profile, assessment = person(hired, ladder)
    hiring = get_hired(ladder, profile, assessment)
    assert hiring is not None and hiring.negotiation == ()
