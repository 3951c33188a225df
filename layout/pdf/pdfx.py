"""PDF/X: a rendered booklet -> press pages with bleed and marks, and PDF/X-1a:2003 files.

In: the renderer's PDF (screen colours, trimmed pages whose colour fields are drawn on past
the trim), the `Palette` it was drawn with, the bleed in points. Out, from `press_pages`: the
same pages in process colour (see `layout.pdf.cmyk`), each grown by the bleed on every side
with TrimBox and BleedBox and, with ``marks``, crop marks outside the bleed in registration
colour; links, tags, page transitions and XMP are gone (none belongs in a press file). From
`identify`: any such PDF declared PDF/X-1a:2003 with a /GTS_PDFX output intent naming a
registered printing condition (no profile embedded, as a registered condition allows), the
document information kept, /Trapped /False, saved without object streams and with a
deterministic /ID. Pure functions on bytes; identical input gives identical bytes.
"""

from __future__ import annotations

import io
from typing import Any

import pikepdf
from pikepdf import Array, Dictionary, Name, String

from layout.content.model import OUTPUT_CONDITIONS
from layout.pdf.cmyk import separate
from layout.typeset.colors import Palette

MM = 72 / 25.4
MARK_OFFSET = 3 * MM
"""Least gap between the trim and a crop mark; the mark starts at the bleed edge if further."""
MARK_LENGTH = 5 * MM
MARK_WIDTH = 0.25
"""Line width of the crop marks, in points."""
PDFX_VERSION = "PDF/X-1a:2003"
REGISTRY = "http://www.color.org"
_REGISTRATION = "/PressRegistration"
"""Resource name of the marks' colour space: registration, ink on every plate."""


def mark_border(bleed: float) -> float:
    """The margin (points) outside the trim that holds the bleed and the crop marks."""
    return max(MARK_OFFSET, bleed) + MARK_LENGTH


def press_pages(pdf: bytes, palette: Palette, bleed: float, *, marks: bool = False) -> bytes:
    """The pages of ``pdf`` in process colour, trim + ``bleed`` (+ marks) each; see above."""
    with pikepdf.open(io.BytesIO(pdf)) as doc:
        _strip_interactive(doc)
        separate(doc, palette)
        border = mark_border(bleed) if marks else bleed
        registration = _registration(doc) if marks else None
        for page in doc.pages:
            _frame(doc, page, bleed, border, registration)
        out = io.BytesIO()
        # a reading edition saved with object streams is PDF 1.5; without them, and with
        # nothing else above 1.4 in it, it is a PDF 1.4 file again
        doc.save(out, deterministic_id=True, force_version="1.4",
                 object_stream_mode=pikepdf.ObjectStreamMode.disable)
    return out.getvalue()


def identify(pdf: bytes, condition: str = "FOGRA39") -> bytes:
    """``pdf`` declared PDF/X-1a:2003 for the registered printing ``condition``.

    Raises ValueError for an unknown condition, a document without a title or dates, or a
    file above PDF 1.4 (which PDF/X-1a does not allow).
    """
    if condition not in OUTPUT_CONDITIONS:
        raise ValueError(f"unknown printing condition {condition!r}; "
                         f"expected one of {', '.join(OUTPUT_CONDITIONS)}")
    with pikepdf.open(io.BytesIO(pdf)) as doc:
        if doc.pdf_version > "1.4":
            raise ValueError(f"PDF {doc.pdf_version} is above the PDF 1.4 of PDF/X-1a")
        info = doc.docinfo
        if not str(info.get(Name.Title, "")).strip():
            raise ValueError("a PDF/X file needs a title")
        if Name.CreationDate not in info:
            raise ValueError("a PDF/X file needs a creation date")
        info[Name.ModDate] = info.get(Name.ModDate, info[Name.CreationDate])
        info[Name.GTS_PDFXVersion] = String(PDFX_VERSION)
        info[Name.Trapped] = Name("/False")  # a name: no trapping has been done
        description = String(OUTPUT_CONDITIONS[condition])
        doc.Root.OutputIntents = Array([Dictionary(
            Type=Name.OutputIntent, S=Name.GTS_PDFX,
            OutputConditionIdentifier=String(condition), RegistryName=String(REGISTRY),
            OutputCondition=description, Info=description,
        )])
        out = io.BytesIO()
        doc.save(out, deterministic_id=True,
                 object_stream_mode=pikepdf.ObjectStreamMode.disable)
    return out.getvalue()


def _strip_interactive(doc: pikepdf.Pdf) -> None:
    """Remove what a press file must not carry: links and other annotations, actions, page
    transitions, the structure tree and XMP (it would claim PDF/A)."""
    root = doc.Root
    for key in ("/StructTreeRoot", "/MarkInfo", "/Metadata", "/AA", "/OutputIntents"):
        if key in root:
            del root[key]
    if isinstance(root.get(Name.OpenAction), Dictionary):
        del root[Name.OpenAction]
    names = root.get(Name.Names)
    if isinstance(names, Dictionary):
        for key in ("/JavaScript", "/EmbeddedFiles"):
            if key in names:
                del names[key]
    for page in doc.pages:
        for key in ("/Annots", "/Trans", "/StructParents", "/AA", "/Tabs"):
            if key in page.obj:
                del page.obj[key]


def _frame(doc: pikepdf.Pdf, page: pikepdf.Page, bleed: float, border: float,
           registration: Any) -> None:
    """Grow ``page`` by ``border`` on every side, keep only the bleed of what was drawn past
    the trim, set TrimBox and BleedBox, and draw the crop marks when asked."""
    x0, y0, x1, y1 = (float(v) for v in page.obj.MediaBox)
    width, height = x1 - x0, y1 - y0
    head = (f"q 1 0 0 1 {border - x0:.4f} {border - y0:.4f} cm "
            f"{x0 - bleed:.4f} {y0 - bleed:.4f} {width + 2 * bleed:.4f} "
            f"{height + 2 * bleed:.4f} re W n\n").encode()
    tail = b"\nQ\n"
    if registration is not None:
        resources = page.obj.Resources
        if Name.ColorSpace not in resources:
            resources.ColorSpace = Dictionary()
        resources.ColorSpace[_REGISTRATION] = registration
        tail += _marks(border, width, height, bleed)
    page.obj.Contents = doc.make_stream(head + page.obj.Contents.read_bytes() + tail)
    page.obj.MediaBox = Array([0, 0, width + 2 * border, height + 2 * border])
    page.obj.TrimBox = Array([border, border, border + width, border + height])
    page.obj.BleedBox = Array([border - bleed, border - bleed, border + width + bleed,
                               border + height + bleed])
    if Name.CropBox in page.obj:
        del page.obj[Name.CropBox]


def _marks(border: float, width: float, height: float, bleed: float) -> bytes:
    """Eight crop marks on the trim lines, from the bleed edge (or 3 mm) to the media edge."""
    start, end = max(MARK_OFFSET, bleed), border
    ops = [f"q {_REGISTRATION} CS 1 SCN {MARK_WIDTH} w 0 J [] 0 d"]
    for x, sx in ((border, -1), (border + width, 1)):
        for y, sy in ((border, -1), (border + height, 1)):
            ops.append(f"{x + sx * start:.4f} {y:.4f} m {x + sx * end:.4f} {y:.4f} l S")
            ops.append(f"{x:.4f} {y + sy * start:.4f} m {x:.4f} {y + sy * end:.4f} l S")
    ops.append("Q")
    return ("\n".join(ops) + "\n").encode()


def _registration(doc: pikepdf.Pdf) -> Any:
    """``[/Separation /All /DeviceCMYK f]``: tint 1 puts full ink on every plate."""
    tint = Dictionary(FunctionType=2, Domain=Array([0, 1]), C0=Array([0, 0, 0, 0]),
                      C1=Array([1, 1, 1, 1]), N=1)
    return doc.make_indirect(Array([Name.Separation, Name.All, Name.DeviceCMYK, tint]))
