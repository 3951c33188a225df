"""Files: how the build touches the disk when it writes.

`write_atomic` writes through a temporary file in the same folder and a rename, so a failed or
interrupted write never replaces the last good file. Files the content is kept in are also
flushed to the disk before the rename (``fsync``), so they survive a power cut too; build
outputs are not: they are made again from the content, and every build checks each output's
size and SHA-256 against the manifest, so one that a crash left empty or torn is seen and
rebuilt (an ``fsync`` per output took about 5 ms, a third of a handout's time). The temporary
file is created with its final permissions by ``os.open`` (no ``os.fchmod``, which Windows
lacks before Python 3.13), and ``os.replace`` renames atomically on every platform.
`remove_debris` deletes the temporary files that killed runs left behind, and nothing else.
Used by the write stage of builds and by the translators' write-back into content files.
"""

from __future__ import annotations

import os
import re
from pathlib import Path

DEBRIS = re.compile(
    r"^\.(?P<name>[^/\\]+\.(?:pdf|json|csv|zip|po|pot|yaml))\.[A-Za-z0-9_]{1,16}\.tmp$")
"""Our temporary files: ``.NAME.XXXXXXXX.tmp`` beside the output ``NAME`` being written."""
_BINARY = getattr(os, "O_BINARY", 0)  # Windows would translate line ends without it


class OutputError(Exception):
    """An output that cannot be written: where, why, what to do, and the exit code (2 when
    the output folder itself is unusable, 1 when a write failed)."""

    def __init__(self, path: Path, message: str, hint: str = "", code: int = 1) -> None:
        super().__init__(f"{path}: {message}")
        self.path, self.message, self.hint, self.code = path, message, hint, code


def clear_path(path: Path, what: str, why: str) -> None:
    """Make room for a file at ``path``: an empty directory there is removed; a non-empty one
    is an `OutputError` naming ``what`` the file should be and ``why`` it matters."""
    if path.is_dir() and not path.is_symlink():
        try:
            path.rmdir()
        except OSError:
            raise OutputError(path, f"is a directory, not {what}",
                              f"move the directory away; {why}") from None


def write_output(path: Path, data: bytes) -> None:
    """`write_atomic` for a build output: an empty directory in the way is removed, anything
    else that stops the write becomes an `OutputError` (the previous file stays)."""
    try:
        clear_path(path, "the output file it should be", "the build writes this file")
        write_atomic(path, data, durable=False)
    except (FileExistsError, NotADirectoryError):
        raise OutputError(path, "cannot write: a file is in the way of its folder",
                          "move the file away; the build makes this folder") from None
    except OSError as error:
        raise OutputError(path, f"cannot write: {error.strerror or error}",
                          "free some space or check the folder's permissions") from None


def _temporary(path: Path, mode: int) -> tuple[int, Path]:
    """A new temporary file beside ``path``, open for writing, created with ``mode``."""
    for _attempt in range(100):
        candidate = path.with_name(f".{path.name}.{os.urandom(4).hex()}.tmp")
        try:
            fd = os.open(candidate, os.O_WRONLY | os.O_CREAT | os.O_EXCL | _BINARY, mode)
        except FileExistsError:
            continue
        return fd, candidate
    raise FileExistsError(f"no free temporary name beside {path}")


def write_atomic(path: Path, data: bytes, mode: int | None = None,
                 durable: bool = True) -> None:
    """Write ``data`` to ``path`` through a temporary file and a rename; the file gets
    ``mode``, or the usual permissions of a new file (0666 less the umask). ``durable``: on
    the disk before the rename (what the build can make again need not be)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, temporary = _temporary(path, 0o666 if mode is None else mode)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            if durable:
                os.fsync(handle.fileno())
        if mode is not None:
            os.chmod(temporary, mode)  # os.open applied the umask; keep the file's own mode
        os.replace(temporary, path)
    except BaseException:
        temporary.unlink(missing_ok=True)
        raise


def remove_debris(folder: Path) -> list[Path]:
    """Delete our temporary files (`DEBRIS`) under ``folder``, never following links and
    never touching anything else; return what was removed."""
    removed = []
    for parent, dirs, names in os.walk(folder):
        dirs[:] = [d for d in dirs if not os.path.islink(os.path.join(parent, d))]
        for name in names:
            path = Path(parent, name)
            if DEBRIS.match(name) and path.is_file() and not path.is_symlink():
                try:
                    path.unlink()
                except OSError:
                    continue
                removed.append(path)
    return removed
