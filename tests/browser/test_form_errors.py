"""A refused form in a real Chromium: a plan asked for with 500 hours a week comes back on the gaps page with the
hours kept, the message beside the field and the focus on it, and nothing axe-core finds serious; corrected, it
makes the plan."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.browser.support import Server, require_browser, serving
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


UPLOAD_LIMIT = 100_000  # bytes, shown as 97.7 KB
LIMIT_ADVICE = "The file: Uploads are limited to 97.7 KB. Upload a shorter document, or save it as text."


@pytest.fixture(scope="module")
def small_uploads(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    folder = tmp_path_factory.mktemp("small-uploads")
    with serving(
        folder, f"sqlite:///{folder / 'web.db'}", settings={"MLLADDER_UPLOAD_LIMIT": str(UPLOAD_LIMIT)}
    ) as server:
        yield server


@pytest.mark.parametrize("width", [1280, 390])
@pytest.mark.parametrize("size", [UPLOAD_LIMIT + 5_000, 10 * UPLOAD_LIMIT], ids=["slightly-over", "ten-times"])
def test_an_upload_over_the_limit_comes_back_on_the_form_with_the_limit(
    page: Page, small_uploads: Server, axe_source: str, tmp_path: Path, width: int, size: int
) -> None:
    big = tmp_path / "big.txt"
    big.write_bytes(b"Led the migration of the feature store. " * (size // 40 + 1))
    page.set_viewport_size({"width": width, "height": 900})
    page.goto(small_uploads.url("/"))
    page.get_by_test_id("nav-documents").click()
    expect(page.get_by_test_id("upload-form")).to_be_visible()
    kept = page.get_by_test_id("document").count()  # the server serves every width and size in turn
    page.locator("#file").set_input_files(big)
    with page.expect_response(re.compile(r"/people/\d+/documents$")) as answer:
        page.get_by_test_id("upload").click()
    assert answer.value.status == 413

    expect(page).to_have_url(re.compile(r"/people/\d+/documents$"))
    file = page.locator("#file")
    expect(file).to_have_attribute("aria-invalid", "true")
    expect(file).to_be_focused()
    message = page.locator("#file-error")
    expect(message).to_have_text(LIMIT_ADVICE)
    expect(message).to_be_in_viewport()
    expect(file).to_have_accessible_description(LIMIT_ADVICE)
    expect(page.get_by_test_id("choose-again")).to_be_visible()
    expect(page.locator("#nav").get_by_role("link")).to_have_count(9)
    expect(page.get_by_test_id("document")).to_have_count(kept)  # nothing kept
    assert failing(audit(page, axe_source, "the refused upload form")) == []

    file.set_input_files(BRAG)  # fixed on the same form
    page.get_by_test_id("upload").click()
    expect(page).to_have_url(re.compile(r"/assessments/\d+$"))
