"""The PDF/A writer on a small tagged document: metadata, output intent, stream syntax, /ID,
text strings, and ReportLab left as it was for every other document.

The real booklets and handouts are checked with page-validation, pdfua and qpdf in
test_tagging.py; here each property is shown on a document small enough to break on purpose.
"""

from __future__ import annotations

import base64
import io
import re
import subprocess
import sys
import zlib
from hashlib import md5

import page as page_validation
import pikepdf
import pytest
from helpers import ROOT
from PIL import Image as PILImage
from reportlab.lib.pagesizes import A5
from reportlab.lib.utils import ImageReader
from reportlab.pdfbase.pdfdoc import PDFDictionary, PDFName, PDFStream
from reportlab.pdfgen.canvas import Canvas

from layout.pdf.packing import stream_data
from layout.pdf.pdfa import pdfa_canvas
from layout.pdf.syntax import text_string
from layout.pdf.tagging import SE, Structure, Tagger
from layout.typeset.fonts import register_fonts

TITLE = "Proceso de Descentralizaci\u00f3n 2009: bal\u00adance"
AUTHOR = "USAID/Per\u00fa ProDescentralizaci\u00f3n"
SMALL = """
import io, sys
from PIL import Image as PILImage
from reportlab.lib.pagesizes import A5
from reportlab.lib.utils import ImageReader
from reportlab.pdfgen.canvas import Canvas
if sys.argv[1] == "pikepdf-first":
    import pikepdf  # registers its own 'pdfdoc' codec before ReportLab's is looked up
sys.path.insert(0, {tests!r})
from test_pdfa import tagged_pdf
sys.stdout.buffer.write(tagged_pdf())
"""


def tagged_pdf(title: str = TITLE, cr_stream: bytes | None = None,
               image: PILImage.Image | None = None) -> bytes:
    """Two A5 pages with one tagged paragraph each, written through `pdfa_canvas`; with
    ``cr_stream``, one more stream holding those (already Flate-encoded) bytes; with
    ``image``, that image drawn on the first page as an artifact."""
    fonts = register_fonts()
    structure = Structure("es-PE")
    tagger = Tagger(structure)
    paragraphs = [SE("P", structure.root) for _ in range(2)]
    buffer = io.BytesIO()
    canvas = pdfa_canvas(structure)(buffer, pagesize=A5, invariant=1, initialFontName=fonts.regular)
    tagger.install(canvas)
    canvas.setTitle(title)
    canvas.setAuthor(AUTHOR)
    canvas.setSubject("A test of the PDF/A writer")
    canvas.setKeywords("decentralization, Peru")
    for number, paragraph in enumerate(paragraphs, 1):
        with tagger.content(canvas, paragraph):
            canvas.setFont(fonts.regular, 24)
            canvas.drawString(60, 400, f"P\u00e1gina {number}: descentralizaci\u00f3n")
        if image is not None and number == 1:
            with tagger.artifact(canvas):
                canvas.drawImage(ImageReader(image), 60, 100, width=120, height=60)
        canvas.showPage()
    if cr_stream is not None:
        canvas._doc.Reference(PDFStream(PDFDictionary({"Filter": PDFName("FlateDecode")}),
                                        cr_stream), "CRStream")
    canvas.save()
    return buffer.getvalue()


@pytest.fixture(scope="module")
def written() -> bytes:
    return tagged_pdf()


def test_passes_page_validation_for_pdfa_2a_and_pdfua(written: bytes) -> None:
    for profile in ("2a", "ua1"):
        report = page_validation.validate_pdf_bytes(written, profile=profile)
        assert report.rules.failed == 0, sorted({f.rule_id for f in report.failures})


def test_version_output_intent_and_no_empty_transitions(written: bytes) -> None:
    assert written.startswith(b"%PDF-1.7\n")
    with pikepdf.open(io.BytesIO(written)) as pdf:
        (intent,) = pdf.Root.OutputIntents
        assert intent.S == pikepdf.Name.GTS_PDFA1
        assert intent.DestOutputProfile.N == 3
        assert intent.DestOutputProfile.read_bytes()[36:40] == b"acsp"  # an ICC profile
        assert all("/Trans" not in page.obj for page in pdf.pages)
        assert pdf.check_pdf_syntax() == []


def test_xmp_matches_the_document_info(written: bytes) -> None:
    with pikepdf.open(io.BytesIO(written)) as pdf:
        meta = pdf.open_metadata()
        info = pdf.docinfo
        assert meta["dc:title"] == str(info.Title) == TITLE
        assert meta["dc:creator"] == [str(info.Author)] == [AUTHOR]
        assert meta["dc:description"] == str(info.Subject)
        assert meta["pdf:Keywords"] == str(info.Keywords) == "decentralization, Peru"
        assert meta["dc:subject"] == {"decentralization", "Peru"}
        assert meta["pdf:Producer"] == str(info.Producer)
        assert meta["xmp:CreatorTool"] == str(info.Creator)
        assert str(info.CreationDate) == "D:20000101000000+00'00'"
        assert meta["xmp:MetadataDate"] == meta["xmp:CreateDate"] == "2000-01-01T00:00:00+00:00"
        assert meta["dc:language"] == {"es-PE"}
        assert str(pdf.Root.Lang) == "es-PE"
        assert (meta["pdfaid:part"], meta["pdfaid:conformance"]) == ("2", "A")
        assert "/Filter" not in pdf.Root.Metadata  # PDF/A: the metadata stream is plain


def _streams(data: bytes) -> list[tuple[int, bytes]]:
    """(declared /Length, the bytes between ``stream`` + LF and the LF before ``endstream``)
    of every stream, read from the file as a validator reads it."""
    found = []
    for match in re.finditer(rb"/Length (\d+)(?:(?!endobj).)*?\nstream\n", data, re.S):
        start = match.end()
        end = data.index(b"endstream", start)
        assert data[end - 1:end] == b"\n", "no end-of-line marker before endstream"
        found.append((int(match.group(1)), data[start:end - 1]))
    return found


def test_every_stream_ends_with_a_line_end_that_its_length_leaves_out(written: bytes) -> None:
    streams = _streams(written)
    with pikepdf.open(io.BytesIO(written)) as pdf:  # pages, font, its ToUnicode, XMP, profile
        assert len(streams) == sum(isinstance(o, pikepdf.Stream) for o in pdf.objects) >= 6
    assert all(length == len(body) for length, body in streams)
    assert not [body for _, body in streams if body.endswith(b"\r")]


def test_stream_data_ending_with_a_carriage_return_gets_an_ascii85_layer() -> None:
    """page-validation would take such a CR for half of a CRLF and the /Length for wrong."""
    pixels = next(p for n in range(256) if zlib.compress(p := bytes([n]) + bytes(47))
                  .endswith(b"\r"))
    written = tagged_pdf(cr_stream=zlib.compress(pixels))
    assert not [body for _, body in _streams(written) if body.endswith(b"\r")]
    with pikepdf.open(io.BytesIO(written)) as pdf:
        (stream,) = [o for o in pdf.objects if isinstance(o, pikepdf.Stream)
                     and o.get("/Filter") == [pikepdf.Name.ASCII85Decode,
                                              pikepdf.Name.FlateDecode]]
        assert stream.read_bytes() == pixels


def test_an_image_keeps_its_pixels_without_reportlabs_ascii85_layer() -> None:
    picture = PILImage.new("RGB", (40, 20))
    picture.putdata([(x * 6, y * 12, (x * y) % 256) for y in range(20) for x in range(40)])
    written = tagged_pdf(image=picture)
    with pikepdf.open(io.BytesIO(written)) as pdf:
        (image,) = [o for o in pdf.objects if isinstance(o, pikepdf.Stream)
                    and o.get("/Subtype") == pikepdf.Name.Image]
        assert list(image.Filter) == [pikepdf.Name.FlateDecode]
        assert image.read_bytes() == picture.tobytes()
    report = page_validation.validate_pdf_bytes(written, profile="2a")
    assert report.rules.failed == 0, sorted({f.rule_id for f in report.failures})


def test_page_content_is_compressed_without_an_ascii_layer(written: bytes) -> None:
    with pikepdf.open(io.BytesIO(written)) as pdf:
        assert {repr(page.Contents.Filter) for page in pdf.pages} == {
            repr(pikepdf.Array([pikepdf.Name.FlateDecode]))}


def _object_streams(data: bytes) -> list[bytes]:
    """The decompressed data of every object stream of the file."""
    return [zlib.decompress(m.group(1)) for m in re.finditer(
        rb"/Type /ObjStm [^>]*>>\nstream\n(.*?)\nendstream", data, re.S)]


def test_small_objects_are_packed_into_object_streams(written: bytes) -> None:
    """Dictionaries and arrays (structure elements, pages, the catalog) are in compressed
    object streams, located by a cross-reference stream; streams stay on their own."""
    assert b"\nxref\n" not in written
    assert b"/Type /XRef" in written
    unpacked = b"".join(_object_streams(written))
    assert unpacked.count(b"/Type /StructElem") == 2 + 1  # two paragraphs in the Document
    assert b"/Type /Catalog" in unpacked
    assert b"/StructElem" not in re.sub(rb"stream\n.*?\nendstream", b"", written, flags=re.S)
    with pikepdf.open(io.BytesIO(written)) as pdf:
        assert pdf.check_pdf_syntax() == []
        assert len(pdf.Root.StructTreeRoot.K.K) == 2


def test_packed_data_ending_with_a_carriage_return_gets_an_ascii85_layer() -> None:
    data = next(d for n in range(2000) if zlib.compress(d := b"%d" % n * 7).endswith(b"\r"))
    packed_data, filters = stream_data(data)
    assert filters == b"[/ASCII85Decode /FlateDecode]"
    assert packed_data.endswith(b"~>")
    assert zlib.decompress(base64.a85decode(packed_data, adobe=True)) == data
    assert stream_data(b"plain text")[1] == b"/FlateDecode"


def test_the_file_id_is_derived_from_the_bytes_before_the_cross_reference(
        written: bytes) -> None:
    head = written[:written.rindex(b"/Type /XRef")]
    head = head[:head.rindex(b"\n", 0, head.rindex(b" 0 obj")) + 1]
    digest = md5(head, usedforsecurity=False).hexdigest().encode()
    assert b"/ID [<%s><%s>]" % (digest, digest) in written
    other = tagged_pdf(title="Another title")
    assert other[other.rindex(b"/ID"):][:40] != written[written.rindex(b"/ID"):][:40]
    assert tagged_pdf() == written


def test_text_strings_do_not_depend_on_the_codecs_the_process_loaded(written: bytes) -> None:
    """pikepdf and ReportLab both register a 'pdfdoc' codec and disagree on the soft hyphen:
    the same document is written with either loaded first."""
    assert b"<FEFF" in b"".join(_object_streams(written))  # the title, in UTF-16BE
    outputs = [subprocess.run([sys.executable, "-c", SMALL.format(tests=str(ROOT / "tests")),
                               first], capture_output=True, check=True, cwd=ROOT).stdout
               for first in ("reportlab-first", "pikepdf-first")]
    assert outputs[0] == outputs[1] == written


def test_other_reportlab_documents_are_written_as_reportlab_writes_them() -> None:
    """The writer changes streams and strings only in its own documents."""
    code = ("import io, sys\n"
            "if sys.argv[1] == 'ours': import layout.pdf.pdfa\n"
            "from reportlab.pdfgen.canvas import Canvas\n"
            "b = io.BytesIO(); c = Canvas(b, invariant=1, pageCompression=1)\n"
            "c.setTitle('bal\\u00adance'); c.drawString(50, 50, 'x'); c.save()\n"
            "sys.stdout.buffer.write(b.getvalue())\n")
    plain, beside_ours = (subprocess.run([sys.executable, "-c", code, which], cwd=ROOT,
                                         capture_output=True, check=True).stdout
                          for which in ("plain", "ours"))
    assert plain == beside_ours
    assert b"~>endstream" in plain  # ReportLab's own syntax, which is not PDF/A's
    buffer = io.BytesIO()
    canvas = Canvas(buffer, pagesize=A5, invariant=1)
    canvas.showPage()
    canvas.save()
    assert b"/Metadata" not in buffer.getvalue()


@pytest.mark.parametrize(("value", "written"), [
    ("Balance (2009) \\ agenda", rb"(Balance \(2009\) \\ agenda)"),
    ("", b"()"),
    ("Per\u00fa", b"<FEFF00500065007200FA>"),
    ("line\nbreak", b"<FEFF006C0069006E0065000A0062007200650061006B>"),
    ("\U0001F4D8", b"<FEFFD83DDCD8>"),
])
def test_text_strings_are_printable_ascii_or_utf16(value: str, written: bytes) -> None:
    assert text_string(value) == written
    assert str(pikepdf.Object.parse(written)) == value  # and a PDF reader reads them back


def test_a_second_document_takes_its_font_files_compressed_once(written: bytes) -> None:
    """The same subset's FontFile2 and ToUnicode streams are compressed once per process
    (handouts embed the same subsets again and again): a later document takes the remembered
    bytes, which are the bytes a fresh compression makes."""
    from layout.pdf import pdfa

    before = pdfa._flated.cache_info().hits
    again = tagged_pdf()
    assert pdfa._flated.cache_info().hits >= before + 2  # a font file and its ToUnicode map
    pdfa._flated.cache_clear()
    assert tagged_pdf() == again
    with pikepdf.open(io.BytesIO(again)) as pdf:
        fonts = [obj for obj in pdf.objects
                 if isinstance(obj, pikepdf.Dictionary) and "/FontFile2" in obj]
        assert fonts
        data = fonts[0].FontFile2.read_bytes()
        assert data[:4] == b"\x00\x01\x00\x00"  # a TrueType font, decompressed
