"""Typomeasures: the typographic measures the tests assert, computed from a `Document`.

In: a `typometrics.Document`. Out: hyphenation counts (share, runs, capitalised breaks, short
fragments, breaks on a last full line), justified word-space ratios, blank pages, agenda letter
and bullet offsets, repeated table titles, page-top gaps. Run as a script
(``python tests/typomeasures.py output/en/booklet.pdf``) to print them for any PDF.
"""

from __future__ import annotations

import itertools
import re
import statistics
import sys
from dataclasses import dataclass
from pathlib import Path

from typometrics import LETTERS, SPACE_EM, Document, Line


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
            if re.search(r"(^|\s)\.( \.)* ?\d+$", line.text):
                continue  # contents lines: dot leaders, not word spaces
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


def chapter_pages(doc: Document) -> list[int]:
    """Pages that open a numbered chapter (the large light chapter number)."""
    return [line.page for line in doc.lines if line.size > 40 and line.text.isdigit()]


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
        for prev, line in itertools.pairwise(page):
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
