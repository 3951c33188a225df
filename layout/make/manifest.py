"""The manifest: what built each output, kept in ``output/.manifest.json``.

In and out: a plain dict. ``outputs`` maps each output (its path relative to the output
folder, posix) to a record of the key it was built from and the size and SHA-256 of the bytes
written, so an output damaged, truncated or replaced after the build is seen as such;
``pages`` holds the booklets' page maps; ``checksum`` is the SHA-256 of all the rest. A
manifest that is missing, unreadable, of another version or edited since it was written (its
checksum does not match) reads as empty, and everything is rebuilt; within one that matches,
a malformed entry is dropped, never trusted. Keys this module does not
know are kept as they are. ``content`` names the content folder that built them: an output
folder belongs to one content folder, and `check_owner` refuses another before anything is
written.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import stat
from pathlib import Path, PurePosixPath
from typing import Any

from layout.content.sources import SourceError, read_inside
from layout.files import OutputError, clear_path, write_atomic

MANIFEST = ".manifest.json"
MANIFEST_VERSION = 3
CHECKSUM = "checksum"
"""The SHA-256 of the rest of the manifest: one edited by hand (or half written by another
tool) does not match, reads as empty, and everything is rebuilt."""
MAX_MANIFEST_BYTES = 256_000_000
_SHA256 = re.compile(r"^[0-9a-f]{64}$")


def empty_manifest() -> dict[str, Any]:
    """A manifest that records nothing."""
    return {"version": MANIFEST_VERSION, "outputs": {}, "pages": {}}


def record(key: str, data: bytes) -> dict[str, Any]:
    """The manifest's record of an output written from ``key`` with the bytes ``data``."""
    return {"key": key, "size": len(data), "sha256": hashlib.sha256(data).hexdigest()}


def matches(data: bytes, entry: Any) -> bool:
    """True when ``data`` are exactly the bytes the record ``entry`` describes."""
    return (isinstance(entry, dict) and entry.get("size") == len(data)
            and entry.get("sha256") == hashlib.sha256(data).hexdigest())


def read_output(path: Path, entry: Any) -> bytes | None:
    """The bytes of the output at ``path`` if they are the ones its record describes (a
    regular file, not a link or a directory, of the recorded size and SHA-256), else None."""
    try:
        info = os.lstat(path)
        if not stat.S_ISREG(info.st_mode) or not isinstance(entry, dict) or (
                info.st_size != entry.get("size")):
            return None
        data = path.read_bytes()
    except OSError:
        return None
    return data if matches(data, entry) else None


def read_manifest(out: Path) -> dict[str, Any]:
    """The previous build's records and page maps; whatever is malformed reads as absent."""
    try:  # a regular file inside the folder, read with a bounded read (never a FIFO)
        data = json.loads(read_inside(out, out / MANIFEST, MAX_MANIFEST_BYTES).decode("utf-8"))
    except (SourceError, ValueError, RecursionError):
        return empty_manifest()
    if (not isinstance(data, dict) or data.get("version") != MANIFEST_VERSION
            or data.pop(CHECKSUM, None) != _checksum(data)):
        return empty_manifest()
    data["outputs"] = {name: entry for name, entry in _mapping(data.get("outputs")).items()
                       if _safe_name(name) and _valid_record(entry)}
    data["pages"] = {lang: rows for lang, rows in _mapping(data.get("pages")).items()
                     if _valid_pages(rows)}
    return data


def clear_manifest_path(out: Path) -> None:
    """Make sure the manifest can be written: an empty directory in its place is removed,
    anything else in the way is an `OutputError` before any output is built."""
    clear_path(out / MANIFEST, "the build's manifest", "the build keeps its records in this file")


def write_manifest(out: Path, manifest: dict[str, Any]) -> None:
    """Write the manifest atomically; `OutputError` when it cannot be written."""
    path = out / MANIFEST
    clear_manifest_path(out)
    try:
        # made again by a full build if lost, like the outputs it describes
        sealed = {**manifest, CHECKSUM: _checksum(manifest)}
        write_atomic(path, json.dumps(sealed, indent=1, sort_keys=True).encode(),
                     durable=False)
    except OSError as error:
        raise OutputError(path, f"cannot write: {error.strerror or error}",
                          "free some space or check the folder's permissions") from None


def content_entry(out: Path, content: Path) -> str:
    """The content folder as the manifest records it: relative to the output folder, posix,
    so a project folder that is moved or copied whole still builds incrementally."""
    return Path(os.path.relpath(content.resolve(), out.resolve())).as_posix()


def check_owner(out: Path, content: Path, manifest: dict[str, Any]) -> None:
    """Refuse (`OutputError`, exit 2) to build ``content`` into an output folder that another
    content folder built."""
    recorded = manifest.get("content")
    if not isinstance(recorded, str) or (out / recorded).resolve() == content.resolve():
        return
    raise OutputError(
        out, f"was built from another content folder ({(out / recorded).resolve()}), "
        f"not from {content.resolve()}",
        f"use --output DIR to build this content into a folder of its own "
        f"(or delete {out} to start it afresh)", code=2)


def _checksum(manifest: dict[str, Any]) -> str:
    body = {key: value for key, value in manifest.items() if key != CHECKSUM}
    text = json.dumps(body, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    return hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()


def _mapping(value: Any) -> dict[str, Any]:
    return value if isinstance(value, dict) else {}


def _safe_name(name: str) -> bool:
    path = PurePosixPath(name)
    return bool(name) and not path.is_absolute() and ".." not in path.parts and "\\" not in name


def _valid_record(entry: Any) -> bool:
    return (isinstance(entry, dict) and isinstance(entry.get("key"), str)
            and type(entry.get("size")) is int and isinstance(entry.get("sha256"), str)
            and bool(_SHA256.match(entry["sha256"])))


def _valid_pages(rows: Any) -> bool:
    return isinstance(rows, dict) and all(
        isinstance(k, str) and k.isascii() and k.isdigit() and type(v) is int
        for k, v in rows.items())

