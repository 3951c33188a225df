"""Build keys: digests of exactly what each output depends on.

In: model values, options and the package itself. Out: short hex digests. An output's key
covers its language's projection of the content (so a Spanish edit leaves English files
alone), the layout code (every module of the package, however deep), the fonts, the libraries'
versions and the options; an output whose key is unchanged is not rebuilt.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import fields, is_dataclass
from pathlib import Path
from typing import Any

from layout.content.model import Image, Text

_LIBRARIES = ("reportlab", "pypdf", "font-source-sans-pro", "pyphen", "pikepdf", "svglib",
              "pillow")
"""Distributions whose version changes what the layout code produces."""


def project(value: Any, lang: str, source: str) -> Any:
    """A JSON-able view of a model value as one language sees it (locations left out)."""
    if isinstance(value, Text):
        return [value.get(lang, source), value.has(lang)]
    if isinstance(value, Image):
        return ["image", hashlib.sha256(value.data).hexdigest(),
                project(value.alt, lang, source), project(value.caption, lang, source),
                value.width_mm]
    if isinstance(value, tuple | list):
        return [project(item, lang, source) for item in value]
    if is_dataclass(value) and not isinstance(value, type):
        return [type(value).__name__] + [project(getattr(value, f.name), lang, source)
                                         for f in fields(value) if f.name != "where"]
    if isinstance(value, dict):
        return {str(k): project(v, lang, source) for k, v in sorted(value.items())}
    return value


def digest(*parts: Any) -> str:
    """A stable hex digest of JSON-able parts."""
    text = json.dumps(parts, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(text.encode()).hexdigest()[:24]


def code_digest() -> str:
    """Digest of the layout code and the fonts: any change to them rebuilds everything.

    Every file of the package counts, in every subpackage, named by its path inside it."""
    package = Path(__file__).resolve().parent.parent
    hasher = hashlib.sha256()
    for path in sorted(package.rglob("*")):
        if path.is_file() and "__pycache__" not in path.parts and path.suffix != ".pyc":
            name = path.relative_to(package).as_posix()
            hasher.update(name.encode() + b"\0" + path.read_bytes())
    from importlib.metadata import version

    for dist in _LIBRARIES:
        try:
            hasher.update(f"{dist}={version(dist)}".encode())
        except Exception:
            hasher.update(dist.encode())
    return hasher.hexdigest()[:24]
