"""A resume's page in a real Chromium: what it shows is grouped by competency with each line quoted once, long
groups are folded away, and the page is well under half the height it had when every skill quoted its own line."""

from __future__ import annotations

import pytest

from tests.browser.support import Server, require_browser
from tests.conftest import ROOT

require_browser()

from playwright.sync_api import Page, ViewportSize, expect  # noqa: E402  (only once the check above found Playwright)

pytestmark = pytest.mark.browser

DESKTOP: ViewportSize = {"width": 1280, "height": 900}
PHONE: ViewportSize = {"width": 390, "height": 844}
RESUME = ROOT / "examples" / "documents" / "resume-senior.pdf"
# The example resume's page when each skill quoted its own sentence (the skills list 44 times), measured in this
# Chromium: 9,281 px tall at 1280 px wide and 21,115 px at 390 px. Grouped, it must stay under half of that.
HEIGHT_BEFORE = {1280: 9281, 390: 21115}
HEIGHT = "document.documentElement.scrollHeight"
QUOTES = "[...document.querySelectorAll('#evidence [data-testid=quote]')].map(quote => quote.textContent)"
# The first pointer in sight whose quote sits in a folded (closed) group.
FOLDED_TARGET = """() => [...document.querySelectorAll('[data-testid=quote-ref]')]
    .filter(link => !link.closest('details:not([open])'))
    .map(link => link.getAttribute('href'))
    .find(href => document.querySelector(href).closest('details:not([open])')) || null"""


def upload_resume(page: Page, server: Server) -> None:
    page.goto(server.url("/"))
    page.get_by_test_id("nav-documents").click()
    page.locator("#file").set_input_files(RESUME)
    page.locator("#kind").select_option("resume")
    page.locator("input[name=assess]").uncheck()
    page.get_by_test_id("upload").click()
    expect(page.get_by_test_id("document-name")).to_have_text(RESUME.name)


def test_the_resume_page_is_short_and_quotes_each_line_once(page: Page, single_user: Server) -> None:
    page.set_viewport_size(DESKTOP)
    upload_resume(page, single_user)
    heights = {1280: page.evaluate(HEIGHT)}
    page.set_viewport_size(PHONE)
    heights[390] = page.evaluate(HEIGHT)
    print(f"document page height: {heights} px (before: {HEIGHT_BEFORE} px)")
    for width, height in heights.items():
        assert height < HEIGHT_BEFORE[width] / 2, (width, height)
    quotes = page.evaluate(QUOTES)
    assert quotes and len(quotes) == len(set(quotes))


def test_a_pointer_to_a_folded_line_opens_it(page: Page, single_user: Server) -> None:
    page.set_viewport_size(DESKTOP)
    upload_resume(page, single_user)
    href = page.evaluate(FOLDED_TARGET)
    assert href, "no pointer leads into a folded group"
    target = page.locator(href)
    expect(target).to_be_hidden()  # inside a closed group
    page.locator(f"[data-testid=quote-ref][href='{href}']:visible").first.click()
    expect(target).to_be_visible()
    expect(target).to_be_in_viewport()
