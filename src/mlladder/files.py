"""Reading and writing files safely: only regular files, never more than a limit, and whole or not at all."""

from __future__ import annotations

import errno
import os
import stat
import tempfile
from collections.abc import Iterator
from pathlib import Path

from mlladder.errors import CannotWrite

__all__ = ["Unreadable", "lines_of", "read_limited", "regular_file", "size_text", "write_atomically"]


class Unreadable(Exception):
    """A file cannot be read. ``message`` completes a sentence about it ("not found", "is a folder") and
    ``hint`` says how to fix it: callers put the kind of file in front ("profile file not found") and raise
    their own error."""

    def __init__(self, message: str, hint: str) -> None:
        super().__init__(message, hint)
        self.message, self.hint = message, hint


def regular_file(path: Path) -> os.stat_result:
    """The file's status, once it is known to be a regular file: a folder, a pipe or a device is refused before
    anything opens it (a pipe would block, a device never end)."""
    try:
        info = path.stat()
    except FileNotFoundError:
        raise Unreadable("not found", "check the path") from None
    except OSError as failure:
        raise Unreadable(f"cannot be read: {failure.strerror}", "check the path and its permissions") from None
    if stat.S_ISDIR(info.st_mode):
        raise Unreadable("is a folder", "give the path of a file inside it")
    if not stat.S_ISREG(info.st_mode):
        raise Unreadable("is a pipe or a device, not a regular file", "save the content to a file first")
    return info


def read_limited(path: Path, max_bytes: int) -> bytes:
    """A regular file's bytes, refused when over ``max_bytes`` (checked before reading, and while reading in case
    the file grows)."""
    info = regular_file(path)
    if info.st_size > max_bytes:
        raise Unreadable(f"is {size_text(info.st_size)}, over the {size_text(max_bytes)} limit", "give a smaller file")
    try:
        with path.open("rb") as stream:
            data = stream.read(max_bytes + 1)
    except OSError as failure:
        raise Unreadable(f"cannot be read: {failure.strerror}", "check its permissions") from None
    if len(data) > max_bytes:
        raise Unreadable(f"is over the {size_text(max_bytes)} limit", "give a smaller file")
    return data


def lines_of(
    path: Path, max_line_bytes: int, start: int = 0, end: int | None = None, first: int = 1
) -> Iterator[tuple[int, bytes | None, int]]:
    """Each line of a regular file as (number, bytes, size); a line over ``max_line_bytes`` comes as
    (number, None, size): its bytes are skipped in chunks, never held, so memory stays bounded per line.

    ``start`` and ``end`` (byte offsets at line starts) read one slice of the file, whose first line is number
    ``first``: a slice can be read on its own, by another process, without reading the lines before it."""
    regular_file(path)
    try:
        stream = path.open("rb")
    except OSError as failure:
        raise Unreadable(f"cannot be read: {failure.strerror}", "check its permissions") from None
    with stream:
        stream.seek(start)
        number = first - 1
        while (end is None or stream.tell() < end) and (line := stream.readline(max_line_bytes + 1)):
            number += 1
            if len(line) <= max_line_bytes or line.endswith(b"\n"):
                yield number, line, len(line)
                continue
            size = len(line)
            while line and not line.endswith(b"\n"):
                line = stream.readline(_SKIP_CHUNK)
                size += len(line)
            yield number, None, size


_SKIP_CHUNK = 1024 * 1024


def size_text(count: int) -> str:
    """A byte count as people say it: 312 bytes, 40 KB, 1.5 MB."""
    if count >= 1024 * 1024:
        return f"{count / (1024 * 1024):.1f} MB"
    return f"{count / 1024:.0f} KB" if count >= 1024 else f"{count} bytes"


def write_atomically(path: Path, content: str | bytes) -> None:
    """Write a whole file or nothing: a crash or a full disk mid-write never leaves a half-written file behind.

    The data goes to a temporary file in the target's folder, is flushed to disk, then renamed onto the target (a
    rename within one folder is atomic). The target is a new path or an existing regular file; a symbolic link is
    followed, so the file it points to is written and the link stays. A folder, a device or a pipe is refused
    rather than replaced. Every failure raises :class:`CannotWrite` with one line.
    """
    requested = Path(path).expanduser()
    target = _target_of(requested)
    data = content.encode("utf-8") if isinstance(content, str) else content
    try:
        handle, temporary = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.", suffix=".tmp")
    except OSError as failure:
        raise _cannot_write(requested, failure) from None
    try:
        os.fchmod(handle, _mode_for(target))
        with os.fdopen(handle, "wb") as stream:
            stream.write(data)
            stream.flush()
            os.fsync(stream.fileno())
        Path(temporary).replace(target)
    except OSError as failure:
        Path(temporary).unlink(missing_ok=True)
        raise _cannot_write(requested, failure) from None
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def _target_of(path: Path) -> Path:
    """The file a write to ``path`` should replace: symbolic links followed, and only a regular file or a new
    name in an existing folder accepted."""
    target = Path(os.path.realpath(path))  # follows every link; a dangling one gives the path it points to
    try:
        mode = target.stat().st_mode
    except FileNotFoundError:
        mode = None
    except OSError as failure:
        raise _cannot_write(path, failure) from None
    if mode is not None and stat.S_ISDIR(mode):
        raise CannotWrite(f"{path}: is a folder (fix: add a file name to the path)")
    if mode is not None and not stat.S_ISREG(mode):
        raise CannotWrite(f"{path}: is a device or pipe, not a file (fix: give the path of a regular file)")
    if not target.parent.is_dir():
        raise CannotWrite(f"{path}: folder '{path.parent}' does not exist (fix: create it or choose another path)")
    return target


_REASONS = {
    errno.ENOSPC: ("the disk is full", "free some space or write elsewhere"),
    errno.EDQUOT: ("the disk quota is used up", "free some space or write elsewhere"),
    errno.EACCES: ("permission denied", "choose a folder you can write to"),
    errno.EPERM: ("permission denied", "choose a folder you can write to"),
    errno.EROFS: ("the file system is read-only", "choose a folder you can write to"),
    errno.ENOENT: ("the folder does not take new files", "choose a folder you can write to"),
}


def _cannot_write(path: Path, failure: OSError) -> CannotWrite:
    reason, fix = _REASONS.get(failure.errno or 0, (failure.strerror or type(failure).__name__, "choose another path"))
    return CannotWrite(f"{path}: cannot write: {reason}; nothing was written (fix: {fix})")


def _mode_for(path: Path) -> int:
    """Keep an existing file's permissions; a new file gets the usual ones (0666 less the umask), not mkstemp's 0600."""
    try:
        return path.stat().st_mode & 0o7777
    except FileNotFoundError:
        umask = os.umask(0)
        os.umask(umask)
        return 0o666 & ~umask
