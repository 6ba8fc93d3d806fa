"""Interview preparation: questions by competency, gaps first, each marked by source and named by title."""

from __future__ import annotations

import json

import pytest

from mlladder import Framework, load_profile
from mlladder.errors import UnknownCompetency, UnknownLevel
from mlladder.framework.sources import WRITTEN_HERE
from mlladder.guidance.interview import OTHER, gap_focus, interview_prep, interview_prep_data
from tests.conftest import ROOT


def level_questions(framework: Framework, level: str) -> list[str]:
    return [question.id for question in framework.interview_questions if question.level == level]


def test_every_question_of_the_level_is_listed_once_focus_groups_first(ml_ladder: Framework) -> None:
    prep = interview_prep(ml_ladder, "l3", ["system-design", "mlops", "system-design"])
    assert (prep.level, prep.focus) == ("L3", ("system-design", "mlops"))
    assert sorted(question.id for question in prep.questions) == sorted(level_questions(ml_ladder, "L3"))
    assert [group.competency for group in prep.groups[:2]] == ["system-design", "mlops"]
    assert [group.focus for group in prep.groups] == [True, True] + [False] * (len(prep.groups) - 2)
    # A question testing a focus competency is listed under it even when it names another competency first.
    for group in prep.groups[:2]:
        assert all(group.competency in question.competencies for question in group.questions)
    framework_order = [competency.id for competency in ml_ladder.competencies]
    rest = [group.competency for group in prep.groups[2:]]
    assert rest == sorted(rest, key=framework_order.index)


def test_without_focus_a_question_goes_under_its_first_competency(ml_ladder: Framework) -> None:
    prep = interview_prep(ml_ladder, "L1")
    for group in prep.groups:
        assert not group.focus
        assert all(question.competencies[0] == group.competency for question in group.questions)
        assert group.competency != OTHER  # every built-in question names a competency


def test_questions_are_marked_by_origin_and_cite_titles_not_files(ml_ladder: Framework) -> None:
    prep = interview_prep(ml_ladder, "L3")
    by_id = {question.id: question for question in prep.questions}
    editorial = by_id["l3-kpi-drop-with-healthy-metrics"]
    assert (editorial.origin, editorial.origin_label, editorial.provenance) == ("editorial", WRITTEN_HERE, WRITTEN_HERE)
    article = by_id["l3-handling-concept-drift"]
    assert article.origin == "article" and article.origin_label == "article"
    assert article.provenance.startswith("from “Career Path: ML Engineer")
    mixed = [question for question in prep.questions if len({c.article for c in question.citations}) == 2]
    assert mixed and all(question.origin == "article" for question in mixed)
    assert all(question.provenance.endswith(WRITTEN_HERE) for question in mixed)


def test_the_json_view_has_the_documented_keys_and_no_file_names(ml_ladder: Framework) -> None:
    data = interview_prep_data(interview_prep(ml_ladder, "L3", ["mlops"]))
    assert set(data) == {"framework", "level", "level_title", "focus", "question_count", "groups"}
    assert data["focus"] == ["mlops"] and data["question_count"] == len(level_questions(ml_ladder, "L3"))
    question = data["groups"][0]["questions"][0]
    assert set(question) == {
        "id",
        "kind",
        "question",
        "strong_answer",
        "competencies",
        "origin",
        "origin_label",
        "provenance",
        "sources",
    }
    assert question["sources"][0] == {"title": question["sources"][0]["title"], "article": True}
    assert ".txt" not in json.dumps(data)


def test_unknown_level_and_competency_are_input_errors(ml_ladder: Framework) -> None:
    with pytest.raises(UnknownLevel, match="no level 'L9'"):
        interview_prep(ml_ladder, "L9")
    with pytest.raises(UnknownCompetency, match="no competency 'juggling'"):
        interview_prep(ml_ladder, "L3", ["juggling"])


def test_the_gaps_of_a_profile_become_the_focus(ml_ladder: Framework) -> None:
    profile = load_profile(ROOT / "examples" / "profiles" / "mid.yaml", ml_ladder)
    focus = gap_focus(profile, ml_ladder, "L3")
    assert focus  # a mid-level engineer falls short of senior somewhere
    prep = interview_prep(ml_ladder, "L3", focus)
    shown = [group.competency for group in prep.groups if group.focus]
    assert shown == [competency for competency in focus if competency in shown]
    assert shown and shown[0] == next(c for c in focus if c in {g.competency for g in prep.groups})
