"""Covers: what the booklet's cover, inside cover (imprint) and back cover draw.

In: the canvas and the doc template (its `Furniture`, styles, trim and bleed). Out: drawing on
the canvas, nothing else. Titles are set in balanced lines: the narrowest measure that keeps
their number of lines, so no word is left alone on the last one.
"""

from __future__ import annotations

from typing import Any

from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas

from layout.pdf.tagging import SE, artifact
from layout.typeset import styles as st
from layout.typeset.flowables import balanced_width, paragraph_height
from layout.typeset.tagged import TaggedParagraph

MARGIN = 16 * mm
"""Side margin of the covers."""


def draw_paragraph(canvas: Canvas, markup: str, style: Any, x: float, top: float,
                   width: float, tag: SE | None = None) -> float:
    """Draw a wrapped paragraph whose top edge is at ``top`` (the content of ``tag``, if
    given); return its bottom edge."""
    para = TaggedParagraph(markup, style, tag=tag)
    _, height = para.wrap(width, 1000)
    para.drawOn(canvas, x, top - height)
    return float(top - height)


LOGO_BOX = (40 * mm, 16 * mm)
"""The largest logo the covers draw (width, height); the logo keeps its proportions."""


def _draw_logo(canvas: Canvas, logo: Any, x: float, top: float, right: bool = False) -> None:
    """Draw the theme's logo with its top edge at ``top``, starting at ``x`` (ending there if
    ``right``); it is decoration (the covers name the organisation): an artifact."""
    if logo is None:
        return
    width, height = logo.wrap(*LOGO_BOX)
    with artifact(canvas):
        logo.drawOn(canvas, x - width if right else x, top - height)


def draw_cover(canvas: Canvas, doc: Any) -> None:
    """The front cover: a colour field, the title hierarchy and the programme.

    The report's year is the one in its title; the publication year belongs to the imprint.
    """
    f, styles = doc.furniture, doc.styles
    width, height = doc.trim
    b = st.BLEED_REACH  # colour that touches the trim runs on into the bleed
    tags = doc.furniture_tags("cover")
    canvas.saveState()
    with artifact(canvas):
        canvas.setFillColor(styles.colour("primary"))
        canvas.rect(-b, height * 0.36, width + 2 * b, height * 0.64 + b, stroke=0, fill=1)
        # three bands: national, regional, local government
        for i, band in enumerate(("band_1", "band_2", "band_3")):
            canvas.setFillColor(styles.colour(band))
            canvas.rect(-b, height * 0.36 - (i + 1) * 5 * mm, width * (0.75 - 0.2 * i) + b,
                        5 * mm, stroke=0, fill=1)
        canvas.setFillColor(styles.colour("accent"))
        canvas.rect(MARGIN, height - 30 * mm, 14 * mm, 2.2 * mm, stroke=0, fill=1)
    title_style = st.derived(styles.chapter_title, "cover_title", fontSize=30, leading=33,
                             textColor=styles.colour("paper"), spaceAfter=0)
    sub_style = st.derived(title_style, "cover_sub", fontName=styles.fonts.light, fontSize=19,
                           leading=23)
    label_style = st.derived(title_style, "cover_label", fontName=styles.fonts.semibold,
                             fontSize=11, leading=14)
    column = width - 2 * MARGIN
    top = draw_paragraph(canvas, f.title, title_style, MARGIN, height - 38 * mm,
                         balanced_width(f.title, title_style, column), tags.get("title"))
    top = draw_paragraph(canvas, f.subtitle, sub_style, MARGIN, top - 4 * mm,
                         balanced_width(f.subtitle, sub_style, column), tags.get("subtitle"))
    label_top = top - 12 * mm
    with artifact(canvas):
        canvas.setFillColor(styles.colour("accent"))
        canvas.rect(-b, label_top - 9 * mm, MARGIN + 52 * mm + b, 9 * mm, stroke=0, fill=1)
    draw_paragraph(canvas, f.series.upper(), label_style, MARGIN, label_top - 2.4 * mm, 60 * mm,
                   tags.get("series"))
    prog_style = st.derived(styles.body, "cover_prog", fontName=styles.fonts.semibold,
                            fontSize=10, leading=13, textColor=styles.colour("text"),
                            alignment=0, hyphenationLang="")
    draw_paragraph(canvas, f.programme, prog_style, MARGIN, 30 * mm, column,
                   tags.get("programme"))
    _draw_logo(canvas, f.logo, width - MARGIN, 58 * mm, right=True)
    canvas.restoreState()


def draw_imprint(canvas: Canvas, doc: Any) -> None:
    """The inside front cover: the imprint, set small at the foot of the page."""
    lines = doc.furniture.imprint
    if not lines:
        return
    width = doc.trim[0] - st.MARGIN_INNER - st.MARGIN_OUTER
    x = st.MARGIN_OUTER  # page 2 is a left-hand page: its outer margin is on the left
    colour = doc.styles.colour
    text = st.derived(doc.styles.note, "imprint", leftIndent=0, firstLineIndent=0,
                      spaceAfter=4.5, textColor=colour("muted"), hyphenationLang="")
    head = st.derived(text, "imprint_head", fontName=doc.styles.fonts.semibold,
                      textColor=colour("primary"))
    styles = [head, *([text] * (len(lines) - 1))]
    total = sum(paragraph_height(m, s, width) + s.spaceAfter for m, s in zip(
        lines, styles, strict=True))
    top = st.MARGIN_BOTTOM + total
    tags = doc.furniture_tags("imprint")
    canvas.saveState()
    with artifact(canvas):
        canvas.setStrokeColor(colour("rule"))
        canvas.setLineWidth(0.5)
        canvas.line(x, top + 6, x + 18 * mm, top + 6)
    for i, (markup, style) in enumerate(zip(lines, styles, strict=True)):
        top = draw_paragraph(canvas, markup, style, x, top, width,
                             tags.get(str(i))) - style.spaceAfter
    canvas.restoreState()


def draw_back_cover(canvas: Canvas, doc: Any) -> None:
    """The back cover: the consultation note resting on the colour field, the motto on it,
    and the publisher."""
    f, styles = doc.furniture, doc.styles
    width, height = doc.trim
    b = st.BLEED_REACH
    field = height * 0.42
    tags = doc.furniture_tags("back")
    canvas.saveState()
    with artifact(canvas):
        canvas.setFillColor(styles.colour("primary"))
        canvas.rect(-b, -b, width + 2 * b, field + b, stroke=0, fill=1)
        canvas.setFillColor(styles.colour("accent"))
        canvas.rect(MARGIN, field - 1.1 * mm, 14 * mm, 2.2 * mm, stroke=0, fill=1)
    note_style = st.derived(styles.quote, "back_note", fontSize=11, leading=15.5,
                            textColor=styles.colour("text"))
    motto_style = st.derived(styles.chapter_title, "back_motto", fontName=styles.fonts.light,
                             fontSize=22, leading=26, textColor=styles.colour("paper"),
                             spaceAfter=0)
    pub_style = st.derived(styles.body, "back_pub", fontName=styles.fonts.semibold,
                           fontSize=10, leading=13, textColor=styles.colour("paper"),
                           alignment=0, hyphenationLang="")
    note_width = width - 2 * MARGIN - 10 * mm
    note_top = field + 12 * mm + paragraph_height(f.note, note_style, note_width)
    draw_paragraph(canvas, f.note, note_style, MARGIN, note_top, note_width, tags.get("note"))
    draw_paragraph(canvas, f.motto, motto_style, MARGIN, field - 14 * mm,
                   balanced_width(f.motto, motto_style, width - 2 * MARGIN), tags.get("motto"))
    draw_paragraph(canvas, f.publisher, pub_style, MARGIN, 30 * mm, width - 2 * MARGIN,
                   tags.get("publisher"))
    _draw_logo(canvas, f.logo, MARGIN, height - 14 * mm)
    canvas.restoreState()
