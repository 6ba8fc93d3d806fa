"""The assessment report, built from real profiles and frameworks and checked by parsing what it renders."""

from __future__ import annotations

import datetime as dt
import math
import re
import xml.etree.ElementTree as ET
from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import pytest
import yaml

from mlladder import Assessment, Framework, GapReport, InputError, Plan, assess, load_framework, load_profile, plan
from mlladder.formatting import percent_label
from mlladder.framework.ladder import placed_competencies
from mlladder.report import advice
from mlladder.report.charts import plan_timeline, probability_bars, radar_chart
from mlladder.report.render import markdown_text, report_html, report_markdown
from tests.conftest import EXAMPLE_FRAMEWORK, ROOT
from tests.report.svg import SVG, Radar, all_text, charts, label_lines, points, with_class

PROFILES = ROOT / "examples" / "profiles"
START = dt.date(2027, 1, 4)
SECTIONS = ("report-header", "placement", "summary", "probabilities", "competencies", "gaps", "plan", "readiness")
VOID_TAGS = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}
HOSTILE_NAME = "<script>alert(1)</script>"


@dataclass
class Report:
    framework: Framework
    assessment: Assessment
    gaps: GapReport
    plan: Plan

    def html(self) -> str:
        return report_html(self.framework, self.assessment, self.gaps, self.plan)

    def markdown(self) -> str:
        return report_markdown(self.framework, self.assessment, self.gaps, self.plan)


def build(profile_path: Path, framework: Framework) -> Report:
    profile = load_profile(profile_path, framework)
    assessment = assess(profile, framework)
    made = plan(profile, framework, start=START, assessment=assessment)
    return Report(framework, assessment, made.gaps, made)


def write_profile(tmp_path: Path, data: dict[str, Any], name: str = "profile.yaml") -> Path:
    path = tmp_path / name
    path.write_text(yaml.safe_dump(data, sort_keys=False), encoding="utf-8")
    return path


class Page(HTMLParser):
    """Every element with its attributes, and the text inside every element that has an id."""

    def __init__(self, html: str) -> None:
        super().__init__(convert_charrefs=True)
        self.elements: list[tuple[str, dict[str, str | None]]] = []
        self._text_by_id: dict[str, list[str]] = {}
        self._open: list[tuple[str, str | None]] = []
        self.feed(html)
        self.close()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        attributes = dict(attrs)
        self.elements.append((tag, attributes))
        if tag not in VOID_TAGS:
            self._open.append((tag, attributes.get("id")))

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.elements.append((tag, dict(attrs)))

    def handle_endtag(self, tag: str) -> None:
        for index in range(len(self._open) - 1, -1, -1):
            if self._open[index][0] == tag:
                del self._open[index:]
                return

    def handle_data(self, data: str) -> None:
        for _, element_id in self._open:
            if element_id:
                self._text_by_id.setdefault(element_id, []).append(data)

    def ids(self) -> set[str]:
        return {str(attrs["id"]) for _, attrs in self.elements if attrs.get("id")}

    def text(self, element_id: str) -> str:
        return " ".join("".join(self._text_by_id.get(element_id, [])).split())

    def count(self, tag: str, css_class: str) -> int:
        return sum(
            1 for name, attrs in self.elements if name == tag and css_class in (attrs.get("class") or "").split()
        )


@pytest.fixture(scope="module")
def mid(ml_ladder: Framework) -> Report:
    return build(PROFILES / "mid.yaml", ml_ladder)


@pytest.fixture(scope="module")
def mid_html(mid: Report) -> str:
    return mid.html()


# --- the HTML report ---------------------------------------------------------------------------------------------


def test_html_has_no_scripts_and_fetches_nothing(mid_html: str) -> None:
    page = Page(mid_html)
    tags = {tag for tag, _ in page.elements}
    assert not tags & {"script", "link", "iframe", "object", "embed", "img", "base"}
    for tag, attrs in page.elements:
        assert not {"src", "href", "xlink:href", "srcset", "action"} & set(attrs), tag
        assert not any(name.startswith("on") for name in attrs), tag  # no inline event handlers either
    without_namespace = mid_html.replace('xmlns="http://www.w3.org/2000/svg"', "")
    for external in ("url(", "@import", "http://", "https://", "//"):
        assert external not in without_namespace, external
    assert '<meta name="viewport" content="width=device-width, initial-scale=1">' in mid_html


def test_html_has_every_section_with_the_placement(mid: Report, mid_html: str) -> None:
    page = Page(mid_html)
    assert set(SECTIONS) <= page.ids()
    header = page.text("report-header")
    assert "Jordan Sample" in header and mid.framework.name in header and "2027-01-04" in header
    placement = page.text("placement")
    assert page.text("placed-level") == "L2" and "ML Engineer" in placement
    assert percent_label(mid.assessment.confidence.level_probability) in placement
    assert page.text("confidence-label") == mid.assessment.confidence.label == "medium"  # below L2 in one
    assert page.text("meets-level") == mid.assessment.meets_level == "L1"
    assert " ".join(mid.assessment.summary.split()) in page.text("summary")


def test_probability_bars_match_the_probabilities(mid: Report, mid_html: str) -> None:
    bars = charts(mid_html)["bars"]
    rows = with_class(bars, "g", "bar-row")
    probabilities = mid.assessment.probabilities
    assert [row.get("data-label", "").split()[0] for row in rows] == list(probabilities)
    for row, probability in zip(rows, probabilities.values(), strict=True):
        (bar,) = with_class(row, "rect", "bar")
        (track,) = with_class(row, "rect", "track")
        assert float(bar.get("width", "")) / float(track.get("width", "")) == pytest.approx(probability, abs=0.001)
        (value,) = with_class(row, "text", "value")
        assert value.text == percent_label(probability)
    chosen = [row.get("data-label") for row in rows if row.find(f"{SVG}text[@font-weight='bold']") is not None]
    assert chosen == ["L2 ML Engineer"]


def test_radar_has_one_polygon_per_series_and_a_point_per_competency(mid: Report, mid_html: str) -> None:
    radar = charts(mid_html)["radar"]
    polygons = list(radar.iter(SVG + "polygon"))
    names = {polygon.get("data-series") for polygon in polygons}
    assert names == {"Combined rating", "Expected at L2 (placed)", "Expected at L3 (target)"}
    competencies = mid.assessment.competencies
    assert all(len(points(polygon)) == len(competencies) for polygon in polygons)
    rings = with_class(radar, "circle", "ring")
    assert len(rings) == 4  # proficiency 1-4 (0 is the centre)
    centre = float(rings[0].get("cx", "")), float(rings[0].get("cy", ""))
    outer = max(float(ring.get("r", "")) for ring in rings)

    def values(series: str) -> list[float]:
        (polygon,) = [p for p in polygons if p.get("data-series") == series]
        return [math.dist(point, centre) / outer * 4 for point in points(polygon)]

    assert values("Combined rating") == pytest.approx([c.estimate for c in competencies], abs=0.01)
    assert values("Expected at L2 (placed)") == pytest.approx([c.expected for c in competencies], abs=0.01)
    labels = [label_lines(label) for label in with_class(radar, "text", "axis-label")]
    assert labels == [c.name for c in competencies]


def test_timeline_has_one_row_per_activity_in_date_order(mid: Report, mid_html: str) -> None:
    timeline = charts(mid_html)["timeline"]
    rows = with_class(timeline, "g", "activity")
    assert [row.get("data-id") for row in rows] == [a.id for a in mid.plan.activities]
    assert [row.get("data-start") for row in rows] == [a.start.isoformat() for a in mid.plan.activities]
    lefts = [float(with_class(row, "rect", "span")[0].get("x", "")) for row in rows]
    assert lefts == sorted(lefts) and lefts[0] < lefts[-1]
    assert len(with_class(timeline, "g", "milestone")) == len(mid.plan.milestones)
    years = [text.text for text in with_class(timeline, "text", "year")]
    assert years[0] == "2027" and years[-1] == str(mid.plan.plan_complete.year)


def test_explanation_table_lists_every_competency(mid: Report, mid_html: str) -> None:
    page = Page(mid_html)
    assert page.count("tr", "competency") == len(mid.assessment.competencies)
    table = page.text("competency-table")
    assert "Expected at L2" in table and "Expected at L3" in table
    assert "self: 3" in table and "manager: 1" in table and "2.36" in table
    assert "-1.97" in table and "+1.28" in table  # the pulls, with their direction
    assert "Mentored an intern through their first model deployment" in table  # cited evidence


def test_gaps_are_ranked_with_skills_and_markers(mid: Report, mid_html: str) -> None:
    page = Page(mid_html)
    gaps = page.text("gaps")
    assert page.count("li", "gap") == len(mid.gaps.gaps)
    names = [gap.name for gap in mid.gaps.gaps]
    positions = [gaps.index(name + " Now") for name in names]
    assert positions == sorted(positions)
    first = mid.gaps.gaps[0]
    assert f"short by {first.shortfall:g}" in gaps
    assert all(skill.name in gaps for skill in first.skills)
    assert all(" ".join(marker.split()) in gaps for marker in first.markers)


def test_plan_section_has_dates_hours_milestones_and_the_readiness_rule(mid: Report, mid_html: str) -> None:
    page = Page(mid_html)
    made = mid.plan
    assert page.count("tr", "activity") == len(made.activities)
    assert page.count("tr", "milestone") == len(made.milestones)
    activities = page.text("activity-table")
    first = made.activities[0]
    assert first.title in activities
    assert first.start.isoformat() in activities and first.end.isoformat() in activities
    assert page.text("plan-complete") == made.plan_complete.isoformat()
    assert page.text("readiness-date") == made.readiness_date.isoformat()
    rule = page.text("readiness-rule")
    assert made.plan_complete.isoformat() in rule
    assert made.timeline.earliest_by_timeline is not None
    assert made.timeline.earliest_by_timeline.isoformat() in rule and "accelerated" in rule
    figures = page.text("timeline-figures")
    assert "3-4 years" in figures and "2-3 years" in figures  # realistic; accelerated and time in level
    assert "2027-08-01 to 2028-08-01" in figures


def test_user_text_is_escaped(tmp_path: Path, ml_ladder: Framework) -> None:
    data = yaml.safe_load((PROFILES / "mid.yaml").read_text(encoding="utf-8"))
    data["name"] = HOSTILE_NAME
    data["evidence"][0]["text"] = 'Wrote <img src=x onerror="boom()"> & | **bold** notes'
    report = build(write_profile(tmp_path, data), ml_ladder)
    html = report.html()
    page = Page(html)
    assert not any(tag in {"script", "img"} for tag, _ in page.elements)
    assert HOSTILE_NAME in page.text("report-header")  # shown as text ...
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html  # ... because it was escaped
    assert "Wrote &lt;img src=x onerror=&#34;boom()&#34;&gt; &amp; | **bold** notes" in html
    markdown = report.markdown()
    assert not re.search(r"(?<!\\)<(script|/script|img)", markdown)  # every tag opening is backslash-escaped
    assert r"# Career assessment: \<script>alert(1)\</script>" in markdown
    assert r"Wrote \<img src=x onerror=" in markdown and r"& \| \*\*bold\*\* notes" in markdown


# --- the Markdown report -----------------------------------------------------------------------------------------


def test_markdown_has_every_section_and_the_level(mid: Report) -> None:
    markdown = mid.markdown()
    headings = [line for line in markdown.splitlines() if line.startswith("#")]
    assert headings == [
        "# Career assessment: Jordan Sample",
        "## Placement",
        "## Summary",
        "## First, towards L3 Senior ML Engineer",
        "## Level probabilities",
        "## Competencies",
        "### Evidence cited",
        "## Gaps to L3 Senior ML Engineer",
        "### What L3 evidence looks like",
        "## Plan to L3 Senior ML Engineer",
        "### The next 90 days",
        "### Left out",
        "### Activities",
        "### Milestones",
        "### When ready",
    ]
    assert "- Placed level: **L2** ML Engineer" in markdown
    assert "| **L2** | ML Engineer | >99.9% |" in markdown
    assert "| MLOps and production | self: 3, manager: 2 | 2.36 | 2 | 3 | +1.28 | meets |" in markdown
    assert f"Ready for L3: **{mid.plan.readiness_date.isoformat()}**" in markdown
    activities = markdown[markdown.index("### Activities") : markdown.index("### Milestones")]
    rows = [line for line in activities.splitlines() if re.match(r"\| a\d+ \|", line)]
    assert len(rows) == len(mid.plan.activities)
    assert "<svg" not in markdown


def test_markdown_text_escapes_markup_but_keeps_plain_words() -> None:
    assert markdown_text("Plain words, 3% and 1.5 years") == "Plain words, 3% and 1.5 years"
    assert markdown_text("a | b\nc") == r"a \| b c"
    assert markdown_text("# not a heading") == r"\# not a heading"
    assert markdown_text("<b>x</b> < 3") == r"\<b>x\</b> < 3"


# --- other ladders and profiles ----------------------------------------------------------------------------------


@pytest.mark.parametrize("name", ["junior", "mid", "senior", "staff", "principal"])
def test_every_example_profile_renders(name: str, ml_ladder: Framework) -> None:
    report = build(PROFILES / f"{name}.yaml", ml_ladder)
    html = report.html()
    found = charts(html)
    assert set(found) == ({"bars", "radar", "timeline"} if report.plan.activities else {"bars", "radar"})
    series = 3 if report.gaps.target != report.assessment.level else 2
    assert len(list(found["radar"].iter(SVG + "polygon"))) == series
    assert set(SECTIONS) <= Page(html).ids()
    assert f"**{report.assessment.level}**" in report.markdown()


def test_the_top_of_the_ladder_has_nothing_to_plan(ml_ladder: Framework) -> None:
    report = build(PROFILES / "principal.yaml", ml_ladder)
    assert report.assessment.level == report.gaps.target == "L5"
    page = Page(report.html())
    assert "Nothing to plan" in page.text("plan") and "Already at L5" in page.text("readiness-rule")
    assert "timeline-figures" not in page.ids()
    assert "Nothing to plan" in report.markdown()


def test_a_report_on_the_example_data_scientist_ladder(tmp_path: Path) -> None:
    framework = load_framework(EXAMPLE_FRAMEWORK)
    profile = write_profile(
        tmp_path,
        {
            "name": "Sam Example",
            "framework": "data-scientist",
            "years_experience": 3,
            "ratings": {
                "self": {"statistics": 4, "experimentation": 2, "programming": 2, "communication": 2},
                "manager": {"statistics": 2, "experimentation": 2, "programming": 3},
            },
            "evidence": [{"text": "Ran the checkout A/B test & wrote it up", "competencies": ["experimentation"]}],
            "skills": ["python"],
        },
    )
    report = build(profile, framework)
    assert report.assessment.unrated == ["product-sense"]
    assert report.assessment.disagreements == ["statistics"]
    html = report.html()
    page = Page(html)
    found = charts(html)
    polygons = list(found["radar"].iter(SVG + "polygon"))
    assert len(polygons) == (3 if report.gaps.target != report.assessment.level else 2)
    for polygon in polygons:  # the ratings lack the unrated one; the expectations have every competency
        assert len(points(polygon)) == (4 if polygon.get("data-series") == "Combined rating" else 5)
    radar = Radar(found["radar"])
    radar.check_missing("Combined rating", {4}, [c.name for c in placed_competencies(framework)])
    assert "Not rated, so drawn as a hollow marker with no point: Product sense" in page.text("competencies")
    assert len(with_class(found["bars"], "g", "bar-row")) == 4
    assert "raters disagree" in page.text("competency-table")
    assert "Ran the checkout A/B test & wrote it up" in page.text("competency-table")
    assert len(with_class(found.get("timeline", ET.Element("x")), "g", "activity")) == len(report.plan.activities)
    markdown = report.markdown()
    assert "# Career assessment: Sam Example" in markdown and f"**{report.assessment.level}**" in markdown
    assert "Not rated: Product sense." in markdown


def test_inputs_from_another_framework_are_refused(mid: Report) -> None:
    other = load_framework(EXAMPLE_FRAMEWORK)
    with pytest.raises(InputError, match="not only 'data-scientist'"):
        report_html(other, mid.assessment, mid.gaps, mid.plan)


# --- the charts on their own -------------------------------------------------------------------------------------


def test_chart_text_is_xml_escaped() -> None:
    radar = ET.fromstring(radar_chart(["a < b & c", "x"], [("<series>", [1.0, 2.0], "#000")]))
    assert [label_lines(t) for t in with_class(radar, "text", "axis-label")] == ["a < b & c", "x"]
    assert [polygon.get("data-series") for polygon in radar.iter(SVG + "polygon")] == ["<series>"]
    bars = ET.fromstring(probability_bars({'"quoted" & <b>': 0.25}, None))
    assert with_class(bars, "g", "bar-row")[0].get("data-label") == '"quoted" & <b>'


def test_radar_values_must_match_the_axes() -> None:
    with pytest.raises(ValueError, match="2 values for 3 axes"):
        radar_chart(["a", "b", "c"], [("s", [1.0, 2.0], "#000")])


def test_an_empty_timeline_says_so() -> None:
    timeline = ET.fromstring(plan_timeline([], [], START, START))
    assert not with_class(timeline, "g", "activity")
    assert "No activities to schedule." in all_text(timeline)


@pytest.mark.parametrize(("factor", "label"), [(1.04, "1.0"), (14.44, "14.4"), (250.4, "250"), (2.5e24, "1,000+")])
def test_odds_factors_stay_readable(factor: float, label: str) -> None:
    assert advice.odds(factor) == label


@pytest.mark.parametrize(
    ("probability", "label"), [(0.0, "0.0%"), (0.00004, "<0.1%"), (0.25, "25.0%"), (0.99996, ">99.9%"), (1.0, "100.0%")]
)
def test_percent_labels(probability: float, label: str) -> None:
    assert percent_label(probability) == label


# --- advice a coach would sign: one order, honest confidence, a bounded plan ------------------------------------


def changer(tmp_path: Path, ladder: Framework) -> Report:
    """Ten years of strong backend work, weak ML fundamentals, moving into ML: the placement is capped."""
    ratings = {c.id: 4 for c in ladder.competencies} | {"ml-fundamentals": 1, "deep-learning": 1}
    data = {
        "name": "Casey Changer",
        "framework": "ml-engineer",
        "years_experience": 10,
        "goal": {"kind": "move-into-ml", "from": "backend"},
        "ratings": {"self": ratings, "manager": ratings},
    }
    return build(write_profile(tmp_path, data), ladder)


def ordered_names(text: str, names: list[str]) -> list[str]:
    """The names found in ``text``, in the order they first appear there."""
    return sorted((name for name in names if name in text), key=text.index)


def test_one_order_for_what_to_raise_first(mid: Report, mid_html: str) -> None:
    page = Page(mid_html)
    order = [gap.competency for gap in mid.gaps.gaps]
    assert order[:3] == mid.assessment.first[:3]
    first = [attrs.get("data-id") for tag, attrs in page.elements if tag == "li" and attrs.get("class") == "first"]
    listed = [attrs.get("data-id") for tag, attrs in page.elements if tag == "li" and attrs.get("class") == "gap"]
    assert first == order[:3] and listed == order  # the short list is the start of the one list
    names = [gap.name for gap in mid.gaps.gaps]
    raise_first = page.text("summary").split("raise first:")[1]
    assert ordered_names(raise_first, names) == names[:3]  # the summary names them in the same order
    assert "below the L2 expectation" in page.text("first")  # why the first one comes first
    markdown = mid.markdown()
    numbered = re.findall(r"^(\d+)\. \*\*(.+?)\*\* \(", markdown, flags=re.M)
    assert [name for _, name in numbered] == names[:3]
    rows = [line.split(" | ")[1] for line in markdown.splitlines() if re.match(r"\| \d+ \| ", line)]
    assert rows == names


def test_another_target_keeps_a_single_order(tmp_path: Path, ml_ladder: Framework) -> None:
    """A report towards another level than the profile's: the summary names the gaps to that level, in their order."""
    profile = load_profile(PROFILES / "mid.yaml", ml_ladder)
    assessment = assess(profile, ml_ladder)
    made = plan(profile, ml_ladder, start=START, assessment=assessment, target="L4")
    assert made.gaps.target == "L4" != assessment.target
    page = Page(report_html(ml_ladder, assessment, made.gaps, made))
    summary = page.text("summary")
    names = [gap.name for gap in made.gaps.gaps]
    assert "Towards L4, raise first:" in summary and "Towards L3" not in summary
    assert ordered_names(summary.split("raise first:")[1], names) == names[:3]
    assert page.text("first").startswith("First, towards L4")


def test_confidence_says_why(mid: Report, mid_html: str) -> None:
    page = Page(mid_html)
    reasons = mid.assessment.confidence.reasons
    assert reasons == ["below the L2 expectation in 1 of 11 competencies"]
    assert page.text("confidence-reasons") == " ".join(reasons)
    assert f"  - {reasons[0]}\n" in mid.markdown()


def test_a_career_changer_sees_the_cap_and_core_first(tmp_path: Path, ml_ladder: Framework) -> None:
    report = changer(tmp_path, ml_ladder)
    cap = report.assessment.cap
    assert cap is not None and cap.level == report.assessment.level == "L1"
    page = Page(report.html())
    assert page.text("cap-level") == "L1"
    assert "years and leadership from another field do not count" in page.text("cap")
    assert any("placement stops at L1" in reason for reason in report.assessment.confidence.reasons)
    assert "the core competencies first" in page.text("gaps-order")
    assert [gap.competency for gap in report.gaps.gaps][:2] == ["ml-fundamentals", "deep-learning"]
    assert "a core competency: raising it lifts the placement cap" in page.text("first")
    markdown = report.markdown()
    assert "| 1 | ML fundamentals and statistics | 1 | 2 | 1 | core |" in markdown
    assert not re.search(r"\d,\d{3},\d{3}", markdown)  # no odds factor in the millions
    assert "- Placed no higher than: **L1**. Moving into ML, the placement stops at L1" in markdown
    assert report.plan.deadline_basis[1:] in page.text("deadline")


def test_a_target_off_the_main_track(ml_ladder: Framework) -> None:
    profile = load_profile(PROFILES / "mid.yaml", ml_ladder)
    assessment = assess(profile, ml_ladder)
    made = plan(profile, ml_ladder, start=START, assessment=assessment, target="M1")
    assert made.gaps.probability_at_target is None and made.gaps.note
    html = report_html(ml_ladder, assessment, made.gaps, made)
    page = Page(html)
    assert "probability-at-target" not in page.ids()
    assert "M1 is off the main track" in page.text("gaps-note")
    assert "by how far each falls short" in page.text("gaps-order")
    markdown = report_markdown(ml_ladder, assessment, made.gaps, made)
    assert "Probability of being at M1" not in markdown and "M1 is off the main track" in markdown
    assert "| 1 | Communication and collaboration | 1.36 | 3 | 1.64 | below L2 |" in markdown
    assert re.search(r"\| \d+ \| ML fundamentals and statistics \| 2 \| 3 \| 1 \| 1 short \|", markdown)


def test_the_plan_starts_with_the_next_90_days(mid: Report, mid_html: str) -> None:
    made = mid.plan
    page = Page(mid_html)
    first = [attrs.get("data-id") for tag, attrs in page.elements if "next-activity" in (attrs.get("class") or "")]
    assert first == made.next_90_days == ["a1", "a2", "a3"]
    plan_part = page.text("plan")
    assert plan_part.index("The next 90 days") < plan_part.index("Timeline") < plan_part.index("Every activity")
    assert plan_part.index("The next 90 days") < plan_part.index("Left out")
    markdown = mid.markdown()
    plan_md = markdown[markdown.index("## Plan to") :]
    headings = [line for line in plan_md.splitlines() if line.startswith("### ")]
    assert headings[0] == "### The next 90 days"


def test_the_plan_shows_its_end_date_and_what_was_left_out(mid: Report, mid_html: str) -> None:
    made = mid.plan
    assert made.deadline == dt.date(2028, 8, 1) and made.left_out and made.full_weekly_hours is not None
    page = Page(mid_html)
    assert page.text("deadline-date") == "2028-08-01"
    deadline = page.text("deadline")
    assert deadline.startswith("The plan ends by") and made.deadline_basis[1:] in deadline
    assert page.count("tr", "left-out") == len(made.left_out)
    summary = page.text("left-out-summary")
    assert f"Left out to fit 5 h/week: {len(made.left_out)} activities" in summary
    assert f"The whole plan would need {made.full_weekly_hours:g} h/week by 2028-08-01." in summary
    left = page.text("left-out")
    assert all(" ".join(item.title.split()) in left for item in made.left_out)
    markdown = mid.markdown()
    assert f"- Ends by: 2028-08-01, {made.deadline_basis}" in markdown
    assert f"The whole plan would need {made.full_weekly_hours:g} h/week by 2028-08-01." in markdown


def test_hours_are_marked_as_estimates_with_their_basis(mid: Report, mid_html: str) -> None:
    page = Page(mid_html)
    activities = {a.id: a for a in mid.plan.activities}
    titles = [attrs.get("title") for tag, attrs in page.elements if tag == "td" and attrs.get("title")]
    made = mid.plan
    expected = [a.effort_basis for a in made.activities if a.id in made.next_90_days] + [
        a.effort_basis for a in made.activities
    ]
    assert titles == expected  # the basis of every estimate, on hover
    bases = page.text("effort-bases")
    assert all(activity.effort_basis in bases for activity in activities.values())
    table = page.text("activity-table")
    assert "~30 h" in table and " 30 " not in table.replace("~30 h", "")
    markdown = mid.markdown()
    first = mid.plan.activities[0]
    assert re.search(rf"\| {first.id} \| .* \| ~{first.effort_hours:g} h \[1\] \|", markdown)
    assert f"1. {first.effort_basis}" in markdown
    assert "Hours are estimates, made this way:" in markdown


def test_unrated_competencies_are_not_drawn_at_zero(tmp_path: Path, ml_ladder: Framework) -> None:
    data = yaml.safe_load((PROFILES / "mid.yaml").read_text(encoding="utf-8"))
    for rater in data["ratings"].values():
        del rater["research"], rater["leadership"]
    report = build(write_profile(tmp_path, data), ml_ladder)
    assert set(report.assessment.unrated) == {"research", "leadership"}
    radar = Radar(charts(report.html())["radar"])
    ids = [c.id for c in report.assessment.competencies]
    missing = {ids.index("research"), ids.index("leadership")}
    radar.check_missing("Combined rating", missing, [c.name for c in report.assessment.competencies])
    drawn = radar.drawn("Combined rating")
    for index, result in enumerate(report.assessment.competencies):
        if index not in missing:
            assert drawn[index] == pytest.approx(result.estimate, abs=0.01)
    assert len(radar.drawn("Expected at L2 (placed)")) == len(ids)  # references are whole


def test_the_radar_alone_breaks_its_outline_at_a_missing_value() -> None:
    svg = ET.fromstring(radar_chart(["a", "b", "c", "d"], [("s", [1.0, None, 3.0, 2.0], "#000")]))
    radar = Radar(svg)
    radar.check_missing("s", {1}, ["a", "b", "c", "d"])
    assert radar.drawn("s") == pytest.approx({0: 1.0, 2: 3.0, 3: 2.0}, abs=0.01)
    assert [[radar.axis(point) for point in run] for run in radar.outline_runs("s")] == [[2, 3, 0]]  # not over b
    whole = ET.fromstring(radar_chart(["a", "b", "c"], [("s", [1.0, 2.0, 3.0], "#000")]))
    assert not with_class(whole, "path", "series-outline") and not with_class(whole, "circle", "unrated")
