"""Plans and the state of each activity."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import text

from mlladder import Framework, Plan, Profile, assess, plan
from mlladder.errors import InputError
from mlladder.store import RecordNotFound, Store

START = dt.date(2025, 2, 3)


@pytest.fixture(scope="module")
def mid_plan(ml_ladder: Framework, profiles: dict[str, Profile]) -> Plan:
    return plan(profiles["mid"], ml_ladder, weekly_hours=6, start=START)


def count(store: Store, table: str) -> int:
    with store.engine.connect() as connection:
        return int(connection.execute(text(f"SELECT count(*) FROM {table}")).scalar_one())


def test_a_plan_is_kept_with_one_todo_per_activity(fresh_store: Store, mid_plan: Plan) -> None:
    me = fresh_store.default_person()
    record = fresh_store.save_plan(me.id, mid_plan)
    assert record.plan == mid_plan
    assert (record.target, record.start, record.weekly_hours) == (mid_plan.target, START, 6.0)
    assert [a.key for a in record.activities] == [a.id for a in mid_plan.activities]
    assert [a.title for a in record.activities] == [a.title for a in mid_plan.activities]
    assert {a.status for a in record.activities} == {"todo"} and record.done == 0
    assert count(fresh_store, "plan_activities") == len(mid_plan.activities) > 3
    assert fresh_store.get_plan(record.id) == record
    assert fresh_store.list_plans(me.id) == [record]


def test_a_plan_can_point_at_its_assessment(
    fresh_store: Store, ml_ladder: Framework, profiles: dict[str, Profile], mid_plan: Plan
) -> None:
    me, other = fresh_store.default_person(), fresh_store.create_person("Other")
    mine = fresh_store.save_assessment(me.id, profiles["mid"], assess(profiles["mid"], ml_ladder))
    theirs = fresh_store.save_assessment(other.id, profiles["mid"], assess(profiles["mid"], ml_ladder))
    assert fresh_store.save_plan(me.id, mid_plan, assessment_id=mine.id).assessment_id == mine.id
    with pytest.raises(InputError, match="belongs to another person"):
        fresh_store.save_plan(me.id, mid_plan, assessment_id=theirs.id)
    with pytest.raises(RecordNotFound, match="no assessment"):
        fresh_store.save_plan(me.id, mid_plan, assessment_id=999)
    with pytest.raises(RecordNotFound, match="no person"):
        fresh_store.save_plan(999, mid_plan)
    assert len(fresh_store.list_plans(me.id)) == 1


def test_activity_status_and_done_dates(fresh_store: Store, mid_plan: Plan) -> None:
    record = fresh_store.save_plan(fresh_store.default_person().id, mid_plan)
    first, second = record.activities[0].key, record.activities[1].key
    doing = fresh_store.set_activity_status(record.id, first, "doing")
    assert (doing.status, doing.done_on) == ("doing", None)
    done = fresh_store.set_activity_status(record.id, first, "done", on=dt.date(2025, 3, 1))
    assert (done.status, done.done_on) == ("done", dt.date(2025, 3, 1))
    again = fresh_store.set_activity_status(record.id, first, "done", on=dt.date(2025, 4, 1))
    assert again.done_on == dt.date(2025, 3, 1)  # the day it was first done
    today = fresh_store.set_activity_status(record.id, second, "done")
    assert today.done_on == today.updated_at.date()  # by the store's clock
    reopened = fresh_store.set_activity_status(record.id, first, "todo")
    assert (reopened.status, reopened.done_on) == ("todo", None)
    states = {a.key: a for a in fresh_store.get_plan(record.id).activities}
    assert states[first] == reopened and states[second] == today
    assert fresh_store.get_plan(record.id).done == 1


def test_activity_status_errors(fresh_store: Store, mid_plan: Plan) -> None:
    record = fresh_store.save_plan(fresh_store.default_person().id, mid_plan)
    with pytest.raises(RecordNotFound, match="no activity with id 'zz' in plan"):
        fresh_store.set_activity_status(record.id, "zz", "done")
    with pytest.raises(RecordNotFound, match="no plan with id 999"):
        fresh_store.set_activity_status(999, "a1", "done")
    with pytest.raises(InputError, match="unknown status 'finished'"):
        fresh_store.set_activity_status(record.id, "a1", "finished")  # type: ignore[arg-type]
    with pytest.raises(RecordNotFound):
        fresh_store.get_plan(999)
