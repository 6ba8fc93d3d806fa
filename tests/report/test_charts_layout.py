"""Charts that stay readable where they are drawn small: the numbered radar and the stacked timeline for phones,
bars and trend proportioned for a phone's width, and a trend axis that names each day once when several
assessments share it."""

from __future__ import annotations

import datetime as dt
import xml.etree.ElementTree as ET

from mlladder import Framework, load_profile, plan
from mlladder.report.charts import (
    RADAR_NAMED,
    RADAR_NUMBERED,
    plan_timeline,
    plan_timeline_stacked,
    probability_bars,
    probability_trend,
    radar_chart,
)
from tests.conftest import ROOT
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


def smallest_px(svg: ET.Element, width_px: float) -> float:
    """The smallest text of a chart on screen when it is drawn ``width_px`` wide (it never grows past its width)."""
    scale = min(1.0, width_px / float(svg.get("width", "0")))
    return min(float(text.get("font-size", "12")) for text in svg.iter(SVG + "text")) * scale


def test_the_stacked_timeline_fits_a_phone_with_every_activity(ml_ladder: Framework) -> None:
    made = plan(
        load_profile(ROOT / "examples" / "profiles" / "mid.yaml", ml_ladder), ml_ladder, start=dt.date(2027, 1, 4)
    )
    arguments = (made.activities, made.milestones, made.start, made.plan_complete)
    wide, stacked = ET.fromstring(plan_timeline(*arguments)), ET.fromstring(plan_timeline_stacked(*arguments))
    assert smallest_px(wide, PHONE_CONTENT_PX) < 5  # the wide chart shrunk to a phone: unreadable
    assert float(stacked.get("width", "0")) <= PHONE_CONTENT_PX and smallest_px(stacked, PHONE_CONTENT_PX) >= 12
    rows = with_class(stacked, "g", "activity")
    assert [row.get("data-id") for row in rows] == [activity.id for activity in made.activities]
    assert [row.get("data-id") for row in with_class(wide, "g", "activity")] == [row.get("data-id") for row in rows]
    # Names above their bars: a row's name starts at the left edge, its bar sits below the name.
    first = rows[0]
    name, bar = first.find(SVG + "text"), with_class(first, "rect", "span")[0]
    assert name is not None and float(name.get("x", "0")) < 10 and float(bar.get("y", "0")) > float(name.get("y", "0"))
    assert made.activities[0].title[:20] in all_text(first)
    months = [text.text for text in with_class(stacked, "text", "month")]
    assert 2 <= len(months) <= 5 and all(text and text[-4:].isdigit() for text in months)  # "Mar 2027"
    assert len(with_class(stacked, "g", "milestone")) == len(made.milestones)


def test_bars_and_trend_stay_readable_at_phone_width() -> None:
    titles = ["L1 Junior ML Engineer", "L2 ML Engineer", "L3 Senior ML Engineer", "L4 Staff ML Engineer"]
    bars = ET.fromstring(probability_bars(dict(zip(titles, [0.1, 0.6, 0.25, 0.05], strict=True)), titles[1]))
    assert smallest_px(bars, PHONE_CONTENT_PX) >= 11
    days = [dt.date(2026, 1, 5) + dt.timedelta(days=30 * n) for n in range(8)]
    trend = ET.fromstring(probability_trend(days, [("L2", [0.5] * 8), ("L3", [0.5] * 8)]))
    assert smallest_px(trend, PHONE_CONTENT_PX) >= 11
    assert len(with_class(trend, "text", "date")) <= 4  # wide enough apart not to overlap at this size
