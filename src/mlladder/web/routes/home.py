"""The start page and a person's overview: where they stand, their plan, and links to everything else."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import RedirectResponse, Response

from mlladder import AssessmentRecord, Framework, Person, Store
from mlladder.access import Visibility
from mlladder.assess.arrival import Arrival, arrival
from mlladder.framework.ladder import ic_levels, main_track_id
from mlladder.framework.schema import Track
from mlladder.guidance.level_facts import LevelFacts, ladder_facts
from mlladder.store.people import DEFAULT_PERSON_NAME
from mlladder.web.deps import CurrentUser, FrameworkDep, ReadablePerson, StoreDep, Viewer
from mlladder.web.rendering import render
from mlladder.web.services import assessment_target

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


def ladder_preview(framework: Framework) -> list[LevelFacts]:
    """The main track's levels with their years and pay: what a first visit sees of the ladder."""
    main = {level.id for level in ic_levels(framework)}
    return [facts for facts in ladder_facts(framework) if facts.level.id in main]


def main_track(framework: Framework) -> Track:
    return next(track for track in framework.tracks if track.id == main_track_id(framework))


def heading_name(viewer: Viewer, person: Person) -> str | None:
    """The name a page about ``person`` is headed with; None for the viewer's own person while they have not
    given a name (single-user mode's placeholder), whose page is headed by what they can do instead."""
    if viewer.owns(person) and person.user_id is None and person.name == DEFAULT_PERSON_NAME:
        return None
    return person.name


def standing_against_target(framework: Framework, latest: AssessmentRecord | None) -> Arrival | None:
    """The latest placement against the level it aims at (none for an assessment on another framework, nor for
    someone looking for a job, whose target is the level they are placed at: that is where to be hired, not a
    level reached)."""
    if latest is None or latest.framework_id != framework.id:
        return None
    if latest.profile.goal is not None and latest.profile.goal.kind == "get-hired":
        return None
    return arrival(framework, latest.level, assessment_target(framework, latest))


def plan_against_placement(framework: Framework, latest: AssessmentRecord | None, target: str) -> Arrival | None:
    """The latest placement against a plan's target, so a plan whose level is reached is not shown as under way."""
    if latest is None or latest.framework_id != framework.id:
        return None
    return arrival(framework, latest.level, target)


def _overview(request: Request, viewer: Viewer, store: Store, framework: Framework, person: Person) -> Response:
    plans = store.list_plans(person.id)
    plan = plans[-1] if plans else None
    latest = store.latest_assessment(person.id)
    # A first visit (own page, nothing assessed): say what the tool does and show the ladder before anything else.
    welcome = latest is None and viewer.owns(person) and viewer.may_edit(person.id)
    return render(
        request,
        "person.html",
        viewer,
        subject=person,
        heading=heading_name(viewer, person),
        latest=latest,
        standing=standing_against_target(framework, latest),
        plan=plan,
        plan_standing=plan_against_placement(framework, latest, plan.target) if plan else None,
        welcome=welcome,
        preview=ladder_preview(framework) if welcome else [],
        main_track=main_track(framework),
        documents=len(store.list_documents(person.id)),
        entries=len(store.list_journal(person.id)),
        people=visible_people(store, viewer) if person.id == viewer.person_id else [],
    )


@router.get("/")
def home(request: Request, viewer: CurrentUser, store: StoreDep, framework: FrameworkDep) -> Response:
    """A manager's or director's home is their team; their own page stays at /people/{id}."""
    if starts_at_team(viewer):
        return RedirectResponse("/team", status_code=303)
    return _overview(request, viewer, store, framework, store.get_person(viewer.person_id))


@router.get("/people/{person_id}")
def person_page(
    request: Request, viewer: CurrentUser, store: StoreDep, framework: FrameworkDep, person: ReadablePerson
) -> Response:
    return _overview(request, viewer, store, framework, person)


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
