"""ReportLab's URI pattern, compiled when a word could be a URI rather than when it is imported.

`reportlab.platypus.paragraph` compiles, as it is imported, a case-insensitive pattern of URIs
whose letter classes span U+00A1 to U+FFFF; case-folding them takes about 25 ms, a twentieth
of a cold booklet, in every process that lays out a page. ReportLab only matches it against
words it may hyphenate, and every match starts with a scheme and ``://``. `install` (run by the
packages that lay out pages, before they import ReportLab's paragraphs) has that module, while
it is executed, given a `LazyPattern` for that one pattern: its ``match`` answers None at once
for a text without ``://`` and otherwise compiles the real pattern and asks it. Every other
pattern is compiled as usual, and so is this one if a ReportLab release changes its start.
"""

from __future__ import annotations

import re
import sys
from importlib.abc import Loader, MetaPathFinder
from importlib.machinery import ModuleSpec
from types import ModuleType
from typing import Any

MODULE = "reportlab.platypus.paragraph"
"""The module that compiles the pattern."""
URI_START = "(^(?:[a-z0-9\\.\\-\\+]*)://)"
"""How the pattern starts: a scheme and ``://``, which every match therefore contains."""


class LazyPattern:
    """A compiled pattern made on first use; ``match`` rules out texts without ``://``."""

    __slots__ = ("_compiled", "flags", "pattern")

    def __init__(self, pattern: str, flags: int) -> None:
        self.pattern, self.flags = pattern, flags
        self._compiled: re.Pattern[str] | None = None

    def compiled(self) -> re.Pattern[str]:
        """The real pattern (compiled the first time it is asked for)."""
        if self._compiled is None:
            self._compiled = _COMPILE(self.pattern, self.flags)
        return self._compiled

    def match(self, string: Any, *args: Any) -> re.Match[str] | None:
        if not args and isinstance(string, str) and "://" not in string:
            return None
        return self.compiled().match(string, *args)

    def __getattr__(self, name: str) -> Any:
        return getattr(self.compiled(), name)


_COMPILE = re.compile


def _compile(pattern: Any, flags: Any = 0) -> Any:
    if isinstance(pattern, str) and pattern.startswith(URI_START):
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
    """Have `MODULE`, when it is first imported, compile its URI pattern lazily."""
    if MODULE not in sys.modules and not any(isinstance(f, _Finder) for f in sys.meta_path):
        sys.meta_path.insert(0, _Finder())
