"""The public API is exactly what ``mlladder.__all__`` lists, and each name is importable."""

from __future__ import annotations

import inspect

import mlladder

EXPECTED = {
    "builtin_framework",
    "builtin_framework_ids",
    "load_framework",
    "validate_framework_file",
    "Framework",
    "Level",
    "Competency",
    "Skill",
    "SalaryBand",
    "FrameworkError",
    "UnknownLevel",
    "compare_levels",
    "combined_salaries",
    "export_framework",
}


def test_all_lists_the_public_names() -> None:
    assert set(mlladder.__all__) >= EXPECTED
    for name in mlladder.__all__:
        assert hasattr(mlladder, name), name
    public = {
        name for name in dir(mlladder) if not name.startswith("_") and not inspect.ismodule(getattr(mlladder, name))
    }
    assert public - {"annotations"} <= set(mlladder.__all__)


def test_error_tree() -> None:
    assert issubclass(mlladder.FrameworkError, mlladder.InputError)
    assert issubclass(mlladder.FrameworkError, mlladder.InvalidFile)
    assert issubclass(mlladder.ProfileError, mlladder.InvalidFile)
    assert issubclass(mlladder.UnknownLevel, mlladder.InputError)
    assert issubclass(mlladder.InputError, mlladder.MlladderError)
