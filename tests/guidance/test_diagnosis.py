"""The diagnosis rules, each both ways: a profile that triggers the rule and a close one that does not.

Profiles are invented here and loaded from real files through the profile validation; ``today`` is fixed so
time in a level is exact.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import pytest
import yaml

from mlladder import Framework, assess, load_profile
from mlladder.guidance.diagnosis import Diagnosis, Situation, diagnose
from tests.conftest import SEEDS

TODAY = dt.date(2026, 6, 1)
COMPETENCIES = (
    "ml-fundamentals",
    "deep-learning",
    "research",
    "data-engineering",
    "software-engineering",
    "mlops",
    "performance",
    "system-design",
    "communication",
    "leadership",
    "business-impact",
)
# Above an L2 engineer on the hands-on side, at L2 on design, communication and business impact.
HANDS_ON = {"data-engineering": 3, "software-engineering": 3, "mlops": 3}


def person(tmp_path: Path, ladder: Framework, ratings: dict[str, int] | None = None, **fields: Any) -> Diagnosis:
    """Diagnose a mid-level engineer (every competency 2 from self and manager unless ``ratings`` says otherwise)
    written to a YAML file with ``fields`` and loaded like any profile."""
    rated = dict.fromkeys(COMPETENCIES, 2) | (ratings or {})
    data = {"name": "Sam Example", "years_experience": 4, "ratings": {"self": rated, "manager": rated}, **fields}
    path = tmp_path / "person.yaml"
    path.write_text(yaml.safe_dump(data, sort_keys=False), encoding="utf-8")
    profile = load_profile(path, ladder)
    return diagnose(ladder, profile, assess(profile, ladder), today=TODAY)


def rules(diagnosis: Diagnosis) -> list[str]:
    return [situation.rule for situation in diagnosis.situations]


def situation(diagnosis: Diagnosis, rule: str) -> Situation:
    return next(item for item in diagnosis.situations if item.rule == rule)


# -- stuck -----------------------------------------------------------------------------------------------------------


def test_past_the_realistic_window_is_stuck(tmp_path: Path, ml_ladder: Framework) -> None:
    found = person(tmp_path, ml_ladder, in_level_since=dt.date(2022, 4, 1))  # 4.17 years; L2 -> L3 takes 3-4
    assert found.level == "L2" and found.step_up == "L3"
    stuck = situation(found, "stuck")
    assert stuck.why[0].startswith("In L2 since 2022-04-01: 4.2 years, past the 3-4 years the step to L3")
    assert "Junior to Senior: ML Engineer Career Path" in stuck.why[0]
    remedies = [advice.text for advice in stuck.advice if advice.origin_id == "stuck-at-mid"]
    assert remedies == next(challenge.remedies for challenge in ml_ladder.challenges if challenge.id == "stuck-at-mid")
    assert {advice.origin_id for advice in stuck.advice if advice.origin == "accelerator"} >= {"close-skill-gaps"}
    assert all(advice.citations for advice in stuck.advice)


def test_just_inside_the_window_is_not_stuck(tmp_path: Path, ml_ladder: Framework) -> None:
    found = person(tmp_path, ml_ladder, in_level_since=dt.date(2022, 8, 1))  # 3.83 years
    assert "stuck" not in rules(found)
    view = found.switch_or_stay
    assert view is not None
    blocked = next(point for point in view.considerations if point.signal == "promotion-blocked")
    assert blocked.holds is False and blocked.why.startswith("3.8 years in L2, within the 3-4 years")


def test_two_passed_over_reviews_are_stuck_and_one_is_not(tmp_path: Path, ml_ladder: Framework) -> None:
    reviews = [{"date": "2024-03-01", "outcome": "passed-over"}, {"date": "2025-03-01", "outcome": "passed-over"}]
    twice = person(tmp_path, ml_ladder, in_level_since="2023-06-01", promotion_reviews=reviews)
    assert situation(twice, "stuck").why[0] == "Passed over for promotion 2 times at L2 (2024-03-01, 2025-03-01)."
    once = person(tmp_path, ml_ladder, in_level_since="2023-06-01", promotion_reviews=reviews[1:])
    assert "stuck" not in rules(once)


def test_reviews_before_reaching_the_level_do_not_count(tmp_path: Path, ml_ladder: Framework) -> None:
    reviews = [
        {"date": "2021-03-01", "outcome": "passed-over"},  # at the level below
        {"date": "2022-03-01", "outcome": "promoted"},
        {"date": "2025-03-01", "outcome": "passed-over"},
    ]
    assert "stuck" not in rules(person(tmp_path, ml_ladder, promotion_reviews=reviews))
    reviews.append({"date": "2026-03-01", "outcome": "passed-over"})
    assert "stuck" in rules(person(tmp_path, ml_ladder, promotion_reviews=reviews))


def test_stuck_names_the_levels_typical_gaps(tmp_path: Path, ml_ladder: Framework) -> None:
    low = person(tmp_path, ml_ladder, {"leadership": 1}, in_level_since="2021-01-01")
    assert "Your first gaps include Leadership and mentoring: the gaps typical of “stuck at mid level”." in (
        situation(low, "stuck").why
    )


# -- code to design ------------------------------------------------------------------------------------------------


def test_strong_hands_on_and_short_on_design_is_the_code_to_design_shift(tmp_path: Path, ml_ladder: Framework) -> None:
    found = person(tmp_path, ml_ladder, HANDS_ON)
    shift = situation(found, "code-to-design")
    assert shift.why == (
        "Hands-on work meets the L2 expectation throughout, and Data and feature engineering, Software engineering "
        "craft and MLOps and production already reach L3.",
        "Short of L3 on the design side: ML system design and architecture 2.0 of 3; Communication and "
        "collaboration 2.0 of 3; Business impact and strategy 2.0 of 3.",
    )
    assert {advice.origin_id for advice in shift.advice} == {"code-centric-mid", "practise-ml-design"}
    assert [citation.title for citation in shift.citations] == [
        "Code to design: junior to senior in ML engineering (essay)"
    ]


def test_one_design_shortfall_is_not_the_shift(tmp_path: Path, ml_ladder: Framework) -> None:
    found = person(tmp_path, ml_ladder, HANDS_ON | {"system-design": 3, "communication": 3})
    assert found.level == "L2" and "code-to-design" not in rules(found)


def test_without_strong_hands_on_work_it_is_not_the_shift(tmp_path: Path, ml_ladder: Framework) -> None:
    assert "code-to-design" not in rules(person(tmp_path, ml_ladder))


# -- no sponsor ----------------------------------------------------------------------------------------------------


def test_sponsor_false_is_the_no_sponsor_situation(tmp_path: Path, ml_ladder: Framework) -> None:
    found = person(tmp_path, ml_ladder, sponsor=False)
    missing = situation(found, "no-sponsor")
    assert missing.why == ("The profile says nobody senior argues for your promotion (sponsor: false).",)
    assert "invisible-work" in {advice.origin_id for advice in missing.advice}
    assert any(not citation.article for citation in missing.citations)  # the editorial part is marked as such


def test_sponsor_true_settles_it(tmp_path: Path, ml_ladder: Framework) -> None:
    assert "no-sponsor" not in rules(person(tmp_path, ml_ladder, {"communication": 1}, sponsor=True))


def test_invisible_work_and_weak_communication_is_the_no_sponsor_situation(
    tmp_path: Path, ml_ladder: Framework
) -> None:
    evidence = [{"text": "Cut the nightly training job from 6 hours to 2"}]
    found = person(tmp_path, ml_ladder, {"communication": 1}, evidence=evidence)
    assert situation(found, "no-sponsor").why == (
        "The profile names no sponsor, and none of its 1 evidence item shows work seen beyond your team.",
        "Below the L2 expectation on Communication and collaboration.",
    )


def test_visible_work_in_the_evidence_clears_it(tmp_path: Path, ml_ladder: Framework) -> None:
    evidence = [{"text": "Presented the new ranking design to three teams and their directors"}]
    assert "no-sponsor" not in rules(person(tmp_path, ml_ladder, {"communication": 1}, evidence=evidence))


def test_invisible_work_at_the_level_is_not_enough(tmp_path: Path, ml_ladder: Framework) -> None:
    assert "no-sponsor" not in rules(person(tmp_path, ml_ladder))  # communication meets L2


# -- what speeds the step ------------------------------------------------------------------------------------------


def test_the_first_gaps_bring_the_accelerators_for_them(tmp_path: Path, ml_ladder: Framework) -> None:
    faster = situation(person(tmp_path, ml_ladder, {"business-impact": 1}), "speed-up")
    assert faster.why[0].startswith("Your first gaps towards L3: Business impact and strategy")
    assert faster.advice[0].origin_id in {"high-impact-projects", "increase-impact"}
    assert all(advice.origin == "accelerator" for advice in faster.advice)


def test_no_gaps_no_accelerators(tmp_path: Path, ml_ladder: Framework) -> None:
    top = dict.fromkeys(COMPETENCIES, 4)
    found = person(tmp_path, ml_ladder, top, years_experience=14)
    assert found.level == "L5" and found.step_up is None and found.situations == ()


def test_an_accelerator_shown_for_a_situation_is_not_repeated(tmp_path: Path, ml_ladder: Framework) -> None:
    found = person(tmp_path, ml_ladder, {"communication": 1}, sponsor=False)
    sponsor = {advice.origin_id for advice in situation(found, "no-sponsor").advice}
    faster = {advice.origin_id for advice in situation(found, "speed-up").advice}
    assert "build-visibility" in sponsor and not sponsor & faster


# -- switch or stay ------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(("years", "stage"), [(4.9, "Early career"), (5, "Mid career"), (9.5, "Mid career")])
def test_years_give_the_career_stage(tmp_path: Path, ml_ladder: Framework, years: float, stage: str) -> None:
    view = person(tmp_path, ml_ladder, years_experience=years).switch_or_stay
    assert view is not None and view.stage is not None and view.stage.name == stage
    assert view.stage.citations[0].title.startswith("Junior to Senior")


def test_past_the_stages_there_is_no_stage(tmp_path: Path, ml_ladder: Framework) -> None:
    view = person(tmp_path, ml_ladder, years_experience=12).switch_or_stay
    assert view is not None and view.stage is None


def test_stuck_leans_towards_switching(tmp_path: Path, ml_ladder: Framework) -> None:
    view = person(tmp_path, ml_ladder, in_level_since="2021-01-01").switch_or_stay
    assert view is not None and view.lean == "switch"
    holding = [(point.side, point.text) for point in view.considerations if point.holds]
    assert holding == [("switch", "Your route to promotion is blocked")]
    assert "Stuck at the current level." in view.facts
    assert all(point.citations for point in view.considerations)


def test_a_clear_path_and_a_sponsor_lean_towards_staying(tmp_path: Path, ml_ladder: Framework) -> None:
    view = person(tmp_path, ml_ladder, in_level_since="2025-01-01", sponsor=True).switch_or_stay
    assert view is not None and view.lean == "stay"
    assert [point.signal for point in view.considerations if point.holds] == ["clear-path", "sponsors"]


def test_stuck_with_a_sponsor_is_open(tmp_path: Path, ml_ladder: Framework) -> None:
    view = person(tmp_path, ml_ladder, in_level_since="2021-01-01", sponsor=True).switch_or_stay
    assert view is not None and view.lean == "open" and view.summary.startswith("Reasons on both sides hold")


def test_without_history_nothing_is_decided(tmp_path: Path, ml_ladder: Framework) -> None:
    view = person(tmp_path, ml_ladder).switch_or_stay
    assert view is not None and view.lean == "open"
    assert {point.holds for point in view.considerations} == {None}
    assert view.summary == "The profile settles none of the reasons; weigh each of them yourself."


def test_the_goal_is_among_the_facts(tmp_path: Path, ml_ladder: Framework) -> None:
    view = person(tmp_path, ml_ladder, goal="get-hired").switch_or_stay
    assert view is not None and view.facts[-1].startswith("Goal: to get hired")


# -- frameworks without guidance -----------------------------------------------------------------------------------


def test_a_framework_without_guidance_sections_finds_nothing(tmp_path: Path, example_data: dict[str, Any]) -> None:
    for section in ("challenges", "accelerators", "switching"):
        example_data.pop(section, None)
    path = tmp_path / "ladder.yaml"
    path.write_text(yaml.safe_dump(example_data, sort_keys=False), encoding="utf-8")
    from mlladder import load_framework

    ladder = load_framework(path)
    profile_path = tmp_path / "ds.yaml"
    profile_path.write_text(
        "in_level_since: 2015-01-01\nsponsor: false\nratings: {self: {statistics: 2, communication: 0}}\n"
        "promotion_reviews: [{date: 2020-01-01, outcome: passed-over}, {date: 2021-01-01, outcome: passed-over}]\n",
        encoding="utf-8",
    )
    profile = load_profile(profile_path, ladder)
    found = diagnose(ladder, profile, assess(profile, ladder), today=TODAY)
    assert found.situations == () and found.switch_or_stay is None


def test_untagged_guidance_is_not_shown_as_a_situation(tmp_path: Path, example_data: dict[str, Any]) -> None:
    from mlladder import load_framework

    path = tmp_path / "ladder.yaml"
    path.write_text(yaml.safe_dump(example_data, sort_keys=False), encoding="utf-8")
    ladder = load_framework(path)
    assert ladder.challenges and ladder.accelerators  # present, but naming no situation or competency
    profile_path = tmp_path / "ds.yaml"
    profile_path.write_text("in_level_since: 2015-01-01\nratings: {self: {statistics: 2}}\n", encoding="utf-8")
    profile = load_profile(profile_path, ladder)
    assert diagnose(ladder, profile, assess(profile, ladder), today=TODAY).situations == ()


# -- provenance ----------------------------------------------------------------------------------------------------


def test_every_advice_is_cited_by_title_never_by_file_name(tmp_path: Path, ml_ladder: Framework) -> None:
    found = person(tmp_path, ml_ladder, {"communication": 1, **HANDS_ON}, in_level_since="2021-01-01", sponsor=False)
    assert set(rules(found)) == {"stuck", "code-to-design", "no-sponsor", "speed-up"}
    files = {source.file for source in ml_ladder.sources if source.file}
    for item in found.situations:
        for advice in item.advice:
            assert advice.citations
            assert all(citation.title not in files and ".txt" not in citation.title for citation in advice.citations)
        assert not any(".txt" in line for line in item.why)


def test_the_texts_are_not_copied_from_the_articles(ml_ladder: Framework) -> None:
    if not SEEDS.is_dir():
        pytest.skip("the source articles are not here")
    articles = " ".join(path.read_text(encoding="utf-8").lower() for path in SEEDS.glob("*.txt"))
    articles = " ".join(articles.split())
    texts = [text for c in ml_ladder.challenges for text in (*c.symptoms, *c.remedies)]
    texts += [a.text for a in ml_ladder.accelerators] + [d for a in ml_ladder.accelerators for d in a.detail]
    copied = [text for text in texts if len(text.split()) >= 6 and text.lower().rstrip(".") in articles]
    assert copied == []


def test_one_passed_over_review_inside_the_window_is_a_clear_path(tmp_path: Path, ml_ladder: Framework) -> None:
    reviews = [{"date": "2026-03-01", "outcome": "passed-over"}]
    view = person(tmp_path, ml_ladder, in_level_since="2024-06-01", promotion_reviews=reviews).switch_or_stay
    assert view is not None
    path = next(point for point in view.considerations if point.signal == "clear-path")
    assert path.holds is True and path.why == (
        "2.0 years in L2, within the 3-4 years the step to L3 realistically takes; passed over once at L2."
    )


def test_an_assessment_on_another_framework_is_refused(
    tmp_path: Path, ml_ladder: Framework, example_data: dict[str, Any]
) -> None:
    from mlladder import InputError, load_framework

    path = tmp_path / "ladder.yaml"
    path.write_text(yaml.safe_dump(example_data, sort_keys=False), encoding="utf-8")
    other = load_framework(path)
    profile_path = tmp_path / "ds.yaml"
    profile_path.write_text("ratings: {self: {statistics: 2}}\n", encoding="utf-8")
    profile = load_profile(profile_path, other)
    with pytest.raises(InputError, match="the assessment is on framework 'data-scientist', not 'ml-engineer'"):
        diagnose(ml_ladder, profile, assess(profile, other))
