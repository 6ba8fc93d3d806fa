"""The ladder pages as someone who wants to know what a level means and pays: years and pay per level (the guides'
and the market's, by region), the competency-by-level matrix, typo-tolerant skill search and a page per skill."""

from __future__ import annotations

import re

from mlladder import Framework
from mlladder.framework.ladder import combined_salaries, salary_bands_for
from mlladder.guidance.pay import compare_pay
from mlladder.market.pay import market_pay
from tests.web.conftest import Browser


def thousands(amount: float) -> str:
    return f"${round(amount, -3) / 1000:g}K"


def test_the_overview_shows_years_and_pay_for_every_level(browser: Browser, ml_ladder: Framework) -> None:
    page = browser.page("/ladder")
    cards = {card.attrs["data-level"]: card for card in page.all_testid("level")}
    l3 = cards["L3"]
    assert l3.find(data_testid="years").text == "5-8 years or 4-7 years"
    combined = next(item for item in combined_salaries(ml_ladder) if item.level == "L3")
    assert l3.find(data_testid="guide-pay").text == f"${combined.low / 1000:g}K-${combined.high / 1000:g}K a year"
    market = market_pay("L3")
    assert market is not None and f"median {thousands(market.median)}" in l3.find(data_testid="market-pay").text
    # Management levels: the articles give neither years nor pay, and the page says so rather than leaving a gap.
    m1 = cards["M1"]
    assert m1.find(data_testid="years").text == "not given by the articles"
    assert m1.find(data_testid="guide-pay").text == "not given by the articles"
    assert not m1.find_all(data_testid="market-pay")
    assert page.by_id("matrix-link").attrs["href"] == "/ladder/competencies"


def test_market_pay_follows_the_region_and_a_bad_region_keeps_the_page(browser: Browser) -> None:
    in_britain = browser.page("/ladder/levels/L2?region=GB")
    market = market_pay("L2", "GB")
    assert market is not None
    text = in_britain.find(data_testid="market-pay").text
    assert "company location GB" in text and f"median {thousands(market.median)}" in text
    assert f"Base salary of {market.n} " in text
    assert in_britain.find(id="region").find("option", value="GB").attrs.get("selected") is not None

    narnia = browser.page("/ladder/levels/L2?region=Narnia")  # the page, not an error page
    assert "Narnia" in narnia.find(data_testid="region-problem").text
    assert "all company locations" in narnia.find(data_testid="market-pay").text
    over_long = browser.page("/ladder?region=" + "X" * 5000)
    assert len(over_long.find(data_testid="region-problem").text) < 300  # the typed value is clipped, not echoed whole


def test_a_level_page_places_each_article_band_in_the_market(browser: Browser, ml_ladder: Framework) -> None:
    page = browser.page("/ladder/levels/L3")
    assert page.find(data_testid="years").text.startswith("Typical experience: 5-8 years")
    bands = page.find(data_testid="salaries").find_all("li")
    assert len(bands) == len(salary_bands_for(ml_ladder, "L3")) == 3
    comparison = compare_pay(ml_ladder, "L3")
    first = comparison.bands[0]
    assert first.min_percentile is not None
    assert f"starts at the market's {round(first.min_percentile)}th percentile" in bands[0].text
    assert ".txt" not in page.text  # sources by title
    assert "base salary or total pay" in page.text  # the guides' bands are not called base when they may not be

    manager = browser.page("/ladder/levels/M1")
    assert "no years of experience for this level" in manager.find(data_testid="years").text
    assert "no pay for this level" in manager.find(data_testid="no-guide-pay").text
    assert "management track" in manager.find(data_testid="no-market-pay").text


def test_a_level_groups_its_skills_instead_of_listing_them_all(browser: Browser, ml_ladder: Framework) -> None:
    page = browser.page("/ladder/levels/L3")
    groups = page.all_testid("skill-group")
    expected = [skill for skill in ml_ladder.skills if skill.typical_level == "L3"]
    counts = [int(re.search(r"\((\d+)\)$", group.find("summary").text).group(1)) for group in groups]  # type: ignore[union-attr]
    assert sum(counts) == len(expected) and len(groups) > 1
    assert counts == sorted(counts, reverse=True)
    assert [group.attrs.get("open") is not None for group in groups].count(True) == 1  # only the largest is open
    links = {a.attrs["href"] for group in groups for a in group.find_all("a")}
    assert links == {f"/ladder/skills/{skill.id}" for skill in expected}


def test_comparing_two_levels_shows_the_change_in_pay(browser: Browser, ml_ladder: Framework) -> None:
    page = browser.page("/ladder/compare?from_level=L2&to_level=L3")
    changes = page.find(data_testid="pay-change").find_all("li")
    shared = {band.source for band in salary_bands_for(ml_ladder, "L2")} & {
        band.source for band in salary_bands_for(ml_ladder, "L3")
    }
    assert len(changes) == len(shared) == 3
    assert any("$140K-$200K → $180K-$280K a year" in item.text for item in changes)
    across = browser.page("/ladder/compare?from_level=L3&to_level=M1")
    assert "change in pay is unknown" in across.find(data_testid="no-pay-change").text


def test_the_competency_matrix_has_every_competency_at_every_level(browser: Browser, ml_ladder: Framework) -> None:
    page = browser.page("/ladder/competencies")
    table = page.find(data_testid="competency-matrix")
    rows = table.find("tbody").find_all("tr")
    assert [row.attrs["data-competency"] for row in rows] == [c.id for c in ml_ladder.competencies]
    for competency, row in zip(ml_ladder.competencies, rows, strict=True):
        cells = {cell.attrs["data-level"]: cell for cell in row.find_all("td")}
        assert list(cells) == [level.id for level in ml_ladder.levels]
        for level_id, cell in cells.items():
            expected = competency.expectations.get(level_id)
            if expected is None:
                assert cell.text == "–"
            else:
                assert cell.attrs["data-step"] == str(expected.proficiency)
    assert table.attrs.get("id") == "competency-matrix"
    assert page.find("div", role="region").attrs["tabindex"] == "0"  # the scrolling box is reachable by keyboard


def test_skill_search_tolerates_typos(browser: Browser) -> None:
    page = browser.page("/ladder/skills?q=kubernetess")
    assert [row.attrs["data-skill"] for row in page.all_testid("skill")] == ["kubernetes"]
    assert "No skill is named “kubernetess”" in page.find(data_testid="skills-fuzzy").text
    typo = browser.page("/ladder/skills?q=pytorh")
    assert typo.all_testid("skill")[0].attrs["data-skill"] == "pytorch"
    exact = browser.page("/ladder/skills?q=Feature Store")  # a name with a space, as people type it
    assert "feature-store" in [row.attrs["data-skill"] for row in exact.all_testid("skill")]
    assert not exact.all_testid("skills-fuzzy")
    nothing = browser.page("/ladder/skills?q=banana")
    assert not nothing.all_testid("skill") and "Nothing comes close" in nothing.find(data_testid="skills-fuzzy").text
    rows = browser.page("/ladder/skills?q=docker").all_testid("skill")
    assert rows[0].find("a").attrs["href"] == "/ladder/skills/docker"


def test_a_skill_page_shows_prerequisites_and_where_the_skill_is_used(browser: Browser, ml_ladder: Framework) -> None:
    page = browser.page("/ladder/skills/kubernetes")
    assert page.by_id("skill-title").text == "Kubernetes"
    assert [a.attrs["href"] for a in page.find(data_testid="prerequisites").find_all("a")] == ["/ladder/skills/docker"]
    builds = {a.attrs["href"] for a in page.find(data_testid="leads-to").find_all("a")}
    assert "/ladder/skills/kubeflow" in builds
    assert page.find(data_testid="typical-level").find("a").attrs["href"] == "/ladder/levels/L3"
    steps = [a.attrs["href"] for a in page.find(data_testid="steps").find_all("a")]
    assert steps == ["/ladder/compare?from_level=L2&to_level=L3"]
    projects = [p.title for p in ml_ladder.portfolio_projects if "kubernetes" in p.skills]
    assert [li.text.split(" (")[0] for li in page.find(data_testid="projects").find_all("li")] == projects

    first = browser.page("/ladder/skills/python")
    assert "no prerequisite" in first.find(data_testid="prerequisites").text
    missing = browser.page("/ladder/skills/kubernetess", status=404)
    assert "did you mean 'kubernetes'" in missing.find(data_testid="error-message").text


def test_unknown_levels_are_pages_that_do_not_exist(browser: Browser) -> None:
    assert browser.page("/ladder/levels/L9", status=404).by_testid("error-message").attrs["data-status"] == "404"
    long_id = browser.page("/ladder/levels/" + "L" * 3000, status=404)
    assert len(long_id.find(data_testid="error-message").text) < 300
