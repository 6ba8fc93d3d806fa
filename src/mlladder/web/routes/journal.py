"""The achievement journal: dated entries with impact figures, tagged automatically, tags editable."""

from __future__ import annotations

import datetime as dt
from typing import Annotated

from fastapi import APIRouter, Form, Request
from fastapi.responses import RedirectResponse, Response

from mlladder import InputError
from mlladder.web.deps import CurrentUser, EditableEntry, EditablePerson, FrameworkDep, ReadablePerson, StoreDep
from mlladder.web.rendering import render

__all__ = ["router"]

router = APIRouter(include_in_schema=False)

MAX_ENTRY = 10_000


def split_skills(text: str) -> list[str]:
    """'pytorch, kubernetes mlflow' -> ['pytorch', 'kubernetes', 'mlflow']."""
    return [part for part in text.replace(",", " ").split() if part]


@router.get("/people/{person_id}/journal")
def journal_page(
    request: Request, viewer: CurrentUser, store: StoreDep, framework: FrameworkDep, person: ReadablePerson
) -> Response:
    return render(
        request,
        "journal.html",
        viewer,
        subject=person,
        entries=store.list_journal(person.id),
        names={competency.id: competency.name for competency in framework.competencies},
        skill_names={skill.id: skill.name for skill in framework.skills},
        today=dt.date.today().isoformat(),
        editable=viewer.may_edit(person.id),
    )


@router.post("/people/{person_id}/journal")
def add_entry(
    store: StoreDep,
    framework: FrameworkDep,
    person: EditablePerson,
    text: Annotated[str, Form(max_length=MAX_ENTRY)],
    entry_date: Annotated[str, Form(max_length=20)] = "",
    impact: Annotated[str, Form(max_length=2000)] = "",
) -> Response:
    try:
        day = dt.date.fromisoformat(entry_date.strip()) if entry_date.strip() else dt.date.today()
    except ValueError:
        raise InputError(f"date: '{entry_date}' is not a date (fix: use YYYY-MM-DD)") from None
    entry = store.add_journal_entry(person.id, day, text, impact or None, framework)
    return RedirectResponse(f"/people/{person.id}/journal#entry-{entry.id}", status_code=303)


@router.post("/journal/{entry_id}/tags")
def edit_tags(
    store: StoreDep,
    framework: FrameworkDep,
    entry: EditableEntry,
    competencies: Annotated[list[str] | None, Form()] = None,
    skills: Annotated[str, Form(max_length=2000)] = "",
) -> Response:
    store.update_journal_tags(entry.id, competencies or [], split_skills(skills), framework)
    return RedirectResponse(f"/people/{entry.person_id}/journal#entry-{entry.id}", status_code=303)


@router.post("/journal/{entry_id}/delete")
def delete_entry(store: StoreDep, entry: EditableEntry) -> Response:
    store.delete_journal_entry(entry.id)
    return RedirectResponse(f"/people/{entry.person_id}/journal", status_code=303)
