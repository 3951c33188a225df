"""Targets: what to build, and writing it safely.

In: a content folder, an output folder, the languages and kinds asked for. Out: PDFs written
atomically (a temporary file in the same folder, then a rename), so a failed or interrupted
build never replaces the last good file. Runs the pipeline of `layout.__init__` in order.
"""

from __future__ import annotations

import multiprocessing
import os
import sys
import tempfile
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from layout.diagnostics import ContentError, Diagnostic, Location, log
from layout.model import Report
from layout.number import Numbering

KINDS = ("booklet", "handouts")
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


def handout_path(out: Path, lang: str, handout_id: str) -> Path:
    """Where the handout of ``handout_id`` in ``lang`` goes."""
    return out / lang / "handouts" / f"{handout_id}.pdf"


# Worker state for the handout pool: set once per process, read by every task.
_WORKER: dict[str, Any] = {}


def _init_worker(report: Report, numbering: Numbering, pages: dict[str, dict[int, int]]) -> None:
    _WORKER.update(report=report, numbering=numbering, pages=pages)


def _render_handout_job(lang: str, handout_id: str) -> bytes:
    """Compose and render one handout from the worker's report (runs in a pool process)."""
    from layout.compose import compose_handout
    from layout.render import render_handout
    from layout.select import select_for_actor
    from layout.strings import strings_for

    report, numbering = _WORKER["report"], _WORKER["numbering"]
    handout = select_for_actor(report, handout_id)
    composition = compose_handout(report, numbering, lang, handout, _WORKER["pages"][lang])
    return render_handout(composition, strings_for(lang))


def render_handouts(report: Report, numbering: Numbering, pages: dict[str, dict[int, int]],
                    jobs: list[tuple[str, str]], workers: int | None = None) -> list[bytes]:
    """Render handouts ``(lang, id)`` with a process pool sized to the cores; in order."""
    workers = workers if workers is not None else (os.cpu_count() or 1)
    _init_worker(report, numbering, pages)
    if workers <= 1 or len(jobs) <= 2:
        return [_render_handout_job(lang, ident) for lang, ident in jobs]
    context = multiprocessing.get_context("fork" if sys.platform == "linux" else "spawn")
    with ProcessPoolExecutor(max_workers=workers, mp_context=context,
                             initializer=_init_worker,
                             initargs=(report, numbering, pages)) as pool:
        langs, idents = zip(*jobs, strict=True)
        chunk = max(1, len(jobs) // (workers * 4))
        return list(pool.map(_render_handout_job, langs, idents, chunksize=chunk))


def build_all(content: Path, out: Path, langs: list[str] | None = None,
              kinds: tuple[str, ...] = KINDS, actors: list[str] | None = None) -> BuildOutcome:
    """Build the requested outputs; raise `ContentError` before writing anything if invalid."""
    from layout.compose import compose_booklet
    from layout.number import number_report
    from layout.render import render_pdf
    from layout.select import handout_ids

    report = load_report(content)
    chosen = langs or list(report.languages)
    numbering = number_report(report)
    outcome = BuildOutcome()
    rendered = {}
    for lang in chosen:
        log.info("composing %s booklet", lang)
        rendered[lang] = render_pdf(compose_booklet(report, numbering, lang))
    ids = actors or handout_ids(report)
    jobs = [(lang, ident) for lang in chosen for ident in ids] if "handouts" in kinds else []
    handouts = render_handouts(report, numbering,
                               {lang: r.row_pages for lang, r in rendered.items()}, jobs)
    for lang, result in rendered.items():
        if "booklet" in kinds:
            path = booklet_path(out, lang)
            write_atomic(path, result.pdf)
            outcome.written.append(path)
    for (lang, ident), pdf in zip(jobs, handouts, strict=True):
        path = handout_path(out, lang, ident)
        write_atomic(path, pdf)
        outcome.written.append(path)
    if jobs and not actors:
        _remove_stale_handouts(out, chosen, set(ids))
    return outcome


def _remove_stale_handouts(out: Path, langs: list[str], ids: set[str]) -> None:
    """Delete handouts of actors that no longer own items (a full handout build only)."""
    for lang in langs:
        for path in (out / lang / "handouts").glob("*.pdf"):
            if path.stem not in ids:
                path.unlink()
