"""How well a resume fits a job posting: level against level, skills asked against skills shown, years against
years, one score with its parts explained, and the three changes that would help most.

The rules (also in docs/evidence.md):

- **Skills.** A posting's skill is *required* when it stands in its requirements, responsibilities or skills
  list unhedged, *preferred* when it is hedged or in a nice-to-have section; the company blurb does not count. A
  resume *shows* a skill when it names it without negation, or names a skill built on it (PyTorch shows deep
  learning: a prerequisite of something one uses is something one has). Each found skill cites the resume's line.
- **The score** (0-100) adds three parts, each with its weight: skills (required ones count three times as much as
  preferred ones), level (the person's placed level against the posting's: the same level is full marks, one
  below half, one above most — overqualified is a fit, but not a perfect one — further apart little), and years
  (the person's years against the posting's required minimum, capped at full marks; a posting that asks for none
  leaves this part out and the others share its weight).
- **Three changes**, most useful first: the missing required skills that most other skills build on, to learn
  for real (with the hours the plan would give them), and, when the person sits below the posting's level, the
  competency whose gap to that level matters most. Never "add this keyword": a skill one does not have is to be
  learned, not written down.
"""

from __future__ import annotations

import heapq
from collections import Counter
from collections.abc import Callable, Iterable
from pathlib import Path

from pydantic import Field

from mlladder.assess.documents import profile_from_evidence
from mlladder.assess.gaps import gaps, skill_dependents
from mlladder.assess.placement import Result, assess
from mlladder.assess.postings import read_posting
from mlladder.batch_input import Skips
from mlladder.evidence.kinds import DocumentKind
from mlladder.evidence.model import Evidence, SkillMention
from mlladder.evidence.pipeline import DocumentBatch, batch_evidence
from mlladder.framework.ladder import ic_levels, skill_verb
from mlladder.framework.schema import Framework

__all__ = ["Match", "Ranked", "match", "rank_postings"]

SKILL_WEIGHT, LEVEL_WEIGHT, YEARS_WEIGHT = 0.5, 0.3, 0.2
REQUIRED_FACTOR = 3.0  # a required skill counts this many times a preferred one
LEVEL_CREDIT = {0: 1.0, -1: 0.5, 1: 0.8}  # person's level minus the posting's -> credit; further apart: FAR_CREDIT
FAR_CREDIT = 0.1
CHANGES = 3
LEARN_BASE_HOURS, LEARN_HOURS_PER_LEVEL = 12.0, 9.0  # as the plan estimates learning a skill


class SkillFit(Result):
    skill: str
    name: str
    required: bool
    shown: bool
    implied_by: str | None = None  # a skill of the resume built on this one
    resume_line: str | None = None  # where the resume shows it
    posting_line: str  # where the posting asks for it


class ScorePart(Result):
    name: str  # skills, level, years
    weight: float
    credit: float  # 0-1
    why: str


class Match(Result):
    posting: str  # the posting's title, or its file
    posting_level: str
    person_level: str
    score: float  # 0-100
    parts: list[ScorePart]
    required: list[SkillFit] = Field(default_factory=list)
    preferred: list[SkillFit] = Field(default_factory=list)
    years_required: float | None = None
    years_shown: float | None = None
    changes: list[str] = Field(default_factory=list)


def match(
    resume: Iterable[Evidence], posting: Evidence, framework: Framework, posting_text: str | None = None
) -> Match:
    """How well the resume (one or more documents about the person) fits the posting (see the module docstring)."""
    documents = list(resume)
    person = _Person(documents, framework)
    return match_assessed(person, posting, framework, posting_text)


class _Person:
    """The resume's person, placed once, with their largest gap to each level found once when first asked:
    ranking thousands of postings asks the same few questions again and again."""

    def __init__(self, resume: list[Evidence], framework: Framework) -> None:
        self.resume, self.framework = resume, framework
        self.profile = profile_from_evidence(resume, framework)
        self.assessment = assess(self.profile, framework)
        self.level = self.assessment.level
        self.years = _years(resume)
        self.shown = _shown_skills(resume, framework)
        self._top_gaps: dict[str, tuple[str, int] | None] = {}

    def top_gap(self, level: str) -> tuple[str, int] | None:
        """(competency name, expected proficiency) of the gap to ``level`` that comes first, or None."""
        if level not in self._top_gaps:
            report = gaps(self.profile, self.framework, target=level, assessment=self.assessment)
            first = report.gaps[0] if report.gaps else None
            self._top_gaps[level] = (first.name, first.expected) if first else None
        return self._top_gaps[level]


def match_assessed(person: _Person, posting: Evidence, framework: Framework, posting_text: str | None = None) -> Match:
    """:func:`match` for a person already placed (ranking many postings places the person once)."""
    reading = read_posting(posting, framework, posting_text)
    required, preferred = _asked_skills(posting, person.shown, framework)
    levels = [level.id for level in ic_levels(framework)]
    apart = levels.index(person.level) - levels.index(reading.level)
    parts = [
        _skill_part(required, preferred),
        ScorePart(
            name="level",
            weight=LEVEL_WEIGHT,
            credit=LEVEL_CREDIT.get(apart, FAR_CREDIT),
            why=_level_why(person.level, reading.level, apart),
        ),
    ]
    if reading.required_years is not None:
        parts.append(_years_part(person.years, reading.required_years))
    total_weight = sum(part.weight for part in parts)
    score = round(100 * sum(part.weight * part.credit for part in parts) / total_weight, 1)
    top_gap = person.top_gap(reading.level) if apart < 0 else None
    return Match(
        posting=posting.title or posting.source,
        posting_level=reading.level,
        person_level=person.level,
        score=score,
        parts=parts,
        required=required,
        preferred=preferred,
        years_required=reading.required_years,
        years_shown=person.years,
        changes=_changes(required, posting.skills, top_gap, person.level, reading.level, framework),
    )


def _years(resume: list[Evidence]) -> float | None:
    stated = [document.years.total for document in resume if document.years.total is not None]
    return max(stated) if stated else None


def _shown_skills(resume: list[Evidence], framework: Framework) -> dict[str, tuple[str, str | None]]:
    """Skill id -> (the resume's line, the skill it is implied by or None) for every skill the resume shows."""
    shown: dict[str, tuple[str, str | None]] = {}
    for document in resume:
        for mention in document.skills:
            if not mention.negated:
                shown.setdefault(mention.skill, (_snippet(mention), None))
    requires = {skill.id: skill.prerequisites for skill in framework.skills}
    names = {skill.id: skill.name for skill in framework.skills}
    frontier = list(shown)
    while frontier:  # prerequisites of what one uses, and theirs in turn
        skill = frontier.pop()
        for prerequisite in requires.get(skill, []):
            if prerequisite not in shown:
                shown[prerequisite] = (shown[skill][0], shown[skill][1] or names.get(skill, skill))
                frontier.append(prerequisite)
    return shown


SNIPPET = 100  # characters of the resume's line shown with a found skill


def _snippet(mention: SkillMention) -> str:
    """The resume's words around a mention: its sentence when short, else a window around the skill."""
    sentence = " ".join(mention.citation.sentence.split())
    if len(sentence) <= SNIPPET:
        return sentence
    at = max(0, sentence.find(mention.matched))
    start = max(0, at - SNIPPET // 2)
    window = sentence[start : start + SNIPPET].strip()
    return ("…" if start else "") + window + ("…" if start + SNIPPET < len(sentence) else "")


def _asked_skills(
    posting: Evidence, shown: dict[str, tuple[str, str | None]], framework: Framework
) -> tuple[list[SkillFit], list[SkillFit]]:
    required: dict[str, SkillFit] = {}
    preferred: dict[str, SkillFit] = {}
    for mention in posting.skills:
        if mention.negated or mention.section == "company":
            continue
        is_required = _required(mention)
        if mention.skill in required or (not is_required and mention.skill in preferred):
            continue
        line, implied = shown.get(mention.skill, (None, None))
        fit = SkillFit(
            skill=mention.skill,
            name=mention.name,
            required=is_required,
            shown=mention.skill in shown,
            implied_by=implied,
            resume_line=line,
            posting_line=mention.citation.sentence,
        )
        if is_required:
            required[mention.skill] = fit
            preferred.pop(mention.skill, None)
        else:
            preferred[mention.skill] = fit
    return list(required.values()), list(preferred.values())


def _required(mention: SkillMention) -> bool:
    return not mention.hedged and mention.section != "nice_to_have"


def _skill_part(required: list[SkillFit], preferred: list[SkillFit]) -> ScorePart:
    asked = REQUIRED_FACTOR * len(required) + len(preferred)
    if not asked:
        return ScorePart(name="skills", weight=SKILL_WEIGHT, credit=1.0, why="the posting names no skill")
    found = REQUIRED_FACTOR * sum(fit.shown for fit in required) + sum(fit.shown for fit in preferred)
    why = (
        f"{sum(fit.shown for fit in required)} of {len(required)} required and "
        f"{sum(fit.shown for fit in preferred)} of {len(preferred)} preferred skills shown"
    )
    return ScorePart(name="skills", weight=SKILL_WEIGHT, credit=round(found / asked, 4), why=why)


def _level_why(person: str, posting: str, apart: int) -> str:
    if apart == 0:
        return f"placed at {person}, the level the posting asks for"
    if apart < 0:
        return f"placed at {person}, {-apart} below the {posting} the posting asks for"
    return f"placed at {person}, {apart} above the {posting} the posting asks for"


def _years_part(shown: float | None, required: float) -> ScorePart:
    if shown is None:
        why = f"asks for {required:g}+ years; the resume shows none"
        return ScorePart(name="years", weight=YEARS_WEIGHT, credit=0.5, why=why)
    credit = 1.0 if required <= 0 else min(1.0, shown / required)
    why = f"{shown:g} years shown against {required:g}+ asked"
    return ScorePart(name="years", weight=YEARS_WEIGHT, credit=round(credit, 4), why=why)


def _changes(
    required: list[SkillFit],
    posting_mentions: list[SkillMention],
    top_gap: tuple[str, int] | None,
    person_level: str,
    posting_level: str,
    framework: Framework,
) -> list[str]:
    """The three changes that would help most (see the module docstring)."""
    dependents = skill_dependents(framework)
    ranks = {level.id: position for position, level in enumerate(ic_levels(framework))}
    skills = {skill.id: skill for skill in framework.skills}
    asked = Counter(mention.skill for mention in posting_mentions)
    missing = sorted(
        (fit for fit in required if not fit.shown),
        key=lambda fit: (-asked[fit.skill], -dependents.get(fit.skill, 0), fit.name),
    )
    changes: list[str] = []
    if top_gap is not None:
        name, expected = top_gap
        changes.append(
            f"Raise {name} towards the {posting_level} expectation ({expected}): the gap that comes first between "
            f"{person_level} and the level the posting asks for"
        )
    for fit in missing[: CHANGES - len(changes)]:
        skill = skills.get(fit.skill)
        hours = LEARN_BASE_HOURS + LEARN_HOURS_PER_LEVEL * ranks.get(skill.typical_level, 0) if skill else None
        estimate = f" (about {hours:g} h)" if hours else ""
        verb = skill_verb(framework, fit.skill)
        changes.append(f"{verb} {fit.name} for real{estimate}, in work you can show: the posting requires it")
    return changes


class Ranked(Result):
    """One posting of a file, ranked by how well the resume fits it."""

    id: str
    match: Match


def rank_postings(
    resume: list[Evidence],
    path: Path,
    framework: Framework,
    on_problem: Callable[[str], None],
    on_progress: Callable[[int], None] = lambda _: None,
    top: int = 10,
    id_column: str | None = None,
    text_column: str | None = None,
) -> tuple[list[Ranked], int, int]:
    """The ``top`` postings of a JSONL or CSV file (as ``mlladder batch`` reads them) that fit the resume best,
    best first; the person is placed once. Returns (ranked, read, skipped); bad rows are reported and skipped.
    Memory holds only the best ``top`` so far, whatever the file's size."""
    person = _Person(resume, framework)
    best: list[tuple[float, int, Ranked]] = []
    read, skips = 0, Skips(on_problem)
    batch = DocumentBatch(path, DocumentKind.posting, id_column, text_column)
    for row, document, posting in batch_evidence(batch, framework, skips, on_progress):
        read += 1
        fit = match_assessed(person, posting, framework, document.text)
        entry = (fit.score, -row.number, Ranked(id=str(row.id), match=fit))
        if len(best) < top:
            heapq.heappush(best, entry)
        else:
            heapq.heappushpop(best, entry)
    return [ranked for _, _, ranked in sorted(best, key=lambda item: (-item[0], -item[1]))], read, skips.count
