"""What a manager or director sees on a report's pages: whose data it is (a banner, headings naming the person),
their own navigation, and no link or form that would end on a "not allowed" page."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlsplit

import pytest

from mlladder import Framework, Profile
from tests.web.conftest import Team, add_records
from tests.web.html import Page, parse
from tests.web.ids import owned, routes, visit_path

PROFILE = Profile(framework="ml-engineer", years_experience=4, ratings={"self": {"mlops": 2}})
NAV = ("assess", "results", "documents", "plan", "history", "journal", "packet", "practice")


@pytest.fixture
def bea_records(team: Team, ml_ladder: Framework) -> dict[str, Any]:
    return add_records(team.store, ml_ladder, team.person("bea"), PROFILE)


def pages_of(team: Team, username: str, records: dict[str, Any]) -> dict[str, Page]:
    """Every HTML page with an id in its path that ``username`` opens on these records, by path."""
    found: dict[str, Page] = {}
    for route in routes(team.app):
        if not owned(route) or "GET" not in (route.methods or ()) or route.path.startswith("/api/"):
            continue
        path = visit_path(route, records)
        response = team.browsers[username].get(path, follow_redirects=True)
        if response.status_code == 200 and response.headers["content-type"].startswith("text/html"):
            found[path] = parse(response.text)
    assert len(found) >= 15, sorted(found)
    return found


def local_links(page: Page) -> set[str]:
    links = {element.attrs["href"] for element in page.find_all("a") if "href" in element.attrs}
    return {link for link in links if link.startswith("/") and not link.startswith("/static/")}


def test_a_manager_on_a_reports_page_sees_whose_data_it_is_and_keeps_their_own_navigation(
    team: Team, bea_records: dict[str, Any]
) -> None:
    mia, bea = team.person("mia"), team.person("bea")
    for path, page in pages_of(team, "mia", bea_records).items():
        banner = page.by_testid("viewing")
        assert banner.text == "Viewing Bea Report's data (read only). Back to your own pages", path
        assert page.by_testid("back-to-own").attrs["href"] == f"/people/{mia}", path
        for item in NAV:
            assert page.by_testid(f"nav-{item}").attrs["href"] == f"/people/{mia}/{item}", path
    own = team.browsers["bea"].page(f"/people/{bea}")
    assert own.find_all(data_testid="viewing") == []
    assert own.by_testid("nav-assess").attrs["href"] == f"/people/{bea}/assess"


def test_headings_name_the_person_instead_of_saying_you(team: Team, bea_records: dict[str, Any]) -> None:
    bea = team.person("bea")
    overview = team.browsers["mia"].page(f"/people/{bea}")
    assert overview.by_testid("standing-heading").text == "Where Bea Report stands"
    own = team.browsers["bea"].page(f"/people/{bea}")
    assert own.by_testid("standing-heading").text == "Where you stand"
    for path, page in pages_of(team, "mia", bea_records).items():
        main = page.by_id("main")
        quoted = set(map(id, page.by_id("guidance").iter())) if page.find_all(id="guidance") else set()
        headings = [e.text for e in main.iter() if e.tag in {"h1", "h2", "h3"} and id(e) not in quoted]
        assert not [text for text in headings if " you" in f" {text.lower()}"], (path, headings)


def test_guidance_written_to_the_person_says_so(team: Team, bea_records: dict[str, Any]) -> None:
    """The guidance is the person's report as it speaks to them ("Your situation"): a manager is told so."""
    path = f"/assessments/{bea_records['assessment_id']}/guidance"
    seen = team.browsers["mia"].page(path).by_testid("written-to").text
    assert seen == "The guidance below speaks to Bea Report, as their own report does."
    assert team.browsers["bea"].page(path).find_all(data_testid="written-to") == []


def test_no_page_a_manager_opens_links_to_what_they_may_not_do(team: Team, bea_records: dict[str, Any]) -> None:
    browser = team.browsers["mia"]
    pages = pages_of(team, "mia", bea_records)
    links = set().union(*(local_links(page) for page in pages.values()))
    for link in sorted(links):
        response = browser.get(link, follow_redirects=True)
        assert response.status_code not in (403, 404), f"a page links to {link}: {response.status_code}"
    for path, page in pages.items():
        for form in page.find_all("form"):
            action = urlsplit(form.attrs.get("action", path)).path
            if form.attrs.get("method", "get").lower() == "post":
                assert action == "/logout", f"{path} offers a form mia may not send: {action}"


def test_a_director_on_a_direct_reports_page_reads_it_with_the_same_honesty(team: Team, ml_ladder: Framework) -> None:
    records = add_records(team.store, ml_ladder, team.person("mia"), PROFILE)
    dora = team.person("dora")
    for path, page in pages_of(team, "dora", records).items():
        assert page.by_testid("viewing").text.startswith("Viewing Mia Manager's data (read only)."), path
        assert page.by_testid("nav-journal").attrs["href"] == f"/people/{dora}/journal", path


def test_an_admin_is_told_they_may_change_what_they_look_at(team: Team, bea_records: dict[str, Any]) -> None:
    page = team.browsers["admin"].page(f"/people/{team.person('bea')}")
    assert page.by_testid("viewing").text.startswith("Viewing Bea Report's data (as an admin, you can change it).")
    assert page.find_all(data_testid="start-assessment")  # and the actions are there
