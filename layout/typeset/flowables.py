"""Flowables: our few custom ReportLab flowables.

`Heading` is a paragraph that knows its contents entry (level, plain title, link key), so the
document template can feed the table of contents and the PDF outline from `afterFlowable`.
`FootnoteFrame` reserves room at the foot of the page for the notes its lines cite (the
approach of TECH-NOTES section 3); `RightPageBreak` starts the next page on a right-hand page.
"""

from __future__ import annotations

import re
import weakref
from typing import Any

from reportlab.lib.styles import ParagraphStyle
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.platypus import ActionFlowable, Flowable, Frame, ListItem, Paragraph

from layout.content.markup import escape
from layout.pdf.tagging import SE
from layout.typeset.tagged import TaggedParagraph


class Heading(TaggedParagraph):
    """A section heading that appears in the contents and the outline."""

    def __init__(self, markup: str, style: ParagraphStyle, *, level: int, entry: str,
                 key: str, section_id: str, chapter: str | None = None,
                 tag: SE | None = None) -> None:
        super().__init__(markup, style, tag=tag)
        self.level = level
        """Outline depth: 0 for chapters, 1 for their sections."""
        self.entry = entry
        """Plain text of the contents line, number included."""
        self.key = key
        """Bookmark name that contents lines and outline entries link to."""
        self.section_id = section_id
        self.chapter = chapter
        """Running-head text this heading starts, for chapter headings."""
        self.contents_markup: str | None = None
        """Its contents line as paragraph markup (a hanging number); else ``entry``."""

    def contents_entry(self, page: int) -> tuple[int, str, int, str]:
        """The contents entry (level, line markup, page, link key) this heading makes."""
        return self.level, self.contents_markup or escape(self.entry), page, self.key


NOTE_LINK = re.compile(r"^#fn-(\d+)$")
_CHILDREN = ("_content", "_cellvalues", "_flowables", "frags", "words")


def note_numbers(value: object, found: list[int] | None = None) -> list[int]:
    """Footnote numbers referenced inside a flowable (or its split parts), in order.

    References are ``<a href="#fn-N">`` links; their fragments survive paragraph splitting,
    so each split part reports only the notes of its own lines. Tables, lists and
    keep-together groups are searched through.
    """
    found = [] if found is None else found
    text = getattr(value, "text", None) if isinstance(value, Paragraph) else None
    if isinstance(text, str) and "#fn-" not in text:
        return found  # fast path: the paragraph's markup cites no note (split parts have none)
    if isinstance(value, list | tuple):
        for item in value:
            note_numbers(item, found)
        return found
    links = getattr(value, "link", None)
    if isinstance(links, list):
        for link in links:
            target = link[1] if isinstance(link, tuple) and len(link) > 1 else link
            match = NOTE_LINK.match(str(target))
            if match and int(match.group(1)) not in found:
                found.append(int(match.group(1)))
    if isinstance(value, Flowable | ListItem):
        for name in _CHILDREN:
            child = getattr(value, name, None)
            if child:
                note_numbers(child, found)
    return found


class FootnoteFrame(Frame):
    """A frame that keeps room at its foot for the notes cited by what it holds.

    Before a flowable is placed, the frame's floor is raised by the height of the notes
    already on the page plus those the flowable cites; a line is placed only if its notes
    fit below the text, otherwise it moves, with its notes, to the next page.
    """

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._doc: weakref.ReferenceType[Any] | None = None

    def attach(self, doc: Any) -> None:
        """Remember the document (weakly: keep-with-next deep-copies frames)."""
        self._doc = weakref.ref(doc)

    @property
    def doc(self) -> Any:
        return self._doc() if self._doc is not None else None

    def _reserve(self, numbers: list[int]) -> float:
        doc = self.doc
        if doc is None:
            return 0.0
        wanted = list(doc.page_notes) + [n for n in numbers if n not in doc.page_notes]
        return float(doc.notes_height(wanted, self._getAvailableWidth()))

    def add(self, flowable: Flowable, canv: Any,  # type: ignore[override]
            trySplit: int = 0) -> int:  # noqa: N803
        """Place ``flowable`` above the notes it and the page need; commit its notes."""
        numbers = note_numbers(flowable)
        saved: float = self._y1p  # type: ignore[has-type]
        self._y1p = saved + self._reserve(numbers)
        try:
            placed = Frame._add(self, flowable, canv, trySplit)
        finally:
            self._y1p = saved
        doc = self.doc
        if placed and doc is not None:
            doc.page_notes.extend(n for n in numbers if n not in doc.page_notes)
        return int(placed)

    def split(self, flowable: Flowable, canv: Any) -> list[Flowable]:
        """Split with room for all of the flowable's notes (the parts are re-checked)."""
        saved: float = self._y1p  # type: ignore[has-type]
        self._y1p = saved + self._reserve(note_numbers(flowable))
        try:
            return list(Frame.split(self, flowable, canv))
        finally:
            self._y1p = saved


def paragraph_height(markup: str, style: Any, width: float) -> float:
    """Height of ``markup`` set ``width`` wide."""
    return float(TaggedParagraph(markup, style).wrap(width, 1000)[1])


def balanced_width(markup: str, style: Any, width: float) -> float:
    """The narrowest measure (down to half ``width``) that sets ``markup`` in as few lines as
    ``width`` does, so its lines come out of even length."""
    lines = paragraph_height(markup, style, width)
    words = re.sub(r"<[^>]*>", " ", markup).split()
    widest = max((stringWidth(_unescape(w), style.fontName, style.fontSize) for w in words),
                 default=0.0)
    low, high = max(width / 2, widest + 1), width
    if low >= high:
        return width
    for _ in range(14):
        middle = (low + high) / 2
        if paragraph_height(markup, style, middle) > lines:
            low = middle
        else:
            high = middle
    return high + 0.5


class Space(Flowable):
    """Nothing but space above or below a group (a figure), dropped at the top of a page, as
    ReportLab drops any flowable's space before there (spacers would stay)."""

    def __init__(self, before: float = 0.0, after: float = 0.0) -> None:
        super().__init__()
        self.spaceBefore, self.spaceAfter = before, after

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:  # noqa: N803
        """No size of its own."""
        return 0.0, 0.0

    def draw(self) -> None:
        """Nothing to draw."""


class BalancedParagraph(TaggedParagraph):
    """A (tagged) paragraph, a title, set in lines of even length: no word left alone on the
    last."""

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:  # noqa: N803
        """Wrap at the balanced measure; report the full width so alignment is unchanged."""
        _, height = super().wrap(balanced_width(self.text, self.style, availWidth),
                                 availHeight)
        self.width = availWidth
        return availWidth, height


class RightPageBreak(ActionFlowable):
    """Continue on the next right-hand (odd) page, leaving a blank left-hand page if needed."""

    def __init__(self) -> None:
        super().__init__(("rightPageBreak",))


def _unescape(text: str) -> str:
    """The three entities of `escape` back as characters (nothing else is decoded)."""
    return text.replace("&lt;", "<").replace("&gt;", ">").replace("&amp;", "&")
