"""The PDF/X-1a checker itself: a correct A5 sample passes, each known violation fails it.

The sample is drawn with ReportLab (3 mm bleed, crop marks, a CMYK and a grey image, text in
an embedded TrueType font) and identified as PDF/X-1a:2003 with pikepdf (FOGRA39, registered,
no profile embedded). Each negative case changes one thing and must fail the checker.
"""

from __future__ import annotations

import io
import os
from collections.abc import Callable
from types import SimpleNamespace

import font_source_sans_pro  # type: ignore[import-untyped]
import pikepdf
import pytest
from pdfxcheck import MM, check_pdfx, press_geometry
from pdfxwalk import PURE_K
from PIL import Image
from reportlab.lib.colors import CMYKColor
from reportlab.lib.utils import ImageReader
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen.canvas import Canvas

W, H = 148 * MM, 210 * MM
BLEED = 3 * MM
BORDER = 36.0
FONT = "PdfxSample"
Draw = Callable[[Canvas], None]


def _register_font() -> None:
    if FONT not in pdfmetrics.getRegisteredFontNames():
        path = os.path.join(font_source_sans_pro.font_directory, "SourceSansPro-Regular.ttf")
        pdfmetrics.registerFont(TTFont(FONT, path))


def _draw_sample(canvas: Canvas) -> None:
    canvas.setFillColor(CMYKColor(1, 0.7, 0, 0.3))
    canvas.rect(-BLEED, H * 0.6, W + 2 * BLEED, H * 0.4 + BLEED, stroke=0, fill=1)
    canvas.setFillColor(CMYKColor(0, 0, 0, 1))
    canvas.setFont(FONT, 10)
    for line in range(8):
        canvas.drawString(40, 300 - 14 * line, f"Body text line {line} in pure black ink.")
    canvas.drawImage(ImageReader(Image.new("CMYK", (30, 20), (0, 200, 200, 0))), 40, 340, 60, 40)
    canvas.drawImage(ImageReader(Image.new("L", (30, 20), 128)), 120, 340, 60, 40)


def sample(draw: Draw | None = None, *, bleed_box: tuple[float, ...] | None = None,
           version: bool = True, intent: bool = True, object_streams: bool = False,
           change: Callable[[pikepdf.Pdf], None] | None = None) -> bytes:
    """The correct sample, with ``draw`` drawn on top and the given changes."""
    _register_font()
    marks = SimpleNamespace(borderWidth=BORDER, markLength=18, markWidth=0.5,
                            markColor=CMYKColor(0, 0, 0, 1), markLast=1, bleedWidth=0)
    buffer = io.BytesIO()
    canvas = Canvas(buffer, pagesize=(W, H), invariant=1, initialFontName=FONT,
                    cropMarks=marks, trimBox=(BORDER, BORDER, BORDER + W, BORDER + H),
                    bleedBox=bleed_box or (BORDER - BLEED, BORDER - BLEED,
                                           BORDER + W + BLEED, BORDER + H + BLEED))
    canvas.setTitle("PDF/X sample")
    _draw_sample(canvas)
    if draw is not None:
        draw(canvas)
    canvas.showPage()
    canvas.save()
    with pikepdf.open(io.BytesIO(buffer.getvalue())) as pdf:
        if version:
            pdf.docinfo[pikepdf.Name.GTS_PDFXVersion] = pikepdf.String("PDF/X-1a:2003")
        pdf.docinfo[pikepdf.Name.Trapped] = pikepdf.Name("/False")
        if intent:
            pdf.Root.OutputIntents = pikepdf.Array([pikepdf.Dictionary(
                Type=pikepdf.Name.OutputIntent, S=pikepdf.Name.GTS_PDFX,
                OutputConditionIdentifier=pikepdf.String("FOGRA39"),
                RegistryName=pikepdf.String("http://www.color.org"),
                Info=pikepdf.String("Coated FOGRA39 (ISO 12647-2:2004)"))])
        if change is not None:
            change(pdf)
        out = io.BytesIO()
        mode = pikepdf.ObjectStreamMode.generate if object_streams else (
            pikepdf.ObjectStreamMode.disable)
        pdf.save(out, deterministic_id=True, object_stream_mode=mode)
    return out.getvalue()


def test_the_correct_sample_passes() -> None:
    pdf = sample()
    report = check_pdfx(pdf)
    assert report.problems == []
    font, share, _ = report.body_k_share()
    assert font == "SourceSansPro-Regular"
    assert share == 1.0
    assert report.text_ops[(font, PURE_K)] == 8
    assert press_geometry(pdf, report, BLEED) == []


def _rgb_rectangle(canvas: Canvas) -> None:
    canvas.setFillColorRGB(1, 0, 0)
    canvas.rect(10, 10, 20, 20, fill=1)


def _rgb_image(canvas: Canvas) -> None:
    canvas.drawImage(ImageReader(Image.new("RGB", (10, 10), "red")), 10, 10, 20, 20)


def _rgba_image(canvas: Canvas) -> None:
    canvas.drawImage(ImageReader(Image.new("RGBA", (10, 10), (255, 0, 0, 128))), 10, 10, 20,
                     20, mask="auto")


def _half_alpha(canvas: Canvas) -> None:
    canvas.setFillColor(CMYKColor(0, 0, 0, 1, alpha=0.5))
    canvas.rect(10, 10, 20, 20, fill=1)


def _helvetica(canvas: Canvas) -> None:
    canvas.setFont("Helvetica", 9)
    canvas.drawString(40, 60, "A line in a font that is not embedded.")


def _link(canvas: Canvas) -> None:
    canvas.linkURL("https://example.org/", (40, 40, 140, 60))


def _tiling_pattern(pdf: pikepdf.Pdf) -> None:
    page = pdf.pages[0]
    tile = pdf.make_stream(b"1 0 0 rg 0 0 5 5 re f", Type=pikepdf.Name.Pattern, PatternType=1,
                           PaintType=1, TilingType=1, BBox=[0, 0, 10, 10], XStep=10, YStep=10,
                           Resources=pikepdf.Dictionary())
    page.obj.Resources.Pattern = pikepdf.Dictionary(P1=tile)
    page.contents_add(pdf.make_stream(b"q /Pattern cs /P1 scn 50 50 40 40 re f Q"))


def _transparency_group(pdf: pikepdf.Pdf) -> None:
    pdf.pages[0].obj.Group = pikepdf.Dictionary(S=pikepdf.Name.Transparency,
                                                CS=pikepdf.Name.DeviceCMYK)


def _icc_space(pdf: pikepdf.Pdf) -> None:
    profile = pdf.make_stream(b"\0" * 128, N=3)
    pdf.pages[0].obj.Resources.ColorSpace = pikepdf.Dictionary(
        CS0=pikepdf.Array([pikepdf.Name.ICCBased, profile]))


def _trapped_string(pdf: pikepdf.Pdf) -> None:
    pdf.docinfo[pikepdf.Name.Trapped] = pikepdf.String("False")


def _open_action(pdf: pikepdf.Pdf) -> None:
    pdf.Root.OpenAction = pikepdf.Dictionary(S=pikepdf.Name.JavaScript,
                                             JS=pikepdf.String("app.alert(1)"))


CASES: dict[str, tuple[dict[str, object], str]] = {
    "rg operator": ({"draw": _rgb_rectangle}, "RGB colour operator"),
    "PIL RGB image": ({"draw": _rgb_image}, "RGB colour space /DeviceRGB"),
    "RGBA image with mask=auto": ({"draw": _rgba_image}, "/SMask"),
    "alpha .5": ({"draw": _half_alpha}, "/ca 0.5: transparency"),
    "Helvetica": ({"draw": _helvetica}, "Helvetica is not embedded"),
    "link": ({"draw": _link}, "/Link annotation inside the BleedBox"),
    "bleed box cutting into the trim": (
        {"bleed_box": (BORDER + 10, BORDER - BLEED, BORDER + W + BLEED, BORDER + H + BLEED)},
        "is not inside BleedBox"),
    "no GTS_PDFXVersion": ({"version": False}, "/GTS_PDFXVersion is missing"),
    "no GTS_PDFX output intent": ({"intent": False}, "0 /GTS_PDFX output intents"),
    "object streams": ({"object_streams": True}, "object streams (/ObjStm)"),
    "tiling pattern painting 1 0 0 rg": ({"change": _tiling_pattern}, "1.0 0.0 0.0 rg"),
    "transparency group": ({"change": _transparency_group}, "transparency group"),
    "ICCBased RGB colour space": ({"change": _icc_space}, "RGB colour space /ICCBased"),
    "Trapped as a string": ({"change": _trapped_string}, "/Trapped must be the name"),
    "open action": ({"change": _open_action}, "/OpenAction is an action"),
}


@pytest.mark.parametrize("case", list(CASES))
def test_each_violation_fails_the_checker(case: str) -> None:
    options, expected = CASES[case]
    report = check_pdfx(sample(**options))  # type: ignore[arg-type]
    assert not report.passed
    assert any(expected in problem for problem in report.problems), report.problems


def test_a_link_also_fails_as_an_action() -> None:
    problems = check_pdfx(sample(_link)).problems
    assert any("annotation with an action" in p for p in problems)


def test_object_streams_also_fail_the_header_and_xref_rules() -> None:
    problems = check_pdfx(sample(object_streams=True)).problems
    assert any("above PDF 1.4" in p for p in problems)
    assert any("/XRef" in p for p in problems)


def test_grey_body_text_is_legal_but_not_pure_black() -> None:
    def grey_text(canvas: Canvas) -> None:
        canvas.setFillGray(0)
        canvas.setFont(FONT, 10)
        for line in range(40):
            canvas.drawString(40, 560 - 6 * line, "Grey zero text prints on K but is no k op.")

    report = check_pdfx(sample(grey_text))
    assert report.passed
    _, share, others = report.body_k_share()
    assert share == pytest.approx(8 / 48)
    assert others[0] == (("DeviceGray", (0.0,)), 40)


def test_missing_crop_marks_are_found() -> None:
    report = check_pdfx(sample())
    report.segments = [[]]
    problems = press_geometry(sample(), report, BLEED)
    assert len(problems) == 8
    assert "no horizontal crop mark at trim corner" in problems[0]
