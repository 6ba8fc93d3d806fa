"""The charts of the web pages, as inline SVG (``Markup``: every text in them is escaped already).

All are drawn by :mod:`mlladder.report.charts`, so the pages and the report look alike; this module hands them
the data from the assessment, the plan and the person's history.
"""

from __future__ import annotations

from markupsafe import Markup

from mlladder import Assessment, Framework, History, Plan
from mlladder.report.charts import plan_timeline, probability_bars, probability_trend, radar_chart
from mlladder.report.render import radar_series

__all__ = ["level_titles", "probability_chart", "ratings_radar", "timeline_chart", "trend_chart"]


def level_titles(framework: Framework) -> dict[str, str]:
    return {level.id: level.title for level in framework.levels}


def probability_chart(framework: Framework, assessment: Assessment) -> Markup:
    """Bars of the level probabilities, the placed level highlighted."""
    titles = level_titles(framework)
    bars = {f"{level} {titles.get(level, '')}".strip(): p for level, p in assessment.probabilities.items()}
    return Markup(probability_bars(bars, f"{assessment.level} {titles.get(assessment.level, '')}".strip()))


def ratings_radar(framework: Framework, assessment: Assessment, target: str | None) -> Markup:
    """Combined ratings against the placed level's expectations (and the target's, when it differs): the report's
    own series, so a competency nobody rated is drawn as not rated here too."""
    return Markup(radar_chart(*radar_series(framework, assessment, target)))


def timeline_chart(made: Plan) -> Markup:
    return Markup(plan_timeline(made.activities, made.milestones, made.start, made.plan_complete))


def trend_chart(history: History) -> Markup:
    """One line per level: its probability at every assessment, oldest on the left."""
    dates = [point.created_at.date().isoformat() for point in history.points]
    return Markup(probability_trend(dates, [(level, history.series(level)) for level in history.levels]))
