"""Styles: every typographic decision in one place: fonts, sizes, colours, page geometry.

In: a language (for hyphenation) and a `Palette` (colours by role, defined in CMYK). Out: a
frozen `Styles` whose fields are ReportLab paragraph styles named by role, drawn in the
palette's screen equivalents (the press editions turn them back into the palette's process
colours). Fonts are registered once per process; only TrueType fonts are used, so every glyph
in every PDF is embedded (none of the standard 14 fonts appears).
"""

from __future__ import annotations

import functools
from typing import Any

from msgspec import Struct
from msgspec.structs import fields
from reportlab.lib.colors import Color
from reportlab.lib.enums import TA_JUSTIFY, TA_LEFT, TA_RIGHT
from reportlab.lib.pagesizes import A4, A5, letter
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import inch, mm

from layout.content.units import BLEED_MAX_MM
from layout.typeset.colors import DEFAULT_PALETTE, Ink, Palette
from layout.typeset.fonts import DEFAULT_FONTS, FontSet, register_fonts
from layout.typeset.hyphenation import HyphenationPolicy

PAGE_SIZE = A5
"""The booklet's trimmed page by default: A5 portrait, 148 x 210 mm."""
PAGE_SIZES = {"A4": A5, "Letter": (5.5 * inch, 8.5 * inch)}
"""Booklet page for each print sheet: half the sheet, so two pages fill one side."""
HANDOUT_PAGES = {"A4": A4, "Letter": letter}
"""Handout page for each print sheet: handouts are mailed and printed on office paper."""
MARGIN_INNER = 16 * mm
MARGIN_OUTER = 16 * mm
MARGIN_TOP = 19 * mm
MARGIN_BOTTOM = 20 * mm

BLOCK_SPACE_BEFORE = 10.75
"""Space above a table, box, quote or figure (merged with the space below what precedes it,
and dropped at the top of a page)."""
BLOCK_SPACE_AFTER = 10.0
"""Space below a table, box, quote or figure."""

BLEED_REACH = BLEED_MAX_MM * mm
"""How far colour that touches the trim is drawn on past it, on every page. The reading
edition's page ends at the trim, so none of it shows there; the press editions keep their
bleed's worth of it."""


@functools.cache
def screen(ink: Ink) -> Color:
    """The ReportLab colour of ``ink`` on screen (its RGB equivalent)."""
    r, g, b = ink.rgb
    return Color(r / 255, g / 255, b / 255)


class Styles(Struct, frozen=True):
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
    palette: Palette = DEFAULT_PALETTE
    """The colours the styles are drawn in; templates and blocks take theirs from it too."""
    fonts: FontSet = DEFAULT_FONTS
    """The faces the styles use, for what is drawn outside paragraphs (tables, charts)."""

    def colour(self, role: str) -> Color:
        """The screen colour of the palette's ``role`` (e.g. "primary")."""
        return screen(getattr(self.palette, role))


def _look(font: str, size: float, leading: float, color: str, alignment: int,
          **more: Any) -> dict[str, Any]:
    """A role's font, size, leading, colour (a palette role) and alignment, and whatever else
    differs."""
    return {"fontName": font, "fontSize": size, "leading": leading, "textColor": color,
            "alignment": alignment, **more}


_ROLES: dict[str, dict[str, Any]] = {
    "chapter_number": _look("light", 54, 56, "accent", TA_LEFT, spaceAfter=4, hyphenationLang="",
                            keepWithNext=1),
    "chapter_title": _look("semibold", 17, 21, "primary", TA_LEFT, spaceAfter=16, keepWithNext=1,
                           hyphenationLang=""),
    "section_title": _look("semibold", 12, 15, "primary", TA_LEFT, spaceBefore=10, spaceAfter=6,
                           keepWithNext=1, hyphenationLang=""),
    "unnumbered_title": _look("semibold", 17, 21, "primary", TA_LEFT, spaceAfter=16,
                              keepWithNext=1, hyphenationLang=""),
    "list_item": dict(spaceAfter=3),
    "quote": _look("italic", 12, 16, "primary", TA_LEFT, spaceAfter=0, hyphenationLang=""),
    "box_title": _look("bold", 10, 13.5, "primary", TA_LEFT, spaceAfter=4, hyphenationLang=""),
    "agenda_head": _look("semibold", 10, 13, "paper", TA_LEFT, spaceAfter=0, hyphenationLang=""),
    "agenda_letter": _look("bold", 10, 13, "accent", TA_RIGHT, spaceAfter=0),
    "agenda_text": dict(fontSize=9, leading=12.5, spaceAfter=0, alignment=TA_LEFT),
    "agenda_bullet": dict(fontSize=8.75, leading=12, spaceAfter=0, alignment=TA_LEFT,
                          leftIndent=9, bulletIndent=1, bulletFontName="regular",
                          bulletFontSize=8.75, spaceBefore=2.5),
    "note": dict(fontSize=7.5, leading=9.5, alignment=TA_LEFT, spaceAfter=2, leftIndent=8,
                 firstLineIndent=-8),
    "caption": _look("italic", 7.5, 9.5, "muted", TA_LEFT, spaceBefore=3, spaceAfter=0),
    "toc_title": _look("semibold", 17, 21, "primary", TA_LEFT, spaceAfter=14),
    "toc_chapter": _look("semibold", 10, 13, "primary", TA_LEFT, leftIndent=16,
                         bulletIndent=0, bulletFontName="semibold", bulletFontSize=10,
                         rightIndent=18, spaceBefore=7, spaceAfter=0, hyphenationLang=""),
    "toc_section": dict(fontSize=9, leading=12, alignment=TA_LEFT, leftIndent=36,
                        bulletIndent=16, bulletFontName="regular", bulletFontSize=9, rightIndent=18,
                        spaceBefore=1.5, spaceAfter=0, hyphenationLang=""),
    "running": dict(fontSize=7.5, leading=9, alignment=TA_LEFT),
    "handout_title": _look("semibold", 16, 20, "primary", TA_LEFT, spaceAfter=8,
                           hyphenationLang=""),
    "handout_kicker": _look("semibold", 7.5, 10, "accent", TA_LEFT, spaceAfter=4,
                            hyphenationLang=""),
    "page_ref": _look("italic", 7.5, 10, "muted", TA_RIGHT, spaceBefore=0, spaceAfter=0),
}
"""Every role but ``body``: how its paragraph style differs from the body text (a textColor
names a palette role). Notes and running heads are in the text colour, solid black ink: a
tint would screen 7.5 pt type into dots."""


_FONT_KEYS = ("fontName", "bulletFontName")
"""Style attributes whose value names a face of the `FontSet` (``"semibold"``)."""


def _coloured(changes: dict[str, Any], palette: Palette, fonts: FontSet) -> dict[str, Any]:
    """A role's changes with its palette role and faces resolved."""
    found = {key: getattr(fonts, value) if key in _FONT_KEYS else value
             for key, value in changes.items()}
    if "textColor" in found:
        found["textColor"] = screen(getattr(palette, found["textColor"]))
    return found


@functools.cache
def make_styles(hyphenation: str, palette: Palette = DEFAULT_PALETTE,
                fonts: FontSet | None = None) -> Styles:
    """The style set for a language whose pyphen code is ``hyphenation``, in ``palette``,
    set in ``fonts`` (registered; Source Sans Pro by default)."""
    fonts = fonts or register_fonts()
    base = ParagraphStyle(
        "body", fontName=fonts.regular, fontSize=9.5, leading=13.5, textColor=screen(palette.text),
        alignment=TA_JUSTIFY, spaceAfter=6.75, hyphenationLang=hyphenation,
        embeddedHyphenation=1, uriWasteReduce=0.3, allowWidows=0, allowOrphans=0,
        spaceShrinkage=0.15,
    )
    roles = {role: ParagraphStyle(role, parent=base, **_coloured(changes, palette, fonts))
             for role, changes in _ROLES.items()}
    policy = HyphenationPolicy(hyphenation) if hyphenation else ""
    for style in (base, *roles.values()):
        # only justified text gains anything from a hyphen; ragged text never breaks a word
        justified = style.alignment == TA_JUSTIFY and style.hyphenationLang
        # ReportLab takes a callable here too; the stubs only know language codes
        style.hyphenationLang = policy if justified else ""  # type: ignore[assignment]
        style.embeddedHyphenation = 1 if justified else 0
    return Styles(body=base, palette=palette, fonts=fonts, **roles)


@functools.lru_cache(maxsize=256, typed=True)
def derived(style: ParagraphStyle, name: str, **changes: Any) -> ParagraphStyle:
    """``style.clone(name, **changes)``, made once: a style derived for every page (a running
    head, a footer) is then the same object on each, so `memo` knows its paragraphs again."""
    return style.clone(name, **changes)


@functools.cache
def make_handout_styles(hyphenation: str, palette: Palette = DEFAULT_PALETTE,
                        fonts: FontSet | None = None) -> Styles:
    """The style set for A4 handouts: the booklet's roles, set one size larger."""
    base = make_styles(hyphenation, palette, fonts)
    factor = 10 / 9.5

    def grow(style: ParagraphStyle) -> ParagraphStyle:
        return style.clone(f"{style.name}_a4", fontSize=style.fontSize * factor,
                           leading=style.leading * factor)

    return Styles(palette=palette, fonts=base.fonts,
                  **{f.name: grow(getattr(base, f.name)) for f in fields(Styles)
                     if f.name not in ("palette", "fonts")})


