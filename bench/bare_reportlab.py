"""The baseline for the overhead benchmark: the English booklet's text set by a bare
ReportLab script (same font, page size and paragraph style; no contents, notes or tables).

Run: python bench/bare_reportlab.py OUT.pdf
"""

from __future__ import annotations

import io
import os
import sys
from pathlib import Path
from xml.sax.saxutils import escape

import font_source_sans_pro
import yaml
from reportlab.lib.pagesizes import A5
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.platypus import Paragraph, SimpleDocTemplate

CONTENT = Path(__file__).resolve().parent.parent / "content"


def english_texts(value: object) -> list[str]:
    """Every English string in the content, in file order."""
    found: list[str] = []
    if isinstance(value, dict):
        if isinstance(value.get("en"), str):
            found.append(value["en"])
        for item in value.values():
            found.extend(english_texts(item))
    elif isinstance(value, list):
        for item in value:
            found.extend(english_texts(item))
    return found


def main(out: str) -> None:
    report = yaml.safe_load((CONTENT / "report.yaml").read_text(encoding="utf-8"))
    texts: list[str] = []
    for name in ["report.yaml", "actors.yaml", *report["sections"]]:
        texts += english_texts(yaml.safe_load((CONTENT / name).read_text(encoding="utf-8")))
    folder = font_source_sans_pro.font_directory
    for name, file in [("SSP", "Regular"), ("SSP-Bold", "Bold"), ("SSP-It", "It"),
                       ("SSP-BI", "BoldIt")]:
        pdfmetrics.registerFont(TTFont(name, os.path.join(folder, f"SourceSansPro-{file}.ttf")))
    pdfmetrics.registerFontFamily("SSP", normal="SSP", bold="SSP-Bold", italic="SSP-It",
                                  boldItalic="SSP-BI")
    style = ParagraphStyle("body", fontName="SSP", fontSize=9.5, leading=13.5, alignment=4,
                           spaceAfter=6.75, hyphenationLang="en_US")
    buffer = io.BytesIO()
    doc = SimpleDocTemplate(buffer, pagesize=A5, leftMargin=16 * mm, rightMargin=16 * mm,
                            topMargin=19 * mm, bottomMargin=20 * mm, invariant=1,
                            initialFontName="SSP")
    doc.build([Paragraph(escape(text), style) for text in texts])
    Path(out).write_bytes(buffer.getvalue())


if __name__ == "__main__":
    main(sys.argv[1])
