"""Layout and charts as Chromium draws them, at a phone's width (390 px) and a desktop's (1280 px): one-word actions
that stay on one line, checkboxes beside their words, radar labels big enough to read, a timeline that says it
scrolls and scrolls from the keyboard, a history axis that names each day once, and a plan page short enough to
scan with every activity still one click away.
"""

from __future__ import annotations

import re

import pytest

from tests.browser.support import Server, require_browser

require_browser()

from playwright.sync_api import Locator, Page, ViewportSize, expect  # noqa: E402  (only once Playwright is there)

from tests.browser.test_phone import api, seed  # noqa: E402

pytestmark = pytest.mark.browser

PHONE: ViewportSize = {"width": 390, "height": 844}
DESKTOP: ViewportSize = {"width": 1280, "height": 800}
SMALLEST_LABEL_PX = 11.0
# The example plan's page before it was folded by month, measured in this Chromium: 10,808 px tall at 390 px and
# 7,384 px at 1280 px. Folded, it must take at most half of that.
PLAN_HEIGHT_BEFORE = {390: 10_808, 1280: 7_384}

# How tall a text is on screen: its font size in SVG units times the chart's scale (the SVG shrinks to fit).
RENDERED_FONT = """(texts) => texts
  .filter((text) => text.getBoundingClientRect().width > 0)
  .map((text) => parseFloat(getComputedStyle(text).fontSize) * text.getScreenCTM().a)"""
FONT_PX = "(elements) => elements.map((element) => parseFloat(getComputedStyle(element).fontSize))"
# Line boxes of a link's text: more than one means it wrapped.
LINES = "(link) => link.getClientRects().length"
# A checkbox and its label's words: the box's middle within the words' first line, and the box left of them.
BESIDE = """(label) => {
  const box = label.querySelector('input').getBoundingClientRect();
  const words = document.createRange();
  words.setStart(label.querySelector('input').nextSibling, 0);
  words.setEndAfter(label.lastChild);
  const line = words.getClientRects()[0];
  const middle = (box.top + box.bottom) / 2;
  return {middle_in_line: middle >= line.top && middle <= line.bottom, left_of_words: box.right <= line.left + 1};
}"""


def test_change_stays_on_one_line_and_checkboxes_sit_beside_their_words(page: Page, single_user: Server) -> None:
    ids = seed(page, single_user)
    person = ids["person"]
    page.goto(single_user.url(f"/people/{person}/assess"))
    page.get_by_test_id("wizard-begin").click()  # prefilled from the latest assessment
    for viewport in (PHONE, DESKTOP):
        page.set_viewport_size(viewport)
        page.goto(single_user.url(f"/people/{person}/assess/summary"))
        changes = page.locator("#summary td.action a")
        expect(changes.first).to_have_text("Change")
        lines = changes.evaluate_all(f"(links) => links.map({LINES})")
        assert lines and set(lines) == {1}, f"'Change' wraps at {viewport['width']} px: {lines}"

        page.goto(single_user.url(f"/people/{person}/documents"))
        upload = page.get_by_test_id("upload-form").locator("label.check")
        assert upload.evaluate(BESIDE) == {"middle_in_line": True, "left_of_words": True}
        page.goto(single_user.url(f"/people/{person}/journal"))
        page.get_by_test_id("entry").first.locator("summary").click()  # "Edit tags"
        tags = page.get_by_test_id("tags-form").first.locator("label.check")
        expect(tags.first).to_be_visible()
        placed = tags.evaluate_all(f"(labels) => labels.map({BESIDE})")
        assert placed and all(p == {"middle_in_line": True, "left_of_words": True} for p in placed), placed


def test_charts_read_on_a_phone(page: Page, single_user: Server) -> None:
    ids = seed(page, single_user)
    person = ids["person"]
    api(page, single_user, "POST", f"/api/people/{person}/assessments", data="{}")  # a third, on the same day

    page.set_viewport_size(PHONE)
    page.goto(single_user.url(f"/assessments/{ids['assessment']}"))
    expect(page.get_by_test_id("radar")).to_be_hidden()
    compact = page.get_by_test_id("radar-compact")
    expect(compact).to_be_visible()
    sizes = compact.locator("svg text.axis-label").evaluate_all(RENDERED_FONT)
    assert len(sizes) == 11 and min(sizes) >= SMALLEST_LABEL_PX, sizes
    key = compact.get_by_test_id("radar-key").locator("tbody tr")
    expect(key).to_have_count(11)
    expect(key.first).to_contain_text("ML fundamentals and statistics")
    assert min(key.locator("th").evaluate_all(FONT_PX)) >= 14  # the names, in the page's own text

    page.goto(single_user.url(f"/plans/{ids['plan']}"))
    expect(page.get_by_test_id("timeline")).to_be_hidden()
    stacked = page.get_by_test_id("timeline-stacked")
    expect(stacked).to_be_visible()
    rows = stacked.locator("svg g.activity")
    assert rows.count() == len(api(page, single_user, "GET", f"/api/plans/{ids['plan']}")["activities"])
    box = stacked.locator("svg").bounding_box()
    assert box is not None and box["width"] <= PHONE["width"]  # the whole plan within the width: nothing to scroll
    for path in (f"/plans/{ids['plan']}", f"/assessments/{ids['assessment']}", f"/people/{person}/history"):
        page.goto(single_user.url(path))
        smallest = page.locator("main svg text").evaluate_all(RENDERED_FONT)
        assert smallest and min(smallest) >= SMALLEST_LABEL_PX, f"{path}: text of {min(smallest):.1f} px"

    page.goto(single_user.url(f"/people/{person}/history"))
    days = page.get_by_test_id("trend").locator("svg text.date").all_text_contents()
    assert days and len(days) == len(set(days)), f"the axis repeats a day: {days}"
    expect(page.get_by_test_id("expected-level-note")).to_contain_text("probability-weighted level")

    page.set_viewport_size(DESKTOP)
    page.goto(single_user.url(f"/assessments/{ids['assessment']}"))
    expect(page.get_by_test_id("radar-compact")).to_be_hidden()
    named = page.get_by_test_id("radar").locator("svg text.axis-label")
    expect(named.first).to_contain_text("ML fundamentals")
    assert min(named.evaluate_all(RENDERED_FONT)) >= SMALLEST_LABEL_PX
    page.goto(single_user.url(f"/plans/{ids['plan']}"))
    expect(page.get_by_test_id("timeline-stacked")).to_be_hidden()
    timeline = page.get_by_test_id("timeline-box")
    expect(timeline.locator("svg")).to_be_visible()
    expect(timeline).to_have_attribute("tabindex", "0")  # should it not fit (a large zoom), keys scroll it
    assert timeline.evaluate("(box) => box.scrollWidth <= box.clientWidth")


def open_everything(page: Page) -> None:
    folded = page.locator("main details:not([open]) > summary")
    for _ in range(folded.count()):
        folded.first.click()  # the list shrinks as each opens
    expect(folded).to_have_count(0)


def visible_cards(cards: Locator) -> int:
    return sum(1 for visible in cards.evaluate_all("(cards) => cards.map((c) => c.checkVisibility())") if visible)


def test_the_plan_page_is_short_and_every_activity_stays_reachable(page: Page, single_user: Server) -> None:
    ids = seed(page, single_user)
    plan = api(page, single_user, "GET", f"/api/plans/{ids['plan']}")
    keys = [activity["key"] for activity in plan["activities"]]
    for viewport in (PHONE, DESKTOP):
        page.set_viewport_size(viewport)
        page.goto(single_user.url(f"/plans/{ids['plan']}"))
        height = page.evaluate("document.documentElement.scrollHeight")
        assert height <= PLAN_HEIGHT_BEFORE[viewport["width"]] / 2, f"{height} px at {viewport['width']} px"
        cards = page.get_by_test_id("activity")
        assert cards.evaluate_all("(cards) => cards.map((c) => c.dataset.key)") == keys
        assert 0 < visible_cards(cards) < len(keys)  # the next 90 days show; later months are folded
        open_everything(page)
        assert visible_cards(cards) == len(keys)
        expect(page.get_by_test_id("left-out-item").first).to_be_visible()

    # Marking an activity in a folded month brings the page back with that month open and the activity in view.
    page.reload()
    month = page.get_by_test_id("period").last
    month.locator("summary").click()
    activity = month.get_by_test_id("activity").first
    activity.get_by_test_id("status-doing").click()
    expect(activity).to_have_attribute("data-status", "doing")
    expect(activity).to_be_in_viewport()

    with page.expect_download() as markdown:
        page.get_by_test_id("download-markdown").click()
    assert re.fullmatch(r"plan-\d+-L\d-to-L\d\.md", markdown.value.suggested_filename)
    with page.expect_download() as calendar:
        page.get_by_test_id("download-calendar").click()
    assert calendar.value.suggested_filename.endswith(".ics")
