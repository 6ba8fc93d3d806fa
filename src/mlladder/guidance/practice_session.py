"""A practice session in a terminal: ask a question, time the answer, show what a strong answer covers, ask for a
self-rating, save, move on.

Questions go out through ``show(text)`` and answers come in through ``ask(prompt)``, so the CLI wires it to the
terminal and tests to lines of text. Each answer is handed to ``save`` as soon as it is rated, so a session that
ends early (end of input, Ctrl-C) loses nothing already answered.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from mlladder.guidance.interview import PrepQuestion
from mlladder.guidance.practice import MAX_NOTES, RATING_MAX, RATING_MIN, RATINGS

__all__ = ["Attempt", "run_session"]

Ask = Callable[[str], str]
Show = Callable[[str], None]
Clock = Callable[[], dt.datetime]

RATING_PROMPT = f"How much of it did you cover? ({RATING_MIN}-{RATING_MAX}): "


@dataclass(frozen=True)
class Attempt:
    """One rated answer, ready to store."""

    question: PrepQuestion
    competency: str
    started_at: dt.datetime
    ended_at: dt.datetime
    timed_out: bool
    rating: int
    notes: str

    @property
    def seconds(self) -> float:
        return (self.ended_at - self.started_at).total_seconds()


@dataclass(frozen=True)
class SessionResult:
    saved: int
    complete: bool  # False when input ended or the person pressed Ctrl-C before the last question was rated


def run_session(
    questions: Sequence[tuple[PrepQuestion, str]],
    *,
    ask: Ask,
    show: Show,
    clock: Clock,
    time_limit: int,
    save: Callable[[Attempt], None],
) -> SessionResult:
    """Practise each (question, competency) pair in turn; ``time_limit`` is in seconds."""
    saved = 0
    try:
        for number, (question, competency) in enumerate(questions, 1):
            save(_one(question, competency, f"{number}/{len(questions)}", ask, show, clock, time_limit))
            saved += 1
    except (EOFError, KeyboardInterrupt):
        return SessionResult(saved, complete=False)
    return SessionResult(saved, complete=True)


def _one(
    question: PrepQuestion, competency: str, position: str, ask: Ask, show: Show, clock: Clock, time_limit: int
) -> Attempt:
    show(f"\nQuestion {position} ({competency}, {question.kind.replace('_', ' ')}; {question.provenance}):")
    show(question.question)
    show(f"Type your answer or notes; an empty line ends it. Time limit: {_duration(time_limit)}.")
    started = clock()
    notes = _read_notes(ask)
    ended = clock()
    seconds = (ended - started).total_seconds()
    timed_out = seconds > time_limit
    if timed_out:
        show(f"Time is up: {_duration(round(seconds))} against a limit of {_duration(time_limit)}; saved as timed out.")
    show("A strong answer covers:")
    for point in question.strong_answer:
        show(f"  - {point}")
    rating = _ask_rating(ask, show)
    return Attempt(question, competency, started, ended, timed_out, rating, notes)


def _read_notes(ask: Ask) -> str:
    """Lines until an empty one (the first line empty: no notes)."""
    lines: list[str] = []
    while True:
        line = ask("> ")
        if not line.strip():
            return "\n".join(lines)[:MAX_NOTES]
        lines.append(line)


def _ask_rating(ask: Ask, show: Show) -> int:
    """A rating on the scale, asked again until the answer is one."""
    show("Rate your answer against those points:")
    for value, words in RATINGS.items():
        show(f"  {value}  {words}")
    while True:
        answer = ask(RATING_PROMPT).strip()
        if answer.isdigit() and RATING_MIN <= int(answer) <= RATING_MAX:
            return int(answer)
        show(f"Type a whole number from {RATING_MIN} to {RATING_MAX}.")


def _duration(seconds: int) -> str:
    minutes, rest = divmod(seconds, 60)
    if not minutes:
        return f"{rest} s"
    return f"{minutes} min" if not rest else f"{minutes} min {rest} s"
