"""The start page and a person's overview: where they stand, their plan, and links to everything else."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import RedirectResponse, Response

from mlladder import Person, Store
from mlladder.access import Visibility
from mlladder.web.deps import CurrentUser, ReadablePerson, StoreDep, Viewer
from mlladder.web.rendering import render

__all__ = ["router", "visible_people"]

router = APIRouter(include_in_schema=False)


def visible_people(store: Store, viewer: Viewer) -> list[Person]:
    """The other people whose pages the viewer can open: a manager's people below them, a director's direct
    reports (and everyone below when the server allows it), everyone for an admin. One read of who sees whom,
    not one per person; people seen only in a team's totals are not listed, since their pages are not theirs to
    open."""
    if not viewer.sees_others:
        return []
    readable = {key for key, seen in viewer.visible(store).items() if seen is Visibility.RECORDS}
    return [p for p in store.list_people() if p.id != viewer.person_id and p.id in readable]


def starts_at_team(viewer: Viewer) -> bool:
    """Those who look after other people (not admins, who keep their own page and the accounts) start at /team."""
    return viewer.sees_others and not viewer.is_admin


def _overview(request: Request, viewer: Viewer, store: Store, person: Person) -> Response:
    plans = store.list_plans(person.id)
    return render(
        request,
        "person.html",
        viewer,
        subject=person,
        latest=store.latest_assessment(person.id),
        plan=plans[-1] if plans else None,
        documents=len(store.list_documents(person.id)),
        entries=len(store.list_journal(person.id)),
        people=visible_people(store, viewer) if person.id == viewer.person_id else [],
    )


@router.get("/")
def home(request: Request, viewer: CurrentUser, store: StoreDep) -> Response:
    """A manager's or director's home is their team; their own page stays at /people/{id}."""
    if starts_at_team(viewer):
        return RedirectResponse("/team", status_code=303)
    return _overview(request, viewer, store, store.get_person(viewer.person_id))


@router.get("/people/{person_id}")
def person_page(request: Request, viewer: CurrentUser, store: StoreDep, person: ReadablePerson) -> Response:
    return _overview(request, viewer, store, person)


@router.get("/people/{person_id}/results")
def latest_results(request: Request, viewer: CurrentUser, store: StoreDep, person: ReadablePerson) -> Response:
    """The latest assessment's results, or a page that says how to get one."""
    latest = store.latest_assessment(person.id)
    if latest is None:
        return render(request, "no_assessment.html", viewer, subject=person)
    return RedirectResponse(f"/assessments/{latest.id}", status_code=303)


@router.get("/people/{person_id}/plan")
def latest_plan(request: Request, viewer: CurrentUser, store: StoreDep, person: ReadablePerson) -> Response:
    """The latest plan, else the latest assessment's gaps (where a plan is made), else how to start."""
    plans = store.list_plans(person.id)
    if plans:
        return RedirectResponse(f"/plans/{plans[-1].id}", status_code=303)
    latest = store.latest_assessment(person.id)
    if latest is None:
        return render(request, "no_assessment.html", viewer, subject=person)
    return RedirectResponse(f"/assessments/{latest.id}/gaps", status_code=303)
