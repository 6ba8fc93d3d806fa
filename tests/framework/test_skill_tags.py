"""Skills typed as people write them, turned into skill ids; an unknown one refused with the closest names, and
errors that carry the field they are about with a fix worded for a form as well as the command line."""

from __future__ import annotations

import pickle

import pytest

from mlladder import Framework, Profile, plan
from mlladder.errors import FieldError
from mlladder.framework.skill_tags import SKILLS_FIELD, UnknownSkills, skill_ids_from_list, skill_ids_from_names


@pytest.mark.parametrize(
    ("typed", "ids"),
    [
        ("Feature Store, pytorch, K8s", ["feature-store", "pytorch", "kubernetes"]),
        ("feature-store,PYTORCH ,  kubernetes", ["feature-store", "pytorch", "kubernetes"]),
        ("feature_store, Py Torch", ["feature-store", "pytorch"]),
        ("pytorch kubernetes mlflow", ["pytorch", "kubernetes", "mlflow"]),  # the older, space-separated ids
        ("C++, R, k8s, Kubernetes", ["cpp", "r-language", "kubernetes"]),  # each skill once
        (" , ,", []),
        ("", []),
    ],
)
def test_skills_are_found_by_name_id_or_alias(ml_ladder: Framework, typed: str, ids: list[str]) -> None:
    assert skill_ids_from_names(ml_ladder, typed) == ids


def test_every_skill_name_reads_back_as_its_own_skill(ml_ladder: Framework) -> None:
    for skill in ml_ladder.skills:
        assert skill_ids_from_names(ml_ladder, skill.name) == [skill.id], skill.name


@pytest.mark.parametrize(
    ("typed", "advice"),
    [
        ("PyTorch, Feature Stor", "no skill named 'Feature Stor' — did you mean Feature Store"),
        ("kubernetess", "no skill named 'kubernetess' — did you mean Kubernetes?"),
        ("zzqqxx", "no skill named 'zzqqxx' — check the spelling"),
    ],
)
def test_an_unknown_skill_names_the_closest_ones(ml_ladder: Framework, typed: str, advice: str) -> None:
    with pytest.raises(FieldError) as raised:
        skill_ids_from_names(ml_ladder, typed)
    assert raised.value.field == SKILLS_FIELD
    assert raised.value.advice.startswith(advice)
    assert "(fix: " in str(raised.value) and str(raised.value).startswith(advice.split(" — ")[0])


def test_a_plan_error_names_its_field_and_keeps_its_one_line(ml_ladder: Framework) -> None:
    with pytest.raises(FieldError) as raised:
        plan(Profile(framework=ml_ladder.id), ml_ladder, weekly_hours=500)
    error = raised.value
    assert str(error) == "weekly hours must be 1 to 80, got 500 (fix: give between 1 and 80 hours a week)"
    assert (error.field, error.advice) == ("weekly_hours", "enter a number from 1 to 80")
    copied = pickle.loads(pickle.dumps(error))  # crosses to and from worker processes intact
    assert (str(copied), copied.field, copied.advice) == (str(error), error.field, error.advice)


def test_a_list_of_skills_takes_each_item_as_one_skill(ml_ladder: Framework) -> None:
    assert skill_ids_from_list(ml_ladder, ["Feature Store", " K8S ", "pytorch", "PyTorch"]) == [
        "feature-store",
        "kubernetes",
        "pytorch",
    ]


def test_a_list_names_every_item_that_is_no_skill(ml_ladder: Framework) -> None:
    with pytest.raises(UnknownSkills) as raised:
        skill_ids_from_list(ml_ladder, ["pytorch", "Feature Stor", "juggling"])
    first, second = raised.value.unknown
    assert (first.position, first.typed, first.closest[0].id) == (1, "Feature Stor", "feature-store")
    assert (second.position, second.typed) == (2, "juggling")
    assert str(raised.value) == str(first) and raised.value.field == "skills"
    copied = pickle.loads(pickle.dumps(raised.value))
    assert [miss.typed for miss in copied.unknown] == ["Feature Stor", "juggling"]
