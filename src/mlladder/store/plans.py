"""Plans: a plan as made, and the to-do state of each of its activities."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import bindparam, select
from sqlalchemy.orm import Session

from mlladder.errors import InputError
from mlladder.plan.planner import Plan
from mlladder.store.database import Repository, get_row, inserted, oldest_first, record, require_person
from mlladder.store.models import ACTIVITY_STATUSES, AssessmentRow, PlanActivityRow, PlanRow
from mlladder.store.records import ActivityState, ActivityStatus, PlanRecord, PlanSummary, RecordNotFound

__all__ = [
    "Plans",
    "activity_rows",
]

_PLANS_OF_ASSESSMENT = (
    select(PlanRow.id, PlanRow.target, PlanRow.created_at)
    .where(PlanRow.assessment_id == bindparam("assessment_id"))
    .order_by(*oldest_first(PlanRow))
)


class Plans(Repository):
    """A person's plans, each with its activities' states."""

    def save_plan(self, person_id: int, plan: Plan, assessment_id: int | None = None) -> PlanRecord:
        """Keep a plan and one to-do state per activity, all in one transaction."""
        with self._db.write() as session:
            require_person(session, person_id)
            if assessment_id is not None:
                owner = get_row(session, AssessmentRow, assessment_id, "assessment").person_id
                if owner != person_id:
                    raise InputError(f"assessment {assessment_id} belongs to another person (fix: pass theirs)")
            now = self._db.now()
            row = PlanRow(
                person_id=person_id,
                assessment_id=assessment_id,
                created_at=now,
                target=plan.target,
                start=plan.start,
                weekly_hours=plan.weekly_hours,
                plan=plan.model_dump(mode="json"),
            )
            inserted(session, row)
            session.add_all(
                PlanActivityRow(plan_id=row.id, activity_key=a.id, title=a.title, status="todo", updated_at=now)
                for a in plan.activities
            )
            session.flush()
            return _plan(row, activity_rows(session, row.id))

    def get_plan(self, plan_id: int) -> PlanRecord:
        """A plan with the current state of each activity."""
        with self._db.read() as session:
            row = get_row(session, PlanRow, plan_id, "plan")
            return _plan(row, activity_rows(session, plan_id))

    def plans_of_assessment(self, assessment_id: int) -> list[PlanSummary]:
        """The plans made from an assessment, oldest first: their ids, targets and dates, not their activities.

        Asked on every results page, so it runs one prepared query on a plain connection (no ORM session).
        """
        with self._db.engine.connect() as connection:
            rows = connection.execute(_PLANS_OF_ASSESSMENT, {"assessment_id": assessment_id})
            return [PlanSummary(id=row.id, target=row.target, created_at=row.created_at) for row in rows]

    def list_plans(self, person_id: int) -> list[PlanRecord]:
        """A person's plans, oldest first."""
        with self._db.read() as session:
            query = select(PlanRow).where(PlanRow.person_id == person_id).order_by(*oldest_first(PlanRow))
            return [_plan(row, activity_rows(session, row.id)) for row in session.scalars(query)]

    def set_activity_status(
        self, plan_id: int, key: str, status: ActivityStatus, on: dt.date | None = None
    ) -> ActivityState:
        """Mark an activity todo, doing or done; ``done_on`` is the day it was first marked done (``on`` or
        today) and is cleared when it is reopened."""
        if status not in ACTIVITY_STATUSES:
            raise InputError(f"unknown status '{status}' (fix: use one of {', '.join(ACTIVITY_STATUSES)})")
        with self._db.write() as session:
            get_row(session, PlanRow, plan_id, "plan")
            query = select(PlanActivityRow).where(
                PlanActivityRow.plan_id == plan_id, PlanActivityRow.activity_key == key
            )
            row = session.scalar(query)
            if row is None:
                raise RecordNotFound("activity", f"{key!r} in plan {plan_id}")
            now = self._db.now()
            if status != "done":
                row.done_on = None
            elif row.status != "done" or row.done_on is None:
                row.done_on = on or now.date()
            row.status, row.updated_at = status, now
            session.flush()
            return activity_state(row)


def activity_rows(session: Session, plan_id: int) -> list[PlanActivityRow]:
    """A plan's activities, in the plan's order."""
    query = select(PlanActivityRow).where(PlanActivityRow.plan_id == plan_id).order_by(PlanActivityRow.id)
    return list(session.scalars(query))


def activity_state(row: PlanActivityRow) -> ActivityState:
    return record(ActivityState, row, key=row.activity_key)


def _plan(row: PlanRow, activities: list[PlanActivityRow]) -> PlanRecord:
    states = [activity_state(activity) for activity in activities]
    return record(PlanRecord, row, plan=Plan.model_validate(row.plan), activities=states)
