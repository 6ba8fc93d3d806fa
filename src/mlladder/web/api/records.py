"""``/api`` documents, journal entries, plans and the promotion packet."""

from __future__ import annotations

import datetime as dt
from typing import Annotated

from fastapi import APIRouter, File, Form, Query, Response, UploadFile
from fastapi.exceptions import RequestValidationError

from mlladder.assess.match import Match
from mlladder.evidence.kinds import KindChoice
from mlladder.framework.skill_tags import UnknownSkill, UnknownSkills, skill_ids_from_list
from mlladder.promotion.packet import Packet, packet
from mlladder.store import ActivityState, JournalEntry, PlanRecord
from mlladder.web.api.models import DocumentOut, DocumentSummary, JournalEntryIn, PostingPlacement, StatusIn, TagsIn
from mlladder.web.deps import (
    EditableDocument,
    EditableEntry,
    EditablePerson,
    EditablePlan,
    FrameworkDep,
    IdValue,
    ReadableDocument,
    ReadableEntry,
    ReadablePerson,
    ReadablePlan,
    SettingsDep,
    StoreDep,
)
from mlladder.web.services import MAX_MATCHED, match_documents, posting_placement, save_upload, target_for

__all__ = ["router"]

router = APIRouter(prefix="/api")


# -- documents -----------------------------------------------------------------------------------------------------


@router.get("/people/{person_id}/documents", tags=["documents"])
def documents(store: StoreDep, found: ReadablePerson) -> list[DocumentSummary]:
    return [DocumentSummary.of(record) for record in store.list_documents(found.id)]


@router.post("/people/{person_id}/documents", status_code=201, tags=["documents"])
def upload(
    store: StoreDep,
    framework: FrameworkDep,
    settings: SettingsDep,
    found: EditablePerson,
    file: Annotated[UploadFile, File(description="A resume, brag document or job posting.")],
    kind: Annotated[KindChoice, Form()] = KindChoice.auto,
) -> DocumentOut:
    """Keep a document and its evidence; a posting also gets the level it asks for."""
    data = file.file.read(settings.upload_limit_bytes + 1)
    record = save_upload(store, framework, found.id, file.filename, data, kind.kind, settings.upload_limit_bytes)
    return _document(framework, record)


@router.get("/documents/{document_id}", tags=["documents"])
def document(framework: FrameworkDep, record: ReadableDocument) -> DocumentOut:
    return _document(framework, record)


def _document(framework: FrameworkDep, record: ReadableDocument) -> DocumentOut:
    placement = posting_placement(framework, record)
    return DocumentOut(
        **DocumentSummary.of(record).model_dump(),
        text=record.text,
        evidence=record.evidence,
        posting=PostingPlacement.of(*placement) if placement else None,
    )


@router.get("/people/{person_id}/match", tags=["documents"])
def match_posting(
    store: StoreDep,
    framework: FrameworkDep,
    found: ReadablePerson,
    posting: Annotated[IdValue, Query(description="The id of one of the person's job postings.")],
    resume: Annotated[
        list[IdValue],
        Query(
            min_length=1,
            max_length=MAX_MATCHED,
            description="The ids of the person's resumes or brag documents to match with (repeat for more).",
        ),
    ],
) -> Match:
    """How well the person's resume fits one of their job postings, as ``mlladder match --format json``."""
    return match_documents(store, framework, found.id, posting, resume).match


@router.delete("/documents/{document_id}", status_code=204, tags=["documents"])
def delete_document(store: StoreDep, record: EditableDocument) -> Response:
    store.delete_document(record.id)
    return Response(status_code=204)


# -- journal -------------------------------------------------------------------------------------------------------


@router.get("/people/{person_id}/journal", tags=["journal"])
def journal(store: StoreDep, found: ReadablePerson) -> list[JournalEntry]:
    """A person's journal, newest entry first."""
    return store.list_journal(found.id)


@router.post("/people/{person_id}/journal", status_code=201, tags=["journal"])
def add_entry(store: StoreDep, framework: FrameworkDep, found: EditablePerson, body: JournalEntryIn) -> JournalEntry:
    """A dated achievement, tagged automatically with the competencies and skills it shows."""
    return store.add_journal_entry(found.id, body.entry_date or dt.date.today(), body.text, body.impact, framework)


@router.get("/journal/{entry_id}", tags=["journal"])
def entry(found: ReadableEntry) -> JournalEntry:
    return found


@router.put("/journal/{entry_id}/tags", tags=["journal"])
def edit_tags(store: StoreDep, framework: FrameworkDep, found: EditableEntry, body: TagsIn) -> JournalEntry:
    """Replace the entry's tags; from now on it counts as evidence for these. Skills may be given by id, name or
    alias in any case; a name that is no skill is refused (422) with the closest skills, and nothing changes."""
    try:
        skills = skill_ids_from_list(framework, body.skills)
    except UnknownSkills as error:
        raise RequestValidationError([unknown_skill_problem(miss) for miss in error.unknown]) from None
    return store.update_journal_tags(found.id, body.competencies, skills, framework)


def unknown_skill_problem(miss: UnknownSkill) -> dict[str, object]:
    """One refused skill as a 422 answer lists it, beside the schema's own problems: where it is, what is wrong,
    and the ids of the closest skills (``closest``), nearest first."""
    return {
        "loc": ("body", "skills", miss.position),
        "msg": str(miss),
        "type": "unknown_skill",
        "closest": [skill.id for skill in miss.closest],
    }


@router.delete("/journal/{entry_id}", status_code=204, tags=["journal"])
def delete_entry(store: StoreDep, found: EditableEntry) -> Response:
    store.delete_journal_entry(found.id)
    return Response(status_code=204)


# -- plans and packet ----------------------------------------------------------------------------------------------


@router.get("/people/{person_id}/plans", tags=["plans"])
def plans(store: StoreDep, found: ReadablePerson) -> list[PlanRecord]:
    return store.list_plans(found.id)


@router.get("/plans/{plan_id}", tags=["plans"])
def plan(record: ReadablePlan) -> PlanRecord:
    return record


@router.put("/plans/{plan_id}/activities/{key}", tags=["plans"])
def set_status(store: StoreDep, record: EditablePlan, key: str, body: StatusIn) -> ActivityState:
    """Mark one activity of the plan to do, doing or done."""
    return store.set_activity_status(record.id, key, body.status, body.on)


@router.get("/people/{person_id}/packet", tags=["packet"])
def promotion_packet(
    store: StoreDep, framework: FrameworkDep, found: ReadablePerson, target: str | None = None
) -> Packet:
    """The expectations of the target level with the evidence that meets each, and the gaps."""
    return packet(store, found.id, framework, target_for(store, framework, found.id, target))
