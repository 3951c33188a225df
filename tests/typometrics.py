"""Typometrics: typographic measurements read back from finished PDFs (no layout code).

In: a PDF path. Out: lines of text with their glyph positions (read with pdfium), grouped into
paragraphs by geometry, and the measures the typography tests assert: hyphenated share, runs of
hyphenated lines, capitalised breaks, short fragments, word-space ratios, blank pages, page-top
offsets. Run as a script (``python tests/typometrics.py output/en/booklet.pdf``) to print them.
"""

from __future__ import annotations

import ctypes
import re
import statistics
import sys
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

    @cached_property
    def justified(self) -> bool:
        """All lines but the last end flush at one right edge (needs three lines or more)."""
        if len(self.lines) < 3:
            return False
        rights = [line.x1 for line in self.lines[:-1]]
        return max(rights) - min(rights) < 0.6

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
                    round(raw.FPDFText_GetFontSize(textpage, i), 2), font,
                    (r.value, g.value, b.value))


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


@dataclass
class Document:
    """Every line of a PDF, page by page, and the page sizes."""

    path: Path
    pages: list[list[Line]]
    sizes: list[tuple[float, float]]
    boxes: list[list[tuple[float, float, float, float]]]
    """Per page, the bounds (left, bottom, right, top) of every drawn object."""

    @classmethod
    def read(cls, path: Path | str) -> Document:
        """Read ``path`` with pdfium; lines follow the content stream's drawing order."""
        pdf = pdfium.PdfDocument(str(path))
        pages, sizes, boxes = [], [], []
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
                boxes.append([tuple(obj.get_bounds()) for obj in page.get_objects(max_depth=2)])
        finally:
            pdf.close()
        return cls(Path(path), pages, sizes, boxes)

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
                    prev = group[-1]
                    step = prev.y - line.y
                    if (prev.size == line.size and abs(prev.x0 - line.x0) < 1.2
                            and len(group) >= 2 and abs(step - (group[-2].y - prev.y)) < 0.2
                            or prev.size == line.size and abs(prev.x0 - line.x0) < 1.2
                            and len(group) == 1 and 1.1 * line.size < step < 1.6 * line.size):
                        group.append(line)
                        break
                else:
                    groups.append([line])
            out.extend(Paragraph(g) for g in groups)
        return out


@dataclass(frozen=True)
class Hyphenation:
    """Line-end hyphens of a document, measured."""

    lines: int
    hyphenated: int
    longest_run: int
    capitalised: list[str]
    short_fragments: list[str]
    last_full_line: list[str]
    in_ragged: list[str]
    in_compound: list[str]

    @property
    def share(self) -> float:
        return self.hyphenated / self.lines if self.lines else 0.0


def _head(line: Line) -> str:
    match = LETTERS.match(line.text.lstrip())
    return match.group(0) if match else ""


def measure_hyphenation(doc: Document) -> Hyphenation:
    """Count text lines and hyphenated ones, and list every break the policy forbids."""
    paragraphs = [p for p in doc.paragraphs() if p.lines[0].size < 11]
    total = sum(len(p.lines) for p in paragraphs)
    count, longest = 0, 0
    caps: list[str] = []
    short: list[str] = []
    last: list[str] = []
    ragged: list[str] = []
    compound: list[str] = []
    for para in paragraphs:
        run = 0
        for i, line in enumerate(para.lines[:-1]):
            if not line.hyphenated or not _head(para.lines[i + 1]):
                run = 0
                continue
            count += 1
            run += 1
            longest = max(longest, run)
            word = line.text.rstrip().split(" ")[-1]
            tail = LETTERS.findall(word)
            head = _head(para.lines[i + 1])
            nxt = para.lines[i + 1].text.lstrip().split(" ")[0]
            where = f"p{line.page}: {word}/{nxt}"
            if tail and (tail[-1][:1].isupper() or tail[-1].isupper()):
                caps.append(where)
            if not tail or len(tail[-1]) < 3 or len(head) < 3:
                short.append(where)
            if i == len(para.lines) - 2 and para.lines[-1].x1 < para.lines[0].x1 - 1:
                last.append(where)
            if not para.justified:
                ragged.append(where)
            if "-" in word[:-1] or "-" in nxt:
                compound.append(where)
    return Hyphenation(total, count, longest, caps, short, last, ragged, compound)


def word_space_ratios(doc: Document) -> list[tuple[float, int, str]]:
    """(widest word space / natural space, page, line) for every justified full line."""
    out = []
    for para in doc.paragraphs():
        if not para.justified:
            continue
        for line in para.lines[:-1]:
            gaps = line.word_gaps()
            if gaps:
                out.append((max(gaps) / (SPACE_EM * line.size), line.page, line.text))
    return sorted(out, reverse=True)


def blank_pages(doc: Document, halves: bool = False) -> list[int]:
    """Pages (or, with ``halves``, A5 slots of an imposed sheet: 2n-1, 2n) with nothing drawn."""
    out = []
    for number, (size, boxes) in enumerate(zip(doc.sizes, doc.boxes, strict=True), 1):
        parts = [(0.0, size[0] / 2), (size[0] / 2, size[0])] if halves else [(0.0, size[0])]
        for k, (lo, hi) in enumerate(parts):
            inside = [b for b in boxes if b[0] < hi - 1 and b[2] > lo + 1]
            if not inside:
                out.append(2 * number - 1 + k if halves else number)
    return out


WHITE = (255, 255, 255)
LETTER = re.compile(r"^[a-z]{1,2}\.$")


def letter_offsets(doc: Document) -> list[tuple[str, float]]:
    """(agenda letter, its baseline minus its text's first baseline) for every agenda row."""
    out = []
    for page in doc.pages:
        for i, line in enumerate(page):
            if not LETTER.match(line.text) or "Bold" not in line.font:
                continue
            beside = [other for other in page[i + 1 : i + 4]
                      if other.x0 > line.x1 and abs(other.y - line.y) < 4]
            if beside:
                out.append((line.text, round(line.y - beside[0].y, 2)))
    return out


def bullet_offsets(doc: Document) -> list[tuple[float, float]]:
    """(bullet size minus its text's size, first-line x minus turnover x) per bulleted item."""
    out = []
    for page in doc.pages:
        for i, line in enumerate(page):
            if line.text.startswith("\u2022") and line.marker_end <= 1:
                text = line if len(line.text) > 1 else (page[i + 1] if i + 1 < len(page)
                                                        else line)
                nxt = page[page.index(text) + 1] if page.index(text) + 1 < len(page) else None
                size = text.glyphs[-1].size
                if nxt is not None and nxt.size == size and 0 < text.y - nxt.y < 2 * size:
                    out.append((round(line.glyphs[0].size - size, 2),
                                round(text.x0 - nxt.x0, 2)))
    return out


def table_heads(doc: Document) -> list[tuple[int, str]]:
    """(page, text) of every agenda table heading (white text on the header band)."""
    return [(line.page, line.text) for line in doc.lines
            if line.fill == WHITE and 9 <= line.size <= 11]


def repeated_titles(doc: Document) -> list[tuple[int, str]]:
    """Table headings that repeat the section heading right above them."""
    out = []
    for page in doc.pages:
        for prev, line in zip(page, page[1:], strict=False):
            if line.fill == WHITE and prev.marker and prev.text[len(prev.marker):] == line.text:
                out.append((line.page, line.text))
    return out


def page_top_gaps(doc: Document, frame_top: float) -> dict[int, float]:
    """Per page, how far below ``frame_top`` (points from the bottom) the first object starts."""
    out = {}
    for number, boxes in enumerate(doc.boxes, 1):
        tops = [b[3] for b in boxes if b[3] <= frame_top + 0.5]
        if tops:
            out[number] = round(frame_top - max(tops), 2)
    return out


def summary(path: Path | str) -> dict[str, object]:
    """The headline numbers of one PDF (what the command line prints)."""
    doc = Document.read(path)
    hy = measure_hyphenation(doc)
    ratios = word_space_ratios(doc)
    return {
        "pages": len(doc.pages), "lines": hy.lines, "hyphenated": hy.hyphenated,
        "share": round(hy.share, 4), "longest_run": hy.longest_run,
        "capitalised": hy.capitalised, "short_fragments": hy.short_fragments,
        "last_full_line": hy.last_full_line, "in_ragged": len(hy.in_ragged),
        "in_compound": hy.in_compound,
        "max_space_ratio": round(ratios[0][0], 2) if ratios else 0.0,
        "loose_lines_1_5": sum(1 for r in ratios if r[0] >= 1.5),
        "median_space_ratio": round(statistics.median(r[0] for r in ratios), 2) if ratios else 0,
        "worst": [(round(r, 2), p, t[:60]) for r, p, t in ratios[:3]],
        "blank_pages": blank_pages(doc),
        "letter_offsets": sorted({o for _, o in letter_offsets(doc)}),
        "bullet_offsets": sorted(set(bullet_offsets(doc))),
        "repeated_titles": repeated_titles(doc),
        "table_heads": len(table_heads(doc)),
    }


if __name__ == "__main__":
    for arg in sys.argv[1:]:
        sys.stdout.write(f"{arg}\n")
        for key, value in summary(arg).items():
            sys.stdout.write(f"  {key}: {value}\n")
