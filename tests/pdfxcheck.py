"""A PDF/X-1a:2003 checker for our press files: one line per failed rule, read with pikepdf.

In: PDF bytes or a path. Out: `PdfxReport`, the problems (each a rule that failed, with where),
notes (things worth knowing that are not failures), what the content draws with which colour
(text-showing operators by font and colour, for the body-text figure) and the stroked line
segments of every page in page coordinates (for the crop marks). Nothing is rendered or
separated; ink coverage and image resolution are not checked. The rules are those of
shared notes PDFX.md section 1, each one a check here.

Command line: ``python tests/pdfxcheck.py FILE... [--min-k PCT]``; exit 1 when a file fails.
"""

from __future__ import annotations

import argparse
import re
import sys
from pathlib import Path
from typing import Any

import pikepdf
from pdfxwalk import PdfxReport, State, Walker
from pikepdf import Array, Dictionary, Name, Stream

TOLERANCE = 0.01
"""Points of slack allowed when comparing page boxes."""
REGISTERED = re.compile(r"^(FOGRA ?\d+|CGATS ?TR ?00\d|CGATS21-2-.*|GRACoL.*|SWOP.*|IFRA ?\d+|"
                        r"JC.*|JCN.*|JCW.*|Japan Color.*|EUROSB ?\d+|PSO.*)$", re.IGNORECASE)
"""Families of characterised printing conditions in the ICC registry."""
def check_pdfx(source: bytes | Path | str) -> PdfxReport:
    """Check ``source`` against PDF/X-1a:2003; see the module docstring for what is checked."""
    data = source if isinstance(source, bytes) else Path(source).read_bytes()
    report = PdfxReport()
    _check_file(data, report)
    with pikepdf.open(_bytes_io(data)) as pdf:
        if pdf.is_encrypted:
            report.problems.append("file: encrypted")
        _check_info(pdf, report)
        _check_intent(pdf, report)
        _check_catalog(pdf, report)
        walker = Walker(report)
        for number, page in enumerate(pdf.pages, 1):
            where = f"page {number}"
            _check_boxes(page.obj, where, report)
            walker.page(page.obj, where)
            _check_annotations(page.obj, where, walker, report)
        walker.finish()
    return report


def _bytes_io(data: bytes) -> Any:
    import io

    return io.BytesIO(data)


def _check_file(data: bytes, report: PdfxReport) -> None:
    header = re.match(rb"%PDF-(\d)\.(\d)", data)
    if header is None:
        report.problems.append("file: no %PDF header")
    elif (int(header[1]), int(header[2])) > (1, 4):
        report.problems.append(f"file: header %PDF-{header[1].decode()}.{header[2].decode()} "
                               "is above PDF 1.4")
    if re.search(rb"/Type\s*/ObjStm", data):
        report.problems.append("file: object streams (/ObjStm) are PDF 1.5")
    if re.search(rb"/Type\s*/XRef", data):
        report.problems.append("file: cross-reference stream (/XRef) is PDF 1.5")


def _check_info(pdf: pikepdf.Pdf, report: PdfxReport) -> None:
    if Name.ID not in pdf.trailer:
        report.problems.append("trailer: no /ID")
    info = pdf.trailer.get(Name.Info)
    if info is None:
        report.problems.append("info: no document information dictionary")
        return
    version = str(info.get(Name.GTS_PDFXVersion, ""))
    conformance = str(info.get(Name.GTS_PDFXConformance, ""))
    if version != "PDF/X-1a:2003" and not (
            version == "PDF/X-1:2001" and conformance == "PDF/X-1a:2001"):
        report.problems.append(f"info: /GTS_PDFXVersion is {version or 'missing'}, "
                               "not PDF/X-1a:2003")
    for key in ("/Title", "/CreationDate", "/ModDate"):
        if not str(info.get(key, "")).strip():
            report.problems.append(f"info: {key} is missing or empty")
    trapped = info.get(Name.Trapped)
    if not (isinstance(trapped, Name) and str(trapped) in ("/True", "/False")):
        report.problems.append(f"info: /Trapped must be the name /True or /False; got {trapped!r}")


def _check_intent(pdf: pikepdf.Pdf, report: PdfxReport) -> None:
    intents = [i for i in pdf.Root.get(Name.OutputIntents, Array())
               if i.get(Name.S) == Name.GTS_PDFX]
    if len(intents) != 1:
        report.problems.append(f"output intent: {len(intents)} /GTS_PDFX output intents, "
                               "expected exactly one")
        return
    intent = intents[0]
    ident = str(intent.get(Name.OutputConditionIdentifier, "")).strip()
    if not ident:
        report.problems.append("output intent: empty /OutputConditionIdentifier")
    registered = bool(REGISTERED.match(ident)) and bool(
        str(intent.get(Name.RegistryName, "")).strip())
    profile = intent.get(Name.DestOutputProfile)
    if profile is None:
        if not registered:
            report.problems.append(f"output intent: '{ident}' is not a registered condition "
                                   "with /RegistryName, so /DestOutputProfile is required")
    else:
        icc = profile.read_bytes()
        if icc[12:16] != b"prtr" or icc[16:20] != b"CMYK" or int(profile.get(Name.N, 0)) != 4:
            report.problems.append("output intent: /DestOutputProfile is not a CMYK output "
                                   "device profile with /N 4")
    if not str(intent.get(Name.Info, "")).strip():
        (report.notes if registered else report.problems).append(
            "output intent: no /Info")


def _check_catalog(pdf: pikepdf.Pdf, report: PdfxReport) -> None:
    root = pdf.Root
    if Name.AA in root:
        report.problems.append("catalog: /AA additional actions")
    if isinstance(root.get(Name.OpenAction), Dictionary):
        report.problems.append("catalog: /OpenAction is an action")
    names = root.get(Name.Names, Dictionary())
    if Name.JavaScript in names:
        report.problems.append("catalog: document JavaScript")
    if Name.EmbeddedFiles in names:
        report.problems.append("catalog: embedded files")
    item = root.get(Name.Outlines, Dictionary()).get(Name.First)
    seen = 0
    while item is not None and seen < 100000:
        if Name.A in item:
            report.problems.append(f"outline: item {str(item.get(Name.Title, ''))!r} has an "
                                   "action")
            break
        item = item.get(Name.First) or item.get(Name.Next) or _next_up(item)
        seen += 1


def _next_up(item: Any) -> Any:
    parent = item.get(Name.Parent)
    while parent is not None and Name.Next not in parent:
        parent = parent.get(Name.Parent)
    return None if parent is None else parent.get(Name.Next)


def _box(page: Any, name: str) -> tuple[float, ...] | None:
    box = page.get(name)
    if box is None:
        return None
    x0, y0, x1, y1 = (float(v) for v in box)
    return min(x0, x1), min(y0, y1), max(x0, x1), max(y0, y1)


def inside(inner: tuple[float, ...], outer: tuple[float, ...], tol: float = TOLERANCE) -> bool:
    """True when box ``inner`` lies within ``outer`` (x0, y0, x1, y1), with ``tol`` slack."""
    return (inner[0] >= outer[0] - tol and inner[1] >= outer[1] - tol
            and inner[2] <= outer[2] + tol and inner[3] <= outer[3] + tol)


def _check_boxes(page: Any, where: str, report: PdfxReport) -> None:
    media, crop = _box(page, "/MediaBox"), _box(page, "/CropBox")
    trim, art = _box(page, "/TrimBox"), _box(page, "/ArtBox")
    if (trim is None) == (art is None):
        report.problems.append(f"{where}: needs exactly one of /TrimBox and /ArtBox")
        return
    trim = trim or art
    bleed = _box(page, "/BleedBox") or crop or media
    assert trim is not None
    assert bleed is not None
    assert media is not None
    if not inside(trim, bleed):
        report.problems.append(f"{where}: TrimBox {trim} is not inside BleedBox {bleed}")
    if not inside(bleed, media):
        report.problems.append(f"{where}: BleedBox {bleed} is not inside MediaBox {media}")
    if crop is not None and not (inside(trim, crop) and inside(bleed, crop)):
        report.problems.append(f"{where}: Trim/BleedBox not inside CropBox {crop}")


def _overlaps(a: tuple[float, ...], b: tuple[float, ...]) -> bool:
    return a[0] < b[2] and b[0] < a[2] and a[1] < b[3] and b[1] < a[3]


def _check_annotations(page: Any, where: str, walker: Walker, report: PdfxReport) -> None:
    if Name.AA in page:
        report.problems.append(f"{where}: page /AA additional actions")
    area = _box(page, "/BleedBox") or _box(page, "/TrimBox") or _box(page, "/MediaBox")
    trim = _box(page, "/TrimBox")
    for annot in page.get(Name.Annots, Array()):
        kind = str(annot.get(Name.Subtype, ""))
        rect = _box(annot, "/Rect") or (0, 0, 0, 0)
        if kind == "/PrinterMark":
            if trim is not None and _overlaps(rect, trim):
                report.problems.append(f"{where}: PrinterMark annotation inside the TrimBox")
        elif kind != "/TrapNet" and area is not None and _overlaps(rect, area):
            report.problems.append(f"{where}: {kind or 'untyped'} annotation inside the "
                                   "BleedBox")
        if Name.A in annot or Name.AA in annot:
            report.problems.append(f"{where}: {kind} annotation with an action")
        for key in ("/C", "/IC"):
            if len(annot.get(key, Array())) == 3:
                report.problems.append(f"{where}: annotation {key} is an RGB colour")
        mk = annot.get(Name.MK, Dictionary())
        if any(len(mk.get(key, Array())) == 3 for key in ("/BG", "/BC")):
            report.problems.append(f"{where}: annotation /MK colour is RGB")
        for stream in annot.get(Name.AP, Dictionary()).values():
            for form in (stream.values() if isinstance(stream, Dictionary) else [stream]):
                if isinstance(form, Stream):
                    walker.form(form, State(), f"{where} annotation appearance")


MM = 72 / 25.4
A5_TRIM = (419.53, 595.28)
"""The booklet's trimmed page in points (148 x 210 mm)."""


def press_geometry(source: bytes | Path | str, report: PdfxReport, bleed: float,
                   trim_size: tuple[float, float] = A5_TRIM, tol: float = 0.5) -> list[str]:
    """Our product's rules for a press file: trim size, bleed, marks (one line per failure).

    Every TrimBox is ``trim_size``, every BleedBox the TrimBox grown by ``bleed`` points, and
    at each trim corner a horizontal and a vertical stroked segment (from ``report``) lies
    outside the BleedBox, on the trim line, within 20 mm of the corner.
    """
    data = source if isinstance(source, bytes) else Path(source).read_bytes()
    problems: list[str] = []
    with pikepdf.open(_bytes_io(data)) as pdf:
        for number, page in enumerate(pdf.pages, 1):
            trim, bleed_box = _box(page.obj, "/TrimBox"), _box(page.obj, "/BleedBox")
            if trim is None or bleed_box is None:
                problems.append(f"page {number}: no TrimBox or BleedBox")
                continue
            size = (trim[2] - trim[0], trim[3] - trim[1])
            if abs(size[0] - trim_size[0]) > tol or abs(size[1] - trim_size[1]) > tol:
                problems.append(f"page {number}: trim {size[0]:.2f} x {size[1]:.2f} pt, "
                                f"expected {trim_size[0]} x {trim_size[1]}")
            grown = (trim[0] - bleed, trim[1] - bleed, trim[2] + bleed, trim[3] + bleed)
            if any(abs(a - b) > tol for a, b in zip(bleed_box, grown, strict=True)):
                problems.append(f"page {number}: BleedBox {bleed_box} is not the trim grown "
                                f"by {bleed:.2f} pt")
            segments = report.segments[number - 1] if number <= len(report.segments) else []
            problems += [f"page {number}: {p}" for p in _mark_problems(segments, trim,
                                                                        bleed_box, tol)]
    return problems


def _mark_problems(segments: list[tuple[float, float, float, float]], trim: tuple[float, ...],
                   bleed: tuple[float, ...], tol: float) -> list[str]:
    """A crop mark missing at a trim corner, one line per missing mark."""
    problems = []
    for cx, sx in ((trim[0], -1), (trim[2], 1)):
        for cy, sy in ((trim[1], -1), (trim[3], 1)):
            for kind, axis in (("horizontal", 0), ("vertical", 1)):
                corner, sign = ((cx, cy), (sx, sy)) if axis == 0 else ((cy, cx), (sy, sx))
                edges = (bleed[0], bleed[2]) if axis == 0 else (bleed[1], bleed[3])
                if not any(_is_mark(seg, axis, corner, sign[0], edges, tol)
                           for seg in segments):
                    problems.append(f"no {kind} crop mark at trim corner ({cx:.1f}, {cy:.1f})")
    return problems


def _is_mark(segment: tuple[float, ...], axis: int, corner: tuple[float, float], sign: int,
             edges: tuple[float, float], tol: float) -> bool:
    """True when ``segment`` runs along ``axis`` (0 = x) on the trim line through ``corner``,
    beyond the bleed edge on the ``sign`` side, and starts within 20 mm of the corner."""
    along = (segment[axis], segment[axis + 2])
    across = (segment[1 - axis], segment[3 - axis])
    if any(abs(v - corner[1]) > tol for v in across):
        return False
    outside = min(along) >= edges[1] - tol if sign > 0 else max(along) <= edges[0] + tol
    return outside and min(abs(v - corner[0]) for v in along) <= 20 * MM

def _say(line: str) -> None:
    sys.stdout.write(line + "\n")


def main(argv: list[str] | None = None) -> int:
    """Check each file, print its problems and the body-text figure; 1 if any file fails."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("files", nargs="+", type=Path)
    parser.add_argument("--min-k", type=float, metavar="PCT",
                        help="fail when less of the body text than this is 0 0 0 1 k")
    args = parser.parse_args(argv)
    failed = False
    for path in args.files:
        report = check_pdfx(path)
        font, share, others = report.body_k_share()
        if args.min_k is not None and share * 100 < args.min_k:
            report.problems.append(f"body text: {share:.1%} of {font} in 0 0 0 1 k, "
                                   f"below {args.min_k:g} %; others: {others}")
        for line in report.problems:
            _say(f"{path}: {line}")
        for line in report.notes:
            _say(f"{path}: note: {line}")
        _say(f"{path}: {'pass' if report.passed else 'FAIL'}; body font {font}: "
              f"{share:.1%} of its text in 0 0 0 1 k")
        failed |= not report.passed
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
