"""A document's evidence by what it shows: per competency, the lines that support it, each line once with the
skills and signals it shows beside it.

Extraction finds one item per skill or signal, each citing its sentence, so a list of 30 skills cites the same
line 30 times. Readers want the other way round: a line, and what it shows. :func:`what_it_shows` turns the items
into lines, keeps each line once per competency, and names the one competency a line is quoted under in full, so
a page can point back to it elsewhere instead of quoting it again.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

from mlladder.evidence.model import Evidence, Section, Signal, SkillMention
from mlladder.framework.schema import Framework

__all__ = [
    "QUALIFIER_WORDS",
    "SIGNAL_LABELS",
    "CompetencyLines",
    "LineShows",
    "Shown",
    "ShownLine",
    "what_it_shows",
]

# What each scope signal says about the work, in words a reader expects beside a quoted line.
SIGNAL_LABELS = {
    "implemented": "hands-on building",
    "shipped": "shipping",
    "owned": "ownership",
    "designed": "design",
    "led": "leading",
    "mentored": "mentoring",
    "hiring": "hiring",
    "cross_team": "work across teams",
    "org_wide": "reach across the organisation",
    "direction": "setting direction",
    "executive": "work with executives",
    "external": "reach outside the company",
    "industry": "reach across the industry",
}
Qualifier = Literal["listed", "hedged", "negated"]
# Beside a skill that is not plainly work done: how it is written.
QUALIFIER_WORDS: dict[Qualifier, str] = {"listed": "listed", "hedged": "hedged", "negated": "said not to"}


@dataclass(frozen=True)
class Shown:
    """One thing a line shows for a competency: a skill, or a scope signal with the level its scope points to."""

    type: Literal["skill", "signal"]
    what: str  # the skill's name, or the signal in words ("leading", "mentoring 4 people")
    level: str | None  # the skill's typical level, or the level the signal's scope points to
    qualifier: Qualifier | None = None  # only listed, hedged ("a plus") or negated ("no experience with")


@dataclass(frozen=True)
class ShownLine:
    """A line of the document that supports one or more competencies."""

    number: int  # 1-based, in document order: a stable anchor for pages
    sentence: str
    location: str
    start: int  # where in the document's text it begins (the first item cited in it)
    section: Section
    quoted_under: str  # the competency it is quoted in full under: the one it shows most strongly
    competencies: list[str] = field(default_factory=list)  # every competency it supports, in framework order


@dataclass(frozen=True)
class LineShows:
    """A line under one competency: what it shows there, and whether this is where it is quoted in full."""

    line: ShownLine
    shows: list[Shown]
    quoted_here: bool  # False: quoted in full under another competency (``line.quoted_under``)


@dataclass(frozen=True)
class CompetencyLines:
    competency: str
    name: str
    lines: list[LineShows]  # strongest first: scope signals, then skills named in work, then lists
    skills: list[str]  # the distinct skills found for it, in the order of its lines


def what_it_shows(evidence: Evidence, framework: Framework) -> list[CompetencyLines]:
    """The competencies a document has evidence for, in framework order, each with its lines strongest first.

    Every line is quoted in full once, under the competency it shows most strongly (``quoted_under``; ties go to
    where it comes nearest the top, then to the first competency), and is pointed to everywhere else."""
    found = _items(evidence, framework)
    order = {competency.id: index for index, competency in enumerate(framework.competencies)}
    levels = {level.id: index for index, level in enumerate(framework.levels)}
    shows: dict[str, dict[Key, list[Shown]]] = {}
    for key, competencies, shown in found:
        for competency_id in competencies:
            items = shows.setdefault(competency_id, {}).setdefault(key, [])
            if shown not in items:
                items.append(shown)
    sections = _sections(evidence)
    starts = _starts(evidence)
    numbers = {key: number for number, key in enumerate(dict.fromkeys(key for key, _, _ in found), start=1)}
    ranked = {
        competency: sorted(by_line, key=lambda key: (*_strength(by_line[key], levels), numbers[key]))
        for competency, by_line in sorted(shows.items(), key=lambda item: order.get(item[0], len(order)))
    }
    homes: dict[Key, tuple[tuple[int, int], int, int, str]] = {}
    for competency, keys in ranked.items():
        for position, key in enumerate(keys):
            place = (_strength(shows[competency][key], levels), position, order.get(competency, len(order)), competency)
            homes[key] = min(homes.get(key, place), place)
    lines = {
        key: ShownLine(
            number=numbers[key],
            start=starts[key],
            sentence=key[1],
            location=key[0],
            section=sections[key],
            quoted_under=homes[key][3],
            competencies=[competency for competency in ranked if key in shows[competency]],
        )
        for key in numbers
    }
    names = {competency.id: competency.name for competency in framework.competencies}
    result = []
    for competency, keys in ranked.items():
        entries = [LineShows(lines[key], shows[competency][key], lines[key].quoted_under == competency) for key in keys]
        skills = list(dict.fromkeys(s.what for key in keys for s in shows[competency][key] if s.type == "skill"))
        result.append(CompetencyLines(competency, names.get(competency, competency), entries, skills))
    return result


Key = tuple[str, str]  # a line: (its location, its sentence)


def _items(evidence: Evidence, framework: Framework) -> list[tuple[Key, list[str], Shown]]:
    """Every skill mention and signal as (its line, its competencies, what it shows), in document order."""
    skills = {skill.id: skill for skill in framework.skills}
    found: list[tuple[int, Key, list[str], Shown]] = []
    for mention in evidence.skills:
        skill = skills.get(mention.skill)
        if skill is not None:
            shown = _skill_shown(mention, skill.typical_level)
            found.append((mention.citation.start, _key(mention), list(skill.competencies), shown))
    for signal in evidence.signals:
        found.append((signal.citation.start, _key(signal), list(signal.competencies), _signal_shown(signal)))
    found.sort(key=lambda item: item[0])
    return [(key, competencies, shown) for _, key, competencies, shown in found]


def _cited(evidence: Evidence) -> list[SkillMention | Signal]:
    return [*evidence.skills, *evidence.signals]


def _starts(evidence: Evidence) -> dict[Key, int]:
    starts: dict[Key, int] = {}
    for item in _cited(evidence):
        key = _key(item)
        starts[key] = min(starts.get(key, item.citation.start), item.citation.start)
    return starts


def _sections(evidence: Evidence) -> dict[Key, Section]:
    return {_key(item): item.section for item in _cited(evidence)}


def _key(item: SkillMention | Signal) -> Key:
    return item.citation.location, item.citation.sentence


def _skill_shown(mention: SkillMention, level: str | None) -> Shown:
    qualifier: Qualifier | None = None
    if mention.negated:
        qualifier = "negated"
    elif mention.hedged:
        qualifier = "hedged"
    elif mention.in_list:
        qualifier = "listed"
    return Shown("skill", mention.name, level, qualifier)


def _signal_shown(signal: Signal) -> Shown:
    words = SIGNAL_LABELS.get(signal.kind, signal.kind.replace("_", " "))
    if signal.count is not None and signal.kind in {"mentored", "led", "hiring"}:
        words = f"{words} {signal.count} {'person' if signal.count == 1 else 'people'}"
    return Shown("signal", words, signal.level)


def _strength(shows: list[Shown], levels: dict[str, int]) -> tuple[int, int]:
    """Lines with a scope signal first, then skills named in sentences about work, then lists of skills (a signal
    found inside a list counts for little); then the highest level first."""
    is_list = any(shown.qualifier == "listed" for shown in shows) and not any(
        shown.type == "skill" and shown.qualifier is None for shown in shows
    )
    if is_list:
        rank = 2
    elif any(shown.type == "signal" for shown in shows):
        rank = 0
    else:
        rank = 1
    highest = max((levels.get(shown.level, -1) for shown in shows if shown.level is not None), default=-1)
    return rank, -highest
