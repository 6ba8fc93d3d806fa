"""Practising interview questions with spaced repetition (Leitner boxes on the self-rating).

The rule, also in docs/interview.md:

- Each answer is rated 0-4 against the points a strong answer covers (:data:`RATINGS`). An answer past the time
  limit counts as at most 1, whatever its rating: in an interview it would not have been finished.
- A question's box follows its answers in order: a good answer (3 or 4) moves it up one box (a first good answer
  puts it in box 2, box 5 at most); a weak one (0-2) sends it back to box 1.
- A question is due :data:`INTERVAL_DAYS` [box] days after its last answer: box 1 at once, box 5 after a month.
- A topic is a competency; its strength is the mean effective rating of the latest answer to each practised
  question that tests it (a question testing two competencies counts for both). Below :data:`WEAK_BELOW` it is
  weak; a question is as weak as the weakest topic it tests.
- A session takes due questions first (lowest box first, then the weakest topic, then the longest overdue), then new
  questions (those in weak topics first, then the listing's order, which puts the person's gaps first), then, if
  the session still has room, questions not yet due, soonest due first.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, Protocol

from mlladder.guidance.interview import InterviewPrep, PrepQuestion

__all__ = [
    "MAX_NOTES",
    "RATINGS",
    "RATING_MAX",
    "RATING_MIN",
    "PracticeHistory",
    "QuestionState",
    "choose_questions",
    "practice_history",
    "practice_history_data",
    "question_states",
]

RATINGS: dict[int, str] = {
    0: "none of the points",
    1: "a few of the points",
    2: "about half of the points",
    3: "most of the points",
    4: "all of the points, clearly",
}
RATING_MIN, RATING_MAX = 0, 4
MAX_NOTES = 10_000  # characters of notes kept with an answer
GOOD = 3  # a rating at or above this moves a question up a box
TIMED_OUT_CAP = 1  # the most a timed-out answer counts for
BOXES = 5
INTERVAL_DAYS: dict[int, int] = {1: 0, 2: 2, 3: 5, 4: 12, 5: 30}
WEAK_BELOW = 2.5


class Answered(Protocol):
    """What scheduling needs of a stored answer (the store's ``PracticeAnswer`` has these fields)."""

    @property
    def question_id(self) -> str: ...
    @property
    def ended_at(self) -> dt.datetime: ...
    @property
    def rating(self) -> int: ...
    @property
    def timed_out(self) -> bool: ...


def effective_rating(rating: int, timed_out: bool) -> int:
    """The rating that scheduling counts: capped when the answer ran past the time limit."""
    return min(rating, TIMED_OUT_CAP) if timed_out else rating


@dataclass(frozen=True)
class QuestionState:
    """Where one question stands: its box, its last answer and when it is due (None: never answered)."""

    question_id: str
    competency: str  # the competency it is listed under
    competencies: tuple[str, ...]  # every competency it tests
    answers: int
    box: int  # 0 for a question never answered
    last_rating: int | None  # effective rating of the latest answer
    last_answered: dt.datetime | None
    due: dt.datetime | None

    def is_due(self, now: dt.datetime) -> bool:
        return self.due is not None and self.due <= now


@dataclass(frozen=True)
class TopicStrength:
    """A competency as a practice topic."""

    competency: str
    name: str
    questions: int  # the level's questions listed under it
    practised: int
    strength: float | None  # mean effective rating, 0-4, of the latest answer to each practised question
    weak: bool
    due: int  # practised questions due now


@dataclass(frozen=True)
class PracticeHistory:
    """A person's practice at one level: per-topic strength and what is due next."""

    level: str
    answers: int
    topics: tuple[TopicStrength, ...]  # weakest first; unpractised topics last
    due_next: tuple[QuestionState, ...]  # practised questions, soonest due first
    states: tuple[QuestionState, ...]  # every question of the level, in the listing's order


def question_states(prep: InterviewPrep, answers: Sequence[Answered]) -> tuple[QuestionState, ...]:
    """Each question's Leitner box from its answers (taken in the order they were given)."""
    by_question: dict[str, list[Answered]] = {}
    for answer in sorted(answers, key=lambda item: item.ended_at):
        by_question.setdefault(answer.question_id, []).append(answer)
    return tuple(_state(question, prep, by_question.get(question.id, [])) for question in prep.questions)


def _state(question: PrepQuestion, prep: InterviewPrep, answers: list[Answered]) -> QuestionState:
    box, rating = 0, None
    for answer in answers:
        rating = effective_rating(answer.rating, answer.timed_out)
        box = min(max(box, 1) + 1, BOXES) if rating >= GOOD else 1
    last = answers[-1].ended_at if answers else None
    due = None if last is None else last + dt.timedelta(days=INTERVAL_DAYS[box])
    group = prep.group_of(question.id)
    return QuestionState(question.id, group, question.competencies, len(answers), box, rating, last, due)


def topic_strengths(
    prep: InterviewPrep, states: Sequence[QuestionState], now: dt.datetime
) -> tuple[TopicStrength, ...]:
    """Each competency the level's questions test, with its strength; weakest first, then the unpractised ones in
    the framework's order."""
    topics = []
    for index, (competency, name) in enumerate(prep.topics):
        mine = [state for state in states if competency in state.competencies]
        rated = [state.last_rating for state in mine if state.last_rating is not None]
        strength = sum(rated) / len(rated) if rated else None
        weak = strength is not None and strength < WEAK_BELOW
        due = sum(state.is_due(now) for state in mine)
        topics.append((index, TopicStrength(competency, name, len(mine), len(rated), strength, weak, due)))
    topics.sort(key=lambda pair: (pair[1].strength is None, pair[1].strength or 0.0, pair[0]))
    return tuple(topic for _, topic in topics)


def choose_questions(
    prep: InterviewPrep,
    answers: Sequence[Answered],
    now: dt.datetime,
    count: int,
    competency: str | None = None,
) -> tuple[PrepQuestion, ...]:
    """The next ``count`` questions to practise (only those testing ``competency`` when given); see the module
    docstring for the order."""
    states = question_states(prep, answers)
    strengths = {topic.competency: topic.strength for topic in topic_strengths(prep, states, now)}
    candidates = [state for state in states if competency is None or competency in state.competencies]

    def weakest(state: QuestionState) -> float | None:
        known = [value for c in state.competencies if (value := strengths.get(c)) is not None]
        return min(known, default=None)

    order = {state.question_id: index for index, state in enumerate(states)}
    due = sorted(
        (state for state in candidates if state.is_due(now)),
        key=lambda s: (s.box, _weakness(weakest(s)), s.due or now, order[s.question_id]),
    )
    new = sorted(
        (state for state in candidates if state.answers == 0),
        key=lambda s: (not _is_weak(weakest(s)), order[s.question_id]),
    )
    later = sorted(
        (state for state in candidates if state.answers and not state.is_due(now)),
        key=lambda s: (s.due or now, order[s.question_id]),
    )
    questions = {question.id: question for question in prep.questions}
    return tuple(questions[state.question_id] for state in [*due, *new, *later][:count])


def _weakness(strength: float | None) -> float:
    """Sort key: weaker topics first (a topic without rated answers sorts in the middle)."""
    return 2.0 if strength is None else strength


def _is_weak(strength: float | None) -> bool:
    return strength is not None and strength < WEAK_BELOW


def practice_history(prep: InterviewPrep, answers: Sequence[Answered], now: dt.datetime) -> PracticeHistory:
    """Per-topic strength and what is due next, from the answers given at ``prep``'s level."""
    states = question_states(prep, answers)
    practised = sorted((state for state in states if state.due is not None), key=lambda s: (s.due, s.question_id))
    return PracticeHistory(
        level=prep.level,
        answers=sum(state.answers for state in states),
        topics=topic_strengths(prep, states, now),
        due_next=tuple(practised),
        states=states,
    )


def _moment(value: dt.datetime | None) -> str | None:
    return None if value is None else value.isoformat()


def practice_history_data(history: PracticeHistory, now: dt.datetime) -> dict[str, Any]:
    """``mlladder interview --history --format json``; keys documented in docs/interview.md: ``level``,
    ``answers``, ``topics`` [{competency, name, questions, practised, strength, weak, due}] and ``due_next``
    [{question_id, competency, answers, box, last_rating, last_answered, due, due_now}]."""
    return {
        "level": history.level,
        "answers": history.answers,
        "topics": [
            {
                "competency": topic.competency,
                "name": topic.name,
                "questions": topic.questions,
                "practised": topic.practised,
                "strength": None if topic.strength is None else round(topic.strength, 2),
                "weak": topic.weak,
                "due": topic.due,
            }
            for topic in history.topics
        ],
        "due_next": [
            {
                "question_id": state.question_id,
                "competency": state.competency,
                "answers": state.answers,
                "box": state.box,
                "last_rating": state.last_rating,
                "last_answered": _moment(state.last_answered),
                "due": _moment(state.due),
                "due_now": state.is_due(now),
            }
            for state in history.due_next
        ],
    }
