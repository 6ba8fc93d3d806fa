"""Per-framework caches of derived data (lookup tables, model matrices), built once and reused.

Frameworks are immutable, so anything computed from one stays valid while that object lives. Entries are keyed
by object identity and keep the framework alive, so an id is never reused for another framework while cached.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable
from typing import Any, TypeVar

from mlladder.framework.schema import Framework

__all__ = ["derived"]

T = TypeVar("T")
_MAX_ENTRIES = 64
_cache: dict[tuple[int, Hashable], tuple[Framework, Any]] = {}


def derived(framework: Framework, key: Hashable, build: Callable[[], T]) -> T:
    """``build()`` once per framework object and ``key``; later calls return the same value."""
    entry = _cache.get((id(framework), key))
    if entry is not None and entry[0] is framework:
        value: T = entry[1]
        return value
    if len(_cache) >= _MAX_ENTRIES:
        _cache.clear()
    value = build()
    _cache[(id(framework), key)] = (framework, value)
    return value
