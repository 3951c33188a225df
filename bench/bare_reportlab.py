"""The baseline of the build benchmarks: the English booklet's text set by a bare ReportLab
script (same font, page size, margins and body style; headings, a contents page settled in two
passes as ReportLab's multiBuild does it, and bookmarks; no notes, tables, chart or cover).

Run: python bench/bare_reportlab.py OUT.pdf [CONTENT]
"""

from __future__ import annotations

import io
import os
import sys
from pathlib import Path
from xml.sax.saxutils import escape

import font_source_sans_pro
from reportlab.lib.pagesizes import A5
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.platypus import PageBreak, Paragraph, SimpleDocTemplate
from reportlab.platypus.tableofcontents import TableOfContents
from same_text import english_story

CONTENT = Path(__file__).resolve().parent.parent / "content"


class _Doc(SimpleDocTemplate):
    def afterFlowable(self, flowable: object) -> None:  # noqa: N802 - ReportLab hook
        level = getattr(flowable, "toc_level", None)
        if level is not None:
            key = f"h{id(flowable)}"
            self.canv.bookmarkPage(key)
            self.canv.addOutlineEntry(flowable.getPlainText(), key, level=level)
            self.notify("TOCEntry", (level, flowable.getPlainText(), self.page, key))


def main(out: str, content: Path = CONTENT) -> None:
    folder = font_source_sans_pro.font_directory
    for name, file in [("SSP", "Regular"), ("SSP-Bold", "Bold"), ("SSP-It", "It"),
                       ("SSP-BI", "BoldIt"), ("SSP-Semibold", "Semibold")]:
        pdfmetrics.registerFont(TTFont(name, os.path.join(folder, f"SourceSansPro-{file}.ttf")))
    pdfmetrics.registerFontFamily("SSP", normal="SSP", bold="SSP-Bold", italic="SSP-It",
                                  boldItalic="SSP-BI")
    body = ParagraphStyle("body", fontName="SSP", fontSize=9.5, leading=13.5, alignment=4,
                          spaceAfter=6.75, hyphenationLang="en_US")
    heads = [ParagraphStyle(f"h{i}", parent=body, fontName="SSP-Semibold", fontSize=size,
                            leading=size * 1.25, alignment=0, keepWithNext=1, spaceBefore=8,
                            hyphenationLang="") for i, size in enumerate((17, 12))]
    toc = TableOfContents()
    toc.levelStyles = [ParagraphStyle("t0", parent=body, alignment=0),
                       ParagraphStyle("t1", parent=body, alignment=0, leftIndent=12)]
    story: list[object] = [Paragraph("Contents", heads[0]), toc, PageBreak()]
    for kind, level, text in english_story(content):
        if kind == "heading":
            if level == 0:
                story.append(PageBreak())
            paragraph = Paragraph(escape(text), heads[level])
            paragraph.toc_level = level
            story.append(paragraph)
        else:
            story.append(Paragraph(escape(text), body))
    buffer = io.BytesIO()
    doc = _Doc(buffer, pagesize=A5, leftMargin=16 * mm, rightMargin=16 * mm, topMargin=19 * mm,
               bottomMargin=20 * mm, invariant=1, initialFontName="SSP")
    doc.multiBuild(story)
    Path(out).write_bytes(buffer.getvalue())


if __name__ == "__main__":
    main(sys.argv[1], *(Path(a) for a in sys.argv[2:3]))
