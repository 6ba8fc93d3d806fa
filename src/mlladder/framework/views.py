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
from mlladder.framework.schema import Framework, Level, Skill
from mlladder.framework.sources import expectation_sources, timeline_sources, with_citations

__all__ = ["comparison_data", "framework_data", "level_data", "problems_data", "skills_data", "specialisations_data"]


def framework_data(framework: Framework) -> dict[str, Any]:
    """The whole framework as JSON data, plus the derived ``salary_combined`` view; every source id is followed by
    its title (``citations`` / ``citation``)."""
    data = framework.model_dump(mode="json")
    data["salary_combined"] = [combined_salary_data(item) for item in combined_salaries(framework)]
    return _cited(framework, data)


def _cited(framework: Framework, data: dict[str, Any]) -> dict[str, Any]:
    """``data`` with the title beside every source id (see :func:`with_citations`)."""
    cited: dict[str, Any] = with_citations(framework, data)
    return cited


def combined_salary_data(item: CombinedSalary) -> dict[str, Any]:
    data = asdict(item)
    data.pop("bands")
    return data


def level_data(framework: Framework, level: Level) -> dict[str, Any]:
    """One level's full card: the level, its expectations, skills, pay, projects, questions and next steps."""
    rank = [item.id for item in track_levels(framework, level.track)]
    position = rank.index(level.id)
    next_id = rank[position + 1] if position + 1 < len(rank) else None
    data: dict[str, Any] = {
        "level": level.model_dump(mode="json"),
        "years": [format_years(span) for span in level.years],
        "expectations": [
            {
                "competency": competency.id,
                "name": competency.name,
                "proficiency": expectation.proficiency,
                "description": competency.scale.get(expectation.proficiency, ""),
                "markers": expectation.markers,
                "sources": expectation_sources(competency, level.id),
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
    return _cited(framework, data)


def _time_data(framework: Framework, from_id: str, to_id: str) -> dict[str, Any]:
    # The durations are figures from articles: their sources travel with the sums.
    return {**asdict(estimate_time(framework, from_id, to_id)), "sources": timeline_sources(framework, from_id, to_id)}


def comparison_data(comparison: LevelComparison, framework: Framework | None = None) -> dict[str, Any]:
    """What changes between two levels; with ``framework``, the sources of the pay and time figures by title too.

    Across tracks also what appears, what shifts and the guides' considerations (docs/tracks.md)."""
    before, after = comparison.time_allocation
    change = comparison.track_change
    data: dict[str, Any] = {
        "from": comparison.from_level.id,
        "to": comparison.to_level.id,
        "expectations_raised": [asdict(item) for item in comparison.raised],
        "expectations_lowered": [asdict(item) for item in comparison.lowered],
        "expectations_shifted": [asdict(item) for item in comparison.shifted],
        "new_competencies": [asdict(item) for item in comparison.new_competencies],
        "new_responsibilities": comparison.new_responsibilities,
        "new_skills": [skill.id for skill in comparison.new_skills],
        "salary_change": [asdict(item) for item in comparison.salary],
        "typical_time": asdict(comparison.time),
        "time_allocation": {
            "from": [item.model_dump(mode="json") for item in before],
            "to": [item.model_dump(mode="json") for item in after],
        },
        "track_change": None if change is None else _track_change_data(change),
    }
    if framework is None:
        return data
    start, end = comparison.from_level.id, comparison.to_level.id
    data["typical_time"]["sources"] = timeline_sources(framework, start, end)
    return _cited(framework, data)


def _track_change_data(change: TrackChange) -> dict[str, Any]:
    return {
        "from_track": change.from_track,
        "to_track": change.to_track,
        "to_track_name": change.to_track_name,
        "path": change.path.model_dump(mode="json") if change.path else None,
        "considerations": [item.model_dump(mode="json") for item in change.considerations],
        "not_carried": change.not_carried,
    }


def specialisations_data(framework: Framework) -> list[dict[str, Any]]:
    """Each specialisation with its domain skills' names (``mlladder ladder specialisations --format json``)."""
    names = {skill.id: skill.name for skill in framework.skills}
    data = [
        {**item.model_dump(mode="json"), "skill_names": [names[skill] for skill in item.skills]}
        for item in framework.specialisations
    ]
    return list(with_citations(framework, data))


def skills_data(skills: list[Skill], framework: Framework | None = None) -> list[dict[str, Any]]:
    """The skills as JSON data; with ``framework``, each skill's sources by title too (``citations``)."""
    data = [skill.model_dump(mode="json") for skill in skills]
    return data if framework is None else list(with_citations(framework, data))


def problems_data(file: str, problems: list[Problem]) -> dict[str, Any]:
    return {
        "file": file,
        "valid": not problems,
        "problems": [
            {"line": problem.line, "path": problem.path, "message": problem.message, "hint": problem.hint}
            for problem in problems
        ],
    }
