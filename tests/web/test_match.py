"""A posting's page shows how it was read, and matches it with the person's resume: the page, the API, bad input
and who may see a match. Every figure is checked against the library's own answer for the same files."""

from __future__ import annotations

from pathlib import Path

import pytest

from mlladder import Framework
from mlladder.assess.documents import posting_placement
from mlladder.assess.match import Match, match
from mlladder.assess.postings import PostingReading
from mlladder.evidence.pipeline import evidence_from_file
from mlladder.report.advice import sentence
from mlladder.store import Store
from mlladder.web.api.models import DocumentOut
from tests.web.conftest import DOCUMENTS, Browser, Team, location_id
from tests.web.test_api import valid

POSTING, RESUME, BRAG = DOCUMENTS / "posting-staff.md", DOCUMENTS / "resume-senior.md", DOCUMENTS / "brag-mid.md"


def upload(browser: Browser, person: int, path: Path, kind: str) -> int:
    files = {"file": (path.name, path.read_bytes())}
    response = browser.post(f"/people/{person}/documents", {"kind": kind}, files=files)
    assert response.status_code == 303, response.text
    return location_id(response, "documents")


def reading_of(framework: Framework, path: Path) -> PostingReading:
    document, evidence = evidence_from_file(path, framework, "posting")
    return posting_placement(evidence, framework, document.text)[1]


def expected_match(framework: Framework, *resumes: Path) -> Match:
    """What ``mlladder match --resume ... --posting posting-staff.md`` answers."""
    document, posting = evidence_from_file(POSTING, framework, "posting")
    found = [evidence_from_file(path, framework, "resume" if path == RESUME else "brag")[1] for path in resumes]
    return match(found, posting, framework, document.text)


def test_a_postings_page_shows_how_it_was_read(browser: Browser, me: int, ml_ladder: Framework) -> None:
    posting = upload(browser, me, POSTING, "posting")
    reading = reading_of(ml_ladder, POSTING)
    section = browser.page(f"/documents/{posting}").by_testid("posting")

    assert section.attrs["data-level"] == reading.level == "L4"
    assert "8+ years" in section.find(data_testid="posting-asks").text
    assert "145,000-185,000 EUR a year" in section.find(data_testid="posting-asks").text
    bars = section.find(data_testid="posting-probabilities").find_all("g", class_="bar-row")
    assert [bar.attrs["data-label"].split()[0] for bar in bars] == list(reading.probabilities)
    decided = [item.text for item in section.find_all(data_testid="decided-by-item")]
    assert decided == [sentence(reason) for reason in reading.decided_by] and decided
    rows = section.find(data_testid="cues").find_all("tr", data_testid="cue")
    shown = [cue for cue in reading.cues if cue.kind != "no_early_career"]  # no sentence to show, as in the terminal
    assert [(row.attrs["data-kind"], row.attrs["data-leans-to"]) for row in rows] == [
        (cue.kind, cue.leans_to or "") for cue in shown
    ]
    for row, cue in zip(rows, shown, strict=True):
        cells = [cell.text for cell in row.find_all("td")]
        assert cells == [cue.kind.replace("_", " "), cue.leans_to or "no level", cue.location or "-", cue.sentence]
    years = next(row for row in rows if row.attrs["data-kind"] == "years")
    assert "8+ years of experience" in years.text and "paragraph" in years.text


def test_the_document_api_has_the_reading(browser: Browser, me: int, ml_ladder: Framework) -> None:
    posting = upload(browser, me, POSTING, "posting")
    document = valid(DocumentOut, browser.get(f"/api/documents/{posting}"))
    reading = reading_of(ml_ladder, POSTING)
    assert document.posting is not None
    assert (document.posting.level, document.posting.confidence) == ("L4", "high")  # the keys from before stay
    assert document.posting.decided_by == reading.decided_by
    assert document.posting.cues == reading.cues  # every cue, the absence of early-career ones included
    assert document.posting.summary == reading.summary
    raw = browser.get(f"/api/documents/{posting}").json()["posting"]
    assert set(raw["cues"][0]) == {"kind", "text", "sentence", "location", "leans_to", "effect"}


def test_without_a_resume_the_posting_page_says_so(browser: Browser, me: int) -> None:
    posting = upload(browser, me, POSTING, "posting")
    page = browser.page(f"/documents/{posting}")
    assert not page.find_all(id="match-form")
    missing = page.by_testid("no-resume")
    assert "no resume or brag document" in missing.text
    assert missing.find("a", data_testid="upload-link").attrs["href"] == f"/people/{me}/documents"
    assert "upload-form" in browser.get(f"/people/{me}/documents").text  # where the link leads: the upload form


def test_matching_a_posting_with_a_resume(browser: Browser, me: int, store: Store, ml_ladder: Framework) -> None:
    brag = upload(browser, me, BRAG, "brag")
    resume = upload(browser, me, RESUME, "resume")
    posting = upload(browser, me, POSTING, "posting")
    form = browser.page(f"/documents/{posting}").by_testid("match-form")
    assert (form.attrs["method"], form.attrs["action"]) == ("get", f"/people/{me}/match")
    assert form.find("input", name="posting").attrs["value"] == str(posting)
    choices = form.find_all("input", name="resume")
    assert [(int(c.attrs["value"]), c.attrs["data-kind"]) for c in choices] == [(resume, "resume"), (brag, "brag")]
    assert ["checked" in c.attrs for c in choices] == [True, False]  # the newest resume, ready to match

    page = browser.page(f"/people/{me}/match?posting={posting}&resume={resume}")  # what the form sends
    expected = expected_match(ml_ladder, RESUME)
    score = page.by_testid("match-score")
    assert float(score.attrs["data-score"]) == expected.score
    assert score.find("strong").text == f"{expected.score:.0f}/100"
    assert page.by_testid("match-title").text == f"Fit with {expected.posting}"
    levels = page.by_testid("match-levels")
    assert (levels.attrs["data-posting-level"], levels.attrs["data-person-level"]) == (
        expected.posting_level,
        expected.person_level,
    )
    assert "place you at" in levels.text
    assert page.by_testid("match-years").text == "Years asked for: 8+; years shown: 9."
    parts = page.by_testid("score-parts").find_all("tr", data_testid="score-part")
    assert [row.attrs["data-part"] for row in parts] == [part.name for part in expected.parts]
    for row, part in zip(parts, expected.parts, strict=True):
        assert row.find_all("td")[3].text == sentence(part.why)
    for kind, fits in (("required", expected.required), ("preferred", expected.preferred)):
        rows = page.by_testid(f"{kind}-skills").find_all("tr", data_testid="skill-fit")
        assert [(row.attrs["data-skill"], row.attrs["data-shown"]) for row in rows] == [
            (fit.skill, "yes" if fit.shown else "no") for fit in fits
        ]
        for row, fit in zip(rows, fits, strict=True):
            found, asked = row.find_all("td")[1:]
            assert (fit.resume_line or "missing") in found.text
            assert fit.posting_line in asked.text
    assert any(fit.shown for fit in expected.required) and any(not fit.shown for fit in expected.required)
    changes = [item.text for item in page.all_testid("change")]
    assert changes == [sentence(change) for change in expected.changes] and len(changes) == 3
    assert [a.attrs["href"] for a in page.by_testid("matched").find_all("a")] == [
        f"/documents/{posting}",
        f"/documents/{resume}",
    ]
    assert len(store.list_documents(me)) == 3  # looking changes nothing


def test_several_documents_and_the_api(browser: Browser, me: int, ml_ladder: Framework) -> None:
    resume = upload(browser, me, RESUME, "resume")
    brag = upload(browser, me, BRAG, "brag")
    posting = upload(browser, me, POSTING, "posting")
    both = expected_match(ml_ladder, RESUME, BRAG)
    api = valid(Match, browser.get(f"/api/people/{me}/match?posting={posting}&resume={resume}&resume={brag}"))
    assert api == both
    assert valid(Match, browser.get(f"/api/people/{me}/match?posting={posting}&resume={resume}")) == expected_match(
        ml_ladder, RESUME
    )
    page = browser.page(f"/people/{me}/match?posting={posting}&resume={resume}&resume={brag}&resume={resume}")
    assert [int(a.attrs["data-id"]) for a in page.all_testid("matched-resume")] == [resume, brag]  # each once
    assert float(page.by_testid("match-score").attrs["data-score"]) == both.score


def test_bad_input_is_a_clear_client_error(browser: Browser, me: int) -> None:
    resume = upload(browser, me, RESUME, "resume")
    posting = upload(browser, me, POSTING, "posting")
    many = "&".join(f"resume={resume}" for _ in range(21))
    cases = {
        # query -> (page status, API status, part of the message)
        f"posting={resume}&resume={resume}": (400, 400, "is a resume, not a job posting"),
        f"posting={posting}&resume={posting}": (400, 400, "is a job posting, not a resume"),
        f"posting=99999&resume={resume}": (404, 404, "no document with id 99999"),
        f"posting={posting}&resume=99999": (404, 404, "no document with id 99999"),
        f"posting=abc&resume={resume}": (422, 422, "posting"),
        f"posting={posting}&resume=1.5": (422, 422, "resume"),
        f"posting=0&resume={resume}": (422, 422, "posting"),
        f"posting=2147483648&resume={resume}": (422, 422, "posting"),  # beyond any id the database can hold
        f"posting={posting}&{many}": (422, 422, "resume"),
        f"posting={posting}": (400, 422, "resume"),  # the page says how to fix it; the API's schema requires it
        "": (400, 422, "posting"),
    }
    for query, (page_status, api_status, message) in cases.items():
        page = browser.page(f"/people/{me}/match?{query}", status=page_status)
        assert message in page.by_testid("error-message").text, query
        answer = browser.get(f"/api/people/{me}/match?{query}")
        assert answer.status_code == api_status, f"{query}: {answer.status_code} {answer.text}"
        assert message in str(answer.json()["detail"]), query
    assert browser.page(f"/people/{me}/match?posting={posting}", status=400).by_testid("error-message").text == (
        "no resume chosen (fix: tick at least one resume or brag document on the posting's page)"
    )


@pytest.fixture
def bea_documents(team: Team) -> dict[str, int]:
    bea = team.browsers["bea"]
    person = team.person("bea")
    return {"resume": upload(bea, person, RESUME, "resume"), "posting": upload(bea, person, POSTING, "posting")}


def test_who_may_see_a_match(team: Team, bea_documents: dict[str, int]) -> None:
    bea, ada, mia = team.person("bea"), team.person("ada"), team.person("mia")
    query = f"posting={bea_documents['posting']}&resume={bea_documents['resume']}"
    for username in ("bea", "mia", "admin"):
        page = team.browsers[username].page(f"/people/{bea}/match?{query}")
        assert page.by_testid("match-score").attrs["data-score"]
        assert ("place you at" if username == "bea" else "place Bea Report at") in page.by_testid("match-levels").text
        assert team.browsers[username].get(f"/api/people/{bea}/match?{query}").status_code == 200
    form = team.browsers["mia"].page(f"/documents/{bea_documents['posting']}").by_testid("match-form")
    assert form.attrs["action"] == f"/people/{bea}/match"  # a manager matches her report's documents

    # Another engineer sees nothing, not even through her own person: the documents are not hers.
    for person in (bea, ada):
        assert team.browsers["ada"].page(f"/people/{person}/match?{query}", status=404)
        assert team.browsers["ada"].get(f"/api/people/{person}/match?{query}").status_code == 404
    # A manager may read Bea's documents, but they are still Bea's: matched as Mia's they are not found.
    assert team.browsers["mia"].get(f"/api/people/{mia}/match?{query}").json()["detail"].startswith("no document")
    ada_resume = upload(team.browsers["ada"], ada, RESUME, "resume")
    mixed = f"posting={bea_documents['posting']}&resume={ada_resume}"
    for person in (bea, ada):
        assert team.browsers["admin"].get(f"/api/people/{person}/match?{mixed}").status_code == 404
