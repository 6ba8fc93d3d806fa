"""Uploading a resume, brag document or job posting: its evidence, an assessment from it, how a posting was read,
and a resume matched against a posting."""

from __future__ import annotations

import re
from typing import Annotated, Any

from fastapi import APIRouter, File, Form, HTTPException, Query, Request, UploadFile
from fastapi.responses import RedirectResponse, Response
from starlette.types import Scope

from mlladder import InputError, Person
from mlladder.assess.postings import PostingReading
from mlladder.evidence.dating import date_at, work_dates
from mlladder.evidence.kinds import DocumentKind, KindChoice, describes_person
from mlladder.evidence.model import Evidence
from mlladder.evidence.shown import QUALIFIER_WORDS, what_it_shows
from mlladder.framework.schema import Framework
from mlladder.store import DocumentRecord, Store
from mlladder.store.evidence_data import evidence_from_data
from mlladder.web import charts
from mlladder.web.deps import (
    CurrentUser,
    EditableDocument,
    EditablePerson,
    FrameworkDep,
    IdValue,
    ReadableDocument,
    ReadablePerson,
    SettingsDep,
    StoreDep,
    Viewer,
)
from mlladder.web.forms import FORM_PROBLEM, FormState, refused
from mlladder.web.rendering import render
from mlladder.web.services import (
    MAX_MATCHED,
    UploadTooLarge,
    about_the_person,
    assess_person,
    match_documents,
    posting_placement,
    readable_size,
    save_upload,
    upload_limit_message,
)
from mlladder.web.settings import Settings

__all__ = ["refused_upload", "router"]

router = APIRouter(include_in_schema=False)

# How the upload form words each choice, in the order it offers them.
KIND_LABELS = {
    KindChoice.auto: "found out from the file",
    KindChoice.resume: "a resume",
    KindChoice.brag: "a brag document or self-review",
    KindChoice.posting: "a job posting",
}
PREVIEW_CHARACTERS = 6000
LINES_SHOWN = 3  # lines a competency shows before the rest fold away
# The cue a posting gets for *not* mentioning students or internships: in the API, but no row of the page's table
# (it has no sentence to show), as in the terminal.
UNSHOWN_CUES = frozenset({"no_early_career"})


# The upload form's fields, as its labels name them: a problem with the file is shown beside the file input.
UPLOAD_LABELS = {"file": "The file", "kind": "It is"}
CHOOSE_AGAIN = "Choose the file again: a browser cannot keep a chosen file when a form comes back."


UPLOAD_FORM = re.compile(r"/people/\d+/documents")
TOO_LARGE = "mlladder.upload_too_large"  # marks the page's request that stands for an upload too large to read


def refused_upload(scope: Scope) -> Scope | None:
    """The request to answer instead of an upload form sent with a body too large to read: the documents page,
    marked, so the form comes back with the limit beside the file field (the body is never read, so the choices
    made cannot be kept). None for everything else (the API among it), which keeps the plain 413."""
    if scope.get("method") != "POST" or not UPLOAD_FORM.fullmatch(scope.get("path", "")):
        return None
    return {**scope, "method": "GET", "query_string": b"", TOO_LARGE: True}


@router.get("/people/{person_id}/documents")
def documents_page(
    request: Request, viewer: CurrentUser, store: StoreDep, settings: SettingsDep, person: ReadablePerson
) -> Response:
    if request.scope.get(TOO_LARGE):  # an upload far over the limit (see ``refused_upload``)
        if not viewer.may_edit(person.id):  # refused as the upload itself would have been
            raise HTTPException(403, "this person is not yours to change; you may only look at it")
        error = UploadTooLarge(upload_limit_message(settings.upload_limit_bytes))
        form = refused("upload", {"kind": KindChoice.auto.value, "assess": True}, error, UPLOAD_LABELS, "file")
        return _documents_page(request, viewer, store, settings, person, form, 413)
    return _documents_page(request, viewer, store, settings, person)


def _documents_page(
    request: Request,
    viewer: Viewer,
    store: Store,
    settings: Settings,
    person: Person,
    form: FormState | None = None,
    status_code: int = FORM_PROBLEM,
) -> Response:
    """The documents; with ``form``, the upload form sent back with the choices made and what was wrong with the
    file (which has to be chosen again: no page can fill in a file input)."""
    return render(
        request,
        "documents.html",
        viewer,
        status_code=status_code if form else 200,
        form=form,
        choose_again=CHOOSE_AGAIN,
        subject=person,
        documents=list(reversed(store.list_documents(person.id))),
        editable=viewer.may_edit(person.id),
        limit=readable_size(settings.upload_limit_bytes),
        kind_choices=[(choice.value, KIND_LABELS[choice]) for choice in KindChoice],
    )


@router.post("/people/{person_id}/documents")
def upload(
    request: Request,
    viewer: CurrentUser,
    store: StoreDep,
    framework: FrameworkDep,
    settings: SettingsDep,
    person: EditablePerson,
    file: Annotated[UploadFile, File()],
    kind: Annotated[KindChoice, Form()] = KindChoice.auto,
    assess: Annotated[bool, Form()] = False,
) -> Response:
    """Keep the document; then show the level a posting asks for, or assess the person with their evidence. A
    file that cannot be read sends the form back with the choices made (413 for one over the limit)."""
    data = file.file.read(settings.upload_limit_bytes + 1)
    try:
        record = save_upload(store, framework, person.id, file.filename, data, kind.kind, settings.upload_limit_bytes)
    except InputError as error:
        typed: dict[str, str | list[str] | bool] = {"kind": kind.value, "assess": assess}
        form = refused("upload", typed, error, UPLOAD_LABELS, fallback="file")
        status = 413 if isinstance(error, UploadTooLarge) else FORM_PROBLEM
        return _documents_page(request, viewer, store, settings, person, form, status)
    if assess and describes_person(record.kind):
        assessment = assess_person(store, framework, person.id, None)
        return RedirectResponse(f"/assessments/{assessment.id}", status_code=303)
    return RedirectResponse(f"/documents/{record.id}", status_code=303)


@router.get("/documents/{document_id}")
def document_page(
    request: Request, viewer: CurrentUser, store: StoreDep, framework: FrameworkDep, record: ReadableDocument
) -> Response:
    evidence = evidence_from_data(record.evidence)
    return render(
        request,
        "document.html",
        viewer,
        subject=store.get_person(record.person_id),
        record=record,
        evidence=evidence,
        **_shown_context(record, evidence, framework),
        preview=record.text[:PREVIEW_CHARACTERS],
        truncated=len(record.text) > PREVIEW_CHARACTERS,
        editable=viewer.may_edit(record.person_id),
        **_posting_context(store, framework, record),
    )


def _shown_context(record: DocumentRecord, evidence: Evidence, framework: Framework) -> dict[str, Any]:
    """What the document shows, per competency, each line quoted once (see ``what_it_shows``), and for a resume or
    brag document the dates each line's work falls in (its role's range, its entry's day)."""
    shown = what_it_shows(evidence, framework)
    spans = work_dates(record.text, record.created_at.date()) if describes_person(record.kind) else []
    lines = {entry.line.number: entry.line for group in shown for entry in group.lines}
    dates = {number: date_at(spans, line.start) for number, line in lines.items()}
    return {
        "shown": shown,
        "line_dates": {number: date.text for number, date in dates.items() if date is not None},
        "line_count": len(lines),
        "lines_shown": LINES_SHOWN,
        "qualifier_words": QUALIFIER_WORDS,
        "names": {competency.id: competency.name for competency in framework.competencies},
    }


def _posting_context(store: Store, framework: Framework, record: DocumentRecord) -> dict[str, Any]:
    """For a posting: its placement, how it was read, and the person's documents it can be matched with."""
    found = posting_placement(framework, record)
    if found is None:
        return {"placement": None}
    placement, reading = found
    matchable = about_the_person(store.list_documents(record.person_id))
    resumes = [document for document in matchable if document.kind == DocumentKind.resume]
    return {
        "placement": placement,
        "reading": reading,
        "asks": posting_asks(reading),
        "cues": [cue for cue in reading.cues if cue.kind not in UNSHOWN_CUES],
        "placement_chart": charts.probability_chart(framework, placement),
        "matchable": matchable,
        "chosen": (resumes or matchable)[0].id if matchable else None,  # the newest resume ticked
    }


def posting_asks(reading: PostingReading) -> str:
    """What the posting states outright: 'Asks for 8+ years (10+ preferred); pays 145,000-185,000 EUR a year.'"""
    if reading.required_years is None:
        asked = "No years of experience asked for"
    else:
        asked = f"Asks for {reading.required_years:g}+ years"
    if reading.preferred_years is not None:
        asked += f" ({reading.preferred_years:g}+ preferred)"
    if reading.pay is not None:
        low, high, currency = reading.pay
        paid = f"{low:,.0f}" if low == high else f"{low:,.0f}-{high:,.0f}"
        asked += f"; pays {paid} {currency} a year"
    return asked + "."


@router.get("/people/{person_id}/match")
def match_page(
    request: Request,
    viewer: CurrentUser,
    store: StoreDep,
    framework: FrameworkDep,
    person: ReadablePerson,
    posting: Annotated[IdValue | None, Query()] = None,
    resume: Annotated[list[IdValue] | None, Query(max_length=MAX_MATCHED)] = None,
) -> Response:
    """A resume (or several documents) against one of the person's postings: score, skills, years, changes."""
    found = match_documents(store, framework, person.id, posting, resume or [])
    return render(
        request,
        "match.html",
        viewer,
        subject=person,
        found=found,
        fit=found.match,
        who="you" if person.id == viewer.person_id else person.name,
        titles=charts.level_titles(framework),
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
