"""Fuzzing the loaders: whatever a file holds, loading it gives a model or one clear error, never a crash.

Hypothesis mutates real files (a valid profile, the example framework) at random places with random values of
every type, writes them as YAML or JSON, and also throws raw bytes and text at the readers. Bounded: a few hundred
examples per loader, no deadline per example.
"""

from __future__ import annotations

import copy
import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from mlladder import Framework, load_framework
from mlladder.assess.profile import load_profile
from mlladder.batch_input import json_line
from mlladder.errors import DocumentError, FrameworkError, ProfileError
from mlladder.evidence.extract import extract
from mlladder.evidence.readers import read_document, read_text
from tests.conftest import EXAMPLE_FRAMEWORK, ROOT

PROFILE = yaml.safe_load((ROOT / "examples" / "profiles" / "mid.yaml").read_text(encoding="utf-8"))
FRAMEWORK = yaml.safe_load(EXAMPLE_FRAMEWORK.read_text(encoding="utf-8"))
FUZZ = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])

scalars = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(min_value=-(10**60), max_value=10**60),
    st.floats(allow_nan=True, allow_infinity=True),
    st.text(max_size=30),
    st.dates().map(str),
)
values = st.recursive(
    scalars,
    lambda children: st.one_of(
        st.lists(children, max_size=4), st.dictionaries(st.text(max_size=12), children, max_size=4)
    ),
    max_leaves=12,
)


def paths_of(data: Any, prefix: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    """Every path to a value inside ``data`` (keys and list positions)."""
    found = [prefix]
    if isinstance(data, dict):
        for key, value in data.items():
            found.extend(paths_of(value, (*prefix, key)))
    elif isinstance(data, list):
        for position, value in enumerate(data[:3]):  # the first few items stand for the rest
            found.extend(paths_of(value, (*prefix, position)))
    return found


PROFILE_PATHS = paths_of(PROFILE)[1:]
FRAMEWORK_PATHS = paths_of(FRAMEWORK)[1:]


def replaced(data: Any, path: tuple[Any, ...], value: Any) -> Any:
    changed = copy.deepcopy(data)
    holder = changed
    for part in path[:-1]:
        holder = holder[part]
    holder[path[-1]] = value
    return changed


def write(tmp_path: Path, data: Any, as_json: bool) -> Path:
    if as_json:
        path = tmp_path / "fuzzed.json"
        path.write_text(json.dumps(data, default=str), encoding="utf-8")
    else:
        path = tmp_path / "fuzzed.yaml"
        path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    return path


def assert_one_line(error: Exception) -> None:
    text = str(error)
    assert text and "\n" not in text and "Traceback" not in text


@FUZZ
@given(path=st.sampled_from(PROFILE_PATHS), value=values, as_json=st.booleans())
def test_a_mutated_profile_loads_or_fails_in_one_line(
    tmp_path: Path, ml_ladder: Framework, path: tuple[Any, ...], value: Any, as_json: bool
) -> None:
    try:
        load_profile(write(tmp_path, replaced(PROFILE, path, value), as_json), ml_ladder)
    except ProfileError as error:
        assert_one_line(error)


@FUZZ
@given(path=st.sampled_from(FRAMEWORK_PATHS), value=values, as_json=st.booleans())
def test_a_mutated_framework_loads_or_fails_in_one_line(
    tmp_path: Path, path: tuple[Any, ...], value: Any, as_json: bool
) -> None:
    try:
        load_framework(write(tmp_path, replaced(FRAMEWORK, path, value), as_json))
    except FrameworkError as error:
        assert_one_line(error)
        assert error.problems


@FUZZ
@given(content=st.one_of(st.binary(max_size=400), st.text(max_size=400).map(lambda text: text.encode("utf-8"))))
def test_any_bytes_as_a_profile_framework_or_document(tmp_path: Path, ml_ladder: Framework, content: bytes) -> None:
    loaders: list[tuple[Callable[[Path], object], type[Exception]]] = [
        (lambda path: load_profile(path, ml_ladder), ProfileError),
        (load_framework, FrameworkError),
        (lambda path: extract(read_document(path), ml_ladder), DocumentError),
    ]
    for name in ("any.yaml", "any.json", "any.txt"):
        path = tmp_path / name
        path.write_bytes(content)
        for load, error in loaders:
            try:
                load(path)
            except error as failure:
                assert_one_line(failure)


@FUZZ
@given(text=st.text(max_size=600))
def test_any_text_gives_evidence(ml_ladder: Framework, text: str) -> None:
    evidence = extract(read_text("fuzz.txt", text), ml_ladder)
    for mention in evidence.skills:
        assert mention.citation.sentence == mention.citation.sentence.strip()
        json.dumps(mention.citation.sentence).encode("utf-8")  # always valid UTF-8: no lone surrogates left


@FUZZ
@given(line=st.one_of(st.binary(max_size=300), values.map(lambda value: json.dumps(value).encode("utf-8"))))
def test_any_batch_line_is_read_or_reported(tmp_path: Path, line: bytes) -> None:
    data, problem = json_line(tmp_path / "rows.jsonl", 1, line)
    if problem is not None:
        assert data is None and "\n" not in problem and problem.startswith(f"{tmp_path / 'rows.jsonl'}:1: ")
    else:
        json.dumps(data, allow_nan=False, ensure_ascii=False).encode("utf-8")


def test_a_key_with_a_line_break_is_named_in_one_line(tmp_path: Path, ml_ladder: Framework) -> None:
    """Found by the fuzzer: an unknown key holding a line break (or an escape) was quoted raw, splitting the line."""
    for key in ("\n", "bad\x1bkey", "k" * 500):
        with pytest.raises(ProfileError) as raised:
            load_profile(write(tmp_path, replaced(PROFILE, ("evidence", 0), {key: None}), False), ml_ladder)
        assert_one_line(raised.value)
        assert "unknown key '" in str(raised.value)
