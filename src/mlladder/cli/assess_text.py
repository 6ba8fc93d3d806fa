"""Rich renderings of assessments, gaps and plans for the terminal."""

from __future__ import annotations

from rich.console import Group, RenderableType
from rich.table import Table
from rich.text import Text

from mlladder import Activity, Assessment, Evidence, Framework, GapReport, Plan, PostingReading, get_level
from mlladder.cli.ladder_text import source_notes
from mlladder.formatting import percent_label
from mlladder.framework.sources import SourceKey, expectation_sources, timeline_sources
from mlladder.report import advice
from mlladder.report.provenance import activity_sources

__all__ = ["assessment_view", "gap_view", "plan_view", "posting_view"]

BAR_WIDTH = 30


def _bar(probability: float) -> str:
    filled = round(probability * BAR_WIDTH)
    return "█" * filled + "·" * (BAR_WIDTH - filled)


def _number(value: float | None) -> str:
    return "-" if value is None else f"{value:.1f}"


def _probability_table(framework: Framework, assessment: Assessment) -> Table:
    table = Table(title="Level probabilities", show_header=False, box=None)
    for level, probability in assessment.probabilities.items():
        marker = "◀" if level == assessment.level else ""
        title_of = get_level(framework, level).title
        table.add_row(level, title_of, _bar(probability), f"{percent_label(probability):>6}", marker)
    return table


def assessment_view(framework: Framework, assessment: Assessment, report: GapReport) -> RenderableType:
    title = f"{assessment.name or 'Profile'}: {assessment.level} {assessment.level_title}"
    confidence = assessment.confidence
    parts: list[RenderableType] = [
        Text(title, style="bold"),
        Text(
            f"Probability {percent_label(confidence.level_probability)} "
            f"({percent_label(confidence.within_one)} within one level), {confidence.label} confidence. "
            f"Meets every expectation of: {assessment.meets_level or 'no level yet'}."
        ),
    ]
    for line in (advice.confidence_text(confidence), advice.cap_text(assessment)):
        if line:
            parts.append(Text(line))
    parts.append(_probability_table(framework, assessment))
    explanation = Table(title="Why: competency by competency", show_lines=False)
    for column in ("Competency", "Ratings", "Combined", f"Expected {assessment.level}", "Next", "Pull", "Status"):
        explanation.add_column(column, overflow="fold")
    for item in assessment.competencies:
        ratings = ", ".join(f"{rater} {value}" for rater, value in item.ratings.items()) or "not rated"
        status = item.status + (" ⚠ raters disagree" if item.disagreement else "")
        explanation.add_row(
            item.name,
            ratings,
            _number(item.estimate),
            str(item.expected),
            "-" if item.expected_next is None else str(item.expected_next),
            "-" if item.estimate is None else f"{round(item.pull, 2) or 0.0:+.2f}",
            status,
        )
    parts.append(explanation)
    parts.append(Text(assessment.summary))
    parts.append(first_list(report))
    return Group(*parts)


def first_list(report: GapReport) -> RenderableType:
    """The one ordered "raise these first" list (the gap report's order), short."""
    if not report.gaps:
        return Text(f"No gaps to {report.target}: every rated competency meets its expectation.")
    lines = [Text(f"{advice.first_title(report)}:", style="bold")]
    for item in advice.first_items(report):
        why = f": {item.why}" if item.why else ""
        lines.append(Text(f"  {item.rank}. {item.name} ({_number(item.current)} → {item.expected}){why}"))
    lines.append(Text("See 'mlladder gap' for every gap and 'mlladder plan' for a dated plan."))
    return Group(*lines)


def gap_view(framework: Framework, report: GapReport) -> RenderableType:
    parts: list[RenderableType] = [Text(f"From {report.level} to {report.target} {report.target_title}", style="bold")]
    if report.probability_at_target is not None:
        parts.append(Text(f"Probability of being at {report.target} or above now: {report.probability_at_target:.1%}"))
    for line in (report.note, advice.order_text(report) if report.gaps else ""):
        if line:
            parts.append(Text(line))
    if not report.gaps:
        parts.append(Text(f"No gaps: every rated competency meets the {report.target} expectation."))
    key = SourceKey(framework)
    table = Table(title="Gaps, in the order to close them", show_lines=True)
    for column in ("#", "Competency", "Now", "Needed", "Why here", "Skills (in order)", f"Evidence at {report.target}"):
        table.add_column(column, overflow="fold")
    for rank, gap in enumerate(report.gaps, start=1):
        table.add_row(
            str(rank),
            gap.name,
            _number(gap.current),
            str(gap.expected),
            advice.why_here(gap, report),
            "\n".join(skill.name for skill in gap.skills),
            _marked("\n".join(gap.markers[:2]), key.mark(_marker_ids(framework, gap.competency, report.target))),
        )
    if report.gaps:
        parts.append(table)
        parts.extend(source_notes(key))
    if report.unrated:
        parts.append(Text("Not rated (rate them for a sharper answer): " + ", ".join(report.unrated)))
    return Group(*parts)


def _marked(text: str, mark: str) -> str:
    return f"{text} {mark}" if mark else text


def _marker_ids(framework: Framework, competency_id: str, level_id: str) -> list[str]:
    competency = next((item for item in framework.competencies if item.id == competency_id), None)
    return expectation_sources(competency, level_id) if competency is not None else []


def plan_view(framework: Framework, growth: Plan) -> RenderableType:
    key = SourceKey(framework)  # the activities' and timeline's articles, numbered; their titles close the view
    parts: list[RenderableType] = [
        Text(f"Plan from {growth.level} to {growth.target} {growth.target_title}", style="bold"),
        Text(
            f"{len(growth.activities)} activities, {growth.total_hours:g} hours at {growth.weekly_hours:g} h/week "
            f"from {growth.start}: done by {growth.plan_complete}."
        ),
    ]
    if growth.deadline is not None:
        parts.append(Text(advice.deadline_text(growth)))
    first = advice.next_90_days(growth)
    if first:
        parts.append(_activities_table("The next 90 days", first, framework, growth.target, key))
    if growth.left_out:
        left = ", ".join(f"{item.title} ({advice.hours(item.effort_hours)})" for item in growth.left_out[:5])
        more = f" and {len(growth.left_out) - 5} more" if len(growth.left_out) > 5 else ""
        parts.append(Text(f"{advice.left_out_text(growth)} Left out: {left}{more}."))
    timeline = growth.timeline
    figures = []
    if timeline.realistic_years:
        figures.append(f"realistic {timeline.realistic_years[0]:g}-{timeline.realistic_years[1]:g} years")
    if timeline.accelerated_years:
        figures.append(f"accelerated {timeline.accelerated_years[0]:g}-{timeline.accelerated_years[1]:g} years")
    if timeline.time_in_level_years:
        figures.append(
            f"typical time in level {timeline.time_in_level_years[0]:g}-{timeline.time_in_level_years[1]:g} years"
        )
    if figures:
        line = f"The ladder's timelines for this step: {', '.join(figures)} (counted from {timeline.anchor})."
        parts.append(Text(_marked(line, key.mark(timeline_sources(framework, growth.level, growth.target)))))
    basis = "the plan's last activity" if growth.readiness_basis == "plan" else "the accelerated timeline"
    parts.append(Text(f"Projected readiness: {growth.readiness_date} (set by {basis}).", style="bold"))
    if growth.activities:
        parts.append(
            _activities_table(
                "Every activity (hours are estimates: see --format json for each basis)",
                growth.activities,
                framework,
                growth.target,
                key,
            )
        )
    milestones = Table(title="Milestones", show_header=False, box=None)
    for milestone in growth.milestones:
        milestones.add_row(str(milestone.date), milestone.title)
    if growth.milestones:
        parts.append(milestones)
    parts.extend(source_notes(key))
    return Group(*parts)


def _activities_table(
    title: str, activities: list[Activity], framework: Framework, target: str, key: SourceKey
) -> Table:
    table = Table(title=title, show_lines=False)
    for column in ("#", "Activity [source]", "Hours", "Start", "End", "After"):
        table.add_column(column, overflow="fold")
    for activity in activities:
        table.add_row(
            activity.id,
            _marked(activity.title, key.mark(activity_sources(framework, target, activity))),
            advice.hours(activity.effort_hours),
            str(activity.start),
            str(activity.end),
            ", ".join(activity.depends_on),
        )
    return table


def posting_view(
    framework: Framework, assessment: Assessment, found: Evidence, reading: PostingReading
) -> RenderableType:
    confidence = assessment.confidence
    asked = "no years stated" if reading.required_years is None else f"{reading.required_years:g}+ years"
    pay = "" if reading.pay is None else f"; pays {reading.pay[0]:,.0f}-{reading.pay[1]:,.0f} {reading.pay[2]} a year"
    parts: list[RenderableType] = [
        Text(f"{found.title or found.source}: asks for {assessment.level} {assessment.level_title}", style="bold"),
        Text(
            f"Probability {percent_label(confidence.level_probability)} "
            f"({percent_label(confidence.within_one)} within one level); {asked}{pay}; "
            f"{len({m.skill for m in found.skills})} skills, {len(found.signals)} scope signals."
        ),
    ]
    parts.append(_probability_table(framework, assessment))
    if reading.decided_by:
        parts.append(Text("Decided by: " + "; ".join(reading.decided_by) + "."))
    cues = Table(title="What the posting says about its level", show_lines=False)
    for column in ("Cue", "Leans to", "Where", "Sentence"):
        cues.add_column(column, overflow="fold")
    for cue in reading.cues:
        if cue.kind != "no_early_career":
            cues.add_row(cue.kind.replace("_", " "), cue.leans_to or "-", cue.location, cue.sentence)
    if len(cues.rows):
        parts.append(cues)
    return Group(*parts)
