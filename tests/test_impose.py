"""Saddle-stitch imposition: page order as plain lists first, then the imposed PDF's geometry.

The PDFs are made here with ReportLab: numbered A5 pages (a big page number in the embedded
Vera TTF), optionally with bleed, so the tests do not depend on the booklet pipeline.
"""

from __future__ import annotations

import io
import math
from collections.abc import Iterator
from typing import Any

import pytest
from pypdf import PageObject, PdfReader
from reportlab.lib.pagesizes import A5
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen.canvas import Canvas

from layout.pdf.impose import (
    MARK_LENGTH,
    MARK_OFFSET,
    MM,
    SHEETS,
    blank_count,
    booklet_order,
    impose_booklet,
)

A5_W, A5_H = A5
BLEED = 3 * MM


def _numbered_pdf(n: int, bleed: float = 0.0, link: bool = False) -> bytes:
    """``n`` A5 pages showing their number; with bleed, a TrimBox and a full-bleed tint."""
    pdfmetrics.registerFont(TTFont("Vera", "Vera.ttf"))
    buffer = io.BytesIO()
    canvas = Canvas(buffer, pagesize=(A5_W + 2 * bleed, A5_H + 2 * bleed), invariant=1,
                    initialFontName="Vera")
    if bleed:
        canvas.setTrimBox((bleed, bleed, bleed + A5_W, bleed + A5_H))
        canvas.setBleedBox((0, 0, A5_W + 2 * bleed, A5_H + 2 * bleed))
    for number in range(1, n + 1):
        if bleed:
            canvas.setFillGray(0.9)
            canvas.rect(0, 0, A5_W + 2 * bleed, A5_H + 2 * bleed, stroke=0, fill=1)
            canvas.setFillGray(0)
        canvas.setFont("Vera", 120)
        canvas.drawCentredString(bleed + A5_W / 2, bleed + A5_H / 2, str(number))
        if link:
            canvas.linkURL("https://example.org", (40, 40, 140, 60))
        canvas.showPage()
    canvas.save()
    return buffer.getvalue()


@pytest.fixture(scope="module")
def ten_pages() -> bytes:
    return _numbered_pdf(10)


def _sides(pdf: bytes) -> list[PageObject]:
    return list(PdfReader(io.BytesIO(pdf)).pages)


def _box(page: PageObject, name: str) -> list[float]:
    return [round(float(v), 2) for v in page[name]]


def _text_positions(page: PageObject) -> list[tuple[str, float]]:
    """Every non-blank text run on ``page`` with the x of its origin in page coordinates."""
    runs: list[tuple[str, float]] = []

    def visit(text: str, cm: Any, tm: Any, *_: Any) -> None:
        if text.strip():
            runs.append((text.strip(), tm[4] * cm[0] + tm[5] * cm[2] + cm[4]))

    page.extract_text(visitor_text=visit)
    return runs


def _halves(page: PageObject, fold: float) -> tuple[list[str], list[str]]:
    """The words left and right of the fold."""
    runs = _text_positions(page)
    left = [word for text, x in runs if x < fold for word in text.split()]
    right = [word for text, x in runs if x >= fold for word in text.split()]
    return left, right


def _placements(page: PageObject) -> Iterator[tuple[list[float], tuple[float, ...]]]:
    """(ctm, clip rectangle in side coordinates) of each page merged onto a side."""
    content = page.get_contents()
    assert content is not None
    ops = content.operations
    for i, (operands, operator) in enumerate(ops[:-3]):
        following = [op for _, op in ops[i + 1:i + 4]]
        if operator == b"cm" and following == [b"re", b"W", b"n"]:
            a, b, c, d, e, f = (float(v) for v in operands)
            x, y, w, h = (float(v) for v in ops[i + 1][0])
            xs = [a * px + c * py + e for px, py in ((x, y), (x + w, y + h))]
            ys = [b * px + d * py + f for px, py in ((x, y), (x + w, y + h))]
            yield [a, b, c, d, e, f], (min(xs), min(ys), max(xs), max(ys))


# --- page order, no PDF ------------------------------------------------------------------


@pytest.mark.parametrize(
    ("n", "expected"),
    [
        (1, [(None, 1), (None, None)]),
        (4, [(4, 1), (2, 3)]),
        # padded to 8 as 1, 2, 3, 4, blank, blank, blank, 5
        (5, [(5, 1), (2, None), (None, 3), (4, None)]),
        (8, [(8, 1), (2, 7), (6, 3), (4, 5)]),
        # padded to 28 as 1..25, blank, blank, 26
        (26, [(26, 1), (2, None), (None, 3), (4, 25), (24, 5), (6, 23), (22, 7), (8, 21),
              (20, 9), (10, 19), (18, 11), (12, 17), (16, 13), (14, 15)]),
    ],
)
def test_booklet_order(n: int, expected: list[tuple[int | None, int | None]]) -> None:
    assert booklet_order(n) == expected


@pytest.mark.parametrize(("n", "blanks"), [(1, 3), (4, 0), (5, 3), (6, 2), (7, 1), (26, 2)])
def test_blank_count(n: int, blanks: int) -> None:
    assert blank_count(n) == blanks


def test_every_page_printed_once() -> None:
    for n in range(1, 30):
        slots = [slot for pair in booklet_order(n) for slot in pair]
        assert len(slots) == n + blank_count(n)
        assert sorted(s for s in slots if s is not None) == list(range(1, n + 1))


def test_booklet_order_refuses_no_pages() -> None:
    with pytest.raises(ValueError, match="at least one page"):
        booklet_order(0)


# --- the imposed PDF ---------------------------------------------------------------------


@pytest.mark.parametrize("sheet", ["A4", "Letter"])
@pytest.mark.parametrize("n", [1, 5, 8, 10])
def test_sides_at_sheet_size(sheet: str, n: int) -> None:
    result = impose_booklet(_numbered_pdf(n), sheet)
    sides = _sides(result.pdf)
    assert result.sides == len(sides) == math.ceil(n / 4) * 2
    assert result.blanks == blank_count(n)
    width, height = SHEETS[sheet]
    for side in sides:
        assert _box(side, "/MediaBox") == [0, 0, round(width, 2), round(height, 2)]
        assert _box(side, "/TrimBox") == _box(side, "/MediaBox")


def test_letter_shrinks_a5_to_fit() -> None:
    result = impose_booklet(_numbered_pdf(4), "Letter")
    assert result.scale == pytest.approx(792 / 2 / A5_W)
    ctm, clip = next(_placements(_sides(result.pdf)[0]))
    assert ctm[0] == pytest.approx(result.scale)
    assert clip[0] == pytest.approx(0, abs=1e-3)


def test_a4_keeps_a5_at_full_size() -> None:
    assert impose_booklet(_numbered_pdf(4), "A4").scale == 1.0


@pytest.mark.parametrize("sheet", ["A4", "Letter"])
def test_each_half_holds_its_booklet_page(ten_pages: bytes, sheet: str) -> None:
    source = [page.extract_text().split() for page in _sides(ten_pages)]
    result = impose_booklet(ten_pages, sheet)
    fold = SHEETS[sheet][0] / 2
    for side, pair in zip(_sides(result.pdf), booklet_order(10), strict=True):
        expected = tuple(source[n - 1] if n else [] for n in pair)
        assert _halves(side, fold) == expected


def test_pages_meet_at_the_fold(ten_pages: bytes) -> None:
    side = _sides(impose_booklet(ten_pages, "A4").pdf)[0]
    (_, left), (_, right) = _placements(side)
    fold = SHEETS["A4"][0] / 2
    top = (SHEETS["A4"][1] + A5_H) / 2
    assert left == pytest.approx((fold - A5_W, top - A5_H, fold, top), abs=1e-3)
    assert right == pytest.approx((fold, top - A5_H, fold + A5_W, top), abs=1e-3)


def test_marks_set_trim_and_bleed_boxes() -> None:
    result = impose_booklet(_numbered_pdf(6, bleed=BLEED), "A4", marks=True, bleed=BLEED)
    width, height = SHEETS["A4"]
    border = max(MARK_OFFSET, BLEED) + MARK_LENGTH
    fold, middle = border + width / 2, border + height / 2
    trim = [fold - A5_W, middle - A5_H / 2, fold + A5_W, middle + A5_H / 2]
    bleed = [trim[0] - BLEED, trim[1] - BLEED, trim[2] + BLEED, trim[3] + BLEED]
    for side in _sides(result.pdf):
        assert _box(side, "/MediaBox") == [0, 0, round(width + 2 * border, 2),
                                           round(height + 2 * border, 2)]
        assert _box(side, "/TrimBox") == [round(v, 2) for v in trim]
        assert _box(side, "/BleedBox") == [round(v, 2) for v in bleed]


@pytest.mark.parametrize(("sheet", "paper_mm"), [("A4", (320, 225)), ("Letter", (304.8, 228.6))])
def test_with_marks_and_3_mm_bleed_the_sheet_fits_its_paper(
        sheet: str, paper_mm: tuple[float, float]) -> None:
    """A4 sheets with marks go on SRA4 (320 x 225 mm), Letter sheets on 12 x 9 in."""
    result = impose_booklet(_numbered_pdf(4, bleed=3 * MM), sheet, marks=True, bleed=3 * MM)
    for side in _sides(result.pdf):
        _, _, width, height = _box(side, "/MediaBox")
        assert width <= paper_mm[0] * MM
        assert height <= paper_mm[1] * MM
    assert result.media[0] == pytest.approx(SHEETS[sheet][0] + 12 * MM)


def test_imposing_keeps_the_document_information() -> None:
    source = PdfReader(io.BytesIO(_numbered_pdf(4))).metadata
    imposed = PdfReader(io.BytesIO(impose_booklet(_numbered_pdf(4)).pdf)).metadata
    assert source is not None
    assert imposed is not None
    assert imposed.title == source.title
    assert imposed.get("/CreationDate") == source.get("/CreationDate")


def test_marks_are_drawn_outside_the_bleed() -> None:
    side = _sides(impose_booklet(_numbered_pdf(4), "A4", marks=True, bleed=BLEED).pdf)[0]
    content = side.get_contents()
    assert content is not None
    trim = [float(v) for v in side["/TrimBox"]]
    strokes = []
    ops = content.operations
    for i, (operands, operator) in enumerate(ops):
        if operator == b"m" and ops[i + 1][1] == b"l":
            strokes.append([float(v) for v in (*operands, *ops[i + 1][0])])
    assert len(strokes) == 8 + 2  # two lines at each trim corner, one fold mark each end
    for x0, y0, x1, y1 in strokes:
        inside_x = trim[0] - BLEED < min(x0, x1) and max(x0, x1) < trim[2] + BLEED
        inside_y = trim[1] - BLEED < min(y0, y1) and max(y0, y1) < trim[3] + BLEED
        assert not (inside_x and inside_y)


def test_bleed_kept_outside_and_cut_at_the_spine() -> None:
    result = impose_booklet(_numbered_pdf(4, bleed=BLEED), "A4", bleed=BLEED)
    width, height = SHEETS["A4"]
    fold, bottom, top = width / 2, (height - A5_H) / 2, (height + A5_H) / 2
    for side in _sides(result.pdf):
        (_, left), (_, right) = _placements(side)
        assert left == pytest.approx((fold - A5_W - BLEED, bottom - BLEED, fold, top + BLEED),
                                     abs=1e-3)
        assert right == pytest.approx((fold, bottom - BLEED, fold + A5_W + BLEED, top + BLEED),
                                      abs=1e-3)


def test_without_bleed_pages_are_cut_at_their_trim() -> None:
    side = _sides(impose_booklet(_numbered_pdf(4, bleed=BLEED), "A4").pdf)[0]
    (_, left), (_, right) = _placements(side)
    assert left[2] - left[0] == pytest.approx(A5_W)
    assert right[3] - right[1] == pytest.approx(A5_H)


def test_creep_moves_inner_sheets_toward_the_spine() -> None:
    pdf = _numbered_pdf(12)
    plain = _sides(impose_booklet(pdf, "A4").pdf)
    crept = _sides(impose_booklet(pdf, "A4", creep=2.0).pdf)
    fold = SHEETS["A4"][0] / 2
    for index, (before, after) in enumerate(zip(plain, crept, strict=True)):
        shift = (index // 2) * 2.0
        moved = [(text, x_after - x_before) for (text, x_before), (_, x_after)
                 in zip(_text_positions(before), _text_positions(after), strict=True)]
        for (text, delta), (_, x) in zip(moved, _text_positions(before), strict=True):
            expected = shift if x < fold else -shift
            assert delta == pytest.approx(expected), (index, text)


def test_creep_is_cut_at_the_spine() -> None:
    side = _sides(impose_booklet(_numbered_pdf(8), "A4", creep=2.0).pdf)[2]
    (_, left), (_, right) = _placements(side)
    fold = SHEETS["A4"][0] / 2
    assert left[2] == pytest.approx(fold)
    assert right[0] == pytest.approx(fold)


def test_too_much_creep_is_refused() -> None:
    with pytest.raises(ValueError, match="creep"):
        impose_booklet(_numbered_pdf(8), creep=300)


@pytest.mark.parametrize("kwargs", [{"bleed": -1.0}, {"creep": -1.0}])
def test_negative_bleed_or_creep_is_refused(kwargs: dict[str, float]) -> None:
    with pytest.raises(ValueError, match="negative"):
        impose_booklet(_numbered_pdf(4), **kwargs)


def test_unknown_sheet_is_refused() -> None:
    with pytest.raises(ValueError, match="unknown sheet 'A3'"):
        impose_booklet(_numbered_pdf(4), "A3")


def test_sheet_given_as_size_is_turned_landscape() -> None:
    side = _sides(impose_booklet(_numbered_pdf(4), (595.28, 841.89)).pdf)[0]
    assert _box(side, "/MediaBox") == [0, 0, 841.89, 595.28]


def test_links_are_dropped() -> None:
    result = impose_booklet(_numbered_pdf(4, link=True), "A4")
    assert all("/Annots" not in side for side in _sides(result.pdf))
    assert b"/Annot" not in result.pdf


def test_same_input_gives_identical_bytes(ten_pages: bytes) -> None:
    for kwargs in ({}, {"marks": True, "bleed": BLEED, "creep": 0.5}):
        first = impose_booklet(ten_pages, "A4", **kwargs)
        assert impose_booklet(ten_pages, "A4", **kwargs).pdf == first.pdf
        assert "/ID" not in PdfReader(io.BytesIO(first.pdf)).trailer
