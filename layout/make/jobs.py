"""Rendering jobs: compose, render and finish one output, in the build process or a pool worker.

In: the worker state set by `init_worker` (the report, its numbering, the booklets' page maps,
the options). Out: PDF bytes (and, for a booklet, its page map). ReportLab and the other
rendering stages are imported here, lazily, so a build with nothing to do never loads them.
"""

from __future__ import annotations

from typing import Any

from layout.content.model import Report
from layout.content.number import Numbering
from layout.diagnostics import ContentError, Diagnostic
from layout.make.options import BuildOptions

MM = 72 / 25.4
"""One millimetre in points."""

WORKER: dict[str, Any] = {}
"""The state a job reads: set in the build process and inherited or re-set in pool workers."""


def init_worker(report: Report, numbering: Numbering, pages: dict[str, dict[int, int]],
                options: BuildOptions) -> None:
    """Set the state the jobs read; a new report drops the handouts selected for the old one."""
    if WORKER.get("report") is not report:
        WORKER.pop("handouts", None)
    WORKER.update(report=report, numbering=numbering, pages=pages, options=options)


def booklet_job(lang: str) -> tuple[bytes, dict[int, int]]:
    """Render the booklet, the reading edition, tagged PDF/A-2a with PDF/UA-1; the press
    editions are made from its pages (`press_job`, `print_job`), not laid out again."""
    from layout.pdf.render import render_pdf
    from layout.typeset.colors import palette_for
    from layout.typeset.compose import compose_booklet
    from layout.typeset.styles import PAGE_SIZES

    report, numbering, options = WORKER["report"], WORKER["numbering"], WORKER["options"]
    sheet = options.sheet or report.print_settings.sheet
    composition = compose_booklet(report, numbering, lang, options.mark_untranslated,
                                  PAGE_SIZES[sheet], palette_for(report))
    result = render_pdf(composition)
    return result.pdf, result.row_pages


def press_job(booklet: bytes, settings: dict[str, Any]) -> bytes:
    """The press edition from the reading edition's bytes: its pages in process colour with
    the press bleed and crop marks, as PDF/X-1a."""
    from layout.pdf.pdfx import identify, press_pages
    from layout.typeset.colors import palette_for

    pages = press_pages(booklet, palette_for(WORKER["report"]),
                        settings["press_bleed_mm"] * MM, marks=True)
    return identify(pages, settings["output_condition"])


def print_job(booklet: bytes, settings: dict[str, Any]) -> tuple[bytes, int, tuple[float, float]]:
    """The imposed print edition from the reading edition's bytes, as PDF/X-1a; also the
    blank pages it got and the sheet size (points)."""
    from layout.pdf.impose import impose_booklet
    from layout.pdf.pdfx import identify, press_pages
    from layout.typeset.colors import palette_for

    bleed = settings["bleed_mm"] * MM
    pages = press_pages(booklet, palette_for(WORKER["report"]), bleed)
    result = impose_booklet(pages, settings["sheet"], marks=settings["marks"], bleed=bleed,
                            creep=settings["creep_mm"] * MM)
    return identify(result.pdf, settings["output_condition"]), result.blanks, result.media


def handout_job(lang: str, handout_id: str) -> bytes:
    """Render the handout of ``handout_id`` in ``lang``: tagged PDF/A-2a with PDF/UA-1."""
    from layout.content.select import all_handouts
    from layout.content.strings import words_for
    from layout.pdf.render import render_handout
    from layout.typeset.compose import compose_handout
    from layout.typeset.styles import HANDOUT_PAGES

    report, numbering, options = WORKER["report"], WORKER["numbering"], WORKER["options"]
    if "handouts" not in WORKER:
        WORKER["handouts"] = all_handouts(report)
    handout = WORKER["handouts"][handout_id]
    sheet = options.sheet or report.print_settings.sheet
    composition = compose_handout(report, numbering, lang, handout, WORKER["pages"][lang],
                                  options.mark_untranslated, HANDOUT_PAGES[sheet])
    return render_handout(composition, words_for(lang, report.interface))


def layout_job(lang: str) -> list[Diagnostic]:
    """Lay out the booklet and every handout of ``lang`` as a build would, writing nothing
    and finishing no PDF; return the problems a build would stop at (a box taller than a
    page ...), each once."""
    from layout.content.select import all_handouts
    from layout.content.strings import words_for
    from layout.pdf.render import render_handout, render_pdf
    from layout.typeset.colors import palette_for
    from layout.typeset.compose import compose_booklet, compose_handout
    from layout.typeset.styles import PAGE_SIZES

    report, numbering, options = WORKER["report"], WORKER["numbering"], WORKER["options"]
    problems: list[Diagnostic] = []
    try:
        sheet = PAGE_SIZES[options.sheet or report.print_settings.sheet]
        composition = compose_booklet(report, numbering, lang, False, sheet, palette_for(report))
        pages = render_pdf(composition).row_pages
    except ContentError as error:
        return list(error.diagnostics)
    words = words_for(lang, report.interface)
    for handout in all_handouts(report).values():
        try:
            render_handout(compose_handout(report, numbering, lang, handout, pages, False),
                           words)
        except ContentError as error:
            problems.extend(p for p in error.diagnostics if p not in problems)
    return problems


def warm_up() -> None:
    """Import the rendering stages and register the fonts in this process, so pool workers
    forked from it start warm instead of paying for imports and fonts each."""
    import layout.pdf.impose
    import layout.pdf.pdfa
    import layout.pdf.pdfx
    import layout.pdf.render
    import layout.typeset.compose  # noqa: F401
    from layout.typeset.fonts import font_set, register_fonts

    register_fonts()
    if "report" in WORKER:  # the theme's own faces, when it has some
        font_set(WORKER["report"].theme)
