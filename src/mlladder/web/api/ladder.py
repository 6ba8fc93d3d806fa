"""``/api/session`` and ``/api/ladder``: who you are, and the framework the app serves."""

from __future__ import annotations

from fastapi import APIRouter, Request

from mlladder import Level, Skill, compare_levels, get_level
from mlladder.framework.skills import search_skills
from mlladder.web.api.models import ComparisonOut, LadderOut, SessionOut
from mlladder.web.deps import CurrentUser, FrameworkDep, SettingsDep
from mlladder.web.routes.ladder import level_or_404
from mlladder.web.security import csrf_token

__all__ = ["router"]

router = APIRouter(prefix="/api", tags=["ladder"])


@router.get("/session", tags=["session"])
def session(request: Request, viewer: CurrentUser, settings: SettingsDep) -> SessionOut:
    """The token for calls that change data, and whose data is yours."""
    return SessionOut(
        csrf_token=csrf_token(request.session),
        multi_user=settings.multi_user,
        user=viewer.user,
        person_id=viewer.person_id,
    )


@router.get("/ladder")
def ladder(viewer: CurrentUser, framework: FrameworkDep) -> LadderOut:
    return LadderOut.of(framework)


@router.get("/ladder/levels/{level_id}")
def level(viewer: CurrentUser, framework: FrameworkDep, level_id: str) -> Level:
    return get_level(framework, level_or_404(framework, level_id))


@router.get("/ladder/compare")
def compare(viewer: CurrentUser, framework: FrameworkDep, from_level: str, to_level: str) -> ComparisonOut:
    """What changes from one level to the next: expectations, responsibilities, skills and time."""
    return ComparisonOut.of(compare_levels(framework, from_level, to_level))


@router.get("/ladder/skills")
def skills(
    viewer: CurrentUser,
    framework: FrameworkDep,
    q: str = "",
    competency: str = "",
    level: str = "",
    category: str = "",
) -> list[Skill]:
    """Skills matching a search (id, name or alias, else the closest names), narrowed by competency, typical level
    and category."""
    return search_skills(framework, q, competency, level, category).skills
