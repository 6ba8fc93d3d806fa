"""``/api/people``, assessments, gaps and history."""

from __future__ import annotations

from fastapi import APIRouter

from mlladder import AssessmentRecord, GapReport, History, Person, PlanRecord
from mlladder.web.api.models import AssessmentIn, AssessmentSummary, PlanIn
from mlladder.web.deps import (
    CurrentUser,
    EditableAssessment,
    EditablePerson,
    FrameworkDep,
    ReadableAssessment,
    ReadablePerson,
    StoreDep,
)
from mlladder.web.routes.home import visible_people
from mlladder.web.services import assess_person, gap_report, make_plan

__all__ = ["router"]

router = APIRouter(prefix="/api", tags=["people"])


@router.get("/people")
def people(viewer: CurrentUser, store: StoreDep) -> list[Person]:
    """You, then the people you may look at (a manager's reports; everyone, for an admin)."""
    return [store.get_person(viewer.person_id), *visible_people(store, viewer)]


@router.get("/people/{person_id}")
def person(found: ReadablePerson) -> Person:
    return found


@router.get("/people/{person_id}/assessments", tags=["assessments"])
def assessments(store: StoreDep, found: ReadablePerson) -> list[AssessmentSummary]:
    """A person's assessments, oldest first."""
    return [AssessmentSummary.of(record) for record in store.list_assessments(found.id)]


@router.post("/people/{person_id}/assessments", status_code=201, tags=["assessments"])
def new_assessment(
    store: StoreDep, framework: FrameworkDep, found: EditablePerson, body: AssessmentIn
) -> AssessmentRecord:
    """Assess the person from the profile given (or their latest) plus all their documents and journal entries."""
    return assess_person(store, framework, found.id, body.profile)


@router.get("/assessments/{assessment_id}", tags=["assessments"])
async def assessment(record: ReadableAssessment) -> AssessmentRecord:
    return record


@router.get("/assessments/{assessment_id}/gaps", tags=["assessments"])
def gaps(framework: FrameworkDep, record: ReadableAssessment, target: str | None = None) -> GapReport:
    return gap_report(framework, record, target)


@router.post("/assessments/{assessment_id}/plans", status_code=201, tags=["plans"])
def new_plan(store: StoreDep, framework: FrameworkDep, record: EditableAssessment, body: PlanIn) -> PlanRecord:
    """A dated plan from the assessment's gaps."""
    return make_plan(store, framework, record, body.target, body.weekly_hours, body.start)


@router.get("/people/{person_id}/history", tags=["assessments"])
def history(store: StoreDep, found: ReadablePerson) -> History:
    """Level probabilities at every assessment and what changed between consecutive ones."""
    return store.history(found.id)
