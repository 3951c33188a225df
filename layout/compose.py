"""Compose: turn a numbered `Report` into a fresh list of ReportLab flowables; no file I/O.

In: the report, its `Numbering`, a language. Out: `Composition`, the story (flowables for the
booklet, consumed by one build) and the `Furniture` the page templates draw. One
``_compose_<block>`` function per block kind, dispatched by `BLOCK_BUILDERS`.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any
from xml.sax.saxutils import escape

from reportlab.graphics.charts.barcharts import HorizontalBarChart
from reportlab.graphics.charts.legends import Legend
from reportlab.graphics.shapes import Drawing
from reportlab.lib.units import mm
from reportlab.lib.utils import ImageReader
from reportlab.platypus import (
    CondPageBreak,
    Flowable,
    KeepTogether,
    ListFlowable,
    ListItem,
    NextPageTemplate,
    PageBreak,
    Paragraph,
    Spacer,
    Table,
    TableStyle,
)
from reportlab.platypus import (
    Image as PlatypusImage,
)
from reportlab.platypus.tableofcontents import TableOfContents

from layout import styles as st
from layout.diagnostics import ContentError, Diagnostic
from layout.flowables import Heading, RightPageBreak
from layout.markup import note_numbers_marker, plain, to_paragraph_markup
from layout.model import (
    Agenda,
    AgendaRow,
    Block,
    Box,
    BulletList,
    Chart,
    Image,
    ListEntry,
    NumberedList,
    Quote,
    Report,
    Section,
    Text,
)
from layout.model import (
    Paragraph as ParagraphBlock,
)
from layout.number import Numbering
from layout.select import Handout
from layout.strings import words_for
from layout.templates import Furniture


@dataclass(frozen=True)
class Composition:
    """A story ready for one build, and the texts the page templates print."""

    story: list[Flowable]
    furniture: Furniture
    styles: st.Styles
    notes: dict[int, str]
    """Footnote number -> markup of the note as printed at the foot of the page."""
    metadata: dict[str, Any]
    page_size: tuple[float, float] = st.PAGE_SIZE
    """The trimmed page the story was composed for."""


@dataclass(frozen=True)
class _Context:
    report: Report
    numbering: Numbering
    lang: str
    styles: st.Styles
    words: dict[str, str]
    mark_untranslated: bool = False
    page_size: tuple[float, float] = st.PAGE_SIZE

    @property
    def column(self) -> float:
        """Width of the text column."""
        return float(self.page_size[0] - st.MARGIN_INNER - st.MARGIN_OUTER)

    def markup(self, text: Text) -> str:
        """Paragraph markup of ``text`` in this language, footnote markers included.

        With ``mark_untranslated``, a text printed in the source language for want of a
        translation is highlighted so proofreaders see what is missing.
        """
        raw = text.get(self.lang, self.report.source_language)
        markup = to_paragraph_markup(raw, note_numbers_marker(self.numbering.notes))
        if self.mark_untranslated and text.values and not text.has(self.lang):
            return f'<span backColor="{st.UNTRANSLATED_HEX}">{markup}</span>'
        return markup

    def plain(self, text: Text) -> str:
        """The text without markup, for outlines and metadata."""
        return plain(text.get(self.lang, self.report.source_language))

    def safe(self, text: Text) -> str:
        """The text without note references, as safe markup (cover, running heads)."""
        return to_paragraph_markup(text.get(self.lang, self.report.source_language))


def table_style(*commands: tuple[Any, ...]) -> TableStyle:
    """A TableStyle whose cells use our font, so no standard-14 Helvetica sneaks in."""
    return TableStyle([("FONTNAME", (0, 0), (-1, -1), st.FONT), *commands])


def _compose_paragraph(block: ParagraphBlock, ctx: _Context) -> list[Flowable]:
    return [Paragraph(ctx.markup(block.text), ctx.styles.body)]


def _list_flowable(entries: tuple[ListEntry, ...], ctx: _Context, numbered: bool) -> Flowable:
    items = []
    for entry in entries:
        content: list[Flowable] = [Paragraph(ctx.markup(entry.text), ctx.styles.list_item)]
        if entry.children:
            sub = [ListItem(Paragraph(ctx.markup(child), ctx.styles.list_item))
                   for child in entry.children]
            content.append(ListFlowable(
                sub, bulletType="a", bulletFormat="%s.", bulletFontName=st.FONT_SEMIBOLD,
                bulletFontSize=9, bulletColor=st.ACCENT, leftIndent=14, bulletDedent=14,
            ))
        items.append(ListItem(content))
    if numbered:
        return ListFlowable(items, bulletType="1", bulletFormat="%s.",
                            bulletFontName=st.FONT_SEMIBOLD, bulletFontSize=9.5,
                            bulletColor=st.PRIMARY, leftIndent=16, bulletDedent=16,
                            spaceAfter=6)
    return ListFlowable(items, bulletType="bullet", start="\u2022", bulletFontName=st.FONT,
                        bulletFontSize=9.5, bulletColor=st.ACCENT, leftIndent=12,
                        bulletDedent=10, spaceAfter=6)


def _compose_bullets(block: BulletList, ctx: _Context) -> list[Flowable]:
    return [_list_flowable(block.entries, ctx, numbered=False), Spacer(1, 3)]


def _compose_numbered(block: NumberedList, ctx: _Context) -> list[Flowable]:
    return [_list_flowable(block.entries, ctx, numbered=True), Spacer(1, 3)]


def _compose_quote(block: Quote, ctx: _Context) -> list[Flowable]:
    quote = Table([[Paragraph(ctx.markup(block.text), ctx.styles.quote)]],
                  colWidths=[None], style=table_style(
                      ("LINEBEFORE", (0, 0), (0, 0), 2.5, st.ACCENT),
                      ("LEFTPADDING", (0, 0), (-1, -1), 10),
                      ("RIGHTPADDING", (0, 0), (-1, -1), 14),
                      ("TOPPADDING", (0, 0), (-1, -1), 2),
                      ("BOTTOMPADDING", (0, 0), (-1, -1), 4),
                  ))
    return [Spacer(1, 4), quote, Spacer(1, 10)]


def _compose_box(block: Box, ctx: _Context) -> list[Flowable]:
    inner_styles = ctx.styles
    content: list[Flowable] = [Paragraph(ctx.markup(block.title), inner_styles.box_title)]
    for child in block.blocks:
        content.extend(_compose_block(child, ctx))
    box = Table([[content]], colWidths=[None], style=table_style(
        ("BACKGROUND", (0, 0), (-1, -1), st.TINT),
        ("LINEABOVE", (0, 0), (-1, 0), 2, st.PRIMARY),
        ("LEFTPADDING", (0, 0), (-1, -1), 10),
        ("RIGHTPADDING", (0, 0), (-1, -1), 10),
        ("TOPPADDING", (0, 0), (-1, -1), 8),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 4),
    ))
    return [Spacer(1, 4), box, Spacer(1, 10)]


def agenda_title(block: Agenda, ctx: _Context) -> str:
    """The heading of an agenda table: its title, or its actors' names joined."""
    if block.title is not None:
        return ctx.markup(block.title)
    names = {actor.id: actor.name for actor in ctx.report.actors}
    parts = [ctx.markup(names[actor]) for actor in block.actors]
    if len(parts) <= 1:
        return "".join(parts)
    return f"{', '.join(parts[:-1])} {ctx.words['and']} {parts[-1]}"


def agenda_table(rows: tuple[AgendaRow, ...], ctx: _Context, title: str,
                 letter_note: Callable[[int], str] | None = None) -> Table:
    """An agenda table: a heading row (repeated after a page break), then one row per item.

    Without ``letter_note`` (the booklet) each row records the page it lands on; with it
    (handouts) the note, e.g. the booklet page, is printed in a third column.
    """
    s = ctx.styles
    extra = [""] if letter_note is not None else []
    data: list[list[Any]] = [[Paragraph(title, s.agenda_head), "", *extra]]
    for row in rows:
        letter = ctx.numbering.letter(row.index)
        anchor = "" if letter_note else (
            f'<a name="item-{letter}"/><onDraw name="row" label="{row.index}"/>')
        cell: list[Flowable] = [Paragraph(anchor + ctx.markup(row.text), s.agenda_text)]
        cell += [Paragraph(ctx.markup(b), s.agenda_bullet, bulletText="\u2022")
                 for b in row.bullets]
        note = [Paragraph(letter_note(row.index), s.page_ref)] if letter_note else []
        data.append([Paragraph(f"{letter}.", s.agenda_letter), cell, *note])
    commands: list[tuple[Any, ...]] = [
        ("SPAN", (0, 0), (-1, 0)),
        ("BACKGROUND", (0, 0), (-1, 0), st.PRIMARY),
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("TOPPADDING", (0, 0), (-1, -1), 5),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 6),
        ("LEFTPADDING", (0, 0), (-1, -1), 6),
        ("RIGHTPADDING", (0, 0), (-1, -1), 7),
        ("LEFTPADDING", (0, 1), (0, -1), 2),
        ("RIGHTPADDING", (0, 1), (0, -1), 4),
        ("LEFTPADDING", (1, 1), (1, -1), 2),
        ("ROWBACKGROUNDS", (0, 1), (-1, -1), [st.WHITE, st.ZEBRA]),
        ("LINEBELOW", (0, 1), (-1, -1), 0.4, st.RULE),
    ]
    widths = [11 * mm, None, *([28 * mm] if letter_note else [])]
    return Table(data, colWidths=widths, repeatRows=1, style=table_style(*commands),
                 hAlign="LEFT")


def _compose_agenda(block: Agenda, ctx: _Context) -> list[Flowable]:
    return [Spacer(1, 4), agenda_table(block.rows, ctx, agenda_title(block, ctx)),
            Spacer(1, 10)]


SERIES_COLOURS = (st.PRIMARY, st.ACCENT, st.colors.HexColor("#4d8cc0"),
                  st.colors.HexColor("#e0a458"))


def chart_drawing(block: Chart, ctx: _Context, width: float) -> Drawing:
    """A horizontal grouped bar chart with value labels, drawn in our font and colours."""
    n_cat, n_ser = len(block.categories), len(block.series)
    bar, gap = 13.0, 9.0
    plot_h = n_cat * (n_ser * bar + gap)
    legend_h = 22.0
    drawing = Drawing(width, plot_h + legend_h + 4)
    drawing.initialFontName, drawing.initialFontSize = st.FONT, 8  # no stray Helvetica
    chart = HorizontalBarChart()
    chart.x, chart.y = 78, legend_h
    chart.width, chart.height = width - chart.x - 30, plot_h
    # the first category on top, as a reader expects
    # the first category on top, and within it the first series on top, as a reader expects
    chart.data = [list(reversed(series.values)) for series in reversed(block.series)]
    chart.categoryAxis.categoryNames = [ctx.plain(c) for c in reversed(block.categories)]
    chart.categoryAxis.labels.fontName = st.FONT
    chart.categoryAxis.labels.fontSize = 8
    chart.categoryAxis.labels.boxAnchor = "e"
    chart.categoryAxis.labels.dx = -4
    chart.categoryAxis.strokeColor = st.RULE
    chart.categoryAxis.tickLeft = 0
    chart.valueAxis.valueMin = 0
    chart.valueAxis.visible = 0
    chart.valueAxis.labels.fontName = st.FONT
    chart.barSpacing = 1.5
    chart.groupSpacing = gap
    chart.barLabelFormat = "%d"
    chart.barLabels.fontName = st.FONT_SEMIBOLD
    chart.barLabels.fontSize = 8
    chart.barLabels.fillColor = st.INK
    chart.barLabels.nudge = 7
    for i in range(n_ser):
        chart.bars[n_ser - 1 - i].fillColor = SERIES_COLOURS[i % len(SERIES_COLOURS)]
        chart.bars[i].strokeColor = None
    drawing.add(chart)
    legend = Legend()
    legend.x, legend.y = chart.x, 0
    legend.fontName, legend.fontSize = st.FONT, 7.5
    legend.alignment = "right"
    legend.columnMaximum = 1
    legend.deltax = 95
    legend.boxAnchor = "sw"
    legend.dx = legend.dy = 7
    legend.strokeColor = None
    legend.colorNamePairs = [(SERIES_COLOURS[i % len(SERIES_COLOURS)], ctx.plain(ser.name))
                             for i, ser in enumerate(block.series)]
    drawing.add(legend)
    return drawing


def _compose_chart(block: Chart, ctx: _Context) -> list[Flowable]:
    parts: list[Flowable] = [Paragraph(ctx.markup(block.title), ctx.styles.box_title),
                             chart_drawing(block, ctx, ctx.column)]
    if block.source is not None:
        parts.append(Paragraph(ctx.markup(block.source), ctx.styles.caption))
    return [Spacer(1, 4), KeepTogether(parts), Spacer(1, 8)]


def _svg_drawing(path: str, width: float) -> Drawing:
    """An SVG file as vector graphics ``width`` wide, its text set in our font."""
    from reportlab.graphics.shapes import Group, String
    from svglib.svglib import svg2rlg

    drawing = svg2rlg(path)
    if drawing is None or not drawing.width:
        raise ValueError(f"cannot read SVG {path}")
    scale = width / drawing.width
    drawing.scale(scale, scale)
    drawing.width, drawing.height = width, drawing.height * scale
    drawing.initialFontName = st.FONT
    pending = list(drawing.contents)
    while pending:  # svglib falls back to Helvetica, which would not be embedded
        shape = pending.pop()
        if isinstance(shape, Group):
            pending.extend(shape.contents)
        elif isinstance(shape, String):
            shape.fontName = st.FONT_BOLD if "bold" in shape.fontName.lower() else st.FONT
    return drawing


def _compose_image(block: Image, ctx: _Context) -> list[Flowable]:
    frame_width = ctx.column
    width = min(block.width_mm * mm if block.width_mm else frame_width, frame_width)
    picture: Flowable
    try:
        if block.path.lower().endswith(".svg"):
            picture = _svg_drawing(block.path, width)
        else:
            pixel_w, pixel_h = ImageReader(block.path).getSize()
            picture = PlatypusImage(block.path, width=width, height=width * pixel_h / pixel_w)
    except Exception as error:  # any unreadable image is a content problem
        raise ContentError([Diagnostic(block.where, "image.file",
                                       f"cannot read image '{block.file}': {error}",
                                       "save it again as PNG, JPEG or plain SVG")]) from None
    parts: list[Flowable] = [picture]
    if block.caption is not None:
        parts.append(Paragraph(ctx.markup(block.caption), ctx.styles.caption))
    figure = KeepTogether(parts)
    figure.alt_text = ctx.plain(block.alt)  # kept for a future tagged-PDF pass
    return [Spacer(1, 4), figure, Spacer(1, 8)]


BLOCK_BUILDERS: dict[type, Callable[[Any, _Context], list[Flowable]]] = {
    Chart: _compose_chart,
    Image: _compose_image,
    ParagraphBlock: _compose_paragraph,
    BulletList: _compose_bullets,
    NumberedList: _compose_numbered,
    Quote: _compose_quote,
    Box: _compose_box,
    Agenda: _compose_agenda,
}


def _compose_block(block: Block, ctx: _Context) -> list[Flowable]:
    flowables = BLOCK_BUILDERS[type(block)](block, ctx)
    for flowable in flowables:
        # lets render report a layout failure at the block's file:line
        flowable.source_where = block.where
        flowable.source_kind = type(block).__name__.lower()
    return flowables


def _heading(section: Section, ctx: _Context, level: int) -> list[Flowable]:
    number = ctx.numbering.sections.get(section.id)
    title = ctx.markup(section.title)
    entry = f"{number}. {ctx.plain(section.title)}" if number and level == 0 else (
        f"{number} {ctx.plain(section.title)}" if number else ctx.plain(section.title))
    key = f"sec-{section.id}"
    s = ctx.styles
    if level > 0:
        shown = f'<font color="#c8473d">{number}</font>&nbsp;&nbsp;{title}' if number else title
        return [CondPageBreak(40 * mm),
                Heading(shown, s.section_title, level=1, entry=entry, key=key,
                        section_id=section.id)]
    flowables: list[Flowable] = [RightPageBreak() if number else PageBreak()]
    if number:
        flowables.append(Paragraph(number, s.chapter_number))
        style = s.chapter_title
    else:
        style = s.unnumbered_title
    flowables.append(Heading(title, style, level=0, entry=entry, key=key,
                             section_id=section.id, chapter=ctx.safe(section.title)))
    return flowables


def _notes(ctx: _Context) -> dict[int, str]:
    """Every footnote's printed markup: an anchor, its number, its text."""
    out = {}
    for note in ctx.report.footnotes:
        number = ctx.numbering.notes.get(note.id)
        if number is not None:
            out[number] = (f'<a name="fn-{number}"/><font name="{st.FONT_SEMIBOLD}">{number}'
                           f"</font>&nbsp;&nbsp;{ctx.markup(note.text)}")
    return out


def _compose_section(section: Section, ctx: _Context, level: int) -> list[Flowable]:
    flowables = _heading(section, ctx, level)
    for block in section.blocks:
        flowables.extend(_compose_block(block, ctx))
    for child in section.sections:
        flowables.extend(_compose_section(child, ctx, level + 1))
    return flowables


def _contents(ctx: _Context) -> list[Flowable]:
    toc = TableOfContents(dotsMinLevel=-1)
    toc.levelStyles = [ctx.styles.toc_chapter, ctx.styles.toc_section]
    toc.tableStyle = table_style(
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("LEFTPADDING", (0, 0), (-1, -1), 0),
        ("RIGHTPADDING", (0, 0), (-1, -1), 0),
        ("TOPPADDING", (0, 0), (-1, -1), 0),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 0),
    )
    return [Paragraph(ctx.words["contents"], ctx.styles.toc_title), toc]


def _furniture(ctx: _Context) -> Furniture:
    r = ctx.report
    return Furniture(
        title=ctx.safe(r.title), subtitle=ctx.safe(r.subtitle), series=ctx.safe(r.series),
        programme=ctx.safe(r.programme), year=escape(r.year),
        running_title=ctx.safe(r.running_title), publisher=ctx.safe(r.back_cover.publisher),
        motto=ctx.safe(r.back_cover.motto), note=ctx.safe(r.back_cover.note),
        lang_tag=ctx.words["lang_tag"],
    )


def compose_booklet(report: Report, numbering: Numbering, lang: str,
                    mark_untranslated: bool = False,
                    page_size: tuple[float, float] = st.PAGE_SIZE) -> Composition:
    """The booklet's story for ``lang`` on ``page_size`` pages: cover, contents, sections,
    back cover."""
    words = words_for(lang, report.interface)
    ctx = _Context(report, numbering, lang, st.make_styles(words["hyphenation"]), words,
                   mark_untranslated, page_size)
    story: list[Flowable] = [NextPageTemplate("body"), PageBreak()]
    story.extend(_contents(ctx))
    for section in report.sections:
        story.extend(_compose_section(section, ctx, 0))
    story.extend([NextPageTemplate("back"), PageBreak(), Spacer(1, 1)])
    title = ctx.plain(report.title)
    if report.subtitle.values:
        title = f"{title}: {ctx.plain(report.subtitle)}"
    metadata = {
        "title": title, "author": ctx.plain(report.author), "subject": ctx.plain(report.subject),
        "keywords": ctx.plain(report.keywords),
    }
    return Composition(story, _furniture(ctx), ctx.styles, _notes(ctx), metadata, page_size)


def compose_handout(report: Report, numbering: Numbering, lang: str, handout: Handout,
                    row_pages: dict[int, int], mark_untranslated: bool = False) -> Composition:
    """One actor's handout: its name, what the agenda is, its items with booklet pages."""
    words = words_for(lang, report.interface)
    ctx = _Context(report, numbering, lang, st.make_handout_styles(words["hyphenation"]), words,
                   mark_untranslated)
    s = ctx.styles
    story: list[Flowable] = [
        Paragraph(f"{ctx.safe(report.title)}: {ctx.safe(report.subtitle)}".upper(),
                  s.handout_kicker),
        Paragraph(ctx.safe(handout.name), s.handout_title),
    ]
    if report.handout_intro is not None:
        story.append(Paragraph(ctx.markup(report.handout_intro), s.body))
    story.append(Spacer(1, 6))

    def page_ref(row_index: int) -> str:
        page = row_pages.get(row_index)
        return words["booklet_page"].format(page=page) if page else ""

    for block, rows in handout.groups:
        table = agenda_table(rows, ctx, agenda_title(block, ctx), page_ref)
        story.extend([table, Spacer(1, 10)])
    metadata = {
        "title": f"{ctx.plain(report.series)}: {ctx.plain(handout.name)}",
        "author": ctx.plain(report.author), "subject": ctx.plain(report.subject),
        "keywords": ctx.plain(report.keywords),
    }
    return Composition(story, _furniture(ctx), s, {}, metadata)
