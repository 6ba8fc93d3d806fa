"""A plan: its gaps, its timeline, and its activities ticked off as to do, doing or done; and the plan to take
away, as the command line writes it: Markdown to read or share, iCalendar for the milestones."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Annotated
from urllib.parse import urlencode

from fastapi import APIRouter, Form, Query, Request
from fastapi.responses import RedirectResponse, Response

from mlladder import Activity, ActivityState, ActivityStatus, PlanRecord, plan_ics, plan_markdown
from mlladder.report.render import advice_context
from mlladder.web import charts
from mlladder.web.deps import CurrentUser, EditablePlan, FrameworkDep, ReadablePlan, StoreDep
from mlladder.web.rendering import render

__all__ = ["router"]

router = APIRouter(include_in_schema=False)

ICS_TYPE = "text/calendar; charset=utf-8"
MARKDOWN_TYPE = "text/markdown; charset=utf-8"
MONTH_NAMES = (
    "January", "February", "March", "April", "May", "June",
    "July", "August", "September", "October", "November", "December",
)  # fmt: skip


@dataclass(frozen=True)
class Period:
    """The later activities that start in one month: shown folded, as one line, until opened."""

    label: str
    activities: list[Activity]
    hours: float
    done: int
    doing: bool  # something in it is under way: shown open, as the work of now


def later_periods(later: Sequence[Activity], states: dict[str, ActivityState]) -> list[Period]:
    """The activities after the next 90 days by the month they start in, in the plan's order: a plan of years
    reads as a dozen lines to open one at a time, instead of a page of cards."""
    months: dict[tuple[int, int], list[Activity]] = {}
    for activity in later:
        months.setdefault((activity.start.year, activity.start.month), []).append(activity)
    periods = []
    for (year, month), activities in sorted(months.items()):
        statuses = [states[activity.id].status for activity in activities if activity.id in states]
        periods.append(
            Period(
                label=f"{MONTH_NAMES[month - 1]} {year}",
                activities=activities,
                hours=sum(activity.effort_hours for activity in activities),
                done=statuses.count("done"),
                doing="doing" in statuses,
            )
        )
    return periods


@router.get("/plans/{plan_id}")
def plan_page(
    request: Request,
    viewer: CurrentUser,
    store: StoreDep,
    framework: FrameworkDep,
    record: ReadablePlan,
    changed: Annotated[str | None, Query(max_length=200)] = None,
) -> Response:
    """The plan; ``changed`` names the activity just marked, whose pressed button takes the keyboard focus."""
    states = {state.key: state for state in record.activities}
    names = {competency.id: competency.name for competency in framework.competencies}
    advice = advice_context(None, None, record.plan)
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
        timeline_stacked=charts.stacked_timeline_chart(record.plan),
        editable=viewer.may_edit(record.person_id),
        changed=changed,
        periods=later_periods(advice["after_90"], states),
        downloads={"markdown": f"/plans/{record.id}/download/md", "calendar": f"/plans/{record.id}/download/ics"},
        **advice,
    )


@router.post("/plans/{plan_id}/activities/{key}")
def set_status(store: StoreDep, record: EditablePlan, key: str, status: Annotated[ActivityStatus, Form()]) -> Response:
    store.set_activity_status(record.id, key, status)
    # Back to the plan with the focus on the button just pressed, not on the top of the page. No #fragment:
    # browsers skip autofocus on a page opened at one (and the focus scrolls the button into view anyway).
    return RedirectResponse(f"/plans/{record.id}?{urlencode({'changed': key})}", status_code=303)


@router.get("/plans/{plan_id}/download/md")
def plan_markdown_download(framework: FrameworkDep, record: ReadablePlan) -> Response:
    """The plan as ``mlladder plan --md`` writes it."""
    text = plan_markdown(record.plan, framework)
    return _download(text.encode("utf-8"), MARKDOWN_TYPE, download_name(record, "md"))


@router.get("/plans/{plan_id}/download/ics")
def plan_calendar_download(framework: FrameworkDep, record: ReadablePlan) -> Response:
    """The milestones as ``mlladder plan --ics`` writes them: one all-day event each, to import into a calendar."""
    return _download(plan_ics(record.plan, framework), ICS_TYPE, download_name(record, "ics"))


def download_name(record: PlanRecord, extension: str) -> str:
    """``plan-7-L2-to-L3.md``: which plan, from where to where; only letters, digits, dots and dashes, so the name
    needs no quoting in the header and is safe on every file system."""
    stem = f"plan-{record.id}-{record.plan.level}-to-{record.plan.target}"
    return re.sub(r"[^A-Za-z0-9.-]+", "-", stem) + "." + extension


def _download(body: bytes, media_type: str, filename: str) -> Response:
    # Pages of a plan may change (ticked activities), so a download is never cached by a shared proxy.
    headers = {"Content-Disposition": f'attachment; filename="{filename}"', "Cache-Control": "private, no-cache"}
    return Response(body, media_type=media_type, headers=headers)
