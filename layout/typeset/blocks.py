"""Block builders: one ``_compose_<block>`` function per block kind, dispatched by
`BLOCK_BUILDERS`.

In: a model block and a `Context`. Out: a fresh list of flowables, each carrying the block's
location so that render can report a layout failure at the block's file:line.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from reportlab.platypus import (
    Flowable,
    KeepTogether,
    ListFlowable,
    ListItem,
    Paragraph,
    Table,
)

from layout.content.model import (
    Agenda,
    Block,
    Box,
    BulletList,
    Chart,
    Image,
    ListEntry,
    NumberedList,
    Quote,
)
from layout.content.model import (
    Paragraph as ParagraphBlock,
)
from layout.typeset import styles as st
from layout.typeset.agenda import compose_agenda
from layout.typeset.context import Context, table_style
from layout.typeset.figures import compose_chart, compose_image
from layout.typeset.hyphenation import PolicedParagraph


def _compose_paragraph(block: ParagraphBlock, ctx: Context) -> list[Flowable]:
    return [PolicedParagraph(ctx.markup(block.text), ctx.styles.body)]


def _list_flowable(entries: tuple[ListEntry, ...], ctx: Context, numbered: bool) -> Flowable:
    items = []
    for entry in entries:
        content: list[Flowable] = [PolicedParagraph(ctx.markup(entry.text),
                                                    ctx.styles.list_item)]
        if entry.children:
            sub = [ListItem(PolicedParagraph(ctx.markup(child), ctx.styles.list_item))
                   for child in entry.children]
            content.append(ListFlowable(
                sub, bulletType="a", bulletFormat="%s.", bulletFontName=st.FONT_SEMIBOLD,
                bulletFontSize=ctx.styles.list_item.fontSize, bulletColor=st.ACCENT,
                leftIndent=14, bulletDedent=14, spaceAfter=ctx.styles.list_item.spaceAfter,
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


SHORT_LIST = 3
"""A list of this many items or fewer is never split across pages."""


def _compose_list(entries: tuple[ListEntry, ...], ctx: Context, numbered: bool
                  ) -> list[Flowable]:
    flowable = _list_flowable(entries, ctx, numbered)
    flowable.spaceAfter = 9
    return [KeepTogether([flowable]) if len(entries) <= SHORT_LIST else flowable]


def _compose_bullets(block: BulletList, ctx: Context) -> list[Flowable]:
    return _compose_list(block.entries, ctx, numbered=False)


def _compose_numbered(block: NumberedList, ctx: Context) -> list[Flowable]:
    return _compose_list(block.entries, ctx, numbered=True)


def _compose_quote(block: Quote, ctx: Context) -> list[Flowable]:
    quote = Table([[Paragraph(ctx.markup(block.text), ctx.styles.quote)]],
                  colWidths=[None], style=table_style(
                      ("LINEBEFORE", (0, 0), (0, 0), 2.5, st.ACCENT),
                      ("LEFTPADDING", (0, 0), (-1, -1), 10),
                      ("RIGHTPADDING", (0, 0), (-1, -1), 14),
                      ("TOPPADDING", (0, 0), (-1, -1), 2),
                      ("BOTTOMPADDING", (0, 0), (-1, -1), 4),
                  ), spaceBefore=st.BLOCK_SPACE_BEFORE, spaceAfter=st.BLOCK_SPACE_AFTER)
    return [quote]


BOX_PADDING_TOP = 7.1
BOX_PADDING_BOTTOM = 8.0
"""Padding inside a box; the top one is smaller by what the first line's leading adds."""


def _compose_box(block: Box, ctx: Context) -> list[Flowable]:
    inner_styles = ctx.styles
    content: list[Flowable] = [Paragraph(ctx.markup(block.title), inner_styles.box_title)]
    for child in block.blocks:
        for flowable in compose_block(child, ctx):  # a box never splits: no keep-together
            content.extend(flowable._content if isinstance(flowable, KeepTogether)
                           else [flowable])
    # the space below the last line is the padding alone, as above the first
    content[-1].spaceAfter = 0
    box = Table([[content]], colWidths=[None], style=table_style(
        ("BACKGROUND", (0, 0), (-1, -1), st.TINT),
        ("LINEABOVE", (0, 0), (-1, 0), 2, st.PRIMARY),
        ("LEFTPADDING", (0, 0), (-1, -1), 10),
        ("RIGHTPADDING", (0, 0), (-1, -1), 10),
        ("TOPPADDING", (0, 0), (-1, -1), BOX_PADDING_TOP),
        ("BOTTOMPADDING", (0, 0), (-1, -1), BOX_PADDING_BOTTOM),
    ), spaceBefore=st.BLOCK_SPACE_BEFORE, spaceAfter=st.BLOCK_SPACE_AFTER)
    return [box]


BLOCK_BUILDERS: dict[type, Callable[[Any, Context], list[Flowable]]] = {
    Chart: compose_chart,
    Image: compose_image,
    ParagraphBlock: _compose_paragraph,
    BulletList: _compose_bullets,
    NumberedList: _compose_numbered,
    Quote: _compose_quote,
    Box: _compose_box,
    Agenda: compose_agenda,
}


def compose_block(block: Block, ctx: Context) -> list[Flowable]:
    """The flowables of one block, each tagged with the block's location for layout errors."""
    flowables = BLOCK_BUILDERS[type(block)](block, ctx)
    for flowable in flowables:
        # lets render report a layout failure at the block's file:line
        flowable.source_where = block.where
        flowable.source_kind = type(block).__name__.lower()
    return flowables
