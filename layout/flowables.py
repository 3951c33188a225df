"""Flowables: our few custom ReportLab flowables.

`Heading` is a paragraph that knows its contents entry (level, plain title, link key), so the
document template can feed the table of contents and the PDF outline from `afterFlowable`.
"""

from __future__ import annotations

from reportlab.lib.styles import ParagraphStyle
from reportlab.platypus import Paragraph


class Heading(Paragraph):
    """A section heading that appears in the contents and the outline."""

    def __init__(self, markup: str, style: ParagraphStyle, *, level: int, entry: str,
                 key: str, section_id: str, chapter: str | None = None) -> None:
        super().__init__(markup, style)
        self.level = level
        """Outline depth: 0 for chapters, 1 for their sections."""
        self.entry = entry
        """Plain text of the contents line, number included."""
        self.key = key
        """Bookmark name that contents lines and outline entries link to."""
        self.section_id = section_id
        self.chapter = chapter
        """Running-head text this heading starts, for chapter headings."""
