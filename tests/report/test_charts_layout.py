"""Charts that stay readable where they are drawn small: the numbered radar for phones, and a trend axis that names
each day once when several assessments share it."""

from __future__ import annotations

import datetime as dt
import xml.etree.ElementTree as ET

from mlladder.report.charts import RADAR_NAMED, RADAR_NUMBERED, probability_trend, radar_chart
from tests.report.svg import SVG, all_text, label_lines, with_class

AXES = [
    "ML fundamentals and statistics",
    "Deep learning and specialisation",
    "Research and innovation",
    "Data and feature engineering",
    "Software engineering craft",
    "MLOps and production",
    "Performance optimisation",
    "ML system design and architecture",
    "Communication and collaboration",
    "Leadership and mentoring",
    "Business impact and strategy",
]
RATINGS: list[float | None] = [2.0, None, *[2.5] * 9]
EXPECTED: list[float | None] = [3.0] * 11
SERIES = [("Combined rating", RATINGS, "#000"), ("Expected at L3", EXPECTED, "#111")]
PHONE_CONTENT_PX = 366  # a 390 px screen less the page's margins


def rendered_label_px(svg: ET.Element, width_px: float) -> float:
    """The axis labels' size on screen when the chart is drawn ``width_px`` wide (it never grows past its width)."""
    scale = min(1.0, width_px / float(svg.get("width", "0")))
    return min(float(label.get("font-size", "0")) for label in with_class(svg, "text", "axis-label")) * scale


def test_the_numbered_radar_keeps_its_labels_readable_at_phone_width() -> None:
    named = ET.fromstring(radar_chart(AXES, SERIES))
    numbered = ET.fromstring(radar_chart(AXES, SERIES, style=RADAR_NUMBERED))
    assert rendered_label_px(named, PHONE_CONTENT_PX) < 8  # names around the chart: too small on a phone
    assert rendered_label_px(numbered, PHONE_CONTENT_PX) >= 14
    labels = with_class(numbered, "text", "axis-label")
    assert [label_lines(label).split()[-1] for label in labels] == [str(n) for n in range(1, 12)]
    # Each number still names its competency, in its tooltip.
    assert [label.find(SVG + "title").text for label in labels][:2] == [  # type: ignore[union-attr]
        "1: ML fundamentals and statistics",
        "2: Deep learning and specialisation",
    ]
    assert "numbered" in numbered.get("class", "").split()


def test_the_numbered_radar_draws_the_same_values() -> None:
    numbered = ET.fromstring(radar_chart(AXES, SERIES, style=RADAR_NUMBERED))
    assert [p.get("data-series") for p in numbered.iter(SVG + "polygon")] == ["Expected at L3", "Combined rating"]
    hollow = with_class(numbered, "circle", "unrated")
    assert [marker.get("data-axis") for marker in hollow] == ["Deep learning and specialisation"]
    assert "(not rated)" not in all_text(numbered)  # the page's key says it; a number with a note would crowd
    assert float(numbered.get("width", "0")) <= 400
    assert RADAR_NAMED.wrap and not RADAR_NUMBERED.wrap


def test_several_assessments_on_one_day_name_the_day_once() -> None:
    day = dt.date(2026, 12, 3)
    moments = [
        dt.datetime(2026, 11, 20, 9, 0, tzinfo=dt.UTC),
        dt.datetime(2026, 12, 3, 9, 14, tzinfo=dt.UTC),
        dt.datetime(2026, 12, 3, 9, 15, tzinfo=dt.UTC),
        dt.datetime(2026, 12, 3, 16, 2, tzinfo=dt.UTC),
    ]
    trend = ET.fromstring(probability_trend(moments, [("L2", [0.9, 0.6, 0.5, 0.2]), ("L3", [0.1, 0.4, 0.5, 0.8])]))
    dates = with_class(trend, "text", "date")
    assert [label.text for label in dates] == ["2026-11-20", day.isoformat()]
    spans = with_class(trend, "line", "day-span")
    assert len(spans) == 1
    # The day's label sits in the middle of the bracket over its three points.
    middle = (float(spans[0].get("x1", "0")) + float(spans[0].get("x2", "0"))) / 2
    assert abs(float(dates[1].get("x", "0")) - middle) < 0.01
    tooltips = [title.text for title in trend.iter(SVG + "title")]
    assert "L3, 2026-12-03 09:15: 50.0%" in tooltips and "L3, 2026-12-03 16:02: 80.0%" in tooltips


def test_dates_without_times_are_labelled_as_before() -> None:
    days = [dt.date(2026, 1, 5) + dt.timedelta(days=7 * n) for n in range(3)]
    trend = ET.fromstring(probability_trend(days, [("L2", [0.2, 0.5, 0.9])]))
    assert [label.text for label in with_class(trend, "text", "date")] == [day.isoformat() for day in days]
    assert not with_class(trend, "line", "day-span")
