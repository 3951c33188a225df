"""Targets: what to build, and writing it safely.

In: a content folder, an output folder, the languages and kinds asked for. Out: PDFs written
atomically (a temporary file in the same folder, then a rename), so a failed or interrupted
build never replaces the last good file. Runs the pipeline of `layout.__init__` in order.
"""

from __future__ import annotations

import os
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

from layout.diagnostics import ContentError, Diagnostic, Location, log
from layout.model import Report

KINDS = ("booklet",)
"""Kinds of output, in the order they are built."""


@dataclass
class BuildOutcome:
    """What a build wrote and what it warned about."""

    written: list[Path] = field(default_factory=list)
    warnings: list[Diagnostic] = field(default_factory=list)


def write_atomic(path: Path, data: bytes) -> None:
    """Write ``data`` to ``path`` through a temporary file and a rename."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, temporary = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def booklet_path(out: Path, lang: str) -> Path:
    """Where the booklet of ``lang`` goes."""
    return out / lang / "booklet.pdf"


def load_report(content: Path) -> Report:
    """Read and validate a content folder (stages load and validate)."""
    from layout.load import read_content
    from layout.validate import to_report

    return to_report(read_content(content))


def build_all(content: Path, out: Path, langs: list[str] | None = None,
              kinds: tuple[str, ...] = KINDS) -> BuildOutcome:
    """Build the requested outputs; raise `ContentError` before writing anything if invalid."""
    from layout.compose import compose_booklet
    from layout.number import number_report
    from layout.render import render_pdf

    report = load_report(content)
    chosen = langs or list(report.languages)
    unknown = [lang for lang in chosen if lang not in report.languages]
    if unknown:
        raise ContentError([Diagnostic(
            Location(str(content / "report.yaml")), "languages",
            f"language '{unknown[0]}' is not in this report's languages",
            f"languages: {', '.join(report.languages)}",
        )])
    numbering = number_report(report)
    outcome = BuildOutcome()
    rendered = {}
    for lang in chosen:
        log.info("composing %s booklet", lang)
        rendered[lang] = render_pdf(compose_booklet(report, numbering, lang))
    for lang, result in rendered.items():
        if "booklet" in kinds:
            path = booklet_path(out, lang)
            write_atomic(path, result.pdf)
            outcome.written.append(path)
    return outcome
