"""Agenda tables: lettered items under their actors, for the booklet and the handouts.

In: agenda rows and a `Context`. Out: a ReportLab `Table` whose heading row repeats after a
page break; in the booklet each row records the page it lands on.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any
from xml.sax.saxutils import escape

from reportlab.lib.units import mm
from reportlab.platypus import (
    Flowable,
    Spacer,
    Table,
)

from layout.content.model import (
    Agenda,
    AgendaRow,
)
from layout.pdf.tagging import SE
from layout.typeset.context import Context, table_style
from layout.typeset.tagged import TaggedParagraph, TaggedTable


def agenda_title(block: Agenda, ctx: Context) -> str:
    """The heading of an agenda table: its title, or its actors' names joined."""
    if block.title is not None:
        return ctx.markup(block.title)
    names = {actor.id: actor.name for actor in ctx.report.actors}
    parts = [ctx.markup(names[actor]) for actor in block.actors]
    if len(parts) <= 1:
        return "".join(parts)
    return f"{', '.join(parts[:-1])} {escape(ctx.words['and'])} {parts[-1]}"


def agenda_table(rows: tuple[AgendaRow, ...], ctx: Context, title: str, parent: SE,
                 letter_note: Callable[[int], str] | None = None) -> Table:
    """An agenda table: a heading row (repeated after a page break), then one row per item.

    Without ``letter_note`` (the booklet) each row records the page it lands on; with it
    (handouts) the note, e.g. the booklet page, is printed in a third column. Its structure is
    a Table under ``parent``: the heading a column TH spanning every column, each item a row
    TH (its letter) with TDs (its text and bullets as a list; the note).
    """
    s = ctx.styles
    extra = [""] if letter_note is not None else []
    table = SE("Table", parent)
    head = SE("TH", SE("TR", SE("THead", table)), scope="Column", colspan=2 + len(extra))
    body = SE("TBody", table)
    data: list[list[Any]] = [[TaggedParagraph(title, s.agenda_head, tag=head), "", *extra]]
    for row in rows:
        letter = ctx.numbering.letter(row.index)
        anchor = "" if letter_note else (
            f'<a name="item-{letter}"/><onDraw name="row" label="{row.index}"/>')
        tr = SE("TR", body)
        th = SE("TH", tr, scope="Row")
        cell_se = SE("TD", tr)
        text = TaggedParagraph(anchor + ctx.markup(row.text), s.agenda_text,
                               tag=ctx.tag("P", cell_se, row.text))
        cell: list[Flowable] = [text]
        bullets = SE("L", cell_se, numbering="Disc") if row.bullets else None
        for b in row.bullets:
            item = SE("LI", bullets)
            label = SE("Lbl", item)
            cell.append(TaggedParagraph(ctx.markup(b), s.agenda_bullet, bulletText="\u2022",
                                        tag=ctx.tag("LBody", item, b), foreign=label))
        note = [TaggedParagraph(letter_note(row.index), s.page_ref,
                                tag=SE("P", SE("TD", tr)))] if letter_note else []
        data.append([TaggedParagraph(f"{letter}.", s.agenda_letter, tag=th), cell, *note])
    commands: list[tuple[Any, ...]] = [
        ("SPAN", (0, 0), (-1, 0)),
        ("BACKGROUND", (0, 0), (-1, 0), ctx.styles.colour("primary")),
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("TOPPADDING", (0, 0), (-1, -1), 5),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 6),
        ("LEFTPADDING", (0, 0), (-1, -1), 6),
        ("RIGHTPADDING", (0, 0), (-1, -1), 7),
        ("LEFTPADDING", (0, 1), (0, -1), 2),
        ("RIGHTPADDING", (0, 1), (0, -1), 4),
        ("LEFTPADDING", (1, 1), (1, -1), 2),
        ("ROWBACKGROUNDS", (0, 1), (-1, -1),
         [ctx.styles.colour("paper"), ctx.styles.colour("zebra")]),
        ("LINEBELOW", (0, 1), (-1, -1), 0.4, ctx.styles.colour("rule")),
    ]
    widths = [11 * mm, None, *([28 * mm] if letter_note else [])]
    return TaggedTable(data, colWidths=widths, repeatRows=1,
                       style=table_style(ctx.styles.fonts, *commands), hAlign="LEFT")


def compose_agenda(block: Agenda, ctx: Context, parent: SE) -> list[Flowable]:
    return [Spacer(1, 4), agenda_table(block.rows, ctx, agenda_title(block, ctx), parent),
            Spacer(1, 10)]
