"""PDF/A: a finished ReportLab PDF -> the same document as PDF/A-2a (tagged) or PDF/A-2b.

In: the bytes of a PDF written by ReportLab in ``invariant`` mode whose fonts are all embedded
TrueType subsets (no standard-14 font) and, for a tagged build, the `Structure` its render
filled in. Out: PDF/A bytes. Pages and their content are untouched; what changes is structure
and metadata: the empty ``/Trans << >>`` ReportLab puts on every page is removed, the sRGB
output intent is added, and an XMP packet agreeing with the document info (title, author,
subject, keywords, dates) plus ``dc:language`` and the PDF/A identification is written. With a
structure, the same pass writes the structure tree (`layout.pdf.structure`), declares PDF/A-2a
and PDF/UA-1 and saves as PDF 1.7 with object streams. The output is byte-identical for
identical input: the XMP metadata date is pinned to the creation date and the file /ID is
derived from the content. No file I/O of ours (pikepdf validates through a temporary file).
"""

from __future__ import annotations

import functools
import io
import warnings
import zlib
from pathlib import Path
from typing import Any

import pikepdf

from layout.pdf.structure import declare_pdfua, write_structure
from layout.pdf.tagging import Structure

FLAVOUR = "2b"
"""The level pikepdf's checker validates (it knows no 2a): untagged conversions only."""


class PdfaConversionError(ValueError):
    """The converted document did not pass the PDF/A check; the message lists every finding."""

    def __init__(self, problems: list[str]) -> None:
        lines = "\n  ".join(problems)
        super().__init__(f"the PDF did not pass the PDF/A-{FLAVOUR} check:\n  {lines}")
        self.problems = problems


def to_pdfa(pdf: bytes, *, lang: str | None = None, validate: bool = False,
            structure: Structure | None = None) -> bytes:
    """Return ``pdf`` converted to PDF/A-2b; ``lang`` overrides the catalog's /Lang.

    The conversion is done with pikepdf's core (an sRGB output intent, the Print flag on
    annotations, XMP metadata declaring PDF/A-2b and agreeing with the document info): what
    ``pikepdf.pdfa.prepare`` does for our files, without importing its validator, which costs
    more than the conversion. With ``validate``, raises `PdfaConversionError` if the result does
    not pass ``pikepdf.pdfa``'s check (PDF/A-2b only: that checker knows neither 2a nor the
    PDF/UA identifier). With ``structure`` (as a tagged render filled it) the result is tagged
    PDF/A-2a with the PDF/UA-1 identifier, written in the same pass.
    """
    with pikepdf.open(io.BytesIO(pdf)) as doc:
        if structure is not None:
            write_structure(doc, structure)
        _drop_empty_transitions(doc)
        language = _document_language(doc, lang)
        _add_output_intent(doc)
        _flag_annotations_printable(doc)
        _write_xmp(doc, language)
        if structure is not None:
            declare_pdfua(doc)
        converted = _save(doc, tagged=structure is not None)
    if validate:
        passed, problems = check_pdfa(converted)
        if not passed:
            raise PdfaConversionError(problems)
    return converted


_CR_END = b"\r\nendstream"
"""A stream whose data ends with CR, followed by the LF pikepdf writes before endstream."""


def _save(doc: pikepdf.Pdf, tagged: bool) -> bytes:
    """The document's bytes: PDF 1.7 with object streams when tagged (the tree is hundreds of
    small objects), as ReportLab wrote it otherwise; no stream's data ends with CR.

    page-validation takes such a CR for the start of the EOL before ``endstream`` and reports
    the stream's /Length as wrong. The last byte of Flate data is a checksum byte, so about
    one file in ten has such a stream. Page and form content is given one line end more
    (`_reencode_content`); if another stream still ends so, the file is written again
    with those streams given an ASCIIHex layer, without recompression and without object
    streams (qpdf would remove the layer, and compresses object streams only along with
    every stream).
    """
    _reencode_content(doc)
    out = _saved(doc, tagged, compress=True)
    if _CR_END in out:
        _hex_encode_streams_ending_in_cr(doc)
        out = _saved(doc, tagged, compress=False)
    return out


def _saved(doc: pikepdf.Pdf, tagged: bool, compress: bool) -> bytes:
    out = io.BytesIO()
    streams = pikepdf.ObjectStreamMode
    mode = streams.generate if tagged and compress else streams.disable
    version = "1.7" if tagged else ""
    doc.save(out, deterministic_id=True, min_version=version, compress_streams=compress,
             object_stream_mode=mode if tagged else streams.preserve)
    return out.getvalue()


def _reencode_content(doc: pikepdf.Pdf) -> None:
    """Page and form content as Flate data that does not end with CR: ReportLab's ASCII85
    layer is taken off here rather than by qpdf as it writes (qpdf's new Flate data could
    end with CR), and data ending with CR gets a line end more (the data's checksum, and so
    that last byte, changes). Most files then need no ASCIIHex layer, and keep their object
    streams."""
    contents = {c.objgen for page in doc.pages for c in _contents(page)}
    for obj in doc.objects:
        if not isinstance(obj, pikepdf.Stream) or "/DecodeParms" in obj:
            continue
        if obj.objgen not in contents and obj.get("/Subtype") != pikepdf.Name.Form:
            continue
        filters = obj.get("/Filter")
        if filters not in _FLATE and filters not in _ASCII85_FLATE:
            continue
        raw = obj.read_raw_bytes()
        if filters in _FLATE and not raw.endswith(b"\r"):
            continue
        data = obj.read_bytes()
        raw = zlib.compress(data)
        while raw.endswith(b"\r"):
            data += b"\n"
            raw = zlib.compress(data)
        obj.write(raw, filter=pikepdf.Name.FlateDecode)


def _contents(page: pikepdf.Page) -> list[pikepdf.Object]:
    found = page.obj.get("/Contents")
    if found is None:
        return []
    return list(found) if isinstance(found, pikepdf.Array) else [found]


_FLATE = (pikepdf.Name.FlateDecode, pikepdf.Array([pikepdf.Name.FlateDecode]))
_ASCII85_FLATE = (pikepdf.Array([pikepdf.Name.ASCII85Decode, pikepdf.Name.FlateDecode]),)


def _hex_encode_streams_ending_in_cr(doc: pikepdf.Pdf) -> None:
    for obj in doc.objects:
        if not isinstance(obj, pikepdf.Stream) or "/Filter" not in obj:
            continue
        raw = obj.read_raw_bytes()
        if not raw.endswith(b"\r"):
            continue
        filters = list(obj.Filter) if isinstance(obj.Filter, pikepdf.Array) else [obj.Filter]
        given = obj.get("/DecodeParms")
        parms: list[Any] = list(given) if isinstance(given, pikepdf.Array) else [given] * len(
            filters)
        obj.write(raw.hex().encode("ascii") + b">",
                  filter=pikepdf.Array([pikepdf.Name.ASCIIHexDecode, *filters]),
                  decode_parms=pikepdf.Array([None, *parms]) if any(parms) else None)


@functools.cache
def _srgb_profile() -> bytes:
    """The sRGB ICC profile pikepdf ships for PDF/A output intents (read, not imported),
    compressed: read and compressed once per process, not once per handout."""
    return zlib.compress((Path(pikepdf.__file__).parent / "pdfa" / "data" / "sRGB.icc")
                         .read_bytes())


def _add_output_intent(doc: pikepdf.Pdf) -> None:
    """Declare the sRGB output intent every PDF/A file needs (our colours are all RGB)."""
    profile = doc.make_stream(_srgb_profile())
    profile.Filter = pikepdf.Name.FlateDecode
    profile.N = 3
    doc.Root.OutputIntents = pikepdf.Array([pikepdf.Dictionary(
        Type=pikepdf.Name.OutputIntent, S=pikepdf.Name.GTS_PDFA1,
        OutputConditionIdentifier=pikepdf.String("sRGB"), Info=pikepdf.String("sRGB"),
        DestOutputProfile=profile,
    )])


def _flag_annotations_printable(doc: pikepdf.Pdf) -> None:
    """PDF/A requires the Print flag on every annotation (ReportLab's links lack it)."""
    for page in doc.pages:
        for annotation in page.obj.get(pikepdf.Name.Annots, []):
            flags = int(annotation.get(pikepdf.Name.F, 0))
            annotation.F = (flags | 4) & ~(1 | 2 | 32)  # print; not invisible, hidden, noview


def _write_xmp(doc: pikepdf.Pdf, language: str | None) -> None:
    """XMP metadata agreeing with the document info, declaring PDF/A-2b, dates pinned."""
    keywords = doc.docinfo.get(pikepdf.Name.Keywords)
    with doc.open_metadata(set_pikepdf_as_editor=False, update_docinfo=False) as meta:
        with warnings.catch_warnings():  # /Trapped has no XMP equivalent; nothing is lost
            warnings.filterwarnings("ignore", message=".*has no XMP equivalent")
            meta.load_from_docinfo(doc.docinfo)
        if language:
            meta["dc:language"] = [language]
        if keywords is not None:
            words = [word.strip() for word in str(keywords).split(",") if word.strip()]
            if words:
                meta["dc:subject"] = words
        meta["pdfaid:part"] = "2"
        meta["pdfaid:conformance"] = "B"
        created = meta.get("xmp:CreateDate")
        if created:
            meta["xmp:MetadataDate"] = created


def check_pdfa(pdf: bytes) -> tuple[bool, list[str]]:
    """Validate ``pdf`` as PDF/A-2b: ``(passed, one line per finding)``."""
    import pikepdf.pdfa as pdfa  # the validator is heavy to import: only when checking

    report = pdfa.validate_written(io.BytesIO(pdf), FLAVOUR)
    return report.passed, [str(finding) for finding in report.findings]


def _drop_empty_transitions(doc: pikepdf.Pdf) -> None:
    """Delete the empty ``/Trans`` dictionaries, which the PDF/A checker rejects as unknown."""
    for page in doc.pages:
        trans = page.obj.get(pikepdf.Name.Trans)
        if isinstance(trans, pikepdf.Dictionary) and len(trans) == 0:
            del page.obj[pikepdf.Name.Trans]


def _document_language(doc: pikepdf.Pdf, lang: str | None) -> str | None:
    """The document's language tag: ``lang`` (also written to the catalog) or its /Lang."""
    if lang:
        doc.Root.Lang = pikepdf.String(lang)
        return lang
    existing = doc.Root.get(pikepdf.Name.Lang)
    return str(existing) if existing is not None and str(existing) else None
