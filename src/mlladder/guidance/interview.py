"""Interview preparation: a level's questions grouped by competency, the person's gaps first, each question
marked by where it comes from (an article, or written for this ladder) with its citations.

Grouping rule: a question is listed once. It goes under the first focus competency it tests (focus in the order
given), else under the first competency it names; a question that names none goes under "other". Focus groups come
first in focus order, then the other competencies in the framework's order, then "other".
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, Literal

from mlladder.assess.gaps import gaps
from mlladder.assess.placement import Assessment
from mlladder.assess.profile import Profile
from mlladder.framework.ladder import get_competency, get_level
from mlladder.framework.schema import Framework, InterviewQuestion
from mlladder.framework.sources import WRITTEN_HERE, Citation, cite, provenance, titles_data

__all__ = [
    "OTHER",
    "CompetencyQuestions",
    "InterviewPrep",
    "PrepQuestion",
    "gap_focus",
    "interview_prep",
    "interview_prep_data",
]

Origin = Literal["article", "editorial"]
ORIGIN_LABELS: dict[Origin, str] = {"article": "article", "editorial": WRITTEN_HERE}
OTHER = "other"  # the group of questions that name no competency


@dataclass(frozen=True)
class PrepQuestion:
    """One interview question with what a strong answer covers and where the question comes from."""

    id: str
    level: str
    kind: str
    question: str
    strong_answer: tuple[str, ...]
    competencies: tuple[str, ...]
    origin: Origin  # "article" when any source is an article, else "editorial" (written for this ladder)
    provenance: str  # 'from “Title”', 'written for this ladder' or both, for people to read
    citations: tuple[Citation, ...]

    @property
    def origin_label(self) -> str:
        return ORIGIN_LABELS[self.origin]


@dataclass(frozen=True)
class CompetencyQuestions:
    """The questions listed under one competency (``competency`` is ``"other"`` for those that name none)."""

    competency: str
    name: str
    focus: bool  # one of the person's gaps
    questions: tuple[PrepQuestion, ...]


@dataclass(frozen=True)
class InterviewPrep:
    """A level's interview questions, grouped by competency, focus competencies first."""

    framework: str
    level: str
    level_title: str
    focus: tuple[str, ...]
    groups: tuple[CompetencyQuestions, ...]
    topics: tuple[tuple[str, str], ...]  # (id, name) of every competency the level's questions test, framework order

    @property
    def questions(self) -> tuple[PrepQuestion, ...]:
        """Every question once, in the listing's order."""
        return tuple(question for group in self.groups for question in group.questions)

    def group_of(self, question_id: str) -> str:
        """The competency a question is listed under."""
        for group in self.groups:
            if any(question.id == question_id for question in group.questions):
                return group.competency
        return OTHER


def interview_prep(framework: Framework, level_id: str, focus: Sequence[str] = ()) -> InterviewPrep:
    """The level's questions grouped by competency, ``focus`` (the person's gaps, in order) first.

    An unknown level raises :class:`~mlladder.errors.UnknownLevel`, an unknown focus competency
    :class:`~mlladder.errors.UnknownCompetency`."""
    level = get_level(framework, level_id)
    wanted = tuple(dict.fromkeys(get_competency(framework, competency).id for competency in focus))
    questions = [_prep_question(framework, item) for item in framework.interview_questions if item.level == level.id]
    placed: dict[str, list[PrepQuestion]] = {}
    for question in questions:
        placed.setdefault(_home(question, wanted), []).append(question)
    names = {competency.id: competency.name for competency in framework.competencies}
    order = [*wanted, *(c.id for c in framework.competencies if c.id not in wanted), OTHER]
    groups = tuple(
        CompetencyQuestions(key, names.get(key, "Other"), key in wanted, tuple(placed[key]))
        for key in order
        if key in placed
    )
    tested = {competency for question in questions for competency in question.competencies}
    topics = tuple((c.id, c.name) for c in framework.competencies if c.id in tested)
    return InterviewPrep(framework.id, level.id, level.title, wanted, groups, topics)


def _home(question: PrepQuestion, focus: tuple[str, ...]) -> str:
    """The group a question is listed under: its first focus competency, else its first competency."""
    for competency in focus:
        if competency in question.competencies:
            return competency
    return question.competencies[0] if question.competencies else OTHER


def _prep_question(framework: Framework, item: InterviewQuestion) -> PrepQuestion:
    citations = tuple(cite(framework, item.sources))
    # Mixed sources mean an article's question completed by our own text: it still comes from the article.
    origin: Origin = "article" if any(citation.article for citation in citations) else "editorial"
    return PrepQuestion(
        id=item.id,
        level=item.level,
        kind=item.kind,
        question=item.question,
        strong_answer=tuple(item.strong_answer),
        competencies=tuple(item.competencies),
        origin=origin,
        provenance=provenance(list(citations)) or WRITTEN_HERE,
        citations=citations,
    )


def gap_focus(
    profile: Profile, framework: Framework, level_id: str, assessment: Assessment | None = None
) -> tuple[str, ...]:
    """The person's gaps towards ``level_id``, in the order to raise them: the ``focus`` of :func:`interview_prep`."""
    report = gaps(profile, framework, target=level_id, assessment=assessment)
    return tuple(gap.competency for gap in report.gaps)


# -- JSON view -----------------------------------------------------------------------------------------------------


def question_data(question: PrepQuestion) -> dict[str, Any]:
    return {
        "id": question.id,
        "kind": question.kind,
        "question": question.question,
        "strong_answer": list(question.strong_answer),
        "competencies": list(question.competencies),
        "origin": question.origin,
        "origin_label": question.origin_label,
        "provenance": question.provenance,
        "sources": titles_data(question.citations),
    }


def interview_prep_data(prep: InterviewPrep) -> dict[str, Any]:
    """``mlladder interview --list --format json``; the keys are documented in docs/interview.md:

    ``framework``, ``level``, ``level_title``, ``focus`` (competency ids), ``question_count`` and ``groups``: each
    ``{competency, name, focus, questions}``, a question ``{id, kind, question, strong_answer, competencies,
    origin ("article" | "editorial"), origin_label, provenance, sources: [{title, article}]}``.
    """
    return {
        "framework": prep.framework,
        "level": prep.level,
        "level_title": prep.level_title,
        "focus": list(prep.focus),
        "question_count": len(prep.questions),
        "groups": [
            {
                "competency": group.competency,
                "name": group.name,
                "focus": group.focus,
                "questions": [question_data(question) for question in group.questions],
            }
            for group in prep.groups
        ],
    }
