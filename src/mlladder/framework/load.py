"""Reading framework files (YAML or JSON) into a validated :class:`Framework`, or a list of problems.

Parsing is fast on the happy path: values come from the C YAML loader, and the map from field paths to line
numbers is only built when there is a problem to report.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Any

import yaml
from pydantic import ValidationError

from mlladder.errors import FrameworkError, Problem, UnknownFramework, UnreadableFile
from mlladder.framework.schema import Framework
from mlladder.framework.validate import check_framework
from mlladder.framework.yaml_errors import describe_pydantic_error

MAX_FRAMEWORK_BYTES = 20 * 1024 * 1024
BUILTIN_PACKAGE = "mlladder.framework.builtin"

PathKey = tuple[str, ...]

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


def read_text_file(path: Path, what: str = "file", max_bytes: int = MAX_FRAMEWORK_BYTES) -> str:
    """Read a small text file, turning every way it can fail into one clear :class:`FrameworkError`."""
    name = str(path)

    def fail(message: str, hint: str) -> FrameworkError:
        return UnreadableFile([Problem(name, None, "", message, hint)])

    try:
        size = path.stat().st_size
    except FileNotFoundError:
        raise fail(f"{what} not found", "check the path") from None
    except OSError as error:
        raise fail(f"cannot read {what}: {error.strerror}", "check the path and its permissions") from None
    if path.is_dir():
        raise fail(f"{what} is a directory", "give the path of a YAML or JSON file")
    if size > max_bytes:
        raise fail(f"{what} is {size} bytes, over the {max_bytes}-byte limit", "split or shrink the file")
    data = path.read_bytes()
    if not data.strip():
        problem = Problem(
            name, None, "", f"{what} is empty", "write a framework in YAML or JSON (see docs/framework-format.md)"
        )
        raise FrameworkError([problem])
    if b"\x00" in data:
        raise fail(f"{what} is binary, not text", "give a YAML or JSON text file")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise fail(f"{what} is not UTF-8 text (bad byte at offset {error.start})", "save the file as UTF-8") from None


def _looks_like_json(path: Path, text: str) -> bool:
    if path.suffix.lower() == ".json":
        return True
    if path.suffix.lower() in {".yaml", ".yml"}:
        return False
    return text.lstrip().startswith("{")


def parse_document(path: Path, text: str) -> Any:
    """Parse YAML or JSON text; syntax errors and duplicate keys become problems with line numbers."""
    name = str(path)
    if _looks_like_json(path, text):
        return _parse_json(name, text)
    loader = _Loader(text)
    try:
        data = loader.get_single_data()
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark
        line = mark.line + 1 if mark is not None else None
        message = f"YAML syntax error: {error.problem}" if error.problem else "YAML syntax error"
        hint = "check indentation and quoting around this line"
        raise FrameworkError([Problem(name, line, "", message, hint)]) from None
    except yaml.YAMLError as error:
        raise FrameworkError([Problem(name, None, "", f"YAML error: {error}", "check the file")]) from None
    finally:
        loader.dispose()
    if loader.duplicates:
        raise FrameworkError(
            [
                Problem(name, line, key, f"duplicate key '{key}'", "keep only one entry with this key")
                for line, key in loader.duplicates
            ]
        )
    return data


def _parse_json(name: str, text: str) -> Any:
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
    except json.JSONDecodeError as error:
        problem = Problem(name, error.lineno, "", f"JSON syntax error: {error.msg}", "fix the JSON syntax here")
        raise FrameworkError([problem]) from None
    if duplicates:
        index = line_index(text)
        raise FrameworkError(
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


def locate(index: dict[PathKey, int], path: tuple[Any, ...]) -> int | None:
    """Line of the deepest part of ``path`` that exists in the document."""
    key = tuple(str(part) for part in path)
    while key:
        if key in index:
            return index[key]
        key = key[:-1]
    return index.get(())


def framework_problems(data: Any, name: str, text: str | None = None) -> tuple[Framework | None, list[Problem]]:
    """Validate parsed data: every structural and cross-reference problem, each with its line."""
    if not isinstance(data, dict):
        kind = type(data).__name__ if data is not None else "nothing"
        problem = Problem(name, 1, "", f"the top level is {kind}, not a mapping", "start with 'schema_version: 1'")
        return None, [problem]
    found: list[tuple[tuple[Any, ...], str, str]] = []
    framework: Framework | None = None
    try:
        framework = Framework.model_validate(data)
    except ValidationError as error:
        for detail in error.errors(include_url=False):
            found.append(describe_pydantic_error(detail))
    found.extend(check_framework(data, framework))
    if not found:
        return framework, []
    index = line_index(text) if text is not None else {}
    problems = [Problem(name, locate(index, loc), _dotted(loc), message, hint) for loc, message, hint in _unique(found)]
    problems.sort(key=lambda problem: (problem.line or 0, problem.path))
    return None, problems


def _unique(found: list[tuple[tuple[Any, ...], str, str]]) -> list[tuple[tuple[Any, ...], str, str]]:
    seen: set[tuple[str, str]] = set()
    result = []
    for loc, message, hint in found:
        key = (_dotted(loc), message)
        if key not in seen:
            seen.add(key)
            result.append((loc, message, hint))
    return result


def _dotted(loc: tuple[Any, ...]) -> str:
    text = ""
    for part in loc:
        text += f"[{part}]" if isinstance(part, int) else (f".{part}" if text else str(part))
    return text


def validate_framework_file(path: str | Path) -> list[Problem]:
    """Every problem in a framework file (empty list = valid); :class:`UnreadableFile` if it cannot be read."""
    try:
        _load(Path(path))
    except UnreadableFile:
        raise
    except FrameworkError as error:
        return error.problems
    return []


def load_framework(path: str | Path) -> Framework:
    """Load and validate a framework file; raise :class:`FrameworkError` listing every problem."""
    return _load(Path(path))


def _load(path: Path) -> Framework:
    text = read_text_file(path, "framework file")
    data = parse_document(path, text)
    framework, problems = framework_problems(data, str(path), text)
    if problems or framework is None:
        raise FrameworkError(problems)
    return framework


def builtin_framework_ids() -> list[str]:
    """Ids of the frameworks that ship with mlladder."""
    folder = resources.files(BUILTIN_PACKAGE)
    return sorted(item.name.removesuffix(".yaml") for item in folder.iterdir() if item.name.endswith(".yaml"))


@lru_cache(maxsize=8)
def builtin_framework(framework_id: str = "ml-engineer") -> Framework:
    """A built-in framework by id (e.g. ``"ml-engineer"``); parsed once per process."""
    if framework_id not in builtin_framework_ids():
        known = ", ".join(builtin_framework_ids())
        raise UnknownFramework(f"no built-in framework '{framework_id}' (built-in: {known})")
    resource = resources.files(BUILTIN_PACKAGE) / f"{framework_id}.yaml"
    with resources.as_file(resource) as path:
        return _load(path)


def framework_from_option(value: str | None) -> Framework:
    """Resolve a ``--framework`` value: a built-in id, a file path, or ``None`` for the default ladder."""
    if value is None:
        return builtin_framework()
    if value in builtin_framework_ids() and not Path(value).exists():
        return builtin_framework(value)
    return load_framework(value)
