"""The advice in words, written once: what the report, the plan export and the web pages say about confidence,
the placement cap, what to raise first, the plan's end date, what was left out and how the hours were estimated.

The terminal says the same things in the same words (:mod:`mlladder.cli.assess_text`). Every function here takes
the library's results as they are and derives nothing the library has not decided: the order of the gaps, the
deadline and what was left out all come from :mod:`mlladder.assess` and :mod:`mlladder.plan`.
"""

from __future__ import annotations

from dataclasses import dataclass

from mlladder.assess.gaps import Gap, GapReport
from mlladder.assess.placement import Assessment, Confidence, summarise
from mlladder.plan.planner import Activity, Plan

__all__ = [
    "after_90_days",
    "cap_text",
    "confidence_text",
    "deadline_text",
    "effort_bases",
    "effort_note",
    "first_items",
    "first_title",
    "hours",
    "left_out_text",
    "next_90_days",
    "odds",
    "order_text",
    "sentence",
    "summary_for",
    "why_first",
    "why_here",
]

FIRST_COUNT = 3  # how many of the ordered gaps the "raise these first" list shows; the gap list shows them all
ODDS_SHOWN = 1000  # beyond this an odds factor says nothing a person can use: "1,000+"


@dataclass(frozen=True)
class FirstItem:
    """One entry of the "raise these first" list: a gap in the gap report's order, with why it is there."""

    rank: int
    competency: str
    name: str
    current: float | None
    expected: int
    why: str


def confidence_text(confidence: Confidence) -> str:
    """'Confidence is medium because a; b.'; empty when nothing lowers it."""
    if not confidence.reasons:
        return ""
    return f"Confidence is {confidence.label} because " + "; ".join(confidence.reasons) + "."


def cap_text(assessment: Assessment) -> str:
    """Why the placement stops where it does (someone moving into ML), as a sentence; empty without a cap."""
    cap = assessment.cap
    if cap is None:
        return ""
    return cap.reason[0].upper() + cap.reason[1:] + "."


def summary_for(assessment: Assessment, report: GapReport) -> str:
    """The assessment's summary naming the same "raise first" list as ``report``.

    The summary is written towards the assessment's own target; a page about gaps to another target (a report
    made with ``--target``) would otherwise show two lists in two orders. Same target: the summary as it is."""
    first = [gap.competency for gap in report.gaps]
    if report.target == assessment.target and first[:FIRST_COUNT] == assessment.first[:FIRST_COUNT]:
        return assessment.summary
    names = {gap.competency: gap.name for gap in report.gaps}  # another track's competencies are only in the gaps
    return summarise(assessment.model_copy(update={"target": report.target, "first": first}), names)


def sentence(text: str) -> str:
    """'below the L2 expectation' -> 'Below the L2 expectation.'; '' stays ''."""
    text = text.strip()
    if not text:
        return ""
    return text[0].upper() + text[1:] + ("" if text.endswith(".") else ".")


def first_title(report: GapReport) -> str:
    """The heading over what to raise first; placed at the target already, that is what holding the level asks."""
    if report.level == report.target:
        return f"First, to hold {report.target} {report.target_title}"
    return f"First, towards {report.target} {report.target_title}"


def first_items(report: GapReport, count: int = FIRST_COUNT) -> list[FirstItem]:
    """The first ``count`` gaps of the report, in its order (the one order everything uses)."""
    return [
        FirstItem(rank, gap.competency, gap.name, gap.current, gap.expected, why_first(gap, report))
        for rank, gap in enumerate(report.gaps[:count], start=1)
    ]


def why_first(gap: Gap, report: GapReport) -> str:
    """Why a gap sits where it does in the order, in a few words ('' when it is just the next one)."""
    if gap.core_first:
        return "a core competency: raising it lifts the placement cap"
    if gap.below_placed:
        return f"below the {report.level} expectation"
    if gap.odds_gain > 1:
        return f"closing it multiplies the odds of {report.target} by {odds(gap.odds_gain)}"
    return ""


def why_here(gap: Gap, report: GapReport) -> str:
    """The same reason, short enough for a table cell."""
    if gap.core_first:
        return "core"
    if gap.below_placed:
        return f"below {report.level}"
    if report.probability_at_target is None:
        return f"{gap.shortfall:g} short"
    return f"odds ×{odds(gap.odds_gain)}"


def odds(value: float) -> str:
    """An odds multiplier: '1.3', '14.4', '250', and '1,000+' for anything larger (a probability that goes from
    almost 0 to almost 1 gives factors in the billions, which read as noise)."""
    if value >= ODDS_SHOWN:
        return f"{ODDS_SHOWN:,}+"
    return f"{value:,.1f}" if value < 100 else f"{value:,.0f}"


def order_text(report: GapReport) -> str:
    """How the gaps are ordered, in one sentence that fits this report."""
    steps = []
    if any(gap.core_first for gap in report.gaps):
        steps.append("the core competencies first (they lift the placement cap)")
    if any(gap.below_placed for gap in report.gaps):
        steps.append(f"those below the {report.level} expectation {'next' if steps else 'first'}")
    if report.probability_at_target is None:
        rest = "by how far each falls short"
    else:
        goal = f"holding {report.target}" if report.level == report.target else f"reaching {report.target}"
        rest = f"by how much closing each alone would raise the odds of {goal}"
    steps.append(f"then the rest {rest}" if steps else rest)
    return "In the order to close them: " + ", ".join(steps) + "."


def hours(value: float) -> str:
    """Estimated hours: '~12 h'."""
    return f"~{value:g} h"


def deadline_text(plan: Plan) -> str:
    """'The plan ends by 2028-08-01: <why that date>.'; empty for a plan without a deadline."""
    if plan.deadline is None:
        return ""
    return f"The plan ends by {plan.deadline.isoformat()}: {plan.deadline_basis}."


def left_out_text(plan: Plan) -> str:
    """What the deadline left out and what the whole plan would take; empty when everything fits."""
    if not plan.left_out:
        return ""
    total = sum(item.effort_hours for item in plan.left_out)
    count = len(plan.left_out)
    text = (
        f"Left out to fit {plan.weekly_hours:g} h/week: {count} {'activity' if count == 1 else 'activities'} "
        f"({hours(total)})."
    )
    if plan.full_weekly_hours is not None and plan.deadline is not None:
        text += f" The whole plan would need {plan.full_weekly_hours:g} h/week by {plan.deadline.isoformat()}."
    return text


def next_90_days(plan: Plan) -> list[Activity]:
    """The activities that start in the plan's first 90 days, in the plan's order."""
    chosen = set(plan.next_90_days)
    return [activity for activity in plan.activities if activity.id in chosen]


def after_90_days(plan: Plan) -> list[Activity]:
    """Every other activity, in the plan's order."""
    chosen = set(plan.next_90_days)
    return [activity for activity in plan.activities if activity.id not in chosen]


def effort_bases(plan: Plan) -> list[str]:
    """The different ways the plan's hours were estimated, numbered by first use (for footnotes)."""
    bases: list[str] = []
    for activity in plan.activities:
        if activity.effort_basis and activity.effort_basis not in bases:
            bases.append(activity.effort_basis)
    return bases


def effort_note(activity: Activity, bases: list[str]) -> int | None:
    """The footnote number of an activity's estimate, or None when it has no basis."""
    return bases.index(activity.effort_basis) + 1 if activity.effort_basis in bases else None
