"""``assess(profile, framework)``: level probabilities, the placed and the "meets" level, confidence, explanation."""

from __future__ import annotations

from collections import defaultdict
from typing import Literal

import numpy as np
from pydantic import BaseModel, ConfigDict

from mlladder.assess.model import DEFAULT_SETTINGS, ModelSettings, PlacementModel, Vector, normalise, placement_model
from mlladder.assess.profile import Profile, check_profile, rater_kind
from mlladder.formatting import percent_label
from mlladder.framework.schema import Framework

DISAGREEMENT_GAP = 2  # raters this many steps apart on one competency are flagged


class Result(BaseModel):
    """Base of result models: immutable, serialised with stable keys."""

    model_config = ConfigDict(frozen=True)


class CompetencyResult(Result):
    id: str
    name: str
    ratings: dict[str, int]
    estimate: float | None  # noise-weighted mean of the ratings; None when nobody rated it
    expected: int  # at the placed level
    expected_next: int | None  # at the next level up, if any
    status: Literal["above", "meets", "below", "unrated"]
    pull: float  # log-likelihood ratio of its ratings, level above vs level below the placed one: + up, - down
    influence: float  # how far the expected level moves when this competency's ratings are left out
    disagreement: bool
    evidence: list[str]


class Confidence(Result):
    level_probability: float  # probability of the placed level
    within_one: float  # probability of the placed level or a neighbour
    label: Literal["high", "medium", "low"]
    reasons: list[str]


class Assessment(Result):
    framework: str
    framework_version: str
    name: str | None
    level: str
    level_title: str
    probabilities: dict[str, float]
    at_or_above: dict[str, float]
    expected_level: float  # probability-weighted level index (1 = lowest level)
    meets_level: str | None
    unrated: list[str]
    confidence: Confidence
    competencies: list[CompetencyResult]
    disagreements: list[str]
    prior: dict[str, float]
    summary: str


def rating_pairs(profile: Profile) -> dict[str, list[tuple[str, int]]]:
    pairs: dict[str, list[tuple[str, int]]] = defaultdict(list)
    for rater, given in profile.ratings.items():
        for competency, value in given.items():
            pairs[competency].append((rater_kind(rater), value))
    return pairs


def combined_rating(model: PlacementModel, pairs: list[tuple[str, int]]) -> float | None:
    """Mean of the ratings weighted by rater reliability (1 / noise²)."""
    if not pairs:
        return None
    weights = [1 / model.settings.rater_noise[kind] ** 2 for kind, _ in pairs]
    return sum(w * value for w, (_, value) in zip(weights, pairs, strict=True)) / sum(weights)


def log_likelihoods(model: PlacementModel, pairs: dict[str, list[tuple[str, int]]]) -> Vector:
    """[competency, level] log-likelihood of each competency's ratings; a row of zeros where nobody rated."""
    table = np.zeros((len(model.competency_ids), len(model.level_ids)))
    for competency, ratings in pairs.items():
        if ratings:
            table[model.index_of[competency]] = model.competency_log_likelihood(competency, ratings)
    return table


def posterior(model: PlacementModel, pairs: dict[str, list[tuple[str, int]]], years: float | None) -> Vector:
    """Level probabilities on the main track for the given ratings."""
    return normalise(model.log_prior(years) + log_likelihoods(model, pairs).sum(axis=0))


def _expected_index(probabilities: Vector) -> float:
    return float(np.dot(probabilities, np.arange(1, len(probabilities) + 1)))


def _pulls(table: Vector, placed: int) -> Vector:
    """For every competency, how strongly its ratings favour the level above the placed one over the level below
    (a log-likelihood ratio; at the ends of the track the placed level stands in for the missing neighbour)."""
    above, below = min(placed + 1, table.shape[1] - 1), max(placed - 1, 0)
    result: Vector = table[:, above] - table[:, below]
    return result


def _influences(log_prior: Vector, table: Vector, expected_level: float) -> Vector:
    """For every competency, the expected level with all ratings minus the expected level without its ratings."""
    without = log_prior[None, :] + table.sum(axis=0)[None, :] - table  # [competency, level]
    weights = np.exp(without - without.max(axis=1, keepdims=True))
    weights /= weights.sum(axis=1, keepdims=True)
    result: Vector = expected_level - weights @ np.arange(1, table.shape[1] + 1)
    return result


def assess(profile: Profile, framework: Framework, settings: ModelSettings = DEFAULT_SETTINGS) -> Assessment:
    """Place a profile on the framework's main track and explain why."""
    check_profile(profile, framework)
    model = placement_model(framework, settings)
    pairs = rating_pairs(profile)
    log_prior = model.log_prior(profile.years_experience)
    table = log_likelihoods(model, pairs)
    probabilities = normalise(log_prior + table.sum(axis=0))
    placed = int(np.argmax(probabilities))
    expected_level = _expected_index(probabilities)
    influences = _influences(log_prior, table, expected_level)
    pulls = _pulls(table, placed)
    levels = model.level_ids
    meets = _meets_level(model, pairs)
    competencies = [
        _competency_result(model, profile, pairs, index, placed, float(pulls[index]), float(influences[index]))
        for index in range(len(model.competency_ids))
    ]
    disagreements = [result.id for result in competencies if result.disagreement]
    unrated = [result.id for result in competencies if result.status == "unrated"]
    confidence = _confidence(probabilities, placed, unrated, disagreements, len(competencies))
    assessment = Assessment(
        framework=framework.id,
        framework_version=framework.version,
        name=profile.name,
        level=levels[placed],
        level_title=model.levels[placed].title,
        probabilities={level: round(float(p), 6) for level, p in zip(levels, probabilities, strict=True)},
        at_or_above={level: round(float(probabilities[i:].sum()), 6) for i, level in enumerate(levels)},
        expected_level=round(expected_level, 4),
        meets_level=meets,
        unrated=unrated,
        confidence=confidence,
        competencies=competencies,
        disagreements=disagreements,
        prior={
            level: round(float(p), 6)
            for level, p in zip(levels, normalise(model.log_prior(profile.years_experience)), strict=True)
        },
        summary="",
    )
    return assessment.model_copy(update={"summary": summarise(assessment)})


def _meets_level(model: PlacementModel, pairs: dict[str, list[tuple[str, int]]]) -> str | None:
    """Highest level whose every expectation the rated competencies meet within the tolerance.

    Ladders ask for consistent performance at a level, so one strength cannot buy a level: every rated
    competency must reach the expectation (less the tolerance). Unrated competencies are listed as unverified.
    """
    estimates = {c: combined_rating(model, ratings) for c, ratings in pairs.items() if ratings}
    if not estimates:
        return None
    met = None
    for index, level in enumerate(model.level_ids):
        if all(
            value >= model.expectations[model.index_of[c], index] - model.settings.meets_tolerance
            for c, value in estimates.items()
        ):
            met = level
    return met


def _competency_result(
    model: PlacementModel,
    profile: Profile,
    pairs: dict[str, list[tuple[str, int]]],
    index: int,
    placed: int,
    pull: float,
    influence: float,
) -> CompetencyResult:
    competency = model.framework.competencies[index]
    ratings = pairs.get(competency.id, [])
    estimate = combined_rating(model, ratings)
    expected = int(model.expectations[index, placed])
    has_next = placed + 1 < len(model.level_ids)
    values = [value for _, value in ratings]
    return CompetencyResult(
        id=competency.id,
        name=competency.name,
        ratings={rater: given[competency.id] for rater, given in profile.ratings.items() if competency.id in given},
        estimate=None if estimate is None else round(estimate, 3),
        expected=expected,
        expected_next=int(model.expectations[index, placed + 1]) if has_next else None,
        status=_status(estimate, expected, model.settings.meets_tolerance),
        pull=round(pull, 4),
        influence=round(influence, 4),
        disagreement=bool(values) and max(values) - min(values) >= DISAGREEMENT_GAP,
        evidence=[item.text for item in profile.evidence if competency.id in item.competencies],
    )


def _status(estimate: float | None, expected: int, tolerance: float) -> Literal["above", "meets", "below", "unrated"]:
    if estimate is None:
        return "unrated"
    if estimate >= expected + 1 - tolerance:
        return "above"
    return "meets" if estimate >= expected - tolerance else "below"


def _confidence(
    probabilities: Vector, placed: int, unrated: list[str], disagreements: list[str], total: int
) -> Confidence:
    """The probability of the placed level (and of it ±1), labelled, with the reasons it is not higher."""
    level_probability = float(probabilities[placed])
    within_one = float(probabilities[max(0, placed - 1) : placed + 2].sum())
    label: Literal["high", "medium", "low"] = (
        "high" if level_probability >= 0.8 else "medium" if level_probability >= 0.5 else "low"
    )
    reasons = []
    if unrated:
        reasons.append(f"{len(unrated)} of {total} competencies have no rating")
    if disagreements:
        reasons.append(f"raters disagree by {DISAGREEMENT_GAP}+ steps on {len(disagreements)} competencies")
    # The model treats competencies as independent, so a rater who is off on all of them at once can still
    # produce a sharp posterior; widespread disagreement or missing ratings therefore cap the label.
    if label == "high" and (len(disagreements) >= 2 or len(unrated) * 3 > total):
        label = "medium"
    if level_probability < 0.8 and not reasons:
        reasons.append("the ratings sit between two levels")
    return Confidence(
        level_probability=round(level_probability, 6), within_one=round(within_one, 6), label=label, reasons=reasons
    )


def summarise(assessment: Assessment) -> str:
    """One paragraph in plain words."""
    who = assessment.name or "This profile"
    confidence = assessment.confidence
    parts = [
        f"{who} places at {assessment.level} ({assessment.level_title}) with probability "
        f"{percent_label(confidence.level_probability)} ({percent_label(confidence.within_one)} within one level; "
        f"{confidence.label} confidence)."
    ]
    below = [c.name for c in assessment.competencies if c.status == "below"]
    if assessment.meets_level is None:
        parts.append("No level's expectations are met on every rated competency yet.")
    elif assessment.meets_level == assessment.level:
        parts.append(f"Every rated competency meets the {assessment.level} expectation.")
    else:
        parts.append(
            f"Every rated competency meets the expectations of {assessment.meets_level}; below the "
            f"{assessment.level} expectation: {', '.join(below) or 'none'}."
        )
    ups = sorted((c for c in assessment.competencies if c.pull > 0.5), key=lambda c: -c.pull)[:2]
    downs = sorted((c for c in assessment.competencies if c.pull < -0.5), key=lambda c: c.pull)[:2]
    if ups:
        parts.append("Strongest pull upwards: " + ", ".join(c.name for c in ups) + ".")
    if downs:
        parts.append("Holding the placement down: " + ", ".join(c.name for c in downs) + ".")
    short_of_next = sorted(
        (
            (c.expected_next - c.estimate, c.name)
            for c in assessment.competencies
            if c.expected_next is not None and c.estimate is not None and c.estimate < c.expected_next - 0.5
        ),
        reverse=True,
    )
    if short_of_next:
        parts.append(f"For the next level, raise {', '.join(name for _, name in short_of_next[:3])} first.")
    if confidence.reasons:
        parts.append("Confidence is limited because " + " and ".join(confidence.reasons) + ".")
    return " ".join(parts)
