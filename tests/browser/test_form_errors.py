"""A refused form in a real Chromium: a plan asked for with 500 hours a week comes back on the gaps page with the
hours kept, the message beside the field and the focus on it, and nothing axe-core finds serious; corrected, it
makes the plan."""

from __future__ import annotations

import re

import pytest

from tests.browser.support import Server, require_browser
from tests.browser.test_a11y import audit, failing
from tests.conftest import ROOT

require_browser()

from playwright.sync_api import Page, expect  # noqa: E402  (only once the check above found Playwright)

pytestmark = pytest.mark.browser

BRAG = ROOT / "examples" / "documents" / "brag-mid.md"


@pytest.mark.parametrize("width", [1280, 390])
def test_a_plan_with_500_hours_comes_back_and_is_fixed_on_the_same_form(
    page: Page, single_user: Server, axe_source: str, width: int
) -> None:
    page.set_viewport_size({"width": width, "height": 900})
    page.goto(single_user.url("/"))
    page.get_by_test_id("nav-documents").click()
    page.locator("#file").set_input_files(BRAG)  # "Assess me with it" is ticked: the upload leads to results
    page.get_by_test_id("upload").click()
    expect(page).to_have_url(re.compile(r"/assessments/\d+$"))
    page.goto(page.url + "/gaps")

    hours = page.locator("#plan-hours")
    hours.fill("500")
    page.get_by_test_id("make-plan").click()

    expect(page).to_have_url(re.compile(r"/assessments/\d+/plans$"))  # the same page, from the form's answer
    expect(hours).to_have_value("500")
    expect(hours).to_have_attribute("aria-invalid", "true")
    expect(hours).to_be_focused()
    message = page.locator("#plan-hours-error")
    expect(message).to_have_text("Hours a week: enter a number from 1 to 80.")
    expect(message).to_be_in_viewport()
    expect(hours).to_have_accessible_description("Hours a week: enter a number from 1 to 80.")
    expect(page.locator("#nav").get_by_role("link")).to_have_count(9)  # the whole navigation
    expect(page.locator("#gaps-title")).to_be_visible()  # the gaps page around the form
    assert failing(audit(page, axe_source, "the refused plan form")) == []

    hours.fill("6")
    page.get_by_test_id("make-plan").click()
    expect(page).to_have_url(re.compile(r"/plans/\d+$"))
    expect(page.get_by_test_id("activity").first).to_be_visible()


REGION_ADVICE = "Region: 'Britain' is not a country code: type two letters such as US, GB, DE or IN, or leave it empty."
CHOICE_ADVICE = "Pick the description that fits best, or skip this competency."


@pytest.mark.parametrize("width", [1280, 390])
def test_a_wizard_answer_comes_back_beside_its_field_and_is_fixed_there(
    page: Page, single_user: Server, axe_source: str, width: int
) -> None:
    page.set_viewport_size({"width": width, "height": 900})
    page.goto(single_user.url("/"))
    page.get_by_test_id("start-assessment").click()
    page.locator("#years").fill("6")
    page.locator("#region").fill("Britain")
    page.get_by_test_id("wizard-begin").click()

    region = page.locator("#region")
    expect(region).to_have_value("Britain")
    expect(region).to_have_attribute("aria-invalid", "true")
    expect(region).to_be_focused()
    message = page.locator("#region-error")
    expect(message).to_have_text(REGION_ADVICE)
    expect(message).to_be_in_viewport()
    expect(region).to_have_accessible_description(REGION_ADVICE)
    expect(page.locator("[aria-invalid=true]")).to_have_count(1)
    expect(page.locator("#years")).to_have_value("6")
    expect(page.locator("#nav").get_by_role("link")).to_have_count(9)
    assert failing(audit(page, axe_source, "the refused wizard start")) == []

    region.fill("gb")
    page.get_by_test_id("wizard-begin").click()
    expect(page).to_have_url(re.compile(r"/assess/step/1$"))
    page.get_by_test_id("wizard-next").click()  # no description chosen

    choices = page.locator("#choices")
    expect(choices).to_have_attribute("aria-invalid", "true")
    expect(page.locator("#choices-error")).to_have_text(CHOICE_ADVICE)
    expect(choices).to_have_accessible_description(CHOICE_ADVICE)
    first = choices.locator("input[type=radio]").first
    expect(first).to_be_focused()
    assert failing(audit(page, axe_source, "the refused competency page")) == []
    first.check()
    page.get_by_test_id("wizard-next").click()
    expect(page).to_have_url(re.compile(r"/assess/step/2$"))
