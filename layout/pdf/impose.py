"""Impose: booklet PDF bytes -> saddle-stitch print sheets (PDF bytes), two pages per side.

In: the booklet's pages (in reading order, the last page is the back cover; pages with bleed
carry a TrimBox inside a larger MediaBox, as the press pages of `layout.pdf.pdfx` do). Out:
`ImposedResult`, a PDF of
landscape sheet sides in print order (front, back, front, back, ...) that, printed duplex
(flip on the short edge), stacked, folded and stapled, reads as the booklet. The page count
is padded to a multiple of 4 with blank pages inserted before the back cover; the document
information (title, author ...) is kept. Pure functions on bytes: no file I/O, identical input
gives identical bytes (pypdf writes no /ID).
"""

from __future__ import annotations

import io

from msgspec import Struct
from pypdf import PageObject, PdfReader, PdfWriter, Transformation
from pypdf.generic import (
    ArrayObject,
    ContentStream,
    DictionaryObject,
    FloatObject,
    NameObject,
    NumberObject,
    RectangleObject,
)

MM = 72 / 25.4
"""One millimetre in points."""

SHEETS: dict[str, tuple[float, float]] = {
    "A4": (841.89, 595.28),
    "Letter": (792.0, 612.0),
}
"""Named landscape sheets (width, height in points), each holding two pages side by side."""

MARK_OFFSET = 3 * MM
"""Gap between the trim edge and a crop mark (widened to the bleed if that is larger)."""
MARK_LENGTH = 3 * MM
"""Length of each crop and fold mark: they run to the edge of the media, which with a 3 mm
bleed is 6 mm outside the trimmed sheet, so an A4 sheet with marks is 309 x 222 mm and fits
SRA4 (320 x 225 mm), and a Letter sheet is 291.4 x 227.9 mm and fits 12 x 9 in."""
MARK_WIDTH = 0.25
"""Line width of the marks, in points."""

Rect = tuple[float, float, float, float]
"""A rectangle as (left, bottom, right, top) in points."""
Slot = int | None
"""A booklet page number (1-based) on a sheet side, or None for a blank."""

_REGISTRATION = "/ImposeRegistration"
"""Resource name of the colour space of the marks: registration black, ink on every plate."""


class ImposedResult(Struct, frozen=True):
    """An imposed PDF and what imposition did to the booklet."""

    pdf: bytes
    sides: int
    """Number of sheet sides (pages of the imposed PDF): two per sheet."""
    blanks: int
    """Blank pages added before the back cover to reach a multiple of 4."""
    scale: float = 1.0
    """Factor applied to the pages; below 1 only when two pages did not fit on the sheet."""
    media: tuple[float, float] = (0.0, 0.0)
    """Width and height of every side in points (the sheet, plus the marks' border)."""


class _Layout(Struct, frozen=True):
    """Where the spread goes on every side, in side coordinates."""

    media: tuple[float, float]
    fold: float
    """x of the spine (the fold line)."""
    middle: float
    """y of the sheet's horizontal centre line."""
    trim: Rect
    """The trimmed spread (two pages), centred on the sheet."""
    scale: float
    bleed: float
    """Bleed of the source pages, in source points."""
    creep: float


def blank_count(n: int) -> int:
    """The number of blank pages needed to pad an ``n``-page booklet to a multiple of 4."""
    _check_page_count(n)
    return -n % 4


def booklet_order(n: int) -> list[tuple[Slot, Slot]]:
    """The (left, right) pages of each sheet side of an ``n``-page booklet, in print order.

    Sides alternate front and back: (last, 1), (2, last-1), (last-2, 3), ... over the count
    padded to a multiple of 4. Blanks (None) go before the back cover (page ``n``), which
    stays the last page of the folded booklet; a 1-page booklet has no back cover.
    """
    sequence = _padded_sequence(n)
    last = len(sequence) - 1
    return [
        (sequence[last - i], sequence[i]) if i % 2 == 0 else (sequence[i], sequence[last - i])
        for i in range(len(sequence) // 2)
    ]


def impose_booklet(
    pdf: bytes,
    sheet: tuple[float, float] | str = "A4",
    *,
    marks: bool = False,
    bleed: float = 0.0,
    creep: float = 0.0,
) -> ImposedResult:
    """Impose ``pdf`` for saddle stitching on ``sheet`` ("A4", "Letter" or (width, height)).

    Each side holds two pages meeting at the fold, centred on the sheet; pages are placed by
    their TrimBox (MediaBox if none) and shrunk only if two do not fit. ``bleed`` (points) is
    the bleed the input pages carry: it is kept on the three outer edges and cut at the spine.
    ``marks`` grows each side by a border with crop marks at the trim corners and a fold mark,
    and sets TrimBox and BleedBox; without it MediaBox = TrimBox = the sheet.

    ``creep`` (points per sheet) compensates the creep of saddle stitching: nested sheets
    stick out further at the fore-edge after folding the nearer they are to the centre, so
    the pages of sheet k (0 = outermost, counting inward) move toward the spine by
    ``k * creep``; what moves past the spine is cut there, like the bleed.
    Raises ValueError for a PDF without pages, an unknown sheet, a negative bleed or creep,
    or a creep that would move the innermost pages by half a page or more.
    """
    if bleed < 0 or creep < 0:
        raise ValueError(f"bleed and creep must not be negative; got {bleed}, {creep}")
    reader = PdfReader(io.BytesIO(pdf))
    pages = list(reader.pages)
    order = booklet_order(len(pages))
    layout = _plan_layout(pages, _sheet_size(sheet), marks, bleed, creep)
    _check_creep(pages, layout, sheets=len(order) // 2)
    writer = PdfWriter()
    for index, pair in enumerate(order):
        side = writer.add_blank_page(*layout.media)
        for slot, number in enumerate(pair):
            if number is not None:
                _place_page(side, pages[number - 1], layout, slot, sheet_index=index // 2)
        _finish_side(side, layout, marks)
    if reader.metadata:
        writer.add_metadata(dict(reader.metadata))
    writer.compress_identical_objects()
    out = io.BytesIO()
    writer.write(out)
    return ImposedResult(out.getvalue(), len(order), blank_count(len(pages)), layout.scale,
                         layout.media)


def _check_page_count(n: int) -> None:
    """Refuse a booklet without pages."""
    if n < 1:
        raise ValueError(f"a booklet needs at least one page; got {n}")


def _padded_sequence(n: int) -> list[Slot]:
    """Pages 1..n-1, the blanks, then page n (a 1-page booklet: page 1, then the blanks)."""
    blanks: list[Slot] = [None] * blank_count(n)
    if n == 1:
        return [1, *blanks]
    return [*range(1, n), *blanks, n]


def _sheet_size(sheet: tuple[float, float] | str) -> tuple[float, float]:
    """(width, height) of a named or given sheet, turned landscape."""
    if isinstance(sheet, str):
        names = {name.lower(): size for name, size in SHEETS.items()}
        if sheet.lower() not in names:
            raise ValueError(f"unknown sheet {sheet!r}; expected one of {', '.join(SHEETS)}")
        width, height = names[sheet.lower()]
    else:
        width, height = (float(v) for v in sheet)
    if width <= 0 or height <= 0:
        raise ValueError(f"sheet size must be positive; got {width} x {height}")
    return max(width, height), min(width, height)


def _trim_rect(page: PageObject) -> Rect:
    """The page's TrimBox if it has one, else its MediaBox."""
    box = page.trimbox if "/TrimBox" in page else page.mediabox
    return float(box.left), float(box.bottom), float(box.right), float(box.top)


def _plan_layout(pages: list[PageObject], sheet: tuple[float, float], marks: bool,
                 bleed: float, creep: float) -> _Layout:
    """Work out the side size, fold, trimmed spread and scale shared by every side."""
    trims = [_trim_rect(page) for page in pages]
    page_w = max(r - left for left, _, r, _ in trims)
    page_h = max(t - b for _, b, _, t in trims)
    scale = min(1.0, sheet[0] / 2 / page_w, sheet[1] / page_h)
    border = 0.0
    if marks:
        border = max(MARK_OFFSET, bleed * scale) + MARK_LENGTH
    fold, middle = border + sheet[0] / 2, border + sheet[1] / 2
    half_w, half_h = page_w * scale, page_h * scale / 2
    return _Layout(
        media=(sheet[0] + 2 * border, sheet[1] + 2 * border), fold=fold, middle=middle,
        trim=(fold - half_w, middle - half_h, fold + half_w, middle + half_h),
        scale=scale, bleed=bleed, creep=creep,
    )


def _check_creep(pages: list[PageObject], layout: _Layout, sheets: int) -> None:
    """Refuse a creep that would push the innermost pages half their width past the spine."""
    shift = (sheets - 1) * layout.creep
    narrowest = min(r - left for left, _, r, _ in map(_trim_rect, pages)) * layout.scale
    if shift >= narrowest / 2:
        raise ValueError(
            f"creep {layout.creep} pt per sheet moves the innermost of {sheets} sheets by "
            f"{shift:.1f} pt, more than half a page ({narrowest / 2:.1f} pt)"
        )


def _place_page(side: PageObject, page: PageObject, layout: _Layout, slot: int,
                sheet_index: int) -> None:
    """Merge ``page`` onto ``side`` left (slot 0) or right (slot 1) of the fold, clipped."""
    left, bottom, right, top = _trim_rect(page)
    scale, shift = layout.scale, sheet_index * layout.creep
    width, height = (right - left) * scale, (top - bottom) * scale
    x = layout.fold - width + shift if slot == 0 else layout.fold - shift
    y = layout.middle - height / 2
    # pypdf clips a merged page to its CropBox: set it to what may show, the trim plus the
    # outer bleed, cut at the spine (minus what creep pushes past it).
    b = layout.bleed
    if slot == 0:
        clip = (left - b, bottom - b, right - shift / scale, top + b)
    else:
        clip = (left + shift / scale, bottom - b, right + b, top + b)
    page.cropbox = RectangleObject(_intersect(clip, page.mediabox))
    if "/Annots" in page:
        # their destinations point at pages that are not in the imposed PDF
        del page["/Annots"]
    placement = Transformation().translate(-left, -bottom).scale(scale, scale).translate(x, y)
    side.merge_transformed_page(page, placement)


def _intersect(rect: Rect, box: RectangleObject) -> Rect:
    """``rect`` cut to ``box``."""
    return (max(rect[0], float(box.left)), max(rect[1], float(box.bottom)),
            min(rect[2], float(box.right)), min(rect[3], float(box.top)))


def _strip_marked_content(side: PageObject) -> None:
    """Drop the marked-content operators of the tagged pages: a sheet has no structure tree,
    and two pages' MCIDs would collide on it."""
    contents = side.get_contents()
    if contents is None:
        return
    data = contents.get_data()
    if b"BDC" not in data and b"BMC" not in data:
        return  # pages made for the press have no marked content left: nothing to parse
    content = ContentStream(contents, side.pdf)
    content.operations = [(operands, op) for operands, op in content.operations
                          if op not in _MARKED_CONTENT]
    side.replace_contents(content)


_MARKED_CONTENT = (b"BDC", b"BMC", b"EMC")


def _finish_side(side: PageObject, layout: _Layout, marks: bool) -> None:
    """Strip marked content, set the side's boxes, draw the marks if asked, and compress."""
    _strip_marked_content(side)
    if marks:
        bleed = layout.bleed * layout.scale
        t = layout.trim
        side.trimbox = RectangleObject(t)
        side.bleedbox = RectangleObject((t[0] - bleed, t[1] - bleed, t[2] + bleed, t[3] + bleed))
        _draw_marks(side, layout)
    else:
        side.trimbox = RectangleObject(side.mediabox)
    side.compress_content_streams()


def _draw_marks(side: PageObject, layout: _Layout) -> None:
    """Merge crop marks at the trim corners and a dashed fold mark, in registration black."""
    start = max(MARK_OFFSET, layout.bleed * layout.scale)
    end = start + MARK_LENGTH
    left, bottom, right, top = layout.trim
    lines: list[Rect] = []
    for x, dx in ((left, -1), (right, 1)):
        for y, dy in ((bottom, -1), (top, 1)):
            lines.append((x + dx * start, y, x + dx * end, y))
            lines.append((x, y + dy * start, x, y + dy * end))
    fold = [(layout.fold, bottom - start, layout.fold, bottom - end),
            (layout.fold, top + start, layout.fold, top + end)]
    ops = [f"{_REGISTRATION} CS 1 SCN {MARK_WIDTH} w 0 J [] 0 d"]
    ops += [_line(line) for line in lines]
    ops += ["[3 2] 0 d"] + [_line(line) for line in fold]
    overlay = PageObject.create_blank_page(width=layout.media[0], height=layout.media[1])
    overlay[NameObject("/Resources")] = DictionaryObject({
        NameObject("/ColorSpace"): DictionaryObject({
            NameObject(_REGISTRATION): _registration_colour_space(),
        }),
    })
    content = ContentStream(None, None)
    content.set_data(("\n".join(ops) + "\n").encode("ascii"))
    overlay[NameObject("/Contents")] = content
    side.merge_page(overlay)


def _line(line: Rect) -> str:
    """A stroked line from (x0, y0) to (x1, y1) as content-stream operators."""
    x0, y0, x1, y1 = line
    return f"{x0:.3f} {y0:.3f} m {x1:.3f} {y1:.3f} l S"


def _registration_colour_space() -> ArrayObject:
    """``[/Separation /All /DeviceCMYK f]``: tint 1 puts full ink on every separation."""
    tint = DictionaryObject({
        NameObject("/FunctionType"): NumberObject(2),
        NameObject("/Domain"): ArrayObject([NumberObject(0), NumberObject(1)]),
        NameObject("/C0"): ArrayObject([NumberObject(0)] * 4),
        NameObject("/C1"): ArrayObject([FloatObject(1)] * 4),
        NameObject("/N"): NumberObject(1),
    })
    return ArrayObject([NameObject("/Separation"), NameObject("/All"),
                        NameObject("/DeviceCMYK"), tint])
