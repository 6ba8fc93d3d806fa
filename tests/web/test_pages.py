"""Every page renders, parses, and shows its key elements; the layout works on a phone; headers are safe."""

from __future__ import annotations

import hashlib

from fastapi import FastAPI
from fastapi.testclient import TestClient

from mlladder import Framework, Profile
from mlladder.store import Store
from tests.conftest import ROOT
from tests.web.conftest import Browser, add_records
from tests.web.html import Page, parse
from tests.web.ids import fill, parameters, routes, visit_path

STYLE_VERSION = hashlib.sha256((ROOT / "src/mlladder/web/static/style.css").read_bytes()).hexdigest()[:16]


def check_layout(page: Page) -> None:
    """What every page has: a title, the phone viewport, our one stylesheet, the navigation and a main part."""
    assert page.title.endswith("· mlladder")
    assert page.find("meta", name="viewport").attrs["content"] == "width=device-width, initial-scale=1"
    assert [link.attrs["href"] for link in page.find_all("link")] == [f"/static/style.css?v={STYLE_VERSION}"]
    assert page.by_id("nav").find_all("a")
    assert page.by_id("main")
    assert page.active_content() == []  # no scripts at all, so nothing for a policy to let through


def test_every_page_renders(app: FastAPI, browser: Browser, store: Store, me: int, ml_ladder: Framework) -> None:
    profile = Profile(framework="ml-engineer", years_experience=5, ratings={"self": {"mlops": 3, "leadership": 2}})
    records = add_records(store, ml_ladder, me, profile)
    browser.post(f"/people/{me}/assess", {"years_experience": "5"})  # a wizard in progress, for its pages
    pages = [
        route
        for route in routes(app)
        if "GET" in (route.methods or ()) and not route.path.startswith("/api") and "download" not in route.path
        and not route.path.endswith("/original") and not route.path.startswith("/admin")  # team mode: test_team
        and not route.path.startswith("/static/")  # files, not pages
    ]  # fmt: skip
    assert len(pages) >= 20
    for route in pages:
        path = visit_path(route, records)
        response = browser.get(path)
        if response.status_code == 303:  # the pages that lead to the latest result or plan
            assert route.path in {"/people/{person_id}/results", "/people/{person_id}/plan", "/login"}, path
            continue
        assert response.status_code == 200, f"{path}: {response.status_code} {response.text[:300]}"
        check_layout(parse(response.text))


def test_the_ladder_pages(browser: Browser, ml_ladder: Framework) -> None:
    ladder = browser.page("/ladder")
    levels = ladder.all_testid("level")
    assert [item.attrs["data-level"] for item in levels] == [level.id for level in ml_ladder.levels]
    assert ladder.by_testid("compare-form").find("select", name="from_level")

    level = browser.page("/ladder/levels/L3")
    assert level.by_id("level-title").text == "L3 Senior ML Engineer"
    rows = level.by_testid("expectations").find_all("tr", data_competency="leadership")
    leadership = next(c for c in ml_ladder.competencies if c.id == "leadership")
    assert rows[0].find_all("td")[1].text.startswith(str(leadership.expectations["L3"].proficiency))

    compare = browser.page("/ladder/compare?from_level=L2&to_level=L3")
    assert compare.by_id("compare-title").text.startswith("From L2")
    raised = compare.by_testid("raised").find_all("tr", data_competency="leadership")
    assert raised and "→" in raised[0].find_all("td")[1].text

    across = browser.page("/ladder/compare?from_level=L4&to_level=M1")
    assert across.by_testid("track-change").attrs["data-to-track"] == "management"
    assert "not a step down" in across.by_testid("track-change").text
    rows = across.by_testid("appearing").find("tbody").find_all("tr")
    appearing = [row.attrs["data-competency"] for row in rows]
    assert appearing == ["people-management", "hiring-and-team-building", "delivery", "organisation-design"]
    assert across.by_testid("shifted").find_all("tr", data_competency="mlops")
    assert "Expectations that fall" not in across.text
    assert "Which gives you energy" in across.by_testid("considerations").text
    assert "“Junior to Senior: ML Engineer Career Path" in across.by_testid("considerations").text
    assert ".txt" not in across.text  # sources by title, never by file
    assert [item.attrs["data-level"] for item in across.by_testid("time-allocation").find_all("li")] == ["L4", "M1"]

    skills = browser.page("/ladder/skills?q=torch")
    found = [row.attrs["data-skill"] for row in skills.all_testid("skill")]
    assert "pytorch" in found and "python" not in found
    assert all("torch" in row.text.lower() for row in skills.all_testid("skill"))  # in the name or an alias
    assert skills.by_testid("skills-count").text == f"{len(found)} skills"
    narrowed = browser.page("/ladder/skills?q=torch&level=L1")
    assert len(narrowed.all_testid("skill")) < len(found)

    missing = browser.page("/ladder/levels/L99", status=404)
    assert "L99" in missing.by_testid("error-message").text


def test_unknown_ids_are_404_pages(browser: Browser) -> None:
    for path in ("/assessments/999", "/plans/999", "/documents/999", "/people/999"):
        page = browser.page(path, status=404)
        assert page.by_testid("error-message").attrs["data-status"] == "404"
    assert browser.page("/assessments/abc", status=422).by_testid("error-message")


def test_security_headers_and_static_files(client: TestClient) -> None:
    page = client.get("/ladder")
    policy = page.headers["content-security-policy"]
    assert "default-src 'self'" in policy and "script-src 'self'" in policy and "frame-ancestors 'none'" in policy
    assert page.headers["x-content-type-options"] == "nosniff"
    assert page.headers["x-frame-options"] == "DENY"
    css = client.get("/static/style.css")
    assert css.status_code == 200 and css.headers["content-type"] == "text/css; charset=utf-8"
    assert "@media (max-width: 480px)" in css.text  # the phone layout
    assert "http" not in css.text  # nothing fetched from elsewhere (fonts, images)
    assert css.headers["x-content-type-options"] == "nosniff"


def test_static_files_are_cached_by_version(client: TestClient) -> None:
    """Pages link to the style sheet by its content hash, which browsers may keep for a year; any other address
    of it must be checked each time, and a check that finds it unchanged costs no body."""
    versioned = client.get(f"/static/style.css?v={STYLE_VERSION}")
    assert versioned.headers["cache-control"] == "public, max-age=31536000, immutable"
    assert versioned.headers["etag"] == f'"{STYLE_VERSION}"'
    for address in ("/static/style.css", "/static/style.css?v=0123456789abcdef"):  # no version, an old one
        answer = client.get(address)
        assert (answer.status_code, answer.headers["cache-control"]) == (200, "no-cache")
        assert answer.content == versioned.content
    unchanged = client.get("/static/style.css", headers={"If-None-Match": f'"{STYLE_VERSION}"'})
    assert (unchanged.status_code, unchanged.content) == (304, b"")
    changed = client.get("/static/style.css", headers={"If-None-Match": '"something-else"'})
    assert changed.status_code == 200 and changed.content == versioned.content
    for missing in ("/static/nothing.css", "/static/../pyproject.toml", "/static/%2e%2e%2fapp.py", "/static/"):
        assert client.get(missing).status_code == 404, missing


def test_the_app_answers_only_to_loopback_names(app: FastAPI) -> None:
    """A page elsewhere cannot reach the app through its own host name that resolves to 127.0.0.1."""
    with TestClient(app, base_url="http://evil.example") as client:
        assert client.get("/api/session").status_code == 400
    with TestClient(app, base_url="http://localhost:8765") as client:
        assert client.get("/api/session").status_code == 200


def test_routes_are_covered_by_the_id_samples(app: FastAPI) -> None:
    for route in routes(app):
        parameters(route)  # fill() asserts every parameter has a sample or an id
        fill(
            route,
            {
                "person_id": 1,
                "assessment_id": 1,
                "document_id": 1,
                "entry_id": 1,
                "plan_id": 1,
                "answer_id": 1,
                "key": "a",
            },
        )


def test_the_guidance_page(browser: Browser, store: Store, me: int, ml_ladder: Framework) -> None:
    profile = Profile(
        framework="ml-engineer", years_experience=5, region="US", ratings={"self": {"mlops": 3, "leadership": 2}}
    )
    records = add_records(store, ml_ladder, me, profile)
    results = browser.page(f"/assessments/{records['assessment_id']}")
    note = results.by_testid("guidance-note").text
    assert "Pay at L3: market median $" in note and "Interview:" in note
    link = results.by_testid("guidance-link").attrs["href"]
    page = browser.page(link)
    assert page.by_testid("guidance")
    for section in ("guidance-pay", "guidance-situation", "guidance-interview"):
        assert page.by_id(section)
    assert "company location US, from the profile" in page.by_id("guidance-pay").text
    staff = browser.page(f"{link}?target=L4")
    assert staff.by_id("guidance-title").text.endswith("aiming at L4 Staff ML Engineer")
    assert "Interview preparation for L4" in staff.by_id("guidance-interview").text
    browser.page(f"{link}?target=L99", status=400)
