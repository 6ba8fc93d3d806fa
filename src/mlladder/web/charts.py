"""The charts of the web pages, as inline SVG (``Markup``: every text in them is escaped already).

Placement, radar and plan charts are the report's own (:mod:`mlladder.report.charts`); the trend of level
probabilities over re-assessments is drawn here with the report's SVG building blocks, so both look alike.
"""

from __future__ import annotations

from collections.abc import Callable

from markupsafe import Markup

from mlladder.assess.placement import Assessment
from mlladder.formatting import percent_label
from mlladder.framework.schema import Framework
from mlladder.plan.planner import Plan
from mlladder.report.charts import (
    DASHES,
    GRID,
    MUTED,
    _element,
    _label,
    _legend,
    _line_swatch,
    _svg,
    _tooltip,
    plan_timeline,
    probability_bars,
    radar_chart,
)
from mlladder.report.render import radar_series
from mlladder.store import History

# Told apart by dash as well as colour, so the chart reads in grey too.
PALETTE = ("#2563eb", "#ea580c", "#16a34a", "#9333ea", "#dc2626", "#0d9488", "#b45309", "#db2777")
TREND_WIDTH, TREND_PLOT_HEIGHT = 520.0, 200.0
TREND_LEFT, TREND_RIGHT, TREND_TOP = 52.0, 44.0, 16.0  # room for a date centred under the last point
MAX_DATE_LABELS = 6


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
    points = history.points
    count = len(points)
    plot_width = TREND_WIDTH - TREND_LEFT - TREND_RIGHT
    bottom = TREND_TOP + TREND_PLOT_HEIGHT

    def x(index: int) -> float:
        return TREND_LEFT + (plot_width / 2 if count == 1 else plot_width * index / (count - 1))

    def y(probability: float) -> float:
        return bottom - TREND_PLOT_HEIGHT * min(max(probability, 0.0), 1.0)

    body = [*_percent_grid(y), *_date_labels([p.created_at.date().isoformat() for p in points], x, bottom)]
    swatches = []
    for index, level in enumerate(history.levels):
        colour, dash = PALETTE[index % len(PALETTE)], DASHES[(index // len(PALETTE) + index) % len(DASHES)]
        series = history.series(level)
        coordinates = [(x(i), y(p)) for i, p in enumerate(series)]
        line = _element(
            "polyline",
            points=" ".join(f"{px:.2f},{py:.2f}" for px, py in coordinates),
            fill="none",
            stroke=colour,
            stroke_width=2.0,
            stroke_dasharray=dash or None,
        )
        dots = "".join(
            _element("circle", _tooltip(f"{level}, {point.created_at.date()}: {percent_label(p)}"), cx=px, cy=py, r=3.5)
            for (px, py), p, point in zip(coordinates, series, points, strict=True)
        )
        body.append(_element("g", line + _element("g", dots, fill=colour), class_="trend-series", data_level=level))
        swatches.append((level, _line_swatch(colour, dash)))
    legend, legend_height = _legend(swatches, 12, bottom + 40, TREND_WIDTH - 24)
    body += legend
    height = bottom + 40 + legend_height + 8
    return Markup(_svg(TREND_WIDTH, height, "Level probabilities at each assessment", "trend", body))


def _percent_grid(y: Callable[[float], float]) -> list[str]:
    parts = []
    for step in (0.0, 0.25, 0.5, 0.75, 1.0):
        level_y = y(step)
        parts.append(_element("line", x1=TREND_LEFT, y1=level_y, x2=TREND_WIDTH - TREND_RIGHT, y2=level_y, stroke=GRID))
        parts.append(_label(TREND_LEFT - 8, level_y + 4, f"{step:.0%}", 11, fill=MUTED, text_anchor="end"))
    return parts


def _date_labels(dates: list[str], x: Callable[[int], float], bottom: float) -> list[str]:
    """Dates under the points; on a long history only every n-th, so they never overlap."""
    step = max(1, -(-len(dates) // MAX_DATE_LABELS))
    return [
        _label(x(index), bottom + 18, day, 11, fill=MUTED, text_anchor="middle", class_="date")
        for index, day in enumerate(dates)
        if index % step == 0 or index == len(dates) - 1
    ]
