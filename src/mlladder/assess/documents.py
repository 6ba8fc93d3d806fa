"""From evidence to placement: documents become ratings with citations, and go through the same placement.

A person's documents (resume, brag document) become ratings of a rater called ``evidence``, noisier than any
person (its noise is in :class:`ModelSettings`). For each competency, every observation proposes a proficiency:
a scope signal proposes the competency's expectation at the level the scope indicates; a skill proposes the
expectation at the level the skill is typically expected. Observations carry weights — a signal in a sentence
with a quantified impact counts most, a skill used in an experience bullet more than a skill in a list, hedged
mentions little, negated ones not at all — and the rating is the highest proficiency that observations worth at
least one full observation support. Competencies with no evidence stay unrated: they widen the uncertainty.

A job posting is placed as the level it asks for: its title (seniority words matched against the framework's
own level titles), the years it requires (matched against each level's year ranges), and what it asks the
person to do (the same evidence ratings, as a rater).
"""

from __future__ import annotations

from collections import defaultdict
from typing import NamedTuple

import numpy as np

from mlladder.assess.model import DEFAULT_SETTINGS, ModelSettings, PlacementModel, normalise, placement_model
from mlladder.assess.observations import Observation, evidence_ratings, observations
from mlladder.assess.placement import Assessment, assess, log_likelihoods
from mlladder.assess.policy import (
    EVIDENCE_RATER,
)
from mlladder.assess.postings import PostingReading, posting_scores, read_posting
from mlladder.assess.profile import EvidenceItem, Profile
from mlladder.evidence.kinds import DocumentKind
from mlladder.evidence.model import Evidence
from mlladder.framework.schema import Framework

__all__ = [
    "assess_evidence",
    "assess_person",
    "person_probabilities",
    "place_posting",
    "posting_placement",
    "posting_probabilities",
    "profile_from_evidence",
]


def _cited(observed: list[Observation], ratings: dict[str, int]) -> list[EvidenceItem]:
    """The sentences behind each rating (those at or above it), as evidence items of the profile."""
    items: dict[str, set[str]] = defaultdict(set)
    for observation in observed:
        if observation.proficiency >= ratings.get(observation.competency, 99):
            citation = observation.citation
            items[f"{citation.sentence} ({citation.file}, {citation.location})"].add(observation.competency)
    return [EvidenceItem(text=text, competencies=sorted(competencies)) for text, competencies in items.items()]


def profile_from_evidence(evidence: list[Evidence], framework: Framework, profile: Profile | None = None) -> Profile:
    """A profile whose ``evidence`` rater holds the documents' ratings; an existing profile's ratings stay."""
    base = profile or Profile(framework=framework.id)
    observed = [item for document in evidence for item in observations(document, framework)]
    ratings = evidence_ratings(observed)
    years = base.years_experience
    if years is None:
        stated = [document.years.total for document in evidence if document.years.total is not None]
        years = max(stated) if stated else None
    merged = dict(base.ratings)
    if ratings:
        merged[EVIDENCE_RATER] = ratings
    return base.model_copy(
        update={
            "ratings": merged,
            "years_experience": years,
            "evidence": [*base.evidence, *_cited(observed, ratings)],
            "name": base.name or next((d.title for d in evidence if d.kind == DocumentKind.resume and d.title), None),
        }
    )


def assess_evidence(
    evidence: list[Evidence],
    framework: Framework,
    profile: Profile | None = None,
    settings: ModelSettings = DEFAULT_SETTINGS,
) -> Assessment:
    """Place a person from their documents (and any ratings they already have), citing the sentences used."""
    return assess_person(evidence, framework, profile, settings).assessment


class Assessed(NamedTuple):
    profile: Profile  # the ratings given, plus the ratings and cited sentences the documents add
    assessment: Assessment


def assess_person(
    evidence: list[Evidence],
    framework: Framework,
    profile: Profile | None = None,
    settings: ModelSettings = DEFAULT_SETTINGS,
) -> Assessed:
    """Documents plus ratings to an assessment, as the CLI and the web both assess a person: the documents' evidence
    joins the profile's ratings (none: the profile as it is), and the joined profile is placed. The profile comes
    back too, since gaps, plans and the store need the ratings the assessment was made from."""
    base = profile or Profile(framework=framework.id)
    joined = profile_from_evidence(evidence, framework, base) if evidence else base
    return Assessed(joined, assess(joined, framework, settings))


# -- job postings ------------------------------------------------------------------------------------------------


def posting_probabilities(
    evidence: Evidence, framework: Framework, text: str | None = None, settings: ModelSettings = DEFAULT_SETTINGS
) -> np.ndarray:
    """Probabilities of the main track's levels for the level a posting asks for (see
    :mod:`mlladder.assess.postings`)."""
    return posting_scores(evidence, framework, text)


def person_probabilities(
    evidence: list[Evidence], framework: Framework, settings: ModelSettings = DEFAULT_SETTINGS
) -> np.ndarray:
    """Probabilities of the main track's levels for the person the documents describe (no explanation)."""
    model = placement_model(framework, settings)
    ratings = evidence_ratings(item for document in evidence for item in observations(document, framework))
    pairs = {competency: [(EVIDENCE_RATER, value)] for competency, value in ratings.items()}
    stated = [document.years.total for document in evidence if document.years.total is not None]
    return normalise(model.log_prior(max(stated) if stated else None) + log_likelihoods(model, pairs).sum(axis=0))


def place_posting(
    evidence: Evidence,
    framework: Framework,
    text: str | None = None,
    settings: ModelSettings = DEFAULT_SETTINGS,
) -> Assessment:
    """The level a job posting asks for, with probabilities, as an assessment whose competencies show what the
    requirements ask for; the posting's own reading (its cues and what decided it) is in its summary."""
    return posting_placement(evidence, framework, text, settings)[0]


def posting_placement(
    evidence: Evidence,
    framework: Framework,
    text: str | None = None,
    settings: ModelSettings = DEFAULT_SETTINGS,
) -> tuple[Assessment, PostingReading]:
    """:func:`place_posting` and the reading behind it: every cue with what it weighs at each level and where."""
    model = placement_model(framework, settings)
    reading = read_posting(evidence, framework, text)
    profile = profile_from_evidence([evidence], framework, Profile(framework=framework.id, name=evidence.title))
    base = assess(profile.model_copy(update={"years_experience": None}), framework, settings)
    probabilities = np.array([reading.probabilities[level] for level in model.level_ids])
    return _with_probabilities(base, model, probabilities, reading.summary), reading


def _with_probabilities(base: Assessment, model: PlacementModel, probabilities: np.ndarray, summary: str) -> Assessment:
    """An assessment with the posting's probabilities in place of the person-model ones."""
    placed = int(np.argmax(probabilities))
    levels = model.level_ids
    level_probability = float(probabilities[placed])
    within_one = float(probabilities[max(0, placed - 1) : placed + 2].sum())
    label = "high" if level_probability >= 0.8 else "medium" if level_probability >= 0.5 else "low"
    confidence = base.confidence.model_copy(
        update={
            "level_probability": round(level_probability, 6),
            "within_one": round(within_one, 6),
            "label": label,
            "reasons": [],  # a person's rater rules say nothing about a posting
        }
    )
    return base.model_copy(
        update={
            "level": levels[placed],
            "level_title": model.levels[placed].title,
            "probabilities": {level: round(float(p), 6) for level, p in zip(levels, probabilities, strict=True)},
            "at_or_above": {level: round(float(probabilities[i:].sum()), 6) for i, level in enumerate(levels)},
            "expected_level": round(float(np.dot(probabilities, np.arange(1, len(levels) + 1))), 4),
            "confidence": confidence,
            "below": [],
            "cap": None,
            "target": None,
            "first": [],
            "summary": summary,
        }
    )
