"""``plan(profile, framework)``: the gaps turned into a focused, bounded, dated plan with milestones.

The rules (also in docs/assessment.md):

- **What**: the gaps in the order to close them (:mod:`mlladder.assess.priorities`). For each, a few skills to
  learn (the guides' focus skills for the step first, only general skills or the person's specialisations,
  the base skills first for a core competency far below) and then a way to show the target level's evidence:
  at work, or, for someone getting hired or moving into ML, in a project of their own. Then the target level's
  portfolio project that covers the most gaps and fits the person's specialisations; someone getting hired also
  practises the level's interview questions.
- **Effort** (estimates, each with its basis): learning a skill takes 12 h for a skill of the lowest level plus
  9 h per level above; showing the evidence takes 10 h per proficiency step short; a project takes the hours
  the framework gives it; interview practice 1 h per question, 20 h at most.
- **Bound**: the plan ends by the guides' realistic window for the step (counted from when the person reached
  their level); when that window has passed, or closes within 90 days, or the guides give none, by 12 months
  from the start; for getting hired, 6 months; for a move into ML, the guides' time for a move from that field
  (the framework's ``moves_in``: 3-6 months from data science, 6-12 from backend in the built-in ladder).
  Activities are kept in priority order while their hours fit the weekly hours up to that date; the others are
  listed as left out, with the weekly hours the full plan would need.
- **Schedule**: one activity after another, each after its prerequisites, at the weekly hours; a milestone at
  the end of each month in which something is finished, naming what is then done.
- **Readiness**: the later of the day the plan is done and the earliest day the guides' accelerated timeline
  allows.
"""

from __future__ import annotations

import calendar
import datetime as dt
import math
from typing import Literal

from pydantic import Field

from mlladder.assess.gaps import Gap, GapReport, gaps
from mlladder.assess.model import DEFAULT_SETTINGS, ModelSettings
from mlladder.assess.placement import Assessment, Result, assess
from mlladder.assess.profile import Profile
from mlladder.errors import FieldError, InputError
from mlladder.framework.ladder import estimate_time, fits_specialisation, get_level, height, skill_verb
from mlladder.framework.schema import Framework, PortfolioProject
from mlladder.limits import EARLIEST_START, MAX_START_YEARS_AHEAD, MAX_WEEKLY_HOURS, MIN_WEEKLY_HOURS

__all__ = ["Activity", "Milestone", "Plan", "Timeline", "add_months", "check_start", "plan", "years_after"]

DEFAULT_WEEKLY_HOURS = 5.0
LEARN_BASE_HOURS = 12.0
LEARN_HOURS_PER_LEVEL = 9.0
MARKER_HOURS_PER_STEP = 10.0
INTERVIEW_HOURS_PER_QUESTION = 1.0
MAX_INTERVIEW_HOURS = 20.0
NEXT_DAYS = 90  # the first view of a plan: what starts in the next 90 days
FALLBACK_MONTHS = 12  # the bound when the guides' window has passed or there is none
HIRING_MONTHS = 6  # the bound for someone getting hired: a longer search loses its momentum
MIN_WINDOW_DAYS = 90  # a window closing sooner than this counts as passed

ActivityKind = Literal[
    "learn_skill", "portfolio_project", "demonstrate", "mentor", "design_doc", "talk", "lead", "interview_practice"
]


class Activity(Result):
    id: str
    kind: ActivityKind
    title: str
    competencies: list[str]
    skill: str | None
    effort_hours: float
    effort_basis: str = ""  # how the hours were estimated
    why: str = ""  # the gap it closes
    depends_on: list[str]
    start: dt.date
    end: dt.date


class LeftOut(Result):
    """An activity the bound left out: it would not fit the weekly hours before the plan's end date."""

    title: str
    competencies: list[str]
    effort_hours: float


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
    deadline: dt.date | None = None  # the bound: the plan ends by this date
    deadline_basis: str = ""
    left_out: list[LeftOut] = Field(default_factory=list)
    full_weekly_hours: float | None = None  # weekly hours the whole plan would need by the deadline
    next_90_days: list[str] = Field(default_factory=list)  # ids of the activities starting in the first 90 days


def plan(
    profile: Profile,
    framework: Framework,
    weekly_hours: float | None = None,
    start: dt.date | None = None,
    target: str | None = None,
    settings: ModelSettings = DEFAULT_SETTINGS,
    assessment: Assessment | None = None,
) -> Plan:
    """A focused, dated growth plan from the profile's gaps to the target level, bounded by the guides' window."""
    hours = weekly_hours if weekly_hours is not None else profile.weekly_hours or DEFAULT_WEEKLY_HOURS
    if not MIN_WEEKLY_HOURS <= hours <= MAX_WEEKLY_HOURS:
        raise FieldError(
            f"weekly hours must be {MIN_WEEKLY_HOURS} to {MAX_WEEKLY_HOURS}, got {hours:g} "
            f"(fix: give between {MIN_WEEKLY_HOURS} and {MAX_WEEKLY_HOURS} hours a week)",
            field="weekly_hours",
            advice=f"enter a number from {MIN_WEEKLY_HOURS} to {MAX_WEEKLY_HOURS}",
        )
    start = check_start_date(start or dt.date.today())
    assessment = assessment or assess(profile, framework, settings)
    report = gaps(profile, framework, target=target, assessment=assessment, settings=settings)
    timeline = _timeline(framework, profile, assessment.level, report.target, start)
    deadline, deadline_basis = _deadline(framework, profile, timeline, start)
    drafts = _activities(framework, report, profile)
    kept, dropped = _fit(drafts, _hours_until(start, deadline, hours))
    activities = _schedule(kept, start, hours)
    complete = max((activity.end for activity in activities), default=start)
    floor = timeline.earliest_by_timeline
    readiness, basis = (floor, "timeline") if floor is not None and floor > complete else (complete, "plan")
    full_hours = sum(draft.hours for draft in drafts)
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
        milestones=_milestones(activities, start, framework),
        plan_complete=complete,
        readiness_date=readiness,
        readiness_basis=basis,
        timeline=timeline,
        gaps=report,
        deadline=deadline,
        deadline_basis=deadline_basis,
        left_out=[LeftOut(title=d.title, competencies=d.competencies, effort_hours=d.hours) for d in dropped],
        full_weekly_hours=round(full_hours / _weeks(start, deadline), 1) if dropped else None,
        next_90_days=[a.id for a in activities if a.start < start + dt.timedelta(days=NEXT_DAYS)],
    )


class _Draft:
    """An activity before it has dates."""

    def __init__(
        self,
        kind: ActivityKind,
        title: str,
        competencies: list[str],
        hours: float,
        basis: str,
        why: str = "",
        skill: str | None = None,
    ) -> None:
        self.kind, self.title, self.competencies, self.hours = kind, title, competencies, hours
        self.basis, self.why, self.skill = basis, why, skill
        self.depends_on: list[_Draft] = []


def _activities(framework: Framework, report: GapReport, profile: Profile) -> list[_Draft]:
    """Every activity the gaps call for, in priority order (see the module docstring)."""
    ranks = {level.id: height(framework, level.id) or 0 for level in framework.levels}  # M1's skills: above L3's
    own_work = profile.goal is not None and profile.goal.kind in ("get-hired", "move-into-ml")
    learned: dict[str, _Draft] = {}
    drafts: list[_Draft] = []
    hiring = profile.goal is not None and profile.goal.kind == "get-hired"
    for gap in report.gaps:
        why = f"closes the {gap.name} gap" + (f" (below {report.level})" if gap.below_placed else "")
        learning = []
        for ref in gap.skills:
            if ref.id not in learned:
                rank = ranks.get(ref.typical_level, 0)
                hours = LEARN_BASE_HOURS + LEARN_HOURS_PER_LEVEL * rank
                basis = (
                    f"estimate: {LEARN_BASE_HOURS:g} h for a skill of the lowest level, "
                    f"+{LEARN_HOURS_PER_LEVEL:g} h a level above it ({ref.typical_level})"
                )
                title = f"{skill_verb(framework, ref.id)} {ref.name}"
                draft = _Draft("learn_skill", title, [gap.competency], hours, basis, why, skill=ref.id)
                draft.depends_on = [learned[p] for p in ref.prerequisites if p in learned]
                learned[ref.id] = draft
                drafts.append(draft)
            learning.append(learned[ref.id])
        drafts.append(_show_evidence(gap, learning, own_work, why))
    project = _best_project(framework, report, profile)
    if project is not None:
        basis = "the framework's estimate for this project"
        covered = set(project.competencies) & {gap.competency for gap in report.gaps}
        title = f"Build a portfolio project: {project.title}"
        why = f"shows {report.target} work on {len(covered)} of the gaps at once"
        draft = _Draft("portfolio_project", title, project.competencies, float(project.effort_hours), basis, why)
        draft.depends_on = [learned[skill] for skill in project.skills if skill in learned]
        drafts.append(draft)
    if hiring:
        drafts.insert(min(len(drafts), 3), _interview_practice(framework, report))
    return drafts


def _show_evidence(gap: Gap, learning: list[_Draft], own_work: bool, why: str) -> _Draft:
    """Showing the target level's evidence: at work, or in one's own project when there is no such job yet."""
    marker = gap.markers[0] if gap.markers else f"work at the {gap.name} expectation"
    steps = max(1, math.ceil(gap.shortfall))
    hours = MARKER_HOURS_PER_STEP * steps
    basis = f"estimate: {MARKER_HOURS_PER_STEP:g} h per proficiency step short ({steps})"
    where = "Show it in a project of your own" if own_work else "Show it at work"
    draft = _Draft(_marker_kind(marker), f"{where}: {marker}", [gap.competency], hours, basis, why)
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


def _best_project(framework: Framework, report: GapReport, profile: Profile) -> PortfolioProject | None:
    """The target level's project covering the most gaps among those that fit the person's specialisations
    (a project using a domain skill is for that domain's specialists); None without gaps or projects."""
    wanted = {gap.competency for gap in report.gaps}
    options = [
        project
        for project in framework.portfolio_projects
        if project.level == report.target
        and wanted & set(project.competencies)
        and all(fits_specialisation(framework, skill, profile.specialisation) for skill in project.skills)
    ]
    if not options:
        return None
    return max(options, key=lambda p: (len(wanted & set(p.competencies)), -p.effort_hours, p.id))


def _interview_practice(framework: Framework, report: GapReport) -> _Draft:
    questions = [question for question in framework.interview_questions if question.level == report.target]
    hours = min(MAX_INTERVIEW_HOURS, max(1, len(questions)) * INTERVIEW_HOURS_PER_QUESTION)
    basis = f"estimate: {INTERVIEW_HOURS_PER_QUESTION:g} h per question, {MAX_INTERVIEW_HOURS:g} h at most"
    title = (
        f"Practise the {report.target} interview questions ({len(questions)}: mlladder ladder level {report.target})"
    )
    competencies = sorted({c for question in questions for c in question.competencies})
    return _Draft("interview_practice", title, competencies, hours, basis, "getting hired: the interview decides")


def _months(years: float) -> int:
    return round(years * 12)


def _deadline(framework: Framework, profile: Profile, timeline: Timeline, start: dt.date) -> tuple[dt.date, str]:
    """When the plan must be done (see the module docstring)."""
    window = timeline.realistic_dates
    goal = profile.goal
    if goal is not None and goal.kind == "get-hired":
        return add_months(start, HIRING_MONTHS) - dt.timedelta(days=1), f"{HIRING_MONTHS} months to get hired"
    move = next((m for m in framework.moves_in if goal is not None and m.id == (goal.from_ or "other")), None)
    if goal is not None and goal.kind == "move-into-ml" and move is not None and move.duration is not None:
        span = move.duration
        months = max(1, round(span.max_years * 12))
        note = f" ({span.note})" if span.note else ""
        basis = f"the guides' time for a move {move.name.lower()}: {_months(span.min_years)}-{months} months{note}"
        return add_months(start, months) - dt.timedelta(days=1), basis
    if window is not None and window[1] >= start + dt.timedelta(days=MIN_WINDOW_DAYS):
        return window[1], f"the end of the guides' realistic window for the step ({window[0]} to {window[1]})"
    reason = "has passed" if window is not None and window[1] < start else "closes within 90 days"
    why = f"the guides' realistic window {reason}" if window is not None else "the guides give no window for this step"
    return add_months(start, FALLBACK_MONTHS) - dt.timedelta(days=1), f"{FALLBACK_MONTHS} months from the start: {why}"


def _weeks(start: dt.date, end: dt.date) -> float:
    return max(1, (end - start).days + 1) / 7


def _hours_until(start: dt.date, deadline: dt.date, weekly_hours: float) -> float:
    return _weeks(start, deadline) * weekly_hours


def _fit(drafts: list[_Draft], budget: float) -> tuple[list[_Draft], list[_Draft]]:
    """Keep activities in priority order while their hours (and their prerequisites') fit the budget; an
    activity whose prerequisite was left out is left out too."""
    kept: list[_Draft] = []
    dropped: list[_Draft] = []
    used = 0.0
    for draft in drafts:
        if any(prerequisite in dropped for prerequisite in draft.depends_on) or used + draft.hours > budget + 1e-9:
            dropped.append(draft)
            continue
        kept.append(draft)
        used += draft.hours
    return kept, dropped


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
                effort_basis=draft.basis,
                why=draft.why,
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


def _milestones(activities: list[Activity], start: dt.date, framework: Framework) -> list[Milestone]:
    """A milestone at the end of each month in which something is finished, naming what is then done."""
    if not activities:
        return []
    names = {competency.id: competency.name for competency in framework.competencies}
    complete = max(activity.end for activity in activities)
    milestones, previous, month = [], start - dt.timedelta(days=1), 1
    announced: set[str] = set()  # competencies already named as done by an earlier milestone
    while previous < complete:
        date = min(add_months(start, month) - dt.timedelta(days=1), complete)
        done = [a for a in activities if previous < a.end <= date]
        if done:
            finished = {a.id for a in activities if a.end <= date}
            closed = sorted(
                {c for a in activities for c in a.competencies}
                - {c for a in activities if a.id not in finished for c in a.competencies}
            )
            title = f"Month {month}: " + "; ".join(_outcome(a) for a in done[:3])
            if len(done) > 3:
                title += f" (+{len(done) - 3} more)"
            newly = [c for c in closed if c not in announced]
            if newly:
                title += ". Done with: " + ", ".join(names.get(c, c) for c in newly)
            announced.update(closed)
            milestones.append(Milestone(date=date, title=title, done=[a.id for a in done], competencies=closed))
        previous, month = date, month + 1
    return milestones


def _outcome(activity: Activity) -> str:
    """What a finished activity leaves you with, in a few words."""
    title = activity.title
    if activity.kind == "learn_skill":
        verb, _, skill = title.partition(" ")
        return f"{skill} {'practised' if verb == 'Practise' else 'learned'}"
    if activity.kind == "portfolio_project":
        return f"portfolio project built ({title.removeprefix('Build a portfolio project: ')})"
    if activity.kind == "interview_practice":
        return "interview questions practised"
    where, _, marker = title.partition(": ")
    return f"shown {'at work' if where.endswith('at work') else 'in your own project'}: {marker}"


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
        raise FieldError(
            f"start date '{value}' is not a date (fix: write it as YYYY-MM-DD, e.g. 2027-01-04)",
            field="start",
            advice="enter a date such as 2027-01-04",
        ) from None


def check_start_date(start: dt.date, today: dt.date | None = None) -> dt.date:
    """A plan starts between 2000 and ten years from now: dates beyond would be typing mistakes, and a plan
    of many years from 9999-12-31 would end past the last date the calendar can hold."""
    latest = add_months(today or dt.date.today(), 12 * MAX_START_YEARS_AHEAD)
    if not EARLIEST_START <= start <= latest:
        between = f"between {EARLIEST_START.isoformat()} and {latest.isoformat()}"
        raise FieldError(
            f"start date {start.isoformat()} is out of range (fix: start {between})",
            field="start",
            advice=f"enter a date {between}",
        )
    return start
