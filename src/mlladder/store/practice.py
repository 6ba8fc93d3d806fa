"""Interview practice answers in the database: the record callers get, the checks on the way in, the queries.

:class:`~mlladder.store.Store` calls these inside its own transactions; nothing here opens one.
"""

from __future__ import annotations

import datetime as dt

from pydantic import BaseModel, ConfigDict
from sqlalchemy import select
from sqlalchemy.orm import Session

from mlladder.errors import InputError
from mlladder.guidance.practice import MAX_NOTES, RATING_MAX, RATING_MIN
from mlladder.limits import clean_text
from mlladder.store.models import PracticeAnswerRow

MAX_ID = 80  # characters of a framework, question, level or competency id (the columns' size)


class PracticeAnswer(BaseModel):
    """One stored answer to a practice question."""

    model_config = ConfigDict(frozen=True)

    id: int
    person_id: int
    framework_id: str
    question_id: str
    level: str
    competency: str | None
    started_at: dt.datetime
    ended_at: dt.datetime
    seconds: float  # measured by the store from started_at and ended_at
    time_limit: int | None
    timed_out: bool
    rating: int  # 0-4 against the strong answer's points
    notes: str | None


class NewPracticeAnswer(BaseModel):
    """An answer to store, as the session or the page measured it."""

    model_config = ConfigDict(frozen=True)

    framework_id: str
    question_id: str
    level: str
    competency: str | None
    started_at: dt.datetime
    ended_at: dt.datetime
    time_limit: int | None
    timed_out: bool
    rating: int
    notes: str | None = None


def practice_row(person_id: int, answer: NewPracticeAnswer) -> PracticeAnswerRow:
    """The row for ``answer``, checked: a bad value is one readable error, never a half-written record."""
    _check(answer)
    notes = clean_text(answer.notes or "").strip() or None
    return PracticeAnswerRow(
        person_id=person_id,
        framework_id=answer.framework_id,
        question_id=answer.question_id,
        level=answer.level,
        competency=answer.competency,
        started_at=answer.started_at,
        ended_at=answer.ended_at,
        seconds=(answer.ended_at - answer.started_at).total_seconds(),
        time_limit=answer.time_limit,
        timed_out=answer.timed_out,
        rating=answer.rating,
        notes=notes,
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


def practice_answer(row: PracticeAnswerRow) -> PracticeAnswer:
    return PracticeAnswer(
        id=row.id,
        person_id=row.person_id,
        framework_id=row.framework_id,
        question_id=row.question_id,
        level=row.level,
        competency=row.competency,
        started_at=row.started_at,
        ended_at=row.ended_at,
        seconds=row.seconds,
        time_limit=row.time_limit,
        timed_out=row.timed_out,
        rating=row.rating,
        notes=row.notes,
    )


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
