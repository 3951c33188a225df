"""Fonts: the faces the report is set in, registered once per process, and their coverage.

Only TrueType faces are used, so every glyph in every PDF is embedded (none of the standard 14
fonts appears). `check_glyphs` reports each character of the content that the faces cannot
draw, at its text's file:line with its code point.
"""

from __future__ import annotations

import functools
import os

import font_source_sans_pro  # type: ignore[import-untyped]
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont

from layout.content.model import Report, iter_texts
from layout.diagnostics import Diagnostic

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

@functools.cache
def register_fonts() -> None:
    """Register the TrueType faces and the family (so <b> and <i> find their faces); once."""
    for name, filename in FONT_FILES.items():
        pdfmetrics.registerFont(TTFont(name, os.path.join(FONT_DIRECTORY, filename)))
    pdfmetrics.registerFontFamily(
        FONT, normal=FONT, bold=FONT_BOLD, italic=FONT_ITALIC, boldItalic="SourceSans-BoldItalic"
    )


@functools.cache
def _covered(font_name: str) -> frozenset[int]:
    register_fonts()
    return frozenset(pdfmetrics.getFont(font_name).face.charToGlyph)


def unsupported_characters(text: str) -> list[tuple[int, str]]:
    """(offset, character) of every character the faces cannot draw (emoji, CJK …)."""
    covered = _covered(FONT) & _covered(FONT_ITALIC) & _covered(FONT_BOLD)
    return [(i, ch) for i, ch in enumerate(text) if ord(ch) not in covered and ch not in "\n\t"]


def check_glyphs(report: Report) -> list[Diagnostic]:
    """Every character the fonts cannot draw, at its text's file:line with its code point."""
    problems = []
    for text in iter_texts(report):
        for lang, value in text.values:
            for offset, char in unsupported_characters(value)[:3]:
                problems.append(Diagnostic(
                    text.where, f"{text.path}.{lang}" if text.path else lang,
                    f"character U+{ord(char):04X} ({char!r}) at offset {offset} cannot be "
                    "printed with the report's fonts",
                    "remove it or replace it with a character the fonts have",
                ))
    return problems
