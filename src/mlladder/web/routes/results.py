"""Results of an assessment (placement, radar, explanation with citations), its gaps, and making a plan."""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Any

from fastapi import APIRouter, Form, Request
from fastapi.responses import RedirectResponse, Response

from mlladder import AssessmentRecord, Framework, GapReport, InputError, Person, PlanSummary, Store, person_guidance
from mlladder.assess.arrival import arrival
from mlladder.errors import FieldError, clipped
from mlladder.guidance.text import pay_summary
from mlladder.report.render import advice_context, guidance_html
from mlladder.web import charts
from mlladder.web.deps import (
    CurrentUser,
    EditableAssessment,
    EditablePerson,
    FrameworkDep,
    ReadableAssessment,
    StoreDep,
    Viewer,
    quick_read,
)
from mlladder.web.forms import FORM_PROBLEM, FormState, refused
from mlladder.web.rendering import page_until_changed, record_fragment, render
from mlladder.web.services import assess_person, assessment_target, gap_report, levels_by_track, make_plan

__all__ = ["router"]

router = APIRouter(include_in_schema=False)

# The plan form's fields, as its labels name them: a problem with one is shown beside it, led by its label.
PLAN_LABELS = {"weekly_hours": "Hours a week", "start": "Start"}


@router.get("/assessments/{assessment_id}")
async def results_page(
    request: Request, viewer: CurrentUser, store: StoreDep, framework: FrameworkDep, record: ReadableAssessment
) -> Response:
    # The most visited page: made again only after the database changes (a new plan from this assessment, say).
    return await page_until_changed(
        request, viewer, ("results", record.id), lambda: _results_page(request, viewer, store, framework, record)
    )


async def _results_page(
    request: Request, viewer: Viewer, store: Store, framework: Framework, record: AssessmentRecord
) -> Response:
    target = assessment_target(framework, record)
    subject, plans = await quick_read(store, _subject_and_plans, viewer, store, record)
    return render(
        request,
        "results.html",
        viewer,
        subject=subject,
        record=record,
        target=target,
        body=record_fragment(request, "_results_body.html", record.id, lambda: _results(framework, record, target)),
        plans=plans,
        editable=viewer.may_edit(record.person_id),
    )


def _results(framework: Framework, record: AssessmentRecord, target: str) -> dict[str, Any]:
    """What the results body shows: placement, what to raise first, charts, competency table and citations."""
    result = record.assessment
    report = gap_report(framework, record, target)
    return {
        "record": record,
        "a": result,
        "target": target,
        "titles": charts.level_titles(framework),
        "probability_chart": charts.probability_chart(framework, result),
        "radar": charts.ratings_radar(framework, result, target),
        "gap_count": len(report.gaps),
        **advice_context(result, report, None),
        **_guidance_note(framework, record, report),
    }


def _guidance_note(framework: Framework, record: AssessmentRecord, report: GapReport) -> dict[str, Any]:
    """The few lines of guidance the results page shows; the guidance page has the rest."""
    guidance = person_guidance(framework, record.profile, record.assessment, report)
    pays = [guidance.pay.current] + ([guidance.pay.target] if guidance.pay.target else [])
    return {
        "guidance": guidance,
        "pay_lines": [pay_summary(pay) for pay in pays],
        "situations": "; ".join(situation.title for situation in guidance.diagnosis.situations),
    }


def _subject_and_plans(
    viewer: Viewer, store: Store, record: AssessmentRecord
) -> tuple[Person | None, list[PlanSummary]]:
    """The person, when the page is about someone else (the layout then names them), and the plans made."""
    subject = None if record.person_id == viewer.person_id else store.get_person(record.person_id)
    return subject, store.plans_of_assessment(record.id)


@router.get("/assessments/{assessment_id}/gaps")
def gaps_page(
    request: Request,
    viewer: CurrentUser,
    store: StoreDep,
    framework: FrameworkDep,
    record: ReadableAssessment,
    target: str | None = None,
) -> Response:
    return _gaps_page(request, viewer, store, framework, record, target)


def _gaps_page(
    request: Request,
    viewer: Viewer,
    store: Store,
    framework: Framework,
    record: AssessmentRecord,
    target: str | None,
    form: FormState | None = None,
) -> Response:
    """The gaps page; with ``form``, its plan form sent back with what was typed and what to correct."""
    report = gap_report(framework, record, target)
    names = {competency.id: competency.name for competency in framework.competencies}
    return render(
        request,
        "gaps.html",
        viewer,
        status_code=FORM_PROBLEM if form else 200,
        form=form,
        plan_labels=PLAN_LABELS,
        subject=store.get_person(record.person_id),
        record=record,
        report=report,
        arrival=arrival(framework, report.level, report.target),  # placed at the target: no "from L3 to L3"
        names=names,
        level_groups=levels_by_track(framework),
        **advice_context(record.assessment, report, None),
        today=dt.date.today().isoformat(),
        hours=f"{record.profile.weekly_hours or 5:g}",
        editable=viewer.may_edit(record.person_id),
    )


@router.get("/assessments/{assessment_id}/guidance")
def guidance_page(
    request: Request,
    viewer: CurrentUser,
    store: StoreDep,
    framework: FrameworkDep,
    record: ReadableAssessment,
    target: str | None = None,
) -> Response:
    """Pay, situation, interview preparation and the move or job search for the assessed person, as the report
    shows them."""
    report = gap_report(framework, record, target)
    guidance = person_guidance(framework, record.profile, record.assessment, report)
    return render(
        request,
        "guidance.html",
        viewer,
        subject=store.get_person(record.person_id),
        record=record,
        report=report,
        level_groups=levels_by_track(framework),
        guidance=guidance_html(guidance),
    )


@router.post("/assessments/{assessment_id}/plans")
def create_plan(
    request: Request,
    viewer: CurrentUser,
    store: StoreDep,
    framework: FrameworkDep,
    record: EditableAssessment,
    target: Annotated[str, Form(max_length=80)] = "",
    weekly_hours: Annotated[str, Form(max_length=20)] = "",
    start: Annotated[str, Form(max_length=20)] = "",
    shown: Annotated[str, Form(max_length=80)] = "",
) -> Response:
    """A plan from the form; a value it cannot use sends the gaps page (``shown`` names its target) back with
    the form as typed and the problem beside its field."""
    try:
        hours = _optional_number(weekly_hours, "hours per week", "weekly_hours")
        day = _optional_date(start, "start date", "start")
        made = make_plan(store, framework, record, target or None, hours, day)
    except InputError as error:
        typed = {"weekly_hours": weekly_hours, "start": start}
        form = refused("plan", typed, error, PLAN_LABELS)
        return _gaps_page(request, viewer, store, framework, record, shown or None, form)
    return RedirectResponse(f"/plans/{made.id}", status_code=303)


@router.post("/people/{person_id}/assessments")
def reassess(store: StoreDep, framework: FrameworkDep, person: EditablePerson) -> Response:
    """Assess again with the latest answers and every document and journal entry there is now."""
    record = assess_person(store, framework, person.id, None)
    return RedirectResponse(f"/assessments/{record.id}", status_code=303)


def _optional_number(text: str, what: str, field: str) -> float | None:
    if not text.strip():
        return None
    try:
        number = float(text.strip().replace(",", "."))
    except ValueError:
        number = float("nan")
    if number != number:  # not a number, or typed as "nan"
        message = f"{what}: '{clipped(text)}' is not a number (fix: type a number such as 5)"
        raise FieldError(message, field=field, advice="enter a number such as 5") from None
    return number


def _optional_date(text: str, what: str, field: str) -> dt.date | None:
    if not text.strip():
        return None
    try:
        return dt.date.fromisoformat(text.strip())
    except ValueError:
        message = f"{what}: '{clipped(text)}' is not a date (fix: use YYYY-MM-DD)"
        raise FieldError(message, field=field, advice="enter a date such as 2027-01-04") from None
