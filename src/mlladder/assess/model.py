"""The placement model: level probabilities from ratings, as a small Bayesian measurement model.

For each competency c a person has a true proficiency θ_c on the framework's 0-4 scale. People placed at level k
vary around that level's expectation: θ_c ~ Normal(e_kc, τ²). Each rating is a noisy, ordinal reading of θ_c:
an ordered-logit (graded response) model with cut points halfway between the steps and a noise scale per kind of
rater, P(r | θ) = σ((r + ½ − θ)/s) − σ((r − ½ − θ)/s). Integrating θ out on a grid gives the likelihood of one
competency's ratings at every level; competencies are independent given the level, so the log-likelihoods add.
A weak prior from the framework's years-of-experience ranges completes Bayes' rule.

Why this shape:
- a competency nobody rated contributes no factor at all, so missing ratings widen the posterior instead of
  counting as zero;
- the logistic noise has heavier tails than a normal one, so two raters far apart (4 and 0) leave a broad
  plateau of plausible θ, and the placement grows less certain, while agreeing raters sharpen it;
- every factor has a monotone likelihood ratio in each rating (the ordered-logit kernel and the normal level
  kernel are both totally positive, and expectations never fall as the level rises), so raising any rating can
  only move probability towards higher levels.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from functools import lru_cache

import numpy as np
from numpy.typing import NDArray

from mlladder.assess.policy import EVIDENCE_NOISE, EVIDENCE_RATER, EVIDENCE_SOFTNESS
from mlladder.framework.cache import derived
from mlladder.framework.ladder import ic_levels, placed_competencies
from mlladder.framework.schema import PROFICIENCY_MAX, PROFICIENCY_MIN, Competency, Framework, Level

__all__ = ["DEFAULT_SETTINGS", "ModelSettings", "PlacementModel", "Vector", "normalise", "placement_model"]

Vector = NDArray[np.float64]


@dataclass(frozen=True)
class ModelSettings:
    """The model's assumptions; each is documented in docs/assessment.md."""

    rater_noise: Mapping[str, float] = field(
        default_factory=lambda: {"manager": 0.45, "peer": 0.55, "self": 0.6, EVIDENCE_RATER: EVIDENCE_NOISE}
    )
    # Raters whose readings are lower bounds: a document shows what someone has done at least, and the absence of
    # higher evidence in it says little (see docs/assessment.md).
    lower_bound_raters: tuple[str, ...] = (EVIDENCE_RATER,)
    lower_bound_softness: float = EVIDENCE_SOFTNESS  # how much softer their upper side is than their lower side
    level_spread: float = 0.45  # τ: how far people at one level typically sit from its expectation
    years_prior_floor: float = 0.35  # weight every level keeps whatever the years say (keeps the prior weak)
    years_edge: float = 0.75  # softness (years) of a year range's edges
    meets_tolerance: float = 0.5  # a combined rating this far below an expectation still meets it
    grid_points: int = 121


DEFAULT_SETTINGS = ModelSettings()


def _sigmoid(values: Vector) -> Vector:
    result: Vector = 0.5 * (1.0 + np.tanh(0.5 * values))
    return result


class PlacementModel:
    """Precomputed tables for one framework's main track; cheap to apply to many profiles."""

    def __init__(self, framework: Framework, settings: ModelSettings = DEFAULT_SETTINGS) -> None:
        self.framework = framework
        self.settings = settings
        self.levels: list[Level] = ic_levels(framework)
        self.level_ids = [level.id for level in self.levels]
        # Only the main track's competencies: the rows of every table below, in the framework's order.
        self.competencies: list[Competency] = placed_competencies(framework)
        self.competency_ids = [competency.id for competency in self.competencies]
        self.index_of = {competency_id: i for i, competency_id in enumerate(self.competency_ids)}
        self.expectations = np.array(
            [[c.expectations[level.id].proficiency for level in self.levels] for c in self.competencies],
            dtype=np.float64,
        )  # [competency, level]
        self.grid: Vector = np.linspace(PROFICIENCY_MIN - 1.5, PROFICIENCY_MAX + 1.5, settings.grid_points)
        spread = settings.level_spread
        kernel = np.exp(-0.5 * ((self.grid[None, None, :] - self.expectations[:, :, None]) / spread) ** 2)
        self.kernel: NDArray[np.float64] = kernel / kernel.sum(axis=2, keepdims=True)  # [competency, level, grid]
        self._rating_tables = {
            kind: self._lower_bound_table(noise) if kind in settings.lower_bound_raters else self._rating_table(noise)
            for kind, noise in settings.rater_noise.items()
        }

    def _rating_table(self, noise: float) -> NDArray[np.float64]:
        """P(rating r | θ) for r = 0..4 on the grid (ordered logit, cut points at r ± ½)."""
        cuts = np.arange(PROFICIENCY_MIN + 0.5, PROFICIENCY_MAX, 1.0)
        upper = np.vstack([_sigmoid((cuts[:, None] - self.grid[None, :]) / noise), np.ones_like(self.grid)])
        lower = np.vstack([np.zeros_like(self.grid), upper[:-1]])
        table: NDArray[np.float64] = upper - lower
        return table

    def _lower_bound_table(self, noise: float) -> NDArray[np.float64]:
        """P(evidence reading r | θ) for documents: sharp below (work at step r shows θ reached about r) and soft
        above (a document rarely shows everything someone can do): σ((θ − r + ½)/s) · σ((r + ½ − θ)/(k·s)),
        normalised over r. Both factors are log-concave in θ − r, so higher readings still only raise the levels."""
        steps = np.arange(PROFICIENCY_MIN, PROFICIENCY_MAX + 1, dtype=np.float64)
        below = _sigmoid((self.grid[None, :] - steps[:, None] + 0.5) / noise)
        above = _sigmoid((steps[:, None] + 0.5 - self.grid[None, :]) / (noise * self.settings.lower_bound_softness))
        table: NDArray[np.float64] = below * above
        table /= table.sum(axis=0, keepdims=True)
        return table

    def competency_log_likelihood(self, competency_id: str, ratings: Sequence[tuple[str, int]]) -> Vector:
        """log P(these ratings of one competency | level) for every level on the main track."""
        return self._cached_log_likelihood(self.index_of[competency_id], tuple(sorted(ratings)))

    @lru_cache(maxsize=4096)  # noqa: B019 - one model per framework, kept for the life of the process
    def _cached_log_likelihood(self, index: int, ratings: tuple[tuple[str, int], ...]) -> Vector:
        likelihood = np.ones_like(self.grid)
        for kind, value in ratings:
            likelihood = likelihood * self._rating_tables[kind][value]
        result: Vector = np.log(self.kernel[index] @ likelihood + 1e-300)
        result.flags.writeable = False
        return result

    def log_prior(self, years: float | None) -> Vector:
        """A weak prior from the levels' year ranges: a floor for every level plus how well the years fit each."""
        if years is None:
            return np.zeros(len(self.levels))
        fit = np.array([self._years_fit(level, years) for level in self.levels])
        if not fit.any():
            return np.zeros(len(self.levels))
        weights = self.settings.years_prior_floor + fit
        result: Vector = np.log(weights / weights.sum())
        return result

    def _years_fit(self, level: Level, years: float) -> float:
        """Mean over sources of a soft 'years lies in this level's range' indicator (0 if no source gives one)."""
        if not level.years:
            return 0.0
        edge = self.settings.years_edge
        fits = []
        for span in level.years:
            above_min = 1 / (1 + math.exp(-(years - span.min + edge / 2) / (edge / 4)))
            below_max = 1.0 if span.max is None else 1 / (1 + math.exp((years - span.max - edge / 2) / (edge / 4)))
            fits.append(above_min * below_max)
        return sum(fits) / len(fits)


def normalise(log_weights: Vector) -> Vector:
    """Probabilities from log weights, without overflow."""
    shifted = np.exp(log_weights - log_weights.max())
    result: Vector = shifted / shifted.sum()
    return result


def placement_model(framework: Framework, settings: ModelSettings = DEFAULT_SETTINGS) -> PlacementModel:
    """The (cached) model for a framework: built once, reused for every profile."""
    return derived(framework, ("placement-model", repr(settings)), lambda: PlacementModel(framework, settings))
