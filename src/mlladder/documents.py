"""Reading YAML or JSON input files into validated models, or into problems that name file, line and fix.

Framework files and profile files go through the same steps: read the bytes safely, parse them (duplicate keys
are errors), validate against a pydantic model plus cross-field checks, and locate each problem's line. Parsing
is fast on the happy path: values come from the C YAML loader, and the map from field paths to line numbers is
only built when there is a problem to report.
"""

from __future__ import annotations

import json
import math
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any, TypeVar

import yaml
from pydantic import BaseModel, ValidationError

from mlladder.errors import InvalidFile, Problem
from mlladder.files import Unreadable, read_limited
from mlladder.limits import MAX_FILE_BYTES, MAX_NESTING_DEPTH, MAX_NUMBER_CHARS, MAX_YAML_NODES, clean_text
from mlladder.validation_messages import describe_pydantic_error, key_text

__all__ = [
    "Found",
    "LimitExceeded",
    "Loc",
    "cleaned",
    "dotted",
    "load_document",
    "parse_document",
    "parse_json",
    "read_text_file",
    "validate_document",
]

PathKey = tuple[str, ...]
Loc = tuple[Any, ...]
Found = tuple[Loc, str, str]  # location, message, fix hint
M = TypeVar("M", bound=BaseModel)

try:  # The C loader is ~10x faster; fall back to pure Python where libyaml is missing.
    _BaseLoader: type[yaml.SafeLoader] = yaml.CSafeLoader  # type: ignore[assignment]
except AttributeError:  # pragma: no cover - depends on how PyYAML was built
    _BaseLoader = yaml.SafeLoader


class _Loader(_BaseLoader):  # type: ignore[valid-type,misc]
    """Safe loader that records duplicate keys instead of silently keeping the last one, and reports an impossible
    date ("2024-02-30") at its line instead of failing with Python's ValueError."""

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

    def construct_yaml_timestamp(self, node: yaml.ScalarNode) -> Any:
        try:
            return super().construct_yaml_timestamp(node)
        except (ValueError, OverflowError) as failure:
            message = f"'{node.value}' is not a valid date ({failure})"
            raise _BadValue(message, "write a real date as YYYY-MM-DD", node.start_mark) from None


class _BadValue(yaml.constructor.ConstructorError):
    """A value YAML can parse but not turn into what it looks like (an impossible date)."""

    def __init__(self, message: str, hint: str, mark: yaml.Mark) -> None:
        super().__init__(None, None, message, mark)
        self.hint = hint


_Loader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _Loader.construct_mapping)
_Loader.add_constructor("tag:yaml.org,2002:timestamp", _Loader.construct_yaml_timestamp)
_NUMBER_TAGS = frozenset({"tag:yaml.org,2002:int", "tag:yaml.org,2002:float"})


class LimitExceeded(ValueError):
    """Content within the size limit that breaks another limit (nesting, a number's length, aliases);
    ``literal`` is the offending text when there is one, to find its line."""

    def __init__(self, line: int | None, message: str, hint: str, literal: str = "") -> None:
        super().__init__(f"{message} (fix: {hint})")
        self.line, self.message, self.hint, self.literal = line, message, hint, literal


def read_text_file(
    path: Path,
    what: str,
    fix_empty: str,
    max_bytes: int = MAX_FILE_BYTES,
    error: type[InvalidFile] = InvalidFile,
) -> str:
    """Read a text file; every way it can fail becomes one clear ``error`` (``unreadable`` if not text at all)."""
    name = str(path)

    def unreadable(message: str, hint: str) -> InvalidFile:
        return error([Problem(name, None, "", message, hint)], unreadable=True)

    try:
        data = read_limited(path, max_bytes)
    except Unreadable as failure:
        hint = "give the path of a YAML or JSON file" if failure.message == "is a folder" else failure.hint
        raise unreadable(f"{what} {failure.message}", hint) from None
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
    """Parse YAML or JSON text within the limits of :mod:`mlladder.limits`; syntax errors, duplicate keys and
    broken limits become problems with line numbers. Control characters are dropped from every string."""
    name = str(path)
    text = clean_text(text)  # raw control characters: YAML refuses them, and no value needs them
    try:
        data = _parse_json(name, text, error) if _looks_like_json(path, text) else _parse_yaml(name, text, error)
    except LimitExceeded as failure:
        line = failure.line or _line_of(text, failure.literal)
        raise error([Problem(name, line, "", failure.message, failure.hint)]) from None
    return cleaned(data)


def _line_of(text: str, literal: str) -> int | None:
    found = text.find(literal) if literal else -1
    return text.count("\n", 0, found) + 1 if found >= 0 else None


def _parse_yaml(name: str, text: str, error: type[InvalidFile]) -> Any:
    loader = _Loader(text)
    try:
        node = loader.get_single_node()
        if node is None:
            return None
        _check_yaml_limits(node)  # before construction: the checks follow shared (aliased) values only once
        data = loader.construct_document(node)
    except yaml.MarkedYAMLError as failure:
        mark = failure.problem_mark
        line = mark.line + 1 if mark is not None else None
        if isinstance(failure, _BadValue):
            raise error([Problem(name, line, "", str(failure.problem), failure.hint)]) from None
        message = f"YAML syntax error: {failure.problem}" if failure.problem else "YAML syntax error"
        raise error([Problem(name, line, "", message, "check indentation and quoting around this line")]) from None
    except yaml.YAMLError as failure:
        message = " ".join(f"YAML error: {failure}".split())  # PyYAML's own text spans several lines
        raise error([Problem(name, None, "", message, "check the file")]) from None
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


def _check_yaml_limits(root: yaml.Node) -> None:
    """Refuse nesting deeper than ``MAX_NESTING_DEPTH``, numbers longer than ``MAX_NUMBER_CHARS`` and more than
    ``MAX_YAML_NODES`` values once aliases are expanded (eight nested aliases turn 300 bytes into billions).

    Each distinct node is visited once, so the check is linear in the file even when the expansion is not."""
    sizes: dict[int, int] = {}  # node id -> values under it, aliases expanded
    depths: dict[int, int] = {}  # node id -> levels of nesting under it
    stack: list[tuple[yaml.Node, bool]] = [(root, False)]
    while stack:
        node, children_done = stack.pop()
        if id(node) in sizes:
            continue
        children = _children(node)
        if not children_done:
            _check_scalar(node)
            stack.append((node, True))
            stack.extend((child, False) for child in children if id(child) not in sizes)
            continue
        sizes[id(node)] = 1 + sum(sizes[id(child)] for child in children)
        depths[id(node)] = 1 + max((depths[id(child)] for child in children), default=0)
        line = node.start_mark.line + 1
        if depths[id(node)] > MAX_NESTING_DEPTH + 1:  # +1: a scalar at the bottom is not a level of nesting
            raise LimitExceeded(line, f"nesting deeper than {MAX_NESTING_DEPTH} levels", "flatten the structure")
        if sizes[id(node)] > MAX_YAML_NODES:
            message = f"over {MAX_YAML_NODES:,} values once its aliases (*name) are expanded"
            raise LimitExceeded(line, message, "write the values out instead of repeating aliases of aliases")


def _children(node: yaml.Node) -> list[yaml.Node]:
    if isinstance(node, yaml.MappingNode):
        return [part for pair in node.value for part in pair]
    if isinstance(node, yaml.SequenceNode):
        return list(node.value)
    return []


def _check_scalar(node: yaml.Node) -> None:
    if isinstance(node, yaml.ScalarNode) and node.tag in _NUMBER_TAGS and len(node.value) > MAX_NUMBER_CHARS:
        line = node.start_mark.line + 1
        raise LimitExceeded(line, f"a number of {len(node.value)} characters", f"write at most {MAX_NUMBER_CHARS}")


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
        data = parse_json(text, object_pairs_hook=pairs)
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


def parse_json(text: str | bytes, object_pairs_hook: Callable[[list[tuple[str, Any]]], Any] | None = None) -> Any:
    """``json.loads`` within the limits: no number longer than ``MAX_NUMBER_CHARS``, no NaN or Infinity (not
    JSON, and no JSON reader after us would accept them), nesting at most ``MAX_NESTING_DEPTH``.

    Raises ``json.JSONDecodeError`` for bad syntax and :class:`LimitExceeded` (a ``ValueError``) for a broken limit."""
    try:
        data = json.loads(
            text,
            parse_int=_bounded_int,
            parse_float=_bounded_float,
            parse_constant=_no_constant,
            object_pairs_hook=object_pairs_hook,
        )
    except RecursionError:
        raise LimitExceeded(None, f"nesting deeper than {MAX_NESTING_DEPTH} levels", "flatten the structure") from None
    if _depth(data) > MAX_NESTING_DEPTH:
        raise LimitExceeded(None, f"nesting deeper than {MAX_NESTING_DEPTH} levels", "flatten the structure")
    return data


def _bounded_int(literal: str) -> int:
    if len(literal) > MAX_NUMBER_CHARS:
        raise LimitExceeded(None, f"a number of {len(literal)} digits", f"write at most {MAX_NUMBER_CHARS}", literal)
    return int(literal)


def _bounded_float(literal: str) -> float:
    if len(literal) > MAX_NUMBER_CHARS:
        message = f"a number of {len(literal)} characters"
        raise LimitExceeded(None, message, f"write at most {MAX_NUMBER_CHARS}", literal)
    value = float(literal)
    if not math.isfinite(value):
        raise LimitExceeded(None, f"the number {literal} is too large", "write a smaller number", literal)
    return value


def _no_constant(literal: str) -> Any:
    raise LimitExceeded(None, f"{literal} is not a JSON number", "write a number, or null", literal)


def _depth(data: Any) -> int:
    """Levels of nesting of parsed JSON (which shares nothing), without recursion."""
    deepest = 0
    stack: list[tuple[Any, int]] = [(data, 0)]
    while stack:
        value, depth = stack.pop()
        if isinstance(value, dict | list):
            deepest = max(deepest, depth + 1)
            stack.extend((item, depth + 1) for item in (value.values() if isinstance(value, dict) else value))
    return deepest


def cleaned(data: Any) -> Any:
    """``data`` with control characters dropped from every string (in place; each shared value visited once)."""
    if isinstance(data, str):
        return clean_text(data)
    seen: set[int] = set()
    stack = [data]
    while stack:
        value = stack.pop()
        if not isinstance(value, dict | list) or id(value) in seen:
            continue
        seen.add(id(value))
        keys = value.keys() if isinstance(value, dict) else range(len(value))
        for key in list(keys):
            item = value[key]
            if isinstance(item, str):
                value[key] = clean_text(item)
            else:
                stack.append(item)
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


def _walk(node: yaml.Node, path: PathKey, seen: set[int] | None = None) -> Iterator[tuple[PathKey, yaml.Node]]:
    """Every (path, node) of a document; a value shared by aliases is entered once (its other paths point to the
    alias, which is where a problem there would be fixed anyway)."""
    seen = set() if seen is None else seen
    yield path, node
    if id(node) in seen:
        return
    seen.add(id(node))
    if isinstance(node, yaml.MappingNode):
        for key_node, value_node in node.value:
            child = (*path, str(key_node.value))
            yield child, key_node
            yield from _walk(value_node, child, seen)
    elif isinstance(node, yaml.SequenceNode):
        for position, item in enumerate(node.value):
            yield from _walk(item, (*path, str(position)), seen)


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
        name = key_text(part)
        text += f"[{part}]" if isinstance(part, int) else (f".{name}" if text else name)
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
