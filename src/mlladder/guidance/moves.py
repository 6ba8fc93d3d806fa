"""Moving into ML from another field, and getting hired into a first ML role.

``move_into_ml`` answers a career changer (``goal: {kind: move-into-ml, from: backend}``): how long the move
usually takes from their field, which foundations to lay first, which projects prove the move, and whether to
aim for a Junior or a Mid first role. ``get_hired`` answers someone looking for their first ML job
(``goal: get-hired``): the projects to show, the interview questions of the level, and what the first offer
should pay. The rules are here and in docs/moves.md; the figures and texts come from the framework with their
sources, and every text names them by title.

**First role** (documented in docs/moves.md): aim for the main track's second level (Mid) when all three hold,
else for its first level (Junior):

1. *core*: the core competencies support the second level, by the same test that caps a career changer's
   placement (their mean rating meets the level's core expectations within the tolerance);
2. *profile*: the whole profile, years in the other field left out, places at the second level or above before
   that cap (the Mid level asks for production engineering as well as ML);
3. *years*: the person comes from a related technical field (data science, backend, research: not ``other``)
   and has at least the lowest years the articles give for the second level.

The core decides for a backend engineer (strong engineering, the years): weak ML fundamentals mean Junior,
solid ones Mid. Never above the second level: the role is seldom entered higher from another field.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, Literal

import numpy as np

from mlladder.assess.gaps import GapReport, SkillRef, gaps
from mlladder.assess.model import placement_model
from mlladder.assess.placement import Assessment, posterior, rating_pairs
from mlladder.assess.priorities import core_cap, estimates_of
from mlladder.assess.profile import Profile
from mlladder.framework.ladder import get_level, ic_levels, skills_in_prerequisite_order
from mlladder.framework.schema import Framework, Level, MoveIn, SourcedText
from mlladder.framework.sources import Citation, cite
from mlladder.guidance.person_pay import PersonPay, pay_for_person, person_pay_data
from mlladder.guidance.projects import ProjectPick, Wanted, pick_projects

__all__ = [
    "CitedText",
    "FirstRole",
    "HiringGuidance",
    "MoveGuidance",
    "get_hired",
    "hiring_data",
    "move_data",
    "move_into_ml",
]

RELATED_FIELDS = ("data-science", "backend", "research")  # the profile's backgrounds that count as technical
BACKGROUND_NAMES = {
    "data-science": "data science",
    "backend": "backend engineering",
    "research": "research",
    "other": "another field",
}


@dataclass(frozen=True)
class CitedText:
    """A sentence and the sources its facts come from (by title; editorial text is 'written for this ladder')."""

    text: str
    citations: tuple[Citation, ...]


def cited(framework: Framework, text: str, sources: Sequence[str]) -> CitedText:
    return CitedText(text, tuple(cite(framework, list(sources))))


def _sourced(framework: Framework, items: Sequence[SourcedText]) -> tuple[CitedText, ...]:
    return tuple(cited(framework, item.text, item.sources) for item in items)


# -- moving into ML -------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class MoveTimeline:
    """The guides' time for a move from the person's field, and their advice for it."""

    background: str  # the profile's ``from`` (``other`` when it names none)
    name: str  # the framework's name for the move, e.g. "From backend engineering"
    min_years: float | None  # None when the framework gives no time for this move
    max_years: float | None
    text: CitedText
    advice: tuple[CitedText, ...]


@dataclass(frozen=True)
class Foundation:
    """A core competency below the level the plan aims at, with the base skills to learn for it in order."""

    competency: str
    name: str
    current: float | None
    expected: int
    skills: tuple[SkillRef, ...]
    text: CitedText


RoleRule = Literal["core", "profile", "years"]
RULE_NAMES = {"core": "the core", "profile": "the whole profile", "years": "the years in a related field"}


@dataclass(frozen=True)
class RoleCheck:
    """One condition of the first-role rule, whether it holds, and why in words."""

    rule: RoleRule
    met: bool
    text: CitedText


@dataclass(frozen=True)
class FirstRole:
    """The level to aim for as a first ML role (the main track's first or second) and the checks behind it."""

    level: str
    title: str
    checks: tuple[RoleCheck, ...]
    text: CitedText


@dataclass(frozen=True)
class MoveGuidance:
    """Everything ``mlladder move`` shows for a career changer."""

    name: str | None
    background: str
    placed: str  # the assessment's level (capped by the core)
    plan_target: str  # the level the gaps and the plan measure against
    timeline: MoveTimeline
    foundations: tuple[Foundation, ...]  # in the gap order (core competencies in the framework's order)
    foundation_skills: tuple[str, ...]  # every foundation skill id, in prerequisite order
    projects: tuple[ProjectPick, ...]
    first_role: FirstRole


def _months(years: float) -> int:
    return round(years * 12)


def move_timeline(framework: Framework, background: str) -> MoveTimeline:
    """The framework's ``moves_in`` entry for the field, in months (the guides write months for moves)."""
    move: MoveIn | None = next((item for item in framework.moves_in if item.id == background), None)
    field = BACKGROUND_NAMES.get(background, background)
    if move is None or move.duration is None:
        name = move.name if move is not None else f"From {field}"
        missing = cited(framework, f"The framework gives no time for a move from {field}.", [])
        advice = _sourced(framework, move.advice) if move is not None else ()
        return MoveTimeline(background, name, None, None, missing, advice)
    span = move.duration
    note = f", {span.note}" if span.note else ""
    text = f"A move from {field} usually takes {_months(span.min_years)}-{_months(span.max_years)} months{note}."
    return MoveTimeline(
        background=background,
        name=move.name,
        min_years=span.min_years,
        max_years=span.max_years,
        text=cited(framework, text, span.sources or move.sources),
        advice=_sourced(framework, move.advice),
    )


def foundations(framework: Framework, report: GapReport) -> tuple[Foundation, ...]:
    """The career changer's core gaps from the gap report (the same list and skills the plan starts with)."""
    found = []
    for gap in report.gaps:
        if not gap.core_first:
            continue
        competency = next(item for item in framework.competencies if item.id == gap.competency)
        now = "unrated" if gap.current is None else f"{gap.current:.1f}"
        learn = ", ".join(skill.name for skill in gap.skills)
        text = f"{gap.name}: {now} now, {gap.expected} expected at {report.target}" + (
            f"; learn {learn}." if learn else "."
        )
        sources = [*competency.expectations[report.target].sources, *_skill_sources(framework, gap.skills)]
        found.append(
            Foundation(
                competency=gap.competency,
                name=gap.name,
                current=gap.current,
                expected=gap.expected,
                skills=tuple(gap.skills),
                text=cited(framework, text, sources or competency.sources),
            )
        )
    return tuple(found)


def _skill_sources(framework: Framework, refs: Sequence[SkillRef]) -> list[str]:
    wanted = {ref.id for ref in refs}
    return [source for skill in framework.skills if skill.id in wanted for source in skill.sources]


def foundation_order(framework: Framework, laid: Sequence[Foundation]) -> tuple[str, ...]:
    """Every foundation skill once, ordered so each comes after its prerequisites among them."""
    ids = list(dict.fromkeys(skill.id for item in laid for skill in item.skills))
    by_id = {skill.id: skill for skill in framework.skills}
    return tuple(skill.id for skill in skills_in_prerequisite_order(framework, [by_id[i] for i in ids]))


def first_role(framework: Framework, profile: Profile, assessment: Assessment, plan_target: str) -> FirstRole:
    """Junior or Mid as the first ML role, by the rule in the module docstring."""
    main = ic_levels(framework)
    junior, mid = main[0], main[min(1, len(main) - 1)]
    checks = (
        _core_check(framework, profile, assessment, mid),
        _profile_check(framework, profile, mid),
        _years_check(framework, profile, mid),
    )
    level = mid if all(check.met for check in checks) else junior
    return FirstRole(
        level=level.id,
        title=level.title,
        checks=checks,
        text=_role_text(framework, level, mid, checks, plan_target),
    )


def _core_check(framework: Framework, profile: Profile, assessment: Assessment, mid: Level) -> RoleCheck:
    """The core competencies support the second level: the test that caps a career changer's placement."""
    model = placement_model(framework)
    position = model.level_ids.index(mid.id)
    cap = core_cap(model, estimates_of(model, rating_pairs(profile)))
    core = [competency for competency in framework.competencies if competency.core]
    if cap is None or not core:
        return RoleCheck("core", True, cited(framework, "The framework marks no core competencies.", []))
    ratings = {item.id: item.estimate for item in assessment.competencies}
    shown = ", ".join(f"{c.name} {_rating(ratings.get(c.id))}" for c in core)
    expected = sum(c.expectations[mid.id].proficiency for c in core) / len(core)
    met = cap >= position
    verb = "meet" if met else "fall short of"
    text = (
        f"Core: your core competencies ({shown}) {verb} what {mid.title} ({mid.id}) roles expect of them "
        f"({expected:g} on average, within {model.settings.meets_tolerance:g})."
    )
    sources = [source for c in core for source in c.expectations[mid.id].sources]
    return RoleCheck("core", met, cited(framework, text, sources))


def _rating(value: float | None) -> str:
    return "unrated" if value is None else f"{value:.1f}"


def _profile_check(framework: Framework, profile: Profile, mid: Level) -> RoleCheck:
    """The whole profile, years elsewhere left out, places at the second level or above before the core cap."""
    model = placement_model(framework)
    probabilities = posterior(model, rating_pairs(profile), None)
    placed = model.level_ids[int(np.argmax(probabilities))]
    met = model.level_ids.index(placed) >= model.level_ids.index(mid.id)
    if met:
        text = (
            f"Profile: your whole profile, years elsewhere left out, places at {placed} before the core cap, so it "
            f"supports {mid.id}."
        )
    else:
        text = (
            f"Profile: your whole profile, years elsewhere left out, places at {placed} even before the core cap; "
            f"{mid.title} "
            f"({mid.id}) roles also ask for production engineering, which your ratings do not show yet."
        )
    return RoleCheck("profile", met, cited(framework, text, mid.sources))


def _years_check(framework: Framework, profile: Profile, mid: Level) -> RoleCheck:
    """Years in a related technical field reach the lowest years the articles give for the second level."""
    background = _background(profile)
    field = BACKGROUND_NAMES.get(background, background)
    if not mid.years:
        return RoleCheck("years", True, cited(framework, f"The framework gives no years for {mid.id}.", []))
    lowest = min(span.min for span in mid.years)
    sources = [source for span in mid.years for source in span.sources]
    years = profile.years_experience
    at = f"the articles put {mid.title} ({mid.id}) at {lowest:g}+ years"
    if background not in RELATED_FIELDS:
        met, text = False, f"Years: years in {field} do not count towards {mid.id}; {at} in a related technical field."
    elif years is None:
        met, text = False, f"Years: the profile gives no years of experience; {at}."
    else:
        met = years >= lowest
        count = "enough" if met else "too few"
        text = f"Years: {years:g} years in {field}, a related technical field, are {count}: {at}."
    return RoleCheck("years", met, cited(framework, text, sources))


def _role_text(
    framework: Framework, level: Level, mid: Level, checks: tuple[RoleCheck, ...], plan_target: str
) -> CitedText:
    failed = [RULE_NAMES[check.rule] for check in checks if not check.met]
    sentence = f"Aim for {level.title} ({level.id}) as your first ML role"
    if not failed:
        sentence += ": the core, your whole profile and your years all support it."
    else:
        verb = "does" if len(failed) == 1 else "do"
        sentence += f" rather than {mid.title} ({mid.id}): {' and '.join(failed)} {verb} not support {mid.id} yet."
        if "core" in [check.rule for check in checks if not check.met] and plan_target == mid.id:
            # The plan aims at Mid because the rest of the profile supports it: the foundations are what is missing.
            sentence += (
                f" The plan still measures your gaps against {mid.id}, where the rest of your profile can take you:"
                " re-assess once the foundations are in."
            )
    return cited(framework, sentence, [citation.id for check in checks for citation in check.text.citations])


def _background(profile: Profile) -> str:
    """The field one moves from; a goal that names none counts as another field (as the plan does)."""
    goal = profile.goal
    return (goal.from_ if goal is not None else None) or "other"


def _names(framework: Framework) -> dict[str, str]:
    """Competency, skill and specialisation ids -> names, for sentences."""
    names = {item.id: item.name for item in framework.skills}
    names.update({item.id: item.name for item in framework.specialisations})
    names.update({item.id: item.name for item in framework.competencies})
    return names


def move_into_ml(framework: Framework, profile: Profile, assessment: Assessment) -> MoveGuidance | None:
    """The guidance for a career changer; None unless the profile's goal is ``move-into-ml``."""
    if profile.goal is None or profile.goal.kind != "move-into-ml":
        return None
    report = gaps(profile, framework, assessment=assessment)
    laid = foundations(framework, report)
    order = foundation_order(framework, laid)
    role = first_role(framework, profile, assessment, report.target)
    core = {item.competency for item in laid}
    wanted = Wanted(
        foundations=tuple(item.competency for item in laid),
        foundation_skills=order,
        gaps=tuple(gap.competency for gap in report.gaps if gap.competency not in core),
        specialisations=tuple(profile.specialisation),
    )
    return MoveGuidance(
        name=profile.name,
        background=_background(profile),
        placed=assessment.level,
        plan_target=report.target,
        timeline=move_timeline(framework, _background(profile)),
        foundations=laid,
        foundation_skills=order,
        projects=pick_projects(framework, role.level, wanted, _names(framework)),
        first_role=role,
    )


# -- getting hired --------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class QuestionKind:
    kind: str
    ids: tuple[str, ...]


@dataclass(frozen=True)
class InterviewCounts:
    """The framework's interview questions at the level, counted by kind: what to practise."""

    level: str
    total: int
    kinds: tuple[QuestionKind, ...]
    text: CitedText


@dataclass(frozen=True)
class HiringGuidance:
    """Everything ``mlladder move`` shows for someone getting hired."""

    name: str | None
    level: str
    level_title: str
    projects: tuple[ProjectPick, ...]
    interviews: InterviewCounts
    pay: PersonPay  # the first offer's pay is ``pay.aimed``
    negotiation: tuple[CitedText, ...]


def interview_counts(framework: Framework, level: str) -> InterviewCounts:
    """How many questions the framework holds for the level, by kind (in the order the framework first uses it)."""
    questions = [question for question in framework.interview_questions if question.level == level]
    by_kind: dict[str, list[str]] = {}
    for question in questions:
        by_kind.setdefault(question.kind, []).append(question.id)
    kinds = tuple(QuestionKind(kind, tuple(ids)) for kind, ids in by_kind.items())
    counted = ", ".join(f"{len(item.ids)} {item.kind.replace('_', ' ')}" for item in kinds)
    text = (
        f"Practise the {len(questions)} interview questions at {level}: {counted}."
        if questions
        else f"The framework holds no interview questions at {level}."
    )
    sources = [source for question in questions for source in question.sources]
    return InterviewCounts(level, len(questions), kinds, cited(framework, text, sources))


def get_hired(
    framework: Framework, profile: Profile, assessment: Assessment, *, region: str | None = None
) -> HiringGuidance | None:
    """The guidance for someone getting hired; None unless the profile's goal is ``get-hired``. The level is
    the assessment's target (the goal's level, else the placed one)."""
    if profile.goal is None or profile.goal.kind != "get-hired":
        return None
    level = get_level(framework, assessment.target or assessment.level)
    report = gaps(profile, framework, target=level.id, assessment=assessment)
    wanted = Wanted(gaps=tuple(gap.competency for gap in report.gaps), specialisations=tuple(profile.specialisation))
    return HiringGuidance(
        name=profile.name,
        level=level.id,
        level_title=level.title,
        projects=pick_projects(framework, level.id, wanted, _names(framework)),
        interviews=interview_counts(framework, level.id),
        pay=pay_for_person(framework, profile, assessment, level.id, region=region),
        negotiation=_sourced(framework, framework.negotiation),
    )


# -- JSON views (keys documented in docs/json-output.md) ------------------------------------------------------------


def cited_data(item: CitedText) -> dict[str, Any]:
    return {"text": item.text, "sources": [citation.data() for citation in item.citations]}


def _project_data(pick: ProjectPick) -> dict[str, Any]:
    project = pick.project
    return {
        "id": project.id,
        "level": project.level,
        "title": project.title,
        "effort_hours": project.effort_hours,
        "competencies": list(project.competencies),
        "skills": list(project.skills),
        "foundations": list(pick.foundations),
        "foundation_skills": list(pick.foundation_skills),
        "gaps": list(pick.gaps),
        "specialisation": list(pick.specialisation),
        "why": pick.why,
        "sources": [citation.data() for citation in pick.citations],
    }


def move_data(move: MoveGuidance) -> dict[str, Any]:
    timeline = move.timeline
    return {
        "goal": "move-into-ml",
        "name": move.name,
        "background": move.background,
        "placed": move.placed,
        "plan_target": move.plan_target,
        "timeline": {
            "name": timeline.name,
            "min_months": None if timeline.min_years is None else _months(timeline.min_years),
            "max_months": None if timeline.max_years is None else _months(timeline.max_years),
            **cited_data(timeline.text),
            "advice": [cited_data(item) for item in timeline.advice],
        },
        "foundations": [
            {
                "competency": item.competency,
                "name": item.name,
                "current": item.current,
                "expected": item.expected,
                "skills": [skill.id for skill in item.skills],
                **cited_data(item.text),
            }
            for item in move.foundations
        ],
        "foundation_skills": list(move.foundation_skills),
        "projects": [_project_data(pick) for pick in move.projects],
        "first_role": {
            "level": move.first_role.level,
            "title": move.first_role.title,
            **cited_data(move.first_role.text),
            "checks": [
                {"rule": check.rule, "met": check.met, **cited_data(check.text)} for check in move.first_role.checks
            ],
        },
    }


def hiring_data(hiring: HiringGuidance) -> dict[str, Any]:
    interviews = hiring.interviews
    return {
        "goal": "get-hired",
        "name": hiring.name,
        "level": hiring.level,
        "level_title": hiring.level_title,
        "projects": [_project_data(pick) for pick in hiring.projects],
        "interviews": {
            "level": interviews.level,
            "total": interviews.total,
            "by_kind": {item.kind: list(item.ids) for item in interviews.kinds},
            **cited_data(interviews.text),
        },
        "pay": person_pay_data(hiring.pay),
        "negotiation": [cited_data(item) for item in hiring.negotiation],
    }
