"""Diagnostics: where a content problem is, what is wrong, and how to fix it.

Every stage reports problems with the content as `Diagnostic` values instead of raising at the
first one; `ContentError` carries all of them out of the stage that found them. The logger
``logging.getLogger("layout")`` uses its levels this way: error means the content is invalid and
nothing is built; warning means the output was built but something is suspicious (a missing
translation, a reference that did not settle); info means stage progress.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

log = logging.getLogger("layout")


@dataclass(frozen=True)
class Location:
    """A position in a content file; line and column are 1-based, 0 when unknown."""

    file: str
    line: int = 0
    column: int = 0
    written: str = field(default="", compare=False, repr=False)
    """The source text of a scalar YAML read as something else (``12:30`` read as 750)."""

    def __str__(self) -> str:
        if not self.line:
            return self.file
        return f"{self.file}:{self.line}:{self.column}"


@dataclass(frozen=True)
class Diagnostic:
    """One problem: where it is, which value (a key path such as ``sections[2].title``), what."""

    where: Location
    path: str
    message: str
    hint: str = ""
    severity: str = "error"
    """``"error"`` stops the build; ``"warning"`` is printed and the build goes on."""

    def format(self) -> str:
        """Render in the compilers' form, ``file:line:col: error: key.path: message`` (or
        ``warning:``), plus an indented hint line, so editors' problem matchers read it."""
        head = f"{self.where}: {self.severity}: "
        if self.path:
            head += f"{self.path}: "
        text = head + self.message
        if self.hint:
            text += f"\n    hint: {self.hint}"
        return text


class ContentError(Exception):
    """Raised once a stage has collected at least one error; carries every diagnostic."""

    def __init__(self, diagnostics: Sequence[Diagnostic]) -> None:
        super().__init__(f"{len(diagnostics)} content problem(s)")
        self.diagnostics = tuple(diagnostics)

    def __reduce__(self) -> tuple[type[ContentError], tuple[tuple[Diagnostic, ...]]]:
        # crosses process boundaries intact (layout errors raised in pool workers)
        return (ContentError, (self.diagnostics,))


def did_you_mean(word: str, choices: Iterable[str]) -> str:
    """A hint naming the closest of ``choices`` to a misspelled ``word``, or ``""``."""
    import difflib  # only a content error needs it

    close = difflib.get_close_matches(word, list(choices), n=1, cutoff=0.6)
    return f"did you mean '{close[0]}'?" if close else ""


def known_list(choices: Iterable[str], limit: int = 8) -> str:
    """``known: a, b, c, …`` for a hint when no close match exists."""
    names = sorted(choices)
    shown = ", ".join(names[:limit])
    return f"known: {shown}{', …' if len(names) > limit else ''}"


def summary(diagnostics: Sequence[Diagnostic], built: bool) -> str:
    """The closing line: ``2 errors, 1 warning - nothing was built.``"""
    errors = sum(d.severity == "error" for d in diagnostics)
    warnings = len(diagnostics) - errors
    line = f"{errors} error{'s' * (errors != 1)}, {warnings} warning{'s' * (warnings != 1)}"
    return line + (" - nothing was built." if not built else ".")
