"""Digests: short, stable hex digests of JSON-able parts, and of the code that lays out.

`code_digest` covers every file of the package (in every subpackage, named by its path inside
it) and the versions of the libraries whose changes change the output, as this process found
them: it is computed once per process, since the code a process runs is the code it loaded
(a `--watch` restarts itself when a file of the package changes). Nothing here loads the
content model, so a build with nothing to do can compute its digests cheaply.
"""

from __future__ import annotations

import functools
import hashlib
import json
import os
import re
import sys
from pathlib import Path
from typing import Any

_LIBRARIES = ("reportlab", "pypdf", "font-source-sans-pro", "pyphen", "pikepdf", "svglib",
              "pillow")
"""Distributions whose version changes what the layout code produces."""


def digest(*parts: Any) -> str:
    """A stable hex digest of JSON-able parts."""
    text = json.dumps(parts, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(text.encode()).hexdigest()[:24]


@functools.cache
def code_digest() -> str:
    """Digest of the layout code and the fonts: any change to them rebuilds everything.

    Every file of the package counts, in every subpackage, named by its path inside it."""
    package = Path(__file__).resolve().parent.parent
    hasher = hashlib.sha256()
    for path in sorted(package.rglob("*")):
        if path.is_file() and "__pycache__" not in path.parts and path.suffix != ".pyc":
            name = path.relative_to(package).as_posix()
            hasher.update(name.encode() + b"\0" + path.read_bytes())
    for library in library_versions():
        hasher.update(library.encode())
    return hasher.hexdigest()[:24]


def library_versions() -> list[str]:
    """``name=version`` of each of `_LIBRARIES` as installed, read from the names of the
    ``*.dist-info`` folders on ``sys.path`` (the first one found, as imports find them;
    importlib.metadata would cost a build with nothing to do several milliseconds)."""
    wanted = {_normal(name) for name in _LIBRARIES}
    found: dict[str, str] = {}
    for entry in sys.path:
        try:
            names = os.listdir(entry or ".")
        except OSError:
            continue
        for name in names:
            if name.endswith(".dist-info"):
                dist, _, version = name[:-len(".dist-info")].partition("-")
                key = _normal(dist)
                if key in wanted:
                    found.setdefault(key, version)
    return [f"{name}={found.get(_normal(name), '')}" for name in _LIBRARIES]


def _normal(name: str) -> str:
    return re.sub(r"[-_.]+", "_", name).lower()
