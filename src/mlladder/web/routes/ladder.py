"""The ladder pages: levels by track, one level in full, two levels compared, and the skills search."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import Response

from mlladder import combined_salaries, compare_levels, get_level
from mlladder.framework.ladder import format_band, years_by_range
from mlladder.framework.sources import expectation_sources, timeline_sources
from mlladder.web.deps import CurrentUser, FrameworkDep
from mlladder.web.rendering import render
from mlladder.web.services import find_skills, main_levels

__all__ = ["router"]

router = APIRouter(include_in_schema=False)


@router.get("/ladder")
def ladder_page(request: Request, viewer: CurrentUser, framework: FrameworkDep) -> Response:
    tracks = [(track, [level for level in framework.levels if level.track == track.id]) for track in framework.tracks]
    return render(request, "ladder.html", viewer, tracks=tracks, levels=framework.levels)


@router.get("/ladder/levels/{level_id}")
def level_page(request: Request, viewer: CurrentUser, framework: FrameworkDep, level_id: str) -> Response:
    level = get_level(framework, level_id)
    scale = {step.value: step.name for step in framework.proficiency_scale}
    expectations = [
        (competency, competency.expectations[level.id], expectation_sources(competency, level.id))
        for competency in framework.competencies
        if level.id in competency.expectations
    ]
    salaries = [
        (item.currency, format_band(item.low, item.high, item.currency, item.open_ended), item.sources)
        for item in combined_salaries(framework)
        if item.level == level.id
    ]
    return render(
        request,
        "level.html",
        viewer,
        level=level,
        scale=scale,
        expectations=expectations,
        years=years_by_range(level),
        salaries=salaries,
        skills=find_skills(framework, level=level.id),
    )


@router.get("/ladder/compare")
def compare_page(
    request: Request,
    viewer: CurrentUser,
    framework: FrameworkDep,
    from_level: str | None = None,
    to_level: str | None = None,
) -> Response:
    levels = main_levels(framework)
    start = from_level or levels[0].id
    end = to_level or levels[min(1, len(levels) - 1)].id
    comparison = compare_levels(framework, start, end)
    end_level = comparison.to_level

    return render(
        request,
        "compare.html",
        viewer,
        comparison=comparison,
        levels=framework.levels,
        marker_sources={c.id: expectation_sources(c, end_level.id) for c in framework.competencies},
        responsibility_sources={item.text: item.sources for item in end_level.responsibilities},
        time_sources=timeline_sources(framework, comparison.from_level.id, end_level.id),
    )


@router.get("/ladder/skills")
def skills_page(
    request: Request,
    viewer: CurrentUser,
    framework: FrameworkDep,
    q: str = "",
    competency: str = "",
    level: str = "",
    category: str = "",
) -> Response:
    skills = find_skills(framework, q, competency, level, category)
    competencies = {c.id: c.name for c in framework.competencies}
    return render(
        request,
        "skills.html",
        viewer,
        skills=skills,
        competencies=competencies,
        query={"q": q, "competency": competency, "level": level, "category": category},
    )
