"""Two of ReportLab's patterns, compiled when they are first needed rather than when imported.

`reportlab.platypus.paragraph` compiles, as it is imported, a case-insensitive pattern of URIs
whose letter classes span U+00A1 to U+FFFF; case-folding them takes about 25 ms, a twentieth
of a cold booklet, in every process that lays out a page. ReportLab only matches it against
words it may hyphenate, and every match starts with a scheme and ``://``. The module also
imports `reportlab.lib.textsplit`, whose CJK pattern (3 ms) only its ``cjkwrap`` uses, which
ReportLab never calls. `install` (run by the packages that lay out pages, before they import
ReportLab's paragraphs) has that module, while it is executed, given a `LazyPattern` for each:
the URI pattern's ``match`` answers None at once for a text without ``://``, and either compiles
the real pattern the first time it has to ask it. Every other pattern is compiled as usual, and
so are these if a ReportLab release changes them.
"""

from __future__ import annotations

import re
import sys
from importlib.abc import Loader, MetaPathFinder
from importlib.machinery import ModuleSpec
from types import ModuleType
from typing import Any

MODULE = "reportlab.platypus.paragraph"
"""The module that compiles the patterns (the CJK one in `reportlab.lib.textsplit`, which it
imports)."""
URI_START = "(^(?:[a-z0-9\\.\\-\\+]*)://)"
"""How the URI pattern starts: a scheme and ``://``, which every match therefore contains."""
CJK = "([\u2e80-\uffff])"
"""textsplit's pattern of CJK characters."""


class LazyPattern:
    """A compiled pattern made on first use; ``match`` rules out, without compiling, texts
    that lack ``required`` (a part of every match)."""

    __slots__ = ("_compiled", "flags", "pattern", "required")

    def __init__(self, pattern: str, flags: int, required: str = "") -> None:
        self.pattern, self.flags, self.required = pattern, flags, required
        self._compiled: re.Pattern[str] | None = None

    def compiled(self) -> re.Pattern[str]:
        """The real pattern (compiled the first time it is asked for)."""
        if self._compiled is None:
            self._compiled = _COMPILE(self.pattern, self.flags)
        return self._compiled

    def match(self, string: Any, *args: Any) -> re.Match[str] | None:
        if self.required and not args and isinstance(string, str) and (
                self.required not in string):
            return None
        return self.compiled().match(string, *args)

    def __getattr__(self, name: str) -> Any:
        return getattr(self.compiled(), name)


_COMPILE = re.compile


def _compile(pattern: Any, flags: Any = 0) -> Any:
    if isinstance(pattern, str) and pattern.startswith(URI_START):
        return LazyPattern(pattern, flags, "://")
    if pattern == CJK:
        return LazyPattern(pattern, flags)
    return _COMPILE(pattern, flags)


class _Loader(Loader):
    """ReportLab's own loader of the module, run with `_compile` standing in for re.compile."""

    def __init__(self, loader: Any) -> None:
        self.loader = loader

    def create_module(self, spec: ModuleSpec) -> ModuleType | None:
        return self.loader.create_module(spec)  # type: ignore[no-any-return]

    def exec_module(self, module: ModuleType) -> None:
        re.compile = _compile  # type: ignore[assignment]
        try:
            self.loader.exec_module(module)
        finally:
            re.compile = _COMPILE

    def __getattr__(self, name: str) -> Any:  # get_source, get_filename … for tools
        return getattr(self.loader, name)


class _Finder(MetaPathFinder):
    """Finds `MODULE` as the other finders do, with `_Loader` around its loader."""

    def find_spec(self, name: str, path: Any, target: Any = None) -> ModuleSpec | None:
        if name != MODULE:
            return None
        sys.meta_path.remove(self)  # asked once: the module is then imported
        for finder in sys.meta_path:
            spec = getattr(finder, "find_spec", lambda *_: None)(name, path, target)
            if spec is not None:
                if spec.loader is not None and hasattr(spec.loader, "exec_module"):
                    spec.loader = _Loader(spec.loader)
                return spec  # type: ignore[no-any-return]
        return None


def install() -> None:
    """Have `MODULE`, when it is first imported, compile the two patterns lazily."""
    if MODULE not in sys.modules and not any(isinstance(f, _Finder) for f in sys.meta_path):
        sys.meta_path.insert(0, _Finder())
