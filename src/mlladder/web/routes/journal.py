"""The achievement journal: dated entries with impact figures, tagged automatically, tags editable by skill names
as people write them; a form with a value it cannot use comes back as typed (see :mod:`mlladder.web.forms`)."""

from __future__ import annotations

import datetime as dt
from typing import Annotated

from fastapi import APIRouter, Form, Request
from fastapi.responses import RedirectResponse, Response

from mlladder import Framework, InputError, Person, Store
from mlladder.errors import FieldError, clipped
from mlladder.framework.skill_tags import SKILLS_FIELD, skill_ids_from_names
from mlladder.web.deps import (
    CurrentUser,
    EditableEntry,
    EditablePerson,
    FrameworkDep,
    ReadablePerson,
    StoreDep,
    Viewer,
)
from mlladder.web.forms import FORM_PROBLEM, FormState, refused
from mlladder.web.rendering import render

__all__ = ["router"]

router = APIRouter(include_in_schema=False)

MAX_ENTRY = 10_000


# The forms' fields, as their labels name them: a problem with one is shown beside it, led by its label.
ENTRY_LABELS = {"entry_date": "Date", "text": "What you did", "impact": "Impact"}
TAG_LABELS = {"competencies": "Competencies", SKILLS_FIELD: "Skills"}


@router.get("/people/{person_id}/journal")
def journal_page(
    request: Request, viewer: CurrentUser, store: StoreDep, framework: FrameworkDep, person: ReadablePerson
) -> Response:
    return _journal_page(request, viewer, store, framework, person)


def _journal_page(
    request: Request,
    viewer: Viewer,
    store: Store,
    framework: Framework,
    person: Person,
    form: FormState | None = None,
) -> Response:
    """The journal; with ``form``, the new entry's form or one entry's tags form sent back as typed, with what
    to correct beside its field (and that entry's tags form open)."""
    return render(
        request,
        "journal.html",
        viewer,
        status_code=FORM_PROBLEM if form else 200,
        form=form,
        subject=person,
        entries=store.list_journal(person.id),
        names={competency.id: competency.name for competency in framework.competencies},
        skill_names={skill.id: skill.name for skill in framework.skills},
        today=dt.date.today().isoformat(),
        editable=viewer.may_edit(person.id),
        entry_labels=ENTRY_LABELS,
        tag_labels=TAG_LABELS,
    )


@router.post("/people/{person_id}/journal")
def add_entry(
    request: Request,
    viewer: CurrentUser,
    store: StoreDep,
    framework: FrameworkDep,
    person: EditablePerson,
    text: Annotated[str, Form(max_length=MAX_ENTRY)] = "",
    entry_date: Annotated[str, Form(max_length=20)] = "",
    impact: Annotated[str, Form(max_length=2000)] = "",
) -> Response:
    try:
        entry = store.add_journal_entry(person.id, _entry_day(entry_date), text, impact or None, framework)
    except InputError as error:
        typed = {"entry_date": entry_date, "text": text, "impact": impact}
        return _journal_page(request, viewer, store, framework, person, refused("entry", typed, error, ENTRY_LABELS))
    return RedirectResponse(f"/people/{person.id}/journal#entry-{entry.id}", status_code=303)


def _entry_day(typed: str) -> dt.date:
    """The entry's date as typed; today when left empty."""
    if not typed.strip():
        return dt.date.today()
    try:
        return dt.date.fromisoformat(typed.strip())
    except ValueError:
        message = f"date: '{clipped(typed)}' is not a date (fix: use YYYY-MM-DD)"
        raise FieldError(message, field="entry_date", advice="enter a date such as 2025-02-05") from None


@router.post("/journal/{entry_id}")
def edit_entry(
    request: Request,
    viewer: CurrentUser,
    store: StoreDep,
    framework: FrameworkDep,
    entry: EditableEntry,
    text: Annotated[str, Form(max_length=MAX_ENTRY)] = "",
    entry_date: Annotated[str, Form(max_length=20)] = "",
    impact: Annotated[str, Form(max_length=2000)] = "",
) -> Response:
    """An entry rewritten; its tags follow the new text unless someone chose them by hand."""
    try:
        day = _entry_day(entry_date) if entry_date.strip() else entry.entry_date
        store.update_journal_entry(entry.id, day, text, impact or None, framework)
    except InputError as error:
        typed = {"entry_date": entry_date, "text": text, "impact": impact}
        form = refused(f"edit-{entry.id}", typed, error, ENTRY_LABELS)
        person = store.get_person(entry.person_id)
        return _journal_page(request, viewer, store, framework, person, form)
    return RedirectResponse(f"/people/{entry.person_id}/journal#entry-{entry.id}", status_code=303)


@router.post("/journal/{entry_id}/tags")
def edit_tags(
    request: Request,
    viewer: CurrentUser,
    store: StoreDep,
    framework: FrameworkDep,
    entry: EditableEntry,
    competencies: Annotated[list[str] | None, Form()] = None,
    skills: Annotated[str, Form(max_length=2000)] = "",
) -> Response:
    """Tags as chosen: competencies ticked, skills by their names as people write them ("Feature Store, K8s")."""
    try:
        chosen = skill_ids_from_names(framework, skills)
        store.update_journal_tags(entry.id, competencies or [], chosen, framework)
    except InputError as error:
        typed: dict[str, str | list[str] | bool] = {"competencies": competencies or [], SKILLS_FIELD: skills}
        form = refused(f"tags-{entry.id}", typed, error, TAG_LABELS, fallback="competencies")
        person = store.get_person(entry.person_id)
        return _journal_page(request, viewer, store, framework, person, form)
    return RedirectResponse(f"/people/{entry.person_id}/journal#entry-{entry.id}", status_code=303)


@router.post("/journal/{entry_id}/delete")
def delete_entry(store: StoreDep, entry: EditableEntry) -> Response:
    store.delete_journal_entry(entry.id)
    return RedirectResponse(f"/people/{entry.person_id}/journal", status_code=303)
