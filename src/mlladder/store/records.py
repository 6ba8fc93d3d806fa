"""What the store returns: immutable pydantic records (never ORM objects), and the errors it raises.

Errors (``SchemaTooNew``, a database migrated by a newer mlladder, is in :mod:`mlladder.store.engine`)::

    InputError
    ├── RecordNotFound     no person, user, assessment, document, journal entry, plan, activity or practice
    │                      answer with that id
    ├── UsernameTaken      another account already has that user name
    └── InvalidExport      data given to ``import_person`` is not an mlladder export
"""

from __future__ import annotations

import datetime as dt
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field

from mlladder.access import Role
from mlladder.assess.placement import Assessment
from mlladder.assess.profile import Profile
from mlladder.errors import InputError
from mlladder.evidence.document import DocumentFormat
from mlladder.evidence.kinds import DocumentKind
from mlladder.plan.planner import Plan

__all__ = [
    "ActivityState",
    "ActivityStatus",
    "AssessmentRecord",
    "CompetencyDelta",
    "DocumentRecord",
    "History",
    "HistoryPoint",
    "HistoryStep",
    "InvalidExport",
    "JournalEntry",
    "Person",
    "PlanRecord",
    "PlanSummary",
    "RecordNotFound",
    "User",
    "UsernameTaken",
]

ActivityStatus = Literal["todo", "doing", "done"]


class RecordNotFound(InputError):
    """No record of that kind has the id (or it was deleted)."""

    def __init__(self, kind: str, record_id: int | str) -> None:
        super().__init__(f"no {kind} with id {record_id} (fix: check the id; it may have been deleted)")
        self.kind, self.record_id = kind, record_id


class UsernameTaken(InputError):
    """Another account already uses the user name."""


class InvalidExport(InputError):
    """Data given to ``import_person`` is not an export this version of mlladder can read."""


class Record(BaseModel):
    model_config = ConfigDict(frozen=True)


class Person(Record):
    id: int
    name: str
    user_id: int | None  # the account this person is; None in single-user mode
    created_at: dt.datetime


class User(Record):
    id: int
    username: str
    role: Role
    manager_id: int | None
    person_id: int | None  # the person whose data this account owns
    created_at: dt.datetime
    disabled_at: dt.datetime | None = None  # when an admin disabled the account; None: it may sign in
    # Which sessions are still good (see UserRow.session_epoch): internal, so never in JSON output.
    session_epoch: int = Field(default=0, exclude=True)


class AssessmentRecord(Record):
    id: int
    person_id: int
    created_at: dt.datetime
    framework_id: str
    framework_version: str
    level: str
    target: str | None
    profile: Profile
    assessment: Assessment


class DocumentRecord(Record):
    id: int
    person_id: int
    created_at: dt.datetime
    filename: str
    kind: DocumentKind
    format: DocumentFormat
    sha256: str  # of the original file when it was kept, else of the extracted text
    text: str
    evidence: dict[str, Any]  # the extracted Evidence as JSON-ready data (see Store.document_evidence)
    has_original: bool


class JournalEntry(Record):
    id: int
    person_id: int
    entry_date: dt.date
    text: str
    impact: str | None
    competencies: list[str]
    skills: list[str]
    tags_edited: bool  # a person changed the tags; they are no longer what extraction proposed
    created_at: dt.datetime
    updated_at: dt.datetime


class ActivityState(Record):
    key: str  # the plan activity's id
    title: str
    status: ActivityStatus
    updated_at: dt.datetime
    done_on: dt.date | None


class PlanSummary(Record):
    """A plan without its activities: enough to link to it."""

    id: int
    target: str
    created_at: dt.datetime


class PlanRecord(Record):
    id: int
    person_id: int
    assessment_id: int | None
    created_at: dt.datetime
    target: str
    start: dt.date
    weekly_hours: float
    plan: Plan
    activities: list[ActivityState]  # in the plan's order

    @property
    def done(self) -> int:
        return sum(1 for activity in self.activities if activity.status == "done")


class HistoryPoint(Record):
    """One assessment on the timeline: the level probabilities at that moment."""

    assessment_id: int
    created_at: dt.datetime
    framework_id: str
    framework_version: str
    level: str
    expected_level: float
    probabilities: dict[str, float]


class CompetencyDelta(Record):
    competency: str
    name: str
    before: float | None  # combined rating; None when it was not rated
    after: float | None
    change: float | None  # after - before, when both are known


class HistoryStep(Record):
    """What changed between two consecutive assessments."""

    from_assessment: int
    to_assessment: int
    from_date: dt.datetime
    to_date: dt.datetime
    level_before: str
    level_after: str
    expected_level_change: float
    framework_changed: bool  # the two used different frameworks or versions; only shared competencies compare
    competencies: list[CompetencyDelta]


class History(Record):
    person_id: int
    levels: list[str]  # every level seen, in the order of the framework's track
    points: list[HistoryPoint]  # oldest first
    steps: list[HistoryStep]  # one per consecutive pair of points

    def series(self, level: str) -> list[float]:
        """The probability of ``level`` at every point (0 where an assessment did not have the level)."""
        return [point.probabilities.get(level, 0.0) for point in self.points]
