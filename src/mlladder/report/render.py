"""Render an assessment, its gaps and its plan as one report: self-contained HTML, or Markdown.

Both formats share one context (:func:`_context`) so they always tell the same story; the HTML adds the charts.
User text is escaped in both: HTML by Jinja2's autoescape, Markdown by :func:`markdown_text` applied to every
expression the template prints.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from functools import lru_cache
from typing import Any

import jinja2
from markupsafe import Markup

from mlladder.assess.gaps import GapReport
from mlladder.assess.placement import Assessment
from mlladder.errors import InputError
from mlladder.formatting import percent_label
from mlladder.framework.ladder import format_band
from mlladder.framework.schema import Competency, Framework, SalaryBand
from mlladder.framework.sources import Citation, provenance, provenance_of, timeline_sources
from mlladder.guidance.pay import PayComparison
from mlladder.guidance.person import PersonGuidance
from mlladder.guidance.person_pay import PersonPay
from mlladder.guidance.text import money, verdict
from mlladder.market.pay import market_table
from mlladder.plan.planner import Milestone, Plan, Timeline
from mlladder.report import advice
from mlladder.report.charts import KIND_STYLES, plan_timeline, probability_bars, radar_chart
from mlladder.report.provenance import activity_provenance, marker_provenance

__all__ = [
    "advice_context",
    "guidance_html",
    "markdown_text",
    "number",
    "radar_series",
    "rating",
    "report_html",
    "report_markdown",
    "signed",
    "years_span",
]

RATING_COLOUR = "#2563eb"
PLACED_COLOUR = "#6b7280"
TARGET_COLOUR = "#ea580c"
Series = tuple[str, list[float | None], str]  # name, a value per axis (None: missing), colour
ANCHOR_BASES = {
    "in_level_since": "the date the profile gives for reaching the current level",
    "years_experience": "estimated from the years of experience and the level's usual entry point",
    "start": "the plan's start date, as the profile says nothing about time in level",
}


# --- formatting shared by both templates -------------------------------------------------------------------------


def years_span(span: tuple[float, float] | None) -> str:
    """(2.0, 3.0) -> '2-3 years'; (2.0, 2.0) -> '2 years'."""
    if span is None:
        return "not given"
    low, high = span
    return f"{low:g} years" if low == high else f"{low:g}-{high:g} years"


def signed(value: float) -> str:
    """A pull with its direction: '+0.12', '-0.30', '0.00' (never '-0.00')."""
    return "0.00" if abs(value) < 0.005 else f"{value:+.2f}"


def number(value: float) -> str:
    """At most two decimals, no trailing zeros: 2.0 -> '2', 1.64 -> '1.64'."""
    return f"{value:.2f}".rstrip("0").rstrip(".")


def rating(value: float | None) -> str:
    return "unrated" if value is None else number(value)


_MARKDOWN_SPECIAL = re.compile(r"[\\`*_\[\]|]|<(?=[A-Za-z/!?])")
_MARKDOWN_BLOCK_START = re.compile(r"^(?:#{1,6}(?=\s|$)|>|[-+](?=\s|$)|\d+[.)](?=\s|$))")


def markdown_text(value: object) -> str:
    """Text that Markdown prints as it is: on one line, markup characters and HTML tags backslash-escaped.

    One line, because a newline would end a table row or list item; escaped, so that a name like
    ``<script>`` or ``**x**`` in a profile stays text when the report is rendered.
    """
    text = " ".join(str(value).split())
    text = _MARKDOWN_SPECIAL.sub(lambda match: "\\" + match.group(0), text)
    return _MARKDOWN_BLOCK_START.sub(lambda match: "\\" + match.group(0), text)


def _finalize_markdown(value: object) -> str:
    """Escape what the template prints, except what our own formatting filters made (marked as Markup)."""
    return str(value) if isinstance(value, Markup) else markdown_text(value)


def readiness_rule(plan: Plan) -> str:
    """How the readiness date was reached, in words, with the dates that went into it."""
    timeline = plan.timeline
    done = plan.plan_complete.isoformat()
    if plan.level == plan.target:
        return f"Already at {plan.target}: there is no step to time, so readiness is the day the plan is done, {done}."
    if timeline.earliest_by_timeline is None:
        return (
            f"The framework gives no timeline for the step to {plan.target}, "
            f"so readiness is the day the plan is done, {done}."
        )
    figure, span = _quickest_figure(timeline)
    chosen = "the plan" if plan.readiness_basis == "plan" else "the framework's timeline"
    return (
        f"Readiness is the later of two dates: the day the plan is done, {done}, and the earliest day the "
        f"framework's timeline allows, {timeline.earliest_by_timeline.isoformat()}, which is the lower {figure} "
        f"figure of {span[0]:g} years counted from {timeline.anchor.isoformat()}. Here {chosen} sets the date. "
        "The timeline uses the accelerated figure when the framework gives one, otherwise the time-in-level figure."
    )


def _quickest_figure(timeline: Timeline) -> tuple[str, tuple[float, float]]:
    """The figure the planner takes the earliest date from: accelerated, else time in level."""
    if timeline.accelerated_years is not None:
        return "accelerated", timeline.accelerated_years
    if timeline.time_in_level_years is not None:
        return "time-in-level", timeline.time_in_level_years
    raise ValueError("an earliest date by timeline needs an accelerated or a time-in-level figure")


# --- context -----------------------------------------------------------------------------------------------------


def _check_same_run(framework: Framework, assessment: Assessment, gap_report: GapReport, plan: Plan) -> None:
    """The four inputs must describe one person on one framework, or the report would contradict itself."""
    frameworks = {assessment.framework, gap_report.framework, plan.framework}
    if frameworks != {framework.id}:
        raise InputError(
            f"the assessment, gaps and plan are for {', '.join(sorted(frameworks))}, not only '{framework.id}' "
            "(fix: compute all three against the framework you report on)"
        )
    if len({assessment.level, gap_report.level, plan.level}) != 1:
        raise InputError(
            "the assessment, gaps and plan place the person at different levels "
            "(fix: compute the gaps and plan from this assessment)"
        )


def _next_level(assessment: Assessment) -> str | None:
    levels = list(assessment.probabilities)
    position = levels.index(assessment.level)
    return levels[position + 1] if position + 1 < len(levels) else None


def _newly_finished(plan: Plan) -> list[tuple[Milestone, list[str]]]:
    """Each milestone with the competencies whose activities were all finished since the one before."""
    rows, seen = [], set[str]()
    for milestone in plan.milestones:
        rows.append((milestone, [c for c in milestone.competencies if c not in seen]))
        seen.update(milestone.competencies)
    return rows


def _context(
    framework: Framework,
    assessment: Assessment,
    gap_report: GapReport,
    plan: Plan,
    date: dt.date | None,
    guidance: PersonGuidance | None = None,
) -> dict[str, Any]:
    _check_same_run(framework, assessment, gap_report, plan)
    competencies = {competency.id: competency for competency in framework.competencies}
    bases = advice.effort_bases(plan)
    return {
        "fw": framework,
        "a": assessment,
        "g": gap_report,
        "p": plan,
        "date": date or plan.start,
        "level_titles": {level.id: level.title for level in framework.levels},
        "next_level": _next_level(assessment),
        "milestone_rows": _newly_finished(plan),
        "names": lambda ids: ", ".join(competencies[i].name if i in competencies else i for i in ids),
        "kind_names": {kind: label for kind, (_, label) in KIND_STYLES.items()},
        "anchor_basis": ANCHOR_BASES.get(plan.timeline.anchor_basis, plan.timeline.anchor_basis),
        "readiness_rule": readiness_rule(plan),
        **advice_context(assessment, gap_report, plan),
        "bases": bases,
        "note_of": lambda activity: advice.effort_note(activity, bases),
        **_provenance_context(framework, gap_report, plan),
        **guidance_context(guidance),
    }


def pay_rows(pay: PersonPay) -> list[tuple[str, PayComparison]]:
    """The placed level's pay, then the aimed-at level's when it differs."""
    rows = [("Now", pay.current)]
    return rows if pay.target is None else [*rows, ("Aiming at", pay.target)]


def market_source() -> str:
    source = market_table().source
    return (
        f"{source['name']} ({source['licence']}), {source['file']}; ML-engineer titles, full-time, 30+ reports a cell"
    )


def guidance_context(guidance: PersonGuidance | None) -> dict[str, Any]:
    """What the guidance part (``_guidance.html`` / ``_guidance.md``) needs: the guidance and how pay reads."""
    return {"gd": guidance, "pay_rows": pay_rows, "market_source": market_source()}


def _provenance_context(framework: Framework, gap_report: GapReport, plan: Plan) -> dict[str, Any]:
    """Where the framework's text and figures in the report come from, by title (never by file name)."""
    return {
        "markers_from": lambda gap: marker_provenance(framework, gap.competency, gap_report.target),
        "activity_from": lambda activity: activity_provenance(framework, plan.target, activity),
        "timeline_from": provenance_of(framework, timeline_sources(framework, plan.level, plan.target)),
    }


def advice_context(assessment: Assessment | None, gap_report: GapReport | None, plan: Plan | None) -> dict[str, Any]:
    """The advice in words (see :mod:`mlladder.report.advice`) for a template: the report's and the web pages'
    templates print the same sentences from the same results. Each part needs only the results it is about."""
    context: dict[str, Any] = {"why_first": advice.why_first, "why_here": advice.why_here}
    if assessment is not None:
        context["confidence_text"] = advice.confidence_text(assessment.confidence)
        context["cap_text"] = advice.cap_text(assessment)
    if assessment is not None and gap_report is not None:
        context["summary"] = advice.summary_for(assessment, gap_report)
        context["order_text"] = advice.order_text(gap_report)
    if gap_report is not None:
        context["first_title"] = advice.first_title(gap_report)
        context["first"] = advice.first_items(gap_report)
    if plan is not None:
        context["deadline_text"] = advice.deadline_text(plan)
        context["left_out_text"] = advice.left_out_text(plan)
        context["next_90"] = advice.next_90_days(plan)
        context["after_90"] = advice.after_90_days(plan)
    return context


def _charts(context: dict[str, Any]) -> dict[str, Markup]:
    """The inline SVG charts; Markup, because the chart functions have already escaped every text in them."""
    assessment: Assessment = context["a"]
    plan: Plan = context["p"]
    titles: dict[str, str] = context["level_titles"]
    bars = {f"{level} {titles[level]}": probability for level, probability in assessment.probabilities.items()}
    return {
        "probability_chart": Markup(probability_bars(bars, f"{assessment.level} {titles[assessment.level]}")),
        "radar": Markup(radar_chart(*_radar_data(context))),
        "timeline_chart": Markup(plan_timeline(plan.activities, plan.milestones, plan.start, plan.plan_complete)),
    }


def _radar_data(context: dict[str, Any]) -> tuple[list[str], list[Series]]:
    return radar_series(context["fw"], context["a"], context["g"].target)


def radar_series(framework: Framework, assessment: Assessment, target: str | None) -> tuple[list[str], list[Series]]:
    """Axes and series of the ratings radar, for the report and the web alike: the combined ratings (None where
    nobody rated: drawn as not rated, never as 0), the placed level's expectations and the target's."""
    results = assessment.competencies
    axes = [result.name for result in results]
    series: list[Series] = [
        ("Combined rating", [result.estimate for result in results], RATING_COLOUR),
        (f"Expected at {assessment.level} (placed)", [float(result.expected) for result in results], PLACED_COLOUR),
    ]
    if target and target != assessment.level:
        competencies = {competency.id: competency for competency in framework.competencies}
        expected = [_expected_at(competencies.get(result.id), target) for result in results]
        series.append((f"Expected at {target} (target)", expected, TARGET_COLOUR))
    return axes, series


def _expected_at(competency: Competency | None, level: str) -> float | None:
    expectation = competency.expectations.get(level) if competency is not None else None
    return None if expectation is None else float(expectation.proficiency)


# --- environments ------------------------------------------------------------------------------------------------


_FORMATTERS: dict[str, Callable[[Any], str]] = {
    "pct": percent_label,
    "years_span": years_span,
    "signed": signed,
    "rating": rating,
    "number": number,
    "factor": advice.odds,
    "hours": advice.hours,
}


def _filters(environment: jinja2.Environment, trusted: bool = False) -> jinja2.Environment:
    """Add the formatting filters; ``trusted`` marks their output (numbers and dates, never user text) as final."""
    for name, formatter in _FORMATTERS.items():
        environment.filters[name] = _trusted(formatter) if trusted else formatter
    environment.filters["sentence"] = advice.sentence  # words with level ids in them: escaped like any text
    # Guidance texts come from the framework and the market table: escaped like any text.
    environment.filters.update(
        money=money, band=_band, verdict=verdict, provenance=_provenance, holds=_holds, thousands="{:,}".format
    )
    return environment


def _band(band: SalaryBand) -> str:
    return format_band(band.min, band.max, band.currency, band.open_ended)


def _provenance(citations: tuple[Citation, ...]) -> str:
    return provenance(list(citations)) or "no source given"


def _holds(value: bool | None) -> str:
    return "cannot tell" if value is None else "yes" if value else "no"


def _trusted(formatter: Callable[[Any], str]) -> Callable[[Any], Markup]:
    return lambda value: Markup(formatter(value))


@lru_cache(maxsize=1)
def _html_environment() -> jinja2.Environment:
    return _filters(
        jinja2.Environment(
            loader=jinja2.PackageLoader("mlladder.report", "templates"),
            autoescape=jinja2.select_autoescape(enabled_extensions=("html",), default_for_string=True, default=True),
            trim_blocks=True,
            lstrip_blocks=True,
            undefined=jinja2.StrictUndefined,
        )
    )


@lru_cache(maxsize=1)
def _markdown_environment() -> jinja2.Environment:
    # finalize escapes every printed expression, so no user text can slip into the Markdown unescaped.
    return _filters(
        jinja2.Environment(
            loader=jinja2.PackageLoader("mlladder.report", "templates"),
            autoescape=False,
            trim_blocks=True,
            lstrip_blocks=True,
            undefined=jinja2.StrictUndefined,
            finalize=_finalize_markdown,
        ),
        trusted=True,
    )


def report_html(
    framework: Framework,
    assessment: Assessment,
    gap_report: GapReport,
    plan: Plan,
    date: dt.date | None = None,
    guidance: PersonGuidance | None = None,
) -> str:
    """The report as one self-contained HTML page: inline CSS and SVG, no scripts, nothing fetched.

    ``date`` is the date printed in the header; it defaults to the plan's start date. ``guidance`` (pay, situation,
    interview preparation, the move into ML or the job search) adds its sections after the plan.
    """
    context = _context(framework, assessment, gap_report, plan, date, guidance)
    return _html_environment().get_template("report.html").render(**context, **_charts(context))


def guidance_html(guidance: PersonGuidance) -> Markup:
    """The guidance part of the report on its own, for the web's guidance page (the same sentences as the report).
    Markup, because the template has escaped every text in it."""
    return Markup(_html_environment().get_template("_guidance.html").render(**guidance_context(guidance)))


def report_markdown(
    framework: Framework,
    assessment: Assessment,
    gap_report: GapReport,
    plan: Plan,
    date: dt.date | None = None,
    guidance: PersonGuidance | None = None,
) -> str:
    """The report as Markdown: the same sections as the HTML page, as tables and lists, without charts."""
    context = _context(framework, assessment, gap_report, plan, date, guidance)
    return _markdown_environment().get_template("report.md").render(**context)
