"""Persistence: people, accounts, assessments, documents, journal entries, plans and interview practice in SQLite
or PostgreSQL.

``Store`` is the only code that talks to the database; :mod:`mlladder.store.packet` builds promotion packets
from what it holds.
"""

from mlladder.store.engine import CannotOpenDatabase, DiskFull, SchemaTooNew, resolve_url
from mlladder.store.packet import Packet, packet, packet_html, packet_markdown, packet_pdf
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
    Role,
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
    "Packet",
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
    "packet",
    "packet_html",
    "packet_markdown",
    "packet_pdf",
    "resolve_url",
]
