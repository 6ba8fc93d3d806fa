"""Team mode in a real Chromium: accounts made with ``mlladder user add``, a manager who sees her report's
assessment, and an engineer who cannot open anyone else's data."""

from __future__ import annotations

import re

import pytest

from tests.browser.support import PASSWORD, Server, require_browser
from tests.conftest import ROOT

require_browser()

from playwright.sync_api import Page, expect  # noqa: E402  (only once the check above found Playwright)

pytestmark = pytest.mark.browser

RESUME = ROOT / "examples" / "documents" / "resume-senior.md"


def sign_in(page: Page, server: Server, username: str) -> None:
    page.goto(server.url("/"))
    expect(page).to_have_url(re.compile(r"/login\?next=%2F$"))  # nobody is signed in yet
    page.locator("#username").fill(username)
    page.locator("#password").fill(PASSWORD)
    page.get_by_test_id("login-submit").click()
    expect(page.get_by_test_id("logout")).to_have_text(f"Sign out {username}")


def sign_out(page: Page) -> None:
    page.get_by_test_id("logout").click()
    expect(page).to_have_url(re.compile(r"/login$"))


def assess_with_resume(page: Page) -> str:
    """Upload a resume and be assessed with it; returns the results page's path."""
    page.get_by_test_id("nav-documents").click()
    page.locator("#file").set_input_files(RESUME)
    page.get_by_test_id("upload").click()
    expect(page).to_have_url(re.compile(r"/assessments/\d+$"))
    return "/" + page.url.split("/", 3)[3]


def test_a_manager_sees_her_reports_assessment_and_others_see_nothing(page: Page, team: Server) -> None:
    sign_in(page, team, "bea")
    results = assess_with_resume(page)
    level = page.get_by_test_id("placement").get_attribute("data-level")
    journal = page.get_by_test_id("nav-journal").get_attribute("href")
    sign_out(page)

    sign_in(page, team, "mia")
    page.get_by_test_id("people").get_by_role("link", name="Bea Report").click()
    expect(page.get_by_test_id("person-name")).to_have_text("Bea Report")
    page.get_by_test_id("latest-results-link").click()
    assert page.url == team.url(results)
    expect(page.get_by_test_id("viewing")).to_contain_text("Bea Report")
    expect(page.get_by_test_id("placement")).to_have_attribute("data-level", level or "")
    expect(page.get_by_test_id("citations").get_by_test_id("citation").first).to_contain_text("resume-senior.md")
    sign_out(page)

    sign_in(page, team, "ada")
    for path in (results, journal or "", f"/api{results}"):
        response = page.goto(team.url(path))
        assert response is not None and response.status == 404, path
        if not path.startswith("/api/"):
            expect(page.get_by_test_id("error-message")).to_have_attribute("data-status", "404")
            expect(page.get_by_test_id("placement")).to_have_count(0)
    page.goto(team.url("/"))
    expect(page.get_by_test_id("person-name")).to_have_text("Ada Alone")
    expect(page.get_by_test_id("people")).to_have_count(0)  # nobody else to see
