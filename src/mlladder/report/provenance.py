"""Where the framework text in a plan comes from: the skill, project, questions or marker behind each activity.

The planner writes activities from the framework's data (a skill's name, a portfolio project, the target level's
interview questions, an expectation's marker); the report and the plan export name those data's sources beside
them, by title, with :mod:`mlladder.framework.sources`.
"""

from __future__ import annotations

from mlladder.framework.schema import Framework
from mlladder.framework.sources import expectation_sources, provenance_of
from mlladder.plan.planner import Activity

__all__ = ["activity_provenance", "activity_sources", "marker_provenance"]

_PROJECT_PREFIX = "Build a portfolio project: "
_MARKER_KINDS = frozenset({"demonstrate", "mentor", "design_doc", "talk", "lead"})


def activity_sources(framework: Framework, target: str, activity: Activity) -> list[str]:
    """The source ids of the framework data an activity was made from; [] for one the planner wrote itself."""
    if activity.kind == "learn_skill":
        skill = next((item for item in framework.skills if item.id == activity.skill), None)
        return list(skill.sources) if skill is not None else []
    if activity.kind == "portfolio_project":
        title = activity.title.removeprefix(_PROJECT_PREFIX)
        projects = [p for p in framework.portfolio_projects if p.level == target and p.title == title]
        return list(projects[0].sources) if projects else []
    if activity.kind == "interview_practice":
        questions = [q for q in framework.interview_questions if q.level == target]
        return list(dict.fromkeys(source for question in questions for source in question.sources))
    if activity.kind in _MARKER_KINDS:
        return _marker_sources(framework, target, activity)
    return []


def _marker_sources(framework: Framework, target: str, activity: Activity) -> list[str]:
    """An activity that quotes one of the target level's markers cites that expectation's sources."""
    for competency in framework.competencies:
        expectation = competency.expectations.get(target)
        if expectation is None or competency.id not in activity.competencies:
            continue
        if any(activity.title.endswith(marker) for marker in expectation.markers):
            return expectation_sources(competency, target)
    return []


def activity_provenance(framework: Framework, target: str, activity: Activity) -> str:
    """'from “Title”', 'written for this ladder', or '' for an activity the planner wrote itself."""
    return provenance_of(framework, activity_sources(framework, target, activity))


def marker_provenance(framework: Framework, competency_id: str, level_id: str) -> str:
    """Where the markers of a level's expectation of a competency come from."""
    competency = next((item for item in framework.competencies if item.id == competency_id), None)
    return provenance_of(framework, expectation_sources(competency, level_id)) if competency is not None else ""
