"""Separation into process colour (`layout.pdf.cmyk`) on a page that uses every kind of
colour ReportLab writes: palette colours, other RGB colours, greys, an RGB image with a soft
mask, one with a colour-key mask, an inline image, a form, an RGB gradient, alpha."""

from __future__ import annotations

import io

import pikepdf
import pytest
from pdfxcheck import check_pdfx
from PIL import Image
from reportlab.lib.colors import Color
from reportlab.lib.utils import ImageReader
from reportlab.pdfgen.canvas import Canvas

from layout.pdf.cmyk import separate, to_process
from layout.pdf.pdfx import identify, press_pages
from layout.typeset.colors import DEFAULT_PALETTE, Ink, Palette
from layout.typeset.styles import screen


def _drawing() -> bytes:
    palette = DEFAULT_PALETTE
    buffer = io.BytesIO()
    canvas = Canvas(buffer, pagesize=(300, 300), invariant=1, initialFontName="Helvetica")
    canvas.setTitle("Separation sample")
    canvas.addLiteral("/P <</MCID 0>> BDC")  # a tagged reading edition marks its content
    canvas.setFillColor(screen(palette.primary))
    canvas.rect(0, 0, 50, 50, fill=1, stroke=0)
    canvas.addLiteral("EMC")
    canvas.setStrokeColor(screen(palette.text))
    canvas.line(0, 60, 100, 60)
    canvas.setFillColorRGB(0.5, 0.5, 0.5)
    canvas.rect(60, 0, 10, 10, fill=1)
    canvas.setFillGray(0.25)
    canvas.rect(80, 0, 10, 10, fill=1)
    canvas.drawImage(ImageReader(Image.new("RGBA", (8, 8), (0, 0, 255, 128))), 100, 100, 20,
                     20, mask="auto")
    canvas.drawImage(ImageReader(Image.new("RGB", (8, 8), (255, 255, 255))), 130, 100, 20, 20,
                     mask=[250, 255, 250, 255, 250, 255])
    canvas.drawInlineImage(Image.new("RGB", (4, 4), (200, 30, 30)), 160, 100, 20, 20)
    canvas.beginForm("badge")
    canvas.rect(0, 0, 5, 5, fill=1)
    canvas.endForm()
    canvas.doForm("badge")
    canvas.linearGradient(0, 200, 100, 200, (Color(1, 0, 0), Color(0, 0, 1)), extend=False)
    canvas.setFillColor(Color(1, 0, 0, alpha=0.5))
    canvas.rect(200, 200, 20, 20, fill=1)
    canvas.showPage()
    canvas.save()
    return buffer.getvalue()


def _separated() -> pikepdf.Pdf:
    doc = pikepdf.open(io.BytesIO(_drawing()))
    separate(doc, DEFAULT_PALETTE)
    return doc


def _operators(stream: object) -> list[tuple[str, list[float]]]:
    return [(str(i.operator), [float(v) for v in i.operands if not isinstance(v, pikepdf.Name)])
            for i in pikepdf.parse_content_stream(stream)
            if str(i.operator) in ("k", "K", "rg", "RG", "g", "G", "Do")]


def test_palette_colours_go_back_to_their_exact_tints() -> None:
    doc = _separated()
    ops = _operators(doc.pages[0])
    assert ops[:2] == [("k", [0, 0, 0, 1]), ("K", [0, 0, 0, 1])]  # the initial black
    assert ("k", [0.85, 0.55, 0.15, 0.2]) in ops  # primary
    assert ("K", [0, 0, 0, 1]) in ops[2:]  # text, a black rule
    assert ("k", [0, 0, 0, 0.5]) in ops  # an RGB grey: black ink only
    assert ("k", [0, 0, 0, 0.75]) in ops  # a DeviceGray grey
    assert not any(op in ("rg", "RG", "g", "G") for op, _ in ops)


def test_marked_content_goes_with_the_structure_tree() -> None:
    doc = _separated()
    operators = {str(i.operator) for i in pikepdf.parse_content_stream(doc.pages[0])}
    assert not operators & {"BDC", "BMC", "EMC"}
    assert "re" in operators


def test_a_form_inherits_the_colour_of_the_page_that_paints_it() -> None:
    doc = _separated()
    (form,) = [x for x in doc.pages[0].Resources.XObject.values() if x.Subtype == "/Form"]
    assert _operators(form) == []


def test_every_image_becomes_cmyk_without_masks() -> None:
    doc = _separated()
    images = [x for x in doc.pages[0].Resources.XObject.values() if x.Subtype == "/Image"]
    assert len(images) == 3  # soft-masked, colour-keyed, and the former inline image
    for image in images:
        assert image.ColorSpace == "/DeviceCMYK"
        assert "/SMask" not in image
        assert "/Mask" not in image
    keyed = [pikepdf.PdfImage(i).as_pil_image().getpixel((0, 0)) for i in images]
    assert (0, 0, 0, 0) in keyed  # the keyed-out white is paper, not ink


def test_the_separated_page_passes_pdfx() -> None:
    pdf = identify(press_pages(_drawing(), DEFAULT_PALETTE, 0.0))
    problems = check_pdfx(pdf).problems
    # only the sample's own Helvetica (not embedded) is left; colour and alpha are clean
    assert problems
    assert all("Helvetica is not embedded" in p for p in problems), problems


def test_grey_component_replacement_puts_neutrals_on_black() -> None:
    picture = Image.new("RGB", (3, 1))
    picture.putdata([(0, 0, 0), (128, 128, 128), (30, 65, 116)])
    separated = to_process(picture)
    assert [separated.getpixel((x, 0)) for x in range(3)] == [
        (0, 0, 0, 255), (0, 0, 0, 127), (189, 112, 0, 139)]


def test_a_palette_is_a_value_with_roles_in_cmyk_percent() -> None:
    themed = DEFAULT_PALETTE.with_roles({"primary": (100, 72, 0, 38)})
    assert themed.primary == Ink(100, 72, 0, 38)
    assert themed.accent == DEFAULT_PALETTE.accent
    assert DEFAULT_PALETTE.text.cmyk == (0, 0, 0, 1)
    assert DEFAULT_PALETTE.text.hex == "#1d1d1b"  # black ink on screen, not #000000
    assert {"primary", "accent", "text", "rule", "tint", "paper"} <= set(Palette.roles())
    with pytest.raises(ValueError, match="unknown colour role"):
        DEFAULT_PALETTE.with_roles({"primry": (0, 0, 0, 0)})
    with pytest.raises(ValueError, match="between 0 and 100"):
        Ink(0, 0, 0, float("nan"))
