"""PDF/A: a tagged ReportLab build, written directly as PDF/A-2a with PDF/UA-1.

In: the `Structure` a tagged render fills in, given to `pdfa_canvas`, which makes the canvases
of that render. Out: when ReportLab saves the last pass, the file it writes is the finished
reading edition; no second pass over the PDF. Before ReportLab writes the objects, the
structure tree is added (`layout.pdf.structure`), the empty ``/Trans << >>`` ReportLab puts on
every page is dropped, and the catalog gets the sRGB output intent and an XMP packet agreeing
with the document info (title, author, subject, keywords, creator, producer, dates) with
``dc:language``, PDF/A-2a and PDF/UA-1 and the extension schema that declares the latter.
While it writes them, every stream has the end-of-line marker before ``endstream`` that
PDF/A asks for, and none has data ending with CR (see `_format_stream`); the small objects go
into object streams (`layout.pdf.packing`). The file is PDF 1.7 and byte-identical for
identical input: the dates are ReportLab's invariant ones and the file /ID is derived from
the bytes before the cross-reference stream.
"""

from __future__ import annotations

import functools
import zlib
from collections.abc import Callable
from html import escape
from importlib.util import find_spec
from pathlib import Path
from typing import Any

from reportlab.pdfbase import pdfdoc
from reportlab.pdfbase.pdfdoc import PDFArray, PDFDictionary, PDFName, PDFStream, PDFString
from reportlab.pdfgen.canvas import Canvas

from layout.pdf.packing import packed
from layout.pdf.structure import add_entries, write_structure
from layout.pdf.syntax import stream, text_string, without_final_cr
from layout.pdf.tagging import Structure

PDF_VERSION = (1, 7)
"""PDF/UA-1 is based on PDF 1.7, which PDF/A-2 allows."""


class PdfaDocument(pdfdoc.PDFDocument):
    """ReportLab's document, finished as PDF/A-2a + PDF/UA-1 when it is written.

    A canvas's document becomes one in `pdfa_canvas`; ``structure`` is then set.
    """

    structure: Structure

    def format(self) -> bytes:
        finish(self, self.structure)
        return packed(self)

    def addPage(self, page: Any) -> None:  # noqa: N802 - ReportLab's name
        """Add a drawn page, its content compressed now rather than when the file is written:
        the text of a page's operators is ten times its compressed size, and a long booklet
        would hold all of it until then."""
        if page.stream and page.compression and not page.Override_default_compilation:
            data = page.stream.encode("utf-8") if isinstance(page.stream, str) else page.stream
            page.Contents = PDFStream(PDFDictionary({"Filter": PDFArray([PDFName("FlateDecode")])}),
                                      zlib.compress(data))
            page.stream = None
        super().addPage(page)


def pdfa_canvas(structure: Structure) -> Callable[..., Canvas]:
    """A canvas maker for ReportLab's ``build``: canvases whose document is written as
    PDF/A-2a + PDF/UA-1 with ``structure`` (as the render's tagger fills it in)."""

    def make(*args: Any, **kwargs: Any) -> Canvas:
        canvas = Canvas(*args, **kwargs)
        doc = canvas._doc  # type: ignore[attr-defined]
        doc.__class__ = PdfaDocument  # same state, the writing steps of this module
        doc.structure = structure
        doc._pdfVersion = max(doc._pdfVersion, PDF_VERSION)
        return canvas

    return make


def finish(doc: Any, structure: Structure) -> None:
    """Add what PDF/A-2a and PDF/UA-1 need to ``doc``, whose pages and fonts are all in."""
    write_structure(doc, structure)
    for page in doc.Pages.pages:
        if isinstance(page.Trans, PDFDictionary) and not page.Trans.dict:
            page.Trans = None
    catalog = doc.Catalog
    add_entries(catalog, OutputIntents=PDFArray([_output_intent()]))
    catalog.Metadata = PDFStream(PDFDictionary({"Type": PDFName("Metadata"),
                                                "Subtype": PDFName("XML")}),
                                 xmp(doc.info, doc._timeStamp, structure.lang).encode("utf-8"))


@functools.cache
def _srgb_profile() -> bytes:
    """The sRGB ICC profile pikepdf ships for PDF/A output intents (read from its package
    folder, not imported), compressed: once per process, not once per handout."""
    spec = find_spec("pikepdf")
    assert spec is not None
    assert spec.submodule_search_locations
    folder = Path(next(iter(spec.submodule_search_locations)))
    return zlib.compress((folder / "pdfa" / "data" / "sRGB.icc").read_bytes())


def _output_intent() -> PDFDictionary:
    """The sRGB output intent every PDF/A file needs (our reading colours are RGB)."""
    profile = PDFStream(PDFDictionary({"N": 3, "Filter": PDFName("FlateDecode")}),
                        _srgb_profile())
    return PDFDictionary({
        "Type": PDFName("OutputIntent"), "S": PDFName("GTS_PDFA1"),
        "OutputConditionIdentifier": PDFString("sRGB"), "Info": PDFString("sRGB"),
        "DestOutputProfile": profile,
    })


PDFUA_SCHEMA = (
    '<rdf:Description rdf:about="" '
    'xmlns:pdfaExtension="http://www.aiim.org/pdfa/ns/extension/" '
    'xmlns:pdfaSchema="http://www.aiim.org/pdfa/ns/schema#" '
    'xmlns:pdfaProperty="http://www.aiim.org/pdfa/ns/property#">'
    "<pdfaExtension:schemas><rdf:Bag>"
    '<rdf:li rdf:parseType="Resource">'
    "<pdfaSchema:schema>PDF/UA Universal Accessibility Schema</pdfaSchema:schema>"
    "<pdfaSchema:namespaceURI>http://www.aiim.org/pdfua/ns/id/</pdfaSchema:namespaceURI>"
    "<pdfaSchema:prefix>pdfuaid</pdfaSchema:prefix>"
    "<pdfaSchema:property><rdf:Seq>"
    '<rdf:li rdf:parseType="Resource">'
    "<pdfaProperty:name>part</pdfaProperty:name>"
    "<pdfaProperty:valueType>Integer</pdfaProperty:valueType>"
    "<pdfaProperty:category>internal</pdfaProperty:category>"
    "<pdfaProperty:description>Indicates, which part of ISO 14289 standard is followed"
    "</pdfaProperty:description>"
    "</rdf:li></rdf:Seq></pdfaSchema:property>"
    "</rdf:li></rdf:Bag></pdfaExtension:schemas></rdf:Description>"
)
"""PDF/A admits the pdfuaid namespace only when an extension schema declares it (ISO 19005-2,
6.6.2.3); this is that declaration."""

_NAMESPACES = (
    'xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:pdf="http://ns.adobe.com/pdf/1.3/" '
    'xmlns:xmp="http://ns.adobe.com/xap/1.0/" xmlns:pdfaid="http://www.aiim.org/pdfa/ns/id/" '
    'xmlns:pdfuaid="http://www.aiim.org/pdfua/ns/id/"'
)


def xmp(info: Any, stamp: Any, lang: str) -> str:
    """The XMP packet of a document whose info is ``info`` and time stamp ``stamp`` (ReportLab's
    `PDFInfo` and `TimeStamp`): each property equal to its document info entry, as PDF/A
    requires, and the metadata date pinned to the creation date."""
    date = _xmp_date(stamp)
    words = [word.strip() for word in str(info.keywords).split(",") if word.strip()]
    props = [
        f"<dc:title><rdf:Alt><rdf:li xml:lang=\"x-default\">{escape(info.title)}"
        "</rdf:li></rdf:Alt></dc:title>",
        f"<dc:creator><rdf:Seq><rdf:li>{escape(info.author)}</rdf:li></rdf:Seq></dc:creator>",
        f"<dc:description><rdf:Alt><rdf:li xml:lang=\"x-default\">{escape(info.subject)}"
        "</rdf:li></rdf:Alt></dc:description>",
        f"<dc:language><rdf:Bag><rdf:li>{escape(lang)}</rdf:li></rdf:Bag></dc:language>",
        f"<pdf:Keywords>{escape(info.keywords)}</pdf:Keywords>",
        f"<pdf:Producer>{escape(info.producer)}</pdf:Producer>",
        f"<xmp:CreatorTool>{escape(info.creator)}</xmp:CreatorTool>",
        f"<xmp:CreateDate>{date}</xmp:CreateDate><xmp:ModifyDate>{date}</xmp:ModifyDate>"
        f"<xmp:MetadataDate>{date}</xmp:MetadataDate>",
        "<pdfaid:part>2</pdfaid:part><pdfaid:conformance>A</pdfaid:conformance>"
        "<pdfuaid:part>1</pdfuaid:part>",
    ]
    if words:
        props.insert(4, "<dc:subject><rdf:Bag>" + "".join(
            f"<rdf:li>{escape(word)}</rdf:li>" for word in words) + "</rdf:Bag></dc:subject>")
    return (
        '<?xpacket begin="\ufeff" id="W5M0MpCehiHzreSzNTczkc9d"?>\n'
        '<x:xmpmeta xmlns:x="adobe:ns:meta/">'
        '<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">'
        f'<rdf:Description rdf:about="" {_NAMESPACES}>' + "".join(props) + "</rdf:Description>"
        + PDFUA_SCHEMA + "</rdf:RDF></x:xmpmeta>\n"
        '<?xpacket end="w"?>'
    )


def _xmp_date(stamp: Any) -> str:
    """ReportLab's time stamp as an XMP date, equal to the info dictionary's dates."""
    year, month, day, hour, minute, second = stamp.YMDhms
    sign = "-" if stamp.dhh < 0 else "+"
    return (f"{year:04d}-{month:02d}-{day:02d}T{hour:02d}:{minute:02d}:{second:02d}"
            f"{sign}{abs(stamp.dhh):02d}:{stamp.dmm:02d}")


_reportlab_stream_format = PDFStream.format
_ASCII85_FLATE = [pdfdoc.PDFBase85Encode, pdfdoc.PDFZCompress]


def _format_stream(self: PDFStream, document: Any) -> bytes:
    """A stream as PDF/A wants it, in a `PdfaDocument` (others are written as ReportLab does).

    The end-of-line marker before ``endstream`` is `syntax.stream`'s, and data that ends with
    CR gets an ASCII85 layer (`syntax.without_final_cr`). Page and form content, and images,
    are written without ReportLab's own ASCII85 layer, which makes them a quarter longer.
    """
    if not isinstance(document, PdfaDocument):
        return bytes(_reportlab_stream_format(self, document))
    if self.content is None:
        raise ValueError("stream content not set")
    dictionary = PDFDictionary(self.dictionary.dict.copy())
    content = self.content
    filters = self.filters if self.filters is not None else document.defaultStreamFilters
    if filters == _ASCII85_FLATE:
        filters = [pdfdoc.PDFZCompress]  # the ASCII layer only makes page content longer
    if filters is not None and "Filter" not in dictionary.dict:
        if filters == [pdfdoc.PDFZCompress]:
            data = content.encode() if isinstance(content, str) else bytes(content)
            content = _flated(data) if len(data) <= _REMEMBERED else zlib.compress(data)
        else:
            for stage in reversed(filters):
                content = stage.encode(content)
        dictionary["Filter"] = PDFArray([PDFName(stage.pdfname) for stage in filters])
    else:
        content = _without_ascii85(dictionary, content)
    data, layered = without_final_cr(bytes(pdfdoc.format(content, document)))
    if layered:
        dictionary["Filter"] = PDFArray([PDFName("ASCII85Decode"),
                                         *_sequence(dictionary.dict.get("Filter"))])
        if "DecodeParms" in dictionary.dict:
            dictionary["DecodeParms"] = PDFArray(
                [pdfdoc.PDFnull, *_sequence(dictionary["DecodeParms"])])
    dictionary["Length"] = len(data)
    return stream(bytes(pdfdoc.format(dictionary, document)), data)


_REMEMBERED = 256 * 1024
"""Largest stream data whose compressed form is remembered (a font subset is 20 to 120 KB)."""


@functools.lru_cache(maxsize=32)
def _flated(data: bytes) -> bytes:
    """``data`` compressed as ReportLab's Flate filter does, remembered: the font files and
    their ToUnicode maps are the same bytes in handout after handout (compressing them again
    was a third of a handout's time)."""
    return zlib.compress(data)


_reportlab_string_format = PDFString.format


def _format_string(self: PDFString, document: Any) -> bytes:
    """A text string, in a `PdfaDocument`, written the same whatever codecs are registered.

    ReportLab writes a text string in PDFDocEncoding when Python's ``pdfdoc`` codec accepts
    it. Two codecs bear that name, ReportLab's and pikepdf's, and whichever was looked up
    first serves the process: they disagree on characters PDFDocEncoding leaves undefined
    (the soft hyphen, say), so the same document could differ by what else the process ran.
    Here a string is printable ASCII, or UTF-16BE with its byte order mark.
    """
    if (isinstance(document, PdfaDocument) and isinstance(self.s, str)
            and getattr(self, "enc", "auto") == "auto" and getattr(self, "escape", 1)):
        return text_string(self.s)
    return bytes(_reportlab_string_format(self, document))


def _without_ascii85(dictionary: PDFDictionary, content: Any) -> Any:
    """Content that comes encoded (an image's), with ReportLab's ASCII85 layer taken off: it
    makes the data a quarter longer and adds nothing to a binary file."""
    stages = _sequence(dictionary.dict.get("Filter"))
    if not stages or str(stages[0]) != "/ASCII85Decode":
        return content
    parms = dictionary.dict.get("DecodeParms")
    if parms is not None:
        rest = _sequence(parms)[1:]
        if any(p not in (None, pdfdoc.PDFnull) for p in rest):
            dictionary["DecodeParms"] = PDFArray(rest)
        else:
            del dictionary.dict["DecodeParms"]
    dictionary["Filter"] = PDFArray(stages[1:])
    text = content.decode("latin-1") if isinstance(content, bytes) else content
    return pdfdoc.PDFBase85Encode.decode(text)


def _sequence(value: Any) -> list[Any]:
    if value is None:
        return []
    return list(value.sequence) if isinstance(value, PDFArray) else [value]


PDFStream.format = _format_stream  # type: ignore[method-assign]
PDFString.format = _format_string  # type: ignore[method-assign]
