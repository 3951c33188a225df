"""Typometrics: what a finished PDF shows, read back with pdfium (no layout code involved).

In: a PDF path. Out: a `Document`, its lines of text with every glyph's baseline origin,
advance, size, font and fill, grouped into paragraph parts by geometry, and its filled shapes.
The measures built on it are in `typomeasures`.
"""

from __future__ import annotations

import ctypes
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path

import pypdfium2 as pdfium
import pypdfium2.raw as raw

SPACE_EM = 0.2
"""Advance of the space in Source Sans Pro (200/1000 em), for every face we use."""
LETTERS = re.compile(r"[^\W\d_]+")


@dataclass(frozen=True)
class Glyph:
    """One drawn character: its text, baseline origin, advance end, size, font and fill."""

    ch: str
    x: float
    y: float
    right: float
    top: float
    bottom: float
    size: float
    font: str
    fill: tuple[int, int, int]


@dataclass
class Line:
    """Glyphs set on one baseline in one paragraph line (superscripts included)."""

    page: int
    glyphs: list[Glyph] = field(default_factory=list)

    @property
    def text(self) -> str:
        return "".join(g.ch for g in self.glyphs)

    @property
    def y(self) -> float:
        return self.glyphs[0].y

    @cached_property
    def marker_end(self) -> int:
        """Glyphs of a leading bullet or number set apart by a gap ("•", "3.1", "a."), else 0."""
        for i, (a, b) in enumerate(zip(self.glyphs[:4], self.glyphs[1:5], strict=False)):
            if a.ch != " " and b.ch != " " and b.x - a.right > 0.3 * self.size:
                return i + 1
        return 0

    @property
    def marker(self) -> str:
        return "".join(g.ch for g in self.glyphs[: self.marker_end])

    @property
    def x0(self) -> float:
        """Left edge of the line's text (after its bullet or number, if any)."""
        return self.glyphs[self.marker_end].x if self.marker_end < len(self.glyphs) else 0.0

    @property
    def x1(self) -> float:
        return max(g.right for g in self.glyphs if not g.ch.isspace())

    @property
    def size(self) -> float:
        return self.glyphs[0].size

    @property
    def font(self) -> str:
        return self.glyphs[0].font

    @property
    def fill(self) -> tuple[int, int, int]:
        return self.glyphs[0].fill

    def word_gaps(self) -> list[float]:
        """Each inter-word space, from the end of a word to the start of the next (points)."""
        gaps, end = [], None
        for a, b in zip(self.glyphs, self.glyphs[1:], strict=False):
            if a.ch == " " and b.ch != " " and end is not None:
                gaps.append(b.x - end)
            if a.ch != " " and b.ch == " ":
                end = a.right
        return gaps

    @property
    def hyphenated(self) -> bool:
        """The line ends in a hyphen that splits a word (a letter follows on the next line)."""
        return self.text.rstrip().endswith("-") and len(self.text.rstrip()) > 1


@dataclass
class Paragraph:
    """Consecutive lines of one size and left edge at the same leading: one paragraph part."""

    lines: list[Line]

    @property
    def page(self) -> int:
        return self.lines[0].page

    right_edge: float = 0.0
    """The column's right edge: the furthest any line of this size and indent reaches."""

    @cached_property
    def justified(self) -> bool:
        """Most lines but the last end flush at the column's right edge."""
        body = self.lines[:-1]
        flush = sum(1 for line in body if line.x1 > self.right_edge - 0.6)
        return bool(body) and 2 * flush >= len(body) + (len(body) == 1)

    @property
    def text(self) -> str:
        return " ".join(line.text for line in self.lines)


def _glyphs(textpage: object) -> Iterator[Glyph]:
    x, y = ctypes.c_double(), ctypes.c_double()
    box = raw.FS_RECTF()
    name = ctypes.create_string_buffer(128)
    flags = ctypes.c_int()
    r, g, b, a = (ctypes.c_uint() for _ in range(4))
    for i in range(raw.FPDFText_CountChars(textpage)):
        if raw.FPDFText_IsGenerated(textpage, i):
            continue
        code = raw.FPDFText_GetUnicode(textpage, i)
        if code in (0, 0xFFFE, 0xFFFF) or chr(code) in "\r\n":
            continue
        if code in (0x02, 0xAD):
            code = 0x2D  # pdfium reports a line-end hyphen as U+0002
        raw.FPDFText_GetCharOrigin(textpage, i, x, y)
        raw.FPDFText_GetLooseCharBox(textpage, i, box)
        raw.FPDFText_GetFontInfo(textpage, i, name, 128, flags)
        raw.FPDFText_GetFillColor(textpage, i, r, g, b, a)
        font = name.value.decode("latin-1").split("+")[-1]
        yield Glyph(chr(code), round(x.value, 2), round(y.value, 2), round(box.right, 2),
                    round(box.top, 2), round(box.bottom, 2),
                    round(raw.FPDFText_GetFontSize(textpage, i), 2), font,
                    (r.value, g.value, b.value))


@dataclass(frozen=True)
class Shape:
    """A drawn path: its bounds and its fill colour (None when it is only stroked)."""

    left: float
    bottom: float
    right: float
    top: float
    fill: tuple[int, int, int] | None


def _shape(obj: object) -> Shape:
    r, g, b, a = (ctypes.c_uint() for _ in range(4))
    mode, stroke = ctypes.c_int(), ctypes.c_int()
    handle = obj.raw  # type: ignore[attr-defined]
    raw.FPDFPath_GetDrawMode(handle, mode, stroke)
    fill = None
    if mode.value and raw.FPDFPageObj_GetFillColor(handle, r, g, b, a):
        fill = (r.value, g.value, b.value)
    left, bottom, right, top = obj.get_bounds()  # type: ignore[attr-defined]
    return Shape(round(left, 2), round(bottom, 2), round(right, 2), round(top, 2), fill)


def _continues(line: Line, glyph: Glyph) -> bool:
    last = line.glyphs[-1]
    base = line.glyphs[0]
    if glyph.x < last.x - 0.5 or glyph.x - last.right > 0.9 * base.size:
        return False
    if abs(glyph.y - base.y) < 0.3:
        return glyph.size == base.size or glyph.size < 0.8 * base.size or (
            glyph.font != base.font and abs(glyph.size - base.size) < 0.01)
    rise = glyph.y - base.y
    small = glyph.size < 0.8 * base.size or last.size < 0.8 * base.size
    return small and -0.5 < rise < 0.7 * base.size


def _follows(group: list[Line], line: Line) -> bool:
    """True when ``line`` is the next line of the paragraph part ``group``."""
    prev = group[-1]
    if prev.size != line.size or abs(prev.x0 - line.x0) >= 1.2:
        return False
    step = prev.y - line.y
    if len(group) >= 2:
        return abs(step - (group[-2].y - prev.y)) < 0.2
    return 1.1 * line.size < step < 1.6 * line.size


@dataclass
class Document:
    """Every line of a PDF, page by page, and the page sizes."""

    path: Path
    pages: list[list[Line]]
    sizes: list[tuple[float, float]]
    boxes: list[list[tuple[float, float, float, float]]]
    """Per page, the bounds (left, bottom, right, top) of every drawn object."""
    shapes: list[list[Shape]] = field(default_factory=list)
    """Per page, every filled path (rectangles: bars, bands, swatches, table rows)."""

    @classmethod
    def read(cls, path: Path | str) -> Document:
        """Read ``path`` with pdfium; lines follow the content stream's drawing order."""
        pdf = pdfium.PdfDocument(str(path))
        pages, sizes, boxes, shapes = [], [], [], []
        try:
            for number in range(len(pdf)):
                page = pdf[number]
                lines: list[Line] = []
                textpage = page.get_textpage()
                for glyph in _glyphs(textpage):
                    if lines and _continues(lines[-1], glyph):
                        lines[-1].glyphs.append(glyph)
                    elif glyph.ch != " ":
                        lines.append(Line(number + 1, [glyph]))
                for line in lines:
                    while line.glyphs and line.glyphs[-1].ch == " ":
                        line.glyphs.pop()
                pages.append([line for line in lines if line.glyphs])
                sizes.append(page.get_size())
                objects = list(page.get_objects(max_depth=3))
                boxes.append([tuple(obj.get_bounds()) for obj in objects])
                shapes.append([_shape(obj) for obj in objects
                               if obj.type == raw.FPDF_PAGEOBJ_PATH])
        finally:
            pdf.close()
        return cls(Path(path), pages, sizes, boxes, shapes)

    @property
    def lines(self) -> list[Line]:
        return [line for page in self.pages for line in page]

    def paragraphs(self) -> list[Paragraph]:
        """Lines grouped into paragraph parts: same size and left edge, one leading apart."""
        out: list[Paragraph] = []
        for page in self.pages:
            groups: list[list[Line]] = []
            for line in page:
                for group in reversed(groups[-4:]):
                    if _follows(group, line):
                        group.append(line)
                        break
                else:
                    groups.append([line])
            edges: dict[tuple[float, float], float] = {}
            for line in page:
                key = (round(line.x0), line.size)
                edges[key] = max(edges.get(key, 0.0), line.x1)
            out.extend(Paragraph(g, edges[(round(g[0].x0), g[0].size)]) for g in groups)
        return out
