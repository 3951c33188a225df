"""Console output of the command line: problems, paths and usage errors.

Problems go to stderr in the compilers' form, or, with ``--format json``, to stdout as one JSON
list of records ``{file, line, column, severity, path, message, hint}`` for tools; the closing
summary line stays on stderr either way.
"""

from __future__ import annotations

import json
import os
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from layout.diagnostics import Diagnostic


def program(argv0: str) -> str:
    """The name the command was run by: ``build.py``, ``python -m layout`` or the command's."""
    name = Path(argv0).name
    return "python -m layout" if name == "__main__.py" else name or "build.py"


def record(diagnostic: Diagnostic) -> dict[str, object]:
    """One diagnostic as a JSON-able record; line and column are null when unknown."""
    where = diagnostic.where
    return {"file": where.file, "line": where.line or None, "column": where.column or None,
            "severity": diagnostic.severity, "path": diagnostic.path,
            "message": diagnostic.message, "hint": diagnostic.hint}


def print_diagnostics(diagnostics: Sequence[Diagnostic], fmt: str = "text") -> None:
    """Every diagnostic: text lines on stderr, or a JSON list on stdout."""
    if fmt == "json":
        print(json.dumps([record(d) for d in diagnostics], ensure_ascii=False, indent=1))
        return
    for diagnostic in diagnostics:
        print(diagnostic.format(), file=sys.stderr)


def print_problems(diagnostics: Sequence[Diagnostic], built: bool, fmt: str = "text") -> None:
    """Every diagnostic, then the closing summary line."""
    from layout.diagnostics import summary

    print_diagnostics(diagnostics, fmt)
    print(summary(diagnostics, built), file=sys.stderr)


def shown(path: Path) -> str:
    """``path`` relative to the current folder when it is inside it."""
    absolute = Path(os.path.abspath(path))  # links are not followed: name what was given
    try:
        return str(absolute.relative_to(Path.cwd()))
    except ValueError:
        return str(path)


def usage_error(message: str, hint: str = "") -> int:
    """Print a usage error (and a hint); return exit code 2."""
    print(f"{program(sys.argv[0])}: error: {message}", file=sys.stderr)
    if hint:
        print(f"    hint: {hint}", file=sys.stderr)
    return 2


def output_error(error: Any) -> int:
    """Print an `OutputError` as ``path: error: message`` and its hint; return its exit code."""
    print(f"{shown(error.path)}: error: {error.message}", file=sys.stderr)
    if error.hint:
        print(f"    hint: {error.hint}", file=sys.stderr)
    return int(error.code)
