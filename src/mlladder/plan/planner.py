"""``plan(profile, framework)``: turn the gaps into dated activities, monthly milestones and a readiness date.

The rules (also in docs/assessment.md):
- activities: for every gap, in gap order, learn the suggested skills (in prerequisite order) and then show the
  target level's evidence at work (the first marker of the expectation); finally build the target level's
  portfolio project that covers the most gap competencies;
- effort: learning a skill takes 12 h for a skill of the lowest level plus 9 h per level above; showing a marker
  takes 10 h per step of shortfall; a project takes the hours the framework gives it;
- schedule: one activity after another, each after its prerequisites, at the weekly hours available;
- readiness: the later of the day the plan is done and the earliest day the framework's accelerated timeline
  allows, counted from when the person reached their level (``in_level_since``, else estimated from their years
  of experience and the level's lowest year range, else the start date).
"""

from __future__ import annotations

import calendar
import datetime as dt
import math
from typing import Literal

from mlladder.assess.gaps import Gap, GapReport, gaps
from mlladder.assess.model import DEFAULT_SETTINGS, ModelSettings
from mlladder.assess.placement import Assessment, Result, assess
from mlladder.assess.profile import Profile
from mlladder.errors import InputError
from mlladder.framework.ladder import estimate_time, get_level, ic_levels
from mlladder.framework.schema import Framework, PortfolioProject
from mlladder.limits import EARLIEST_START, MAX_START_YEARS_AHEAD, MAX_WEEKLY_HOURS, MIN_WEEKLY_HOURS

DEFAULT_WEEKLY_HOURS = 5.0
LEARN_BASE_HOURS = 12.0
LEARN_HOURS_PER_LEVEL = 9.0
MARKER_HOURS_PER_STEP = 10.0

ActivityKind = Literal["learn_skill", "portfolio_project", "demonstrate", "mentor", "design_doc", "talk", "lead"]


class Activity(Result):
    id: str
    kind: ActivityKind
    title: str
    competencies: list[str]
    skill: str | None
    effort_hours: float
    depends_on: list[str]
    start: dt.date
    end: dt.date


class Milestone(Result):
    date: dt.date
    title: str
    done: list[str]  # activity ids finished by this milestone (since the previous one)
    competencies: list[str]  # competencies whose activities are all finished by this milestone


class Timeline(Result):
    """The framework's figures for the step(s) to the target, and the dates they give from the anchor."""

    anchor: dt.date  # when the person is taken to have reached their current level
    anchor_basis: str
    realistic_years: tuple[float, float] | None
    accelerated_years: tuple[float, float] | None
    time_in_level_years: tuple[float, float] | None
    realistic_dates: tuple[dt.date, dt.date] | None
    earliest_by_timeline: dt.date | None


class Plan(Result):
    framework: str
    name: str | None
    level: str
    target: str
    target_title: str
    start: dt.date
    weekly_hours: float
    total_hours: float
    activities: list[Activity]
    milestones: list[Milestone]
    plan_complete: dt.date
    readiness_date: dt.date
    readiness_basis: Literal["plan", "timeline"]
    timeline: Timeline
    gaps: GapReport


def plan(
    profile: Profile,
    framework: Framework,
    weekly_hours: float | None = None,
    start: dt.date | None = None,
    target: str | None = None,
    settings: ModelSettings = DEFAULT_SETTINGS,
    assessment: Assessment | None = None,
) -> Plan:
    """A dated growth plan from the profile's gaps to the target level."""
    hours = weekly_hours if weekly_hours is not None else profile.weekly_hours or DEFAULT_WEEKLY_HOURS
    if not MIN_WEEKLY_HOURS <= hours <= MAX_WEEKLY_HOURS:
        raise InputError(
            f"weekly hours must be {MIN_WEEKLY_HOURS} to {MAX_WEEKLY_HOURS}, got {hours:g} "
            f"(fix: give between {MIN_WEEKLY_HOURS} and {MAX_WEEKLY_HOURS} hours a week)"
        )
    start = check_start_date(start or dt.date.today())
    assessment = assessment or assess(profile, framework, settings)
    report = gaps(profile, framework, target=target, assessment=assessment, settings=settings)
    activities = _schedule(_activities(framework, report), start, hours)
    complete = max((activity.end for activity in activities), default=start)
    timeline = _timeline(framework, profile, assessment.level, report.target, start)
    floor = timeline.earliest_by_timeline
    readiness, basis = (floor, "timeline") if floor is not None and floor > complete else (complete, "plan")
    return Plan(
        framework=framework.id,
        name=profile.name,
        level=assessment.level,
        target=report.target,
        target_title=report.target_title,
        start=start,
        weekly_hours=hours,
        total_hours=sum(activity.effort_hours for activity in activities),
        activities=activities,
        milestones=_milestones(activities, start),
        plan_complete=complete,
        readiness_date=readiness,
        readiness_basis=basis,
        timeline=timeline,
        gaps=report,
    )


class _Draft:
    """An activity before it has dates."""

    def __init__(self, kind: ActivityKind, title: str, competencies: list[str], hours: float, skill: str | None = None):
        self.kind, self.title, self.competencies, self.hours, self.skill = kind, title, competencies, hours, skill
        self.depends_on: list[_Draft] = []


def _activities(framework: Framework, report: GapReport) -> list[_Draft]:
    ranks = {level.id: position for position, level in enumerate(ic_levels(framework))}
    learned: dict[str, _Draft] = {}
    drafts: list[_Draft] = []
    for gap in report.gaps:
        learning = []
        for ref in gap.skills:
            if ref.id in learned:
                learning.append(learned[ref.id])
                continue
            hours = LEARN_BASE_HOURS + LEARN_HOURS_PER_LEVEL * ranks.get(ref.typical_level, 0)
            draft = _Draft("learn_skill", f"Learn {ref.name}", [gap.competency], hours, skill=ref.id)
            draft.depends_on = [learned[p] for p in ref.prerequisites if p in learned]
            learned[ref.id] = draft
            learning.append(draft)
            drafts.append(draft)
        drafts.append(_show_evidence(gap, learning))
    project = _best_project(framework, report)
    if project is not None:
        draft = _Draft(
            "portfolio_project",
            f"Build a portfolio project: {project.title}",
            project.competencies,
            float(project.effort_hours),
        )
        draft.depends_on = [learned[skill] for skill in project.skills if skill in learned]
        drafts.append(draft)
    return drafts


def _show_evidence(gap: Gap, learning: list[_Draft]) -> _Draft:
    marker = gap.markers[0] if gap.markers else f"work at the {gap.name} expectation"
    hours = MARKER_HOURS_PER_STEP * max(1, math.ceil(gap.shortfall))
    draft = _Draft(_marker_kind(marker), f"Show it at work: {marker}", [gap.competency], hours)
    draft.depends_on = list(learning)
    return draft


def _marker_kind(marker: str) -> ActivityKind:
    """Name the kind of activity a marker asks for, from its wording."""
    text = marker.lower()
    for kind, words in (
        ("mentor", ("mentor", "coach")),
        ("design_doc", ("design doc", "design document", "design review", "wrote a design", "rfc")),
        ("talk", ("talk", "present", "spoke", "speak", "conference")),
        ("lead", ("led ", "lead ", "leads ")),
    ):
        if any(word in text for word in words):
            return kind  # type: ignore[return-value]
    return "demonstrate"


def _best_project(framework: Framework, report: GapReport) -> PortfolioProject | None:
    """The target level's project covering the most gap competencies (None if no gaps or no project)."""
    wanted = {gap.competency for gap in report.gaps}
    options = [p for p in framework.portfolio_projects if p.level == report.target and wanted & set(p.competencies)]
    if not options:
        return None
    return max(options, key=lambda p: (len(wanted & set(p.competencies)), -p.effort_hours, p.id))


def _schedule(drafts: list[_Draft], start: dt.date, weekly_hours: float) -> list[Activity]:
    """One activity at a time, each after its prerequisites, in priority order."""
    ordered: list[_Draft] = []
    placed: set[int] = set()

    def place(draft: _Draft) -> None:
        if id(draft) in placed:
            return
        placed.add(id(draft))
        for prerequisite in draft.depends_on:
            place(prerequisite)
        ordered.append(draft)

    for draft in drafts:
        place(draft)
    ids = {id(draft): f"a{position + 1}" for position, draft in enumerate(ordered)}
    activities, hours_done = [], 0.0
    for draft in ordered:
        begin = start + dt.timedelta(days=math.floor(hours_done / weekly_hours * 7))
        hours_done += draft.hours
        finish = start + dt.timedelta(days=max(1, math.ceil(hours_done / weekly_hours * 7)) - 1)
        activities.append(
            Activity(
                id=ids[id(draft)],
                kind=draft.kind,
                title=draft.title,
                competencies=draft.competencies,
                skill=draft.skill,
                effort_hours=draft.hours,
                depends_on=[ids[id(p)] for p in draft.depends_on],
                start=begin,
                end=max(begin, finish),
            )
        )
    return activities


def add_months(day: dt.date, months: int) -> dt.date:
    """The same day ``months`` later, clipped to the month's length (31 Jan + 1 month = 28/29 Feb)."""
    month_index = day.month - 1 + months
    year, month = day.year + month_index // 12, month_index % 12 + 1
    if not dt.MINYEAR <= year <= dt.MAXYEAR:
        raise InputError(f"date {day} plus {months} months is outside the calendar (fix: check the dates given)")
    return dt.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def _milestones(activities: list[Activity], start: dt.date) -> list[Milestone]:
    """One milestone a month until the plan is done, with what is finished by then."""
    if not activities:
        return []
    complete = max(activity.end for activity in activities)
    milestones, previous, month = [], start - dt.timedelta(days=1), 1
    while previous < complete:
        date = min(add_months(start, month) - dt.timedelta(days=1), complete)
        done = [a for a in activities if previous < a.end <= date]
        finished = {a.id for a in activities if a.end <= date}
        closed = sorted(
            {c for a in activities for c in a.competencies}
            - {c for a in activities if a.id not in finished for c in a.competencies}
        )
        title = f"Month {month}: " + (", ".join(a.title for a in done[:3]) if done else "activities in progress")
        if len(done) > 3:
            title += f" (+{len(done) - 3} more)"
        milestones.append(Milestone(date=date, title=title, done=[a.id for a in done], competencies=closed))
        previous, month = date, month + 1
    return milestones


def _timeline(framework: Framework, profile: Profile, level: str, target: str, start: dt.date) -> Timeline:
    estimate = estimate_time(framework, level, target) if level != target else None
    anchor, basis = _anchor(framework, profile, level, start)

    def years(span: tuple[float, float] | None) -> tuple[float, float] | None:
        return None if span is None else (float(span[0]), float(span[1]))

    realistic = years(estimate.realistic) if estimate else None
    accelerated = years(estimate.accelerated) if estimate else None
    in_level = years(estimate.time_in_levels) if estimate else None
    quickest = accelerated or in_level
    return Timeline(
        anchor=anchor,
        anchor_basis=basis,
        realistic_years=realistic,
        accelerated_years=accelerated,
        time_in_level_years=in_level,
        realistic_dates=(years_after(anchor, realistic[0]), years_after(anchor, realistic[1])) if realistic else None,
        earliest_by_timeline=years_after(anchor, quickest[0]) if quickest else None,
    )


def years_after(day: dt.date, years: float) -> dt.date:
    return add_months(day, round(years * 12))


def _anchor(framework: Framework, profile: Profile, level: str, start: dt.date) -> tuple[dt.date, str]:
    if profile.in_level_since is not None:
        return profile.in_level_since, "in_level_since"
    spans = get_level(framework, level).years
    if profile.years_experience is not None and spans:
        entered_at = min(span.min for span in spans)
        in_level = max(0.0, profile.years_experience - entered_at)
        return add_months(start, -round(in_level * 12)), "years_experience"
    return start, "start"


def check_start(value: str) -> dt.date:
    """Parse a --start date, with a clear error for anything but YYYY-MM-DD."""
    try:
        return check_start_date(dt.date.fromisoformat(value))
    except ValueError:
        raise InputError(f"start date '{value}' is not a date (fix: write it as YYYY-MM-DD, e.g. 2027-01-04)") from None


def check_start_date(start: dt.date, today: dt.date | None = None) -> dt.date:
    """A plan starts between 2000 and ten years from now: dates beyond would be typing mistakes, and a plan
    of many years from 9999-12-31 would end past the last date the calendar can hold."""
    latest = add_months(today or dt.date.today(), 12 * MAX_START_YEARS_AHEAD)
    if not EARLIEST_START <= start <= latest:
        raise InputError(
            f"start date {start.isoformat()} is out of range (fix: start between {EARLIEST_START.isoformat()} "
            f"and {latest.isoformat()})"
        )
    return start
