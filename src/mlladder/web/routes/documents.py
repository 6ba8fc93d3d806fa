"""Uploading a resume, brag document or job posting: its evidence, and an assessment from it."""

from __future__ import annotations

from typing import Annotated, Literal

from fastapi import APIRouter, File, Form, Request, UploadFile
from fastapi.responses import RedirectResponse, Response

from mlladder.evidence.pipeline import by_competency
from mlladder.store.evidence_data import evidence_from_data
from mlladder.web import charts
from mlladder.web.deps import (
    CurrentUser,
    EditableDocument,
    EditablePerson,
    FrameworkDep,
    ReadableDocument,
    ReadablePerson,
    SettingsDep,
    StoreDep,
)
from mlladder.web.rendering import render
from mlladder.web.services import assess_person, posting_placement, readable_size, save_upload

router = APIRouter(include_in_schema=False)

KindChoice = Literal["auto", "resume", "brag", "posting"]
PREVIEW_CHARACTERS = 6000


@router.get("/people/{person_id}/documents")
def documents_page(
    request: Request, viewer: CurrentUser, store: StoreDep, settings: SettingsDep, person: ReadablePerson
) -> Response:
    return render(
        request,
        "documents.html",
        viewer,
        subject=person,
        documents=list(reversed(store.list_documents(person.id))),
        editable=viewer.may_edit(person.id),
        limit=readable_size(settings.upload_limit_bytes),
    )


@router.post("/people/{person_id}/documents")
def upload(
    store: StoreDep,
    framework: FrameworkDep,
    settings: SettingsDep,
    person: EditablePerson,
    file: Annotated[UploadFile, File()],
    kind: Annotated[KindChoice, Form()] = "auto",
    assess: Annotated[bool, Form()] = False,
) -> Response:
    """Keep the document; then show the level a posting asks for, or assess the person with their evidence."""
    data = file.file.read(settings.upload_limit_bytes + 1)
    chosen = None if kind == "auto" else kind
    record = save_upload(store, framework, person.id, file.filename, data, chosen, settings.upload_limit_bytes)
    if assess and record.kind != "posting":
        assessment = assess_person(store, framework, person.id, None)
        return RedirectResponse(f"/assessments/{assessment.id}", status_code=303)
    return RedirectResponse(f"/documents/{record.id}", status_code=303)


@router.get("/documents/{document_id}")
def document_page(
    request: Request, viewer: CurrentUser, store: StoreDep, framework: FrameworkDep, record: ReadableDocument
) -> Response:
    placement = posting_placement(framework, record)
    evidence = evidence_from_data(record.evidence)
    return render(
        request,
        "document.html",
        viewer,
        subject=store.get_person(record.person_id),
        record=record,
        evidence=evidence,
        grouped=by_competency(evidence, framework),
        names={competency.id: competency.name for competency in framework.competencies},
        placement=placement,
        placement_chart=charts.probability_chart(framework, placement) if placement else None,
        preview=record.text[:PREVIEW_CHARACTERS],
        truncated=len(record.text) > PREVIEW_CHARACTERS,
        editable=viewer.may_edit(record.person_id),
    )


@router.get("/documents/{document_id}/original")
def original_file(store: StoreDep, record: ReadableDocument) -> Response:
    """The file as uploaded, always as a download: the browser must never render an uploaded file as a page."""
    data = store.document_original(record.id)
    if data is None:
        data = record.text.encode("utf-8")
    ascii_name = "".join(c if c.isascii() and (c.isalnum() or c in "._-") else "_" for c in record.filename)
    return Response(
        data,
        media_type="application/octet-stream",
        headers={"Content-Disposition": f'attachment; filename="{ascii_name or "document"}"'},
    )


@router.post("/documents/{document_id}/delete")
def delete_document(store: StoreDep, record: EditableDocument) -> Response:
    store.delete_document(record.id)
    return RedirectResponse(f"/people/{record.person_id}/documents", status_code=303)
