"""The report's charts as SVG markup: pure Python, no scripts, nothing fetched.

Every function returns one ``<svg>`` element that is also well-formed XML, so the HTML report can inline it as it
is and tests can parse it. All text is XML-escaped. Sizes are SVG user units; the page's CSS lets a chart shrink
to the screen (``max-width: 100%``). Text widths are estimated from the character count, since there is no font
engine here, so labels get generous room.
"""

from __future__ import annotations

import datetime as dt
import math
import textwrap
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from xml.sax.saxutils import escape, quoteattr

from mlladder.formatting import percent_label
from mlladder.plan.planner import Activity, Milestone

__all__ = [
    "KIND_STYLES",
    "RADAR_NAMED",
    "RADAR_NUMBERED",
    "RadarStyle",
    "plan_timeline",
    "plan_timeline_stacked",
    "probability_bars",
    "probability_trend",
    "radar_chart",
]

SVG_NS = "http://www.w3.org/2000/svg"
FONT_FAMILY = "system-ui, -apple-system, 'Segoe UI', Roboto, Helvetica, Arial, sans-serif"
INK = "#1f2328"
MUTED = "#59636e"
GRID = "#d0d7de"
FAINT = "#f6f8fa"
ACCENT = "#2563eb"
CHAR_WIDTH = 0.6  # average glyph width as a share of the font size (a little wide, so labels never collide)
DASHES = ("", "7 4", "2 4", "10 4 2 4")  # series after the first are told apart by dash as well as colour

Point = tuple[float, float]


# --- SVG building blocks -----------------------------------------------------------------------------------------


def _number(value: float) -> str:
    """A coordinate with at most two decimals and no trailing zeros: 12.5, not 12.500000001."""
    text = f"{value:.2f}".rstrip("0").rstrip(".")
    return "0" if text == "-0" else text


def _attributes(values: dict[str, object]) -> str:
    """Attributes from Python names (``font_size`` -> ``font-size``, ``class_`` -> ``class``); None is left out."""
    parts = []
    for name, value in values.items():
        if value is None:
            continue
        text = _number(value) if isinstance(value, float) else str(value)
        parts.append(f"{name.rstrip('_').replace('_', '-')}={quoteattr(text)}")
    return " ".join(parts)


def _element(tag: str, content: str | None = None, /, **attributes: object) -> str:
    """One element; ``content`` must already be markup (escape text with :func:`_text`)."""
    attrs = _attributes(attributes)
    opening = f"<{tag} {attrs}" if attrs else f"<{tag}"
    return f"{opening}/>" if content is None else f"{opening}>{content}</{tag}>"


def _text(value: object) -> str:
    return escape(str(value))


def _tooltip(value: object) -> str:
    """A ``<title>`` child: browsers show it on hover, screen readers read it."""
    return _element("title", _text(value))


def _label(x: float, y: float, text: str, size: float = 12, **attributes: object) -> str:
    attributes.setdefault("fill", INK)
    return _element("text", _text(text), x=float(x), y=float(y), font_size=size, **attributes)


def _svg(width: float, height: float, title: str, css_class: str, body: Sequence[str]) -> str:
    return _element(
        "svg",
        _tooltip(title) + "".join(body),
        xmlns=SVG_NS,
        class_=f"chart {css_class}",
        viewBox=f"0 0 {_number(width)} {_number(height)}",
        width=float(width),
        height=float(height),
        role="img",
        aria_label=title,
        font_family=FONT_FAMILY,
    )


def text_width(text: str, size: float) -> float:
    """Estimated width of ``text`` at ``size``."""
    return len(text) * size * CHAR_WIDTH


def _short(value: float) -> str:
    """2.0 -> '2', 2.36 -> '2.36'."""
    return f"{value:.2f}".rstrip("0").rstrip(".")


def _truncate(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def _legend(items: Sequence[tuple[str, str]], left: float, top: float, width: float) -> tuple[list[str], float]:
    """Swatch-and-label entries flowed into centred rows within ``width``; returns the markup and the height used.

    Each item is (label, swatch markup drawn in a 28x14 box at the origin).
    """
    rows: list[list[tuple[str, str, float]]] = [[]]
    used = 0.0
    for label, swatch in items:
        item_width = 36 + text_width(label, 12) + 18
        if rows[-1] and used + item_width > width:
            rows.append([])
            used = 0.0
        rows[-1].append((label, swatch, item_width))
        used += item_width
    markup, row_height = [], 22.0
    for number, row in enumerate(rows):
        x = left + (width - sum(item_width for _, _, item_width in row) + 18) / 2
        y = top + number * row_height
        for label, swatch, item_width in row:
            entry = _element("g", swatch, transform=f"translate({_number(x)},{_number(y)})")
            markup.append(_element("g", entry + _label(x + 36, y + 11, label), class_="legend-item"))
            x += item_width
    return markup, len(rows) * row_height if items else 0.0


def _line_swatch(colour: str, dash: str) -> str:
    line = _element(
        "line", x1=0.0, y1=7.0, x2=28.0, y2=7.0, stroke=colour, stroke_width=2.5, stroke_dasharray=dash or None
    )
    return line + _element("circle", cx=14.0, cy=7.0, r=3.0, fill=colour)


def _box_swatch(colour: str) -> str:
    return _element("rect", x=4.0, y=1.0, width=20.0, height=12.0, rx=2.0, fill=colour)


# --- radar chart -------------------------------------------------------------------------------------------------

UNRATED_NOTE = "(not rated)"


@dataclass(frozen=True)
class RadarStyle:
    """Sizes of a radar chart in SVG units. The chart shrinks to the screen as a whole, so what is readable on a
    phone is a matter of proportion: the share of the width that labels take, and the font against the width."""

    radius: float
    font: float  # axis labels
    line: float  # between the lines of a wrapped axis label
    wrap: int  # characters per line of an axis label; 0: the spokes are numbered instead of named
    ring_font: float


# Names on the spokes: at 390 px the chart is drawn at about half size, labels at 6-7 px.
RADAR_NAMED = RadarStyle(radius=160.0, font=13.0, line=15.0, wrap=17, ring_font=10.0)
# Numbers on the spokes, for a narrow screen beside a numbered key: about 360 units wide, so at 390 px the
# chart is drawn at full size and the numbers at about 18 px.
RADAR_NUMBERED = RadarStyle(radius=130.0, font=18.0, line=20.0, wrap=0, ring_font=12.0)


def radar_chart(
    axes: list[str],
    series: Sequence[tuple[str, Sequence[float | None], str]],
    maximum: float = 4,
    *,
    style: RadarStyle = RADAR_NAMED,
) -> str:
    """A radar chart: one spoke per axis, rings for 1..maximum, one polygon per (name, values, colour) series.

    Values are clamped to 0..maximum. A value of None is missing (nobody rated that competency): it gets no point,
    the series' outline breaks there and a hollow marker sits at the end of the spoke, whose label says "not
    rated" when the first series lacks it. Drawing it at 0 would say "rated 0", which nobody did. The first series
    is the main one (solid, filled, on top); the others are references, drawn dashed with a faint fill. The
    legend lists the series in the order given.

    With :data:`RADAR_NUMBERED` the spokes carry numbers 1, 2, ... in the order of ``axes`` (each still named in
    its tooltip), for a page that lists the names in a numbered key beside the chart.
    """
    if maximum <= 0:
        raise ValueError("the radar chart's maximum must be above 0")
    for name, values, _ in series:
        if len(values) != len(axes):
            raise ValueError(f"series '{name}' has {len(values)} values for {len(axes)} axes")
    unrated = {index for index, value in enumerate(series[0][1]) if value is None} if series else set()
    labels = [_axis_lines(axis, index, index in unrated, style) for index, axis in enumerate(axes)]
    widest = max((text_width(line, style.font) for lines in labels for line in lines), default=0.0)
    tallest = max((len(lines) for lines in labels), default=1)
    radius = style.radius
    pad_x, pad_y = widest + 28, tallest * style.line + 26
    width = 2 * (pad_x + radius)
    centre = (pad_x + radius, pad_y + radius)
    legend, legend_height = _legend(
        [(name, _line_swatch(colour, DASHES[index % len(DASHES)])) for index, (name, _, colour) in enumerate(series)],
        16,
        centre[1] + radius + pad_y,
        width - 32,
    )
    body = [
        *_radar_grid(centre, len(axes), maximum, style),
        *(_radar_axis_label(centre, index, axes, lines, index in unrated, style) for index, lines in enumerate(labels)),
        # The first series is the subject (e.g. the ratings): drawn last, so the references never hide it.
        *(
            _radar_series(
                centre, radius, axes, values, maximum, (name, colour, DASHES[index % len(DASHES)]), index == 0
            )
            for index, (name, values, colour) in reversed(list(enumerate(series)))
        ),
        *legend,
    ]
    height = centre[1] + radius + pad_y + legend_height + 8
    title = "Radar chart: " + ", ".join(name for name, _, _ in series)
    return _svg(width, height, title, "radar" if style.wrap else "radar numbered", body)


def _axis_lines(axis: str, index: int, unrated: bool, style: RadarStyle) -> list[str]:
    """An axis label's lines: the name wrapped (a "not rated" line under it when nobody rated it), or its number
    (the key beside a numbered chart says "not rated"; the hollow marker shows it on the chart)."""
    if not style.wrap:
        return [str(index + 1)]
    return (textwrap.wrap(axis, style.wrap) or [""]) + ([UNRATED_NOTE] if unrated else [])


def _spoke_angle(index: int, count: int) -> float:
    """Axis ``index`` of ``count``, clockwise from the top."""
    return -math.pi / 2 + 2 * math.pi * index / max(count, 1)


def _polar(centre: Point, radius: float, angle: float) -> Point:
    return centre[0] + radius * math.cos(angle), centre[1] + radius * math.sin(angle)


def _radar_grid(centre: Point, count: int, maximum: float, style: RadarStyle) -> list[str]:
    """Concentric rings (circles, so that the only polygons in the chart are the series) and the spokes."""
    steps = [float(step) for step in range(1, math.floor(maximum) + 1)]
    if not steps or steps[-1] < maximum:
        steps.append(float(maximum))
    cx, cy = centre
    parts = [_element("circle", cx=cx, cy=cy, r=style.radius, fill=FAINT, stroke="none")]
    for step in steps:
        radius = style.radius * step / maximum
        parts.append(_element("circle", class_="ring", cx=cx, cy=cy, r=radius, fill="none", stroke=GRID))
    for index in range(count):
        x, y = _polar(centre, style.radius, _spoke_angle(index, count))
        parts.append(_element("line", class_="spoke", x1=cx, y1=cy, x2=x, y2=y, stroke=GRID))
    # Ring values sit just right of the top spoke, where they cross the fewest lines.
    for step in [0.0, *steps]:
        y = cy - style.radius * step / maximum
        parts.append(_label(cx + 4, y - 3, _short(step), style.ring_font, fill=MUTED, class_="ring-label"))
    return parts


def _radar_axis_label(
    centre: Point, index: int, axes: list[str], lines: list[str], unrated: bool, style: RadarStyle
) -> str:
    """An axis name (or number) just outside the outer ring, anchored away from the chart so it never covers it;
    an axis nobody rated ends with a muted "not rated" line."""
    angle = _spoke_angle(index, len(axes))
    x, y = _polar(centre, style.radius + 12, angle)
    cosine, sine = math.cos(angle), math.sin(angle)
    anchor = "start" if cosine > 0.25 else "end" if cosine < -0.25 else "middle"
    block = (len(lines) - 1) * style.line
    if sine < -0.25:  # above the centre: the block grows upwards
        first = y - 4 - block
    elif sine > 0.25:  # below: it hangs down
        first = y + style.font
    else:
        first = y + style.font * 0.3 - block / 2
    spans = "".join(
        _element(
            "tspan",
            _text(line),
            x=float(x),
            y=first + row * style.line,
            **(
                {"class_": "unrated-note", "fill": MUTED, "font_style": "italic"}
                if unrated and row == len(lines) - 1
                else {}
            ),
        )
        for row, line in enumerate(lines)
    )
    css_class = "axis-label unrated" if unrated else "axis-label"
    numbered = "" if style.wrap else _tooltip(f"{index + 1}: {axes[index]}")
    return _element("text", numbered + spans, class_=css_class, font_size=style.font, text_anchor=anchor, fill=INK)


def _radar_series(
    centre: Point,
    radius: float,
    axes: list[str],
    values: Sequence[float | None],
    maximum: float,
    look: tuple[str, str, str],
    main: bool,
) -> str:
    """One series: its polygon, outline and points; ``look`` is its (name, colour, dash)."""
    name, colour, dash = look
    angles = [_spoke_angle(index, len(axes)) for index in range(len(axes))]
    points: list[Point | None] = [
        None if value is None else _polar(centre, radius * min(max(value, 0.0), maximum) / maximum, angle)
        for value, angle in zip(values, angles, strict=True)
    ]
    present = [point for point in points if point is not None]
    broken = len(present) < len(points)
    stroke = {
        "stroke": colour,
        "stroke_width": 2.5 if main else 2.0,
        "stroke_dasharray": dash or None,
        "stroke_linejoin": "round",
    }
    # With a value missing, the polygon is only the fill; the outline is drawn apart, broken where values are.
    polygon = _element(
        "polygon",
        _tooltip(name),
        class_="series",
        data_series=name,
        points=" ".join(f"{_number(x)},{_number(y)}" for x, y in present),
        fill=colour,
        fill_opacity=0.22 if main else 0.05,
        **({"stroke": "none"} if broken else stroke),
    )
    runs = _broken_outline(points) if broken else ""
    outline = (
        _element("path", class_="series-outline", d=runs, fill="none", stroke_linecap="round", **stroke) if runs else ""
    )
    dots = [
        _element("circle", _tooltip(f"{name}: {axis} {_short(value)}"), cx=point[0], cy=point[1], r=3.5, fill=colour)
        for point, axis, value in zip(points, axes, values, strict=True)
        if point is not None and value is not None
    ]
    hollow = [
        _element(
            "circle",
            _tooltip(f"{name}: {axis} not rated"),
            class_="unrated",
            data_axis=axis,
            cx=_polar(centre, radius, angle)[0],
            cy=_polar(centre, radius, angle)[1],
            r=4.5,
            fill="#ffffff",
            stroke=colour,
            stroke_width=1.5,
            stroke_dasharray="2 2",
        )
        for point, axis, angle in zip(points, axes, angles, strict=True)
        if point is None
    ]
    return _element("g", polygon + outline + "".join(dots) + "".join(hollow), class_="series-group", data_series=name)


def _broken_outline(points: Sequence[Point | None]) -> str:
    """Path data joining neighbouring points around the chart, with no line across a missing one."""
    count = len(points)
    start = next((index for index, point in enumerate(points) if point is None), 0)
    runs: list[list[Point]] = [[]]
    for step in range(1, count + 1):  # from just after a missing point all the way round to it
        point = points[(start + step) % count]
        if point is None:
            runs.append([])
        else:
            runs[-1].append(point)
    return " ".join("M" + " L".join(f"{_number(x)},{_number(y)}" for x, y in run) for run in runs if len(run) >= 2)


# --- probability bars --------------------------------------------------------------------------------------------

# Proportions for a phone as well: about 450 units wide with the ladder's titles, so at 390 px (drawn at about
# 0.8) the 14-unit text is still 11 px.
BAR_LENGTH = 150.0
BAR_ROW = 30.0
BAR_THICKNESS = 20.0
BAR_FONT = 14.0
BAR_COLOUR = "#93c5fd"


def probability_bars(probabilities: dict[str, float], highlight: str | None = None) -> str:
    """Horizontal bars, one per label in the order given, with the percentage at the end; ``highlight`` stands out."""
    label_width = max((text_width(label, BAR_FONT) for label in probabilities), default=0.0) + 8
    left = 12 + label_width + 10
    value_x = left + BAR_LENGTH + 10
    width = value_x + text_width(">99.9%", BAR_FONT) + 12
    rows = [
        _probability_row(index, label, probability, left, value_x, label == highlight)
        for index, (label, probability) in enumerate(probabilities.items())
    ]
    height = 12 + len(probabilities) * BAR_ROW
    return _svg(width, height, "Probability of each level", "bars", rows)


def _probability_row(index: int, label: str, probability: float, left: float, value_x: float, chosen: bool) -> str:
    top = 8 + index * BAR_ROW
    baseline = top + BAR_THICKNESS / 2 + BAR_FONT * 0.35
    weight = "bold" if chosen else None
    share = min(max(probability, 0.0), 1.0)
    parts = [
        _tooltip(f"{label}: {percent_label(probability)}"),
        _label(left - 10, baseline, label, BAR_FONT, text_anchor="end", font_weight=weight),
        _element("rect", class_="track", x=left, y=top, width=BAR_LENGTH, height=BAR_THICKNESS, rx=3.0, fill=FAINT),
        _element(
            "rect",
            class_="bar",
            x=left,
            y=top,
            width=BAR_LENGTH * share,
            height=BAR_THICKNESS,
            rx=3.0,
            fill=ACCENT if chosen else BAR_COLOUR,
        ),
        _label(value_x, baseline, percent_label(probability), BAR_FONT, class_="value", font_weight=weight),
    ]
    return _element("g", "".join(parts), class_="bar-row", data_label=label)


# --- probability trend ------------------------------------------------------------------------------------------

# Told apart by dash as well as colour, so the chart reads in grey too.
PALETTE = ("#2563eb", "#ea580c", "#16a34a", "#9333ea", "#dc2626", "#0d9488", "#b45309", "#db2777")
# About 390 units wide with 13-unit text: at 390 px (drawn at about 0.9) the text is still 11-12 px.
TREND_WIDTH, TREND_PLOT_HEIGHT = 390.0, 200.0
TREND_LEFT, TREND_RIGHT, TREND_TOP = 52.0, 44.0, 16.0  # room for a date centred under the last point
TREND_FONT = 13.0
MAX_DATE_LABELS = 4  # a date is about 80 units wide at this size


def probability_trend(moments: Sequence[dt.date], series: Sequence[tuple[str, Sequence[float]]]) -> str:
    """One line per level over a person's assessments, oldest on the left: ``series`` holds (level, its
    probability at each of ``moments``), dates or times (a datetime is named with its time in the tooltips, so
    two assessments of one day can be told apart; the axis names each day once)."""
    dates = [_moment_label(moment) for moment in moments]
    count = len(dates)
    plot_width = TREND_WIDTH - TREND_LEFT - TREND_RIGHT
    bottom = TREND_TOP + TREND_PLOT_HEIGHT

    def x(index: int) -> float:
        return TREND_LEFT + (plot_width / 2 if count == 1 else plot_width * index / (count - 1))

    def y(probability: float) -> float:
        return bottom - TREND_PLOT_HEIGHT * min(max(probability, 0.0), 1.0)

    body = [*_percent_grid(y), *_date_labels([moment.isoformat()[:10] for moment in moments], x, bottom)]
    swatches = []
    for index, (level, values) in enumerate(series):
        colour, dash = PALETTE[index % len(PALETTE)], DASHES[(index // len(PALETTE) + index) % len(DASHES)]
        coordinates = [(x(i), y(p)) for i, p in enumerate(values)]
        line = _element(
            "polyline",
            points=" ".join(f"{px:.2f},{py:.2f}" for px, py in coordinates),
            fill="none",
            stroke=colour,
            stroke_width=2.0,
            stroke_dasharray=dash or None,
        )
        dots = "".join(
            _element("circle", _tooltip(f"{level}, {day}: {percent_label(p)}"), cx=px, cy=py, r=3.5)
            for (px, py), p, day in zip(coordinates, values, dates, strict=True)
        )
        body.append(_element("g", line + _element("g", dots, fill=colour), class_="trend-series", data_level=level))
        swatches.append((level, _line_swatch(colour, dash)))
    legend, legend_height = _legend(swatches, 12, bottom + 40, TREND_WIDTH - 24)
    body += legend
    height = bottom + 40 + legend_height + 8
    return _svg(TREND_WIDTH, height, "Level probabilities at each assessment", "trend", body)


def _percent_grid(y: Callable[[float], float]) -> list[str]:
    parts = []
    for step in (0.0, 0.25, 0.5, 0.75, 1.0):
        level_y = y(step)
        parts.append(_element("line", x1=TREND_LEFT, y1=level_y, x2=TREND_WIDTH - TREND_RIGHT, y2=level_y, stroke=GRID))
        parts.append(_label(TREND_LEFT - 8, level_y + 4, f"{step:.0%}", TREND_FONT, fill=MUTED, text_anchor="end"))
    return parts


def _moment_label(moment: dt.date) -> str:
    """``2026-12-03``, or ``2026-12-03 09:14`` for a datetime (in its own time zone, UTC for the store's)."""
    if isinstance(moment, dt.datetime):
        return moment.strftime("%Y-%m-%d %H:%M")
    return moment.isoformat()


def _days(dates: Sequence[str]) -> list[tuple[str, int, int]]:
    """Runs of equal days: (day, first index, last index), in order."""
    runs: list[tuple[str, int, int]] = []
    for index, day in enumerate(dates):
        if runs and runs[-1][0] == day:
            runs[-1] = (day, runs[-1][1], index)
        else:
            runs.append((day, index, index))
    return runs


def _date_labels(dates: Sequence[str], x: Callable[[int], float], bottom: float) -> list[str]:
    """Each day once under its points (several assessments on one day: centred under them, over a bracket that
    spans them); on a long history only every n-th day back from the latest, so labels never overlap."""
    runs = _days(dates)
    step = max(1, -(-len(runs) // MAX_DATE_LABELS))
    parts = []
    for number, (day, first, last) in enumerate(runs):
        if (len(runs) - 1 - number) % step:  # counted back from the latest, which is always named
            continue
        if last > first:
            parts.append(
                _element("line", class_="day-span", x1=x(first), y1=bottom + 5, x2=x(last), y2=bottom + 5, stroke=MUTED)
            )
        middle = (x(first) + x(last)) / 2
        parts.append(_label(middle, bottom + 20, day, TREND_FONT, fill=MUTED, text_anchor="middle", class_="date"))
    return parts


# --- plan timeline -----------------------------------------------------------------------------------------------

TIMELINE_WIDTH = 960.0
TIMELINE_LABEL_CHARS = 46
TIMELINE_FONT = 11.0
TIMELINE_ROW = 20.0
TIMELINE_LEFT = 312.0  # where the date axis starts; the activity names sit to its left
TIMELINE_RIGHT = 940.0
AXIS_Y = 40.0
MILESTONE_ROW_TOP = AXIS_Y + 4
ROWS_TOP = MILESTONE_ROW_TOP + TIMELINE_ROW + 6
MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")
MAX_MONTH_LABELS = 14
KIND_STYLES: dict[str, tuple[str, str]] = {
    "learn_skill": ("#2563eb", "Learn a skill"),
    "demonstrate": ("#16a34a", "Show the evidence"),
    "mentor": ("#0d9488", "Mentor"),
    "design_doc": ("#d97706", "Design document"),
    "talk": ("#db2777", "Talk or presentation"),
    "lead": ("#dc2626", "Lead"),
    "portfolio_project": ("#7c3aed", "Portfolio project"),
    "interview_practice": ("#475569", "Interview practice"),
}
MILESTONE_COLOUR = "#b45309"


class _DateAxis:
    """Maps days to x between ``left`` and ``right``; a day covers [its start, the next day's start)."""

    def __init__(
        self, first: dt.date, last: dt.date, left: float = TIMELINE_LEFT, right: float = TIMELINE_RIGHT
    ) -> None:
        self.first, self.last = first, last
        self.days = (last - first).days + 1
        self.left, self.right = left, right

    def x(self, day: dt.date) -> float:
        return self.left + (day - self.first).days / self.days * (self.right - self.left)


def plan_timeline(activities: Sequence[Activity], milestones: Sequence[Milestone], start: dt.date, end: dt.date) -> str:
    """A Gantt-like chart: one row per activity from its start to its end date, milestone markers, month ticks.

    The axis runs from ``start`` to ``end``, widened if an activity or milestone falls outside them.
    """
    first = min([start, *(activity.start for activity in activities)])
    last = max([end, first, *(activity.end for activity in activities), *(m.date for m in milestones)])
    axis = _DateAxis(first, last)
    rows_bottom = ROWS_TOP + len(activities) * TIMELINE_ROW
    kinds = [kind for kind in KIND_STYLES if any(activity.kind == kind for activity in activities)]
    legend, legend_height = _legend(
        [(KIND_STYLES[kind][1], _box_swatch(KIND_STYLES[kind][0])) for kind in kinds]
        + [("Monthly milestone", _milestone_marker(14, 7))],
        12,
        rows_bottom + 14,
        TIMELINE_WIDTH - 24,
    )
    body = [
        *_month_ticks(axis, rows_bottom),
        _milestone_row(axis, milestones),
        *(_activity_row(axis, index, activity) for index, activity in enumerate(activities)),
        *legend,
    ]
    if not activities:
        body.append(_label(TIMELINE_LEFT, ROWS_TOP + 14, "No activities to schedule.", 12, fill=MUTED))
    height = rows_bottom + (TIMELINE_ROW if not activities else 0) + 14 + legend_height + 8
    return _svg(TIMELINE_WIDTH, height, f"Plan timeline, {first} to {last}", "timeline", body)


def _month_starts(first: dt.date, last: dt.date) -> list[dt.date]:
    """The first day of every month after ``first`` up to ``last``."""
    starts: list[dt.date] = []
    year, month = first.year, first.month
    while True:
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
        day = dt.date(year, month, 1)
        if day > last:
            return starts
        starts.append(day)


def _label_step(month_count: int) -> int:
    """Label every month on a short plan, fewer on a long one, so that labels never crowd."""
    return next((step for step in (1, 2, 3, 6, 12) if month_count / step <= MAX_MONTH_LABELS), 24)


def _month_ticks(axis: _DateAxis, rows_bottom: float) -> list[str]:
    starts = _month_starts(axis.first, axis.last)
    step = _label_step(len(starts))
    parts = [_element("line", x1=axis.left, y1=AXIS_Y, x2=axis.right, y2=AXIS_Y, stroke=MUTED)]
    labelled_year = False
    for day in starts:
        x = axis.x(day)
        parts.append(_element("line", class_="tick", x1=x, y1=AXIS_Y, x2=x, y2=AXIS_Y + 4, stroke=MUTED))
        if (day.month - 1) % step:
            continue
        parts.append(_element("line", x1=x, y1=AXIS_Y + 4, x2=x, y2=rows_bottom, stroke=GRID, stroke_width=0.75))
        parts.append(_label(x, 16, MONTHS[day.month - 1], TIMELINE_FONT, text_anchor="middle", class_="month"))
        if day.month == 1 or not labelled_year:
            parts.append(_label(x, 30, str(day.year), TIMELINE_FONT, text_anchor="middle", fill=MUTED, class_="year"))
            labelled_year = True
    return parts


def _milestone_marker(x: float, y: float, half: float = 6.0) -> str:
    """A diamond centred on (x, y), ``half`` wide on each side."""
    h = _number(half)
    return _element(
        "path",
        d=f"M{_number(x)},{_number(y - half)} l{h},{h} l-{h},{h} l-{h},-{h} z",
        fill=MILESTONE_COLOUR,
        stroke="#ffffff",
        stroke_width=1.0,
    )


def _milestone_markers(axis: _DateAxis, milestones: Sequence[Milestone], middle: float) -> list[str]:
    """A marker per milestone on the line at ``middle``, each with its date and title as a tooltip; the wide and
    the stacked timelines draw the same ones."""
    # Monthly markers on a plan of years would overlap; shrink them to fit, within readable limits.
    spacing = (axis.right - axis.left) / max(len(milestones), 1)
    half = min(6.0, max(3.0, spacing / 2.2))
    parts = []
    for milestone in milestones:
        # A milestone falls at the end of its day, where that day's activities end.
        x = axis.x(milestone.date + dt.timedelta(days=1))
        marker = _milestone_marker(x, middle, half)
        parts.append(_element("g", _tooltip(f"{milestone.date}: {milestone.title}") + marker, class_="milestone"))
    return parts


def _activity_tooltip(activity: Activity) -> str:
    return _tooltip(f"{activity.title} ({activity.start} to {activity.end}, ~{activity.effort_hours:g} h, an estimate)")


def _milestone_row(axis: _DateAxis, milestones: Sequence[Milestone]) -> str:
    middle = MILESTONE_ROW_TOP + TIMELINE_ROW / 2
    title = _label(12, middle + 4, "Milestones", TIMELINE_FONT, font_weight="bold")
    return _element("g", title + "".join(_milestone_markers(axis, milestones, middle)), class_="milestones")


def _activity_row(axis: _DateAxis, index: int, activity: Activity) -> str:
    top = ROWS_TOP + index * TIMELINE_ROW
    colour = KIND_STYLES.get(activity.kind, (MUTED, ""))[0]
    left, right = axis.x(activity.start), axis.x(activity.end + dt.timedelta(days=1))
    parts = [
        _activity_tooltip(activity),
        _element("rect", x=0.0, y=top, width=TIMELINE_WIDTH, height=TIMELINE_ROW, fill=FAINT) if index % 2 else "",
        _label(12, top + 14, f"{activity.id}  {_truncate(activity.title, TIMELINE_LABEL_CHARS)}", TIMELINE_FONT),
        _element(
            "rect", class_="span", x=left, y=top + 4, width=max(right - left, 2.0), height=12.0, rx=2.0, fill=colour
        ),
    ]
    return _element(
        "g",
        "".join(parts),
        class_="activity",
        data_id=activity.id,
        data_start=activity.start.isoformat(),
        data_end=activity.end.isoformat(),
    )


# --- plan timeline, stacked for a narrow screen ----------------------------------------------------------------

NARROW_WIDTH = 360.0  # drawn at full size on a 390 px phone, so its 13-unit text is 13 px
NARROW_LEFT, NARROW_RIGHT = 8.0, 352.0
NARROW_FONT = 13.0
NARROW_ROW = 36.0  # a name line and a bar under it
NARROW_AXIS_Y = 34.0
NARROW_ROWS_TOP = NARROW_AXIS_Y + 30
NARROW_LABELS = 5  # month labels across the width at most
NARROW_LABEL_CHARS = 44


def plan_timeline_stacked(
    activities: Sequence[Activity], milestones: Sequence[Milestone], start: dt.date, end: dt.date
) -> str:
    """The plan timeline for a narrow screen: each activity's name on a line of its own across the whole width,
    its bar under it, so every month of the plan fits the width at a readable size instead of scrolling.

    Same data, axis rule and markers as :func:`plan_timeline`; each row keeps its ``data-id``, dates and tooltip.
    """
    first = min([start, *(activity.start for activity in activities)])
    last = max([end, first, *(activity.end for activity in activities), *(m.date for m in milestones)])
    axis = _DateAxis(first, last, NARROW_LEFT, NARROW_RIGHT)
    rows_bottom = NARROW_ROWS_TOP + len(activities) * NARROW_ROW
    kinds = [kind for kind in KIND_STYLES if any(activity.kind == kind for activity in activities)]
    legend, legend_height = _legend(
        [(KIND_STYLES[kind][1], _box_swatch(KIND_STYLES[kind][0])) for kind in kinds]
        + [("Monthly milestone", _milestone_marker(14, 7))],
        NARROW_LEFT,
        rows_bottom + 12,
        NARROW_RIGHT - NARROW_LEFT,
    )
    body = [
        *_stacked_month_labels(axis, rows_bottom),
        _stacked_milestones(axis, milestones),
        *(_stacked_row(axis, index, activity) for index, activity in enumerate(activities)),
        *legend,
    ]
    if not activities:
        body.append(_label(NARROW_LEFT, NARROW_ROWS_TOP + 14, "No activities to schedule.", NARROW_FONT, fill=MUTED))
    height = rows_bottom + (NARROW_ROW if not activities else 0) + 12 + legend_height + 8
    return _svg(NARROW_WIDTH, height, f"Plan timeline, {first} to {last}", "timeline stacked", body)


def _stacked_month_labels(axis: _DateAxis, rows_bottom: float) -> list[str]:
    """Month and year ("Mar 2027") at a few month starts, with a faint line down through the rows."""
    starts = _month_starts(axis.first, axis.last)
    step = next((step for step in (1, 2, 3, 6, 12, 24) if len(starts) / step <= NARROW_LABELS), 48)
    parts = [_element("line", x1=axis.left, y1=NARROW_AXIS_Y, x2=axis.right, y2=NARROW_AXIS_Y, stroke=MUTED)]
    taken = 0.0  # where the last label ends: one that would overlap it is left off
    for day in starts:
        x = axis.x(day)
        parts.append(_element("line", class_="tick", x1=x, y1=NARROW_AXIS_Y, x2=x, y2=NARROW_AXIS_Y + 4, stroke=MUTED))
        if (day.month - 1) % step:
            continue
        parts.append(_element("line", x1=x, y1=NARROW_AXIS_Y + 4, x2=x, y2=rows_bottom, stroke=GRID, stroke_width=0.75))
        label = f"{MONTHS[day.month - 1]} {day.year}"
        # Centred on its month, or pushed inside at the chart's edges, never out of it.
        width = text_width(label, NARROW_FONT - 1)
        left = min(max(x - width / 2, 2.0), NARROW_WIDTH - 2 - width)
        if left < taken + 8:
            continue
        parts.append(_label(left, 20, label, NARROW_FONT - 1, fill=MUTED, class_="month"))
        taken = left + width
    return parts


def _stacked_milestones(axis: _DateAxis, milestones: Sequence[Milestone]) -> str:
    return _element("g", "".join(_milestone_markers(axis, milestones, NARROW_AXIS_Y + 14)), class_="milestones")


def _stacked_row(axis: _DateAxis, index: int, activity: Activity) -> str:
    top = NARROW_ROWS_TOP + index * NARROW_ROW
    colour = KIND_STYLES.get(activity.kind, (MUTED, ""))[0]
    left, right = axis.x(activity.start), axis.x(activity.end + dt.timedelta(days=1))
    parts = [
        _activity_tooltip(activity),
        _element("rect", x=0.0, y=top, width=NARROW_WIDTH, height=NARROW_ROW, fill=FAINT) if index % 2 else "",
        _label(NARROW_LEFT, top + 15, f"{activity.id}  {_truncate(activity.title, NARROW_LABEL_CHARS)}", NARROW_FONT),
        _element(
            "rect", class_="span", x=left, y=top + 21, width=max(right - left, 2.0), height=10.0, rx=2.0, fill=colour
        ),
    ]
    return _element(
        "g",
        "".join(parts),
        class_="activity",
        data_id=activity.id,
        data_start=activity.start.isoformat(),
        data_end=activity.end.isoformat(),
    )
