"""Placement from documents: evidence ratings as lower bounds, and postings placed at the level they ask for."""

from __future__ import annotations

import datetime as dt

import pytest

from mlladder import Framework, builtin_framework, load_framework
from mlladder.assess.documents import assess_evidence, place_posting
from mlladder.assess.observations import evidence_ratings, observations
from mlladder.assess.postings import title_levels, title_words
from mlladder.evidence.pipeline import evidence_from_text
from tests.conftest import EXAMPLE_FRAMEWORK

LADDER = builtin_framework()
SCIENCE = load_framework(EXAMPLE_FRAMEWORK)
TODAY = dt.date(2026, 11, 1)


def posting(text: str, framework: Framework = LADDER) -> str:
    document, evidence = evidence_from_text("posting.txt", text, framework, "posting", TODAY)
    return place_posting(evidence, framework, document.text).level


@pytest.mark.parametrize(
    ("title", "years", "level"),
    [
        ("Junior Machine Learning Engineer", "0-2 years", "L1"),
        ("Machine Learning Engineer", "3+ years", "L2"),
        ("Senior Machine Learning Engineer", "5+ years", "L3"),
        ("Sr. ML Engineer", "6+ years", "L3"),
        ("Staff Machine Learning Engineer", "8+ years", "L4"),
        ("Principal ML Engineer", "12+ years", "L5"),
        ("ML Engineering Intern", "no experience needed", "L1"),
    ],
)
def test_postings_are_placed_by_title_and_years(title: str, years: str, level: str) -> None:
    text = f"{title}\nRequirements:\n- {years} of experience with Python and PyTorch\n"
    assert posting(text) == level


def test_years_decide_when_the_title_is_silent() -> None:
    assert posting("Machine Learning Engineer\nRequirements:\n- 10+ years of experience in ML\n") == "L5"
    assert posting("Machine Learning Engineer\nRequirements:\n- 1+ years of experience in ML\n") in {"L1", "L2"}


def test_title_words_come_from_the_frameworks_own_titles() -> None:
    assert title_words(LADDER)["senior"] == "L3" and title_words(LADDER)["principal"] == "L5"
    assert "engineer" not in title_words(LADDER)  # shared by every title: says nothing about the level
    assert title_levels("Lead Data Scientist", SCIENCE) == ["DS4"]
    assert title_levels("Senior Data Scientist", SCIENCE) == ["DS3"]
    assert posting("Senior Data Scientist\nRequirements:\n- 5+ years of experience\n", SCIENCE) == "DS3"


def test_evidence_ratings_need_a_full_observation() -> None:
    _, found = evidence_from_text("r.txt", "Mentored 4 engineers to promotion, lifting retention by 20%.", LADDER)
    observed = observations(found, LADDER)
    ratings = evidence_ratings(observed)
    assert ratings.get("leadership") == 3  # team-scope mentoring with an impact figure: the L3 expectation
    weak = evidence_ratings([o._replace(weight=0.4) for o in observed])
    assert "leadership" not in weak


def test_negated_skills_are_not_evidence() -> None:
    _, found = evidence_from_text("r.txt", "I have no experience with Kubernetes or Kubeflow.", LADDER)
    assert all(item.weight == 0 or item.competency != "mlops" for item in observations(found, LADDER))
    assert "mlops" not in evidence_ratings(observations(found, LADDER))


def test_more_senior_evidence_never_places_lower() -> None:
    base = "Built churn models in Python.\n"
    richer = base + "Set the technical direction for ML across three teams and mentored 5 engineers.\n"
    low = assess_evidence([evidence_from_text("a.txt", base, LADDER, "resume", TODAY)[1]], LADDER)
    high = assess_evidence([evidence_from_text("b.txt", richer, LADDER, "resume", TODAY)[1]], LADDER)
    for level in low.at_or_above:
        assert high.at_or_above[level] >= low.at_or_above[level] - 1e-9
