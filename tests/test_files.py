"""Output files: written whole through a temporary file, onto a regular file or a new path only."""

from __future__ import annotations

import os
import stat
from pathlib import Path

import pytest

from mlladder.errors import CannotWrite
from mlladder.files import write_atomically
from tests.conftest import ROOT, RunCli

PROFILE = ROOT / "examples" / "profiles" / "mid.yaml"


def test_a_symbolic_link_is_followed_and_stays_a_link(tmp_path: Path) -> None:
    target = tmp_path / "real.md"
    target.write_text("old", encoding="utf-8")
    link = tmp_path / "link.md"
    link.symlink_to(target)
    write_atomically(link, "new")
    assert link.is_symlink() and link.readlink() == target
    assert target.read_text(encoding="utf-8") == "new"


def test_a_dangling_link_writes_the_file_it_points_to(tmp_path: Path) -> None:
    link = tmp_path / "link.md"
    link.symlink_to(tmp_path / "later.md")
    write_atomically(link, "made")
    assert link.is_symlink() and (tmp_path / "later.md").read_text(encoding="utf-8") == "made"


def test_a_pipe_is_refused_and_stays_a_pipe(tmp_path: Path) -> None:
    pipe = tmp_path / "pipe"
    os.mkfifo(pipe)
    with pytest.raises(CannotWrite, match="is a device or pipe"):
        write_atomically(pipe, "x")
    assert stat.S_ISFIFO(pipe.stat().st_mode)
    assert list(tmp_path.iterdir()) == [pipe]


def test_the_permissions_of_a_replaced_file_are_kept(tmp_path: Path) -> None:
    path = tmp_path / "private.md"
    path.write_text("old", encoding="utf-8")
    path.chmod(0o600)
    write_atomically(path, "new")
    assert stat.S_IMODE(path.stat().st_mode) == 0o600 and path.read_text(encoding="utf-8") == "new"


@pytest.mark.parametrize(
    ("where", "message"),
    [
        ("/dev/full", "/dev/full: is a device or pipe, not a file (fix: give the path of a regular file)"),
        ("/dev/null", "/dev/null: is a device or pipe, not a file"),
        ("/proc/x.html", "/proc/x.html: cannot write: the folder does not take new files; nothing was written"),
    ],
)
def test_devices_and_special_folders_are_refused_with_one_line(run_cli: RunCli, where: str, message: str) -> None:
    before = Path(where).stat().st_mode if Path(where).exists() else None
    result = run_cli("ladder", "export", "-o", where)
    assert result.code == 2 and result.out == ""
    assert result.err.startswith(f"error: {message}") and result.err.count("\n") == 1
    if before is not None:
        assert Path(where).stat().st_mode == before  # still the device it was


def test_a_folder_is_refused_for_every_output_option(run_cli: RunCli, tmp_path: Path) -> None:
    for args in (
        ["ladder", "export", "-o", str(tmp_path)],
        ["report", "--profile", str(PROFILE), "--md", str(tmp_path)],
        ["report", "--profile", str(PROFILE), "--html", str(tmp_path)],
        ["plan", "--profile", str(PROFILE), "--ics", str(tmp_path)],
    ):
        result = run_cli(*args)
        assert result.code == 2, args
        assert result.err == f"error: {tmp_path}: is a folder (fix: add a file name to the path)\n"
    assert list(tmp_path.iterdir()) == []


def test_a_full_disk_leaves_the_old_file_and_no_temporary_file(run_cli: RunCli, full_folder: Path) -> None:
    existing = full_folder / "report.html"
    existing.write_bytes(b"")  # an empty file fits even in a full file system
    for args in (
        ["report", "--profile", str(PROFILE), "--html", str(existing)],
        ["ladder", "export", "--format", "html", "-o", str(full_folder / "ladder.html")],
    ):
        result = run_cli(*args)
        assert result.code == 2, result.err
        assert "cannot write: the disk is full; nothing was written (fix: free some space" in result.err
        assert result.err.count("\n") == 1
    assert existing.read_bytes() == b""
    assert sorted(path.name for path in full_folder.iterdir()) == ["filler", "report.html"]
