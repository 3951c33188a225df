"""Tagged flowables: ReportLab flowables that draw their content as marked content.

In: a structure element (`SE`) given at compose time. Out, while drawing on a canvas with a
`Tagger` (see `layout.pdf.tagging`): ``BDC``/``EMC`` around what each flowable draws and the
element's MCIDs and annotations recorded; without a tagger they draw exactly as their
ReportLab base classes. Paragraph parts made by splitting share their element; a line-end
hyphen that the line breaking inserted is drawn in a Span read as a soft hyphen, found by
aligning the drawn text with the paragraph's own text (whatever hyphenation made it).
Relies on ReportLab 5.1 internals: ``Paragraph.beginText``, ``tx._textOut``, ``tx.getCode``,
``canv._annotationrefs``, ``ListFlowable._makeBullet``, ``Table`` ``renderCB`` and the
constructor calls of ``Paragraph.split`` and ``Table._splitRows``.
"""

from __future__ import annotations

import re
from collections.abc import Hashable
from typing import Any

from reportlab.platypus import Flowable, ListFlowable, Paragraph, Table
from reportlab.platypus.flowables import BulletDrawer

from layout.pdf.tagging import SE, Tagger, tagger_of
from layout.typeset import memo

_NO_SPACE_AFTER = " -\u00ad\u2010\u2011"


_NOT_DRAWN = re.compile("[ \t\r\n\u00ad]")
"""What the source text has and the drawn text may not: spaces, line breaks, soft hyphens."""


class _Alignment:
    """The paragraph's text without spaces and a cursor through it, shared by its parts."""

    __slots__ = ("cursor", "source")

    def __init__(self, text: str) -> None:
        self.source = _NOT_DRAWN.sub("", text)
        self.cursor = 0

    def __deepcopy__(self, memo: dict[int, Any]) -> _Alignment:
        return self  # a copied paragraph is still the same text being drawn

    def inserted_hyphen(self, drawn: str) -> bool:
        """Advance over ``drawn``; True when it ends with a hyphen the source does not have."""
        chunk = drawn.replace(" ", "")
        hyphen = chunk.endswith("-")
        body = chunk[:-1] if hyphen else chunk
        if self.source.startswith(body, self.cursor):
            self.cursor += len(body)
        else:
            found = self.source.find(body, self.cursor)
            if found < 0:
                return False
            self.cursor = found + len(body)
        if not hyphen:
            return False
        if self.source.startswith("-", self.cursor):
            self.cursor += 1
            return False
        return True


class TaggedParagraph(Paragraph):
    """A paragraph whose text is the marked content of ``tag``.

    ``foreign``: the element of text objects drawn during the paragraph's draw but not by its
    own ``beginText`` (a ``bulletText`` bullet, a contents line's page number). ``owner``: one
    element that gets every annotation the draw makes (contents lines); otherwise annotations
    go to the Links opened by inline markers. ``space``: end the text with a space, so two
    flowables sharing an element read as two words.
    """

    tag: SE | None = None
    foreign: SE | None = None
    owner: SE | None = None
    space = False
    _alignment: _Alignment | None = None
    _wrapped_at: float | None = None
    _first = True
    _highlights = False
    _parse_key: Hashable | None = None
    _shared = False
    """The lines are the `memo`'s, shared: copied before anything writes into them."""

    def __init__(self, text: Any, style: Any = None, *args: Any, tag: SE | None = None,
                 foreign: SE | None = None, space: bool = False, **kwargs: Any) -> None:
        super().__init__(text, style, *args, **kwargs)
        self.tag, self.foreign, self.space = tag, foreign, space
        self._highlights = isinstance(text, str) and "backColor" in text

    def _setup(self, text: Any, style: Any, bulletText: Any, frags: Any,  # noqa: N803
               cleaner: Any) -> None:
        """ReportLab's parse of the markup; in a watch, the last build's when the markup,
        style and bullet are the same (`memo`)."""
        key = memo.parse_key(self, text, style, bulletText, frags)
        if key is None:
            super()._setup(text, style, bulletText, frags, cleaner)
            return
        parent = super()._setup
        if memo.apply(key, self, memo.PARSED,
                      lambda: parent(text, style, bulletText, frags, cleaner)):
            self._parse_key, self._parsed_frags = key, self.frags

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:  # noqa: N803
        """ReportLab's wrap, keeping the text as written first (wrapping adds hyphens).

        The lines depend on the width alone, and platypus asks again at the same width (keep
        with next, table sizing, splitting), so a repeated width returns the lines it has; in
        a watch, a paragraph parsed as in the last build gets that build's lines (`memo`)."""
        if self.tag is not None:
            self._text_alignment()
        if availWidth == self._wrapped_at and hasattr(self, "blPara"):
            return self.width, self.height
        key = memo.wrap_key(self, availWidth)
        if key is None:
            size: tuple[float, float] = super().wrap(availWidth, availHeight)
        else:
            parent = super().wrap
            self._shared = memo.apply(key, self, memo.WRAPPED,
                                      lambda: parent(availWidth, availHeight))
            size = self.width, self.height
        self._wrapped_at = availWidth
        return size

    def minWidth(self) -> float:  # noqa: N802 - ReportLab's name
        """ReportLab's narrowest sensible width (the widest word; table column sizing asks);
        in a watch, the last build's for a paragraph parsed as then (`memo`)."""
        key = memo.wrap_key(self, None)
        if key is None:
            return float(super().minWidth())
        return memo.value(key, super().minWidth)

    def split(self, availWidth: float, availHeight: float) -> list[Any]:  # noqa: N803
        """ReportLab's split; the parts share this paragraph's element and text alignment."""
        if self._parse_key is not None and not hasattr(self, "blPara"):
            self.wrap(availWidth, availHeight)  # the lines first: shared ones are copied
        if self._shared:  # ReportLab's split writes into the lines: give it its own
            memo.own(self)
            self._shared = False
        parts: list[Any] = super().split(availWidth, availHeight)
        alignment = self._text_alignment()
        for i, part in enumerate(parts):
            part.tag, part.owner, part._alignment = self.tag, self.owner, alignment
            part._highlights = self._highlights
            part.foreign = self.foreign if i == 0 else None
            part.space = self.space and i == len(parts) - 1
            part._first = self._first and i == 0
        return parts

    def _text_alignment(self) -> _Alignment:
        if self._alignment is None:
            self._alignment = _Alignment(self.getPlainText())
        return self._alignment

    def beginText(self, x: float, y: float) -> Any:  # noqa: N802 - ReportLab hook
        """The text object, opening the element's MCID right after BT (inline elements can
        then switch mid-line) and closing it right before ET."""
        canv = self.canv
        text = canv.beginText(x, y)
        tagger = tagger_of(canv)
        if self.tag is None or tagger is None or tagger.suppressed:
            return text
        text._tagged = True
        if not tagger.stack or tagger.stack[0] is not self.tag:
            tagger.stack = [self.tag]
        text._code.append(tagger.open_mcid(canv, tagger.stack[-1]))
        alignment = self._text_alignment()
        if self._first:
            alignment.cursor = 0
        _wrap_text_object(text, canv, tagger, alignment, self.space)
        return text

    def draw(self) -> None:
        """ReportLab's draw, with foreign text objects and new annotations tagged."""
        canv = self.canv
        tagger = tagger_of(canv)
        if self.tag is None or tagger is None or tagger.suppressed:
            super().draw()
            return
        foreign, plain_draw = self.foreign, canv.drawText

        def draw_text(text: Any) -> None:
            if foreign is not None and not getattr(text, "_tagged", False):
                with tagger.content(canv, foreign):
                    plain_draw(text)
            else:
                plain_draw(text)

        first = len(canv._annotationrefs)
        tagger.links = []
        canv.drawText = draw_text
        try:
            if self._highlights:
                with _HighlightsAsArtifacts(canv, tagger):
                    super().draw()
            else:
                super().draw()
        finally:
            del canv.drawText
        tagger.add_annotations(canv.getPageNumber(), first, len(canv._annotationrefs),
                               self.owner)


class _HighlightsAsArtifacts:
    """Rectangles a paragraph paints outside its text (``backColor`` highlights) as artifacts."""

    def __init__(self, canv: Any, tagger: Tagger) -> None:
        self.canv, self.tagger = canv, tagger

    def __enter__(self) -> None:
        canv, tagger, plain_rect = self.canv, self.tagger, self.canv.rect

        def rect(*args: Any, **kwargs: Any) -> None:
            with tagger.artifact(canv):
                plain_rect(*args, **kwargs)

        canv.rect = rect

    def __exit__(self, *exc: object) -> None:
        del self.canv.rect


def _wrap_text_object(text: Any, canv: Any, tagger: Tagger, alignment: _Alignment,
                      space: bool) -> None:
    """Make ``text`` mark inserted hyphens, end lines with a space and close its MCID."""
    text_out, get_code, last = text._textOut, text.getCode, [""]

    def _text_out(chunk: str, TStar: int = 0) -> None:  # noqa: N803 - ReportLab's name
        if chunk and alignment.inserted_hyphen(chunk):
            text_out(chunk[:-1], 0)
            current = tagger.stack[-1]
            hyphen = current.add(SE("Span", static=False, actual="\u00ad"))
            text._code.append("EMC")
            text._code.append(tagger.open_mcid(canv, hyphen))
            text_out("-", 0)
            text._code.append("EMC")
            text._code.append(tagger.open_mcid(canv, current))
            chunk, last[0] = "", "-"
        elif chunk:
            last[0] = chunk
        if TStar and last[0] and last[0][-1] not in _NO_SPACE_AFTER:
            # ReportLab ends a line with T* and no space; without one, words run together
            text_out(chunk, 0)
            space_between_words()
            chunk, last[0] = "", " "
        text_out(chunk, TStar)

    def space_between_words() -> None:
        """A space for text extraction that takes no room on the line (scaled to nothing)."""
        scale = getattr(canv, "_horizScale", 100)
        if getattr(text, "_curSubset", None) == 0:
            # ReportLab's first TrueType subset keeps ASCII codes: no need to encode the space
            text._code.append(f"0 Tz ( ) Tj {scale} Tz")
            return
        text._code.append("0 Tz")
        text_out(" ", 0)
        text._code.append(f"{scale} Tz")

    def getCode() -> str:  # noqa: N802 - ReportLab's name
        if space:
            space_between_words()
        text._code.append("EMC")
        if len(tagger.stack) == 1:
            tagger.stack = []
        return str(get_code())

    text._textOut, text.getCode = _text_out, getCode


class TaggedBullet(BulletDrawer):
    """A list bullet or number drawn as the marked content of its item's Lbl."""

    tag: SE | None = None

    def drawOn(self, indenter: Any, canv: Any, x: float, y: float,  # noqa: N802
               _sW: float = 0) -> None:  # noqa: N803
        tagger = tagger_of(canv)
        if tagger is None or self.tag is None or tagger.suppressed:
            super().drawOn(indenter, canv, x, y, _sW)
            return
        with tagger.content(canv, self.tag):
            super().drawOn(indenter, canv, x, y, _sW)


class TaggedList(ListFlowable):
    """A list whose bullets are the Lbl elements ``labels``, one per item, in order."""

    def __init__(self, flowables: list[Any], *, labels: list[SE], **kwargs: Any) -> None:
        self.labels = labels
        self._made = 0
        super().__init__(flowables, **kwargs)

    def _makeBullet(self, value: Any, params: Any = None) -> Any:  # noqa: N802
        bullet = super()._makeBullet(value, params)
        bullet.__class__ = TaggedBullet  # same state; only drawOn differs
        bullet.tag = self.labels[self._made] if self._made < len(self.labels) else None
        self._made += 1
        return bullet


def _table_events(table: Any, event: str, *args: Any) -> None:
    """The ``renderCB`` of tagged tables: fills and rules are artifacts; a header row drawn
    again on a later page is a pagination artifact (its paragraphs then draw untagged)."""
    tagger = tagger_of(table.canv)
    if tagger is None:
        return
    if event in ("startBG", "startLines"):
        tagger.begin_artifact(table.canv)
    elif event in ("endBG", "endLines"):
        tagger.end_artifact(table.canv)
    elif event == "startCell":
        rows = table.tag_rows
        table._in_repeat = rows is not None and rows[args[0]] is None
        if table._in_repeat:
            tagger.begin_artifact(table.canv, "Pagination", "Header")
    elif event == "endCell" and getattr(table, "_in_repeat", False):
        tagger.end_artifact(table.canv)
        table._in_repeat = False


class TaggedTable(Table):
    """A table whose cells' flowables carry their own tags; its split parts know which of
    their rows repeat the header (None in ``tag_rows``)."""

    tag_rows: list[int | None] | None = None

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs["renderCB"] = _table_events
        super().__init__(*args, **kwargs)

    def split(self, availWidth: float, availHeight: float) -> list[Any]:  # noqa: N803
        parts: list[Any] = super().split(availWidth, availHeight)
        if len(parts) == 2:
            rows = self.tag_rows or list(range(self._nrows))
            repeat = self.repeatRows
            count = repeat if isinstance(repeat, int) else len(repeat)
            head = parts[0]._nrows
            parts[0].tag_rows = rows[:head]
            parts[1].tag_rows = [None] * count + rows[head:]
        return parts


class TaggedFigure(Flowable):
    """A drawing or image drawn as the content of a Figure element, its /BBox recorded."""

    def __init__(self, inner: Flowable, tag: SE) -> None:
        super().__init__()
        self.inner, self.tag = inner, tag
        self.hAlign = getattr(inner, "hAlign", "LEFT")
        # the space around the figure is the wrapper's own, so callers can set it
        self.spaceBefore = float(inner.getSpaceBefore())
        self.spaceAfter = float(inner.getSpaceAfter())

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:  # noqa: N803
        self.width, self.height = self.inner.wrap(availWidth, availHeight)
        return self.width, self.height

    def drawOn(self, canvas: Any, x: float, y: float, _sW: float = 0) -> None:  # noqa: N802,N803
        tagger = tagger_of(canvas)
        if tagger is None or tagger.suppressed:
            self.inner.drawOn(canvas, x, y, _sW)
            return
        x0, y0 = canvas.absolutePosition(x, y)
        self.tag.attrs["bbox"] = [round(x0, 2), round(y0, 2), round(x0 + self.width, 2),
                                  round(y0 + self.height, 2)]
        with tagger.content(canvas, self.tag):
            self.inner.drawOn(canvas, x, y, _sW)
