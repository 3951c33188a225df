"""The output folder's lock: one build at a time per output folder.

In: an output folder. Out: the folder, ready and held for the duration of a ``with`` block,
its debris of killed builds removed; or `OutputError` when the folder cannot be used (it is a
file, cannot be created or written: exit 2) or another build holds it and the caller does not
want to wait (exit 2). The lock is an operating-system lock (``flock``/``LockFileEx``, through
the filelock library) on ``output/.lock``, so a killed build never leaves a stale lock; the
lock file is not an output and is never recorded in the manifest.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

from filelock import FileLock, Timeout

from layout.files import OutputError, remove_debris

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
    lock = FileLock(out / LOCK, fallback_to_soft=False)
    try:
        try:
            lock.acquire(timeout=0)
        except Timeout:
            if not wait:
                raise OutputError(out, "another build is using this output folder",
                                  "wait for it to finish, or drop --no-wait", code=2) from None
            if on_wait is not None:
                on_wait(f"waiting for another build of {out} to finish")
            lock.acquire()
    except OSError as error:
        raise OutputError(out / LOCK, f"cannot lock the output folder: "
                          f"{error.strerror or error}", code=2) from None
    try:
        yield remove_debris(out)
    finally:
        lock.release()
