"""What extraction finds in a document, each item with the citation it came from.

These are plain slotted dataclasses rather than validated models: extraction makes thousands of them per second
from values it computed itself, and :func:`to_data` turns any of them into JSON-ready data.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field
from typing import Any, Literal

from mlladder.evidence.kinds import KindValue

__all__ = [
    "Citation",
    "Cue",
    "Evidence",
    "Impact",
    "Section",
    "Signal",
    "SkillMention",
    "YearsOfExperience",
    "to_data",
]

Section = Literal[
    "required",
    "nice_to_have",
    "skills_list",
    "experience",
    "responsibilities",
    "education",
    "summary",
    "company",
    "other",
]


def to_data(item: Any) -> Any:
    """An extraction result (or a list of them) as JSON-ready data with stable keys."""
    if isinstance(item, list):
        return [to_data(element) for element in item]
    return dataclasses.asdict(item)


@dataclass(frozen=True, slots=True)
class Citation:
    """Where a piece of evidence is: the file, character offsets in its text, a readable location, the sentence."""

    file: str
    start: int
    end: int
    location: str
    sentence: str


@dataclass(frozen=True, slots=True)
class SkillMention:
    skill: str  # skill id
    name: str  # canonical name
    matched: str  # the text as written
    section: Section
    negated: bool  # "no experience with X"
    hedged: bool  # "familiarity with X is a plus"
    in_list: bool  # an entry of a skills list rather than a sentence about work done
    citation: Citation
    method: Literal["dictionary", "semantic"] = "dictionary"  # semantic: a paraphrase found by sentence embeddings


@dataclass(frozen=True, slots=True)
class Signal:
    """A scope or leadership signal (designed, led, mentored 4 engineers, company-wide, conference talk, ...)."""

    kind: str
    competencies: list[str]
    scope: int  # 1 task, 2 feature/project, 3 team, 4 several teams/organisation, 5 company/industry
    level: str | None  # the level that scope indicates on the framework's main track
    count: int | None  # e.g. the number of engineers mentored
    section: Section
    citation: Citation


@dataclass(frozen=True, slots=True)
class Impact:
    """A number with a unit tied to its sentence: 35%, $1.2M, 40 ms, 10k QPS, 2M users, 64 GPUs."""

    value: float
    unit: Literal["percent", "money", "time", "throughput", "users", "hardware", "data", "multiplier"]
    text: str
    citation: Citation


@dataclass(frozen=True, slots=True)
class YearsOfExperience:
    """Years of experience: worked out from date ranges (resumes) or asked for (postings)."""

    total: float | None  # resumes: merged date ranges, or an explicit "8 years of experience"
    basis: Literal["date_ranges", "stated", "none"]
    required_min: float | None  # postings: "5+ years", "3-5 years"
    required_max: float | None
    citations: list[Citation]


@dataclass(frozen=True, slots=True)
class Cue:
    """Something a job posting says about the level it wants (see :mod:`mlladder.evidence.posting`)."""

    kind: str  # early_career, years_required, years_preferred, skill_years, degree_phd/_masters/_bachelors, pay
    value: float | None  # years (the low end); pay: yearly amount (low end); degrees: 1 required, 0 preferred
    high: float | None  # years or pay: the high end of a range
    currency: str | None  # pay: USD, EUR or GBP
    text: str  # as written
    section: Section
    citation: Citation


@dataclass(frozen=True, slots=True)
class Evidence:
    """Everything extracted from one document."""

    source: str
    kind: KindValue  # a DocumentKind when extracted; its text when read back from the store
    title: str | None  # a posting's job title, or a resume's headline
    skills: list[SkillMention]
    signals: list[Signal]
    impacts: list[Impact]
    years: YearsOfExperience
    cues: list[Cue] = field(default_factory=list)  # postings: what the text says about the level it wants
