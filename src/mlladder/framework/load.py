"""Loading framework files (YAML or JSON) into a validated :class:`Framework`, and the built-in frameworks."""

from __future__ import annotations

from functools import lru_cache
from importlib import resources
from pathlib import Path

from mlladder.documents import load_document
from mlladder.errors import FrameworkError, Problem, UnknownFramework
from mlladder.framework.schema import Framework
from mlladder.framework.validate import check_framework

__all__ = [
    "builtin_framework",
    "builtin_framework_ids",
    "framework_from_option",
    "load_framework",
    "validate_framework_file",
]

BUILTIN_PACKAGE = "mlladder.framework.builtin"
_FIX_EMPTY = "write a framework in YAML or JSON (see docs/framework-format.md)"


def _load(path: Path) -> Framework:
    return load_document(
        path,
        Framework,
        "framework file",
        check_framework,
        fix_empty=_FIX_EMPTY,
        top_level_hint="start with 'schema_version: 1'",
        error=FrameworkError,
    )


def load_framework(path: str | Path) -> Framework:
    """Load and validate a framework file; raise :class:`FrameworkError` listing every problem."""
    return _load(Path(path))


def validate_framework_file(path: str | Path) -> list[Problem]:
    """Every problem in a framework file (empty list = valid); raises :class:`FrameworkError` if unreadable."""
    try:
        _load(Path(path))
    except FrameworkError as error:
        if error.unreadable:
            raise
        return error.problems
    return []


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
