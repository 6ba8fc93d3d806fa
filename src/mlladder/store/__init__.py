"""Persistence: people, accounts, assessments, documents, journal entries, plans and interview practice in SQLite
or PostgreSQL.

``Store`` is the only code that talks to the database: one object made of a repository per kind of record
(``people``, ``login_failures``, ``assessments``, ``documents``, ``journal``, ``practice``, ``plans``,
``transfer``) over one shared :class:`~mlladder.store.database.Database`. It loads and saves records; who may see
them is :mod:`mlladder.access`'s to say, and what they show is the library's (the promotion packet is built in
:mod:`mlladder.report.packet`; its names are still importable from here).
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

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

if TYPE_CHECKING:
    from mlladder.report.packet import Packet, packet
    from mlladder.report.packet_formats import packet_html, packet_markdown, packet_pdf

# The promotion packet lives in the report layer, which reads through Store: importing it here eagerly would be an
# import cycle, so these names load it on first use.
_PACKET_NAMES = {
    "Packet": "mlladder.report.packet",
    "packet": "mlladder.report.packet",
    "packet_html": "mlladder.report.packet_formats",
    "packet_markdown": "mlladder.report.packet_formats",
    "packet_pdf": "mlladder.report.packet_formats",
}


def __getattr__(name: str) -> Any:
    if name in _PACKET_NAMES:
        return getattr(importlib.import_module(_PACKET_NAMES[name]), name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


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
