"""Reading YAML or JSON input files into validated models, or into problems that name file, line and fix.

Framework files and profile files go through the same steps: read the bytes safely, parse them (duplicate keys
are errors), validate against a pydantic model plus cross-field checks, and locate each problem's line. Parsing
is fast on the happy path: values come from the C YAML loader, and the map from field paths to line numbers is
only built when there is a problem to report.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any, TypeVar

import yaml
from pydantic import BaseModel, ValidationError

from mlladder.errors import InvalidFile, Problem
from mlladder.validation_messages import describe_pydantic_error

MAX_INPUT_BYTES = 20 * 1024 * 1024

PathKey = tuple[str, ...]
Loc = tuple[Any, ...]
Found = tuple[Loc, str, str]  # location, message, fix hint
M = TypeVar("M", bound=BaseModel)

try:  # The C loader is ~10x faster; fall back to pure Python where libyaml is missing.
    _BaseLoader: type[yaml.SafeLoader] = yaml.CSafeLoader  # type: ignore[assignment]
except AttributeError:  # pragma: no cover - depends on how PyYAML was built
    _BaseLoader = yaml.SafeLoader


class _Loader(_BaseLoader):  # type: ignore[valid-type,misc]
    """Safe loader that records duplicate keys instead of silently keeping the last one."""

    def __init__(self, stream: str) -> None:
        super().__init__(stream)
        self.duplicates: list[tuple[int, str]] = []

    def construct_mapping(self, node: yaml.MappingNode, deep: bool = False) -> dict[Any, Any]:
        seen: set[Any] = set()
        for key_node, _ in node.value:
            key = self.construct_object(key_node, deep=True)
            if not isinstance(key, (str, int, float, bool)):
                continue
            if key in seen:
                self.duplicates.append((key_node.start_mark.line + 1, str(key)))
            seen.add(key)
        return super().construct_mapping(node, deep=deep)  # type: ignore[no-any-return]


_Loader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _Loader.construct_mapping)


def read_text_file(
    path: Path,
    what: str,
    fix_empty: str,
    max_bytes: int = MAX_INPUT_BYTES,
    error: type[InvalidFile] = InvalidFile,
) -> str:
    """Read a text file; every way it can fail becomes one clear ``error`` (``unreadable`` if not text at all)."""
    name = str(path)

    def unreadable(message: str, hint: str) -> InvalidFile:
        return error([Problem(name, None, "", message, hint)], unreadable=True)

    try:
        size = path.stat().st_size
    except FileNotFoundError:
        raise unreadable(f"{what} not found", "check the path") from None
    except OSError as failure:
        raise unreadable(f"cannot read {what}: {failure.strerror}", "check the path and its permissions") from None
    if path.is_dir():
        raise unreadable(f"{what} is a directory", "give the path of a YAML or JSON file")
    if size > max_bytes:
        raise unreadable(f"{what} is {size} bytes, over the {max_bytes}-byte limit", "split or shrink the file")
    data = path.read_bytes()
    if not data.strip():
        raise error([Problem(name, None, "", f"{what} is empty", fix_empty)])
    if b"\x00" in data:
        raise unreadable(f"{what} is binary, not text", "give a YAML or JSON text file")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as failure:
        raise unreadable(f"{what} is not UTF-8 text (bad byte at offset {failure.start})", "save it as UTF-8") from None


def _looks_like_json(path: Path, text: str) -> bool:
    if path.suffix.lower() == ".json":
        return True
    if path.suffix.lower() in {".yaml", ".yml"}:
        return False
    return text.lstrip().startswith("{")


def parse_document(path: Path, text: str, error: type[InvalidFile] = InvalidFile) -> Any:
    """Parse YAML or JSON text; syntax errors and duplicate keys become problems with line numbers."""
    name = str(path)
    if _looks_like_json(path, text):
        return _parse_json(name, text, error)
    loader = _Loader(text)
    try:
        data = loader.get_single_data()
    except yaml.MarkedYAMLError as failure:
        mark = failure.problem_mark
        line = mark.line + 1 if mark is not None else None
        message = f"YAML syntax error: {failure.problem}" if failure.problem else "YAML syntax error"
        raise error([Problem(name, line, "", message, "check indentation and quoting around this line")]) from None
    except yaml.YAMLError as failure:
        raise error([Problem(name, None, "", f"YAML error: {failure}", "check the file")]) from None
    finally:
        loader.dispose()
    if loader.duplicates:
        raise error(
            [
                Problem(name, line, key, f"duplicate key '{key}'", "keep only one entry with this key")
                for line, key in loader.duplicates
            ]
        )
    return data


def _parse_json(name: str, text: str, error: type[InvalidFile]) -> Any:
    duplicates: list[str] = []

    def pairs(items: list[tuple[str, Any]]) -> dict[str, Any]:
        result: dict[str, Any] = {}
        for key, value in items:
            if key in result:
                duplicates.append(key)
            result[key] = value
        return result

    try:
        data = json.loads(text, object_pairs_hook=pairs)
    except json.JSONDecodeError as failure:
        problem = Problem(name, failure.lineno, "", f"JSON syntax error: {failure.msg}", "fix the JSON syntax here")
        raise error([problem]) from None
    if duplicates:
        index = line_index(text)
        raise error(
            [
                Problem(name, _first_line_of_key(index, key), key, f"duplicate key '{key}'", "keep only one")
                for key in duplicates
            ]
        )
    return data


def _first_line_of_key(index: dict[PathKey, int], key: str) -> int | None:
    lines = [line for path, line in index.items() if path and path[-1] == key]
    return min(lines) if lines else None


def line_index(text: str) -> dict[PathKey, int]:
    """Map every field path in a YAML/JSON document to its 1-based line (best effort: {} if it won't compose)."""
    try:
        root = yaml.compose(text, Loader=_BaseLoader)
    except yaml.YAMLError:
        return {}
    index: dict[PathKey, int] = {}
    if root is not None:
        for path, node in _walk(root, ()):
            index.setdefault(path, node.start_mark.line + 1)
    return index


def _walk(node: yaml.Node, path: PathKey) -> Iterator[tuple[PathKey, yaml.Node]]:
    yield path, node
    if isinstance(node, yaml.MappingNode):
        for key_node, value_node in node.value:
            child = (*path, str(key_node.value))
            yield child, key_node
            yield from _walk(value_node, child)
    elif isinstance(node, yaml.SequenceNode):
        for position, item in enumerate(node.value):
            yield from _walk(item, (*path, str(position)))


def locate(index: dict[PathKey, int], path: Loc) -> int | None:
    """Line of the deepest part of ``path`` that exists in the document."""
    key = tuple(str(part) for part in path)
    while key:
        if key in index:
            return index[key]
        key = key[:-1]
    return index.get(())


def dotted(loc: Loc) -> str:
    """('levels', 1, 'title') -> 'levels[1].title'."""
    text = ""
    for part in loc:
        text += f"[{part}]" if isinstance(part, int) else (f".{part}" if text else str(part))
    return text


def validate_document(
    data: Any,
    model: type[M],
    name: str,
    text: str | None,
    checks: Callable[[dict[str, Any], M | None], list[Found]],
    top_level_hint: str,
) -> tuple[M | None, list[Problem]]:
    """Validate parsed data against ``model`` and ``checks``: every problem, each with its line, sorted by line.

    ``checks`` runs even when the structure is broken (it then gets ``None``), so that a user sees every problem
    of a file at once.
    """
    if not isinstance(data, dict):
        kind = type(data).__name__ if data is not None else "nothing"
        return None, [Problem(name, 1, "", f"the top level is {kind}, not a mapping", top_level_hint)]
    found: list[Found] = []
    validated: M | None = None
    try:
        validated = model.model_validate(data)
    except ValidationError as failure:
        found.extend(describe_pydantic_error(detail, model) for detail in failure.errors(include_url=False))
    found.extend(checks(data, validated))
    if not found:
        return validated, []
    index = line_index(text) if text is not None else {}
    problems = [Problem(name, locate(index, loc), dotted(loc), message, hint) for loc, message, hint in _unique(found)]
    problems.sort(key=lambda problem: (problem.line or 0, problem.path))
    return None, problems


def _unique(found: list[Found]) -> list[Found]:
    seen: set[tuple[str, str]] = set()
    result = []
    for loc, message, hint in found:
        key = (dotted(loc), message)
        if key not in seen:
            seen.add(key)
            result.append((loc, message, hint))
    return result


def load_document(
    path: Path,
    model: type[M],
    what: str,
    checks: Callable[[dict[str, Any], M | None], list[Found]],
    fix_empty: str,
    top_level_hint: str,
    error: type[InvalidFile] = InvalidFile,
) -> M:
    """Read, parse and validate one input file; raise ``error`` listing every problem."""
    text = read_text_file(path, what, fix_empty, error=error)
    data = parse_document(path, text, error)
    validated, problems = validate_document(data, model, str(path), text, checks, top_level_hint)
    if problems or validated is None:
        raise error(problems)
    return validated
