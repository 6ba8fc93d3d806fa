"""What a posting's text says about its level: early-career cues, years, degrees, pay, and its title."""

from __future__ import annotations

import pytest

from mlladder import Framework
from mlladder.evidence.model import Cue
from mlladder.evidence.pipeline import evidence_from_text


def cues(text: str, ladder: Framework, kind: str | None = None) -> list[Cue]:
    _, evidence = evidence_from_text("posting.txt", text, ladder, "posting")
    return [cue for cue in evidence.cues if kind is None or cue.kind == kind]


def title_of(text: str, ladder: Framework) -> str | None:
    return evidence_from_text("posting.txt", text, ladder, "posting")[1].title


@pytest.mark.parametrize(
    "sentence",
    [
        "This internship runs for twelve weeks in the summer.",
        "Open to students graduating in 2027.",
        "You are currently pursuing a Master's degree in computer science.",
        "An entry-level role for new grads.",
        "No prior experience required: we train you.",
        "Join our graduate programme in September.",
        "We welcome the class of 2027.",
        "You are working towards a degree in statistics.",
        "Recently graduated engineers are welcome to apply.",
    ],
)
def test_early_career_cues(sentence: str, ml_ladder: Framework) -> None:
    found = cues(f"Machine Learning Engineer\nAbout the role:\n{sentence}\n", ml_ladder, "early_career")
    assert found and found[0].citation.sentence == sentence


def test_internal_and_company_mentions_are_not_early_career(ml_ladder: Framework) -> None:
    text = "ML Engineer\nAbout us:\nWe support students worldwide.\nRequirements:\nBuild internal tools.\n"
    assert cues(text, ml_ladder, "early_career") == []


def test_years_required_preferred_and_per_skill(ml_ladder: Framework) -> None:
    text = (
        "ML Engineer\nRequirements:\n- 5+ years of experience building ML systems\n- 3+ years of Python\n"
        "Nice to have:\n- 7 years of experience in recommender systems\n"
        "Benefits:\n- a pension after 2 years of service\n"
    )
    found = {(cue.kind, cue.value) for cue in cues(text, ml_ladder) if "years" in cue.kind}
    assert found == {("years_required", 5.0), ("skill_years", 3.0), ("years_preferred", 7.0)}


def test_a_hedged_clause_makes_years_preferred(ml_ladder: Framework) -> None:
    found = cues("ML Engineer\nRequirements:\n- Ideally 4 years of industry experience.\n", ml_ladder)
    assert [(cue.kind, cue.value) for cue in found] == [("years_preferred", 4.0)]


@pytest.mark.parametrize(
    ("written", "low", "high", "currency"),
    [
        ("$120,000 - $150,000 per year", 120_000, 150_000, "USD"),
        ("$120K–$150K", 120_000, 150_000, "USD"),
        ("$120-150k", 120_000, 150_000, "USD"),
        ("£60k - 80k", 60_000, 80_000, "GBP"),
        ("€48.000 - €62.000", 48_000, 62_000, "EUR"),
        ("$45 - $55 per hour", 45 * 2080, 55 * 2080, "USD"),
        ("$140,000 a year", 140_000, 140_000, "USD"),
    ],
)
def test_stated_pay_as_yearly_amounts(
    written: str, low: float, high: float, currency: str, ml_ladder: Framework
) -> None:
    found = cues(f"ML Engineer\nCompensation:\nThe range is {written}.\n", ml_ladder, "pay")
    assert [(cue.value, cue.high, cue.currency) for cue in found] == [(low, high, currency)]


@pytest.mark.parametrize("written", ["$5 - $10", "We raised $20M - $30M", "$1,000,000 - $9,000,000"])
def test_amounts_that_are_no_salary(written: str, ml_ladder: Framework) -> None:
    assert cues(f"ML Engineer\nAbout us:\n{written}.\n", ml_ladder, "pay") == []


def test_phd_required_or_preferred(ml_ladder: Framework) -> None:
    required = cues("Research Engineer\nRequirements:\n- PhD in machine learning.\n", ml_ladder, "degree_phd")
    preferred = cues("Research Engineer\nRequirements:\n- A PhD is a plus.\n", ml_ladder, "degree_phd")
    assert [cue.value for cue in required] == [1.0] and [cue.value for cue in preferred] == [0.0]
    text = "Research Engineer\nRequirements:\n- PhD in ML or equivalent industry experience.\n"
    assert [cue.value for cue in cues(text, ml_ladder, "degree_phd")] == [0.0]


@pytest.mark.parametrize(
    ("text", "title"),
    [
        (
            "<LOCATION> <LOCATION> <LOCATION>\nSenior Machine Learning Engineer ( m/f/d ) <ORGANIZATION>\n",
            "Senior Machine Learning Engineer",
        ),
        ("ABOUT US\nSENIOR MACHINE LEARNING ENGINEER\nWe build models.\n", "SENIOR MACHINE LEARNING ENGINEER"),
        ("Date posted: 2026-10-01\nJob title: Staff ML Engineer\nRequirements:\n", "Staff ML Engineer"),
        ("Location: Berlin\nRemote\nML Engineer, Search\nWhat you'll do:\n", "ML Engineer, Search"),
        ("We are a friendly company.\nRequirements:\nPython.\n", None),
    ],
)
def test_the_title_survives_tags_headers_and_metadata(text: str, title: str | None, ml_ladder: Framework) -> None:
    assert title_of(text, ml_ladder) == title
