"""Spaced repetition of interview questions, and the practice session that asks, times and rates them."""

from __future__ import annotations

import datetime as dt

import pytest

from mlladder import Framework
from mlladder.guidance.interview import InterviewPrep, interview_prep
from mlladder.guidance.practice import (
    choose_questions,
    practice_history,
    practice_history_data,
    question_states,
)
from mlladder.guidance.practice_session import Attempt, run_session
from mlladder.store import NewPracticeAnswer

START = dt.datetime(2026, 3, 2, 9, 0, tzinfo=dt.UTC)


def answer(question_id: str, rating: int, at: dt.datetime, timed_out: bool = False) -> NewPracticeAnswer:
    return NewPracticeAnswer(
        framework_id="ml-engineer",
        question_id=question_id,
        level="L3",
        competency=None,
        started_at=at - dt.timedelta(minutes=3),
        ended_at=at,
        time_limit=300,
        timed_out=timed_out,
        rating=rating,
    )


@pytest.fixture
def prep(ml_ladder: Framework) -> InterviewPrep:
    return interview_prep(ml_ladder, "L3")


def ids(prep: InterviewPrep, competency: str) -> list[str]:
    return [q.id for g in prep.groups if g.competency == competency for q in g.questions]


def test_a_weak_topic_comes_back_first_and_a_strong_one_later(prep: InterviewPrep) -> None:
    weak = ids(prep, "business-impact")[0]
    strong = ids(prep, "mlops")[0]
    answers = [answer(strong, 4, START), answer(weak, 1, START + dt.timedelta(minutes=5))]
    next_day = START + dt.timedelta(days=1)
    chosen = [question.id for question in choose_questions(prep, answers, next_day, len(prep.questions))]
    assert chosen[0] == weak  # box 1: due at once
    assert chosen[-1] == strong  # box 2: not due for two days, so after every new question
    assert set(chosen) == {question.id for question in prep.questions}
    # Three days on both are due: the lower box still comes first.
    later = choose_questions(prep, answers, START + dt.timedelta(days=3), 2)
    assert [question.id for question in later] == [weak, strong]


def test_new_questions_in_a_weak_topic_come_before_other_new_ones(prep: InterviewPrep) -> None:
    mlops = ids(prep, "mlops")
    answers = [answer(mlops[0], 0, START)]
    chosen = [q.id for q in choose_questions(prep, answers, START + dt.timedelta(hours=1), len(mlops))]
    assert chosen == mlops  # the weak answer (due) first, then the rest of its topic before any other topic


def test_boxes_rise_with_good_answers_and_fall_back_with_a_weak_one(prep: InterviewPrep) -> None:
    question = prep.questions[0].id
    good = [answer(question, 3 + i % 2, START + dt.timedelta(days=10 * i)) for i in range(6)]
    [state] = [s for s in question_states(prep, good) if s.question_id == question]
    assert (state.box, state.answers, state.last_rating) == (5, 6, 4)
    assert state.due == good[-1].ended_at + dt.timedelta(days=30)
    fallen = [*good, answer(question, 2, START + dt.timedelta(days=70))]
    [state] = [s for s in question_states(prep, fallen) if s.question_id == question]
    assert (state.box, state.due) == (1, fallen[-1].ended_at)


def test_a_timed_out_answer_counts_as_weak_whatever_its_rating(prep: InterviewPrep) -> None:
    question = prep.questions[0].id
    [state] = [s for s in question_states(prep, [answer(question, 4, START, timed_out=True)]) if s.answers]
    assert (state.box, state.last_rating) == (1, 1)


def test_history_lists_topics_weakest_first_and_what_is_due(prep: InterviewPrep) -> None:
    weak, strong = "l3-handling-ambiguous-problems", "l3-research-to-production"  # no competency in common
    answers = [answer(strong, 4, START), answer(weak, 1, START)]
    now = START + dt.timedelta(days=1)
    history = practice_history(prep, answers, now)
    # A question counts for every competency it tests; the weak ones first, in the framework's order.
    assert [topic.competency for topic in history.topics[:4]] == [
        "communication",
        "business-impact",
        "deep-learning",
        "research",
    ]
    assert [(topic.strength, topic.weak) for topic in history.topics[:4]] == [(1.0, True)] * 2 + [(4.0, False)] * 2
    assert all(topic.strength is None for topic in history.topics[4:])
    assert [state.question_id for state in history.due_next] == [weak, strong]
    data = practice_history_data(history, now)
    assert data["answers"] == 2
    assert data["due_next"][0]["due_now"] is True and data["due_next"][1]["due_now"] is False
    assert data["topics"][1] == {
        "competency": "business-impact",
        "name": "Business impact and strategy",
        "questions": 2,
        "practised": 1,
        "strength": 1.0,
        "weak": True,
        "due": 1,
    }


class Clock:
    """Moves ``step`` seconds at each reading."""

    def __init__(self, step: float) -> None:
        self.now, self.step = START, dt.timedelta(seconds=step)

    def __call__(self) -> dt.datetime:
        self.now += self.step
        return self.now


def session(prep: InterviewPrep, lines: list[str], step: float, limit: int = 60) -> tuple[list[Attempt], bool, str]:
    typed = iter(lines)
    shown: list[str] = []
    saved: list[Attempt] = []

    def ask(prompt: str) -> str:
        try:
            return next(typed)
        except StopIteration:
            raise EOFError from None

    pairs = [(question, "mlops") for question in prep.questions[:2]]
    result = run_session(pairs, ask=ask, show=shown.append, clock=Clock(step), time_limit=limit, save=saved.append)
    assert result.saved == len(saved)
    return saved, result.complete, "\n".join(shown)


def test_a_session_times_each_answer_shows_the_strong_answer_and_re_asks_a_bad_rating(prep: InterviewPrep) -> None:
    saved, complete, text = session(prep, ["first line", "second line", "", "7", "x", "3", "", "0"], step=30)
    assert complete and [attempt.rating for attempt in saved] == [3, 0]
    assert saved[0].notes == "first line\nsecond line" and saved[1].notes == ""
    assert saved[0].seconds == 30 and not saved[0].timed_out
    assert text.count("Type a whole number from 0 to 4.") == 2
    assert prep.questions[0].strong_answer[0] in text


def test_an_answer_past_the_limit_is_saved_as_timed_out(prep: InterviewPrep) -> None:
    saved, complete, text = session(prep, ["slow", "", "4", "", "2"], step=90, limit=60)
    assert complete and all(attempt.timed_out for attempt in saved) and saved[0].rating == 4
    assert "Time is up: 1 min 30 s against a limit of 1 min; saved as timed out." in text


def test_input_ending_mid_session_keeps_the_answers_already_rated(prep: InterviewPrep) -> None:
    saved, complete, _ = session(prep, ["done", "", "2", "half an answer"], step=5)
    assert not complete and [attempt.question.id for attempt in saved] == [prep.questions[0].id]
