"""Which portfolio projects to build: the level's projects that fit the person, the most useful first.

A project proves work at its level; the useful ones exercise what the person still has to show. Someone moving
into ML proves the foundations first; everyone proves their gaps, and a project in their own specialisation
says more about them than a general one.
"""

from __future__ import annotations

from dataclasses import dataclass

from mlladder.framework.ladder import domain_skills, fits_specialisation
from mlladder.framework.schema import Framework, PortfolioProject
from mlladder.framework.sources import Citation, cite

__all__ = ["ProjectPick", "Wanted", "pick_projects"]

PROJECTS_SHOWN = 3  # a person builds one or two; three leave a choice without a catalogue


@dataclass(frozen=True)
class Wanted:
    """What a project should exercise, most important first: foundations (competencies and their skills), the
    other gaps, and the person's specialisations."""

    foundations: tuple[str, ...] = ()
    foundation_skills: tuple[str, ...] = ()
    gaps: tuple[str, ...] = ()
    specialisations: tuple[str, ...] = ()


@dataclass(frozen=True)
class ProjectPick:
    """A portfolio project chosen for the person, with what it exercises of theirs and why it was chosen."""

    project: PortfolioProject
    foundations: tuple[str, ...]  # foundation competencies it exercises
    foundation_skills: tuple[str, ...]  # foundation skills it uses
    gaps: tuple[str, ...]  # other gap competencies it exercises
    specialisation: tuple[str, ...]  # the person's specialisations its skills belong to
    why: str
    citations: tuple[Citation, ...]


def pick_projects(framework: Framework, level: str, wanted: Wanted, names: dict[str, str]) -> tuple[ProjectPick, ...]:
    """The level's projects that fit the person's specialisations (a project using a domain skill is for that
    domain's specialists, as in the plan), ranked by the foundations they exercise, the foundation skills they
    use, the specialisation, the other gaps and, last, the smaller effort."""
    owners = domain_skills(framework)
    picks = [
        _pick(framework, project, wanted, owners, names)
        for project in framework.portfolio_projects
        if project.level == level
        and all(fits_specialisation(framework, skill, wanted.specialisations) for skill in project.skills)
    ]
    picks.sort(
        key=lambda pick: (
            -len(pick.foundations),
            -len(pick.foundation_skills),
            -len(pick.specialisation),
            -len(pick.gaps),
            pick.project.effort_hours,
            pick.project.id,
        )
    )
    return tuple(picks[:PROJECTS_SHOWN])


def _pick(
    framework: Framework,
    project: PortfolioProject,
    wanted: Wanted,
    owners: dict[str, frozenset[str]],
    names: dict[str, str],
) -> ProjectPick:
    foundations = tuple(c for c in wanted.foundations if c in project.competencies)
    skills = tuple(s for s in wanted.foundation_skills if s in project.skills)
    gaps = tuple(c for c in wanted.gaps if c in project.competencies and c not in foundations)
    mine = tuple(s for s in wanted.specialisations if any(s in owners.get(skill, ()) for skill in project.skills))
    return ProjectPick(
        project=project,
        foundations=foundations,
        foundation_skills=skills,
        gaps=gaps,
        specialisation=mine,
        why=_why(foundations, skills, gaps, mine, names, project),
        citations=tuple(cite(framework, project.sources)),
    )


def _why(
    foundations: tuple[str, ...],
    skills: tuple[str, ...],
    gaps: tuple[str, ...],
    mine: tuple[str, ...],
    names: dict[str, str],
    project: PortfolioProject,
) -> str:
    """What the project shows of the person's, in one sentence."""
    parts = []
    if foundations:
        parts.append("exercises the foundations " + _listed(foundations, names))
    if skills:
        parts.append("uses " + _listed(skills, names) + " from them")
    if gaps:
        parts.append("shows " + _listed(gaps, names))
    if mine:
        parts.append("is in your specialisation " + _listed(mine, names))
    if not parts:
        parts.append("shows " + _listed(tuple(project.competencies), names) + " at this level")
    return f"{project.title} ({project.effort_hours} h): " + "; ".join(parts) + "."


def _listed(ids: tuple[str, ...], names: dict[str, str]) -> str:
    # Commas only: names such as "MLOps and production" hold an "and" of their own.
    return ", ".join(names.get(item, item) for item in ids)
