"""The first screen in a real browser at a phone's width and a desktop's: it says what the tool does, the ladder
preview and the first action are in view, nothing scrolls sideways and axe-core finds nothing serious; after the
wizard the home page is headed with the name typed there and starts with where the person stands."""

from __future__ import annotations

import re

import pytest

from mlladder import builtin_framework
from mlladder.framework.ladder import ic_levels
from tests.browser.support import Server, require_browser
from tests.browser.test_a11y import audit, failing
from tests.browser.test_phone import MEASURE

require_browser()

from playwright.sync_api import Page, ViewportSize, expect  # noqa: E402  (only once the check above found Playwright)

pytestmark = pytest.mark.browser

PHONE: ViewportSize = {"width": 390, "height": 844}
DESKTOP: ViewportSize = {"width": 1280, "height": 800}


def fits(page: Page, viewport: ViewportSize) -> None:
    measured = page.evaluate(MEASURE)
    assert measured["width"] == viewport["width"]
    assert measured["scrollWidth"] <= measured["width"], f"wider than {viewport['width']} px: {measured}"


@pytest.mark.parametrize("viewport", [PHONE, DESKTOP], ids=["phone", "desktop"])
def test_the_first_screen_explains_previews_the_ladder_and_fits(
    page: Page, single_user: Server, axe_source: str, viewport: ViewportSize
) -> None:
    page.set_viewport_size(viewport)
    page.goto(single_user.url("/"))
    expect(page.locator("h1")).to_have_text("Find your level, and the way to the next one")
    expect(page.get_by_test_id("what-it-does")).to_be_visible()
    start = page.get_by_test_id("start-assessment")
    expect(start).to_be_visible()
    box = start.bounding_box()
    assert box is not None and box["y"] + box["height"] <= viewport["height"], "the first action is below the fold"

    levels = page.get_by_test_id("preview-level")
    expect(levels).to_have_count(len(ic_levels(builtin_framework("ml-engineer"))))
    for index in range(levels.count()):
        expect(levels.nth(index)).to_be_visible()
        expect(levels.nth(index).get_by_test_id("preview-pay")).to_contain_text("a year")
    expect(page.get_by_test_id("upload-entrance")).to_be_visible()
    expect(page.get_by_test_id("ladder-entrance")).to_be_visible()
    fits(page, viewport)
    blocking = failing(audit(page, axe_source, "/"))
    assert not blocking, "\n".join(item.line() for item in blocking)


def test_after_the_wizard_the_home_page_names_the_person_and_starts_with_their_level(
    page: Page, single_user: Server
) -> None:
    page.set_viewport_size(PHONE)
    page.goto(single_user.url("/"))
    page.get_by_test_id("start-assessment").click()
    expect(page.locator("#name")).to_have_value("")  # not the placeholder "Me"
    page.locator("#name").fill("Ana Tester")
    page.locator("#years").fill("5")
    page.get_by_test_id("wizard-begin").click()
    while "/summary" not in page.url:
        page.locator("#choice-2").check()
        page.get_by_test_id("wizard-next").click()
        page.wait_for_load_state()
    page.get_by_test_id("wizard-save").click()
    expect(page).to_have_url(re.compile(r"/assessments/\d+$"))

    page.get_by_test_id("home-link").click()
    expect(page.get_by_test_id("person-name")).to_have_text("Ana Tester")
    expect(page.get_by_test_id("welcome")).to_have_count(0)
    standing = page.locator("main section").first
    expect(standing).to_have_attribute("data-testid", "latest-assessment")
    expect(standing).to_be_in_viewport()
    fits(page, PHONE)
    page.goto(single_user.url(page.get_by_test_id("nav-packet").get_attribute("href") or ""))
    expect(page.locator("#packet-title")).to_contain_text("Ana Tester")
