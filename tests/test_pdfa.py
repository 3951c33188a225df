"""PDF/A-2b conversion of a small ReportLab PDF, checked with pikepdf.pdfa's validator."""

from __future__ import annotations

import io
import zlib

import page as page_validation
import pikepdf
import pytest
from reportlab.lib.pagesizes import A5
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen.canvas import Canvas

from layout.pdf.pdfa import PdfaConversionError, check_pdfa, to_pdfa

TITLE = "Proceso de Descentralización 2009"
AUTHOR = "USAID/Perú ProDescentralización"


def _reportlab_pdf(lang: str | None = "en-US", font: str = "Vera") -> bytes:
    """Two A5 pages in invariant mode, text in ``font``, with title, author and keywords."""
    pdfmetrics.registerFont(TTFont("Vera", "Vera.ttf"))
    buffer = io.BytesIO()
    canvas = Canvas(buffer, pagesize=A5, invariant=1, lang=lang, initialFontName=font)
    canvas.setTitle(TITLE)
    canvas.setAuthor(AUTHOR)
    canvas.setSubject("A test of the PDF/A stage")
    canvas.setKeywords("decentralization, Peru")
    for number in (1, 2):
        canvas.setFont(font, 24)
        canvas.drawString(60, 400, f"Page {number}: descentralización")
        canvas.showPage()
    canvas.save()
    return buffer.getvalue()


@pytest.fixture(scope="module")
def converted() -> bytes:
    return to_pdfa(_reportlab_pdf())


def test_reportlab_output_is_not_pdfa_as_is() -> None:
    passed, problems = check_pdfa(_reportlab_pdf())
    assert not passed
    assert any("/Metadata" in problem for problem in problems)


def test_converted_passes_the_2b_check(converted: bytes) -> None:
    assert check_pdfa(converted) == (True, [])


def test_conversion_is_byte_identical(converted: bytes) -> None:
    assert to_pdfa(_reportlab_pdf()) == converted


def test_output_intent_and_metadata_present(converted: bytes) -> None:
    with pikepdf.open(io.BytesIO(converted)) as pdf:
        assert "/Metadata" in pdf.Root
        (intent,) = pdf.Root.OutputIntents
        assert intent.S == pikepdf.Name.GTS_PDFA1
        assert "/DestOutputProfile" in intent
        assert all("/Trans" not in page.obj for page in pdf.pages)


def test_xmp_matches_the_document_info(converted: bytes) -> None:
    with pikepdf.open(io.BytesIO(converted)) as pdf:
        meta = pdf.open_metadata()
        assert meta["dc:title"] == str(pdf.docinfo.Title) == TITLE
        assert meta["dc:creator"] == [AUTHOR]
        assert meta["pdf:Keywords"] == "decentralization, Peru"
        assert meta["dc:language"] == {"en-US"}
        assert meta["pdfaid:part"] == "2"
        assert meta["pdfaid:conformance"] == "B"
        assert meta["xmp:MetadataDate"] == meta["xmp:CreateDate"] == "2000-01-01T00:00:00+00:00"


def test_lang_argument_overrides_the_catalog() -> None:
    pdf_bytes = to_pdfa(_reportlab_pdf(lang=None), lang="es-PE")
    with pikepdf.open(io.BytesIO(pdf_bytes)) as pdf:
        assert str(pdf.Root.Lang) == "es-PE"
        assert pdf.open_metadata()["dc:language"] == {"es-PE"}


def test_opens_cleanly(converted: bytes) -> None:
    with pikepdf.open(io.BytesIO(converted)) as pdf:
        assert len(pdf.pages) == 2
        assert pdf.check_pdf_syntax() == []


def test_standard_font_is_refused() -> None:
    with pytest.raises(PdfaConversionError, match="Type 1 font"):
        to_pdfa(_reportlab_pdf(font="Helvetica"), validate=True)


def _ending_in_cr(data: bytes, pad: bytes) -> bytes:
    """``data`` padded until its Flate encoding ends with CR (one in 256 does: the last byte
    is a checksum byte)."""
    while zlib.compress(data)[-1:] != b"\r":
        data += pad
    return data


def _saved_with_cr(pdf: pikepdf.Pdf) -> bytes:
    """``pdf`` written as it is (a stream's data ending with CR kept so)."""
    buffer = io.BytesIO()
    pdf.save(buffer, compress_streams=False)
    assert b"\r\nendstream" in buffer.getvalue()
    return buffer.getvalue()


def _converted_is_read_right(converted: bytes) -> None:
    assert b"\r\nendstream" not in converted
    assert check_pdfa(converted) == (True, [])
    report = page_validation.validate_pdf_bytes(converted, profile="2b")
    assert not [f.rule_id for f in report.failures if "STREAM-LENGTH" in f.rule_id]


def test_page_content_ending_with_a_carriage_return_gets_a_line_end_more() -> None:
    """page-validation misreads the /Length of a stream whose data ends with CR: page content
    is given one line end more, which changes the checksum and so the last byte."""
    with pikepdf.open(io.BytesIO(_reportlab_pdf())) as pdf:
        page = pdf.pages[0]
        data = _ending_in_cr(page.Contents.read_bytes(), b" ")
        page.Contents.write(zlib.compress(data), filter=pikepdf.Name.FlateDecode)
        converted = to_pdfa(_saved_with_cr(pdf))
    _converted_is_read_right(converted)
    with pikepdf.open(io.BytesIO(converted)) as pdf:
        content = pdf.pages[0].Contents.read_bytes()
        assert "/ASCIIHexDecode" not in repr(pdf.pages[0].Contents.get("/Filter"))
    assert content.startswith(data)
    assert content[len(data):].strip() == b""


def test_other_streams_ending_with_a_carriage_return_get_an_ascii_hex_layer() -> None:
    """An image, whose data cannot grow, keeps its bytes under an ASCIIHex layer."""
    with pikepdf.open(io.BytesIO(_reportlab_pdf())) as pdf:
        pixels = next(p for n in range(256) if zlib.compress(p := bytes([n]) + bytes(47))
                      .endswith(b"\r"))  # a 4 x 4 RGB image
        image = pdf.make_stream(zlib.compress(pixels), Type=pikepdf.Name.XObject,
                                Subtype=pikepdf.Name.Image, Width=4, Height=4,
                                ColorSpace=pikepdf.Name.DeviceRGB, BitsPerComponent=8,
                                Filter=pikepdf.Name.FlateDecode)
        page = pdf.pages[0]
        page.Resources.XObject = pikepdf.Dictionary(Im0=image)
        page.Contents.write(page.Contents.read_bytes() + b"\nq 10 0 0 10 0 0 cm /Im0 Do Q\n")
        converted = to_pdfa(_saved_with_cr(pdf))
    _converted_is_read_right(converted)
    with pikepdf.open(io.BytesIO(converted)) as pdf:
        image = pdf.pages[0].Resources.XObject.Im0
        assert image.read_bytes() == pixels
        assert pikepdf.Name.ASCIIHexDecode in list(image.Filter)
