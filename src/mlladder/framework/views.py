"""JSON-ready views of a framework, shared by the CLI's ``--format json``, the exports and (later) the web API.

The keys here are part of the documented output (docs/json-output.md); change them only with the docs.
"""

from __future__ import annotations

from dataclasses import asdict
from typing import Any

from mlladder.errors import Problem
from mlladder.framework.ladder import (
    CombinedSalary,
    LevelComparison,
    TrackChange,
    combined_salaries,
    estimate_time,
    format_years,
    salary_bands_for,
    track_levels,
)
from mlladder.framework.schema import Framework, Level, Skill, SourcedText, TimeAllocation
from mlladder.guidance import tracks
from mlladder.guidance.sources import cite


def framework_data(framework: Framework) -> dict[str, Any]:
    """The whole framework as JSON data, plus the derived ``salary_combined`` view."""
    data = framework.model_dump(mode="json")
    data["salary_combined"] = [combined_salary_data(item) for item in combined_salaries(framework)]
    return data


def combined_salary_data(item: CombinedSalary) -> dict[str, Any]:
    data = asdict(item)
    data.pop("bands")
    return data


def level_data(framework: Framework, level: Level) -> dict[str, Any]:
    """One level's full card: the level, its expectations, skills, pay, projects, questions and next steps."""
    rank = [item.id for item in track_levels(framework, level.track)]
    position = rank.index(level.id)
    next_id = rank[position + 1] if position + 1 < len(rank) else None
    return {
        "level": level.model_dump(mode="json"),
        "years": [format_years(span) for span in level.years],
        "expectations": [
            {
                "competency": competency.id,
                "name": competency.name,
                "proficiency": expectation.proficiency,
                "description": competency.scale.get(expectation.proficiency, ""),
                "markers": expectation.markers,
            }
            for competency in framework.competencies
            if (expectation := competency.expectations.get(level.id)) is not None
        ],
        "salary_bands": [band.model_dump(mode="json") for band in salary_bands_for(framework, level.id)],
        "salary_combined": [
            combined_salary_data(item) for item in combined_salaries(framework) if item.level == level.id
        ],
        "skills": [skill.id for skill in framework.skills if skill.typical_level == level.id],
        "portfolio_projects": [p.model_dump(mode="json") for p in framework.portfolio_projects if p.level == level.id],
        "interview_questions": [
            q.model_dump(mode="json") for q in framework.interview_questions if q.level == level.id
        ],
        "challenges": [c.model_dump(mode="json") for c in framework.challenges if c.level == level.id],
        "next_level": next_id,
        "time_to_next": _time_data(framework, level.id, next_id) if next_id else None,
    }


def _time_data(framework: Framework, from_id: str, to_id: str) -> dict[str, Any]:
    return asdict(estimate_time(framework, from_id, to_id))


def comparison_data(comparison: LevelComparison, framework: Framework) -> dict[str, Any]:
    """``mlladder ladder compare --format json``; across tracks also what appears, what shifts and the guides'
    considerations, each cited by title (docs/tracks.md)."""
    before, after = comparison.time_allocation
    return {
        "from": comparison.from_level.id,
        "to": comparison.to_level.id,
        "expectations_raised": [asdict(change) for change in comparison.raised],
        "expectations_lowered": [asdict(change) for change in comparison.lowered],
        "expectations_shifted": [asdict(change) for change in comparison.shifted],
        "new_competencies": [
            {**asdict(item), "sources": citations_data(framework, item.sources)} for item in comparison.new_competencies
        ],
        "new_responsibilities": comparison.new_responsibilities,
        "new_skills": [skill.id for skill in comparison.new_skills],
        "salary_change": [asdict(change) for change in comparison.salary],
        "typical_time": asdict(comparison.time),
        "time_allocation": {
            "from": [allocation_data(framework, item) for item in before],
            "to": [allocation_data(framework, item) for item in after],
        },
        "track_change": track_change_data(framework, comparison.track_change),
    }


def citations_data(framework: Framework, source_ids: list[str]) -> list[dict[str, Any]]:
    """Sources by title, never by file name: ``[{title, article}]``."""
    return tracks.citations_data(cite(framework, source_ids))


def sourced_data(framework: Framework, item: SourcedText) -> dict[str, Any]:
    return tracks.cited_data(tracks.cited(framework, item))


def allocation_data(framework: Framework, item: TimeAllocation) -> dict[str, Any]:
    return tracks.allocation_data(tracks.allocation(framework, item))


def track_change_data(framework: Framework, change: TrackChange | None) -> dict[str, Any] | None:
    if change is None:
        return None
    return {
        "from_track": change.from_track,
        "to_track": change.to_track,
        "to_track_name": change.to_track_name,
        "path": sourced_data(framework, change.path) if change.path else None,
        "considerations": [sourced_data(framework, item) for item in change.considerations],
        "not_carried": change.not_carried,
    }


def specialisations_data(framework: Framework) -> list[dict[str, Any]]:
    """Each specialisation with its domain skills' names (``mlladder ladder specialisations --format json``)."""
    names = {skill.id: skill.name for skill in framework.skills}
    return [
        {**item.model_dump(mode="json"), "skill_names": [names[skill] for skill in item.skills]}
        for item in framework.specialisations
    ]


def skills_data(skills: list[Skill]) -> list[dict[str, Any]]:
    return [skill.model_dump(mode="json") for skill in skills]


def problems_data(file: str, problems: list[Problem]) -> dict[str, Any]:
    return {
        "file": file,
        "valid": not problems,
        "problems": [
            {"line": problem.line, "path": problem.path, "message": problem.message, "hint": problem.hint}
            for problem in problems
        ],
    }
