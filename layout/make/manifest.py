"""The manifest: what built each output, kept in ``output/.manifest.json``.

In and out: a plain dict of the previous build's keys (by output path relative to the output
folder), page maps and contents entries. A missing, unreadable or other-version manifest reads
as empty, so everything is rebuilt.
"""

from __future__ import annotations

import json
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
