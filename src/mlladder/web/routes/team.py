"""The team pages: a manager's or director's home (the matrix, readiness and risks of the people below them, as a
page and as CSV) and the mentor pairs proposed for them."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Form, HTTPException, Query, Request
from fastapi.responses import RedirectResponse, Response

from mlladder.errors import InputError
from mlladder.framework.schema import Framework
from mlladder.store import RecordNotFound, Store, User
from mlladder.store.mentoring import Decision, MentorPairNotAllowed
from mlladder.team.matrix import matrix_csv
from mlladder.team.mentors import DEFAULT_CAPACITY, PairingOptions
from mlladder.team.overview import (
    FILTER_MAX_LENGTH,
    TeamFilters,
    TeamOverview,
    WhatIfRequest,
    groups_csv,
    mentor_view,
    propose_mentors,
    team_filters,
    team_overview,
    team_what_if,
    what_if_choices,
)
from mlladder.web.deps import CurrentUser, FrameworkDep, IdValue, SettingsDep, StoreDep, Viewer, quick_read
from mlladder.web.forms import FORM_PROBLEM, FormState, refused
from mlladder.web.rendering import page_until_changed, render
from mlladder.web.settings import Settings

__all__ = ["router"]

router = APIRouter(include_in_schema=False)

# Longer than any real value; FastAPI refuses longer ones (422) before any work is done.
FilterValue = Annotated[str | None, Query(max_length=FILTER_MAX_LENGTH)]
NOT_A_TEAM_VIEWER = "the team pages are for managers and directors (fix: open your own page at /)"
MAX_CAPACITY = 10  # mentees one person could mentor at a time; more is not mentoring


def team_account(viewer: Viewer) -> User | None:
    """The viewer's account when they look at other people's data (None in single-user mode, whose one user owns
    the whole database); an account that sees only its own data is refused."""
    if viewer.user is not None and not viewer.sees_others:
        raise HTTPException(403, NOT_A_TEAM_VIEWER)
    return viewer.user


async def requested_filters(
    viewer: CurrentUser,
    framework: FrameworkDep,
    level: FilterValue = None,
    specialisation: FilterValue = None,
    manager: FilterValue = None,
) -> TeamFilters:
    """The filters of a team page or download, checked once the viewer may see a team at all (a viewer who may not
    is refused before anything they typed is looked at). Async, so the hot page pays no thread hop for it."""
    team_account(viewer)
    return team_filters(framework, level, specialisation, manager)


Filters = Annotated[TeamFilters, Depends(requested_filters)]


def _overview(
    framework: Framework, store: Store, settings: Settings, viewer: Viewer, filters: TeamFilters
) -> TeamOverview:
    return team_overview(
        framework,
        store,
        team_account(viewer),
        viewer.person_id,
        filters,
        director_sees_people=settings.director_sees_people,
    )


@router.get("/team")
async def team_page(
    request: Request,
    viewer: CurrentUser,
    store: StoreDep,
    framework: FrameworkDep,
    settings: SettingsDep,
    filters: Filters,
) -> Response:
    async def make() -> Response:
        overview = await quick_read(store, _overview, framework, store, settings, viewer, filters)
        return render(request, "team.html", viewer, overview=overview, query=request.url.query)

    # The manager's home: made once, then answered again until the database changes.
    return await page_until_changed(request, viewer, ("team", filters), make)


@router.get("/team/download/matrix.csv")
async def matrix_download(
    viewer: CurrentUser,
    store: StoreDep,
    framework: FrameworkDep,
    settings: SettingsDep,
    filters: Filters,
) -> Response:
    """The matrix of the people whose records the viewer reads, with the page's filters."""
    overview = await quick_read(store, _overview, framework, store, settings, viewer, filters)
    return _csv(matrix_csv(overview.matrix) if overview.matrix else "", "team-matrix.csv")  # nobody: an empty file


@router.get("/team/download/teams.csv")
async def teams_download(
    viewer: CurrentUser,
    store: StoreDep,
    framework: FrameworkDep,
    settings: SettingsDep,
    filters: Filters,
) -> Response:
    """The teams the viewer sees only in aggregate: head counts, level mix, coverage counts."""
    overview = await quick_read(store, _overview, framework, store, settings, viewer, filters)
    return _csv(groups_csv(overview), "team-teams.csv")


def _csv(content: str, filename: str) -> Response:
    return Response(
        content,
        media_type="text/csv; charset=utf-8",
        headers={"Content-Disposition": f'attachment; filename="{filename}"'},
    )


WHAT_IF_LABELS = {
    "remove": "Leaves",
    "promote": "Promoted",
    "to": "To level",
    "add_level": "Joins at level",
    "add_name": "Name",
    "add_specialisation": "Specialisation",
    "add_manager": "Reports to",
    "move": "Moves",
    "move_to": "Then reports to",
}


@router.get("/team/whatif")
def what_if_page(
    request: Request,
    viewer: CurrentUser,
    store: StoreDep,
    framework: FrameworkDep,
    settings: SettingsDep,
    remove: FilterValue = None,
    promote: FilterValue = None,
    to: FilterValue = None,
    add_level: FilterValue = None,
    add_name: FilterValue = None,
    add_specialisation: FilterValue = None,
    add_manager: FilterValue = None,
    move: FilterValue = None,
    move_to: FilterValue = None,
) -> Response:
    """The team today beside the team after someone joins at a level, leaves, is promoted or moves to another
    manager (any of them together): coverage, single points, level mix, and the teams whose people change. A value
    that cannot be used comes back on the form, beside its field, as it was typed."""
    user = team_account(viewer)
    sees = settings.director_sees_people
    asked = WhatIfRequest(remove, promote, to, add_level, add_name, add_specialisation, add_manager, move, move_to)
    typed = {name: value or "" for name, value in vars(asked).items()}
    form = FormState("whatif", typed)
    try:
        result = team_what_if(framework, store, user, viewer.person_id, asked, director_sees_people=sees)
    except InputError as error:
        result, form = None, refused("whatif", typed, error, WHAT_IF_LABELS)
    choices = what_if_choices(framework, store, user, viewer.person_id, director_sees_people=sees)
    return render(
        request,
        "team_whatif.html",
        viewer,
        status_code=FORM_PROBLEM if form.errors else 200,
        result=result,
        choices=choices,
        form=form,
        labels=WHAT_IF_LABELS,
    )


# -- mentor pairs ------------------------------------------------------------------------------------------------


@router.get("/team/mentors")
def mentors_page(
    request: Request,
    viewer: CurrentUser,
    store: StoreDep,
    framework: FrameworkDep,
    settings: SettingsDep,
    capacity: Annotated[int, Query(ge=1, le=MAX_CAPACITY)] = DEFAULT_CAPACITY,
) -> Response:
    """Every account sees the pairs it may (its own at least); a viewer with people of their own pairs them."""
    options = PairingOptions(capacity=capacity)
    view = mentor_view(
        framework, store, viewer.user, viewer.person_id, options, director_sees_people=settings.director_sees_people
    )
    names = {competency.id: competency.name for competency in framework.competencies}
    return render(request, "team_mentors.html", viewer, view=view, names=names, capacity=capacity, limit=MAX_CAPACITY)


@router.post("/team/mentors/propose")
def propose(
    viewer: CurrentUser,
    store: StoreDep,
    framework: FrameworkDep,
    settings: SettingsDep,
    capacity: Annotated[int, Form(ge=1, le=MAX_CAPACITY)] = DEFAULT_CAPACITY,
) -> Response:
    """Pair the viewer's people now and keep the pairs as proposals (decided pairs stay as they are)."""
    user = team_account(viewer)
    options = PairingOptions(capacity=capacity)
    propose_mentors(
        framework, store, user, viewer.person_id, options, director_sees_people=settings.director_sees_people
    )
    return RedirectResponse(f"/team/mentors?capacity={capacity}", status_code=303)


@router.post("/team/mentors/decide")
def decide(
    viewer: CurrentUser,
    store: StoreDep,
    pair: Annotated[IdValue, Form()],
    decision: Annotated[Decision, Form()],
) -> Response:
    """Accept or decline a pair. A pair the viewer may not see answers like one that does not exist."""
    if pair not in {item.id for item in store.list_mentor_pairs(viewer=viewer.user)}:
        raise RecordNotFound("mentor pair", pair)
    try:
        store.decide_mentor_pair(pair, decision, viewer.user)
    except MentorPairNotAllowed as error:  # seen (a director's report's pair, say) but not theirs to decide
        raise HTTPException(403, str(error)) from None
    return RedirectResponse(f"/team/mentors#pair-{pair}", status_code=303)
