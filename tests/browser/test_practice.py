"""Interview practice in a real browser: pick a topic, answer within the time, see the strong answer."""

from __future__ import annotations

import re

import pytest

from tests.browser.support import Server, require_browser

require_browser()

from playwright.sync_api import Page, expect  # noqa: E402  (only once the check above found Playwright)

pytestmark = pytest.mark.browser


def test_practising_a_question_keeps_the_answer_and_shows_the_strong_one(page: Page, single_user: Server) -> None:
    page.goto(single_user.url("/"))
    page.get_by_test_id("nav-practice").click()
    page.locator("#practice-level").select_option("L3")
    page.get_by_role("button", name="Show this level").click()
    expect(page.get_by_test_id("question").first).to_be_visible()
    expect(page.locator('[data-origin="editorial"] [data-testid=origin]').first).to_have_text("written for this ladder")
    page.locator("#practice-competency").select_option("mlops")
    page.get_by_test_id("practise-next").click()

    expect(page).to_have_url(re.compile(r"/people/\d+/practice/question$"))
    expect(page.get_by_test_id("practice-question")).to_contain_text("mlops")
    page.locator("#answer-notes").fill("Watch input drift and business metrics; roll back to the last good model")
    page.get_by_label("3: most of the points").check()
    page.get_by_test_id("submit-answer").click()

    expect(page).to_have_url(re.compile(r"/people/\d+/practice/answers/\d+$"))
    expect(page.get_by_test_id("answer-notes")).to_contain_text("roll back to the last good model")
    expect(page.get_by_test_id("strong-point").first).to_be_visible()
    expect(page.get_by_test_id("timed-out")).to_have_count(0)
    page.get_by_test_id("back-to-practice").click()
    expect(page.get_by_test_id("recent-answers")).to_contain_text("rated 3")
