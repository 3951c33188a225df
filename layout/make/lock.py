"""The output folder's lock: one build at a time per output folder.

In: an output folder. Out: the folder, ready and held for the duration of a ``with`` block,
its debris of killed builds removed; or `OutputError` when the folder cannot be used (it is a
file, cannot be created or written: exit 2) or another build holds it and the caller does not
want to wait (exit 2). The lock is an operating-system lock on ``output/.lock``, so a killed
build never leaves a stale lock: ``flock`` where the system has it (one call, made here:
loading the filelock library cost every build about 15 ms, a seventh of a no-op), and
filelock's ``LockFileEx`` elsewhere (Windows). Either kind excludes the other on the same file.
The lock file is not an output and is never recorded in the manifest.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from layout.files import OutputError, remove_debris

if sys.platform != "win32":
    import fcntl

LOCK = ".lock"
"""The lock file's name inside the output folder."""


def prepare_output(out: Path) -> None:
    """Create the output folder if needed; `OutputError` (exit 2) when it cannot be used."""
    if out.exists() and not out.is_dir():
        raise OutputError(out, "the output folder is not a folder (a file is in the way)",
                          "pass another folder with --output DIR, or move the file", code=2)
    try:
        out.mkdir(parents=True, exist_ok=True)
    except OSError as error:
        raise OutputError(out, f"cannot create the output folder: {error.strerror or error}",
                          "pass another folder with --output DIR", code=2) from None
    if not os.access(out, os.W_OK | os.X_OK):
        raise OutputError(out, "the output folder is not writable",
                          "make it writable or pass another folder with --output DIR", code=2)


@contextmanager
def holding(out: Path, wait: bool = True,
            on_wait: Callable[[str], None] | None = None) -> Iterator[list[Path]]:
    """Hold ``out`` for one build; yields the debris files removed from it.

    When another build holds the folder, wait for it (after calling ``on_wait`` with a
    message), or raise `OutputError` at once when ``wait`` is false."""
    prepare_output(out)
    lock = _OsLock(out / LOCK)
    try:
        if not lock.acquire(block=False):
            if not wait:
                raise OutputError(out, "another build is using this output folder",
                                  "wait for it to finish, or drop --no-wait", code=2)
            if on_wait is not None:
                on_wait(f"waiting for another build of {out} to finish")
            lock.acquire(block=True)
    except OSError as error:
        raise OutputError(out / LOCK, f"cannot lock the output folder: "
                          f"{error.strerror or error}", code=2) from None
    try:
        yield remove_debris(out)
    finally:
        lock.release()


class _OsLock:
    """An exclusive operating-system lock on one file, held until `release`."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self._held: Any = None  # a descriptor (flock) or a filelock lock

    def acquire(self, block: bool) -> bool:
        """Take the lock; False when another process holds it and ``block`` is false."""
        if sys.platform == "win32":  # no flock: filelock's LockFileEx
            from filelock import FileLock, Timeout

            lock = FileLock(self.path, fallback_to_soft=False)
            try:
                lock.acquire(timeout=-1 if block else 0)
            except Timeout:
                return False
            self._held = lock
            return True
        fd = os.open(self.path, os.O_RDWR | os.O_CREAT | getattr(os, "O_NOFOLLOW", 0), 0o644)
        try:
            fcntl.flock(fd, fcntl.LOCK_EX if block else fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            os.close(fd)
            return False
        except BaseException:  # an error, or Ctrl-C while waiting
            os.close(fd)
            raise
        self._held = fd
        return True

    def release(self) -> None:
        """Let the lock go (closing the file releases a flock)."""
        held, self._held = self._held, None
        if isinstance(held, int):
            os.close(held)
        elif held is not None:
            held.release()
