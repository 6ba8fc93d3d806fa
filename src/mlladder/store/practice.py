"""Interview practice answers in the database: the record callers get, the checks on the way in, the queries."""

from __future__ import annotations

import datetime as dt

from pydantic import BaseModel, ConfigDict
from sqlalchemy import select
from sqlalchemy.orm import Session

from mlladder.errors import InputError
from mlladder.guidance.practice import MAX_NOTES, RATING_MAX, RATING_MIN
from mlladder.limits import clean_text
from mlladder.store.database import Repository, inserted, record, require_person
from mlladder.store.models import PracticeAnswerRow

__all__ = [
    "NewPracticeAnswer",
    "Practice",
    "PracticeAnswer",
    "practice_row",
    "practice_rows",
]

MAX_ID = 80  # characters of a framework, question, level or competency id (the columns' size)


class _Answer(BaseModel):
    """What every answer says: the question, when it was answered, and how well."""

    model_config = ConfigDict(frozen=True)

    framework_id: str
    question_id: str
    level: str
    competency: str | None
    started_at: dt.datetime
    ended_at: dt.datetime
    time_limit: int | None
    timed_out: bool
    rating: int  # 0-4 against the strong answer's points
    notes: str | None = None


class NewPracticeAnswer(_Answer):
    """An answer to store, as the session or the page measured it."""


class PracticeAnswer(_Answer):
    """One stored answer to a practice question."""

    id: int
    person_id: int
    seconds: float  # measured by the store from started_at and ended_at


class Practice(Repository):
    """A person's answers to interview questions in practice."""

    def save_practice_answer(self, person_id: int, answer: NewPracticeAnswer) -> PracticeAnswer:
        """Keep one answer to a practice question at once, in its own transaction, so a session that stops later
        keeps it (the seconds taken are measured here, from its start and end)."""
        row = practice_row(person_id, answer)
        with self._db.write() as session:
            require_person(session, person_id)
            return _answer(inserted(session, row))

    def get_practice_answer(self, answer_id: int) -> PracticeAnswer:
        return self._fetch(PracticeAnswerRow, answer_id, "practice answer", _answer)

    def list_practice(
        self, person_id: int, framework_id: str | None = None, level: str | None = None
    ) -> list[PracticeAnswer]:
        """A person's practice answers, oldest first (at one framework and level when given)."""
        with self._db.read() as session:
            return [_answer(row) for row in practice_rows(session, person_id, framework_id, level)]


def _answer(row: PracticeAnswerRow) -> PracticeAnswer:
    return record(PracticeAnswer, row)


def practice_row(person_id: int, answer: NewPracticeAnswer) -> PracticeAnswerRow:
    """The row for ``answer``, checked: a bad value is one readable error, never a half-written record."""
    _check(answer)
    return PracticeAnswerRow(
        person_id=person_id,
        seconds=(answer.ended_at - answer.started_at).total_seconds(),
        **answer.model_dump(exclude={"notes"}),
        notes=clean_text(answer.notes or "").strip() or None,
    )


def _check(answer: NewPracticeAnswer) -> None:
    if not RATING_MIN <= answer.rating <= RATING_MAX:
        raise InputError(f"rating: {answer.rating} is off the scale (fix: rate from {RATING_MIN} to {RATING_MAX})")
    if answer.ended_at < answer.started_at:
        raise InputError("ended_at: the answer ends before it starts (fix: pass the times in order)")
    if answer.notes is not None and len(answer.notes) > MAX_NOTES:
        raise InputError(f"notes: longer than {MAX_NOTES:,} characters (fix: shorten them)")
    if answer.time_limit is not None and answer.time_limit < 1:
        raise InputError("time_limit: must be at least 1 second (fix: give a positive number of seconds)")
    for name in ("framework_id", "question_id", "level", "competency"):
        value = getattr(answer, name)
        if value is not None and not 1 <= len(value) <= MAX_ID:
            raise InputError(f"{name}: must be 1 to {MAX_ID} characters (fix: pass the id from the framework)")


def practice_rows(
    session: Session, person_id: int, framework_id: str | None = None, level: str | None = None
) -> list[PracticeAnswerRow]:
    """A person's answers, oldest first, at one framework and level when given."""
    query = select(PracticeAnswerRow).where(PracticeAnswerRow.person_id == person_id)
    if framework_id is not None:
        query = query.where(PracticeAnswerRow.framework_id == framework_id)
    if level is not None:
        query = query.where(PracticeAnswerRow.level == level)
    return list(session.scalars(query.order_by(PracticeAnswerRow.ended_at, PracticeAnswerRow.id)))
