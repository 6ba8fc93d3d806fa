"""A document's evidence by what it shows: per competency, each line once, quoted in full in one place only."""

from __future__ import annotations

from collections import Counter

import pytest

from mlladder import Framework
from mlladder.evidence.model import Evidence
from mlladder.evidence.pipeline import evidence_from_file, evidence_from_text
from mlladder.evidence.shown import CompetencyLines, what_it_shows
from tests.conftest import ROOT

RESUME = ROOT / "examples" / "documents" / "resume-senior.pdf"
SKILLS_LINE = "Python, SQL, Scala, PyTorch"


@pytest.fixture(scope="module")
def resume(ml_ladder: Framework) -> Evidence:
    return evidence_from_file(RESUME, ml_ladder, "resume")[1]


def group(shown: list[CompetencyLines], competency: str) -> CompetencyLines:
    return next(item for item in shown if item.competency == competency)


def test_every_line_is_quoted_once_and_listed_once_per_competency(ml_ladder: Framework, resume: Evidence) -> None:
    shown = what_it_shows(resume, ml_ladder)
    order = [competency.id for competency in ml_ladder.competencies]
    assert [item.competency for item in shown] == [c for c in order if c in {item.competency for item in shown}]
    for item in shown:
        numbers = [entry.line.number for entry in item.lines]
        assert len(numbers) == len(set(numbers)), item.competency  # a line once per competency
    quoted = Counter(entry.line.number for item in shown for entry in item.lines if entry.quoted_here)
    every_line = {entry.line.number for item in shown for entry in item.lines}
    assert set(quoted) == every_line and set(quoted.values()) == {1}  # quoted in full exactly once
    for item in shown:
        for entry in item.lines:
            assert item.competency in entry.line.competencies
            assert entry.quoted_here == (entry.line.quoted_under == item.competency)


def test_a_skills_list_is_one_line_showing_many_skills(ml_ladder: Framework, resume: Evidence) -> None:
    shown = what_it_shows(resume, ml_ladder)
    listed = [entry for item in shown for entry in item.lines if entry.line.sentence.startswith(SKILLS_LINE)]
    # Extraction cites this sentence once per skill in it; here it is one line, shown once per competency.
    cited = sum(1 for mention in resume.skills if mention.citation.sentence.startswith(SKILLS_LINE))
    assert cited > 20 and len(listed) <= len(shown) < cited
    assert sum(entry.quoted_here for entry in listed) == 1
    fundamentals = next(entry for entry in listed if entry.line in [e.line for e in group(shown, "mlops").lines])
    assert len([s for s in fundamentals.shows if s.qualifier == "listed"]) >= 5
    for item in shown:  # a bare list comes after every line about work done
        ranks = ["list" if all(s.qualifier == "listed" for s in entry.shows) else "work" for entry in item.lines]
        assert ranks == sorted(ranks, reverse=True), item.competency


def test_a_line_is_quoted_where_it_shows_most(ml_ladder: Framework, resume: Evidence) -> None:
    shown = what_it_shows(resume, ml_ladder)
    led = next(entry for entry in group(shown, "leadership").lines if entry.line.sentence.startswith("Led a team of 5"))
    assert led.line.quoted_under == "leadership" and led.quoted_here
    assert any(s.type == "signal" and s.what == "leading" and s.level == "L3" for s in led.shows)
    first = group(shown, "leadership").lines[0]
    assert any(s.type == "signal" for s in first.shows)  # signals of scope first


def test_qualified_skills_say_how_they_are_written(ml_ladder: Framework) -> None:
    text = "Experience\nNo experience with Kubernetes yet; I built the churn model in Python with scikit-learn.\n"
    _, evidence = evidence_from_text("cv.txt", text, ml_ladder, "resume")
    shows = {s.what: s.qualifier for item in what_it_shows(evidence, ml_ladder) for e in item.lines for s in e.shows}
    assert shows.get("Kubernetes") == "negated"
    assert shows.get("Python") is None


def test_nothing_found_is_an_empty_list(ml_ladder: Framework) -> None:
    _, evidence = evidence_from_text("note.txt", "A note about the weather.", ml_ladder, "resume")
    assert what_it_shows(evidence, ml_ladder) == []
