"""The document page: what a document shows, per competency, each line quoted once with what it supports beside
it, long groups folded away."""

from __future__ import annotations

from collections import Counter

from mlladder.store import Store
from tests.web.conftest import DOCUMENTS, Browser, location_id
from tests.web.html import Page

SKILLS_LINE = "Python, SQL, Scala, PyTorch, scikit-learn, XGBoost, LightGBM, Learning to Rank"  # past any excerpt
LINES_SHOWN = 3


def resume_page(browser: Browser, me: int) -> Page:
    data = (DOCUMENTS / "resume-senior.pdf").read_bytes()
    response = browser.post(
        f"/people/{me}/documents", {"kind": "resume"}, files={"file": ("resume-senior.pdf", data, "application/pdf")}
    )
    return browser.page(f"/documents/{location_id(response, 'documents')}")


def test_each_line_is_quoted_once_on_the_page(browser: Browser, me: int) -> None:
    evidence = resume_page(browser, me).by_testid("evidence")
    quotes = [quote.text for quote in evidence.find_all(data_testid="quote")]
    assert quotes and len(quotes) == len(set(quotes))
    # The skills list used to be quoted once per skill in it, 47 times; now once.
    assert evidence.text.count(SKILLS_LINE) == 1
    assert sum(quote.startswith(f"“{SKILLS_LINE}") or quote.startswith(SKILLS_LINE) for quote in quotes) == 1
    # Every pointer leads to a quote on the page.
    anchors = {quote.attrs["id"] for quote in evidence.find_all(data_testid="quote")}
    references = evidence.find_all(data_testid="quote-ref")
    assert references and {ref.attrs["href"].removeprefix("#") for ref in references} <= anchors


def test_lines_are_grouped_by_competency_with_what_they_show(browser: Browser, me: int, store: Store) -> None:
    evidence = resume_page(browser, me).by_testid("evidence")
    groups = evidence.find_all(data_testid="shows")
    assert [group.attrs["data-competency"] for group in groups][:2] == ["ml-fundamentals", "deep-learning"]
    leadership = next(group for group in groups if group.attrs["data-competency"] == "leadership")
    assert leadership.find("h3").text.startswith("Leadership and mentoring")
    led = next(item for item in leadership.find_all(data_testid="citation") if "Led a team of 5" in item.text)
    assert "leading (L3)" in led.find(data_testid="line-shows").text
    for group in groups:
        lines = [item.attrs["data-line"] for item in group.find_all(data_testid="citation")]
        assert len(lines) == len(set(lines)), group.attrs["data-competency"]  # a line once per competency
        folded = group.find_all(data_testid="more-lines")
        if len(lines) > LINES_SHOWN:  # the rest of a long group folds away, closed
            assert len(folded) == 1 and "open" not in folded[0].attrs
            assert len(folded[0].find_all(data_testid="citation")) == len(lines) - LINES_SHOWN
        else:
            assert not folded
    also = evidence.find_all(data_testid="also-supports")
    assert also and all(link.attrs["href"].startswith("#shows-") for item in also for link in item.find_all("a"))
    counted = Counter(quote.attrs["id"] for group in groups for quote in group.find_all(data_testid="quote"))
    assert set(counted.values()) == {1}


def test_a_document_with_nothing_found_says_so(browser: Browser, me: int) -> None:
    response = browser.post(
        f"/people/{me}/documents", {"kind": "resume"}, files={"file": ("note.txt", b"A note about the weather.")}
    )
    evidence = browser.page(f"/documents/{location_id(response, 'documents')}").by_testid("evidence")
    assert "Nothing the ladder recognises was found." in evidence.text
    assert not evidence.find_all(data_testid="shows")


def test_a_resumes_quoted_lines_carry_their_roles_dates(browser: Browser, me: int) -> None:
    evidence = resume_page(browser, me).by_testid("evidence")
    quoted = {
        item.find(data_testid="quote").text: item
        for item in evidence.find_all(data_testid="citation")
        if item.find_all(data_testid="quote")
    }
    led = next(item for text, item in quoted.items() if text.startswith("Led a team of 5"))
    assert led.find(data_testid="line-date").text == "Mar 2019 – Present"
    forecasting = next(item for text, item in quoted.items() if text.startswith("Built the demand forecasting"))
    assert forecasting.find(data_testid="line-date").text == "2016-2019"
    skills = next(item for text, item in quoted.items() if text.startswith(SKILLS_LINE))
    assert not skills.find_all(data_testid="line-date")  # above the first role: no date to give
