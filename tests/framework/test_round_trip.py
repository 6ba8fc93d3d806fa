"""YAML and JSON exports load back to the very same model, whatever text the framework holds."""

from __future__ import annotations

from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from mlladder import Framework, load_framework
from mlladder.framework.render import to_json, to_yaml
from tests.conftest import EXAMPLE_FRAMEWORK


def test_builtin_round_trips_through_yaml_and_json(ml_ladder: Framework, tmp_path: Path) -> None:
    for name, text in (("ladder.yaml", to_yaml(ml_ladder)), ("ladder.json", to_json(ml_ladder))):
        path = tmp_path / name
        path.write_text(text, encoding="utf-8")
        assert load_framework(path) == ml_ladder


def test_example_round_trips_and_exports_stay_compact(tmp_path: Path) -> None:
    original = load_framework(EXAMPLE_FRAMEWORK)
    text = to_yaml(original)
    assert "100000.0" not in text and "min: 60000" in text  # whole numbers stay whole
    assert "alternative_titles: []" not in text  # defaults are left out
    path = tmp_path / "again.yaml"
    path.write_text(text, encoding="utf-8")
    assert load_framework(path) == original


# Text that YAML likes to reinterpret: booleans, numbers, dates, comments, flow characters, unicode.
tricky_text = st.one_of(
    st.sampled_from(["yes", "no", "on", "null", "~", "1.0", "2026-01-01", "# not a comment", "a: b", "[x]", "{y}"]),
    st.text(alphabet=st.characters(blacklist_categories=("Cs", "Cc")), min_size=1, max_size=40),
).filter(lambda text: text.strip() == text and text != "")


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(summary=tricky_text, alias=tricky_text, activity=tricky_text)
def test_any_text_survives_a_round_trip(tmp_path: Path, summary: str, alias: str, activity: str) -> None:
    original = load_framework(EXAMPLE_FRAMEWORK)
    level = original.levels[0].model_copy(
        update={
            "summary": summary,
            "time_allocation": [
                original.levels[0].time_allocation[0].model_copy(update={"activities": {activity: 100.0}})
            ],
        }
    )
    skill = original.skills[0].model_copy(update={"aliases": [alias]})
    changed = original.model_copy(
        update={"levels": [level, *original.levels[1:]], "skills": [skill, *original.skills[1:]]}
    )
    for name, text in (("f.yaml", to_yaml(changed)), ("f.json", to_json(changed))):
        path = tmp_path / name
        path.write_text(text, encoding="utf-8")
        assert load_framework(path) == changed
