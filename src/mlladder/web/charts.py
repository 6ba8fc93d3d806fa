"""The charts of the web pages, as inline SVG (``Markup``: every text in them is escaped already).

All are drawn by :mod:`mlladder.report.charts`, so the pages and the report look alike; this module hands them
the data from the assessment, the plan and the person's history.
"""

from __future__ import annotations

from dataclasses import dataclass

from markupsafe import Markup

from mlladder import Assessment, Framework, History, Plan
from mlladder.report.charts import (
    RADAR_NUMBERED,
    plan_timeline,
    plan_timeline_stacked,
    probability_bars,
    probability_trend,
    radar_chart,
)
from mlladder.report.render import number, radar_series

__all__ = [
    "KeyRow",
    "RadarView",
    "level_titles",
    "probability_chart",
    "ratings_radar",
    "stacked_timeline_chart",
    "timeline_chart",
    "trend_chart",
]


@dataclass(frozen=True)
class KeyRow:
    """One spoke of the numbered radar: its number, the competency, and each series' value in words."""

    number: int
    name: str
    values: list[tuple[str, str]]  # (series name, "2.5" or "not rated")


@dataclass(frozen=True)
class RadarView:
    """The radar twice: named spokes for a wide screen; numbered spokes with a key in the page's own text for a
    phone, where names around the chart would shrink to a few pixels."""

    wide: Markup
    compact: Markup
    key: list[KeyRow]


def level_titles(framework: Framework) -> dict[str, str]:
    return {level.id: level.title for level in framework.levels}


def probability_chart(framework: Framework, assessment: Assessment) -> Markup:
    """Bars of the level probabilities, the placed level highlighted."""
    titles = level_titles(framework)
    bars = {f"{level} {titles.get(level, '')}".strip(): p for level, p in assessment.probabilities.items()}
    return Markup(probability_bars(bars, f"{assessment.level} {titles.get(assessment.level, '')}".strip()))


def ratings_radar(framework: Framework, assessment: Assessment, target: str | None) -> RadarView:
    """Combined ratings against the placed level's expectations (and the target's, when it differs): the report's
    own series, so a competency nobody rated is drawn as not rated here too."""
    axes, series = radar_series(framework, assessment, target)
    key = [
        KeyRow(
            index + 1, axis, [(name, _value_text(values[index], rank)) for rank, (name, values, _) in enumerate(series)]
        )
        for index, axis in enumerate(axes)
    ]
    return RadarView(
        wide=Markup(radar_chart(axes, series)),
        compact=Markup(radar_chart(axes, series, style=RADAR_NUMBERED)),
        key=key,
    )


def _value_text(value: float | None, rank: int) -> str:
    """A value of the key; missing is "not rated" in the ratings (the first series), "none" in an expectation."""
    if value is None:
        return "not rated" if rank == 0 else "none"
    return number(value)


def timeline_chart(made: Plan) -> Markup:
    return Markup(plan_timeline(made.activities, made.milestones, made.start, made.plan_complete))


def stacked_timeline_chart(made: Plan) -> Markup:
    """The timeline for a phone: names above their bars, the whole plan within the width."""
    return Markup(plan_timeline_stacked(made.activities, made.milestones, made.start, made.plan_complete))


def trend_chart(history: History) -> Markup:
    """One line per level: its probability at every assessment, oldest on the left."""
    moments = [point.created_at for point in history.points]
    return Markup(probability_trend(moments, [(level, history.series(level)) for level in history.levels]))
