"""Placement properties, checked on the built-in ladder and on a differently shaped framework."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from mlladder import Framework, Profile, ProfileError, assess, builtin_framework, ic_levels, load_framework
from mlladder.assess.model import DEFAULT_SETTINGS
from mlladder.framework.ladder import placed_competencies
from tests.conftest import EXAMPLE_FRAMEWORK

ROOT = Path(__file__).resolve().parents[2]
FRAMEWORKS = {"ml-engineer": builtin_framework(), "data-scientist": load_framework(EXAMPLE_FRAMEWORK)}


def at_level(framework: Framework, level: str, raters: tuple[str, ...] = ("self",)) -> Profile:
    ratings = {c.id: c.expectations[level].proficiency for c in placed_competencies(framework)}
    return Profile(ratings={rater: dict(ratings) for rater in raters})


def everywhere(framework: Framework, value: int) -> Profile:
    return Profile(ratings={"self": {c.id: value for c in placed_competencies(framework)}})


@pytest.mark.parametrize("name", list(FRAMEWORKS))
def test_rated_exactly_at_a_level_places_at_that_level(name: str) -> None:
    framework = FRAMEWORKS[name]
    for level in ic_levels(framework):
        for raters in [("self",), ("self", "manager"), ("manager", "peer", "peer-2")]:
            result = assess(at_level(framework, level.id, raters), framework)
            assert result.level == level.id, (level.id, raters, result.probabilities)
            assert result.meets_level == level.id


@pytest.mark.parametrize("name", list(FRAMEWORKS))
def test_all_zero_places_lowest_and_all_max_places_highest(name: str) -> None:
    framework = FRAMEWORKS[name]
    levels = [level.id for level in ic_levels(framework)]
    lowest = assess(everywhere(framework, 0), framework)
    highest = assess(everywhere(framework, 4), framework)
    assert lowest.level == levels[0] and lowest.meets_level is None
    assert highest.level == levels[-1] and highest.meets_level == levels[-1]


@pytest.mark.parametrize("name", list(FRAMEWORKS))
def test_probabilities_sum_to_one_and_cover_the_main_track(name: str) -> None:
    framework = FRAMEWORKS[name]
    result = assess(at_level(framework, ic_levels(framework)[1].id), framework)
    assert list(result.probabilities) == [level.id for level in ic_levels(framework)]
    assert sum(result.probabilities.values()) == pytest.approx(1, abs=1e-5)
    assert result.at_or_above[ic_levels(framework)[0].id] == pytest.approx(1, abs=1e-5)


def profiles(framework: Framework) -> st.SearchStrategy[Profile]:
    competencies = [c.id for c in placed_competencies(framework)]
    one_rater = st.dictionaries(st.sampled_from(competencies), st.integers(0, 4), max_size=len(competencies))
    raters = st.dictionaries(st.sampled_from(["self", "manager", "peer", "peer-2"]), one_rater, min_size=1, max_size=3)
    years = st.none() | st.floats(0, 25, allow_nan=False)
    return st.builds(lambda r, y: Profile(ratings=r, years_experience=y), raters, years)


@pytest.mark.parametrize("name", list(FRAMEWORKS))
@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=st.data())
def test_raising_one_rating_never_lowers_the_chance_of_any_level_or_above(name: str, data: st.DataObject) -> None:
    framework = FRAMEWORKS[name]
    profile = data.draw(profiles(framework))
    rater = data.draw(st.sampled_from(sorted(profile.ratings)))
    competency = data.draw(st.sampled_from([c.id for c in placed_competencies(framework)]))
    current = profile.ratings[rater].get(competency)
    if current is None or current == 4:
        return  # nothing to raise
    ratings = {r: dict(given) for r, given in profile.ratings.items()}
    ratings[rater][competency] = current + 1
    before = assess(profile, framework).at_or_above
    after = assess(profile.model_copy(update={"ratings": ratings}), framework).at_or_above
    for level, probability in before.items():
        assert after[level] >= probability - 1e-6, (level, probability, after[level])


def test_missing_ratings_widen_the_uncertainty_instead_of_counting_as_zero() -> None:
    framework = FRAMEWORKS["ml-engineer"]
    full = at_level(framework, "L3")
    half = Profile(ratings={"self": dict(list(full.ratings["self"].items())[:4])})
    complete, partial = assess(full, framework), assess(half, framework)
    assert partial.level == "L3"  # the rated half still points at L3; zeros would have dragged it to L1
    assert partial.confidence.level_probability < complete.confidence.level_probability
    assert len(partial.unrated) == len(placed_competencies(framework)) - 4
    assert "have no rating" in " ".join(partial.confidence.reasons)


def test_rater_disagreement_lowers_confidence_and_is_flagged() -> None:
    framework = FRAMEWORKS["ml-engineer"]
    expected = {c.id: c.expectations["L2"].proficiency for c in placed_competencies(framework)}
    agree = Profile(ratings={"self": expected, "manager": expected})
    split = dict(expected)
    split["mlops"], split["system-design"] = 4, 4
    low = dict(expected)
    low["mlops"], low["system-design"] = 0, 0
    disagree = Profile(ratings={"self": split, "manager": low})
    calm, torn = assess(agree, framework), assess(disagree, framework)
    assert torn.disagreements == ["mlops", "system-design"]
    assert torn.confidence.level_probability < calm.confidence.level_probability
    assert torn.confidence.label != "high"
    flagged = {c.id for c in torn.competencies if c.disagreement}
    assert flagged == {"mlops", "system-design"}


def test_years_prior_is_weak_against_strong_evidence() -> None:
    framework = FRAMEWORKS["ml-engineer"]
    senior = at_level(framework, "L3", ("self", "manager"))
    result = assess(senior.model_copy(update={"years_experience": 1.0}), framework)
    assert result.level == "L3"
    assert result.prior["L1"] > result.prior["L3"]  # the prior did point elsewhere
    no_ratings = assess(Profile(years_experience=6.0), framework)
    assert no_ratings.level in {"L3"} and no_ratings.confidence.label == "low"


def test_one_strength_cannot_buy_a_level() -> None:
    framework = FRAMEWORKS["ml-engineer"]
    profile = at_level(framework, "L2")
    ratings = dict(profile.ratings["self"])
    ratings["system-design"] = 4
    result = assess(Profile(ratings={"self": ratings}), framework)
    assert result.meets_level == "L2"
    weak = dict(at_level(framework, "L3").ratings["self"])
    weak["communication"] = 1
    shaky = assess(Profile(ratings={"self": weak}), framework)
    assert shaky.meets_level == "L1"
    by_id = {c.id: c for c in shaky.competencies}
    assert by_id["communication"].status == "below" and by_id["communication"].pull < 0


def test_explanation_lists_every_competency_with_expectations_and_summary() -> None:
    framework = FRAMEWORKS["ml-engineer"]
    profile = Profile.model_validate(
        {
            "name": "Test Person",
            "ratings": {"self": {"mlops": 3, "communication": 1}, "manager": {"mlops": 2}},
            "evidence": [{"text": "Shipped the model", "competencies": ["mlops"]}],
        }
    )
    result = assess(profile, framework)
    assert [c.id for c in result.competencies] == [c.id for c in placed_competencies(framework)]
    mlops = next(c for c in result.competencies if c.id == "mlops")
    assert mlops.ratings == {"self": 3, "manager": 2}
    assert mlops.evidence == ["Shipped the model"]
    placed = result.level
    assert (
        mlops.expected
        == placed_competencies(framework)[[c.id for c in placed_competencies(framework)].index("mlops")]
        .expectations[placed]
        .proficiency
    )
    assert result.summary.startswith(f"Test Person places at {placed}")
    assert "have no rating" in result.summary


def test_references_to_unknown_things_are_rejected_in_code_too() -> None:
    framework = FRAMEWORKS["ml-engineer"]
    with pytest.raises(ProfileError, match="unknown competency 'mlopz'"):
        assess(Profile(ratings={"self": {"mlopz": 2}}), framework)


def test_probabilities_are_calibrated_under_the_model() -> None:
    """Profiles drawn from the model's own assumptions: stated probabilities match observed frequencies."""
    framework = FRAMEWORKS["ml-engineer"]
    rng = np.random.default_rng(7)
    levels = [level.id for level in ic_levels(framework)]
    noise = DEFAULT_SETTINGS.rater_noise
    stated, correct = [], []
    for _ in range(1500):
        truth = int(rng.integers(len(levels)))
        ratings: dict[str, dict[str, int]] = {"self": {}, "manager": {}}
        for competency in placed_competencies(framework):
            theta = rng.normal(competency.expectations[levels[truth]].proficiency, DEFAULT_SETTINGS.level_spread)
            for rater in ratings:
                if rng.random() < 0.3:
                    continue  # some ratings missing
                reading = theta + rng.logistic(0, noise[rater])
                ratings[rater][competency.id] = int(np.clip(np.floor(reading + 0.5), 0, 4))
        result = assess(Profile(ratings=ratings), framework)
        stated.append(result.confidence.level_probability)
        correct.append(result.level == levels[truth])
    stated_array, correct_array = np.array(stated), np.array(correct, dtype=float)
    bins = np.digitize(stated_array, [0.5, 0.7, 0.8, 0.9, 0.95, 0.99])
    error = sum(
        abs(stated_array[bins == b].mean() - correct_array[bins == b].mean()) * (bins == b).sum()
        for b in np.unique(bins)
    ) / len(stated_array)
    assert error < 0.05, error
    assert abs(stated_array.mean() - correct_array.mean()) < 0.03
