"""Render: flowables -> PDF bytes, with the contents and page references settled.

In: a `Composition`. Out: `RenderResult`, the PDF's bytes and where things landed (the page of
every section and agenda row), the page map that handouts and tests read. Lays the booklet
out in one pass (compose gives the contents their lines), or again when those lines change;
``invariant`` mode makes identical input give identical bytes.
"""

from __future__ import annotations

import io
from collections.abc import Callable
from typing import Any

from msgspec import Struct
from reportlab.platypus.tableofcontents import TableOfContents

from layout.diagnostics import ContentError, Diagnostic, Location, log
from layout.pdf.tagging import Structure, Tagger
from layout.typeset import styles as st
from layout.typeset.context import Composition
from layout.typeset.templates import BookletTemplate, HandoutTemplate

MAX_PASSES = 6
"""Contents passes before we give up waiting for page numbers to settle."""


class RenderResult(Struct, frozen=True):
    """A rendered PDF and its page map."""

    pdf: bytes
    page_count: int
    section_pages: dict[str, int]
    """Section id -> page number (1-based, as printed)."""
    row_pages: dict[int, int]
    """Agenda row index -> page number."""
    contents: tuple[tuple[int, str, int, str | None], ...] = ()
    """The contents entries (level, text, page, link key) the layout settled on."""
    passes: int = 1
    """Layout passes it took (one, unless the contents' lines changed while laying out)."""


def _tagger(composition: Composition, tagged: bool) -> Tagger | None:
    structure: Structure | None = composition.structure
    return Tagger(structure) if tagged and structure is not None else None


def _canvas_maker(tagger: Tagger | None) -> dict[str, Any]:
    """ReportLab's build arguments: a tagged build's canvases write PDF/A-2a + PDF/UA-1."""
    if tagger is None:
        return {}
    from layout.pdf.pdfa import pdfa_canvas

    return {"canvasmaker": pdfa_canvas(tagger.structure)}


def render_pdf(composition: Composition, tagged: bool = True) -> RenderResult:
    """Lay out ``composition`` and return the PDF bytes with its page map.

    Pages are the trimmed size; colour that touches the trim is drawn on past it, so the
    press editions are made from these very pages (`layout.pdf.pdfx`), not laid out again.
    Compose gives the contents its lines, and their pages are drawn last, so one pass
    lays the booklet out (`layout.typeset.contents`).
    ``tagged`` marks the content for ``composition.structure``, which the render fills in.

    The story is consumed as it is laid out, as ReportLab's ``build`` does, so a flowable's
    memory is freed once it is drawn (ReportLab's ``multiBuild`` would keep every one for a
    next pass). When the contents' lines change while laying out, the booklet is composed
    again (``composition.again``), given the lines the pass found, and laid out again.
    """
    entries: list[Any] | None = None
    for passes in range(1, MAX_PASSES + 1):
        if entries is not None and composition.again is not None:
            composition = composition.again()
        toc = next((f for f in composition.story if isinstance(f, TableOfContents)), None)
        if entries is not None and toc is not None:
            toc.prefill(entries)  # the lines the last pass found
        last = passes == MAX_PASSES or composition.again is None
        doc, buffer, settled = _laid_out(composition, tagged, last)
        if buffer is not None:
            if not settled:
                log.warning("contents page numbers had not settled after %d passes", passes)
            contents = tuple(tuple(entry) for entry in toc._entries) if toc is not None else ()
            return RenderResult(buffer.getvalue(), doc.page, dict(doc.section_pages),
                                dict(doc.row_pages), contents, passes)  # type: ignore[arg-type]
        entries = list(toc._entries) if toc is not None else []
    raise AssertionError("the last pass always saves")  # pragma: no cover


def _laid_out(composition: Composition, tagged: bool,
              last: bool) -> tuple[BookletTemplate, io.BytesIO | None, bool]:
    """One layout pass: its template, the file (when the contents are settled or the pass
    is ``last``), and whether they are settled."""
    buffer = io.BytesIO()
    tagger = _tagger(composition, tagged)
    doc = BookletTemplate(buffer, composition.furniture, composition.styles, composition.notes,
                          composition.page_size, tagger, **composition.metadata)
    indexing = [f for f in composition.story if f.isIndexing()]
    doc._indexingFlowables = indexing  # they hear the headings (``notify``)
    doc._doSave = 0  # saved below, once the contents' forms are defined
    for flowable in indexing:
        flowable.beforeBuild()
    _build(doc, composition.story, tagger, lambda message: _layout_problem(doc, message))
    for flowable in indexing:
        flowable.afterBuild()
    settled = all(flowable.isSatisfied() for flowable in indexing)
    if not (settled or last):
        return doc, None, False
    doc.canv.save()
    return doc, buffer, settled


def _layout_problem(doc: BookletTemplate, message: str) -> Diagnostic:
    """A layout failure reported at the content block that caused it, with its measurements."""
    block = doc.current_block
    where = getattr(block, "source_where", None) or Location("(layout)")
    kind = getattr(block, "source_kind", "block")
    frame_w = doc.trim[0] - st.MARGIN_INNER - st.MARGIN_OUTER
    frame_h = doc.trim[1] - st.MARGIN_TOP - st.MARGIN_BOTTOM
    if block is not None:
        try:
            width, height = block.wrap(frame_w, 1e6)
        except Exception:
            width = height = 0.0
        if width > frame_w + 0.5:
            return Diagnostic(where, "", f"{kind} is too wide for the page "
                              f"({width:.0f} pt; the text column is {frame_w:.0f} pt)",
                              "make it narrower")
        if height > frame_h:
            return Diagnostic(where, "", f"{kind} is too tall to fit on one page "
                              f"({height:.0f} pt; a page holds {frame_h:.0f} pt)",
                              f"shorten it or split it into several {kind} blocks")
    first_line = message.splitlines()[0] if message else "unknown layout error"
    return Diagnostic(where, "", f"cannot lay out this {kind}: {first_line}")


def render_handout(composition: Composition, words: dict[str, str],
                   tagged: bool = True) -> bytes:
    """Lay out a handout (one pass: it has no contents) and return the PDF bytes; with
    ``tagged``, ``composition.structure`` is filled in as for `render_pdf`."""
    buffer = io.BytesIO()
    tagger = _tagger(composition, tagged)
    doc = HandoutTemplate(buffer, composition.furniture, composition.styles, words,
                          composition.page_size, tagger, **composition.metadata)
    _build(doc, composition.story, tagger, lambda message: _handout_problem(doc, message))
    return buffer.getvalue()


def _handout_problem(doc: HandoutTemplate, message: str) -> Diagnostic:
    """A handout's layout failure, at the content block that caused it when known."""
    where = getattr(getattr(doc, "current_block", None), "source_where", None)
    return Diagnostic(where or Location("(handout)"), "", f"cannot lay out the handout: {message}")


def _build(doc: Any, story: list[Any], tagger: Tagger | None,
           problem: Callable[[str], Diagnostic]) -> None:
    """ReportLab's build of ``story`` on ``doc``; a layout failure (a LayoutError, or a
    ReportLab ValueError on a hostile block) becomes a `ContentError` of ``problem``, given
    the error's first line."""
    try:
        doc.build(story, **_canvas_maker(tagger))
    except ContentError:
        raise
    except Exception as error:
        raise ContentError([problem(_first_line(error))]) from None


def _first_line(error: BaseException) -> str:
    lines = str(error).strip().splitlines()
    return lines[0] if lines else type(error).__name__
