"""Persistence: people, accounts, assessments, documents, journal entries, plans and interview practice in SQLite
or PostgreSQL.

``Store`` is the only code that talks to the database: one object made of a repository per kind of record
(``people``, ``login_failures``, ``assessments``, ``documents``, ``journal``, ``practice``, ``plans``,
``transfer``) over one shared :class:`~mlladder.store.database.Database`. It loads and saves records; who may see
them is :mod:`mlladder.access`'s to say, and what they show is the library's (the promotion packet, which reads
through the store, is built in :mod:`mlladder.promotion`).
"""

from __future__ import annotations

from mlladder.access import Role
from mlladder.store.engine import CannotOpenDatabase, DiskFull, SchemaTooNew, resolve_url
from mlladder.store.practice import NewPracticeAnswer, PracticeAnswer
from mlladder.store.records import (
    ActivityState,
    ActivityStatus,
    AssessmentRecord,
    CompetencyDelta,
    DocumentRecord,
    History,
    HistoryPoint,
    HistoryStep,
    InvalidExport,
    JournalEntry,
    Person,
    PlanRecord,
    PlanSummary,
    RecordNotFound,
    User,
    UsernameTaken,
)
from mlladder.store.store import Store

__all__ = [
    "ActivityState",
    "ActivityStatus",
    "AssessmentRecord",
    "CannotOpenDatabase",
    "CompetencyDelta",
    "DiskFull",
    "DocumentRecord",
    "History",
    "HistoryPoint",
    "HistoryStep",
    "InvalidExport",
    "JournalEntry",
    "NewPracticeAnswer",
    "Person",
    "PlanRecord",
    "PlanSummary",
    "PracticeAnswer",
    "RecordNotFound",
    "Role",
    "SchemaTooNew",
    "Store",
    "User",
    "UsernameTaken",
    "resolve_url",
]
