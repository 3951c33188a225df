"""The manifest: what built each output, kept in ``output/.manifest.json``.

In and out: a plain dict of the previous build's keys (by output path relative to the output
folder), page maps, contents entries and the content folder that built them. A missing,
unreadable or other-version manifest reads as empty, so everything is rebuilt. An output folder
belongs to one content folder: `check_owner` refuses another one before anything is written.
"""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

from layout.files import write_atomic

MANIFEST = ".manifest.json"
MANIFEST_VERSION = 1


def _empty() -> dict[str, Any]:
    return {"version": MANIFEST_VERSION, "outputs": {}, "pages": {}}


def read_manifest(out: Path) -> dict[str, Any]:
    """The previous build's keys and page maps, or an empty manifest."""
    try:
        data = json.loads((out / MANIFEST).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return _empty()
    if data.get("version") != MANIFEST_VERSION:
        return _empty()
    return data


def write_manifest(out: Path, manifest: dict[str, Any]) -> None:
    """Write the manifest atomically."""
    write_atomic(out / MANIFEST, json.dumps(manifest, indent=1, sort_keys=True).encode())


class OutputOwnedError(Exception):
    """The output folder holds the outputs of another content folder (a usage error)."""

    def __init__(self, message: str, hint: str) -> None:
        super().__init__(message)
        self.hint = hint


def content_entry(out: Path, content: Path) -> str:
    """The content folder as the manifest records it: relative to the output folder, posix,
    so a project folder that is moved or copied whole still builds incrementally."""
    return Path(os.path.relpath(content.resolve(), out.resolve())).as_posix()


def check_owner(out: Path, content: Path, manifest: dict[str, Any]) -> None:
    """Refuse to build ``content`` into an output folder another content folder built."""
    recorded = manifest.get("content")
    if recorded is None or (out / recorded).resolve() == content.resolve():
        return
    raise OutputOwnedError(
        f"{out} was built from another content folder ({(out / recorded).resolve()}), "
        f"not from {content.resolve()}",
        f"use --output DIR to build this content into a folder of its own "
        f"(or delete {out} to start it afresh)")
