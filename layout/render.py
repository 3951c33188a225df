"""Render: flowables -> PDF bytes, with the contents and page references settled.

In: a `Composition`. Out: `RenderResult`, the PDF's bytes and where things landed (the page of
every section and agenda row), the page map that handouts and tests read. Runs ReportLab's
``multiBuild`` so the contents' page numbers converge in a bounded number of passes;
``invariant`` mode makes identical input give identical bytes.
"""

from __future__ import annotations

import io
from dataclasses import dataclass

from layout.compose import Composition
from layout.diagnostics import log
from layout.templates import BookletTemplate

MAX_PASSES = 6
"""Contents passes before we give up waiting for page numbers to settle."""


@dataclass(frozen=True)
class RenderResult:
    """A rendered PDF and its page map."""

    pdf: bytes
    page_count: int
    section_pages: dict[str, int]
    """Section id -> page number (1-based, as printed)."""
    row_pages: dict[int, int]
    """Agenda row index -> page number."""


def render_pdf(composition: Composition) -> RenderResult:
    """Lay out ``composition`` and return the PDF bytes with its page map."""
    buffer = io.BytesIO()
    doc = BookletTemplate(buffer, composition.furniture, composition.styles, composition.notes,
                          **composition.metadata)
    passes = doc.multiBuild(composition.story, maxPasses=MAX_PASSES)
    if passes >= MAX_PASSES:
        log.warning("contents page numbers had not settled after %d passes", passes)
    return RenderResult(buffer.getvalue(), doc.page, dict(doc.section_pages),
                        dict(doc.row_pages))
