"""Postings placed from what their descriptions say, with the cues that decided each placement."""

from __future__ import annotations

import numpy as np

from mlladder import Framework, load_framework
from mlladder.assess.postings import PostingReading, posting_scores, read_posting
from mlladder.evidence.pipeline import evidence_from_text
from tests.conftest import EXAMPLE_FRAMEWORK

JUNIOR = """Machine Learning Engineer
About the role:
Our summer internship is for students graduating in 2027 who want to build recommendation models.
Requirements:
- Coursework in statistics and machine learning
- Python
Compensation: $70,000 - $90,000 per year.
"""
STAFF = """Machine Learning Engineer, Platform
What you'll do:
- Set the technical direction for ML across several teams and the organisation.
- Mentor senior engineers and lead the design of our training platform.
Requirements:
- 10+ years of experience building production ML systems.
Compensation: $250,000 - $320,000.
"""
PLAIN = "Machine Learning Engineer\nWe build models with Python and PyTorch.\n"


def read(text: str, ladder: Framework) -> PostingReading:
    document, evidence = evidence_from_text("posting.txt", text, ladder, "posting")
    return read_posting(evidence, ladder, document.text)


def test_a_junior_posting_is_read_from_its_description(ml_ladder: Framework) -> None:
    reading = read(JUNIOR, ml_ladder)
    assert reading.level == "L1" and reading.probabilities["L1"] > 0.5
    assert reading.pay == (70_000, 90_000, "USD")
    decided = " ".join(reading.decided_by)
    assert "an early-career cue" in decided and "internship" in decided
    assert "the stated pay against the market" in decided and "$70,000 - $90,000" in decided
    early = next(cue for cue in reading.cues if cue.kind == "early_career")
    assert early.leans_to == "L1" and "summer internship" in early.sentence and early.location


def test_a_staff_posting_is_read_from_its_scope_and_years(ml_ladder: Framework) -> None:
    reading = read(STAFF, ml_ladder)
    assert reading.level in {"L4", "L5"} and reading.required_years == 10
    scope = next(cue for cue in reading.cues if cue.kind == "scope")
    assert scope.leans_to == "L4" and scope.sentence.startswith("Set the technical direction")
    assert reading.probabilities["L4"] + reading.probabilities["L5"] > 0.8


def test_a_plain_title_is_no_evidence_of_any_level(ml_ladder: Framework) -> None:
    plain = read(PLAIN, ml_ladder)
    assert not any(cue.kind == "title" for cue in plain.cues)
    titled = read(PLAIN.replace("Machine Learning Engineer", "Senior Machine Learning Engineer", 1), ml_ladder)
    assert titled.level == "L3" and titled.probabilities["L3"] > plain.probabilities["L3"]
    assert titled.decided_by[0].startswith('the title ("Senior Machine Learning Engineer") points to L3')


def test_probabilities_sum_to_one_and_the_batch_path_agrees(ml_ladder: Framework) -> None:
    for text in (JUNIOR, STAFF, PLAIN):
        document, evidence = evidence_from_text("posting.txt", text, ml_ladder, "posting")
        reading = read_posting(evidence, ml_ladder, document.text)
        fast = posting_scores(evidence, ml_ladder, document.text)
        assert abs(sum(reading.probabilities.values()) - 1) < 1e-5
        assert np.allclose(fast, list(reading.probabilities.values()), atol=1e-6)


def test_any_framework_is_read_by_position_on_its_track() -> None:
    science = load_framework(EXAMPLE_FRAMEWORK)
    reading = read(JUNIOR.replace("Machine Learning Engineer", "Data Scientist"), science)
    assert reading.level == "DS1" and set(reading.probabilities) == {"DS1", "DS2", "DS3", "DS4"}
