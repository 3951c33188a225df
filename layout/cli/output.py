"""Console output of the command line: problems, paths and usage errors, all on stderr."""

from __future__ import annotations

import os
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any


def print_problems(diagnostics: Sequence[object], built: bool) -> None:
    """Every diagnostic, then the closing summary line."""
    from layout.diagnostics import summary

    for diagnostic in diagnostics:
        print(diagnostic.format(), file=sys.stderr)  # type: ignore[attr-defined]
    print(summary(diagnostics, built), file=sys.stderr)  # type: ignore[arg-type]


def shown(path: Path) -> str:
    """``path`` relative to the current folder when it is inside it."""
    absolute = Path(os.path.abspath(path))  # links are not followed: name what was given
    try:
        return str(absolute.relative_to(Path.cwd()))
    except ValueError:
        return str(path)


def usage_error(message: str) -> int:
    """Print a usage error; return exit code 2."""
    print(f"build.py: error: {message}", file=sys.stderr)
    return 2




def output_error(error: Any) -> int:
    """Print an `OutputError` as ``path: error: message`` and its hint; return its exit code."""
    print(f"{shown(error.path)}: error: {error.message}", file=sys.stderr)
    if error.hint:
        print(f"    hint: {error.hint}", file=sys.stderr)
    return int(error.code)
