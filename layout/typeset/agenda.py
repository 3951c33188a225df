"""Agenda tables: lettered items under their actors, for the booklet and the handouts.

In: agenda rows and a `Context`. Out: an `AgendaTable` whose heading row repeats after a page
break, marked as continued; in the booklet each row records the page it lands on.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from reportlab.lib.units import mm
from reportlab.platypus import (
    Flowable,
    Paragraph,
)

from layout.content.markup import escape
from layout.content.model import (
    Agenda,
    AgendaRow,
)
from layout.pdf.tagging import SE
from layout.typeset import styles as st
from layout.typeset.context import Context, table_style
from layout.typeset.tagged import TaggedParagraph, TaggedTable

MIN_FIRST_ROWS = 2
"""Rows a table must bring onto a page before it may break: no single row at a page foot."""


class AgendaTable(TaggedTable):
    """An agenda table that breaks between rows, never leaving one row alone at a page foot,
    and whose head after a break says the table continues.

    Each part is built afresh by ``make(rows, head, first)`` so the continued head and the
    zebra striping stay right; tables ReportLab builds internally carry no ``make``.
    """

    make: Callable[[list[list[Any]], list[Any] | None, int], AgendaTable] | None = None
    rows: list[list[Any]] = []  # noqa: RUF012 - overwritten per instance
    head: list[Any] | None = None
    continued: list[Any] | None = None
    first: int = 0

    def start_height(self, width: float) -> float:
        """Height of the head and first rows the table needs before it may break."""
        if self.make is None:
            return 0.0
        start = self.make(self.rows[:MIN_FIRST_ROWS], self.head, self.first)
        return float(start.wrap(width, 1e6)[1])

    def split(self, availWidth: float, availHeight: float) -> list[Any]:  # noqa: N803
        """Split between rows as ReportLab does, then rebuild both parts (or refuse)."""
        parts = super().split(availWidth, availHeight)
        if len(parts) != 2 or self.make is None:
            return list(parts)
        shown = len(parts[0]._cellvalues) - (1 if self.head is not None else 0)
        if shown < min(MIN_FIRST_ROWS, len(self.rows) - 1):
            return []
        return [self.make(self.rows[:shown], self.head, self.first),
                self.make(self.rows[shown:], self.continued, self.first + shown)]


def agenda_title(block: Agenda, ctx: Context, plain: bool = False) -> str:
    """The heading of an agenda table: its title, or its actors' names joined."""
    text = ctx.plain if plain else ctx.markup
    if block.title is not None:
        return text(block.title)
    names = ctx.report.actor_names
    parts = [text(names[actor]) for actor in block.actors]
    if len(parts) <= 1:
        return "".join(parts)
    return f"{', '.join(parts[:-1])} {escape(ctx.words['and'])} {parts[-1]}"


def _row(row: AgendaRow, ctx: Context, letter_note: Callable[[int], str] | None,
         body: SE) -> list[Any]:
    """One item's cells, its elements a TR under ``body``: a row TH (the letter), a TD with
    its text and its bullets as a list, and a TD with the note."""
    s = ctx.styles
    letter = ctx.numbering.letter(row.index)
    anchor = "" if letter_note else (
        f'<a name="item-{letter}"/><onDraw name="row" label="{row.index}"/>')
    tr = SE("TR", body)
    th = SE("TH", tr, scope="Row")
    td = SE("TD", tr)
    cell: list[Flowable] = [TaggedParagraph(anchor + ctx.markup(row.text), s.agenda_text,
                                            tag=ctx.tag("P", td, row.text))]
    bullets = SE("L", td, numbering="Disc") if row.bullets else None
    for b in row.bullets:
        item = SE("LI", bullets)
        label = SE("Lbl", item)
        cell.append(TaggedParagraph(ctx.markup(b), s.agenda_bullet, bulletText="\u2022",
                                    tag=ctx.tag("LBody", item, b), foreign=label))
    note = [TaggedParagraph(letter_note(row.index), s.page_ref,
                            tag=SE("P", SE("TD", tr)))] if letter_note else []
    return [TaggedParagraph(f"{letter}.", s.agenda_letter, tag=th), cell, *note]


def _commands(ctx: Context, has_head: bool, first: int) -> list[tuple[Any, ...]]:
    s = ctx.styles
    top = 1 if has_head else 0
    c = s.colour
    zebra = [c("paper"), c("zebra")] if first % 2 == 0 else [c("zebra"), c("paper")]
    pad = 5
    head = [("SPAN", (0, 0), (-1, 0)), ("BACKGROUND", (0, 0), (-1, 0), c("primary"))]
    return [
        *(head if has_head else []),
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("TOPPADDING", (0, 0), (-1, -1), pad),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 6),
        ("LEFTPADDING", (0, 0), (-1, -1), 6),
        ("RIGHTPADDING", (0, 0), (-1, -1), 7),
        # the letter's first baseline on its text's: a paragraph's first baseline sits one
        # font size below its top
        ("TOPPADDING", (0, top), (0, -1), pad + s.agenda_text.fontSize - s.agenda_letter.fontSize),
        ("LEFTPADDING", (0, top), (0, -1), 2),
        ("RIGHTPADDING", (0, top), (0, -1), 4),
        ("LEFTPADDING", (1, top), (1, -1), 2),
        ("ROWBACKGROUNDS", (0, top), (-1, -1), zebra),
        ("LINEBELOW", (0, top), (-1, -1), 0.4, c("rule")),
    ]


def agenda_table(rows: tuple[AgendaRow, ...], ctx: Context, title: str, parent: SE,
                 letter_note: Callable[[int], str] | None = None,
                 show_title: bool = True) -> AgendaTable:
    """An agenda table: a heading row, then one row per item; after a page break the heading
    returns marked as continued (shown there even when ``show_title`` drops it at the start).

    Without ``letter_note`` (the booklet) each row records the page it lands on; with it
    (handouts) the note, e.g. the booklet page, is printed in a third column. Its structure is
    a Table under ``parent``: the heading a column TH spanning every column, each item a row
    TH (its letter) with TDs (its text and bullets as a list; the note).
    """
    s = ctx.styles
    extra = [""] if letter_note is not None else []
    table_se = SE("Table", parent)
    continued = [Paragraph(f"{title} {ctx.words['continued']}", s.agenda_head), "", *extra]
    widths = [11 * mm, None, *([28 * mm] if letter_note else [])]

    def make(body: list[list[Any]], head: list[Any] | None, first: int) -> AgendaTable:
        data = [head, *body] if head is not None else list(body)
        table = AgendaTable(data, colWidths=widths, repeatRows=1 if head is not None else 0,
                            style=table_style(ctx.styles.fonts,
                                              *_commands(ctx, head is not None, first)),
                            hAlign="LEFT", spaceBefore=st.BLOCK_SPACE_BEFORE,
                            spaceAfter=st.BLOCK_SPACE_AFTER)
        table.make, table.rows, table.head, table.continued, table.first = (
            make, body, head, continued, first)
        # the continued heading is page furniture: read once, at the table's start
        table.tag_rows = [None if head is continued else 0] * (head is not None) + [
            1] * len(body)
        return table

    head = None
    if show_title:
        th = SE("TH", SE("TR", SE("THead", table_se)), scope="Column", colspan=len(widths))
        head = [TaggedParagraph(title, s.agenda_head, tag=th), "", *extra]
    body_se = SE("TBody", table_se)
    return make([_row(row, ctx, letter_note, body_se) for row in rows], head, 0)


def compose_agenda(block: Agenda, ctx: Context, parent: SE) -> list[Flowable]:
    """An agenda block: its table, without a head that would repeat the section heading."""
    repeats = agenda_title(block, ctx, plain=True) == ctx.heading
    return [agenda_table(block.rows, ctx, agenda_title(block, ctx), parent,
                         show_title=not repeats)]
