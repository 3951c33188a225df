"""Styles: every typographic decision in one place: fonts, sizes, colours, page geometry.

In: a language (for hyphenation). Out: a frozen `Styles` whose fields are ReportLab paragraph
styles named by role. Fonts are registered once per process; only TrueType fonts are used, so
every glyph in every PDF is embedded (none of the standard 14 fonts appears).
"""

from __future__ import annotations

import functools
import os
from dataclasses import dataclass, fields
from typing import Any

import font_source_sans_pro  # type: ignore[import-untyped]
from reportlab.lib import colors
from reportlab.lib.enums import TA_JUSTIFY, TA_LEFT, TA_RIGHT
from reportlab.lib.pagesizes import A5
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import inch, mm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont

FONT = "SourceSans"
"""The family name registered with ReportLab; bold/italic variants follow from it."""
FONT_BOLD = "SourceSans-Bold"
FONT_ITALIC = "SourceSans-Italic"
FONT_SEMIBOLD = "SourceSans-Semibold"
FONT_LIGHT = "SourceSans-Light"
FONT_FILES = {
    FONT: "SourceSansPro-Regular.ttf",
    FONT_BOLD: "SourceSansPro-Bold.ttf",
    FONT_ITALIC: "SourceSansPro-It.ttf",
    "SourceSans-BoldItalic": "SourceSansPro-BoldIt.ttf",
    FONT_SEMIBOLD: "SourceSansPro-Semibold.ttf",
    FONT_LIGHT: "SourceSansPro-Light.ttf",
}
FONT_DIRECTORY: str = font_source_sans_pro.font_directory

PAGE_SIZE = A5
"""The booklet's trimmed page by default: A5 portrait, 148 x 210 mm."""
PAGE_SIZES = {"A4": A5, "Letter": (5.5 * inch, 8.5 * inch)}
"""Booklet page for each print sheet: half the sheet, so two pages fill one side."""
MARGIN_INNER = 16 * mm
MARGIN_OUTER = 16 * mm
MARGIN_TOP = 19 * mm
MARGIN_BOTTOM = 20 * mm

INK = colors.HexColor("#1f2328")
PRIMARY = colors.HexColor("#17416b")
ACCENT = colors.HexColor("#c8473d")
MUTED = colors.HexColor("#5b6670")
TINT = colors.HexColor("#e8eef5")
ZEBRA = colors.HexColor("#f3f6f9")
RULE = colors.HexColor("#b9c6d3")
WHITE = colors.white
UNTRANSLATED_HEX = "#ffe27a"
"""Highlight behind texts printed in the source language for want of a translation."""


@functools.cache
def register_fonts() -> None:
    """Register the TrueType faces and the family (so <b> and <i> find their faces); once."""
    for name, filename in FONT_FILES.items():
        pdfmetrics.registerFont(TTFont(name, os.path.join(FONT_DIRECTORY, filename)))
    pdfmetrics.registerFontFamily(
        FONT, normal=FONT, bold=FONT_BOLD, italic=FONT_ITALIC, boldItalic="SourceSans-BoldItalic"
    )


@dataclass(frozen=True)
class Styles:
    """Paragraph styles by role, for one language."""

    body: ParagraphStyle
    chapter_number: ParagraphStyle
    chapter_title: ParagraphStyle
    section_title: ParagraphStyle
    unnumbered_title: ParagraphStyle
    list_item: ParagraphStyle
    quote: ParagraphStyle
    box_title: ParagraphStyle
    agenda_head: ParagraphStyle
    agenda_letter: ParagraphStyle
    agenda_text: ParagraphStyle
    agenda_bullet: ParagraphStyle
    note: ParagraphStyle
    caption: ParagraphStyle
    toc_title: ParagraphStyle
    toc_chapter: ParagraphStyle
    toc_section: ParagraphStyle
    running: ParagraphStyle
    handout_title: ParagraphStyle
    handout_kicker: ParagraphStyle
    page_ref: ParagraphStyle


@functools.cache
def make_styles(hyphenation: str) -> Styles:
    """The style set for a language whose pyphen code is ``hyphenation``."""
    register_fonts()
    base = ParagraphStyle(
        "body", fontName=FONT, fontSize=9.5, leading=13.5, textColor=INK, alignment=TA_JUSTIFY,
        spaceAfter=6.75, hyphenationLang=hyphenation, embeddedHyphenation=1,
        uriWasteReduce=0.3, allowWidows=0, allowOrphans=0,
    )

    def derive(name: str, **changes: Any) -> ParagraphStyle:
        return ParagraphStyle(name, parent=base, **changes)

    return Styles(
        body=base,
        chapter_number=derive(
            "chapter_number", fontName=FONT_LIGHT, fontSize=54, leading=56, textColor=ACCENT,
            alignment=TA_LEFT, spaceAfter=4, hyphenationLang="", keepWithNext=1,
        ),
        chapter_title=derive(
            "chapter_title", fontName=FONT_SEMIBOLD, fontSize=17, leading=21, textColor=PRIMARY,
            alignment=TA_LEFT, spaceAfter=16, keepWithNext=1, hyphenationLang="",
        ),
        section_title=derive(
            "section_title", fontName=FONT_SEMIBOLD, fontSize=12, leading=15, textColor=PRIMARY,
            alignment=TA_LEFT, spaceBefore=10, spaceAfter=6, keepWithNext=1, hyphenationLang="",
        ),
        unnumbered_title=derive(
            "unnumbered_title", fontName=FONT_SEMIBOLD, fontSize=17, leading=21,
            textColor=PRIMARY, alignment=TA_LEFT, spaceAfter=16, keepWithNext=1,
            hyphenationLang="",
        ),
        list_item=derive("list_item", spaceAfter=3),
        quote=derive(
            "quote", fontName=FONT_ITALIC, fontSize=12, leading=16, textColor=PRIMARY,
            alignment=TA_LEFT, spaceAfter=0, hyphenationLang="",
        ),
        box_title=derive(
            "box_title", fontName=FONT_BOLD, fontSize=10, leading=13.5, textColor=PRIMARY,
            alignment=TA_LEFT, spaceAfter=4, hyphenationLang="",
        ),
        agenda_head=derive(
            "agenda_head", fontName=FONT_SEMIBOLD, fontSize=10, leading=13, textColor=WHITE,
            alignment=TA_LEFT, spaceAfter=0, hyphenationLang="",
        ),
        agenda_letter=derive(
            "agenda_letter", fontName=FONT_BOLD, fontSize=10, leading=13, textColor=ACCENT,
            alignment=TA_RIGHT, spaceAfter=0,
        ),
        agenda_text=derive("agenda_text", fontSize=9, leading=12.5, spaceAfter=0,
                           alignment=TA_LEFT),
        agenda_bullet=derive("agenda_bullet", fontSize=8.75, leading=12, spaceAfter=0,
                             alignment=TA_LEFT, leftIndent=9, bulletIndent=1,
                             bulletFontName=FONT, spaceBefore=2.5),
        note=derive("note", fontSize=7.5, leading=9.5, alignment=TA_LEFT, spaceAfter=2,
                    leftIndent=8, firstLineIndent=-8, textColor=MUTED),
        caption=derive("caption", fontName=FONT_ITALIC, fontSize=7.5, leading=9.5,
                       textColor=MUTED, alignment=TA_LEFT, spaceBefore=3, spaceAfter=0),
        toc_title=derive("toc_title", fontName=FONT_SEMIBOLD, fontSize=17, leading=21,
                         textColor=PRIMARY, alignment=TA_LEFT, spaceAfter=14),
        toc_chapter=derive("toc_chapter", fontName=FONT_SEMIBOLD, fontSize=10, leading=13,
                           textColor=PRIMARY, alignment=TA_LEFT, leftIndent=16,
                           firstLineIndent=-16, rightIndent=18, spaceBefore=7, spaceAfter=0,
                           hyphenationLang=""),
        toc_section=derive("toc_section", fontSize=9, leading=12, alignment=TA_LEFT,
                           leftIndent=34, firstLineIndent=-18, rightIndent=18, spaceBefore=1.5,
                           spaceAfter=0, hyphenationLang=""),
        running=derive("running", fontSize=7.5, leading=9, textColor=MUTED, alignment=TA_LEFT),
        handout_title=derive("handout_title", fontName=FONT_SEMIBOLD, fontSize=16, leading=20,
                             textColor=PRIMARY, alignment=TA_LEFT, spaceAfter=8,
                             hyphenationLang=""),
        handout_kicker=derive("handout_kicker", fontName=FONT_SEMIBOLD, fontSize=7.5,
                              leading=10, textColor=ACCENT, alignment=TA_LEFT, spaceAfter=4,
                              hyphenationLang=""),
        page_ref=derive("page_ref", fontName=FONT_ITALIC, fontSize=7.5, leading=10,
                        textColor=MUTED, alignment=TA_RIGHT, spaceBefore=0, spaceAfter=0),
    )


@functools.cache
def make_handout_styles(hyphenation: str) -> Styles:
    """The style set for A4 handouts: the booklet's roles, set one size larger."""
    base = make_styles(hyphenation)
    factor = 10 / 9.5

    def grow(style: ParagraphStyle) -> ParagraphStyle:
        return style.clone(f"{style.name}_a4", fontSize=style.fontSize * factor,
                           leading=style.leading * factor)

    return Styles(**{f.name: grow(getattr(base, f.name)) for f in fields(Styles)})


@functools.cache
def _covered(font_name: str) -> frozenset[int]:
    register_fonts()
    return frozenset(pdfmetrics.getFont(font_name).face.charToGlyph)


def unsupported_characters(text: str) -> list[tuple[int, str]]:
    """(offset, character) of every character the faces cannot draw (emoji, CJK …)."""
    covered = _covered(FONT) & _covered(FONT_ITALIC) & _covered(FONT_BOLD)
    return [(i, ch) for i, ch in enumerate(text) if ord(ch) not in covered and ch not in "\n\t"]
