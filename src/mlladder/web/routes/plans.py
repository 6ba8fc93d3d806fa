"""A plan: its gaps, its timeline, and its activities ticked off as to do, doing or done."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Form, Request
from fastapi.responses import RedirectResponse, Response

from mlladder import ActivityStatus
from mlladder.report.render import advice_context
from mlladder.web import charts
from mlladder.web.deps import CurrentUser, EditablePlan, FrameworkDep, ReadablePlan, StoreDep
from mlladder.web.rendering import render

__all__ = ["router"]

router = APIRouter(include_in_schema=False)


@router.get("/plans/{plan_id}")
def plan_page(
    request: Request, viewer: CurrentUser, store: StoreDep, framework: FrameworkDep, record: ReadablePlan
) -> Response:
    states = {state.key: state for state in record.activities}
    names = {competency.id: competency.name for competency in framework.competencies}
    return render(
        request,
        "plan.html",
        viewer,
        subject=store.get_person(record.person_id),
        record=record,
        p=record.plan,
        states=states,
        names=names,
        done=record.done,
        timeline=charts.timeline_chart(record.plan),
        editable=viewer.may_edit(record.person_id),
        **advice_context(None, None, record.plan),
    )


@router.post("/plans/{plan_id}/activities/{key}")
def set_status(store: StoreDep, record: EditablePlan, key: str, status: Annotated[ActivityStatus, Form()]) -> Response:
    store.set_activity_status(record.id, key, status)
    return RedirectResponse(f"/plans/{record.id}#activity-{key}", status_code=303)
