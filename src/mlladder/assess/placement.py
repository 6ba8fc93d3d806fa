"""``assess(profile, framework)``: level probabilities, the placed and the "meets" level, confidence, explanation."""

from __future__ import annotations

from collections import defaultdict
from typing import Literal

import numpy as np
from pydantic import BaseModel, ConfigDict, Field

from mlladder.assess.model import DEFAULT_SETTINGS, ModelSettings, PlacementModel, Vector, normalise, placement_model
from mlladder.assess.policy import EVIDENCE_RATER
from mlladder.assess.priorities import (
    capped,
    combined_rating,
    core_cap,
    estimates_of,
    is_changer,
    shortfalls,
    target_for,
)
from mlladder.assess.profile import Profile, check_profile, rater_kind
from mlladder.formatting import percent_label
from mlladder.framework.schema import Framework

__all__ = [
    "Assessment",
    "CompetencyResult",
    "Confidence",
    "Result",
    "assess",
    "log_likelihoods",
    "posterior",
    "rating_pairs",
    "summarise",
]

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


class Cap(Result):
    """Why the placement stops at a level (someone moving into ML: the core competencies support no more)."""

    level: str
    reason: str


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
    below: list[str] = Field(default_factory=list)  # competencies below the placed level's expectation
    confidence: Confidence
    competencies: list[CompetencyResult]
    disagreements: list[str]
    prior: dict[str, float]
    cap: Cap | None = None
    target: str | None = None  # the level the person aims at (see mlladder.assess.priorities)
    first: list[str] = Field(
        default_factory=list
    )  # competencies to raise first, in order: the same list in the gaps and the plan
    summary: str


def rating_pairs(profile: Profile) -> dict[str, list[tuple[str, int]]]:
    pairs: dict[str, list[tuple[str, int]]] = defaultdict(list)
    for rater, given in profile.ratings.items():
        for competency, value in given.items():
            pairs[competency].append((rater_kind(rater), value))
    return pairs


def log_likelihoods(model: PlacementModel, pairs: dict[str, list[tuple[str, int]]]) -> Vector:
    """[competency, level] log-likelihood of each competency's ratings; a row of zeros where nobody rated."""
    table = np.zeros((len(model.competency_ids), len(model.level_ids)))
    for competency, ratings in pairs.items():
        if ratings and competency in model.index_of:  # ratings of other tracks' competencies do not place
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
    changer = is_changer(profile)
    years = None if changer else profile.years_experience  # years in another field say nothing about ML
    log_prior = model.log_prior(years)
    table = log_likelihoods(model, pairs)
    cap = core_cap(model, estimates_of(model, pairs)) if changer else None
    uncapped = normalise(log_prior + table.sum(axis=0))
    probabilities = capped(uncapped, cap)
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
    below = [result.id for result in competencies if result.status == "below"]
    target = target_for(profile, framework, levels[placed], levels, levels[int(np.argmax(uncapped))])
    first = shortfalls(model, pairs, log_prior, table, target, placed, changer)
    cap_result = _cap(model, cap, placed, competencies) if cap is not None and cap < len(levels) - 1 else None
    confidence = _confidence(probabilities, placed, unrated, disagreements, len(competencies))
    confidence = _honest(confidence, profile, levels[placed], below, len(competencies), cap_result)
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
        below=below,
        confidence=confidence,
        competencies=competencies,
        disagreements=disagreements,
        prior={level: round(float(p), 6) for level, p in zip(levels, normalise(log_prior), strict=True)},
        cap=cap_result,
        target=target,
        first=[framework.competencies[item.position].id for item in first],
        summary="",
    )
    names = {competency.id: competency.name for competency in framework.competencies}
    return assessment.model_copy(update={"summary": summarise(assessment, names)})


def _cap(model: PlacementModel, cap: int, placed: int, competencies: list[CompetencyResult]) -> Cap:
    core = [c for c in competencies if model.competencies[model.index_of[c.id]].core]
    shown = ", ".join(f"{c.name} {_rating_text(c.estimate)}" for c in core)
    return Cap(
        level=model.level_ids[cap],
        reason=(
            f"moving into ML, the placement stops at {model.level_ids[cap]}: that is as far as the core "
            f"competencies support ({shown}); years and leadership from another field do not count towards it"
        ),
    )


def _rating_text(value: float | None) -> str:
    return "unrated" if value is None else f"{value:.1f}"


def _meets_level(model: PlacementModel, pairs: dict[str, list[tuple[str, int]]]) -> str | None:
    """Highest level whose every expectation the rated competencies meet within the tolerance.

    Ladders ask for consistent performance at a level, so one strength cannot buy a level: every rated
    competency must reach the expectation (less the tolerance). Unrated competencies are listed as unverified.
    """
    estimates = {c: combined_rating(model, ratings) for c, ratings in pairs.items() if ratings and c in model.index_of}
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
    competency = model.competencies[index]
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
        reasons.append(f"{_count(len(unrated), total)} no rating")
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


def _count(count: int, total: int) -> str:
    return f"{count} of {total} competencies {'has' if count == 1 else 'have'}"


def _honest(
    confidence: Confidence, profile: Profile, level: str, below: list[str], total: int, cap: Cap | None
) -> Confidence:
    """Confidence is high only when more than one view supports it: two or more raters, or evidence (documents,
    dated achievements); and only when every rated competency meets the placed level. Each cap says why."""
    reasons = list(confidence.reasons)
    label = confidence.label
    raters = list(profile.ratings)
    views = len(raters) + (1 if profile.evidence and EVIDENCE_RATER not in raters else 0)
    if views < 2:
        who = f"only {raters[0]}-ratings" if raters else "no ratings"
        reasons.append(f"{who} and no evidence: one view cannot give high confidence")
    if below:
        reasons.append(f"below the {level} expectation in {len(below)} of {total} competencies")
    if cap is not None:
        reasons.append(cap.reason)
    if label == "high" and (views < 2 or below or cap is not None):
        label = "medium"
    return confidence.model_copy(update={"label": label, "reasons": reasons})


def summarise(assessment: Assessment, names: dict[str, str] | None = None) -> str:
    """One paragraph in plain words; ``names`` (competency id -> name) names a "raise first" list that reaches
    another track's competencies (people management towards M1), which the results do not list."""
    who = assessment.name or "This profile"
    confidence = assessment.confidence
    parts = [
        f"{who} places at {assessment.level} ({assessment.level_title}) with probability "
        f"{percent_label(confidence.level_probability)} ({percent_label(confidence.within_one)} within one level; "
        f"{confidence.label} confidence)."
    ]
    names = {**(names or {}), **{c.id: c.name for c in assessment.competencies}}
    below = [names[c] for c in assessment.below]
    total = len(assessment.competencies)
    if not below and assessment.meets_level is not None:
        parts.append(f"Every rated competency meets the {assessment.level} expectation.")
    elif below:
        parts.append(
            f"Placed {assessment.level} on balance: below the {assessment.level} expectation in {len(below)} of "
            f"{total} ({', '.join(below)}); these come first."
        )
    ups = sorted((c for c in assessment.competencies if c.status == "above"), key=lambda c: -c.pull)[:2]
    if ups:
        parts.append("Above the level: " + ", ".join(c.name for c in ups) + ".")
    if assessment.cap is not None:
        parts.append(assessment.cap.reason[0].upper() + assessment.cap.reason[1:] + ".")
    if assessment.first and assessment.target:
        # Without the framework's names, an id beyond the results stands in as words.
        ordered = ", ".join(names.get(c) or c.replace("-", " ").capitalize() for c in assessment.first[:3])
        # Placed at the target already, the gaps are what holding the level asks for, not a way towards it.
        at_target = assessment.target == assessment.level
        lead = f"To hold {assessment.level}" if at_target else f"Towards {assessment.target}"
        parts.append(f"{lead}, raise first: {ordered}.")
    if confidence.reasons:
        parts.append("Confidence is limited because " + " and ".join(confidence.reasons) + ".")
    return " ".join(parts)
