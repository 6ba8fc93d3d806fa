"""Practice answers: kept per person at once, timing measured by the store, bad values refused whole."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from sqlalchemy import func, select, text

from mlladder.errors import InputError
from mlladder.store import NewPracticeAnswer, RecordNotFound, Store
from mlladder.store.models import PracticeAnswerRow
from tests.store.conftest import MakeStore

START = dt.datetime(2026, 3, 2, 9, 0, tzinfo=dt.UTC)


def new(question: str = "l3-handling-concept-drift", level: str = "L3", **changes: Any) -> NewPracticeAnswer:
    values: dict[str, object] = {
        "framework_id": "ml-engineer",
        "question_id": question,
        "level": level,
        "competency": "mlops",
        "started_at": START,
        "ended_at": START + dt.timedelta(seconds=95.5),
        "time_limit": 300,
        "timed_out": False,
        "rating": 3,
        "notes": "Drift tests on inputs\x00, retrain on a schedule",
    }
    values.update(changes)
    return NewPracticeAnswer.model_validate(values)


def count_rows(store: Store) -> int:
    with store.engine.connect() as connection:
        return connection.execute(select(func.count()).select_from(PracticeAnswerRow)).scalar_one()


def test_an_answer_is_kept_with_the_seconds_the_store_measured(fresh_store: Store) -> None:
    me = fresh_store.default_person()
    saved = fresh_store.save_practice_answer(me.id, new())
    assert saved.seconds == 95.5 and saved.person_id == me.id
    assert saved.notes == "Drift tests on inputs, retrain on a schedule"  # control characters never stored
    assert (saved.started_at, saved.ended_at) == (START, START + dt.timedelta(seconds=95.5))
    assert fresh_store.get_practice_answer(saved.id) == saved
    assert fresh_store.list_practice(me.id) == [saved]


def test_answers_belong_to_their_person_and_filter_by_level(fresh_store: Store) -> None:
    me, other = fresh_store.default_person(), fresh_store.create_person("Other")
    late = fresh_store.save_practice_answer(me.id, new(ended_at=START + dt.timedelta(minutes=9), timed_out=True))
    early = fresh_store.save_practice_answer(me.id, new("l2-question", "L2"))
    fresh_store.save_practice_answer(other.id, new())
    assert fresh_store.list_practice(me.id) == [early, late]  # oldest answer first
    assert fresh_store.list_practice(me.id, "ml-engineer", "L3") == [late]
    assert fresh_store.list_practice(me.id, "data-scientist") == []
    assert late.timed_out and late.seconds == 540


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"rating": 5}, "rating: 5 is off the scale"),
        ({"rating": -1}, "rating: -1 is off the scale"),
        ({"ended_at": START - dt.timedelta(seconds=1)}, "ends before it starts"),
        ({"notes": "x" * 10_001}, "notes: longer than 10,000 characters"),
        ({"time_limit": 0}, "time_limit: must be at least 1 second"),
        ({"question_id": "q" * 81}, "question_id: must be 1 to 80 characters"),
    ],
)
def test_bad_values_are_refused_and_nothing_is_written(
    fresh_store: Store, changes: dict[str, Any], message: str
) -> None:
    me = fresh_store.default_person()
    with pytest.raises(InputError, match=message):
        fresh_store.save_practice_answer(me.id, new(**changes))
    assert count_rows(fresh_store) == 0


def test_an_answer_needs_a_person_and_goes_with_them(fresh_store: Store) -> None:
    with pytest.raises(RecordNotFound, match="no person with id 999"):
        fresh_store.save_practice_answer(999, new())
    other = fresh_store.create_person("Leaving")
    saved = fresh_store.save_practice_answer(other.id, new())
    with fresh_store.engine.begin() as connection:
        connection.execute(text("DELETE FROM people WHERE id = :id"), {"id": other.id})
    with pytest.raises(RecordNotFound, match="no practice answer"):
        fresh_store.get_practice_answer(saved.id)
    assert count_rows(fresh_store) == 0


def test_practice_goes_with_the_export_and_comes_back(fresh_store: Store, make_store: MakeStore) -> None:
    me = fresh_store.default_person()
    first = fresh_store.save_practice_answer(me.id, new())
    fresh_store.save_practice_answer(me.id, new("l3-raising-the-bar", rating=0, timed_out=True, notes=None))
    data = fresh_store.export_person(me.id)
    assert [answer["question_id"] for answer in data["practice"]] == [first.question_id, "l3-raising-the-bar"]
    other = make_store()
    imported = other.import_person(data)
    back = other.list_practice(imported)
    keep = {"id", "person_id"}
    assert [a.model_dump(exclude=keep) for a in back] == [
        a.model_dump(exclude=keep) for a in fresh_store.list_practice(me.id)
    ]


def test_an_export_from_before_practice_imports_without_it(fresh_store: Store) -> None:
    data = fresh_store.export_person(fresh_store.default_person().id)
    del data["practice"]
    person = fresh_store.import_person(data)
    assert fresh_store.list_practice(person) == []


def test_an_export_with_a_bad_answer_writes_nothing(fresh_store: Store) -> None:
    me = fresh_store.default_person()
    fresh_store.save_practice_answer(me.id, new())
    data = fresh_store.export_person(me.id)
    data["practice"][0]["rating"] = 9
    people = len(fresh_store.list_people())
    with pytest.raises(InputError, match="rating: 9 is off the scale"):
        fresh_store.import_person(data)
    assert len(fresh_store.list_people()) == people and count_rows(fresh_store) == 1
