"""Keyboard and assistive technology in a real Chromium: axe-core on every page, a skip link and the current page
marked in the navigation, and keyboard-only walks through the wizard and the plan.

axe-core comes inside a Python package (see the ``axe_source`` fixture), so nothing is fetched at test time. Every
page must have no serious or critical violation, nor any of the findings fixed once (``KEPT_CLEAN``); the moderate
and minor ones left are printed as a list (``pytest -s`` or ``-rP`` shows it).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import pytest

from mlladder import Profile, builtin_framework
from mlladder.framework.ladder import placed_competencies
from mlladder.store import Store
from mlladder.web.routes import ROUTERS
from tests.browser.support import PASSWORD, Server, require_browser, server_errors, serving
from tests.web.conftest import add_records
from tests.web.ids import visit_path

require_browser()

from fastapi.routing import APIRoute  # noqa: E402
from playwright.sync_api import Page, expect  # noqa: E402  (only once the check above found Playwright)

pytestmark = pytest.mark.browser

BLOCKING = ("serious", "critical")
# Findings fixed once, kept out of every page although axe rates some of them only moderate or minor: a
# scrollable box that a keyboard cannot reach, a skipped heading level, content outside every landmark (the
# "viewing someone's data" banner), a table header with no text.
KEPT_CLEAN = ("scrollable-region-focusable", "heading-order", "region", "empty-table-header")
RUN_AXE = """async () => {
  const result = await axe.run(document, {resultTypes: ["violations"]});
  return result.violations.map(v => ({
    rule: v.id, impact: v.impact || "minor", help: v.help, targets: v.nodes.map(n => n.target.join(" ")),
  }));
}"""
SKIP_LINK_FIRST = """() => document.body.firstElementChild.matches('a.skip-link[href="#main"]')
  && document.querySelectorAll("main#main").length === 1"""
TAB_LIMIT = 60  # more Tab presses than any page has stops before the one a walk looks for


@dataclass(frozen=True)
class Finding:
    """One axe-core rule a page breaks, with the elements that break it."""

    path: str
    rule: str
    impact: str
    help: str
    targets: tuple[str, ...]

    def line(self) -> str:
        shown = ", ".join(self.targets[:3]) + (f" and {len(self.targets) - 3} more" if len(self.targets) > 3 else "")
        return f"{self.path}: {self.rule} ({self.impact}) {self.help}: {shown}"


def audit(page: Page, axe_source: str, path: str) -> list[Finding]:
    """axe-core's violations on the page as it is now, and ours: the skip link must come first on every page."""
    if not page.evaluate("() => typeof window.axe === 'object'"):
        page.evaluate(axe_source)
    found: list[dict[str, Any]] = page.evaluate(RUN_AXE)
    findings = [Finding(path, item["rule"], item["impact"], item["help"], tuple(item["targets"])) for item in found]
    if not page.evaluate(SKIP_LINK_FIRST):
        findings.append(Finding(path, "skip-link", "serious", "The first element is a skip link to main#main", ()))
    return findings


def failing(findings: list[Finding]) -> list[Finding]:
    return [item for item in findings if item.impact in BLOCKING or item.rule in KEPT_CLEAN]


def report(findings: list[Finding], pages: int) -> None:
    """The findings left for a person to judge, in the test's output."""
    listed = [item for item in findings if item not in failing(findings)]
    print(f"\naxe-core on {pages} pages: {len(listed)} moderate or minor findings")
    for item in listed:
        print("  " + item.line())


# -- the servers ---------------------------------------------------------------------------------------------------

GET_PAGES_LEFT_OUT = ("/api", "/static/", "download", "/original")  # JSON and files, not pages
TEAM_ONLY = ("/login", "/admin", "/team")  # pages for accounts: test_team_pages_pass_axe


def page_routes() -> list[APIRoute]:
    """The app's GET pages, as tests/web/test_pages.py visits them."""
    gets = [
        route
        for router in ROUTERS
        for route in router.routes
        if isinstance(route, APIRoute) and "GET" in (route.methods or ())
    ]
    found = {route.path: route for route in gets}  # a path once, however many routers name it
    return [
        route
        for path, route in found.items()
        if not any(part in path for part in GET_PAGES_LEFT_OUT)
        and "." not in path.rsplit("/", 1)[-1]  # a file to download: plan.md, {table}.csv
    ]


@dataclass
class Seeded:
    """A running server over a database with one record of each kind for ``person_id``."""

    server: Server
    records: dict[str, Any]

    @property
    def person_id(self) -> int:
        person: int = self.records["person_id"]
        return person


def seed(store: Store, person_id: int) -> dict[str, Any]:
    ladder = builtin_framework("ml-engineer")
    profile = Profile(framework=ladder.id, years_experience=5, ratings={"self": {"mlops": 3, "leadership": 2}})
    return add_records(store, ladder, person_id, profile)


def checked(server: Server) -> None:
    errors = server_errors(server.log_text())
    assert not errors, "the server failed a request:\n" + "\n\n".join(errors)


@pytest.fixture(scope="module")
def single_user_with_records(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Seeded]:
    folder = tmp_path_factory.mktemp("a11y-single")
    db_url = f"sqlite:///{folder / 'web.db'}"
    with Store(db_url) as store:
        records = seed(store, store.default_person().id)
    with serving(folder, db_url) as server:
        yield Seeded(server, records)
    checked(server)


@pytest.fixture(scope="module")
def team_with_records(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Seeded]:
    """Team mode: an admin, a manager (mia) and her report (bea), whose records the manager reads."""
    folder = tmp_path_factory.mktemp("a11y-team")
    db_url = f"sqlite:///{folder / 'team.db'}"
    with Store(db_url) as store:
        store.create_user("admin", PASSWORD, "admin", name="Ada Admin")
        manager = store.create_user("mia", PASSWORD, "manager", name="Mia Manager")
        report = store.create_user("bea", PASSWORD, "engineer", manager.id, name="Bea Report")
        assert report.person_id is not None
        records = {**seed(store, report.person_id), "user_id": report.id}  # the account page shows hers
    with serving(folder, db_url, "--multi-user") as server:
        yield Seeded(server, records)
    checked(server)


def sign_in(page: Page, server: Server, username: str) -> None:
    page.context.clear_cookies()
    page.goto(server.url("/login"))
    page.locator("#username").fill(username)
    page.locator("#password").fill(PASSWORD)
    page.get_by_test_id("login-submit").click()
    expect(page.get_by_test_id("logout")).to_have_text(f"Sign out {username}")


# -- axe-core on every page ----------------------------------------------------------------------------------------


@pytest.mark.parametrize("width", [1280, 390], ids=["desktop", "phone"])
def test_every_page_passes_axe(page: Page, single_user_with_records: Seeded, axe_source: str, width: int) -> None:
    """At a desktop's width and a phone's, where tables and charts scroll sideways in boxes of their own."""
    seeded = single_user_with_records
    page.set_viewport_size({"width": width, "height": 900})
    page.goto(seeded.server.url(f"/people/{seeded.person_id}/assess"))
    page.locator("#years").fill("5")
    page.get_by_test_id("wizard-begin").click()  # a wizard in progress, for its steps and summary
    expect(page.get_by_test_id("wizard-progress")).to_be_visible()
    paths = [visit_path(route, seeded.records) for route in page_routes() if not route.path.startswith(TEAM_ONLY)]
    paths.append(f"/documents/{seeded.records['posting_id']}")  # a job posting: its cues table scrolls sideways
    findings: list[Finding] = []
    for path in paths:
        response = page.goto(seeded.server.url(path))  # the latest result or plan: a redirect to it
        assert response is not None and response.status == 200, f"{path}: {response and response.status}"
        findings += audit(page, axe_source, path)
    response = page.goto(seeded.server.url("/plans/999"))  # and an error page
    assert response is not None and response.status == 404
    findings += audit(page, axe_source, "/plans/999")
    wizard = {"/assess", "/assess/step/1", "/assess/summary"}
    assert {f"/people/{seeded.person_id}{part}" for part in wizard} <= set(paths), paths
    assert len(paths) >= 25, paths
    report(findings, len(paths) + 1)
    assert not failing(findings), "\n".join(item.line() for item in failing(findings))


def test_team_pages_pass_axe(page: Page, team_with_records: Seeded, axe_source: str) -> None:
    """Team mode: the sign-in page, the accounts pages as an admin, and a manager's views: her team pages and a
    report's pages, which carry the banner saying whose data they show."""
    seeded = team_with_records
    signed_in_as = {"/login": None, "/admin": "admin", "/team": "mia"}
    paths = [visit_path(route, seeded.records) for route in page_routes() if route.path.startswith(TEAM_ONLY)]
    assert {"/login", "/admin/users", "/team"} <= set(paths), paths
    findings: list[Finding] = []
    for prefix, username in signed_in_as.items():
        page.context.clear_cookies()
        if username:
            sign_in(page, seeded.server, username)
        for path in (path for path in paths if path.startswith(prefix)):
            response = page.goto(seeded.server.url(path))
            assert response is not None and response.status == 200, f"{path}: {response and response.status}"
            findings += audit(page, axe_source, path)
    report_pages = [
        f"/people/{seeded.person_id}",
        f"/assessments/{seeded.records['assessment_id']}",
        f"/plans/{seeded.records['plan_id']}",
        f"/documents/{seeded.records['document_id']}",
        f"/people/{seeded.person_id}/journal",
    ]
    for path in report_pages:  # still signed in as the manager
        page.goto(seeded.server.url(path))
        expect(page.get_by_test_id("viewing")).to_contain_text("Bea Report")
        expect(page.locator("main").get_by_test_id("viewing")).to_have_count(1)  # inside a landmark
        findings += audit(page, axe_source, path)
    report(findings, len(paths) + len(report_pages))
    assert not failing(findings), "\n".join(item.line() for item in failing(findings))


# -- the skip link and the current page ----------------------------------------------------------------------------


def focused(page: Page) -> dict[str, Any]:
    """What has the keyboard focus: its tag, id, test id and text."""
    found: dict[str, Any] = page.evaluate(
        """() => { const e = document.activeElement; return {tag: e.tagName.toLowerCase(), id: e.id,
        testid: e.dataset ? (e.dataset.testid || "") : "", text: (e.innerText || "").trim(),
        name: e.getAttribute("name") || "", value: e.value || ""}; }"""
    )
    return found


def test_the_skip_link_comes_first_and_lands_on_the_content(page: Page, single_user_with_records: Seeded) -> None:
    page.goto(single_user_with_records.server.url("/ladder"))
    page.keyboard.press("Tab")
    assert focused(page)["text"] == "Skip to content"
    expect(page.get_by_role("link", name="Skip to content")).to_be_visible()  # seen once it has the focus
    page.keyboard.press("Enter")
    now = focused(page)
    assert (now["tag"], now["id"]) == ("main", "main"), now
    page.keyboard.press("Tab")  # the next stop is inside the content, past the navigation
    assert page.evaluate("() => document.getElementById('main').contains(document.activeElement)")


def test_the_navigation_marks_the_current_page(page: Page, single_user_with_records: Seeded) -> None:
    seeded = single_user_with_records
    me = seeded.person_id
    expected = {
        "/ladder": "nav-ladder",
        "/ladder/levels/L3": "nav-ladder",
        f"/people/{me}/assess": "nav-assess",
        f"/assessments/{seeded.records['assessment_id']}": "nav-results",
        f"/assessments/{seeded.records['assessment_id']}/gaps": "nav-results",
        f"/people/{me}/documents": "nav-documents",
        f"/documents/{seeded.records['document_id']}": "nav-documents",
        f"/plans/{seeded.records['plan_id']}": "nav-plan",
        f"/people/{me}/history": "nav-history",
        f"/people/{me}/journal": "nav-journal",
        f"/people/{me}/packet": "nav-packet",
        f"/people/{me}/practice": "nav-practice",
        "/": "home-link",
    }
    for path, testid in expected.items():
        page.goto(seeded.server.url(path))
        current = page.locator('header.site [aria-current="page"]')
        expect(current, path).to_have_count(1)
        expect(current, path).to_have_attribute("data-testid", testid)


# -- keyboard-only walks -------------------------------------------------------------------------------------------


def tab_to(page: Page, selector: str, key: str = "Tab") -> None:
    """Press Tab (or ``key``) until the element matching ``selector`` has the focus."""
    for _ in range(TAB_LIMIT):
        if page.evaluate("s => document.activeElement.matches(s)", selector):
            return
        page.keyboard.press(key)
    raise AssertionError(f"{selector} was not reached with {TAB_LIMIT} presses of {key}; at {focused(page)}")


def press_and_load(page: Page, key: str) -> None:
    """Press a key that follows a link or sends a form, and wait for the page it leads to."""
    with page.expect_navigation():
        page.keyboard.press(key)


def skip_to_content(page: Page) -> None:
    page.keyboard.press("Tab")
    page.keyboard.press("Enter")


def test_the_wizard_by_keyboard_alone(page: Page, single_user_with_records: Seeded) -> None:
    """From the home page to the results with Tab, Enter, Space and the arrow keys only: no clicks."""
    seeded = single_user_with_records
    ladder = builtin_framework("ml-engineer")
    page.goto(seeded.server.url("/"))
    skip_to_content(page)
    tab_to(page, "[data-testid=start-assessment]")
    press_and_load(page, "Enter")
    expect(page.locator("#wizard-start")).to_be_visible()
    skip_to_content(page)
    tab_to(page, "#years")
    page.keyboard.type("6")
    tab_to(page, "[data-testid=wizard-begin]")
    press_and_load(page, "Enter")
    competencies = placed_competencies(ladder)
    chosen = []
    for number, competency in enumerate(competencies, start=1):
        expect(page.locator("#competency-name")).to_have_attribute("data-competency", competency.id)
        skip_to_content(page)
        tab_to(page, "input[name=choice]")  # the radio group: one stop
        page.keyboard.press("Space")  # the description with the focus
        if number % 2:
            page.keyboard.press("ArrowDown")  # and on every other page the one below it
        chosen.append(page.locator("input[name=choice]:checked").get_attribute("value"))
        tab_to(page, "[data-testid=wizard-next]")
        press_and_load(page, "Enter")
    expect(page.get_by_test_id("rated-count")).to_contain_text(f"{len(competencies)} of {len(competencies)}")
    summary = page.locator("#summary tbody tr").evaluate_all("rows => rows.map(row => row.dataset.value)")
    assert summary == chosen and None not in chosen
    skip_to_content(page)
    tab_to(page, "[data-testid=wizard-save]")
    press_and_load(page, "Enter")
    expect(page).to_have_url(re.compile(r"/assessments/\d+$"))
    expect(page.get_by_test_id("placement")).to_have_attribute("data-level", re.compile(r"^L\d$"))


def test_ticking_a_plan_item_by_keyboard_keeps_the_focus_on_it(page: Page, single_user_with_records: Seeded) -> None:
    seeded = single_user_with_records
    page.goto(seeded.server.url(f"/plans/{seeded.records['plan_id']}"))
    skip_to_content(page)
    tab_to(page, "[data-testid=activity] [data-testid=status-done]")
    key = page.evaluate("() => document.activeElement.closest('[data-testid=activity]').dataset.key")
    done_before = int(page.get_by_test_id("plan-progress").get_attribute("data-done") or "0")
    press_and_load(page, "Space")
    activity = page.locator(f'[data-testid=activity][data-key="{key}"]')
    expect(activity).to_have_attribute("data-status", "done")
    expect(page.get_by_test_id("plan-progress")).to_have_attribute("data-done", str(done_before + 1))
    expect(activity.get_by_test_id("status-done")).to_be_focused()  # not the top of the page
    expect(activity.get_by_test_id("status-done")).to_have_attribute("aria-pressed", "true")
    page.keyboard.press("Shift+Tab")  # and on from there: back to "Doing" on the same item
    press_and_load(page, "Enter")
    expect(activity).to_have_attribute("data-status", "doing")
    expect(activity.get_by_test_id("status-doing")).to_be_focused()


def test_ticking_an_item_in_a_folded_month_keeps_the_month_open_and_the_focus(
    page: Page, single_user_with_records: Seeded
) -> None:
    """The later activities fold by month; marking one done by keyboard must not fold it away with the focus."""
    seeded = single_user_with_records
    page.goto(seeded.server.url(f"/plans/{seeded.records['plan_id']}"))
    month = page.locator("details.period:last-of-type")  # the last month: nothing in it under way, so folded
    expect(month).to_have_count(1)
    expect(month).not_to_have_attribute("open", "")
    skip_to_content(page)
    tab_to(page, "details.period:last-of-type > summary")
    page.keyboard.press("Enter")  # opens the month
    tab_to(page, "details.period:last-of-type [data-testid=status-done]")
    key = page.evaluate("() => document.activeElement.closest('[data-testid=activity]').dataset.key")
    press_and_load(page, "Space")
    activity = page.locator(f'[data-testid=activity][data-key="{key}"]')
    expect(activity).to_have_attribute("data-status", "done")
    expect(page.get_by_test_id("period").filter(has=activity)).to_have_attribute("open", "")
    expect(activity.get_by_test_id("status-done")).to_be_focused()


def test_the_document_text_box_is_reachable_by_keyboard(page: Page, single_user_with_records: Seeded) -> None:
    """The document's text scrolls in a box of its own: a keyboard user reaches it with Tab and scrolls it with
    the arrow keys, and a screen reader names it."""
    seeded = single_user_with_records
    page.goto(seeded.server.url(f"/documents/{seeded.records['document_id']}"))
    box = page.get_by_test_id("document-text")
    expect(box).to_have_attribute("tabindex", "0")
    expect(page.get_by_role("region", name=re.compile("text of", re.IGNORECASE))).to_have_count(1)
    skip_to_content(page)
    tab_to(page, "[data-testid=document-text]")
