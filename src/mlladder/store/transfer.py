"""Export and import: all of one person's data as JSON (the format and its validation on the way back in), and
the repository that writes it out and reads it back.

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
from sqlalchemy import select
from sqlalchemy.orm import Session

from mlladder.assess.placement import Assessment
from mlladder.assess.profile import Profile
from mlladder.documents import parse_document, read_text_file
from mlladder.errors import InvalidFile
from mlladder.evidence.document import DocumentFormat
from mlladder.evidence.kinds import DocumentKind
from mlladder.plan.planner import Plan
from mlladder.store.database import Repository, get_row, inserted, record
from mlladder.store.evidence_data import evidence_from_data
from mlladder.store.mentoring import mentor_pair_rows, person_named
from mlladder.store.models import (
    AssessmentRow,
    DocumentRow,
    JournalEntryRow,
    MentorPairRow,
    MentorPairStatus,
    PersonRow,
    PlanActivityRow,
    PlanRow,
)
from mlladder.store.people import clean_name
from mlladder.store.plans import activity_rows
from mlladder.store.practice import NewPracticeAnswer, practice_row, practice_rows
from mlladder.store.records import ActivityStatus, InvalidExport

__all__ = [
    "Transfer",
    "read_export",
]

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


class ExportedMentorPair(Exported):
    """A mentor pair the person is in. The other person is named, not numbered: ids do not survive an import, and
    the pair comes back when a person of that name is in the database the export goes into."""

    id: int
    role: Literal["mentor", "mentee"]  # the exported person's side of the pair
    partner: str  # the other person's name
    framework_id: str
    competency: str
    benefit: float
    explanation: str
    status: MentorPairStatus
    proposed_at: AwareDatetime
    decided_at: AwareDatetime | None  # who decided stays behind: accounts are not exported


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
    # Mentor pairs came later still: an export without them imports with none.
    mentoring: list[ExportedMentorPair] = Field(default_factory=list)


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
    for pair in export.mentoring:
        if (pair.status == "proposed") != (pair.decided_at is None):
            raise InvalidExport(
                f"mentor pair {pair.id}: a decision needs its time, a proposal has none (fix: re-export the person)"
            )
        if not pair.benefit >= 0:
            raise InvalidExport(f"mentor pair {pair.id}: benefit {pair.benefit} is below 0 (fix: re-export the person)")


# -- the repository ------------------------------------------------------------------------------------------------


class Transfer(Repository):
    """A person's data out as an export, and an export in as a new person."""

    def export_person(self, person_id: int) -> dict[str, Any]:
        """All of a person's data as JSON-ready data (see :mod:`mlladder.store.transfer` for the format)."""
        with self._db.read() as session:
            export = PersonExport(
                person=record(ExportedPerson, get_row(session, PersonRow, person_id, "person")),
                assessments=[record(ExportedAssessment, row) for row in _owned(session, AssessmentRow, person_id)],
                documents=[_export_document(row) for row in _owned(session, DocumentRow, person_id)],
                journal=[record(ExportedJournalEntry, row) for row in _owned(session, JournalEntryRow, person_id)],
                plans=[_export_plan(session, row) for row in _owned(session, PlanRow, person_id)],
                practice=[record(ExportedPracticeAnswer, row) for row in practice_rows(session, person_id)],
                mentoring=[
                    _export_pair(row, person_id, partner) for row, partner in mentor_pair_rows(session, person_id)
                ],
            )
        return export.model_dump(mode="json")

    def import_person(self, data: Mapping[str, Any]) -> int:
        """Add the person of an export (with new ids, no account) and return the new person's id."""
        export = parse_export(data)
        originals = {document.id: decode_original(document) for document in export.documents}
        with self._db.write() as session:
            person = PersonRow(name=clean_name(export.person.name), created_at=export.person.created_at)
            inserted(session, person)
            assessment_ids = _import_assessments(session, person.id, export.assessments)
            for document in export.documents:
                session.add(_import_document(person.id, document, originals[document.id]))
            session.add_all(_import_entry(person.id, entry) for entry in export.journal)
            for plan in export.plans:
                _import_plan(session, person.id, plan, assessment_ids)
            session.add_all(practice_row(person.id, _new_practice(answer)) for answer in export.practice)
            session.add_all(_import_pairs(session, person.id, export.mentoring))
            session.flush()
            return person.id


def _owned(
    session: Session, model: type[AssessmentRow | DocumentRow | JournalEntryRow | PlanRow], person_id: int
) -> list[Any]:
    """A person's rows of one table, in the order they were made."""
    return list(session.scalars(select(model).where(model.person_id == person_id).order_by(model.id)))


def _export_document(row: DocumentRow) -> ExportedDocument:
    return record(ExportedDocument, row, original=encode_original(row.original))


def _export_plan(session: Session, row: PlanRow) -> ExportedPlan:
    activities = [record(ExportedActivity, a, key=a.activity_key) for a in activity_rows(session, row.id)]
    return record(ExportedPlan, row, activities=activities)


def _export_pair(row: MentorPairRow, person_id: int, partner: str) -> ExportedMentorPair:
    return record(ExportedMentorPair, row, role="mentor" if row.mentor_id == person_id else "mentee", partner=partner)


def _import_pairs(session: Session, person_id: int, pairs: list[ExportedMentorPair]) -> list[MentorPairRow]:
    """The exported pairs whose other person is in this database (exactly one person of that name) and not
    already paired with the new person on that competency; a pair whose partner is missing is left out."""
    rows: dict[tuple[int, int, str], MentorPairRow] = {}
    for pair in pairs:
        partner = person_named(session, clean_name(pair.partner), other_than=person_id)
        if partner is None:
            continue
        mentor, mentee = (person_id, partner) if pair.role == "mentor" else (partner, person_id)
        fields = pair.model_dump(exclude={"id", "role", "partner"})
        rows.setdefault((mentor, mentee, pair.competency), MentorPairRow(mentor_id=mentor, mentee_id=mentee, **fields))
    return list(rows.values())


def _new_practice(answer: ExportedPracticeAnswer) -> NewPracticeAnswer:
    """An exported answer as a new one: checked like any other, its seconds measured again from its times."""
    return NewPracticeAnswer.model_validate(answer.model_dump(exclude={"id", "seconds"}))


def _import_assessments(session: Session, person_id: int, assessments: list[ExportedAssessment]) -> dict[int, int]:
    """Insert the assessments; returns exported id -> new id, to relink plans."""
    new_ids: dict[int, int] = {}
    for item in assessments:
        row = AssessmentRow(person_id=person_id, **item.model_dump(exclude={"id"}))
        new_ids[item.id] = inserted(session, row).id
    return new_ids


def _import_document(person_id: int, document: ExportedDocument, original: bytes | None) -> DocumentRow:
    return DocumentRow(person_id=person_id, original=original, **document.model_dump(exclude={"id", "original"}))


def _import_entry(person_id: int, entry: ExportedJournalEntry) -> JournalEntryRow:
    return JournalEntryRow(person_id=person_id, **entry.model_dump(exclude={"id"}))


def _import_plan(session: Session, person_id: int, plan: ExportedPlan, assessment_ids: dict[int, int]) -> None:
    fields = plan.model_dump(exclude={"id", "assessment_id", "activities"})
    assessment_id = None if plan.assessment_id is None else assessment_ids[plan.assessment_id]
    row = inserted(session, PlanRow(person_id=person_id, assessment_id=assessment_id, **fields))
    session.add_all(
        PlanActivityRow(plan_id=row.id, activity_key=activity.key, **activity.model_dump(exclude={"key"}))
        for activity in plan.activities
    )
