"""Assessments kept as snapshots, and the history of re-assessments."""

from __future__ import annotations

import pytest

from mlladder import Framework, Profile, assess, load_framework
from mlladder.framework.ladder import placed_competencies
from mlladder.store import RecordNotFound, Store
from tests.conftest import EXAMPLE_FRAMEWORK


def test_an_assessment_is_kept_with_its_profile_and_framework_version(
    fresh_store: Store, ml_ladder: Framework, profiles: dict[str, Profile]
) -> None:
    me = fresh_store.default_person()
    profile = profiles["mid"]
    assessment = assess(profile, ml_ladder)
    record = fresh_store.save_assessment(me.id, profile, assessment)
    assert (record.framework_id, record.framework_version) == (ml_ladder.id, ml_ladder.version)
    assert record.level == assessment.level and record.target == profile.target_level
    assert record.profile == profile and record.assessment == assessment
    assert fresh_store.get_assessment(record.id) == record
    assert fresh_store.save_assessment(me.id, profile, assessment, target="L5").target == "L5"


def test_assessments_are_listed_oldest_first(
    fresh_store: Store, ml_ladder: Framework, profiles: dict[str, Profile]
) -> None:
    me, other = fresh_store.create_person("Me"), fresh_store.create_person("Other")
    assert fresh_store.latest_assessment(me.id) is None
    saved = [
        fresh_store.save_assessment(me.id, profiles[name], assess(profiles[name], ml_ladder))
        for name in ("junior", "mid", "senior")
    ]
    fresh_store.save_assessment(other.id, profiles["staff"], assess(profiles["staff"], ml_ladder))
    assert fresh_store.list_assessments(me.id) == saved
    assert fresh_store.latest_assessment(me.id) == saved[-1]
    with pytest.raises(RecordNotFound, match="no assessment with id 999"):
        fresh_store.get_assessment(999)
    with pytest.raises(RecordNotFound):
        fresh_store.save_assessment(999, profiles["mid"], assess(profiles["mid"], ml_ladder))


def test_the_order_of_level_probabilities_survives_storage(
    fresh_store: Store, ml_ladder: Framework, profiles: dict[str, Profile]
) -> None:
    assessment = assess(profiles["mid"], ml_ladder)
    shuffled = dict(reversed(list(assessment.probabilities.items())))  # an order no database would sort into
    record = fresh_store.save_assessment(
        fresh_store.default_person().id, profiles["mid"], assessment.model_copy(update={"probabilities": shuffled})
    )
    assert list(fresh_store.get_assessment(record.id).assessment.probabilities) == list(shuffled)


def test_history_has_the_probability_series_and_per_competency_deltas(
    fresh_store: Store, ml_ladder: Framework, profiles: dict[str, Profile]
) -> None:
    me = fresh_store.default_person()
    results = {name: assess(profiles[name], ml_ladder) for name in ("junior", "mid", "senior")}
    records = [fresh_store.save_assessment(me.id, profiles[name], result) for name, result in results.items()]
    history = fresh_store.history(me.id)
    assert history.levels == ["L1", "L2", "L3", "L4", "L5"]
    assert [point.assessment_id for point in history.points] == [record.id for record in records]
    assert [point.level for point in history.points] == [result.level for result in results.values()]
    assert history.series("L1") == [result.probabilities["L1"] for result in results.values()]
    for point in history.points:
        assert sum(point.probabilities.values()) == pytest.approx(1, abs=1e-5)
    assert len(history.steps) == 2
    step = history.steps[0]
    assert (step.from_assessment, step.to_assessment) == (records[0].id, records[1].id)
    assert (step.level_before, step.level_after) == (results["junior"].level, results["mid"].level)
    assert step.expected_level_change == pytest.approx(
        results["mid"].expected_level - results["junior"].expected_level, abs=1e-4
    )
    assert not step.framework_changed
    assert [delta.competency for delta in step.competencies] == [c.id for c in placed_competencies(ml_ladder)]
    before = {c.id: c.estimate for c in results["junior"].competencies}
    after = {c.id: c.estimate for c in results["mid"].competencies}
    for delta in step.competencies:
        assert (delta.before, delta.after) == (before[delta.competency], after[delta.competency])
        if delta.before is not None and delta.after is not None:
            assert delta.change == pytest.approx(delta.after - delta.before, abs=1e-3)
        else:
            assert delta.change is None
    assert any(delta.change and delta.change > 0 for delta in step.competencies)  # the mid profile grew


def test_history_across_frameworks_compares_only_shared_competencies(
    fresh_store: Store, ml_ladder: Framework, profiles: dict[str, Profile]
) -> None:
    other = load_framework(EXAMPLE_FRAMEWORK)
    me = fresh_store.default_person()
    fresh_store.save_assessment(me.id, profiles["mid"], assess(profiles["mid"], ml_ladder))
    ratings = {"self": {competency.id: 2 for competency in other.competencies}}
    profile = Profile(framework=other.id, ratings=ratings)
    fresh_store.save_assessment(me.id, profile, assess(profile, other))
    history = fresh_store.history(me.id)
    shared = {c.id for c in ml_ladder.competencies} & {c.id for c in other.competencies}
    assert history.steps[0].framework_changed
    assert {delta.competency for delta in history.steps[0].competencies} == shared
    assert history.levels[:5] == ["L1", "L2", "L3", "L4", "L5"] and "DS1" in history.levels
    assert history.series("DS1")[0] == 0.0  # the first assessment had no such level


def test_history_of_nobody_is_an_error_and_of_a_new_person_is_empty(fresh_store: Store) -> None:
    with pytest.raises(RecordNotFound):
        fresh_store.history(7)
    history = fresh_store.history(fresh_store.default_person().id)
    assert (history.points, history.steps, history.levels) == ([], [], [])
