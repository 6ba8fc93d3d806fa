"""The export format: all of one person's data as JSON, and its validation on the way back in.

Ids in an export only link records to each other (a plan to the assessment it came from); an import gives every
record a new id. Everything else, timestamps included, comes back exactly as it was exported.
"""

from __future__ import annotations

import base64
import binascii
import datetime as dt
import hashlib
from collections.abc import Mapping
from pathlib import Path
from typing import Any, Final, Literal

from pydantic import AwareDatetime, BaseModel, ConfigDict, Field, ValidationError

from mlladder.assess.placement import Assessment
from mlladder.assess.profile import Profile
from mlladder.documents import parse_document, read_text_file
from mlladder.errors import InvalidFile
from mlladder.evidence.document import DocumentFormat
from mlladder.evidence.model import DocumentKind
from mlladder.plan.planner import Plan
from mlladder.store.evidence_data import evidence_from_data
from mlladder.store.records import ActivityStatus, InvalidExport

EXPORT_FORMAT: Final = "mlladder-person"
EXPORT_VERSION: Final = 1


class Exported(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class ExportedPerson(Exported):
    id: int
    name: str
    created_at: AwareDatetime


class ExportedAssessment(Exported):
    id: int
    created_at: AwareDatetime
    framework_id: str
    framework_version: str
    level: str
    target: str | None
    profile: dict[str, Any]
    result: dict[str, Any]


class ExportedDocument(Exported):
    id: int
    created_at: AwareDatetime
    filename: str
    kind: DocumentKind
    format: DocumentFormat
    sha256: str
    text: str
    evidence: dict[str, Any]
    original: str | None  # base64


class ExportedJournalEntry(Exported):
    id: int
    entry_date: dt.date
    text: str
    impact: str | None
    competencies: list[str]
    skills: list[str]
    tags_edited: bool
    created_at: AwareDatetime
    updated_at: AwareDatetime


class ExportedActivity(Exported):
    key: str
    title: str
    status: ActivityStatus
    updated_at: AwareDatetime
    done_on: dt.date | None


class ExportedPlan(Exported):
    id: int
    assessment_id: int | None
    created_at: AwareDatetime
    target: str
    start: dt.date
    weekly_hours: float
    plan: dict[str, Any]
    activities: list[ExportedActivity]


class ExportedPracticeAnswer(Exported):
    id: int
    framework_id: str
    question_id: str
    level: str
    competency: str | None
    started_at: AwareDatetime
    ended_at: AwareDatetime
    seconds: float
    time_limit: int | None
    timed_out: bool
    rating: int
    notes: str | None


class PersonExport(Exported):
    format: Literal["mlladder-person"] = EXPORT_FORMAT
    format_version: Literal[1] = EXPORT_VERSION
    person: ExportedPerson
    assessments: list[ExportedAssessment]
    documents: list[ExportedDocument]
    journal: list[ExportedJournalEntry]
    plans: list[ExportedPlan]
    # Interview practice came after the first exports: an export without it imports with no practice.
    practice: list[ExportedPracticeAnswer] = Field(default_factory=list)


def encode_original(original: bytes | None) -> str | None:
    return None if original is None else base64.b64encode(original).decode("ascii")


def decode_original(document: ExportedDocument) -> bytes | None:
    """The original file of an exported document, checked against its recorded hash."""
    if document.original is None:
        return None
    try:
        data = base64.b64decode(document.original, validate=True)
    except binascii.Error as error:
        raise InvalidExport(f"document {document.id}: the original file is not valid base64 ({error})") from error
    if hashlib.sha256(data).hexdigest() != document.sha256:
        raise InvalidExport(f"document {document.id}: the original file does not match its sha256 (fix: re-export)")
    return data


def read_export(path: Path) -> Any:
    """The data of an export file, read within the input limits (size, nesting, numbers; control characters
    dropped); a file that is not JSON raises :class:`InvalidExport` with one line."""
    try:
        return parse_document(path, read_text_file(path, "export file", fix_empty=_FIX), error=InvalidFile)
    except InvalidFile as error:
        raise InvalidExport(str(error)) from None


_FIX = "give a file written by mlladder export"


def parse_export(data: Mapping[str, Any]) -> PersonExport:
    """Validate an export; every snapshot must still read as a profile, assessment, plan or evidence."""
    if not isinstance(data, Mapping) or data.get("format") != EXPORT_FORMAT:
        raise InvalidExport(f"not an mlladder export (fix: give a file written by export_person; '{EXPORT_FORMAT}')")
    if data.get("format_version") != EXPORT_VERSION:
        raise InvalidExport(
            f"export format version {data.get('format_version')!r} is not supported "
            f"(fix: use an mlladder that writes version {EXPORT_VERSION})"
        )
    try:
        export = PersonExport.model_validate(dict(data))
        for assessment in export.assessments:
            Profile.model_validate(assessment.profile, strict=False)
            Assessment.model_validate(assessment.result)
        for plan in export.plans:
            Plan.model_validate(plan.plan)
        for document in export.documents:
            evidence_from_data(document.evidence)
    except ValidationError as error:
        first = error.errors()[0]
        where = ".".join(str(part) for part in first["loc"])
        raise InvalidExport(f"export is not valid: {where}: {first['msg']} (fix: re-export the person)") from error
    except (KeyError, TypeError) as error:
        raise InvalidExport(f"export has damaged document evidence: {error} (fix: re-export the person)") from error
    _check_links(export)
    return export


def _check_links(export: PersonExport) -> None:
    assessments = {assessment.id for assessment in export.assessments}
    for plan in export.plans:
        if plan.assessment_id is not None and plan.assessment_id not in assessments:
            raise InvalidExport(f"plan {plan.id} refers to assessment {plan.assessment_id}, which is not in the export")
        keys = [activity.key for activity in plan.activities]
        if len(keys) != len(set(keys)):
            raise InvalidExport(f"plan {plan.id} lists an activity twice")
