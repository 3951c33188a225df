"""Sources: every file a build reads, checked before it is opened.

In: the content folder and a path the content names (report.yaml, actors.yaml, a section file,
an image, a file an SVG refers to). Out: the file's bytes, or `SourceError` saying why not:
the path (symlinks resolved) leaves the content folder, is a symlink loop, does not exist, is a
directory, a FIFO, a device or a socket, or is larger than the limit. The size is checked with
``stat`` before anything is read, the file is opened without blocking (a FIFO swapped in after
the check cannot hang the build) and read with a bounded read, so neither ``/dev/zero`` nor a
sparse 1 GiB file is ever read whole.
"""

from __future__ import annotations

import errno
import os
import stat
from pathlib import Path

_FLAGS = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOFOLLOW", 0) | getattr(
    os, "O_BINARY", 0) | getattr(os, "O_CLOEXEC", 0)


class SourceError(Exception):
    """A file the content names that cannot be read; ``message`` and ``hint`` for a diagnostic.
    ``of_path`` when the path itself is wrong (outside the folder, a symlink loop), not the
    file it names."""

    def __init__(self, message: str, hint: str = "", of_path: bool = False) -> None:
        super().__init__(message)
        self.message, self.hint, self.of_path = message, hint, of_path


def _kind(mode: int) -> str:
    if stat.S_ISDIR(mode):
        return "a directory"
    if stat.S_ISFIFO(mode):
        return "a FIFO (named pipe)"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "a device"
    if stat.S_ISSOCK(mode):
        return "a socket"
    return "not a regular file"


def resolve_inside(root: Path, path: Path) -> Path:
    """``path`` with every symlink resolved, if it is an existing entry inside ``root``."""
    try:
        base = root.resolve(strict=True)
        real = path.resolve(strict=True)
    except FileNotFoundError:
        raise SourceError("file not found") from None
    except RuntimeError:  # Python < 3.13 reports a symlink loop this way
        raise SourceError("is a symlink loop", "point the link at a real file", True) from None
    except OSError as error:
        if error.errno == getattr(errno, "ELOOP", 40):
            raise SourceError("is a symlink loop", "point the link at a real file", True
                              ) from None
        raise SourceError(f"cannot read: {error.strerror or error}") from None
    if not real.is_relative_to(base):
        raise SourceError("leads outside the content folder",
                          "copy the file into the content folder instead of linking to it", True)
    return real


def read_inside(root: Path, path: Path, limit: int, what: str = "a file",
                size_hint: str = "make it smaller") -> bytes:
    """The bytes of ``path``, a regular file inside ``root`` of at most ``limit`` bytes;
    ``what`` names it in messages, ``size_hint`` says what to do when it is too large."""
    real = resolve_inside(root, path)
    try:
        before = os.stat(real)
    except OSError as error:
        raise SourceError(f"cannot read: {error.strerror or error}") from None
    if not stat.S_ISREG(before.st_mode):
        kind = _kind(before.st_mode)
        raise SourceError(f"is {kind}, not a regular file" if kind != "not a regular file"
                          else "is not a regular file", f"{what} must be a regular file")
    _check_size(before.st_size, limit, size_hint)
    try:
        fd = os.open(real, _FLAGS)
    except OSError as error:
        raise SourceError(f"cannot read: {error.strerror or error}") from None
    try:
        now = os.fstat(fd)
        if not stat.S_ISREG(now.st_mode) or (now.st_ino, now.st_dev) != (
                before.st_ino, before.st_dev):
            raise SourceError("changed while it was being read", "try again")
        data = _bounded_read(fd, limit)
    except OSError as error:
        raise SourceError(f"cannot read: {error.strerror or error}") from None
    finally:
        os.close(fd)
    _check_size(len(data), limit, size_hint)
    return data


def _check_size(size: int, limit: int, hint: str) -> None:
    if size > limit:
        raise SourceError(f"file is {size:,} bytes, over the limit of {limit:,}", hint)


def _bounded_read(fd: int, limit: int) -> bytes:
    """At most ``limit + 1`` bytes: enough to tell that a file grew past the limit."""
    chunks, total = [], 0
    while total <= limit:
        chunk = os.read(fd, min(1 << 20, limit + 1 - total))
        if not chunk:
            break
        chunks.append(chunk)
        total += len(chunk)
    return b"".join(chunks)
