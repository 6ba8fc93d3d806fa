"""The team pages in a real Chromium: a manager signs in to her team's matrix, opens a report, proposes mentor
pairs and accepts one; on a 390 px phone the matrix scrolls sideways inside its own box and the page does not."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import pytest

from mlladder import assess, builtin_framework, load_profile
from mlladder.store import Store
from tests.browser.support import Account, Server, add_users, require_browser, server_errors, serving
from tests.browser.test_a11y import Finding, audit, failing, report
from tests.conftest import ROOT

require_browser()

from playwright.sync_api import Page, ViewportSize, expect  # noqa: E402  (only once the check above found Playwright)

from tests.browser.test_phone import MEASURE  # noqa: E402
from tests.browser.test_team import sign_in  # noqa: E402

pytestmark = pytest.mark.browser

PHONE: ViewportSize = {"width": 390, "height": 844}
DESKTOP: ViewportSize = {"width": 1280, "height": 900}
PROFILES = ROOT / "examples" / "profiles"
REPORTS = {"bea": "mid.yaml", "cai": "junior.yaml", "dan": "senior.yaml", "gil": "backend-to-ml.yaml"}


@pytest.fixture
def squad(tmp_path: Path) -> Iterator[Server]:
    """Team mode: Mia manages four assessed engineers (accounts made with ``mlladder user add``)."""
    db_url = f"sqlite:///{tmp_path / 'team.db'}"
    add_users(tmp_path, db_url, Account("mia", "manager", "Mia Manager"))
    add_users(tmp_path, db_url, *(Account(name, "engineer", f"{name.title()} Report", "mia") for name in REPORTS))
    framework = builtin_framework("ml-engineer")
    with Store(db_url) as store:
        for user in store.list_users():
            if user.username in REPORTS and user.person_id is not None:
                profile = load_profile(PROFILES / REPORTS[user.username], framework)
                store.save_assessment(user.person_id, profile, assess(profile, framework))
    with serving(tmp_path, db_url, "--multi-user") as server:
        yield server
    errors = server_errors(server.log_text())
    assert not errors, "the server failed a request:\n" + "\n\n".join(errors)


def test_a_manager_works_from_her_team_page(page: Page, squad: Server) -> None:
    page.set_viewport_size(DESKTOP)
    sign_in(page, squad, "mia")
    expect(page).to_have_url(re.compile(r"/team$"))
    rows = page.get_by_test_id("matrix-row")
    expect(rows).to_have_count(4)
    expect(page.get_by_test_id("coverage")).to_be_visible()
    expect(page.get_by_test_id("single-points")).to_be_visible()

    page.get_by_test_id("filter-specialisation").select_option("ml-platform")
    page.get_by_role("button", name="Filter").click()
    expect(page).to_have_url(re.compile(r"/team\?.*specialisation=ml-platform"))
    expect(rows).to_have_count(1)
    expect(rows.first).to_have_attribute("data-person", "Gil Report")
    page.get_by_test_id("clear-filters").click()
    expect(rows).to_have_count(4)

    page.get_by_test_id("people").get_by_role("link", name="Bea Report").click()
    expect(page.get_by_test_id("person-name")).to_have_text("Bea Report")
    page.go_back()

    page.get_by_test_id("mentors-link").click()
    page.get_by_test_id("propose").click()
    pairs = page.get_by_test_id("pair")
    expect(pairs.first).to_be_visible()
    first = pairs.first.get_attribute("id") or ""
    pairs.first.get_by_test_id("accept").click()
    expect(page.get_by_test_id("decided").locator(f"#{first}").get_by_test_id("pair-status")).to_have_text("accepted")


def test_on_a_phone_the_matrix_scrolls_inside_its_box(page: Page, squad: Server) -> None:
    page.set_viewport_size(PHONE)
    sign_in(page, squad, "mia")
    expect(page.get_by_test_id("matrix-row")).to_have_count(4)
    measured = page.evaluate(MEASURE)
    assert measured["scrollWidth"] <= measured["width"], measured["wide"]
    box = page.get_by_test_id("matrix-box")
    sizes = box.evaluate(
        "(el) => ({client: el.clientWidth, scroll: el.scrollWidth, x: getComputedStyle(el).overflowX})"
    )
    assert sizes["x"] == "auto" and sizes["scroll"] > sizes["client"]  # the matrix is wider, and scrolls in place
    box.evaluate("(el) => { el.scrollLeft = el.scrollWidth; }")
    assert box.evaluate("(el) => el.scrollLeft") > 0
    name = page.get_by_test_id("matrix-row").first.locator("th")
    assert name.evaluate("(el) => el.getBoundingClientRect().left") >= 0  # the names stay in view while scrolled
    page.goto(squad.url("/team/mentors"))
    page.get_by_test_id("propose").click()
    expect(page.get_by_test_id("pair").first).to_be_visible()
    measured = page.evaluate(MEASURE)
    assert measured["scrollWidth"] <= measured["width"], measured["wide"]


@pytest.mark.parametrize("viewport", [DESKTOP, PHONE], ids=["desktop", "phone"])
def test_a_manager_tries_a_hire_and_a_move(page: Page, squad: Server, viewport: ViewportSize) -> None:
    """At 1280 px and 390 px: a hire at a level and a move to another manager, compared with today; a level the
    ladder lacks comes back beside its field with the other values as chosen."""
    page.set_viewport_size(viewport)
    sign_in(page, squad, "mia")
    page.get_by_test_id("whatif-link").click()
    expect(page.get_by_test_id("whatif-title")).to_be_visible()
    page.get_by_test_id("whatif-add-level").select_option("L4")
    page.get_by_test_id("whatif-add-name").fill("Zoe New")
    page.get_by_test_id("whatif-add-specialisation").select_option("ml-platform")
    page.get_by_test_id("whatif-move").select_option("Cai Report")
    page.get_by_test_id("whatif-move-to").select_option("Dan Report")
    page.get_by_test_id("whatif-try").click()
    expect(page.get_by_test_id("whatif-changes")).to_have_text(
        "Trying: add Zoe New (L4); move Cai Report to report to Dan Report"
    )
    teams = page.get_by_test_id("whatif-team")
    expect(teams).to_have_count(2)
    expect(page.locator('[data-testid="whatif-team"][data-team="reports of Mia Manager"]')).to_have_attribute(
        "data-after",
        "4",  # four, less Cai, plus Zoe
    )
    expect(page.locator('[data-testid="whatif-levels"] tr[data-level="L4"] td').nth(2)).to_be_visible()
    measured = page.evaluate(MEASURE)
    assert measured["scrollWidth"] <= measured["width"], measured["wide"]  # the page itself never scrolls sideways

    page.goto(page.url.replace("add_level=L4", "add_level=L42"))  # a level the ladder lacks, as a link might carry
    error = page.get_by_test_id("field-error")
    expect(error).to_have_attribute("data-field", "add_level")
    expect(error).to_contain_text("Joins at level: choose one of the ladder's levels")
    expect(page.get_by_test_id("whatif-add-level")).to_have_attribute("aria-invalid", "true")
    expect(page.get_by_test_id("whatif-add-name")).to_have_value("Zoe New")
    expect(page.get_by_test_id("whatif-move-to")).to_have_value("Dan Report")
    expect(page.get_by_test_id("whatif-result")).to_have_count(0)
    measured = page.evaluate(MEASURE)
    assert measured["scrollWidth"] <= measured["width"], measured["wide"]


@pytest.mark.parametrize("viewport", [DESKTOP, PHONE], ids=["desktop", "phone"])
def test_the_what_if_result_and_a_refused_form_pass_axe(
    page: Page, squad: Server, axe_source: str, viewport: ViewportSize
) -> None:
    """At 1280 px and 390 px, axe-core on the what-if page as it answers: the comparison after a hire and a move
    (with its tables of levels, coverage and teams), then the form sent back with a move under oneself."""
    page.set_viewport_size(viewport)
    sign_in(page, squad, "mia")
    page.goto(squad.url("/team/whatif"))
    page.get_by_test_id("whatif-add-level").select_option("L3")
    page.get_by_test_id("whatif-add-name").fill("Zoe New")
    page.get_by_test_id("whatif-move").select_option("Bea Report")
    page.get_by_test_id("whatif-move-to").select_option("Dan Report")
    page.get_by_test_id("whatif-try").click()
    expect(page.get_by_test_id("whatif-changes")).to_have_text(
        "Trying: add Zoe New (L3); move Bea Report to report to Dan Report"
    )
    expect(page.get_by_test_id("whatif-team")).to_have_count(2)
    expect(page.get_by_test_id("whatif-coverage")).to_be_visible()
    findings: list[Finding] = audit(page, axe_source, "/team/whatif with a result")

    page.get_by_test_id("whatif-move-to").select_option("Bea Report")  # under herself
    page.get_by_test_id("whatif-try").click()
    error = page.get_by_test_id("field-error")
    expect(error).to_have_attribute("data-field", "move_to")
    expect(error).to_contain_text("choose someone outside Bea Report's reporting line")
    expect(page.get_by_test_id("whatif-move-to")).to_have_attribute("aria-invalid", "true")
    expect(page.get_by_test_id("whatif-result")).to_have_count(0)
    findings += audit(page, axe_source, "/team/whatif with a form error")
    report(findings, 2)
    assert not failing(findings), "\n".join(item.line() for item in failing(findings))
