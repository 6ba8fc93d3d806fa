"""What the built-in ml-engineer ladder must contain, and that it is written in its own words."""

from __future__ import annotations

import itertools
import re
from collections import Counter
from collections.abc import Iterator
from typing import Any

import pytest

from mlladder import Framework, builtin_framework, builtin_framework_ids, ic_levels
from mlladder.errors import UnknownFramework
from mlladder.framework.ladder import belongs_to, placed_competencies
from mlladder.framework.validate import check_framework
from tests.conftest import SEEDS, SEEDS_MISSING

EDITORIAL = "mlladder-editorial"


def test_builtin_ids() -> None:
    assert "ml-engineer" in builtin_framework_ids()
    with pytest.raises(UnknownFramework, match="no built-in framework 'nope'"):
        builtin_framework("nope")


def test_levels_and_tracks(ml_ladder: Framework) -> None:
    assert [level.id for level in ic_levels(ml_ladder)] == ["L1", "L2", "L3", "L4", "L5"]
    titles = {level.id: level.title for level in ml_ladder.levels}
    assert titles["L1"].startswith("Junior") and titles["L3"].startswith("Senior")
    assert titles["L4"].startswith("Staff") and titles["L5"].startswith("Principal")
    assert titles["A1"] == "ML Architect / Head of AI"
    management = [level.title for level in ml_ladder.levels if level.track == "management"]
    assert [title.split()[0] for title in management] == ["Engineering", "Director", "VP"]
    assert {track.id: track.branches_from for track in ml_ladder.tracks}["management"] == "L3"


def test_competencies_cover_what_the_articles_name(ml_ladder: Framework) -> None:
    ids = {competency.id for competency in ml_ladder.competencies}
    assert len(ids) >= 10
    assert {
        "ml-fundamentals",
        "deep-learning",
        "data-engineering",
        "mlops",
        "system-design",
        "performance",
        "software-engineering",
        "communication",
        "leadership",
        "business-impact",
    } <= ids
    for competency in ml_ladder.competencies:
        assert sorted(competency.scale) == [0, 1, 2, 3, 4]
        levels = {level.id for level in ml_ladder.levels if belongs_to(competency, level.track)}
        assert levels == set(competency.expectations)


def test_adjacent_ic_levels_differ(ml_ladder: Framework) -> None:
    """Placement needs distinct expectation profiles for neighbouring levels."""
    levels = [level.id for level in ic_levels(ml_ladder)]
    for lower, higher in itertools.pairwise(levels):
        changed = [
            c.id
            for c in placed_competencies(ml_ladder)
            if c.expectations[higher].proficiency > c.expectations[lower].proficiency
        ]
        assert len(changed) >= 2, f"{lower}->{higher}"


def test_skills_taxonomy(ml_ladder: Framework) -> None:
    assert len(ml_ladder.skills) >= 300
    assert sum(len(skill.aliases) for skill in ml_ladder.skills) >= 300
    by_category = Counter(skill.category for skill in ml_ladder.skills)
    assert len(by_category) >= 15
    names = {skill.name.casefold() for skill in ml_ladder.skills}
    for named_in_articles in ("python", "pytorch", "tensorflow", "scikit-learn", "kubernetes", "mlflow", "kubeflow"):
        assert named_in_articles in names
    assert any(skill.prerequisites for skill in ml_ladder.skills)


def test_salary_bands_cover_every_ic_level(ml_ladder: Framework) -> None:
    levels_with_pay = {band.level for band in ml_ladder.salary_bands}
    assert {"L1", "L2", "L3", "L4", "L5", "A1"} <= levels_with_pay
    assert all(band.source != EDITORIAL for band in ml_ladder.salary_bands)


def test_interview_questions_and_projects_per_level(ml_ladder: Framework) -> None:
    questions = Counter(question.level for question in ml_ladder.interview_questions)
    projects = Counter(project.level for project in ml_ladder.portfolio_projects)
    for level in ml_ladder.levels:
        assert questions[level.id] >= 8, level.id
        assert projects[level.id] >= 2, level.id
    assert all(len(question.strong_answer) >= 2 for question in ml_ladder.interview_questions)


def test_guidance_sections_are_present(ml_ladder: Framework) -> None:
    assert {challenge.level for challenge in ml_ladder.challenges} >= {"L1", "L2"}
    assert ml_ladder.track_choice is not None and set(ml_ladder.track_choice.paths) >= {"ic", "management"}
    assert ml_ladder.switching is not None and ml_ladder.switching.when_to_switch and ml_ladder.switching.when_to_stay
    kinds = Counter(item.kind for item in ml_ladder.accelerators)
    assert kinds["accelerator"] >= 5 and kinds["slower"] >= 5
    with_allocation = [level.id for level in ml_ladder.levels if level.time_allocation]
    assert with_allocation == ["L1", "L2", "L3", "L4", "L5"]


def _facts(node: Any, path: str = "") -> Iterator[tuple[str, Any]]:
    """Every mapping in the document that is a fact: it has a 'sources' key or should have one."""
    if isinstance(node, dict):
        yield path, node
        for key, value in node.items():
            yield from _facts(value, f"{path}.{key}")
    elif isinstance(node, list):
        for index, value in enumerate(node):
            yield from _facts(value, f"{path}[{index}]")


def test_every_fact_names_its_sources(ml_ladder: Framework) -> None:
    document = ml_ladder.model_dump(mode="json")
    fact_lists = (
        "levels",
        "competencies",
        "salary_bands",
        "portfolio_projects",
        "interview_questions",
        "challenges",
        "accelerators",
    )
    missing = []
    for name in fact_lists:
        for index, item in enumerate(document[name]):
            if not (item.get("sources") or item.get("source")):
                missing.append(f"{name}[{index}]")
    sourced_shapes = ({"text", "sources"}, {"min_years", "sources"}, {"min", "sources"})
    for path, node in _facts(document):
        if any(shape <= set(node) for shape in sourced_shapes) and not node["sources"]:
            missing.append(path)
    for level in document["levels"]:
        for span in level["years"]:
            assert span["sources"] and EDITORIAL not in span["sources"], "year ranges are figures from articles"
    assert missing == []


def test_builtin_passes_its_own_validation(ml_ladder: Framework) -> None:
    assert check_framework(ml_ladder.model_dump(mode="json"), ml_ladder) == []


def _words(text: str) -> list[str]:
    return re.findall(r"[a-z0-9+#/']+", text.lower())


def _strings(node: Any) -> Iterator[str]:
    if isinstance(node, str):
        yield node
    elif isinstance(node, dict):
        for value in node.values():
            yield from _strings(value)
    elif isinstance(node, list):
        for value in node:
            yield from _strings(value)


RUN = 8  # a run of this many words shared with an article counts as copied prose


@pytest.mark.skipif(SEEDS_MISSING, reason=f"source articles not found at {SEEDS}")
def test_text_is_in_our_own_words(ml_ladder: Framework) -> None:
    seed_runs: set[tuple[str, ...]] = set()
    for seed in SEEDS.glob("*.txt"):
        words = _words(seed.read_text(encoding="utf-8"))
        seed_runs.update(tuple(words[i : i + RUN]) for i in range(len(words) - RUN + 1))
    copied = []
    for text in _strings(ml_ladder.model_dump(mode="json", exclude={"skills", "sources"})):
        words = _words(text)
        if any(tuple(words[i : i + RUN]) in seed_runs for i in range(len(words) - RUN + 1)):
            copied.append(text)
    assert copied == []
