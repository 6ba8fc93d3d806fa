"""Skill search with typos, and what the framework says about one skill."""

from __future__ import annotations

import pytest

from mlladder import Framework
from mlladder.framework.skills import UnknownSkill, get_skill, search_skills, skill_use


@pytest.mark.parametrize(
    ("typed", "expected"),
    [("kubernetess", "kubernetes"), ("pytorh", "pytorch"), ("xgbost", "xgboost"), ("tensorflw", "tensorflow")],
)
def test_a_typo_finds_the_skill_first(ml_ladder: Framework, typed: str, expected: str) -> None:
    found = search_skills(ml_ladder, typed)
    assert found.fuzzy and found.skills[0].id == expected


def test_a_name_contained_is_not_a_fuzzy_match(ml_ladder: Framework) -> None:
    found = search_skills(ml_ladder, "k8s")  # an alias
    assert not found.fuzzy and [skill.id for skill in found.skills] == ["kubernetes"]
    assert search_skills(ml_ladder, "").skills == list(ml_ladder.skills)


def test_close_names_respect_the_filters(ml_ladder: Framework) -> None:
    assert search_skills(ml_ladder, "kubernetess", level="L1").skills == []  # Kubernetes is typically L3
    assert [s.id for s in search_skills(ml_ladder, "kubernetess", level="L3").skills] == ["kubernetes"]


def test_unrelated_words_and_hostile_text_find_nothing(ml_ladder: Framework) -> None:
    for typed in ("banana", "\x00\x1b[2J", "q" * 100_000):
        found = search_skills(ml_ladder, typed)
        assert found.skills == [] and len(found.query) <= 100 and "\x1b" not in found.query


def test_skill_use_links_prerequisites_both_ways(ml_ladder: Framework) -> None:
    use = skill_use(ml_ladder, "docker")
    assert "linux" in [skill.id for skill in use.prerequisites]
    assert "kubernetes" in [skill.id for skill in use.leads_to]
    assert all("docker" in skill.prerequisites for skill in use.leads_to)
    assert use.typical_level is not None and use.typical_level.id == get_skill(ml_ladder, "docker").typical_level


def test_an_unknown_skill_names_the_closest_ids(ml_ladder: Framework) -> None:
    with pytest.raises(UnknownSkill, match=r"no skill 'dockr' \(fix: did you mean 'docker'"):
        get_skill(ml_ladder, "dockr")
    with pytest.raises(UnknownSkill) as raised:
        get_skill(ml_ladder, "z" * 5000)
    assert len(str(raised.value)) < 200
