"""The contents page, laid out in one pass.

In: the entries compose takes from the headings (`TaggedContents.prefill`). Out: a ReportLab
table of contents whose lines are laid out before the body and whose dot leaders and page
numbers are each a form XObject, drawn where the line ends and defined after the last page
(PDF lets a page use a form defined later in the file), and tagged as TOC -> TOCI -> Link.
"""

from __future__ import annotations

import re
from ast import literal_eval
from contextlib import nullcontext
from html import unescape
from typing import Any

from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.platypus import Paragraph
from reportlab.platypus.tableofcontents import TableOfContents

from layout.pdf.tagging import SE, tagger_of
from layout.typeset.tagged import TaggedParagraph


class TaggedContents(TableOfContents):
    """The contents, laid out in one pass: its lines are known before the body is laid out
    (`prefill`, from the headings), and each line's dot leaders and page number are a form
    XObject drawn where the line ends and defined after the last page, when the pages are
    known (PDF lets a page use a form defined later in the file). Later passes happen only
    when the lines themselves change.

    Tagged as TOC -> TOCI -> Link, one Link per entry with its page number and every
    annotation of its line; level-1 entries in a TOC nested in their chapter's TOCI. Entries
    change between passes and ``wrap`` may run several times a pass, so the entry elements
    are made again on every wrap; only the paragraphs drawn get MCIDs.
    """

    def __init__(self, *, tag: SE, words: dict[str, str], **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.tag, self.words = tag, words
        self._links: dict[str, SE] = {}
        self._ends: dict[str, tuple[float, float, float, int]] = {}
        """Link key -> (x, y, right end of the column, level) where the line's text ended,
        in page space."""
        self._canvas: Any = None
        """The canvas of this pass, which the forms are defined on when it is over."""
        self._width = 0.0

    def prefill(self, entries: list[tuple[int, str, int, str]]) -> None:
        """The entries the headings will make, so the first pass lays the contents out at
        its final size (their pages do not change the layout)."""
        self._entries = list(entries)

    def isSatisfied(self) -> bool:  # noqa: N802 - ReportLab hook
        """Settled when the lines are the same: pages are drawn in forms at the end."""
        return [_line(e) for e in self._entries] == [_line(e) for e in self._lastEntries]

    def beforeBuild(self) -> None:  # noqa: N802 - ReportLab hook
        super().beforeBuild()
        self._ends = {}

    def afterBuild(self) -> None:  # noqa: N802 - ReportLab hook
        """Define every drawn line's form with the page its heading landed on, and give
        the entries' Links their pages."""
        for _level, text, page, key in self._entries:
            link = self._links.get(key)
            if link is not None:
                words = _entry_text(text)
                link.attrs["contents"] = self.words["contents_link"].format(entry=words,
                                                                            page=page)
                # what is drawn (a hanging number, dot leaders) reads as the entry and page
                link.attrs["actual"] = f"{words} {page}"
            if key in self._ends:
                self._define_end(key, page)

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:  # noqa: N803
        size = super().wrap(availWidth, availHeight)
        self._width = availWidth
        self.canv.setNamedCB("drawTOCEntryEnd", self._draw_end)
        for kid in self.tag.kids:
            if isinstance(kid, SE):
                kid.attached = False
        self.tag.kids = []
        self._links = {}
        paragraphs = [cell for row in self._table._cellvalues for cell in _cell_flowables(row[0])
                      if isinstance(cell, Paragraph)]
        chapter: SE | None = None
        sub: SE | None = None
        for (level, _text, _page, key), para in zip(self._lastEntries, paragraphs,
                                                    strict=False):
            if level == 0 or chapter is None:
                parent, sub = self.tag, None
            else:
                sub = sub or chapter.add(SE("TOC", static=False))
                parent = sub
            entry = parent.add(SE("TOCI", static=False))
            link = self._links[key] = entry.add(SE("Link", static=False))
            para.__class__ = TaggedParagraph  # ReportLab made it; the draw is ours
            para.tag = para.foreign = para.owner = link
            para.space = True
            if level == 0:
                chapter = entry
        return size

    def _draw_end(self, canvas: Any, kind: Any, label: str) -> None:
        """Where a line's text ends: draw its (future) form there, as the Link's content,
        and the link over the page-number column."""
        _page, level, key = label.split(",", 2)
        key = literal_eval(key)
        x, y = canvas._curr_tx_info["cur_x"], canvas._curr_tx_info["cur_y"]
        # the form is drawn in page space, so it reads the same to tools that do not carry
        # the page's transformation into forms
        start, base = canvas.absolutePosition(x, y)
        end = canvas.absolutePosition(self._width, y)[0]
        self._canvas, self._ends[key] = canvas, (start, base, end, int(level))
        tagger = tagger_of(canvas)
        canvas.saveState()
        canvas.transform(*_inverse(canvas._currentMatrix))
        with (tagger.content(canvas, tagger.stack[0])
              if tagger is not None and tagger.stack and not tagger.suppressed
              else nullcontext()):
            canvas.doForm(_form_name(key))
        canvas.restoreState()
        style = self.getLevelStyle(int(level))
        column = stringWidth(_WIDEST_PAGE, style.fontName, style.fontSize)
        canvas.linkRect("", key, (self._width - column, y, self._width, y + style.leading),
                        relative=1)

    def _define_end(self, key: str, page: int) -> None:
        """The form of a line's end: dot leaders up to the right-aligned page number."""
        canvas = self._canvas
        x, y, width, level = self._ends[key]  # page space
        style = self.getLevelStyle(level)
        number, size = str(page), style.fontSize
        while stringWidth(number, style.fontName, size) > width - x and size >= 1.0:
            size *= 0.9  # as ReportLab does: a number that cannot fit shrinks
        number_width = stringWidth(number, style.fontName, size)
        dots = ""
        if self.dotsMinLevel >= 0 and level >= self.dotsMinLevel:
            dot_width = stringWidth(_DOT, style.fontName, size)
            dots = _DOT * int((width - x - number_width) / dot_width)
        start = width - stringWidth(dots, style.fontName, size) - number_width
        canvas.beginForm(_form_name(key), lowerx=min(x, start), lowery=y - size,
                         upperx=width, uppery=y + style.leading)
        text = canvas.beginText(start, y)
        text.setFont(style.fontName, size)
        text.setFillColor(style.textColor)
        text.textLine(dots + number)
        canvas.drawText(text)
        canvas.endForm()


_DOT = " . "
"""The dot leader, as ReportLab draws it."""
_WIDEST_PAGE = "888"
"""The page-number column a contents line's link covers (numbers are drawn later)."""


def _inverse(matrix: tuple[float, ...]) -> tuple[float, ...]:
    """The inverse of a PDF transformation matrix ``(a, b, c, d, e, f)``."""
    a, b, c, d, e, f = matrix
    det = a * d - b * c
    return d / det, -b / det, -c / det, a / det, (c * f - d * e) / det, (b * e - a * f) / det


def _form_name(key: str) -> str:
    return f"contents-{key}"


def _line(entry: tuple[Any, ...]) -> tuple[Any, ...]:
    """A contents entry without its page: what its line's layout depends on."""
    level, text, _page, key = entry
    return level, text, key


def _entry_text(markup: str) -> str:
    """A contents entry's words: its markup without tags (a hanging number kept apart)."""
    return " ".join(unescape(re.sub(r"<[^>]*>", " ", markup)).split())


def _cell_flowables(cell: Any) -> list[Any]:
    return list(cell) if isinstance(cell, list | tuple) else [cell]
