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
    ListItem,
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
from layout.pdf.tagging import SE
from layout.typeset import styles as st
from layout.typeset.agenda import compose_agenda
from layout.typeset.context import Context, table_style
from layout.typeset.figures import compose_chart, compose_image
from layout.typeset.tagged import TaggedList, TaggedTable


def _compose_paragraph(block: ParagraphBlock, ctx: Context, parent: SE) -> list[Flowable]:
    return [ctx.para(block.text, ctx.styles.body, parent, policed=True)]


def _list_flowable(entries: tuple[ListEntry, ...], ctx: Context, numbered: bool,
                   parent: SE) -> Flowable:
    lst = SE("L", parent, numbering="Decimal" if numbered else "Disc")
    items, labels = [], []
    for entry in entries:
        item = SE("LI", lst)
        labels.append(SE("Lbl", item))
        body = SE("LBody", item)
        content: list[Flowable] = [ctx.para(entry.text, ctx.styles.list_item, body,
                                            policed=True)]
        if entry.children:
            sub = SE("L", body, numbering="LowerAlpha")
            sub_items, sub_labels = [], []
            for child in entry.children:
                child_item = SE("LI", sub)
                sub_labels.append(SE("Lbl", child_item))
                sub_items.append(ListItem(ctx.para(child, ctx.styles.list_item,
                                                   SE("LBody", child_item), policed=True)))
            content.append(TaggedList(
                sub_items, labels=sub_labels, bulletType="a", bulletFormat="%s.",
                bulletFontName=ctx.styles.fonts.semibold,
                bulletFontSize=ctx.styles.list_item.fontSize,
                bulletColor=ctx.styles.colour("accent"), leftIndent=14, bulletDedent=14,
                spaceAfter=ctx.styles.list_item.spaceAfter,
            ))
        items.append(ListItem(content))
    if numbered:
        return TaggedList(items, labels=labels, bulletType="1", bulletFormat="%s.",
                          bulletFontName=ctx.styles.fonts.semibold, bulletFontSize=9.5,
                          bulletColor=ctx.styles.colour("primary"), leftIndent=16,
                          bulletDedent=16, spaceAfter=6)
    return TaggedList(items, labels=labels, bulletType="bullet", start="\u2022",
                      bulletFontName=ctx.styles.fonts.regular, bulletFontSize=9.5,
                      bulletColor=ctx.styles.colour("accent"), leftIndent=12, bulletDedent=10,
                      spaceAfter=6)


SHORT_LIST = 3
"""A list of this many items or fewer is never split across pages."""


def _compose_list(entries: tuple[ListEntry, ...], ctx: Context, numbered: bool,
                  parent: SE) -> list[Flowable]:
    flowable = _list_flowable(entries, ctx, numbered, parent)
    flowable.spaceAfter = 9
    return [KeepTogether([flowable]) if len(entries) <= SHORT_LIST else flowable]


def _compose_bullets(block: BulletList, ctx: Context, parent: SE) -> list[Flowable]:
    return _compose_list(block.entries, ctx, False, parent)


def _compose_numbered(block: NumberedList, ctx: Context, parent: SE) -> list[Flowable]:
    return _compose_list(block.entries, ctx, True, parent)


def _compose_quote(block: Quote, ctx: Context, parent: SE) -> list[Flowable]:
    text = ctx.para(block.text, ctx.styles.quote, SE("BlockQuote", parent))
    quote = TaggedTable([[text]], colWidths=[None], style=table_style(
                      ctx.styles.fonts,
                      ("LINEBEFORE", (0, 0), (0, 0), 2.5, ctx.styles.colour("accent")),
                      ("LEFTPADDING", (0, 0), (-1, -1), 10),
                      ("RIGHTPADDING", (0, 0), (-1, -1), 14),
                      ("TOPPADDING", (0, 0), (-1, -1), 2),
                      ("BOTTOMPADDING", (0, 0), (-1, -1), 4),
                  ), spaceBefore=st.BLOCK_SPACE_BEFORE, spaceAfter=st.BLOCK_SPACE_AFTER)
    return [quote]


BOX_PADDING_TOP = 7.1
BOX_PADDING_BOTTOM = 8.0
"""Padding inside a box; the top one is smaller by what the first line's leading adds."""


def _compose_box(block: Box, ctx: Context, parent: SE) -> list[Flowable]:
    aside = SE("Aside", parent)
    content: list[Flowable] = [ctx.para(block.title, ctx.styles.box_title, aside)]
    for child in block.blocks:
        for flowable in compose_block(child, ctx, aside):  # a box never splits
            content.extend(flowable._content if isinstance(flowable, KeepTogether)
                           else [flowable])
    # the space below the last line is the padding alone, as above the first
    content[-1].spaceAfter = 0
    box = TaggedTable([[content]], colWidths=[None], style=table_style(
        ctx.styles.fonts,
        ("BACKGROUND", (0, 0), (-1, -1), ctx.styles.colour("tint")),
        ("LINEABOVE", (0, 0), (-1, 0), 2, ctx.styles.colour("primary")),
        ("LEFTPADDING", (0, 0), (-1, -1), 10),
        ("RIGHTPADDING", (0, 0), (-1, -1), 10),
        ("TOPPADDING", (0, 0), (-1, -1), BOX_PADDING_TOP),
        ("BOTTOMPADDING", (0, 0), (-1, -1), BOX_PADDING_BOTTOM),
    ), spaceBefore=st.BLOCK_SPACE_BEFORE, spaceAfter=st.BLOCK_SPACE_AFTER)
    return [box]


BLOCK_BUILDERS: dict[type, Callable[[Any, Context, SE], list[Flowable]]] = {
    Chart: compose_chart,
    Image: compose_image,
    ParagraphBlock: _compose_paragraph,
    BulletList: _compose_bullets,
    NumberedList: _compose_numbered,
    Quote: _compose_quote,
    Box: _compose_box,
    Agenda: compose_agenda,
}


def compose_block(block: Block, ctx: Context, parent: SE) -> list[Flowable]:
    """The flowables of one block, each tagged with the block's location for layout errors;
    the block's structure elements go under ``parent``."""
    flowables = BLOCK_BUILDERS[type(block)](block, ctx, parent)
    for flowable in flowables:
        # lets render report a layout failure at the block's file:line
        flowable.source_where = block.where
        flowable.source_kind = type(block).__name__.lower()
    return flowables
