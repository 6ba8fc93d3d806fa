"""Markdown and iCalendar exports of real plans built from the example profiles on the built-in ladder.

The iCalendar checks parse the bytes twice: with the ``icalendar`` package (as a calendar program would) and
with the small RFC 5545 reader below, so a library bug in folding or escaping cannot hide behind itself.
"""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path
from typing import Any

import icalendar
import pytest
import yaml

from mlladder import Framework, Plan, load_profile, plan
from mlladder.report.plan_export import plan_ics, plan_markdown
from tests.conftest import ROOT

START = dt.date(2027, 1, 4)
STAMP = dt.datetime(2027, 1, 4, 9, 30, tzinfo=dt.UTC)
PROFILES = sorted((ROOT / "examples" / "profiles").glob("*.yaml"))
WITH_MILESTONES = [path for path in PROFILES if path.stem != "principal"]
TRICKY_NAME = "Zoë O'Neil; A, B\\C\nsecond line"


def build(path: Path, framework: Framework) -> Plan:
    return plan(load_profile(path, framework), framework, start=START)


def build_changed(path: Path, framework: Framework, tmp_path: Path, **changes: Any) -> Plan:
    """A plan from a copy of an example profile, written to a real file with some fields changed."""
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    data.update(changes)
    changed = tmp_path / path.name
    changed.write_text(yaml.safe_dump(data, sort_keys=False, allow_unicode=True), encoding="utf-8")
    return build(changed, framework)


def section(markdown: str, heading: str) -> str:
    """The text under a '## ' heading, up to the next one."""
    start = markdown.index(f"\n## {heading}\n")
    end = markdown.find("\n## ", start + 1)
    return markdown[start : end if end != -1 else None]


def table_rows(text: str) -> list[list[str]]:
    """The body rows of the Markdown table in ``text`` (header and rule left out)."""
    lines = [line for line in text.splitlines() if line.startswith("| ")]
    return [[cell.strip() for cell in re.split(r"(?<!\\)\|", line)[1:-1]] for line in lines[2:]]


# -- an RFC 5545 reader independent of the icalendar package ------------------------------------------------------

TEXT_VALUE = re.compile(r"(?:[^\\;,]|\\[\\;,nN])*")  # TEXT: ';' ',' '\' only escaped, newlines as \n


def content_lines(data: bytes) -> list[str]:
    """Check the physical lines (CRLF, at most 75 octets, whole UTF-8 characters) and unfold them."""
    assert data.endswith(b"\r\n")
    physical = data[:-2].split(b"\r\n")
    unfolded: list[bytes] = []
    for line in physical:
        assert b"\r" not in line and b"\n" not in line, line
        assert len(line) <= 75, line
        line.decode("utf-8")  # a fold must not split a multi-octet character
        if line[:1] in (b" ", b"\t"):
            assert unfolded, "the first line cannot be a continuation"
            unfolded[-1] += line[1:]
        else:
            unfolded.append(line)
    return [line.decode("utf-8") for line in unfolded]


def split_property(line: str) -> tuple[str, str, str]:
    """'DTSTART;VALUE=DATE:20270203' -> ('DTSTART', ';VALUE=DATE', '20270203')."""
    match = re.fullmatch(r"([A-Za-z0-9-]+)((?:;[^:;]+=[^:;]*)*):(.*)", line)
    assert match, line
    return match.group(1).upper(), match.group(2), match.group(3)


def unescape(value: str) -> str:
    assert TEXT_VALUE.fullmatch(value), f"unescaped character in {value!r}"
    return re.sub(r"\\([\\;,nN])", lambda m: "\n" if m.group(1) in "nN" else m.group(1), value)


def read_calendar(data: bytes) -> tuple[dict[str, list[str]], list[dict[str, list[str]]]]:
    """Calendar properties and each VEVENT's properties (name -> raw values), checking the nesting."""
    stack: list[str] = []
    calendar: dict[str, list[str]] = {}
    events: list[dict[str, list[str]]] = []
    components = 0
    for line in content_lines(data):
        name, params, value = split_property(line)
        if name == "BEGIN":
            assert stack or value == "VCALENDAR", "everything must sit inside VCALENDAR"
            stack.append(value)
            components += len(stack) == 2
            if value == "VEVENT":
                events.append({})
            continue
        if name == "END":
            assert stack and stack.pop() == value, f"END:{value} does not close the open component"
            continue
        assert stack, f"{name} outside VCALENDAR"
        target = calendar if stack == ["VCALENDAR"] else events[-1] if stack[-1] == "VEVENT" else {}
        target.setdefault(name, []).append(params + ":" + value if params else value)
    assert stack == [], f"unclosed components: {stack}"
    assert components >= 1, "RFC 5545 wants at least one component in a calendar"
    for required in ("VERSION", "PRODID"):
        assert len(calendar.get(required, [])) == 1, required
    for event in events:
        for required in ("UID", "DTSTAMP", "DTSTART"):
            assert len(event.get(required, [])) == 1, required
    return calendar, events


# -- Markdown -----------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("path", WITH_MILESTONES, ids=lambda path: path.stem)
def test_markdown_has_every_section_the_date_and_a_row_per_activity(path: Path, ml_ladder: Framework) -> None:
    the_plan = build(path, ml_ladder)
    markdown = plan_markdown(the_plan, ml_ladder)
    assert markdown.startswith(f"# Growth plan for {the_plan.name}\n")
    headings = [line.removeprefix("## ") for line in markdown.splitlines() if line.startswith("## ")]
    assert headings[0] == "The next 90 days"  # what to do first comes first
    for heading in ("Projected readiness", "Gaps, in the order to close them", "Activities", "Milestones"):
        assert heading in headings
    assert f"### The framework's timeline from {the_plan.level} to {the_plan.target}" in markdown
    assert "Readiness is the later of two dates" in markdown
    assert f"**{the_plan.readiness_date.isoformat()}**, set by the {the_plan.readiness_basis}" in markdown
    assert f"- **Start:** {START.isoformat()}" in markdown
    assert f"- **Total hours:** ~{the_plan.total_hours:g} h " in markdown
    assert f"- **Ends by:** {the_plan.deadline}: {the_plan.deadline_basis}\n" in markdown

    activities = table_rows(section(markdown, "Activities"))
    assert [row[0] for row in activities] == [activity.id for activity in the_plan.activities]
    bases = list(dict.fromkeys(activity.effort_basis for activity in the_plan.activities))
    for row, activity in zip(activities, the_plan.activities, strict=True):
        assert row[2] == activity.title.replace("|", "\\|")
        hours = f"~{activity.effort_hours:g} h [{bases.index(activity.effort_basis) + 1}]"  # an estimate, its note
        assert row[4:7] == [hours, activity.start.isoformat(), activity.end.isoformat()]
        assert row[7] == (", ".join(activity.depends_on) or "-")
    notes = section(markdown, "Activities").split("Hours are estimates, made this way:")[1]
    assert [line.split(". ", 1)[1] for line in notes.strip().splitlines()] == bases
    first = table_rows(section(markdown, "The next 90 days"))
    assert [row[0] for row in first] == the_plan.next_90_days
    assert [row[5] for row in first] == [a.why for a in the_plan.activities if a.id in the_plan.next_90_days]
    gap_rows = table_rows(section(markdown, "Gaps, in the order to close them"))
    assert [row[1] for row in gap_rows] == [gap.name for gap in the_plan.gaps.gaps]
    milestones = table_rows(section(markdown, "Milestones"))
    assert [row[0] for row in milestones] == [m.date.isoformat() for m in the_plan.milestones]


def test_markdown_header_names_levels_with_titles(ml_ladder: Framework) -> None:
    markdown = plan_markdown(build(ROOT / "examples/profiles/senior.yaml", ml_ladder), ml_ladder)
    assert "- **From:** L3 Senior ML Engineer\n" in markdown
    assert "- **Target:** L4 Staff ML Engineer\n" in markdown
    assert "- **Weekly hours:** 4\n" in markdown
    gaps = table_rows(section(markdown, "Gaps, in the order to close them"))
    assert gaps[0][:6] == ["1", "Research and innovation", "2.36", "3", "0.64", "below L3"]  # it comes first
    assert ["Business impact and strategy", "3", "4", "1"] in [row[1:5] for row in gaps]
    assert all(re.fullmatch(r"odds ×\d+(\.\d)?", row[5]) for row in gaps[1:])


def test_markdown_gives_the_timeline_figures_and_their_dates_from_the_anchor(ml_ladder: Framework) -> None:
    the_plan = build(ROOT / "examples/profiles/senior.yaml", ml_ladder)
    markdown = plan_markdown(the_plan, ml_ladder)
    assert "The anchor is 2023-04-01: the date the profile gives for reaching L3 (in_level_since)." in markdown
    assert "| Realistic | 3-5 | 2026-04-01 to 2028-04-01 |" in markdown
    assert "| Accelerated | 2-4 | 2025-04-01 to 2027-04-01 |" in markdown
    assert "| Time in level | 3 | 2026-04-01 |" in markdown
    # The dates shown are the planner's own: the realistic range and the floor it used.
    assert the_plan.timeline.realistic_dates == (dt.date(2026, 4, 1), dt.date(2028, 4, 1))
    assert the_plan.timeline.earliest_by_timeline == dt.date(2025, 4, 1)
    assert "- Earliest date the timeline allows: 2025-04-01" in markdown


def test_markdown_when_the_framework_has_no_accelerated_figure(ml_ladder: Framework) -> None:
    the_plan = build(ROOT / "examples/profiles/staff.yaml", ml_ladder)
    markdown = plan_markdown(the_plan, ml_ladder)
    assert "| Accelerated | not given | - |" in markdown
    assert "| Time in level | 3 | 2026-01-15 |" in markdown
    assert f"- Earliest date the timeline allows: {the_plan.timeline.earliest_by_timeline}" in markdown


def test_markdown_says_when_the_timeline_sets_readiness(ml_ladder: Framework, tmp_path: Path) -> None:
    # Full-time study finishes the plan within months, but the person only just reached L2.
    path = ROOT / "examples/profiles/mid.yaml"
    the_plan = build_changed(path, ml_ladder, tmp_path, in_level_since=dt.date(2026, 6, 1), weekly_hours=80)
    assert the_plan.readiness_basis == "timeline"
    markdown = plan_markdown(the_plan, ml_ladder)
    assert (
        f"**{the_plan.readiness_date}**, set by the timeline: the plan is done on {the_plan.plan_complete}, "
        f"but the accelerated timeline allows L3 no earlier than {the_plan.readiness_date}."
    ) in markdown
    assert the_plan.readiness_date == dt.date(2028, 6, 1)


def test_markdown_keeps_a_tricky_name_on_one_line(ml_ladder: Framework, tmp_path: Path) -> None:
    the_plan = build_changed(ROOT / "examples/profiles/junior.yaml", ml_ladder, tmp_path, name=TRICKY_NAME)
    markdown = plan_markdown(the_plan, ml_ladder)
    assert markdown.startswith("# Growth plan for Zoë O'Neil; A, B\\C second line\n")


# -- iCalendar ----------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("path", WITH_MILESTONES, ids=lambda path: path.stem)
def test_ics_has_one_all_day_event_per_milestone(path: Path, ml_ladder: Framework) -> None:
    the_plan = build(path, ml_ladder)
    parsed = icalendar.Calendar.from_ical(plan_ics(the_plan, ml_ladder, stamp=STAMP))
    events = parsed.walk("VEVENT")
    assert len(events) == len(the_plan.milestones) > 0
    titles = {activity.id: activity.title for activity in the_plan.activities}
    hours = {activity.id: activity.effort_hours for activity in the_plan.activities}
    for event, milestone in zip(events, the_plan.milestones, strict=True):
        assert event.decoded("DTSTART") == milestone.date and not isinstance(event.decoded("DTSTART"), dt.datetime)
        assert event.decoded("DTEND") == milestone.date + dt.timedelta(days=1)
        assert event.decoded("DTSTAMP") == STAMP
        assert str(event["SUMMARY"]) == milestone.title
        description = str(event["DESCRIPTION"])
        assert f"Projected readiness: {the_plan.readiness_date}." in description
        assert f"The plan ends by {the_plan.deadline}: {the_plan.deadline_basis}." in description
        for activity_id in milestone.done:
            assert f"- {activity_id} {titles[activity_id]} (" in description
            assert f"; ~{hours[activity_id]:g} h, ends " in description
    assert str(parsed["VERSION"]) == "2.0"
    assert str(parsed["METHOD"]) == "PUBLISH"
    assert str(parsed["CALSCALE"]) == "GREGORIAN"


@pytest.mark.parametrize("path", PROFILES, ids=lambda path: path.stem)
def test_ics_structure_follows_rfc_5545(path: Path, ml_ladder: Framework) -> None:
    the_plan = build(path, ml_ladder)
    calendar, events = read_calendar(plan_ics(the_plan, ml_ladder, stamp=STAMP))
    assert calendar["VERSION"] == ["2.0"]
    assert calendar["CALSCALE"] == ["GREGORIAN"] and calendar["METHOD"] == ["PUBLISH"]
    assert unescape(calendar["X-WR-CALNAME"][0]).startswith(f"Growth plan for {the_plan.name}: ")
    assert len(events) == len(the_plan.milestones)
    for event, milestone in zip(events, the_plan.milestones, strict=True):
        assert event["DTSTART"] == [f";VALUE=DATE:{milestone.date:%Y%m%d}"]
        assert event["DTEND"] == [f";VALUE=DATE:{milestone.date + dt.timedelta(days=1):%Y%m%d}"]
        assert event["DTSTAMP"] == ["20270104T093000Z"]
        assert unescape(event["SUMMARY"][0]) == milestone.title
        assert event["UID"][0].endswith("@mlladder")


def test_ics_escapes_commas_semicolons_backslashes_and_newlines(ml_ladder: Framework, tmp_path: Path) -> None:
    the_plan = build_changed(ROOT / "examples/profiles/junior.yaml", ml_ladder, tmp_path, name=TRICKY_NAME)
    data = plan_ics(the_plan, ml_ladder, stamp=STAMP)
    calendar, events = read_calendar(data)
    escaped = "Zoë O'Neil\\; A\\, B\\\\C\\nsecond line"
    assert calendar["X-WR-CALNAME"][0].startswith(f"Growth plan for {escaped}: ")
    assert unescape(calendar["X-WR-CALNAME"][0]).startswith(f"Growth plan for {TRICKY_NAME}: ")
    assert all(escaped in event["DESCRIPTION"][0] for event in events)
    assert any("\\," in event["SUMMARY"][0] for event in events)  # titles listing several activities
    # ... and the library reads the same text back.
    parsed = icalendar.Calendar.from_ical(data).walk("VEVENT")
    for event, milestone in zip(parsed, the_plan.milestones, strict=True):
        assert str(event["DESCRIPTION"]).startswith(f"Growth plan for {TRICKY_NAME}: L1 Junior ML Engineer to L2")
        assert str(event["SUMMARY"]) == milestone.title


def test_uids_are_unique_and_stable(ml_ladder: Framework) -> None:
    def uids(path: Path, stamp: dt.datetime) -> list[str]:
        _, events = read_calendar(plan_ics(build(path, ml_ladder), ml_ladder, stamp=stamp))
        return [event["UID"][0] for event in events]

    senior = ROOT / "examples/profiles/senior.yaml"
    first = uids(senior, STAMP)
    assert len(set(first)) == len(first)
    assert uids(senior, STAMP + dt.timedelta(days=30)) == first  # exported again later: same events
    assert not set(first) & set(uids(ROOT / "examples/profiles/mid.yaml", STAMP))


def test_dtstamp_defaults_to_now_in_utc(ml_ladder: Framework) -> None:
    before = dt.datetime.now(dt.UTC).replace(microsecond=0)
    _, events = read_calendar(plan_ics(build(ROOT / "examples/profiles/senior.yaml", ml_ladder), ml_ladder))
    stamp = dt.datetime.strptime(events[0]["DTSTAMP"][0], "%Y%m%dT%H%M%SZ").replace(tzinfo=dt.UTC)
    assert before <= stamp <= dt.datetime.now(dt.UTC)


# -- a profile that already meets its target ----------------------------------------------------------------------


def test_both_exports_work_when_there_is_nothing_to_schedule(ml_ladder: Framework) -> None:
    the_plan = build(ROOT / "examples/profiles/principal.yaml", ml_ladder)
    assert the_plan.activities == [] and the_plan.milestones == []

    markdown = plan_markdown(the_plan, ml_ladder)
    assert f"**{START}**, the start date: already meets the L5 expectations" in markdown
    assert "None: every competency meets the L5 expectation." in markdown
    assert section(markdown, "Activities").strip().endswith("None: nothing to schedule.")
    assert section(markdown, "Milestones").strip().endswith("None: nothing to schedule.")
    assert section(markdown, "The next 90 days").strip().endswith("every competency meets the L5 expectation.")
    assert "## Left out" not in markdown
    assert "None: the target is the level the person is already at." in markdown

    data = plan_ics(the_plan, ml_ladder, stamp=STAMP)
    calendar, events = read_calendar(data)  # still at least one component, as RFC 5545 asks
    assert events == []
    assert calendar["PRODID"] and calendar["VERSION"] == ["2.0"]
    parsed = icalendar.Calendar.from_ical(data)
    assert parsed.walk("VEVENT") == []
    assert str(parsed["VERSION"]) == "2.0"


def test_markdown_lists_what_the_end_date_left_out(ml_ladder: Framework) -> None:
    the_plan = build(ROOT / "examples/profiles/mid.yaml", ml_ladder)
    assert the_plan.left_out and the_plan.full_weekly_hours is not None and the_plan.deadline is not None
    markdown = plan_markdown(the_plan, ml_ladder)
    left = section(markdown, "Left out")
    total = sum(item.effort_hours for item in the_plan.left_out)
    assert (
        f"Left out to fit {the_plan.weekly_hours:g} h/week: {len(the_plan.left_out)} activities (~{total:g} h). "
        f"The whole plan would need {the_plan.full_weekly_hours:g} h/week by {the_plan.deadline}."
    ) in left
    rows = table_rows(left)
    assert [row[0] for row in rows] == [" ".join(item.title.split()) for item in the_plan.left_out]
    assert [row[2] for row in rows] == [f"~{item.effort_hours:g} h" for item in the_plan.left_out]
    headings = [line for line in markdown.splitlines() if line.startswith("## ")]
    assert headings.index("## Left out") < headings.index("## Activities")
