"""Writing files safely: whole or not at all, and only where a file belongs."""

from __future__ import annotations

import errno
import os
import stat
import tempfile
from pathlib import Path

from mlladder.errors import CannotWrite


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
