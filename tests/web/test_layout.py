"""The pages' layout as HTML: HEAD answered like GET, the plan's downloads, the plan folded by month, the history's
axis and its expected level in words, and sentences that say what they count. (What Chromium draws of the same is
in tests/browser/test_layout.py.)"""

from __future__ import annotations

import datetime as dt
import re

import icalendar
import pytest

from mlladder import Framework, Profile, assess, plan_ics, plan_markdown
from mlladder.store import Store
from tests.conftest import ROOT
from tests.web.conftest import Browser, Team, add_records

PROFILE = Profile(framework="ml-engineer", name="Noor Example", years_experience=4, ratings={"self": {"mlops": 2}})


@pytest.fixture
def plan_id(store: Store, ml_ladder: Framework, me: int) -> int:
    made: int = add_records(store, ml_ladder, me, PROFILE)["plan_id"]
    return made


# -- HEAD ----------------------------------------------------------------------------------------------------------


def test_head_answers_every_page_like_get_without_a_body(browser: Browser, me: int, plan_id: int) -> None:
    pages = ["/", "/ladder", "/ladder/levels/L3", f"/plans/{plan_id}", f"/people/{me}/history", "/static/style.css"]
    for path in [*pages, "/api/session", f"/plans/{plan_id}/download/md"]:
        got = browser.client.get(path)
        head = browser.client.head(path)
        assert (head.status_code, got.status_code) == (200, 200), path
        assert head.content == b"", path
        assert head.headers["content-type"] == got.headers["content-type"], path
        assert head.headers["content-length"] == str(len(got.content)), path
        assert head.headers["content-security-policy"] == got.headers["content-security-policy"], path


def test_head_fails_where_get_fails(browser: Browser, plan_id: int) -> None:
    assert browser.client.head("/ladder/levels/L9").status_code == 404
    assert browser.client.head("/plans/999999").status_code == 404
    missing = browser.client.head("/no/such/page")
    assert missing.status_code == 404 and missing.content == b""
    # A route that only takes forms: HEAD is GET, and GET is not allowed there either.
    assert browser.client.head(f"/plans/{plan_id}/activities/x").status_code == 405


# -- plan downloads ------------------------------------------------------------------------------------------------


def test_the_plan_downloads_as_the_command_line_writes_it(
    browser: Browser, store: Store, ml_ladder: Framework, plan_id: int
) -> None:
    made = store.get_plan(plan_id).plan
    page = browser.page(f"/plans/{plan_id}")
    markdown_link = page.by_testid("download-markdown").attrs["href"]
    calendar_link = page.by_testid("download-calendar").attrs["href"]

    markdown = browser.get(markdown_link)
    assert markdown.status_code == 200
    assert markdown.headers["content-type"] == "text/markdown; charset=utf-8"
    stem = f"plan-{plan_id}-{made.level}-to-{made.target}"
    assert markdown.headers["content-disposition"] == f'attachment; filename="{stem}.md"'
    assert markdown.text == plan_markdown(made, ml_ladder)
    assert markdown.text.startswith("# Growth plan for Noor Example")

    calendar = browser.get(calendar_link)
    assert calendar.status_code == 200
    assert calendar.headers["content-type"] == "text/calendar; charset=utf-8"
    assert calendar.headers["content-disposition"] == f'attachment; filename="{stem}.ics"'
    events = icalendar.Calendar.from_ical(calendar.content).walk("VEVENT")
    assert [event.decoded("dtstart") for event in events] == [milestone.date for milestone in made.milestones]
    same_run = plan_ics(made, ml_ladder, stamp=events[0].decoded("dtstamp"))
    assert calendar.content == same_run  # the CLI's file, to the byte, but for when it was made


def test_whoever_may_read_a_plan_may_download_it(team: Team, ml_ladder: Framework) -> None:
    records = add_records(team.store, ml_ladder, team.person("bea"), PROFILE)
    plan_id = records["plan_id"]
    for path in (f"/plans/{plan_id}/download/md", f"/plans/{plan_id}/download/ics"):
        assert team.browsers["bea"].get(path).status_code == 200
        assert team.browsers["mia"].get(path).status_code == 200  # her manager reads it
        assert team.browsers["admin"].get(path).status_code == 200
        assert team.browsers["ada"].get(path).status_code == 404  # as if there were no such plan


# -- the plan page, folded -----------------------------------------------------------------------------------------


def test_later_activities_fold_by_the_month_they_start_in(browser: Browser, store: Store, plan_id: int) -> None:
    made = store.get_plan(plan_id).plan
    page = browser.page(f"/plans/{plan_id}")
    later_keys = [a.id for a in made.activities if a.id not in made.next_90_days]
    starts = {activity.id: activity.start for activity in made.activities}
    months = page.all_testid("period")
    assert months and not any("open" in month.attrs for month in months)  # nothing under way yet: all folded
    folded: list[str] = []
    for month in months:
        keys = [card.attrs["data-key"] for card in month.find_all(data_testid="activity")]
        label = month.find("summary").text
        assert {starts[key].strftime("%B %Y") for key in keys} == {label.split(":")[0]}
        assert f": {len(keys)} activit" in label
        folded += keys
    assert folded == later_keys  # each once, in the plan's order
    assert page.by_testid("milestone-list").find("summary").text.startswith(f"{len(made.milestones)} milestones")

    key = later_keys[-1]
    assert browser.post(f"/plans/{plan_id}/activities/{key}", {"status": "doing"}).status_code == 303
    page = browser.page(f"/plans/{plan_id}")
    opened = [month for month in page.all_testid("period") if "open" in month.attrs]
    assert [card.attrs["data-key"] for card in opened[0].find_all(data_testid="activity")][-1] == key
    assert len(opened) == 1  # the month with work under way, and only it


def test_the_timeline_comes_stacked_for_narrow_screens(browser: Browser, store: Store, plan_id: int) -> None:
    made = store.get_plan(plan_id).plan
    page = browser.page(f"/plans/{plan_id}")
    box = page.by_testid("timeline-box")
    assert box.attrs["tabindex"] == "0" and box.attrs["role"] == "region" and box.attrs["aria-label"]
    wide = box.find("svg")
    stacked = page.by_testid("timeline-stacked").find("svg")
    assert "stacked" in stacked.attrs["class"].split() and float(stacked.attrs["width"]) <= 366
    for chart in (wide, stacked):
        rows = chart.find_all("g", **{"class": "activity"})
        assert [row.attrs["data-id"] for row in rows] == [activity.id for activity in made.activities]
        assert [row.attrs["data-start"] for row in rows] == [a.start.isoformat() for a in made.activities]
    assert len(stacked.find_all("g", **{"class": "milestone"})) == len(made.milestones)


# -- history -------------------------------------------------------------------------------------------------------


def test_the_history_axis_names_each_day_once(browser: Browser, store: Store, ml_ladder: Framework, me: int) -> None:
    result = assess(PROFILE, ml_ladder)
    assert 2 < result.expected_level < 2.5
    for _ in range(3):  # three assessments within a minute, on one day
        store.save_assessment(me, PROFILE, result)
    page = browser.page(f"/people/{me}/history")
    chart = page.by_testid("trend")
    days = [text.text for text in chart.find_all("text", **{"class": "date"})]
    assert days == [dt.datetime.now(dt.UTC).date().isoformat()]
    assert len(chart.find_all("line", **{"class": "day-span"})) == 1  # one bracket over the day's three
    times = {title.text.split(": ")[0] for title in chart.find_all("title") if title.text.startswith("L2, ")}
    assert len(times) == 3 or all(re.search(r"\d\d:\d\d$", when) for when in times)  # told apart by the time
    note = page.by_testid("expected-level-note").text
    assert "probability-weighted level" in note and "L1 = 1, L2 = 2" in note
    assert f"The latest, {result.expected_level:.2f}, lies between L2 and L3, nearer L2." in note


# -- words ---------------------------------------------------------------------------------------------------------


def test_the_packet_says_what_its_counts_count(browser: Browser, store: Store, ml_ladder: Framework, me: int) -> None:
    add_records(store, ml_ladder, me, PROFILE)
    summary = browser.page(f"/people/{me}/packet?target=L3").by_testid("packet-summary").text
    first, _, rest = summary.partition(" Of the other ")
    assert re.fullmatch(r"Evidence meets (\d+) of the 11 expectations of L3\.", first)
    assert re.match(r"\d+, \d+ ha(s|ve) ", rest), summary  # never a bare "2 have ..." after "6 of the 11"
    assert not re.search(r"\. \d+ ha(s|ve) ", summary)


def test_change_on_the_wizard_summary_is_one_named_action(browser: Browser, me: int, ml_ladder: Framework) -> None:
    browser.post(f"/people/{me}/assess", {"name": "Noor", "years_experience": "4", "weekly_hours": "4"})
    page = browser.page(f"/people/{me}/assess/summary")
    header = page.by_testid("wizard-summary").find("thead").find_all("th")[-1]
    assert header.text == "Change"  # no empty column header
    links = [cell.find("a") for cell in page.by_testid("wizard-summary").find_all("td", **{"class": "action"})]
    assert links and all(link.text == "Change" for link in links)
    names = [link.attrs["aria-label"] for link in links]  # "Change ML fundamentals and statistics", ...
    assert all(name.startswith("Change ") for name in names) and len(set(names)) == len(names)


# -- the radar on a phone ------------------------------------------------------------------------------------------


def test_the_phone_radar_numbers_its_spokes_and_names_them_in_a_key(
    browser: Browser, store: Store, ml_ladder: Framework, me: int
) -> None:
    assessment_id = add_records(store, ml_ladder, me, PROFILE)["assessment_id"]
    assessment = store.get_assessment(assessment_id).assessment
    page = browser.page(f"/assessments/{assessment_id}")
    compact = page.by_testid("radar-compact")
    labels = [e for e in compact.iter() if e.tag == "text" and "axis-label" in e.attrs.get("class", "").split()]
    numbers = [label.find("tspan").text for label in labels]
    assert numbers == [str(n) for n in range(1, len(assessment.competencies) + 1)]
    key = compact.find(data_testid="radar-key")
    rows = key.find("tbody").find_all("tr")
    assert [row.find("th").text for row in rows] == [c.name for c in assessment.competencies]
    headers = [cell.text for cell in key.find("thead").find_all("th")]
    assert headers[:3] == ["#", "Competency", "Combined rating"]
    rated = {c.name: c.estimate for c in assessment.competencies}
    for row in rows:
        shown = row.find_all("td")[1].text
        estimate = rated[row.find("th").text]
        assert shown == ("not rated" if estimate is None else f"{estimate:.2f}".rstrip("0").rstrip("."))
    assert page.by_testid("radar").find("svg") is not None  # the named one, for wide screens


def test_every_scrolling_box_is_reachable_by_keyboard_and_named() -> None:
    """A box that scrolls sideways on a narrow screen must take the focus (so its hidden part can be scrolled with
    the arrow keys) and say what it holds; checked on the templates, so a new table cannot forget it."""
    templates = ROOT / "src" / "mlladder" / "web" / "templates"
    boxes = [
        (path.name, tag)
        for path in sorted(templates.glob("*.html"))
        for tag in re.findall(r'<div class="scroll[^"]*"[^>]*>', path.read_text(encoding="utf-8"))
    ]
    assert len(boxes) >= 15
    for name, tag in boxes:
        assert 'tabindex="0"' in tag and 'role="region"' in tag and 'aria-label="' in tag, f"{name}: {tag}"
