"""Agenda tables: lettered items under their actors, for the booklet and the handouts.

In: agenda rows and a `Context`. Out: a ReportLab `Table` whose heading row repeats after a
page break; in the booklet each row records the page it lands on.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from reportlab.lib.units import mm
from reportlab.platypus import (
    Flowable,
    Paragraph,
    Spacer,
    Table,
)

from layout.content.model import (
    Agenda,
    AgendaRow,
)
from layout.typeset import styles as st
from layout.typeset.context import Context, table_style


def agenda_title(block: Agenda, ctx: Context) -> str:
    """The heading of an agenda table: its title, or its actors' names joined."""
    if block.title is not None:
        return ctx.markup(block.title)
    names = {actor.id: actor.name for actor in ctx.report.actors}
    parts = [ctx.markup(names[actor]) for actor in block.actors]
    if len(parts) <= 1:
        return "".join(parts)
    return f"{', '.join(parts[:-1])} {ctx.words['and']} {parts[-1]}"


def agenda_table(rows: tuple[AgendaRow, ...], ctx: Context, title: str,
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


def compose_agenda(block: Agenda, ctx: Context) -> list[Flowable]:
    return [Spacer(1, 4), agenda_table(block.rows, ctx, agenda_title(block, ctx)),
            Spacer(1, 10)]
