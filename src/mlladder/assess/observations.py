"""Observations: what a document's scope signals and skill mentions propose about each competency, weighted.

Every scope signal proposes the competency's expectation at the level the scope indicates; every skill mention
proposes the expectation at the level the skill is typically expected. How much each counts is the evidence
policy (:mod:`mlladder.assess.policy`). Shared by person placement, posting placement and the promotion packet.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from typing import NamedTuple

from mlladder.assess.policy import (
    EDUCATION_FACTOR,
    ENOUGH_WEIGHT,
    HEDGED_FACTOR,
    POSTING_NICE_TO_HAVE_FACTOR,
    SEMANTIC_FACTOR,
    SIGNAL_WEIGHT,
    SIGNAL_WITH_IMPACT_WEIGHT,
    SKILL_IN_LIST_WEIGHT,
    SKILL_IN_WORK_WEIGHT,
    UNCREDITED_SIGNAL_SECTIONS,
    UNCREDITED_SKILL_SECTIONS,
)
from mlladder.evidence.model import Citation, Evidence, Signal, SkillMention
from mlladder.framework.cache import derived
from mlladder.framework.schema import Framework

__all__ = ["Observation", "evidence_ratings", "observations"]


class Observation(NamedTuple):  # a tuple: documents yield hundreds
    competency: str
    proficiency: int
    weight: float
    citation: Citation


def observations(evidence: Evidence, framework: Framework) -> list[Observation]:
    """Every proficiency a document's signals and skills propose, weighted (see the module docstring)."""
    expected = _expectations(framework)
    skill_levels = derived(
        framework,
        "skill-levels",
        lambda: {skill.id: (skill.typical_level, skill.competencies) for skill in framework.skills},
    )
    impact_sentences = {impact.citation.sentence for impact in evidence.impacts}
    found: list[Observation] = []
    for signal in evidence.signals:
        weight = _signal_weight(signal, impact_sentences)
        for competency in signal.competencies:
            if signal.level is not None and weight > 0:
                found.append(Observation(competency, expected[competency][signal.level], weight, signal.citation))
    for mention in evidence.skills:
        weight = _skill_weight(mention)
        level, competencies = skill_levels[mention.skill]
        for competency in competencies:
            if weight > 0 and level in expected[competency]:
                found.append(Observation(competency, expected[competency][level], weight, mention.citation))
    return found


def _expectations(framework: Framework) -> dict[str, dict[str, int]]:
    def build() -> dict[str, dict[str, int]]:
        return {c.id: {level: e.proficiency for level, e in c.expectations.items()} for c in framework.competencies}

    return derived(framework, "expectation-table", build)


def _signal_weight(signal: Signal, impact_sentences: set[str]) -> float:
    if signal.section in UNCREDITED_SIGNAL_SECTIONS:
        return 0.0
    weight = SIGNAL_WITH_IMPACT_WEIGHT if signal.citation.sentence in impact_sentences else SIGNAL_WEIGHT
    if signal.section == "nice_to_have":
        weight *= POSTING_NICE_TO_HAVE_FACTOR
    if signal.section == "education":
        weight *= EDUCATION_FACTOR
    return weight


def _skill_weight(mention: SkillMention) -> float:
    if mention.negated or mention.section in UNCREDITED_SKILL_SECTIONS:
        return 0.0
    weight = SKILL_IN_LIST_WEIGHT if mention.in_list else SKILL_IN_WORK_WEIGHT
    if mention.hedged:
        weight *= HEDGED_FACTOR
    if mention.method == "semantic":
        weight *= SEMANTIC_FACTOR
    return weight


def evidence_ratings(observed: Iterable[Observation]) -> dict[str, int]:
    """Per competency, the highest proficiency that observations worth at least one full observation support."""
    by_competency: dict[str, list[Observation]] = defaultdict(list)
    for observation in observed:
        by_competency[observation.competency].append(observation)
    ratings: dict[str, int] = {}
    for competency, items in by_competency.items():
        total = 0.0
        for item in sorted(items, key=lambda o: -o.proficiency):
            total += item.weight
            if total >= ENOUGH_WEIGHT:
                ratings[competency] = item.proficiency
                break
    return ratings
