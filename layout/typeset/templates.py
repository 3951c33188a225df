"""Templates: the page templates of the booklet (cover, body, back cover) and what they draw.

In: `Furniture`, the plain strings printed around the content (cover texts, running heads).
Out: a `BookletTemplate`, a ReportLab doc template that also records where things landed:
the page of each section heading and of each agenda row, for the contents and the handouts.
"""

from __future__ import annotations

import weakref
from typing import Any

from msgspec import Struct
from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import BaseDocTemplate, Flowable, Frame, PageTemplate, Paragraph

from layout.content.markup import escape
from layout.content.strings import fill
from layout.pdf.tagging import SE, Tagger, artifact, start_pass
from layout.typeset import styles as st
from layout.typeset.covers import draw_back_cover, draw_cover, draw_imprint, draw_paragraph
from layout.typeset.flowables import FootnoteFrame, Heading
from layout.typeset.tagged import TaggedParagraph

NOTE_GAP = 10.0
"""Space between the text and the footnote rule, in points."""


class Furniture(Struct, frozen=True):
    """Plain texts the templates draw: cover, back cover, running heads (markup-safe)."""

    title: str
    subtitle: str
    series: str
    programme: str
    year: str
    running_title: str
    publisher: str
    motto: str
    note: str
    lang_tag: str
    logo: Any = None
    """The theme's logo, a flowable sized for the covers, or None."""
    imprint: tuple[str, ...] = ()
    """Paragraphs of the imprint on the inside front cover (none: no imprint page)."""


def draw_notes(canvas: Canvas, doc: BookletTemplate) -> None:
    """The notes cited on this page, under a short rule at the foot of the text frame."""
    if not doc.page_notes:
        return
    frame = doc.frame
    width = frame._getAvailableWidth()
    x, y = frame._x1 + frame._leftPadding, frame._y1 + frame._bottomPadding
    top = y + doc.notes_height(doc.page_notes, width) - NOTE_GAP / 2
    canvas.saveState()
    with artifact(canvas):
        canvas.setStrokeColor(doc.styles.colour("rule"))
        canvas.setLineWidth(0.5)
        canvas.line(x, top, x + 18 * mm, top)
    cursor = top - 3
    for number in doc.page_notes:
        para = TaggedParagraph(doc.notes[number], doc.styles.note, tag=doc.note_tag(number))
        _, height = para.wrap(width, 1000)
        para.drawOn(canvas, x, cursor - height)
        cursor -= height
    canvas.restoreState()


def draw_body_furniture(canvas: Canvas, doc: BookletTemplate) -> None:
    """Running head (the current chapter) and folio on the outer edge of body pages."""
    draw_notes(canvas, doc)
    if doc.page_is_empty():
        return
    f, styles = doc.furniture, doc.styles
    width, height = doc.trim
    page = canvas.getPageNumber()
    odd = page % 2 == 1
    left, right = st.MARGIN_INNER if odd else st.MARGIN_OUTER, width - (
        st.MARGIN_OUTER if odd else st.MARGIN_INNER)
    canvas.saveState()
    # left-hand pages name the chapter, right-hand pages the section (once there is one)
    head = doc.running_head or f.running_title
    if odd:
        head = doc.page_first_section or doc.section_at_top or head
    if head and not doc.suppress_head:
        with artifact(canvas, "Pagination", "Header"):
            head_style = st.derived(styles.running, "head", alignment=2 if odd else 0)
            draw_paragraph(canvas, head, head_style, left, height - 10 * mm, right - left)
            canvas.setStrokeColor(styles.colour("rule"))
            canvas.setLineWidth(0.4)
            canvas.line(left, height - 14 * mm, right, height - 14 * mm)
    with artifact(canvas, "Pagination", "Footer"):
        _draw_folio(canvas, doc, odd, left, right)
    canvas.restoreState()
    doc.suppress_head = False


def _draw_folio(canvas: Canvas, doc: BookletTemplate, odd: bool, left: float,
                right: float) -> None:
    """The page number on the outer edge and, beside it, the series or the title."""
    f, styles, page = doc.furniture, doc.styles, canvas.getPageNumber()
    canvas.setFont(styles.fonts.semibold, 8.5)
    canvas.setFillColor(styles.colour("primary"))
    folio_y = 10 * mm
    # the footer texts are paragraph markup (escaped), so they are set as paragraphs
    inner = st.derived(styles.running, "footer", alignment=0 if odd else 2)
    if odd:
        canvas.drawRightString(right, folio_y, str(page))
        draw_paragraph(canvas, f.series, inner, left, folio_y + 7.5, right - left - 20 * mm)
    else:
        canvas.drawString(left, folio_y, str(page))
        draw_paragraph(canvas, f.title, inner, left + 20 * mm, folio_y + 7.5,
                       right - left - 20 * mm)


class BookletTemplate(BaseDocTemplate):
    """The booklet's doc template: page templates, contents entries, outline, page map."""

    def __init__(self, target: Any, furniture: Furniture, styles: st.Styles,
                 notes: dict[int, str], trim: tuple[float, float] = st.PAGE_SIZE,
                 tagger: Tagger | None = None,
                 **metadata: Any) -> None:
        width, height = trim
        super().__init__(
            target, pagesize=trim, invariant=1,
            initialFontName=styles.fonts.regular,
            leftMargin=st.MARGIN_INNER, rightMargin=st.MARGIN_OUTER, topMargin=st.MARGIN_TOP,
            bottomMargin=st.MARGIN_BOTTOM, lang=furniture.lang_tag, displayDocTitle=1,
            creator="build.py", **metadata,
        )
        self.furniture = furniture
        self.styles = styles
        self.tagger = tagger
        """Marks the content for the structure tree; None for an untagged build."""
        self.trim = trim
        """The trimmed page size (A5, or half-letter for Letter sheets)."""
        self.running_head = ""
        """Markup of the current chapter's title: the left-hand running head."""
        self.section_head = ""
        """Markup of the current section ("3.1 The Executive Branch"), empty before one."""
        self.section_at_top = ""
        """The section in force when the current page began."""
        self.page_first_section = ""
        """The first section that starts on the current page: the right-hand running head."""
        self.suppress_head = False
        self.section_pages: dict[str, int] = {}
        self.row_pages: dict[int, int] = {}
        self.notes = notes
        self.current_block: Flowable | None = None
        """The last content block handed to a frame (see `handle_flowable`)."""
        """Footnote number -> paragraph markup of the note (number included)."""
        self.page_notes: list[int] = []
        """Numbers of the notes cited so far on the current page."""
        self._note_heights: dict[tuple[int, float], float] = {}
        body = FootnoteFrame(
            st.MARGIN_INNER, st.MARGIN_BOTTOM, width - st.MARGIN_INNER - st.MARGIN_OUTER,
            height - st.MARGIN_TOP - st.MARGIN_BOTTOM, id="body",
            leftPadding=0, rightPadding=0, topPadding=0, bottomPadding=0)
        full = Frame(0, 0, width, height, id="full")
        self.addPageTemplates([
            PageTemplate("cover", [full], onPage=draw_cover),
            PageTemplate("imprint", [full], onPage=draw_imprint),
            PageTemplate("body", [body], onPageEnd=draw_body_furniture),
            PageTemplate("back", [full], onPage=draw_back_cover),
        ])
        body.attach(self)
        self._doc_ref = weakref.ref(self)

    def furniture_tags(self, prefix: str) -> dict[str, SE]:
        """The elements of the texts a page template draws (``cover.title`` ...), by name."""
        if self.tagger is None:
            return {}
        tags = self.tagger.structure.furniture
        return {k.split(".", 1)[1]: v for k, v in tags.items() if k.startswith(prefix + ".")}

    def note_tag(self, number: int) -> SE | None:
        """Note ``number``'s element, attached to the document if no reference placed it."""
        return self.tagger.note(number) if self.tagger is not None else None

    def notes_height(self, numbers: list[int], width: float) -> float:
        """Height of the notes ``numbers`` at the foot of a frame ``width`` wide, rule included."""
        if not numbers:
            return 0.0
        total = NOTE_GAP + 3
        for number in numbers:
            key = (number, width)
            if key not in self._note_heights:
                para = Paragraph(self.notes[number], self.styles.note)
                self._note_heights[key] = float(para.wrap(width, 1000)[1])
            total += self._note_heights[key]
        return total

    def page_is_empty(self) -> bool:
        """True while nothing has been placed on the current page (a blank left-hand page)."""
        return bool(self._curPageFlowableCount == 0)

    def handle_flowable(self, flowables: list[Flowable]) -> None:
        """Remember which content block is being placed, for layout error messages."""
        block = _located(flowables[0]) if flowables else None
        if block is not None:
            self.current_block = block
        super().handle_flowable(flowables)

    def handle_pageBegin(self) -> None:  # noqa: N802 - ReportLab hook
        """Start a page with no notes."""
        self.page_notes = []
        self.section_at_top, self.page_first_section = self.section_head, ""
        super().handle_pageBegin()

    def handle_rightPageBreak(self) -> None:  # noqa: N802 - ReportLab action name
        """Break to the next odd page; an even page in between is left blank."""
        if not self.page_is_empty():
            self.handle_pageBreak()
            self.clean_hanging()
        if self.page % 2 == 0:
            self.handle_pageBreak()

    def beforeDocument(self) -> None:  # noqa: N802 - ReportLab hook
        """Reset per-pass state and register the agenda-row page callback."""
        self.section_pages, self.row_pages, self.running_head = {}, {}, ""
        self.section_head = self.section_at_top = self.page_first_section = ""
        doc = self._doc_ref
        start_pass(self.canv, self.tagger)

        def record_row(canvas: Canvas, kind: str | None, label: str) -> None:
            this = doc()
            if this is not None:
                this.row_pages.setdefault(int(label), canvas.getPageNumber())

        self.canv.setNamedCB("row", record_row)

    def afterFlowable(self, flowable: Flowable) -> None:  # noqa: N802 - ReportLab hook
        """Feed the contents and the outline from headings; track the running heads."""
        if getattr(flowable, "no_running_head", False):
            self.suppress_head = True
        if not isinstance(flowable, Heading):
            return
        page = self.page
        self.section_pages.setdefault(flowable.section_id, page)
        if flowable.chapter is not None:
            self.running_head = flowable.chapter
            self.section_head = self.section_at_top = self.page_first_section = ""
            self.suppress_head = True
        elif flowable.level == 1:
            self.section_head = escape(flowable.entry)
            self.page_first_section = self.page_first_section or self.section_head
        # contents lines are parsed as paragraph markup; the outline takes plain text
        self.notify("TOCEntry", flowable.contents_entry(page))
        self.canv.bookmarkPage(flowable.key)
        self.canv.addOutlineEntry(flowable.entry, flowable.key, level=flowable.level,
                                  closed=False)


HANDOUT_MARGIN = 30 * mm
"""Side margins of a handout: a column narrow enough to read, clear of office printers'
unprintable edge."""


def draw_handout_page(canvas: Canvas, doc: HandoutTemplate) -> None:
    """A colour rule over the column; from page 2 the actor's name above it; at the foot the
    booklet the handout comes from and the page. Nothing comes within 6 mm of the sheet edge,
    which office printers do not print."""
    f, styles = doc.furniture, doc.styles
    width, height = doc.pagesize
    column = width - 2 * HANDOUT_MARGIN
    canvas.saveState()
    with artifact(canvas, "Pagination", "Header"):
        canvas.setFillColor(styles.colour("primary"))
        canvas.rect(HANDOUT_MARGIN, height - 16 * mm, column, 3 * mm, stroke=0, fill=1)
        canvas.setFillColor(styles.colour("accent"))
        canvas.rect(HANDOUT_MARGIN, height - 16 * mm - 1.2 * mm, 14 * mm, 1.2 * mm, stroke=0,
                    fill=1)
        if canvas.getPageNumber() > 1 and f.running_title:
            head = st.derived(doc.styles.running, "handout_head",
                              fontName=doc.styles.fonts.semibold,
                              textColor=styles.colour("primary"))
            draw_paragraph(canvas, f.running_title, head, HANDOUT_MARGIN, height - 9 * mm,
                           column)
    footer = fill(doc.words["handout_footer"],
                  {"booklet": f"{f.title}: {f.subtitle}", "year": f.year}, escape)
    style = st.derived(doc.styles.running, "handout_footer")
    with artifact(canvas, "Pagination", "Footer"):
        draw_paragraph(canvas, footer, style, HANDOUT_MARGIN, 14 * mm, column - 20 * mm)
        canvas.setFont(styles.fonts.semibold, 8.5)
        canvas.setFillColor(styles.colour("primary"))
        canvas.drawRightString(width - HANDOUT_MARGIN, 10.5 * mm, str(canvas.getPageNumber()))
    canvas.restoreState()


def _located(flowable: Flowable, depth: int = 0) -> Flowable | None:
    """``flowable`` if it knows its content block, else the first block inside it (ReportLab
    wraps a heading and what follows in a KeepTogether that knows nothing)."""
    if getattr(flowable, "source_where", None) is not None:
        return flowable
    for inner in getattr(flowable, "_content", None) or () if depth < 8 else ():
        found = _located(inner, depth + 1)
        if found is not None:
            return found
    return None


class HandoutTemplate(BaseDocTemplate):
    """The doc template of a per-actor handout: one frame, a footer naming the booklet."""

    def __init__(self, target: Any, furniture: Furniture, styles: st.Styles,
                 words: dict[str, str], pagesize: tuple[float, float] = st.HANDOUT_PAGES["A4"],
                 tagger: Tagger | None = None, **metadata: Any) -> None:
        super().__init__(
            target, pagesize=pagesize, invariant=1, initialFontName=styles.fonts.regular,
            lang=furniture.lang_tag, displayDocTitle=1, creator="build.py", **metadata,
        )
        self.furniture, self.styles, self.words = furniture, styles, words
        self.tagger = tagger
        width, height = pagesize
        frame = Frame(HANDOUT_MARGIN, 22 * mm, width - 2 * HANDOUT_MARGIN,
                      height - 22 * mm - 24 * mm, id="handout", leftPadding=0,
                      rightPadding=0, topPadding=0, bottomPadding=0)
        self.addPageTemplates([PageTemplate("handout", [frame], onPage=draw_handout_page)])

    def beforeDocument(self) -> None:  # noqa: N802 - ReportLab hook
        """Start tagging on this build's canvas."""
        start_pass(self.canv, self.tagger)
