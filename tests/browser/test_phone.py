"""On a phone-width screen (390 x 844) the main pages fit: no page scrolls sideways.

Wide content (tables, the plan's timeline) may scroll inside its own box; the page itself must not.
"""

from __future__ import annotations

import json
from typing import Any

import pytest
import yaml

from tests.browser.support import Server, require_browser
from tests.conftest import ROOT

require_browser()

from playwright.sync_api import APIResponse, Page, ViewportSize, expect  # noqa: E402  (only once the check above found Playwright)

pytestmark = pytest.mark.browser

PHONE: ViewportSize = {"width": 390, "height": 844}
PROFILE = ROOT / "examples" / "profiles" / "mid.yaml"
BRAG = ROOT / "examples" / "documents" / "brag-mid.md"
POSTING = ROOT / "examples" / "documents" / "posting-staff.md"

# The page's width against the viewport's, and the outermost elements that stick out of it (to name the culprit).
MEASURE = """() => {
  const width = document.documentElement.clientWidth;
  const clipped = (element) => {
    for (let up = element.parentElement; up && up !== document.body; up = up.parentElement) {
      if (['auto', 'scroll', 'hidden', 'clip'].includes(getComputedStyle(up).overflowX)) return true;
    }
    return false;
  };
  const wide = [...document.body.querySelectorAll('*')]
    .filter((element) => element.getBoundingClientRect().right > width + 1 && !clipped(element))
    .slice(0, 3)
    .map((element) => `<${element.tagName.toLowerCase()} id="${element.id}" class="${element.getAttribute('class')}">`);
  return {width, scrollWidth: document.documentElement.scrollWidth, wide};
}"""


def api(page: Page, server: Server, method: str, path: str, **body: Any) -> Any:
    """Call the JSON API in the browser's session, with its CSRF token, as a script on the page would."""
    token = page.request.get(server.url("/api/session")).json()["csrf_token"]
    response: APIResponse = page.request.fetch(
        server.url(path),
        method=method,
        headers={"X-CSRF-Token": token, **({"Content-Type": "application/json"} if "data" in body else {})},
        **body,
    )
    assert response.ok, f"{method} {path}: {response.status} {response.text()}"
    return response.json()


def seed(page: Page, server: Server) -> dict[str, int]:
    """One of everything a page can show: an assessment, a plan, documents (a brag document and a job posting), a
    journal entry and a history."""
    profile = yaml.safe_load(PROFILE.read_text(encoding="utf-8"))
    person = api(page, server, "GET", "/api/session")["person_id"]
    api(page, server, "POST", f"/api/people/{person}/assessments", data=json.dumps({"profile": profile}, default=str))
    document, posting = (
        api(
            page,
            server,
            "POST",
            f"/api/people/{person}/documents",
            multipart={"file": {"name": path.name, "mimeType": "text/markdown", "buffer": path.read_bytes()}},
        )
        for path in (BRAG, POSTING)
    )
    entry = {"text": "Ran the quarterly model-quality review across four teams", "impact": "-12% false alarms"}
    api(page, server, "POST", f"/api/people/{person}/journal", data=json.dumps(entry))
    assessment = api(page, server, "POST", f"/api/people/{person}/assessments", data="{}")  # a second, for history
    plan = api(page, server, "POST", f"/api/assessments/{assessment['id']}/plans", data="{}")
    return {
        "person": person,
        "assessment": assessment["id"],
        "plan": plan["id"],
        "document": document["id"],
        "posting": posting["id"],
    }


def test_the_main_pages_fit_a_phone_screen(page: Page, single_user: Server) -> None:
    page.set_viewport_size(PHONE)
    ids = seed(page, single_user)
    person, assessment = ids["person"], ids["assessment"]
    paths = [
        "/",
        "/ladder",
        "/ladder/levels/L3",
        "/ladder/compare?from_level=L2&to_level=L3",
        "/ladder/skills?competency=mlops",
        f"/people/{person}/assess",
        f"/assessments/{assessment}",
        f"/assessments/{assessment}/gaps",
        f"/plans/{ids['plan']}",
        f"/people/{person}/history",
        f"/people/{person}/journal",
        f"/people/{person}/documents",
        f"/documents/{ids['document']}",
        f"/documents/{ids['posting']}",
        f"/people/{person}/match?posting={ids['posting']}&resume={ids['document']}",
        f"/people/{person}/packet",
    ]
    too_wide = {}
    for path in paths:
        response = page.goto(single_user.url(path))
        assert response is not None and response.status == 200, path
        measured = page.evaluate(MEASURE)
        assert measured["width"] == PHONE["width"]
        if measured["scrollWidth"] > measured["width"]:
            too_wide[path] = measured
    page.goto(single_user.url(f"/people/{person}/assess"))
    page.get_by_test_id("wizard-begin").click()  # prefilled from the latest assessment
    expect(page.get_by_test_id("wizard-step")).to_be_visible()
    measured = page.evaluate(MEASURE)
    if measured["scrollWidth"] > measured["width"]:
        too_wide["a wizard step"] = measured
    assert not too_wide, f"pages wider than a {PHONE['width']} px screen: {too_wide}"
