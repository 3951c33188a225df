"""Console output of the command line: problems, paths and usage errors, all on stderr."""

from __future__ import annotations

import sys
from collections.abc import Sequence
from pathlib import Path


def print_problems(diagnostics: Sequence[object], built: bool) -> None:
    """Every diagnostic, then the closing summary line."""
    from layout.diagnostics import summary

    for diagnostic in diagnostics:
        print(diagnostic.format(), file=sys.stderr)  # type: ignore[attr-defined]
    print(summary(diagnostics, built), file=sys.stderr)  # type: ignore[arg-type]


def shown(path: Path) -> str:
    """``path`` relative to the current folder when it is inside it."""
    try:
        return str(path.resolve().relative_to(Path.cwd()))
    except ValueError:
        return str(path)


def usage_error(message: str) -> int:
    """Print a usage error; return exit code 2."""
    print(f"build.py: error: {message}", file=sys.stderr)
    return 2


