"""Single-user journeys in a real Chromium against a real ``mlladder serve``: wizard to results to plan, a resume
upload, a resume matched with a job posting, and a journal entry that shows up in the promotion packet."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from mlladder import Assessment, Framework, Profile, assess, builtin_framework
from mlladder.assess.match import match
from mlladder.assess.profile import Goal
from mlladder.evidence.pipeline import evidence_from_file
from mlladder.formatting import percent_label
from mlladder.framework.ladder import placed_competencies
from tests.browser.support import Server, require_browser
from tests.conftest import ROOT

require_browser()

from playwright.sync_api import Page, expect  # noqa: E402  (only once the check above found Playwright)

pytestmark = pytest.mark.browser

RESUME = ROOT / "examples" / "documents" / "resume-senior.pdf"
POSTING = ROOT / "examples" / "documents" / "posting-staff.md"
ANSWERS = {"system-design": 3, "mlops": 3, "leadership": 1}  # every other competency: the third description (2)
SKIPPED = "research"
LEVEL_OF_BAR = "rows => rows.map(row => row.dataset.label.split(' ')[0])"  # "L3 Senior ML Engineer" -> "L3"


@pytest.fixture(scope="module")
def ladder() -> Framework:
    return builtin_framework("ml-engineer")


def answer_wizard(page: Page, ladder: Framework) -> None:
    """Pick a description on every competency page (skipping one) as a person would, checking each page offers
    the same descriptions as the terminal questionnaire."""
    for number, competency in enumerate(placed_competencies(ladder), start=1):
        expect(page.locator("#competency-name")).to_have_attribute("data-competency", competency.id)
        expect(page.get_by_test_id("wizard-progress")).to_contain_text(f"Competency {number} of")
        offered = [" ".join(text.split()) for text in page.get_by_test_id("choice").all_inner_texts()]
        assert offered == [competency.scale[step] for step in sorted(competency.scale)], competency.id
        if competency.id == SKIPPED:
            page.get_by_test_id("wizard-skip").click()
            continue
        page.locator(f"#choice-{ANSWERS.get(competency.id, 2)}").check()
        page.get_by_test_id("wizard-next").click()


def expected_result(ladder: Framework) -> Assessment:
    """The library's own answer for the same input: what the page must show."""
    ratings = {c.id: ANSWERS.get(c.id, 2) for c in placed_competencies(ladder) if c.id != SKIPPED}
    profile = Profile(
        name="Sam",
        framework=ladder.id,
        years_experience=6,
        weekly_hours=4,
        goal=Goal(kind="level", level="L4"),
        specialisation=["nlp"],
        region="GB",
        ratings={"self": ratings},
    )
    return assess(profile, ladder)


def test_wizard_to_results_to_plan(page: Page, single_user: Server, ladder: Framework) -> None:
    page.goto(single_user.url("/"))
    page.get_by_test_id("start-assessment").click()
    page.locator("#name").fill("Sam")
    page.locator("#years").fill("6")
    page.locator("#hours").fill("4")
    # The goal, specialisations and region: a wrong answer comes back with what was typed and a clear error.
    expect(page.locator("#goal-kind option")).to_have_count(4)
    expect(page.get_by_test_id("specialisations").locator("input[type=checkbox]")).to_have_count(
        len(ladder.specialisations)
    )
    page.locator("#goal-kind").select_option("level")
    page.locator("#specialisation-nlp").check()
    page.locator("#region").fill("Britain")
    page.get_by_test_id("wizard-begin").click()
    expect(page.locator("#goal-level-error")).to_contain_text("needs the level")
    expect(page.locator("#goal-level")).to_have_attribute("aria-invalid", "true")
    expect(page.locator("#specialisation-nlp")).to_be_checked()
    expect(page.locator("#region")).to_have_value("Britain")
    expect(page.locator("#years")).to_have_value("6")
    page.locator("#goal-level").select_option("L4")
    page.get_by_test_id("wizard-begin").click()
    expect(page.locator("#region-error")).to_contain_text("'Britain' is not a country code")
    expect(page.locator("#region")).to_be_focused()
    page.locator("#region").fill("gb")
    page.get_by_test_id("wizard-begin").click()
    answer_wizard(page, ladder)

    expect(page.get_by_test_id("rated-count")).to_contain_text(
        f"{len(placed_competencies(ladder)) - 1} of {len(placed_competencies(ladder))}"
    )
    expect(page.locator(f'#summary tr[data-competency="{SKIPPED}"]')).to_contain_text("not rated")
    page.get_by_test_id("wizard-save").click()

    expect(page).to_have_url(re.compile(r"/assessments/\d+$"))
    result = expected_result(ladder)
    expect(page.get_by_test_id("placement")).to_have_attribute("data-level", result.level)
    expect(page.get_by_test_id("summary")).to_have_text(result.summary)
    bars = page.get_by_test_id("probabilities").locator("g.bar-row")
    expect(bars).to_have_count(len(result.probabilities))
    shown = dict(zip(bars.evaluate_all(LEVEL_OF_BAR), bars.locator("text.value").all_text_contents(), strict=True))
    assert shown == {level: percent_label(p) for level, p in result.probabilities.items()}
    radar = page.get_by_test_id("radar").locator("svg")
    expect(radar).to_be_visible()
    box = radar.bounding_box()
    assert box is not None and box["width"] > 200  # drawn, not collapsed
    expect(radar.locator('polygon[data-series="Combined rating"]')).to_be_visible()
    expect(radar.locator('polygon[data-series="Expected at L4 (target)"]')).to_have_count(1)
    skipped = radar.locator('[data-series="Combined rating"] circle.unrated')  # not rated: a hollow marker, not 0
    expect(skipped).to_have_count(1)
    expect(skipped).to_have_attribute("data-axis", next(c.name for c in ladder.competencies if c.id == SKIPPED))
    expect(page.locator(f'[data-testid=competency-table] tr[data-competency="{SKIPPED}"]')).to_have_attribute(
        "data-status", "unrated"
    )

    page.get_by_test_id("gaps-link").click()
    expect(page.locator("#gaps-title")).to_contain_text("to L4")
    expect(page.get_by_test_id("gap").first).to_be_visible()
    page.get_by_test_id("make-plan").click()

    expect(page).to_have_url(re.compile(r"/plans/\d+$"))
    plan_url = page.url
    # What to do first comes first: the next 90 days, above everything but the plan's key facts.
    first_section = page.locator("main section").first
    expect(first_section).to_have_attribute("data-testid", "next-90-days")
    expect(first_section.get_by_role("heading", name="The next 90 days")).to_be_visible()
    expect(first_section.get_by_test_id("activity").first).to_be_visible()
    expect(first_section.get_by_test_id("hours").first).to_have_text(re.compile(r"^~\d+ h$"))
    expect(page.get_by_test_id("deadline")).to_contain_text("The plan ends by")
    expect(page.get_by_test_id("timeline").locator("svg")).to_be_visible()
    first = page.get_by_test_id("activity").first
    key = first.get_attribute("data-key")
    activity = page.locator(f'[data-testid=activity][data-key="{key}"]')
    expect(activity).to_have_attribute("data-status", "todo")
    expect(page.get_by_test_id("plan-progress")).to_have_attribute("data-done", "0")
    activity.get_by_test_id("status-done").click()

    expect(activity).to_have_attribute("data-status", "done")
    expect(page.get_by_test_id("plan-progress")).to_have_attribute("data-done", "1")
    page.reload()
    expect(activity).to_have_attribute("data-status", "done")
    expect(activity.get_by_test_id("status-done")).to_have_attribute("aria-pressed", "true")
    page.goto(single_user.url("/"))
    page.get_by_test_id("nav-plan").click()  # the latest plan, found again from the menu
    expect(page).to_have_url(plan_url)
    expect(activity).to_have_attribute("data-status", "done")


def test_uploading_a_resume_shows_evidence_and_an_assessment(page: Page, single_user: Server) -> None:
    page.goto(single_user.url("/"))
    page.get_by_test_id("nav-documents").click()
    page.locator("#file").set_input_files(RESUME)
    page.locator("#kind").select_option("resume")
    page.get_by_test_id("upload").click()

    expect(page).to_have_url(re.compile(r"/assessments/\d+$"))
    expect(page.get_by_test_id("placement")).to_have_attribute("data-level", re.compile(r"^L\d$"))
    citations = page.get_by_test_id("citations").get_by_test_id("citation")
    expect(citations.first).to_be_visible()
    assert all("resume-senior.pdf" in text for text in citations.all_inner_texts())

    page.get_by_test_id("nav-documents").click()
    listed = page.get_by_test_id("document")
    expect(listed).to_have_count(1)
    expect(listed).to_have_attribute("data-kind", "resume")
    listed.get_by_role("link", name="resume-senior.pdf").click()
    expect(page.get_by_test_id("document-name")).to_have_text("resume-senior.pdf")
    expect(page.get_by_test_id("evidence").get_by_test_id("citation").first).to_be_visible()
    expect(page.get_by_test_id("document-text")).to_contain_text("Senior")


def upload(page: Page, path: Path, kind: str) -> None:
    """Upload a document from the documents page without being assessed with it; ends on the document's page."""
    page.get_by_test_id("nav-documents").click()
    page.locator("#file").set_input_files(path)
    page.locator("#kind").select_option(kind)
    page.locator("input[name=assess]").uncheck()
    page.get_by_test_id("upload").click()
    expect(page.get_by_test_id("document-name")).to_have_text(path.name)


def test_matching_a_resume_with_a_posting(page: Page, single_user: Server, ladder: Framework) -> None:
    document, posting = evidence_from_file(POSTING, ladder, "posting")
    expected = match([evidence_from_file(RESUME, ladder, "resume")[1]], posting, ladder, document.text)
    page.goto(single_user.url("/"))
    upload(page, POSTING, "posting")
    expect(page.get_by_test_id("no-resume")).to_be_visible()  # nothing to match with yet
    upload(page, RESUME, "resume")
    page.get_by_test_id("nav-documents").click()
    page.get_by_role("link", name=POSTING.name).click()

    expect(page.get_by_test_id("posting")).to_have_attribute("data-level", expected.posting_level)
    expect(page.get_by_test_id("decided-by-item").first).to_contain_text(f"points to {expected.posting_level}")
    expect(page.locator('[data-testid=cue][data-kind="years"]')).to_contain_text("8+ years of experience")
    expect(page.get_by_test_id("match-choice")).to_be_checked()  # the one resume, ready to match
    page.get_by_test_id("match").click()

    expect(page).to_have_url(re.compile(r"/people/\d+/match\?posting=\d+&resume=\d+$"))
    score = page.get_by_test_id("match-score")
    expect(score).to_have_attribute("data-score", str(expected.score))
    expect(score).to_contain_text(f"{expected.score:.0f}/100")
    expect(page.get_by_test_id("change")).to_have_count(len(expected.changes))
    expect(page.get_by_test_id("matched-resume")).to_have_text(RESUME.name)
    expect(page.locator('[data-testid=skill-fit][data-shown="no"]').first).to_contain_text("missing")


def test_a_journal_entry_shows_in_the_promotion_packet(page: Page, single_user: Server) -> None:
    text = "Led the migration of our feature pipeline across three teams"
    injected = '<img src=x onerror="window.__injected = 1"><script>window.__injected = 2</script>'
    page.goto(single_user.url("/"))
    page.get_by_test_id("nav-journal").click()
    page.locator("#entry-date").fill("2025-02-05")
    page.locator("#entry-text").fill(f"{text} {injected}")
    page.locator("#entry-impact").fill("Saved $200k a year")
    page.get_by_test_id("add-entry").click()

    entry = page.get_by_test_id("entry").first
    expect(entry.get_by_test_id("entry-text")).to_have_text(f"{text} {injected}")  # shown as text, not run
    expect(entry.locator('[data-testid=entry-tags] [data-competency="leadership"]')).to_be_visible()
    assert page.evaluate("window.__injected") is None

    page.get_by_test_id("nav-packet").click()
    page.locator("select[name=target]").select_option("L3")
    page.get_by_role("button", name="Show").click()
    expect(page.locator("#packet-title")).to_contain_text("for L3")
    leadership = page.locator("#competency-leadership")
    expect(leadership).to_have_attribute("data-status", "evidenced")
    expect(leadership.get_by_test_id("packet-evidence").filter(has_text=text)).to_contain_text("Saved $200k a year")
    assert page.evaluate("window.__injected") is None

    with page.expect_download() as download:
        page.get_by_test_id("download-md").click()
    path = download.value.path()
    assert text in path.read_text(encoding="utf-8")
    assert download.value.suggested_filename.startswith("packet-L3-")
