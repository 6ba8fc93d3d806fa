"""Exporting a growth plan: a Markdown document to read and an iCalendar file with one event per milestone.

Both exports take the plan as it is: every date and figure comes from :func:`mlladder.plan.planner.plan`; the
framework is only used for names (level titles, competency names) and to name, by title, the articles that the
activities and timeline figures come from (:mod:`mlladder.report.provenance`). The sentences about the plan's end
date, what was left out and how hours were estimated are the report's and the web's (:mod:`mlladder.report.advice`).
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Iterable, Sequence

import icalendar

from mlladder.assess.gaps import Gap
from mlladder.framework.schema import Framework
from mlladder.framework.sources import provenance_of, timeline_sources
from mlladder.plan.planner import Activity, Milestone, Plan, Timeline, years_after
from mlladder.report import advice
from mlladder.report.provenance import activity_provenance

__all__ = ["plan_ics", "plan_markdown"]

PRODID = "-//mlladder//Growth plan//EN"
UID_DOMAIN = "mlladder"
# RFC 5545 asks for at least one component; a plan with no milestones gets this one, which clients ignore.
EMPTY_PLAN_COMPONENT = "X-MLLADDER-PLAN"

ANCHOR_BASES = {
    "in_level_since": "the date the profile gives for reaching {level} (in_level_since)",
    "years_experience": "estimated from the profile's years of experience and the lowest year range of {level}",
    "start": "the plan's start date, as the profile gives neither a date for reaching {level} nor years of experience",
}

COMBINING_RULE = (
    "Readiness is the later of two dates: the day the plan's last activity ends, and the earliest day the "
    "framework's accelerated timeline allows, counted from the anchor (the low end of the accelerated range; "
    "where the framework gives no accelerated figure, the low end of the time-in-level figure). Working faster "
    "cannot beat the timeline, and waiting out the timeline does not close the gaps."
)


# -- Markdown ---------------------------------------------------------------------------------------------------


def plan_markdown(plan: Plan, framework: Framework) -> str:
    """The plan as a Markdown document: who and where to, when, why then, what falls short and what to do."""
    sections = [
        _header(plan, framework),
        _next_90_days_section(plan),
        _readiness(plan, framework),
        _left_out_section(plan, framework),
        _gaps_section(plan, framework),
        _activities_section(plan, framework),
        _milestones_section(plan, framework),
    ]
    sections = [section for section in sections if section]
    return "\n\n".join(sections) + "\n"


def _header(plan: Plan, framework: Framework) -> str:
    weeks = round(plan.total_hours / plan.weekly_hours)
    duration = f" (about {weeks} weeks at {plan.weekly_hours:g} hours a week)" if plan.total_hours else ""
    lines = [
        f"# Growth plan for {_who(plan)}",
        "",
        f"- **Person:** {_who(plan)}",
        f"- **Framework:** {_inline(framework.name)} ({framework.id}, version {_inline(framework.version)})",
        f"- **From:** {_level_name(framework, plan.level)}",
        f"- **Target:** {_level_name(framework, plan.target)}",
        f"- **Start:** {plan.start.isoformat()}",
        f"- **Weekly hours:** {plan.weekly_hours:g}",
        f"- **Total hours:** {advice.hours(plan.total_hours)}{duration}, estimated",
    ]
    if plan.deadline is not None:
        lines.append(f"- **Ends by:** {plan.deadline.isoformat()}: {_inline(plan.deadline_basis)}")
    return "\n".join(lines)


def _next_90_days_section(plan: Plan) -> str:
    """What to do first: the activities that start in the plan's first 90 days."""
    title = "## The next 90 days"
    first = advice.next_90_days(plan)
    if not first:
        return f"{title}\n\nNothing to start: every competency meets the {plan.target} expectation."
    bases = advice.effort_bases(plan)
    rows = [[a.id, a.title, _hours(a, bases), a.start.isoformat(), a.end.isoformat(), a.why or "-"] for a in first]
    return f"{title}\n\n{_table(['ID', 'Title', 'Hours', 'Start', 'End', 'Why'], rows)}"


def _left_out_section(plan: Plan, framework: Framework) -> str:
    """What the end date left out, and the weekly hours the whole plan would take; nothing when all fits."""
    if not plan.left_out:
        return ""
    rows = [
        [item.title, _competency_names(framework, item.competencies), advice.hours(item.effort_hours)]
        for item in plan.left_out
    ]
    table = _table(["Title", "Competencies", "Hours"], rows)
    return f"## Left out\n\n{advice.left_out_text(plan)}\n\n{table}"


def _hours(activity: Activity, bases: list[str]) -> str:
    """'~30 h [1]': an estimate, with the number of the note that says how it was made."""
    note = advice.effort_note(activity, bases)
    return advice.hours(activity.effort_hours) + (f" [{note}]" if note else "")


def _readiness(plan: Plan, framework: Framework) -> str:
    timeline = plan.timeline
    earliest = timeline.earliest_by_timeline
    lines = [
        "## Projected readiness",
        "",
        f"**{plan.readiness_date.isoformat()}**, {_readiness_reason(plan)}",
        "",
        f"- Plan complete: {plan.plan_complete.isoformat()}",
        f"- Earliest date the timeline allows: {earliest.isoformat() if earliest else 'no figure in the framework'}",
        "",
        f"### The framework's timeline from {plan.level} to {plan.target}",
        "",
        _timeline_text(plan, framework),
        "",
        "### How the readiness date is set",
        "",
        COMBINING_RULE,
    ]
    return "\n".join(lines)


def _readiness_reason(plan: Plan) -> str:
    """Say which of the two dates set readiness, and what the other one was."""
    earliest = plan.timeline.earliest_by_timeline
    if not plan.activities:
        return f"the start date: already meets the {plan.target} expectations, so there is nothing to schedule."
    if plan.readiness_basis == "timeline":
        return (
            f"set by the timeline: the plan is done on {plan.plan_complete.isoformat()}, but the accelerated "
            f"timeline allows {plan.target} no earlier than {plan.readiness_date.isoformat()}."
        )
    if earliest is None:
        return "set by the plan: the day its last activity ends (the framework gives no timeline for this step)."
    return (
        f"set by the plan: the day its last activity ends, which is later than the earliest date the timeline "
        f"allows ({earliest.isoformat()})."
    )


def _timeline_text(plan: Plan, framework: Framework) -> str:
    timeline = plan.timeline
    figures = (timeline.realistic_years, timeline.accelerated_years, timeline.time_in_level_years)
    if all(figure is None for figure in figures):
        if plan.level == plan.target:
            return "None: the target is the level the person is already at."
        return f"The framework gives no timeline figures for moving from {plan.level} to {plan.target}."
    anchor = f"The anchor is {timeline.anchor.isoformat()}: {_anchor_basis(timeline, plan.level)}."
    rows = [
        ["Realistic", _years(timeline.realistic_years), _dates(timeline, timeline.realistic_years)],
        ["Accelerated", _years(timeline.accelerated_years), _dates(timeline, timeline.accelerated_years)],
        ["Time in level", _years(timeline.time_in_level_years), _dates(timeline, timeline.time_in_level_years)],
    ]
    table = _table(["Figure", "Years", "Dates from the anchor"], rows)
    cited = provenance_of(framework, timeline_sources(framework, plan.level, plan.target))
    return anchor + "\n\n" + table + (f"\n\nThe figures are {_inline(cited)}." if cited else "")


def _anchor_basis(timeline: Timeline, level: str) -> str:
    template = ANCHOR_BASES.get(timeline.anchor_basis, "{level}: " + timeline.anchor_basis)
    return template.format(level=level)


def _years(span: tuple[float, float] | None) -> str:
    if span is None:
        return "not given"
    low, high = span
    return f"{low:g}" if low == high else f"{low:g}-{high:g}"


def _dates(timeline: Timeline, span: tuple[float, float] | None) -> str:
    """The dates a span of years gives from the anchor, counted the way the planner counts them."""
    if span is None:
        return "-"
    low, high = (years_after(timeline.anchor, years).isoformat() for years in span)
    return low if low == high else f"{low} to {high}"


def _gaps_section(plan: Plan, framework: Framework) -> str:
    title = "## Gaps, in the order to close them"
    if not plan.gaps.gaps:
        return f"{title}\n\nNone: every competency meets the {plan.target} expectation."
    intro = " ".join(part for part in (plan.gaps.note, advice.order_text(plan.gaps)) if part)
    rows = [_gap_row(rank, gap, plan) for rank, gap in enumerate(plan.gaps.gaps, start=1)]
    table = _table(["Rank", "Competency", "Current", "Expected", "Shortfall", "Why here", "Skills to learn"], rows)
    return f"{title}\n\n{intro}\n\n{table}"


def _gap_row(rank: int, gap: Gap, plan: Plan) -> list[str]:
    current = "unrated" if gap.current is None else f"{gap.current:g}"
    skills = ", ".join(skill.name for skill in gap.skills) or "-"
    why = advice.why_here(gap, plan.gaps)
    return [str(rank), gap.name, current, str(gap.expected), f"{gap.shortfall:g}", why, skills]


def _activities_section(plan: Plan, framework: Framework) -> str:
    title = "## Activities"
    if not plan.activities:
        return f"{title}\n\nNone: nothing to schedule."
    bases = advice.effort_bases(plan)
    headers = ["ID", "Kind", "Title", "Competencies", "Hours", "Start", "End", "Depends on", "From"]
    table = _table(headers, [_activity_row(a, plan, framework, bases) for a in plan.activities])
    notes = "\n".join(f"{number}. {_inline(basis)}" for number, basis in enumerate(bases, start=1))
    return f"{title}\n\n{table}" + (f"\n\nHours are estimates, made this way:\n\n{notes}" if notes else "")


def _activity_row(activity: Activity, plan: Plan, framework: Framework, bases: list[str]) -> list[str]:
    return [
        activity.id,
        activity.kind.replace("_", " "),
        activity.title,
        _competency_names(framework, activity.competencies),
        _hours(activity, bases),
        activity.start.isoformat(),
        activity.end.isoformat(),
        ", ".join(activity.depends_on) or "-",
        activity_provenance(framework, plan.target, activity) or "-",
    ]


def _milestones_section(plan: Plan, framework: Framework) -> str:
    title = "## Milestones"
    if not plan.milestones:
        return f"{title}\n\nNone: nothing to schedule."
    rows = [
        [
            milestone.date.isoformat(),
            milestone.title,
            ", ".join(milestone.done) or "-",
            _competency_names(framework, milestone.competencies),
        ]
        for milestone in plan.milestones
    ]
    return f"{title}\n\n{_table(['Date', 'Milestone', 'Finished', 'Competencies closed'], rows)}"


def _table(headers: Sequence[str], rows: Iterable[Sequence[str]]) -> str:
    lines = [_row(headers), _row(["---"] * len(headers))]
    lines.extend(_row(row) for row in rows)
    return "\n".join(lines)


def _row(cells: Sequence[str]) -> str:
    return "| " + " | ".join(_cell(cell) for cell in cells) + " |"


def _cell(text: str) -> str:
    """Table cells cannot hold a pipe or a line break."""
    return _inline(text).replace("|", "\\|")


def _inline(text: str) -> str:
    """One line of text: a line break would end a list item or a heading."""
    return " ".join(text.split())


def _who(plan: Plan) -> str:
    return _inline(plan.name) if plan.name and plan.name.strip() else "an unnamed profile"


def _level_name(framework: Framework, level_id: str) -> str:
    titles = {level.id: level.title for level in framework.levels}
    return f"{level_id} {titles[level_id]}" if level_id in titles else level_id


def _competency_names(framework: Framework, ids: Iterable[str]) -> str:
    names = {competency.id: competency.name for competency in framework.competencies}
    return ", ".join(names.get(competency, competency) for competency in ids) or "-"


# -- iCalendar --------------------------------------------------------------------------------------------------


def plan_ics(plan: Plan, framework: Framework, *, stamp: dt.datetime | None = None) -> bytes:
    """The plan's milestones as an iCalendar file (RFC 5545): one all-day event on each milestone date.

    ``stamp`` is the DTSTAMP of every event (the time the file is made; now, in UTC, unless given).
    """
    stamp = (stamp or dt.datetime.now(dt.UTC)).astimezone(dt.UTC).replace(microsecond=0)
    calendar = icalendar.Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", "PUBLISH")
    # X- properties are not escaped unless given as text explicitly.
    calendar.add("x-wr-calname", icalendar.vText(_calendar_name(plan, framework)))
    for milestone in plan.milestones:
        calendar.add_component(_milestone_event(plan, framework, milestone, stamp))
    if not plan.milestones:
        calendar.add_component(_empty_plan_note(plan))
    ics: bytes = calendar.to_ical()
    return ics


def _calendar_name(plan: Plan, framework: Framework) -> str:
    who = plan.name or "an unnamed profile"
    return f"Growth plan for {who}: {plan.level} to {_level_name(framework, plan.target)}"


def _milestone_event(plan: Plan, framework: Framework, milestone: Milestone, stamp: dt.datetime) -> icalendar.Event:
    event = icalendar.Event()
    event.add("uid", _milestone_uid(plan, milestone))
    event.add("dtstamp", stamp)
    event.add("dtstart", milestone.date)  # a date, so VALUE=DATE: an all-day event
    event.add("dtend", milestone.date + dt.timedelta(days=1))  # DTEND is exclusive
    event.add("summary", milestone.title)
    event.add("description", _milestone_description(plan, framework, milestone))
    event.add("transp", "TRANSPARENT")  # a reminder, not time the person is busy
    return event


def _milestone_uid(plan: Plan, milestone: Milestone) -> str:
    """The same plan exported twice gives the same UIDs, so a calendar updates its events rather than doubling."""
    key = "\x1f".join([plan.framework, plan.name or "", plan.target, milestone.date.isoformat()])
    return f"{hashlib.sha256(key.encode('utf-8')).hexdigest()[:32]}@{UID_DOMAIN}"


def _milestone_description(plan: Plan, framework: Framework, milestone: Milestone) -> str:
    by_id = {activity.id: activity for activity in plan.activities}
    done_so_far = sum(activity.end <= milestone.date for activity in plan.activities)
    lines = [
        f"Growth plan for {plan.name or 'an unnamed profile'}: "
        f"{_level_name(framework, plan.level)} to {_level_name(framework, plan.target)}.",
        "",
    ]
    if milestone.done:
        lines.append(f"Finished by {milestone.date.isoformat()}:")
        lines.extend(_activity_line(by_id[activity_id], plan, framework) for activity_id in milestone.done)
    else:
        lines.append("Nothing finishes this month. In progress:")
        lines.extend(_activity_line(a, plan, framework) for a in plan.activities if a.start <= milestone.date < a.end)
    lines.append("")
    lines.append(f"{done_so_far} of {len(plan.activities)} activities done so far (hours are estimates).")
    if milestone.competencies:
        closed = _competency_names(framework, milestone.competencies)
        lines.append(f"Competencies with all their activities done: {closed}.")
    lines.append(f"Projected readiness: {plan.readiness_date.isoformat()}.")
    if plan.deadline is not None:
        lines.append(advice.deadline_text(plan))
    return "\n".join(lines)


def _activity_line(activity: Activity, plan: Plan, framework: Framework) -> str:
    competencies = _competency_names(framework, activity.competencies)
    cited = activity_provenance(framework, plan.target, activity)
    return (
        f"- {activity.id} {activity.title} ({competencies}; {advice.hours(activity.effort_hours)}, ends {activity.end})"
        + (f"; {cited}" if cited else "")
    )


class _PlanNote(icalendar.Component):
    """An experimental (X-) component: calendar programs must ignore it (RFC 5545, section 3.6)."""

    name = EMPTY_PLAN_COMPONENT


def _empty_plan_note(plan: Plan) -> _PlanNote:
    """The one component of a plan with nothing to schedule: RFC 5545 wants at least one in every file."""
    note = _PlanNote()
    text = f"Already meets the {plan.target} expectations: no milestones to schedule."
    note.add("x-mlladder-note", icalendar.vText(text))
    return note
