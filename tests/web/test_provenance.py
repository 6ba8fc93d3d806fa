"""The ladder pages name every source by its title and mark editorial text; no page shows a source's file name."""

from __future__ import annotations

import re

import pytest

from mlladder import Framework, Profile
from mlladder.framework.sources import WRITTEN_HERE
from mlladder.store import Store
from tests.web.conftest import Browser, add_records
from tests.web.html import parse

SEED_FILE = re.compile(r"\d{3}_[0-9a-f]{16}\.txt")
PAGES = ["/ladder", "/ladder/levels/L3", "/ladder/levels/M2", "/ladder/compare?from_level=L2&to_level=L3"]


@pytest.mark.parametrize("path", [*PAGES, "/ladder/skills?q=torch"])
def test_ladder_pages_show_no_seed_file_names(browser: Browser, path: str) -> None:
    response = browser.get(path)
    assert response.status_code == 200
    assert not SEED_FILE.search(response.text)


def test_the_level_page_names_titles_beside_years_pay_and_markers(browser: Browser, ml_ladder: Framework) -> None:
    page = browser.page("/ladder/levels/L3")
    titles = {source.id: source.title for source in ml_ladder.sources}
    pay = page.by_id("salaries").text
    assert f"“{titles['001_60c2f85fc76de547.txt']}”" in pay  # every band's article, by title
    expectations = page.by_testid("expectations").text
    assert WRITTEN_HERE in parse(browser.get("/ladder/levels/M2").text).by_testid("expectations").text
    assert "from “" in expectations
    notes = [span.text for span in page.find_all("span", **{"class": "muted source"})]
    assert notes and all(note.startswith("(from “") or note == f"({WRITTEN_HERE})" for note in notes)


def test_the_skills_page_names_who_lists_each_skill(browser: Browser) -> None:
    rows = {row.attrs["data-skill"]: row for row in browser.page("/ladder/skills?q=torch").all_testid("skill")}
    assert "from “" in rows["pytorch"].find_all("td")[-1].text


def test_gaps_and_plan_pages_name_the_articles_behind_markers_and_activities(
    browser: Browser, store: Store, me: int, ml_ladder: Framework
) -> None:
    profile = Profile(framework="ml-engineer", years_experience=5, ratings={"self": {"mlops": 1, "leadership": 1}})
    records = add_records(store, ml_ladder, me, profile)
    gaps = browser.get(f"/assessments/{records['assessment_id']}/gaps")
    plan = browser.get(f"/plans/{records['plan_id']}")
    for response in (gaps, plan):
        assert response.status_code == 200
        assert not SEED_FILE.search(response.text)
    markers = parse(gaps.text).all_testid("gap")[0].find("span", **{"class": "muted source"}).text
    assert markers.startswith("(from “") or markers == f"({WRITTEN_HERE})"
    cited = [item.text for item in parse(plan.text).all_testid("activity-source")]
    assert cited and all(text.startswith("(from “") or text == f"({WRITTEN_HERE})" for text in cited)
