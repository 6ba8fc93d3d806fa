"""The optional extra the market analysis needs (DuckDB and PyArrow), loaded on first use with an install hint.

``pip install 'mlladder[market]'`` brings both; without them every other command works, and a market command
says in one line what to install.
"""

from __future__ import annotations

import importlib
from types import ModuleType

from mlladder.errors import InputError

__all__ = [
    "EXTRA_MISSING",
    "MissingExtra",
    "compute_module",
    "duckdb_module",
    "parquet_module",
    "pyarrow_module",
]

EXTRA_MISSING = "the market analysis needs DuckDB and PyArrow (fix: pip install 'mlladder[market]')"


class MissingExtra(InputError):
    """An optional dependency of the market analysis is not installed."""


def _load(name: str) -> ModuleType:
    try:
        return importlib.import_module(name)
    except ImportError:
        raise MissingExtra(EXTRA_MISSING) from None


def pyarrow_module() -> ModuleType:
    """``pyarrow``, or :class:`MissingExtra` with the install hint."""
    return _load("pyarrow")


def parquet_module() -> ModuleType:
    """``pyarrow.parquet``, or :class:`MissingExtra` with the install hint."""
    return _load("pyarrow.parquet")


def duckdb_module() -> ModuleType:
    """``duckdb``, or :class:`MissingExtra` with the install hint."""
    return _load("duckdb")


def compute_module() -> ModuleType:
    """``pyarrow.compute``, or :class:`MissingExtra` with the install hint."""
    return _load("pyarrow.compute")
