"""The ladder pages: levels by track, one level in full, two levels compared, and the skills search."""

from __future__ import annotations

from collections import defaultdict

from fastapi import APIRouter, HTTPException, Request
from fastapi.responses import Response

from mlladder import compare_levels, get_level
from mlladder.errors import InputError, UnknownLevel
from mlladder.framework.ladder import filter_skills
from mlladder.framework.schema import Framework, Skill
from mlladder.framework.skills import UnknownSkill, search_skills, skill_use
from mlladder.framework.sources import expectation_sources, timeline_sources
from mlladder.guidance.level_facts import ladder_facts, level_facts
from mlladder.market.pay import ALL_REGIONS, check_region, market_table
from mlladder.web.deps import CurrentUser, FrameworkDep
from mlladder.web.rendering import render
from mlladder.web.services import main_levels

__all__ = ["level_or_404", "router"]

router = APIRouter(include_in_schema=False)


def region_choices() -> list[tuple[str, int]]:
    """Company locations with enough pay reports for market figures (over all years and levels), most first."""
    table = market_table()
    enough = [(code, count) for code, count in table.regions.items() if count >= table.min_n]
    return sorted(enough, key=lambda item: (-item[1], item[0]))


def chosen_region(region: str) -> tuple[str, str | None]:
    """The region to show and the problem with the one asked for: a bad region keeps the page, says why and
    shows all locations rather than answering with an error page."""
    if not region.strip():
        return ALL_REGIONS, None
    try:
        return check_region(region), None
    except InputError as error:
        return ALL_REGIONS, str(error)


def skills_by_category(framework: Framework, skills: list[Skill]) -> list[tuple[str, list[Skill]]]:
    """Skills grouped under their category's name, largest group first, names in order within each."""
    names = {item.id: item.name for item in framework.skill_categories}
    groups: dict[str, list[Skill]] = defaultdict(list)
    for skill in skills:
        groups[names.get(skill.category, skill.category)].append(skill)
    ordered = sorted(groups.items(), key=lambda item: (-len(item[1]), item[0]))
    return [(name, sorted(items, key=lambda skill: skill.name.casefold())) for name, items in ordered]


def level_or_404(framework: Framework, level_id: str) -> str:
    """A level in the address that does not exist is a page that does not exist (404), not a bad request."""
    try:
        return get_level(framework, level_id).id
    except UnknownLevel as error:
        raise HTTPException(status_code=404, detail=str(error)) from None


@router.get("/ladder")
def ladder_page(request: Request, viewer: CurrentUser, framework: FrameworkDep, region: str = "") -> Response:
    place, region_problem = chosen_region(region)
    facts = {item.level.id: item for item in ladder_facts(framework, place)}
    tracks = [(track, [level for level in framework.levels if level.track == track.id]) for track in framework.tracks]
    return render(
        request,
        "ladder.html",
        viewer,
        tracks=tracks,
        levels=framework.levels,
        facts=facts,
        region=place,
        regions=region_choices(),
        region_problem=region_problem,
    )


@router.get("/ladder/levels/{level_id}")
def level_page(
    request: Request, viewer: CurrentUser, framework: FrameworkDep, level_id: str, region: str = ""
) -> Response:
    level = get_level(framework, level_or_404(framework, level_id))
    place, region_problem = chosen_region(region)
    scale = {step.value: step.name for step in framework.proficiency_scale}
    expectations = [
        (competency, competency.expectations[level.id], expectation_sources(competency, level.id))
        for competency in framework.competencies
        if level.id in competency.expectations
    ]
    skills = filter_skills(framework, level=level.id)
    return render(
        request,
        "level.html",
        viewer,
        level=level,
        scale=scale,
        expectations=expectations,
        facts=level_facts(framework, level.id, place),
        region=place,
        regions=region_choices(),
        region_problem=region_problem,
        skill_count=len(skills),
        skill_groups=skills_by_category(framework, skills),
    )


@router.get("/ladder/competencies")
def competency_matrix_page(request: Request, viewer: CurrentUser, framework: FrameworkDep) -> Response:
    """Every competency against every level: the step of the scale each level expects."""
    scale = {step.value: step.name for step in framework.proficiency_scale}
    return render(request, "competency_matrix.html", viewer, levels=framework.levels, scale=scale)


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
    found = search_skills(framework, q, competency, level, category)
    competencies = {c.id: c.name for c in framework.competencies}
    return render(
        request,
        "skills.html",
        viewer,
        skills=found.skills,
        fuzzy=found.fuzzy,
        competencies=competencies,
        query={"q": found.query, "competency": competency, "level": level, "category": category},
    )


@router.get("/ladder/skills/{skill_id}")
def skill_page(request: Request, viewer: CurrentUser, framework: FrameworkDep, skill_id: str) -> Response:
    """One skill: what to learn first, what builds on it, where the ladder expects it and what uses it."""
    try:
        use = skill_use(framework, skill_id)
    except UnknownSkill as error:
        raise HTTPException(status_code=404, detail=str(error)) from None
    competencies = {c.id: c.name for c in framework.competencies}
    return render(request, "skill.html", viewer, use=use, competencies=competencies)
