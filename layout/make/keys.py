"""Build keys: digests of exactly what each output depends on.

In: model values. Out: their projection for one language, which `digests.digest` turns into an
output's key with the code digest and the options. An output's key covers its language's
projection of the content (so a Spanish edit leaves English files alone), the layout code
(every module of the package, however deep), the fonts, the libraries' versions and the
options; an output whose key is unchanged is not rebuilt.
"""

from __future__ import annotations

import hashlib
from pathlib import Path
from typing import Any

from msgspec import Struct

from layout.content.model import ContentFile, Image, Text
from layout.diagnostics import Location

_UNPRINTED = ("where", "contact")
"""Model fields no PDF prints (locations; contacts, which only the handouts' index lists)."""


def project(value: Any, lang: str, source: str) -> Any:
    """A JSON-able view of a model value as one language sees it (`_UNPRINTED` left out)."""
    if isinstance(value, Location):
        return None
    if isinstance(value, Text):
        return [value.get(lang, source), value.has(lang)]
    if isinstance(value, ContentFile):
        return ["file", hashlib.sha256(Path(value.path).read_bytes()).hexdigest()]
    if isinstance(value, Image):
        return ["image", hashlib.sha256(value.data).hexdigest(),
                project(value.alt, lang, source), project(value.caption, lang, source),
                value.width_mm]
    if isinstance(value, tuple | list):
        return [project(item, lang, source) for item in value]
    if isinstance(value, Struct):
        return [type(value).__name__] + [project(getattr(value, name), lang, source)
                                         for name in value.__struct_fields__
                                         if name not in _UNPRINTED]
    if isinstance(value, dict):
        return {str(k): project(v, lang, source) for k, v in sorted(value.items())}
    return value
