"""Compose: turn a numbered `Report` into a fresh list of ReportLab flowables; no file I/O.

In: the report, its `Numbering`, a language. Out: `Composition`, the story (flowables for the
booklet, consumed by one build) and the `Furniture` the page templates draw. The blocks
are built by `blocks` (agendas by `agenda`, charts and images by `figures`).
"""

from __future__ import annotations

import functools

from msgspec.structs import replace
from reportlab.lib.units import mm
from reportlab.platypus import (
    CondPageBreak,
    Flowable,
    NextPageTemplate,
    PageBreak,
    Spacer,
)

from layout.content.markup import escape, note_ids
from layout.content.model import (
    Report,
    Section,
    Text,
)
from layout.content.number import Numbering
from layout.content.select import Handout
from layout.content.strings import fill, words_for
from layout.pdf.tagging import SE, Structure
from layout.typeset import styles as st
from layout.typeset.agenda import AgendaTable, agenda_table, agenda_title
from layout.typeset.blocks import compose_block
from layout.typeset.colors import DEFAULT_PALETTE, Palette
from layout.typeset.contents import TaggedContents
from layout.typeset.context import Composition, Context, table_style
from layout.typeset.covers import LOGO_BOX
from layout.typeset.figures import logo_picture
from layout.typeset.flowables import Heading, RightPageBreak
from layout.typeset.fonts import font_set
from layout.typeset.tagged import TaggedParagraph
from layout.typeset.templates import Furniture


def _heading(section: Section, ctx: Context, level: int, parent: SE) -> list[Flowable]:
    number = ctx.numbering.sections.get(section.id)
    title = ctx.markup(section.title)
    label = f"{number}." if number and level == 0 else (number or "")
    entry = f"{label} {ctx.plain(section.title)}" if label else ctx.plain(section.title)
    key = f"sec-{section.id}"
    s = ctx.styles
    tag = ctx.tag(f"H{min(level + 1, 6)}", parent, section.title)
    if level > 0:
        accent = s.palette.accent.hex
        shown = f'<font color="{accent}">{number}</font>&nbsp;&nbsp;{title}' if number else title
        heading = Heading(shown, s.section_title, level=1, entry=entry, key=key,
                          section_id=section.id, tag=tag)
        flowables: list[Flowable] = [CondPageBreak(40 * mm), heading]
    else:
        right = number and ctx.report.print_settings.chapter_start == "right"
        flowables = [RightPageBreak() if right else PageBreak()]
        if number:  # the number and the title are one heading
            flowables.append(TaggedParagraph(number, s.chapter_number, tag=tag, space=True))
        heading = Heading(title, s.chapter_title if number else s.unnumbered_title, level=0,
                          entry=entry, key=key, section_id=section.id,
                          chapter=ctx.safe(section.title), tag=tag)
        flowables.append(heading)
    # the number hangs in the contents so that a title's turnover lines align under its text
    text = escape(ctx.plain(section.title))
    heading.contents_markup = f"<bullet>{escape(label)}</bullet>{text}" if label else text
    return _located(flowables, section)


def _located(flowables: list[Flowable], section: Section) -> list[Flowable]:
    """Tag the heading with its section's title line, so layout errors point at it."""
    for flowable in flowables:
        if isinstance(flowable, Heading):
            flowable.source_where = section.title.where
            flowable.source_kind = "heading"
    return flowables


def _notes(ctx: Context) -> tuple[dict[int, str], dict[int, SE]]:
    """Every footnote's printed markup (an anchor, its number, its text) and its Note."""
    out, tags = {}, {}
    for note in ctx.report.footnotes:
        number = ctx.numbering.notes.get(note.id)
        if number is not None:
            face = ctx.styles.fonts.semibold
            out[number] = (f'<a name="fn-{number}"/><font name="{face}">{number}'
                           f"</font>&nbsp;&nbsp;{ctx.markup(note.text)}")
            tags[number] = ctx.tag("Note", None, note.text, id=f"fn-{number}")
            tags[number].static = False  # attached after its first reference, when drawn
    return out, tags


def _start_with_table(flowables: list[Flowable], table: AgendaTable, width: float) -> None:
    """A section heading followed by a table goes to the next page only when the heading and
    the table's first rows do not fit; the table may then break (keeping the heading with
    the whole table would move it all and leave half a page empty)."""
    heading = flowables[-1]
    _, height = heading.wrap(width, 1e6)
    needed = (heading.getSpaceBefore() + height
              + max(heading.getSpaceAfter(), table.getSpaceBefore()) + table.start_height(width))
    heading.keepWithNext = 0
    flowables[0] = CondPageBreak(needed)


def _handout_notes(handout: Handout, ctx: Context) -> list[int]:
    """The numbers of the footnotes a handout's tables cite, in order, each once."""
    texts = []
    for block, rows in handout.groups:
        texts += [block.title] if block.title is not None else []
        for row in rows:
            texts += [row.text, *row.bullets]
    numbers: dict[int, None] = {}
    for text in texts:
        for note in note_ids(text.get(ctx.lang, ctx.report.source_language)):
            if note in ctx.numbering.notes:
                numbers.setdefault(ctx.numbering.notes[note])
    return list(numbers)


def _handout_note_paragraphs(handout: Handout, ctx: Context, root: SE) -> list[Flowable]:
    """The notes a handout's items cite, after its tables, so every note link lands."""
    markup, _ = _notes(ctx)
    texts = {ctx.numbering.notes.get(note.id): note.text for note in ctx.report.footnotes}
    return [TaggedParagraph(markup[number], ctx.styles.note,
                            tag=ctx.tag("Note", root, texts[number], id=f"fn-{number}"))
            for number in _handout_notes(handout, ctx) if number in markup]


def _compose_section(section: Section, ctx: Context, level: int,
                     parent: SE) -> list[Flowable]:
    """A section's heading, its blocks and its subsections."""
    flowables = _heading(section, ctx, level, parent)
    inner = replace(ctx, heading=ctx.plain(section.title))
    blocks = [compose_block(block, inner, parent) for block in section.blocks]
    if level > 0 and blocks and isinstance(blocks[0][0], AgendaTable):
        _start_with_table(flowables, blocks[0][0], ctx.column)
    for block_flowables in blocks:
        flowables.extend(block_flowables)
    for child in section.sections:
        flowables.extend(_compose_section(child, ctx, level + 1, parent))
    return flowables


def _contents(ctx: Context, parent: SE) -> list[Flowable]:
    """The contents page: its title and the table of contents (dot leaders, hanging
    numbers), with no running head above them."""
    title = TaggedParagraph(escape(ctx.words["contents"]), ctx.styles.toc_title,
                            tag=SE("H1", parent))
    title.no_running_head = True
    toc = TaggedContents(dotsMinLevel=0, tag=SE("TOC", parent), words=ctx.words)
    toc.levelStyles = [ctx.styles.toc_chapter, ctx.styles.toc_section]
    toc.tableStyle = table_style(
        ctx.styles.fonts,
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("LEFTPADDING", (0, 0), (-1, -1), 0),
        ("RIGHTPADDING", (0, 0), (-1, -1), 0),
        ("TOPPADDING", (0, 0), (-1, -1), 0),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 0),
    )
    return [title, toc]


def _add_furniture(ctx: Context, structure: Structure, page: str,
                   texts: dict[str, Text | None]) -> None:
    """A Sect with one P per text a page template draws on ``page`` (``cover``, ``back``), in
    the order it draws them; the templates find them as ``page.name``."""
    section = SE("Sect", structure.root)
    for name, text in texts.items():
        structure.furniture[f"{page}.{name}"] = ctx.tag("P", section, text)


def _furniture(ctx: Context) -> Furniture:
    """The texts the page templates print around the story."""
    r = ctx.report
    return Furniture(
        title=ctx.safe(r.title), subtitle=ctx.safe(r.subtitle), series=ctx.safe(r.series),
        programme=ctx.safe(r.programme), year=escape(r.year),
        running_title=ctx.safe(r.running_title), publisher=ctx.safe(r.back_cover.publisher),
        motto=ctx.safe(r.back_cover.motto), note=ctx.safe(r.back_cover.note),
        lang_tag=ctx.words["lang_tag"], imprint=tuple(m for m, _ in _imprint(ctx)),
        logo=logo_picture(r.theme.logo, ctx.styles.fonts, LOGO_BOX) if r.theme.logo else None,
    )


def _imprint(ctx: Context) -> list[tuple[str, Text | None]]:
    """The imprint's paragraphs (the report's full title first) with the text each comes
    from, or none without an imprint."""
    imprint = ctx.report.imprint
    if imprint is None:
        return []
    title = ctx.safe(ctx.report.title)
    if ctx.report.subtitle.values:
        title = f"{title}: {ctx.safe(ctx.report.subtitle)}"
    lines: list[tuple[str, Text | None]] = [(title, ctx.report.title)]
    lines.extend((ctx.safe(t), t) for t in (imprint.edition, imprint.publisher) if t)
    place = ", ".join(part for part in (
        ctx.safe(imprint.address) if imprint.address else "", escape(imprint.year)) if part)
    if place:
        lines.append((place, imprint.address))
    lines.extend((ctx.safe(t), t) for t in (imprint.credits, imprint.licence,
                                            imprint.disclaimer) if t)
    return lines


def compose_booklet(report: Report, numbering: Numbering, lang: str,
                    mark_untranslated: bool = False,
                    page_size: tuple[float, float] = st.PAGE_SIZE,
                    palette: Palette = DEFAULT_PALETTE) -> Composition:
    """The booklet's story for ``lang`` on ``page_size`` pages, in ``palette``: cover,
    contents, sections, back cover, with the structure elements of all of it in reading
    order."""
    words = words_for(lang, report.interface)
    ctx = Context(report, numbering, lang, st.make_styles(words["hyphenation"], palette,
                                                  font_set(report.theme)), words,
                  mark_untranslated, page_size, _source_tag(report, lang))
    structure = Structure(words["lang_tag"], footnote_link=words["footnote_link"])
    root = structure.root
    _add_furniture(ctx, structure, "cover", {
        "title": report.title, "subtitle": report.subtitle, "series": report.series,
        "programme": report.programme})
    story: list[Flowable] = []
    if report.imprint is not None:
        _add_furniture(ctx, structure, "imprint", {
            str(i): text for i, (_, text) in enumerate(_imprint(ctx))})
        story.extend([NextPageTemplate("imprint"), PageBreak(), Spacer(1, 1)])
    story.extend([NextPageTemplate("body"), PageBreak()])
    story.extend(_contents(ctx, root))
    for section in report.sections:
        story.extend(_compose_section(section, ctx, 0, root))
    story.extend([NextPageTemplate("back"), PageBreak(), Spacer(1, 1)])
    back = report.back_cover
    _add_furniture(ctx, structure, "back", {
        "note": back.note, "motto": back.motto, "publisher": back.publisher})
    title = ctx.plain(report.title)
    if report.subtitle.values:
        title = f"{title}: {ctx.plain(report.subtitle)}"
    metadata = {
        "title": title, "author": ctx.plain(report.author), "subject": ctx.plain(report.subject),
        "keywords": ctx.plain(report.keywords),
    }
    notes, structure.notes = _notes(ctx)
    _prefill_contents(story)
    again = functools.partial(compose_booklet, report, numbering, lang, mark_untranslated,
                              page_size, palette)
    return Composition(story, _furniture(ctx), ctx.styles, notes, metadata, page_size,
                       structure, again)


def _prefill_contents(story: list[Flowable]) -> None:
    """Give the contents the lines its headings will make, so one pass lays them out."""
    entries = [f.contents_entry(0) for f in story if isinstance(f, Heading)]
    for flowable in story:
        if isinstance(flowable, TaggedContents):
            flowable.prefill(entries)


def _source_tag(report: Report, lang: str) -> str:
    """The language tag of the report's source language, when ``lang`` is another one."""
    source = report.source_language
    return "" if lang == source else words_for(source, report.interface)["lang_tag"]


def compose_handout(report: Report, numbering: Numbering, lang: str, handout: Handout,
                    row_pages: dict[int, int], mark_untranslated: bool = False,
                    page_size: tuple[float, float] = st.HANDOUT_PAGES["A4"],
                    palette: Palette = DEFAULT_PALETTE) -> Composition:
    """One actor's handout on ``page_size`` pages, in ``palette``: its name, what the agenda
    is, its items with booklet pages; pages after the first are headed with the actor's name."""
    words = words_for(lang, report.interface)
    ctx = Context(report, numbering, lang, st.make_handout_styles(words["hyphenation"], palette,
                                           font_set(report.theme)),
                  words, mark_untranslated, source_tag=_source_tag(report, lang))
    s = ctx.styles
    structure = Structure(words["lang_tag"], footnote_link=words["footnote_link"])
    root = structure.root
    story: list[Flowable] = [
        TaggedParagraph(f"{ctx.safe(report.title)}: {ctx.safe(report.subtitle)}".upper(),
                        s.handout_kicker, tag=ctx.tag("P", root, report.title)),
        TaggedParagraph(ctx.safe(handout.name), s.handout_title,
                        tag=ctx.tag("H1", root, handout.name)),
    ]
    if report.handout_intro is not None:
        story.append(ctx.para(report.handout_intro, s.body, root, policed=True))
    story.append(Spacer(1, 6))

    def page_ref(row_index: int) -> str:
        page = row_pages.get(row_index)
        return fill(words["booklet_page"], {"page": str(page)}, escape) if page else ""

    for block, rows in handout.groups:
        repeats = agenda_title(block, ctx, plain=True) == ctx.plain(handout.name)
        story.append(agenda_table(rows, ctx, agenda_title(block, ctx), root, page_ref,
                                  show_title=not repeats))
    story.extend(_handout_note_paragraphs(handout, ctx, root))
    metadata = {
        "title": f"{ctx.plain(report.title)} — {ctx.plain(handout.name)}",
        "author": ctx.plain(report.author), "subject": ctx.plain(report.subject),
        "keywords": ctx.plain(report.keywords),
    }
    furniture = replace(_furniture(ctx), running_title=ctx.safe(handout.name))
    return Composition(story, furniture, s, {}, metadata, page_size, structure=structure)
