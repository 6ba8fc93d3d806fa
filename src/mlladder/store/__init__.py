"""Persistence: people, accounts, assessments, documents, journal entries and plans in SQLite or PostgreSQL.

``Store`` is the only code that talks to the database; :mod:`mlladder.store.packet` builds promotion packets
from what it holds.
"""

from mlladder.store.engine import CannotOpenDatabase, DiskFull, SchemaTooNew, resolve_url
from mlladder.store.packet import Packet, packet, packet_html, packet_markdown, packet_pdf
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
    "Packet",
    "Person",
    "PlanRecord",
    "PlanSummary",
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
