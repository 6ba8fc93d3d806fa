"""Extraction from text: skills with context rules, scope signals, quantified impact, years, citations."""

from __future__ import annotations

import datetime as dt

import pytest

from mlladder import Framework, builtin_framework
from mlladder.evidence.extract import signal_competencies
from mlladder.evidence.kinds import KindValue as DocumentKind
from mlladder.evidence.model import Evidence
from mlladder.evidence.pipeline import evidence_from_text, guess_kind

LADDER = builtin_framework()
TODAY = dt.date(2026, 11, 1)


def found(text: str, kind: DocumentKind = "resume") -> Evidence:
    return evidence_from_text("doc.txt", text, LADDER, kind, TODAY)[1]


def skills(text: str, kind: DocumentKind = "resume") -> list[str]:
    return [mention.skill for mention in found(text, kind).skills]


@pytest.mark.parametrize(
    ("text", "present", "absent"),
    [
        ("Built services in Go, Python and Kubernetes.", {"go", "python", "kubernetes"}, set()),
        ("We go to market fast and go big.", set(), {"go"}),
        ("Skills: R, Python, SQL", {"r-language", "python", "sql"}, set()),
        ("Our R&D team grew.", set(), {"r-language"}),
        ("Presented to C-level executives.", set(), {"c-language"}),
        ("Spark your curiosity and join us.", set(), {"apache-spark"}),
        ("Ran ETL jobs on Spark and Kafka.", {"apache-spark", "apache-kafka"}, set()),
        ("Wrote JavaScript for the dashboard.", {"javascript"}, {"java"}),
        ("Deployed with k8s and tf2 models.", {"kubernetes", "tensorflow"}, set()),
    ],
)
def test_skills_on_word_boundaries_with_context_rules(text: str, present: set[str], absent: set[str]) -> None:
    ids = set(skills(text))
    assert present <= ids, ids
    assert not (absent & ids), ids


def test_negated_and_hedged_mentions() -> None:
    evidence = found("I have no experience with Kubernetes. Familiarity with Rust is a plus. Shipped PyTorch models.")
    by_skill = {mention.skill: mention for mention in evidence.skills}
    assert by_skill["kubernetes"].negated and not by_skill["kubernetes"].hedged
    assert by_skill["rust"].hedged and not by_skill["rust"].negated
    assert not by_skill["pytorch"].negated and not by_skill["pytorch"].hedged


POSTING = """Senior Machine Learning Engineer
About the role:
You will lead the design of our ranking platform across three teams and set the technical direction for ML.
Requirements:
- 5+ years of experience building ML systems in production
- Strong Python, PyTorch and Kubernetes
- Mentor 3 junior engineers
Nice to have:
- Experience with Rust or Go
- 8+ years in search
We have 20 years of history and a $2M research budget.
"""


def test_posting_sections_years_and_title() -> None:
    evidence = found(POSTING, "posting")
    assert evidence.title == "Senior Machine Learning Engineer"
    sections = {mention.skill: mention.section for mention in evidence.skills}
    assert sections["pytorch"] == "required" and sections["rust"] == "nice_to_have"
    assert all(m.hedged for m in evidence.skills if m.section == "nice_to_have")
    assert evidence.years.required_min == 5  # 8+ is only nice to have; 20 years is company history
    assert evidence.years.citations[0].sentence.startswith("5+ years of experience")


def test_required_year_ranges() -> None:
    assert found("Requirements:\n- 3-5 years of experience with ML", "posting").years.required_max == 5
    assert found("Requirements:\n- at least two years of Python", "posting").years.required_min == 2


def test_scope_signals_with_counts_levels_and_competencies() -> None:
    evidence = found(
        "Mentored 4 engineers. Set the technical direction for search across three teams. "
        "Gave a keynote at an industry conference. Built a churn model."
    )
    kinds = {signal.kind: signal for signal in evidence.signals}
    assert kinds["mentored"].count == 4 and kinds["mentored"].scope == 3 and kinds["mentored"].level == "L3"
    assert "leadership" in kinds["mentored"].competencies
    assert kinds["direction"].level == "L4" and "system-design" in kinds["direction"].competencies
    assert "cross_team" in kinds and kinds["industry"].level == "L5"
    assert kinds["implemented"].level == "L1"


def test_quantified_impact() -> None:
    evidence = found(
        "Cut p95 latency from 120 ms to 40 ms, saved $1.2M a year, served 10k QPS to 2M users on 64 GPUs, "
        "and lifted conversion by 4.1%."
    )
    impacts = {(impact.unit, impact.value) for impact in evidence.impacts}
    for expected in [("time", 120), ("time", 40), ("money", 1_200_000), ("throughput", 10_000), ("users", 2_000_000),
                     ("hardware", 64), ("percent", 4.1)]:  # fmt: skip
        assert expected in impacts, impacts


RESUME = """Alex Example
SUMMARY
ML engineer.
EXPERIENCE
Senior ML Engineer, Acme
Mar 2021 - Present
- Led the ranking team.
ML Engineer, Beta
Jan 2018 - Jun 2021
- Built models.
EDUCATION
MSc, Some University, 2012 - 2017
"""


def test_resume_years_merge_overlaps_and_skip_education() -> None:
    years = found(RESUME).years
    assert years.basis == "date_ranges"
    # Jan 2018 to Nov 2026 with the overlap counted once; the degree's years are not experience
    assert years.total == pytest.approx(8.8, abs=0.1)
    assert len(years.citations) == 2


def test_stated_years_win_over_date_ranges() -> None:
    years = found("Engineer with 9 years of experience.\n" + RESUME).years
    assert (years.total, years.basis) == (9, "stated")


def test_brag_documents_have_no_career_years() -> None:
    assert found("2025-01 to 2025-06: shipped the ranking model", "brag").years.total is None


def test_citations_point_at_their_sentence_and_place() -> None:
    evidence = found("First line here.\nSecond block. Shipped PyTorch models to production.")
    mention = next(m for m in evidence.skills if m.skill == "pytorch")
    text = evidence_from_text(
        "doc.txt", "First line here.\nSecond block. Shipped PyTorch models to production.", LADDER
    )[0].text
    assert text[mention.citation.start : mention.citation.end] == "PyTorch"
    assert mention.citation.sentence == "Shipped PyTorch models to production."
    assert mention.citation.location == "paragraph 2"


def test_skills_list_entries_are_marked() -> None:
    evidence = found("TECHNICAL SKILLS\nPython, SQL, Docker, Kubernetes\nEXPERIENCE\n- Deployed Docker images daily.")
    listed = {(m.skill, m.in_list) for m in evidence.skills}
    assert ("python", True) in listed and ("docker", False) in listed


def test_guess_kind() -> None:
    posting = evidence_from_text("x.txt", POSTING, LADDER)[0]
    assert guess_kind(posting) == "posting"
    assert guess_kind(evidence_from_text("cv.txt", RESUME, LADDER)[0]) == "resume"
    assert guess_kind(evidence_from_text("brag-2026.md", "Wins this quarter", LADDER)[0]) == "brag"


def test_leading_and_shipping_outside_ml_is_not_research(ml_ladder: Framework) -> None:
    """A description that mentions leading or production in passing does not make a competency the home of
    those signals: only competencies naming them do."""
    mapping = signal_competencies(ml_ladder)
    assert mapping["led"] == ["leadership"]
    assert mapping["shipped"] == ["mlops"]
    assert "research" not in mapping["owned"]
