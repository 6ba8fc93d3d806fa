"""Shared fixtures: real files on disk, the real built-in ladder, the real CLI entry point."""

from __future__ import annotations

import contextlib
import json
import os
import subprocess
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
import yaml

from mlladder import Framework, builtin_framework
from mlladder.cli import main

ROOT = Path(__file__).resolve().parents[1]
EXAMPLE_FRAMEWORK = ROOT / "examples" / "frameworks" / "data-scientist.yaml"
SHARED = Path(os.environ.get("MLLADDER_SHARED", ROOT.parent / "shared"))
SEEDS = SHARED / "seeds"
# Locally the source articles may be absent and their tests skip; in CI they must be there.
SEEDS_MISSING = not SEEDS.is_dir() and os.environ.get("CI") != "true"


@pytest.fixture(scope="session")
def ml_ladder() -> Framework:
    return builtin_framework("ml-engineer")


@pytest.fixture
def example_data() -> dict[str, Any]:
    """The example framework as plain data, a fresh copy for every test to break as it likes."""
    data: dict[str, Any] = yaml.safe_load(EXAMPLE_FRAMEWORK.read_text(encoding="utf-8"))
    return data


WriteFramework = Callable[..., Path]


@pytest.fixture
def write_framework(tmp_path: Path) -> WriteFramework:
    """Write framework data to a real YAML (or JSON) file and return its path."""

    def write(data: Any, name: str = "framework.yaml") -> Path:
        path = tmp_path / name
        if name.endswith(".json"):
            path.write_text(json.dumps(data, indent=2), encoding="utf-8")
        else:
            path.write_text(yaml.safe_dump(data, sort_keys=False), encoding="utf-8")
        return path

    return write


class Result:
    def __init__(self, code: int, out: str, err: str) -> None:
        self.code, self.out, self.err = code, out, err

    def json(self) -> Any:
        return json.loads(self.out)


RunCli = Callable[..., Result]


@pytest.fixture
def run_cli(capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> RunCli:
    """Run the real ``mlladder`` entry point in-process and capture what it prints."""
    monkeypatch.setenv("COLUMNS", "200")

    def run(*args: str) -> Result:
        capsys.readouterr()
        code = main(list(args))
        captured = capsys.readouterr()
        return Result(code, captured.out, captured.err)

    return run


@contextlib.contextmanager
def small_disk(folder: Path, size: str = "1m") -> Iterator[Path]:
    """A real file system of ``size`` (tmpfs) mounted at ``folder``; skips where mounting is not allowed (CI runs
    as root, where it is)."""
    folder.mkdir()
    try:
        mounted = subprocess.run(
            ["mount", "-t", "tmpfs", "-o", f"size={size}", "tmpfs", str(folder)], capture_output=True, check=False
        )
    except FileNotFoundError:
        pytest.skip("cannot mount a small file system here: no mount command")
    if mounted.returncode != 0:
        pytest.skip(f"cannot mount a small file system here: {mounted.stderr.decode().strip()}")
    try:
        yield folder
    finally:
        subprocess.run(["umount", "-l", str(folder)], check=True)


def fill(folder: Path) -> Path:
    """A file that takes every free byte left in ``folder``'s file system."""
    filler = folder / "filler"
    descriptor = os.open(filler, os.O_WRONLY | os.O_CREAT)
    try:
        for size in (64 * 1024, 512, 1):
            with contextlib.suppress(OSError):
                while True:
                    os.write(descriptor, b"x" * size)
    finally:
        os.close(descriptor)
    return filler


@pytest.fixture
def full_folder(tmp_path: Path) -> Iterator[Path]:
    """A real folder on a small file system with no room left."""
    with small_disk(tmp_path / "full") as folder:
        fill(folder)
        yield folder
